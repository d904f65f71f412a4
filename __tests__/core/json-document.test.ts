import { execFileSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Fn, TerraformOutput, TerraformStack, Testing, Token } from "cdktf";
import { jsonDocument } from "../../src/core/json-document";
import { terraformLiteral } from "../../src/core/literal";
import { decodeJson } from "../support/json-document";
import { startingWith } from "../support/synth";
import { describeWithTerraform, TERRAFORM_BIN } from "../support/terraform";

/** What a user may put in an environment value: quote, backslash, `${`, `%{`, an escaped `$${`, newline, tab. */
const TRICKY = 'say "hi" C:\\dir ${NOT_A_REF} %{if x} $${kept} line1\nline2\tend';

const docStack = () => {
  const stack = new TerraformStack(Testing.app(), "doc");
  const value = {
    Tricky: terraformLiteral(TRICKY),
    Ref: Fn.lower("ABC"),
    Mixed: `arn:${Fn.lower("AWS")}:s3:::"quoted"/*`,
    Numbers: [1, -2.5],
    Flags: { on: true, off: false, none: null },
    'k"ey\\': "",
    Skipped: undefined,
  };
  new TerraformOutput(stack, "doc", { value: jsonDocument(value) });
  return stack;
};

/** The document as Terraform evaluates it: `terraform apply` of the outputs-only stack, then `output -raw`. */
function evaluate(file: string, text: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), "json-document-"));
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  try {
    writeFileSync(join(dir, file), text);
    for (const args of [
      ["init", "-input=false", "-no-color"],
      ["apply", "-auto-approve", "-input=false", "-no-color"],
    ]) {
      execFileSync(TERRAFORM_BIN, args, { cwd: dir, env, stdio: "pipe" });
    }
    return JSON.parse(execFileSync(TERRAFORM_BIN, ["output", "-raw", "doc"], { cwd: dir, env, encoding: "utf8" }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("jsonDocument", () => {
  it("synthesizes a jsonencode expression whose strings read back as the Terraform text given", () => {
    // GIVEN / WHEN a document with a tricky literal, references and every JSON type
    const out = JSON.parse(Testing.synth(docStack())).output.doc.value as string;
    // THEN it is one jsonencode expression, and reads back as written (undefined left out)
    expect(out).toEqual(startingWith("${jsonencode({"));
    expect(decodeJson(out)).toEqual({
      Tricky: terraformLiteral(TRICKY),
      Ref: '${lower("ABC")}',
      Mixed: 'arn:${lower("AWS")}:s3:::"quoted"/*',
      Numbers: [1, -2.5],
      Flags: { on: true, off: false, none: null },
      'k"ey\\': "",
    });
  });

  it("writes a string that is only a token as that expression, so it keeps the referenced type", () => {
    // GIVEN a number token, a tostring of it and a literal WHEN written as a document
    // Documented trap: ECS wants environment values as strings, so callers pass String(n) or Fn.tostring.
    const stack = new TerraformStack(Testing.app(), "types");
    new TerraformOutput(stack, "doc", {
      value: jsonDocument({ asNumber: Token.asString(5432), asString: Fn.tostring(Token.asString(5432)), literal: String(5432) }),
    });
    // THEN the token stays a number and the others strings
    expect(decodeJson(JSON.parse(Testing.synth(stack)).output.doc.value)).toEqual({ asNumber: 5432, asString: "${tostring(5432)}", literal: "5432" });
  });

  it("escapes keys like values", () => {
    // GIVEN a key with a quote and a backslash WHEN written as a document
    const stack = new TerraformStack(Testing.app(), "keys");
    new TerraformOutput(stack, "doc", { value: jsonDocument({ 'a"b\\c': ["x"] }) });
    // THEN it reads back unchanged
    expect(decodeJson(JSON.parse(Testing.synth(stack)).output.doc.value)).toEqual({ 'a"b\\c': ["x"] });
  });

  it("renders exactly what cdktf's own jsonencode renders, in JSON and in HCL, without warnings", () => {
    // GIVEN a value that needs no escaping (so preparing it changes nothing), deep, with
    // every kind of part: tokens alone and inside text, a number token, a list token, nested lists and maps
    const value = () => ({
      Version: "2012-10-17",
      Ref: Fn.lower("ABC"),
      Mixed: `arn:${Fn.lower("AWS")}:s3:::bucket/*`,
      Port: Token.asNumber(Fn.parseint("5432", 10)),
      List: Token.asList(Fn.split(",", "a,b")),
      Deep: [{ a: [{ b: [{ c: [1, 2.5, true, false, "x"], n: null }] }] }, []],
      Empty: {},
    });
    const stackWith = (render: (v: unknown) => string) => {
      const stack = new TerraformStack(Testing.app(), "same");
      new TerraformOutput(stack, "doc", { value: render(value()) });
      return stack;
    };
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      // WHEN synthesized through jsonDocument and through Fn.jsonencode directly
      // THEN the same text, both ways, and cdktf says nothing
      expect(Testing.synth(stackWith(jsonDocument))).toBe(Testing.synth(stackWith((v) => Fn.jsonencode(v))));
      expect(Testing.synthHcl(stackWith(jsonDocument))).toBe(Testing.synthHcl(stackWith((v) => Fn.jsonencode(v))));
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("refuses what it cannot write faithfully, naming where", () => {
    // GIVEN values it cannot write faithfully, WHEN written, THEN it throws, naming where
    // A hand-written ${…} is a reference in a JSON string but a literal in jsonencode.
    expect(() => jsonDocument({ Statement: [{ Resource: ["${aws_s3_bucket.b.arn}"] }] })).toThrow(
      /jsonDocument: \$\.Statement\[0\]\.Resource\[0\] holds a hand-written "\$\{"/,
    );
    expect(() => jsonDocument({ "${k}": 1 })).toThrow(/has a key with "\$\{" or "%\{"/);
    expect(() => jsonDocument({ n: Number.NaN })).toThrow(/\$\.n must be a finite number, got NaN/);
    expect(() => jsonDocument({ f: () => 1 })).toThrow(/\$\.f is a function/);
    // cdktf would render a null list item as nothing: refused rather than written broken.
    expect(() => jsonDocument({ l: ["a", null] })).toThrow(/\$\.l\[1\] is null: lists cannot hold null here/);
    // Escaped literals and tokens are fine.
    expect(() => jsonDocument({ ok: ["$${x}", Fn.lower("X")] })).not.toThrow();
  });
});

describeWithTerraform("jsonDocument (terraform apply)", () => {
  it("evaluates to exactly the given text, from cdk.tf.json and from cdk.tf alike", () => {
    // GIVEN the document synthesized both ways
    const expected = {
      Tricky: TRICKY,
      Ref: "abc",
      Mixed: 'arn:aws:s3:::"quoted"/*',
      Numbers: [1, -2.5],
      Flags: { on: true, off: false, none: null },
      'k"ey\\': "",
    };
    // WHEN Terraform evaluates each
    const fromJson = evaluate("main.tf.json", Testing.synth(docStack()));
    const fromHcl = evaluate("main.tf", Testing.synthHcl(docStack()));
    // THEN both are the document, every character intact
    expect(fromJson).toEqual(expected);
    expect(fromHcl).toEqual(expected);
  });
});

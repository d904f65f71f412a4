import { Fn, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { decodeJsonencode, isJsonencode } from "../../src/checks/jsonencode";
import { parseJsonString } from "../../src/checks/tf";

describe("decodeJsonencode", () => {
  const decode = (arg: string) => decodeJsonencode(`\${jsonencode(${arg})}`);

  it("reads objects and tuples as cdktf writes them, with JSON scalars", () => {
    // GIVEN jsonencode of an object with scalars / WHEN decoded / THEN the same document, scalars typed
    expect(decode('{"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "N" = 5, "F" = -1.5e3, "T" = true, "Off" = false, "Nil" = null}]}')).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", N: 5, F: -1500, T: true, Off: false, Nil: null }],
    });
    expect(decode("[]")).toEqual([]);
    expect(decode("{}")).toEqual({});
  });

  it("turns bare expressions into ${…} strings, commas and quotes inside calls included", () => {
    // GIVEN bare expressions / WHEN decoded / THEN each is a ${…} string, whole
    expect(decode('{"Resource" = [aws_iam_role.r.arn, element(split(":", aws_kms_key.k.arn), 4), "x"]}')).toEqual({
      Resource: ["${aws_iam_role.r.arn}", '${element(split(":", aws_kms_key.k.arn), 4)}', "x"],
    });
    // A number-like prefix is not a number when more expression follows.
    expect(decode("[1 + var.n, data.aws_partition.p.partition]")).toEqual(["${1 + var.n}", "${data.aws_partition.p.partition}"]);
  });

  it("keeps interpolations in strings verbatim, nested quotes, braces and '}' in strings included", () => {
    // GIVEN strings with interpolations / WHEN decoded / THEN they are kept verbatim
    expect(decode('["arn:aws:iam::${element(split(":", aws_kms_key.k.arn), 4)}:root", "${lookup(m, "}", "{")}-x", "${ {a = 1}["a"] }"]')).toEqual([
      'arn:aws:iam::${element(split(":", aws_kms_key.k.arn), 4)}:root',
      '${lookup(m, "}", "{")}-x',
      '${ {a = 1}["a"] }',
    ]);
  });

  it("decodes HCL string escapes and keeps template escapes as Terraform JSON text", () => {
    // GIVEN HCL escapes / WHEN decoded / THEN string escapes are decoded, template escapes kept
    // The HCL source, backslashes as written: ["a\"b", "c\\d", "l1\nl2\r\t", "\u00e9\U0001F600", …]
    const hcl = '["a\\"b", "c\\\\d", "l1\\nl2\\r\\t", "\\u00e9\\U0001F600", "$${env:X} %%{if} $$${y} 100$ 5%"]';
    expect(decode(hcl)).toEqual(['a"b', "c\\d", "l1\nl2\r\t", "é😀", "$${env:X} %%{if} $$${y} 100$ 5%"]);
  });

  it("accepts HCL object syntax: bare keys, ':' and newline separators, trailing commas", () => {
    // GIVEN HCL object syntax / WHEN decoded / THEN the same object as JSON syntax
    expect(decode('{\n  a = 1\n  "b": [1, 2,]\n  c-d = x.y\n  e = "s",\n}')).toEqual({ a: 1, b: [1, 2], "c-d": "${x.y}", e: "s" });
  });

  it("makes __proto__ an own key, as JSON.parse does", () => {
    // GIVEN a __proto__ key / WHEN decoded / THEN it is an own key, no prototype is touched
    const v = decode('{"__proto__" = {"polluted" = true}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("is undefined for what cannot be read without Terraform, or is not jsonencode at all", () => {
    // GIVEN expressions that need Terraform, or are not jsonencode (table) / WHEN decoded / THEN undefined
    for (const arg of [
      "local.x",
      "[for x in var.l : x]",
      "{for k, v in var.m : k => v}",
      '{"a" = "open',
      '{"a" = 1} + 1',
      "{a b}",
      '["\\q"]',
      '["\\u12"]',
      "<<EOT\nx\nEOT",
    ]) {
      expect([arg, decode(arg)]).toEqual([arg, undefined]);
    }
    expect(decodeJsonencode('${jsonencode({"a" = 1})} ${x}')).toBeUndefined();
    expect(decodeJsonencode('{"a": 1}')).toBeUndefined();
    expect(isJsonencode("${jsonencode(local.x)}")).toBe(true);
    expect(isJsonencode("${local.x}")).toBe(false);
  });

  it("reads back what cdktf synthesizes for Fn.jsonencode, and equals the JSON-string form of the same document", () => {
    // GIVEN one document with references (and no characters that need escaping), as jsonencode and as JSON.stringify
    const stack = new TerraformStack(Testing.app(), "s");
    const doc = {
      Statement: [{ Effect: "Allow", Resource: [`arn:${Fn.lower("AWS")}:s3:::b/*`, Fn.element(Fn.split(":", "a:b"), 1)], Sid: "One", Count: 2, On: true }],
      Note: "plain text",
    };
    new TerraformOutput(stack, "encoded", { value: Fn.jsonencode(doc) });
    new TerraformOutput(stack, "stringified", { value: JSON.stringify(doc) });
    const out = JSON.parse(Testing.synth(stack)).output;
    // THEN both decode to the same value (strings as Terraform JSON text)
    expect(isJsonencode(out.encoded.value)).toBe(true);
    expect(parseJsonString(out.encoded.value)).toEqual(parseJsonString(out.stringified.value));
  });
});

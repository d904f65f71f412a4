import { TerraformStack, Testing } from "cdktf";
import { hclExpression, TerraformCheck } from "../../src/stacks/terraform-check";
import { terraformJsonFromHcl } from "../support/hcl";
import { synthJson, testStack } from "../support/test-stack";
import { stackWithCheck } from "./plan-cases";

describe("TerraformCheck", () => {
  it("synthesizes a check block in JSON, its conditions referencing the local", () => {
    // GIVEN / WHEN a stack with a check on a local
    // THEN the JSON holds the check block, its conditions referencing the local
    const json = synthJson(stackWithCheck());
    expect(json.check).toEqual({
      names_empty: {
        assert: [
          { condition: "${length(local.names) == 0}", error_message: 'Still set: ${join(", ", local.names)}.' },
          { condition: "${length(local.names) < 5}", error_message: "Too many." },
        ],
      },
    });
    expect(json.locals).toEqual({ names: ["a", "b"] });
  });

  it("is named by its logical id", () => {
    // GIVEN / WHEN a check in a construct / THEN its block is named by its logical id
    const stack = testStack();
    const check = new TerraformCheck(stack, "some-construct", { assertions: [{ condition: "${true}", errorMessage: "never" }] });
    check.overrideLogicalId("renamed");
    expect(Object.keys(synthJson(stack).check)).toEqual(["renamed"]);
  });

  it("renders the check block in HCL, which the stack renderer alone drops", () => {
    // GIVEN a stack with a check / WHEN synthesized as HCL / THEN the check block is there
    const hcl = Testing.synthHcl(stackWithCheck());
    expect(hcl).toContain(
      [
        'check "names_empty" {',
        "  assert {",
        "    condition     = length(local.names) == 0",
        '    error_message = "Still set: ${join(", ", local.names)}."',
        "  }",
        "  assert {",
        "    condition     = length(local.names) < 5",
        '    error_message = "Too many."',
        "  }",
        "}",
      ].join("\n"),
    );
    expect(hcl.match(/^check /gm)).toHaveLength(1);
    expect(hcl).toMatch(/locals \{\s+names = \[/);
  });

  it("renders every check of a stack once, and none of another stack", () => {
    // GIVEN two stacks with a check each / WHEN each is rendered / THEN each holds its own check, once
    const app = Testing.app();
    const a = new TerraformStack(app, "a");
    const b = new TerraformStack(app, "b");
    for (const name of ["one", "two"]) new TerraformCheck(a, name, { assertions: [{ condition: "${true}", errorMessage: name }] });
    new TerraformCheck(b, "three", { assertions: [{ condition: "${true}", errorMessage: "three" }] });
    expect(Testing.synthHcl(a).match(/^check "\w+"/gm)).toEqual(['check "one"', 'check "two"']);
    expect(Testing.synthHcl(b).match(/^check "\w+"/gm)).toEqual(['check "three"']);
  });

  it("means in HCL what it means in JSON, whatever the message holds", async () => {
    // GIVEN a message with quotes, escapes and braces / WHEN rendered to HCL and parsed back / THEN it equals the JSON
    // Quotes, a backslash, a newline, an escaped ${, and a nested string with a brace.
    const message = 'Say "hi" \\ now\nand $${not_interpolated} ${join("}", local.names)} %{if true}x%{endif}';
    const stack = stackWithCheck(message);
    const fromHcl = await terraformJsonFromHcl(Testing.synthHcl(stack));
    expect(fromHcl.check).toEqual({ names_empty: [{ assert: synthJson(stack).check.names_empty.assert }] });
  });

  it("needs an assertion", () => {
    // GIVEN no assertion / WHEN building / THEN the error says one is needed
    expect(() => new TerraformCheck(testStack(), "empty", { assertions: [] })).toThrow(/at least one assertion/);
  });
});

describe("hclExpression", () => {
  it.each([
    ["${length(local.x) == 0}", "length(local.x) == 0"],
    ["plain", '"plain"'],
    ['a "quoted" word', '"a \\"quoted\\" word"'],
    ["${a}${b}", '"${a}${b}"'],
    ['x ${join(", ", local.y)} z', '"x ${join(", ", local.y)} z"'],
    ["line\nbreak", '"line\\nbreak"'],
    ["$${literal}", '"$${literal}"'],
    ['${"}"}', '"}"'],
  ])("%j → %s", (template, hcl) => {
    // GIVEN a cdktf template / WHEN translated / THEN the HCL expression means the same
    expect(hclExpression(template)).toBe(hcl);
  });

  it("rejects an unterminated interpolation", () => {
    // GIVEN an unterminated ${ / WHEN translated / THEN the error says so
    expect(() => hclExpression("${oops")).toThrow(/unterminated/);
  });
});

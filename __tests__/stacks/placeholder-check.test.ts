import { Testing } from "cdktf";
import { Placeholder } from "../../src/config/defaults";
import { addPlaceholderCheck } from "../../src/stacks/placeholder-check";
import { terraformJsonFromHcl } from "../support/hcl";
import { synthJson, testStack } from "../support/test-stack";

const PLACEHOLDERS: Placeholder[] = [
  { path: "state.bucket", value: "platform-terraform-state-example", affects: "all" },
  { path: "domain.name", value: "example.com", affects: "environments" },
];

/** The check block as cdk.tf.json has it (unchanged since it was a stack override). */
const CHECK = {
  config_placeholders: {
    assert: [
      {
        condition: "${length(local.config_placeholders) == 0}",
        error_message:
          'This stack was synthesized from placeholder config values: ${join(", ", local.config_placeholders)}. ' +
          "Set them in infra.config.json (or the file INFRA_CONFIG names) and synthesize again before applying.",
      },
    ],
  },
};

describe("addPlaceholderCheck", () => {
  it("adds a check on a local naming the placeholder keys (JSON)", () => {
    // GIVEN a stack / WHEN placeholders are reported / THEN a check on a local names them, in JSON
    const stack = testStack();
    addPlaceholderCheck(stack, PLACEHOLDERS);
    const json = synthJson(stack);
    expect(json.check).toEqual(CHECK);
    expect(json.locals).toEqual({
      config_placeholders: ['state.bucket = "platform-terraform-state-example"', 'domain.name = "example.com"'],
    });
  });

  it("adds the same check to the HCL output (cdktf synth --hcl)", async () => {
    // GIVEN a stack / WHEN placeholders are reported / THEN the HCL holds the same check
    const stack = testStack();
    addPlaceholderCheck(stack, PLACEHOLDERS);
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toContain('check "config_placeholders" {\n  assert {\n    condition     = length(local.config_placeholders) == 0\n');
    const fromHcl = await terraformJsonFromHcl(hcl);
    expect(fromHcl.check).toEqual({ config_placeholders: [CHECK.config_placeholders] });
  });

  it("adds nothing without placeholders", () => {
    // GIVEN a stack / WHEN no placeholder is reported / THEN neither local nor check is added
    const stack = testStack();
    addPlaceholderCheck(stack, []);
    const json = synthJson(stack);
    expect(json.check).toBeUndefined();
    expect(json.locals).toBeUndefined();
    expect(Testing.synthHcl(stack)).not.toMatch(/^check /m);
  });
});

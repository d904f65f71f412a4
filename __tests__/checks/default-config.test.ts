import { checkStacks } from "../../src/checks/engine";
import { ALL_RULES } from "../../src/checks/rules";
import { synthApp, testConfig } from "../support/synth";

describe("all rules on the default config", () => {
  // GIVEN every stack of the app, synthesized from the embedded defaults
  const config = testConfig();
  const { stacks } = synthApp(config);

  it("synthesizes bootstrap and the three environments", () => {
    expect(Object.keys(stacks).sort()).toEqual(["bootstrap", "dev", "prod", "staging"]);
  });

  it("finds no unsuppressed error in any stack", () => {
    // WHEN every rule runs, with the config's suppressions
    const result = checkStacks(stacks, { suppressions: config.checks.suppress });
    // THEN nothing fails (the list shows what would, if anything does)
    const errors = result.findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.stack} ${f.rule} ${f.address}: ${f.message}`);
    expect(errors).toEqual([]);
    expect(result.failed).toBe(false);
    expect(result.rules).toHaveLength(ALL_RULES.length);
  });
});

import { checkStacks } from "../../src/checks/engine";
import { synthApp, testConfig } from "../support/synth";

/** `environment-account-pinned` (warning) and `prod-account-pinned` (error), issue 14. */
describe("account rules", () => {
  const findings = (overrides: unknown) => {
    const config = testConfig(overrides);
    const profiles = Object.fromEntries(Object.entries(config.environments).map(([name, env]) => [name, env.profile]));
    return checkStacks(synthApp(config).stacks, { profiles }).findings.filter((f) => f.rule.endsWith("account-pinned"));
  };

  it("errors on a prod environment without an account and warns on the others, never on bootstrap", () => {
    // GIVEN the defaults (no account anywhere) / WHEN checked
    const found = findings({});
    // THEN prod is an error, dev and staging warnings, all at the provider
    expect(found.map((f) => [f.stack, f.rule, f.severity, f.address])).toEqual([
      ["dev", "environment-account-pinned", "warning", "provider.aws"],
      ["prod", "prod-account-pinned", "error", "provider.aws"],
      ["staging", "environment-account-pinned", "warning", "provider.aws"],
    ]);
    expect(found[1].message).toMatch(/set environments\.prod\.account/);
  });

  it("finds nothing where every environment names its account", () => {
    // GIVEN an account per environment / WHEN checked / THEN no finding
    const accounts = { dev: { account: "111111111111" }, staging: { account: "222222222222" }, prod: { account: "333333333333" } };
    expect(findings({ environments: accounts, state: { bucket: "acme-terraform-state", roleArn: "arn:aws:iam::444444444444:role/terraform-state" } })).toEqual(
      [],
    );
  });

  it("holds an environment of another name to its profile's severity", () => {
    // GIVEN live on the prod profile and qa on staging's, neither with an account
    const found = findings({
      environments: { live: { profile: "prod", vpcCidr: "10.40.0.0/16" }, qa: { profile: "staging", vpcCidr: "10.50.0.0/16" } },
    });
    // THEN live is an error, qa a warning
    expect(found.filter((f) => ["live", "qa"].includes(f.stack)).map((f) => [f.stack, f.severity])).toEqual([
      ["live", "error"],
      ["qa", "warning"],
    ]);
  });
});

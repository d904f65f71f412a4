import { checkStacks } from "../../src/checks/engine";
import { ALL_RULES } from "../../src/checks/rules";
import { synthApp, testConfig } from "../support/synth";

describe("all rules on the default config", () => {
  // GIVEN every stack of the app, synthesized from the embedded defaults, and every rule run over them
  const config = testConfig();
  const { stacks } = synthApp(config);
  const result = checkStacks(stacks, { suppressions: config.checks.suppress });
  const errors = (rule?: string) =>
    result.findings
      .filter((f) => f.severity === "error" && !f.suppressed && (rule === undefined || f.rule === rule))
      .map((f) => `${f.stack} ${f.rule} ${f.address}: ${f.message}`);

  it("synthesizes bootstrap and the three environments", () => {
    // GIVEN / WHEN the default config is synthesized (once, above) / THEN bootstrap and the three environments exist
    expect(Object.keys(stacks).sort()).toEqual(["bootstrap", "dev", "prod", "staging"]);
  });

  const ISSUE_9_RULES = [
    "vpc-endpoint-policy",
    "state-backend-kms",
    "state-bucket-access-logging",
    "kms-key-policy",
    "secretsmanager-cmk",
    "ecs-no-rotating-db-password",
  ];

  const ISSUE_11_RULES = [
    "task-role-no-broad-permissions",
    "scheduler-role-scoped",
    "efs-encrypted",
    "efs-volume-transit-encryption",
    "efs-mount-target-restricted",
    "container-secret-granted",
    "worker-admits-nothing",
  ];

  // The default config is the HTTP flavor with Cloud Map and rolling services: these rules
  // find nothing to check there, and must not misread the HTTP resources either.
  const ISSUE_12_RULES = [
    "apigw-rest-access-logs",
    "apigw-rest-execution-logging",
    "apigw-rest-default-throttling",
    "apigw-rest-api-key-required",
    "apigw-rest-tls",
    "apigw-rest-execute-api-disabled",
    "nlb-internal",
    "codedeploy-auto-rollback",
  ];

  it("runs every rule, the issue 9, 11 and 12 rules among them", () => {
    // GIVEN / WHEN the checks run on it / THEN every rule ran, the issue 9, 11 and 12 rules included
    expect(result.rules).toHaveLength(ALL_RULES.length);
    expect(result.rules.map((r) => r.id)).toEqual(expect.arrayContaining([...ISSUE_9_RULES, ...ISSUE_11_RULES, ...ISSUE_12_RULES]));
  });

  // One test per issue 9, 11 and 12 rule, so a regression names the rule.
  it.each([...ISSUE_9_RULES, ...ISSUE_11_RULES, ...ISSUE_12_RULES])("%s finds no error", (rule) => {
    // GIVEN / WHEN the checks run on the default config (table: issue 9, 11 and 12 rules) / THEN the rule finds no error
    expect(errors(rule)).toEqual([]);
  });

  it("finds no unsuppressed error in any stack but prod's missing account", () => {
    // GIVEN / WHEN the checks run on the default config (which can name no real account)
    // THEN the one error is prod-account-pinned (the list shows what else fails, if anything)
    expect(errors()).toEqual([expect.stringMatching(/^prod prod-account-pinned provider\.aws: /)]);
    expect(result.failed).toBe(true);
  });
});

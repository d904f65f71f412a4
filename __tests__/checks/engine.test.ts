import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { checkStacks, readSynthOutput, SynthOutputError } from "../../src/checks/engine";
import { reportJson, reportText } from "../../src/checks/report";
import { Rule } from "../../src/checks/types";
import { compliantStack, nonOwnerStack, publicDb, res } from "./fixtures";

describe("checkStacks (engine)", () => {
  it("fails on an unsuppressed error and names rule, refs, stack, address", () => {
    // GIVEN a public database / WHEN checked / THEN the result fails, with the finding's rule, refs, stack and address
    const result = checkStacks({ prod: publicDb() });
    expect(result.failed).toBe(true);
    expect(result.findings).toEqual([
      {
        rule: "rds-not-public",
        refs: ["CKV_AWS_17", "RDS.2"],
        stack: "prod",
        address: "aws_db_instance.db",
        severity: "error",
        message: expect.stringMatching(/publicly_accessible is true/),
      },
    ]);
  });

  it("marks a suppressed finding with its reason and does not fail", () => {
    // GIVEN a suppression of that finding / WHEN checked / THEN it is marked with the reason and nothing fails
    const suppressions = [{ rule: "rds-not-public", address: "aws_db_instance.db", reason: "temporary migration window, ticket OPS-1" }];
    const result = checkStacks({ prod: publicDb() }, { suppressions });
    expect(result.failed).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: "rds-not-public", suppressed: true, reason: "temporary migration window, ticket OPS-1" }),
    ]);
    expect(result.unusedSuppressions).toEqual([]);
  });

  it("scopes a suppression to one stack with <stack>/<address>", () => {
    // GIVEN a suppression for staging only / WHEN both stacks are checked / THEN only staging's finding is suppressed
    const suppressions = [{ rule: "rds-not-public", address: "staging/aws_db_instance.db", reason: "staging only" }];
    const result = checkStacks({ prod: publicDb(), staging: publicDb(false) }, { suppressions });
    expect(result.findings.map((f) => [f.stack, f.suppressed ?? false])).toEqual([
      ["prod", false],
      ["staging", true],
    ]);
    expect(result.failed).toBe(true);
  });

  it("reports suppressions that match nothing", () => {
    // GIVEN a suppression of a resource that is gone / WHEN checked / THEN it is reported unused
    const stale = { rule: "rds-multi-az", address: "aws_db_instance.gone", reason: "old" };
    expect(checkStacks({ prod: compliantStack() }, { suppressions: [stale] }).unusedSuppressions).toEqual([stale]);
  });

  it("accepts the control id a finding shows (CKV_AWS_17) as the suppression's rule", () => {
    // GIVEN a suppression by checkov id / WHEN checked / THEN the finding is suppressed
    const suppressions = [{ rule: "CKV_AWS_17", address: "aws_db_instance.db", reason: "the checkov id from the finding" }];
    const result = checkStacks({ prod: publicDb() }, { suppressions });
    expect(result.findings).toEqual([expect.objectContaining({ rule: "rds-not-public", suppressed: true })]);
    expect(result.failed).toBe(false);
  });

  it("suppresses every rule of a control that the platform splits (CKV_AWS_133: ≥ 1 day, ≥ 7 in prod)", () => {
    // GIVEN a short log retention in prod and a suppression of CKV_AWS_133 / WHEN checked / THEN both rules of the control are suppressed
    const json = compliantStack();
    res(json, "aws_db_instance", "db").backup_retention_period = 0;
    const result = checkStacks(
      { prod: json },
      { suppressions: [{ rule: "CKV_AWS_133", address: "prod/aws_db_instance.db", reason: "restored from a snapshot, OPS-7" }] },
    );
    expect(result.findings.map((f) => [f.rule, f.suppressed])).toEqual([
      ["rds-backup-retention", true],
      ["rds-backup-retention-prod", true],
    ]);
    expect(result.failed).toBe(false);
  });

  it("fails on a suppression whose rule names nothing, or a guide section several rules cite, and says why", () => {
    // GIVEN an unknown id, or a guide section several rules cite / WHEN checked / THEN it fails, saying why
    const unknown = { rule: "CKV_AWS_999", address: "aws_db_instance.db", reason: "typo" };
    const ambiguous = { rule: "guide:Troubleshooting 2", address: "prod/*", reason: "too broad" };
    const result = checkStacks({ prod: compliantStack() }, { suppressions: [unknown, ambiguous] });
    expect(result.failed).toBe(true);
    expect(result.invalidSuppressions).toEqual([
      { suppression: unknown, problem: expect.stringMatching(/names no rule id or control id/) },
      { suppression: ambiguous, problem: expect.stringMatching(/cited by 3 rules \(discovery-srv-registration, sg-chain, sg-nothing-else-open\)/) },
    ]);
    // Not reported a second time as merely unused.
    expect(result.unusedSuppressions).toEqual([]);
    const text = reportText(result, ["prod"]);
    expect(text).toMatch(/^error: suppression of "CKV_AWS_999" at aws_db_instance\.db: "CKV_AWS_999" names no rule id/m);
    expect(text).toMatch(/^FAILED: \d+ rules on 1 stacks — 0 errors, 0 warnings, 0 suppressed, 2 invalid suppressions$/m);
    expect(JSON.parse(reportJson(result)).invalidSuppressions).toEqual([
      { rule: "CKV_AWS_999", address: "aws_db_instance.db", problem: expect.any(String) },
      { rule: "guide:Troubleshooting 2", address: "prod/*", problem: expect.any(String) },
    ]);
  });

  it("matches a construct path or <stack>/<service> through the resource's // metadata, and prints the path", () => {
    // GIVEN two stacks whose database carries the construct path cdktf records
    const withPath = (stack: string) => {
      const json = publicDb(stack === "prod");
      res(json, "aws_db_instance", "db")["//"] = { metadata: { path: `${stack}/orders/database/instance`, uniqueId: "db" } };
      return json;
    };
    // WHEN one suppression names the service in staging only
    const result = checkStacks(
      { prod: withPath("prod"), staging: withPath("staging") },
      { suppressions: [{ rule: "RDS.2", address: "staging/orders", reason: "staging only" }] },
    );
    // THEN the finding carries the path, staging's is suppressed and prod's is not
    expect(result.findings.map((f) => [f.stack, f.path, f.suppressed ?? false])).toEqual([
      ["prod", "prod/orders/database/instance", false],
      ["staging", "staging/orders/database/instance", true],
    ]);
    expect(reportText(result, ["prod", "staging"])).toMatch(/ERROR\s+rds-not-public\s+aws_db_instance\.db \(prod\/orders\/database\/instance\)/);
    expect(JSON.parse(reportJson(result)).findings[0]).toMatchObject({ address: "aws_db_instance.db", path: "prod/orders/database/instance" });
  });

  it("counts every suppression that covers a finding as used, the first one's reason shown", () => {
    // GIVEN two suppressions covering one finding / WHEN checked / THEN both count as used, the first one's reason shown
    const broad = { rule: "rds-not-public", address: "*/*", reason: "broad" };
    const narrow = { rule: "RDS.2", address: "prod/aws_db_instance.db", reason: "narrow" };
    const result = checkStacks({ prod: publicDb() }, { suppressions: [broad, narrow] });
    expect(result.findings).toEqual([expect.objectContaining({ suppressed: true, reason: "broad" })]);
    expect(result.unusedSuppressions).toEqual([]);
  });

  it("does not fail on warnings", () => {
    // GIVEN a stack with a warning only / WHEN checked / THEN the result does not fail
    const json = compliantStack();
    res(json, "aws_apigatewayv2_route", "orders").authorization_type = "NONE";
    const result = checkStacks({ prod: json });
    expect(result.findings.map((f) => [f.rule, f.severity])).toEqual([["apigw-route-authorization", "warning"]]);
    expect(result.failed).toBe(false);
  });

  it("runs a rule only on the environments it applies to", () => {
    // GIVEN a prod-only rule's violation in dev / WHEN checked / THEN it is not reported
    const json = compliantStack();
    res(json, "aws_db_instance", "db").multi_az = false;
    expect(checkStacks({ dev: json }).findings).toEqual([]);
    expect(checkStacks({ staging: json }).findings.map((f) => f.rule)).toEqual(["rds-multi-az"]);
  });

  it("turns a crashing rule into an error finding instead of passing silently", () => {
    // GIVEN a rule that throws / WHEN checked / THEN an error finding names it
    const broken: Rule = {
      id: "broken",
      title: "a rule with a bug",
      refs: ["test"],
      severity: "error",
      environments: ["prod"],
      scope: "stack",
      check: () => {
        throw new Error("boom");
      },
    };
    const result = checkStacks({ prod: compliantStack() }, { rules: [broken] });
    expect(result.failed).toBe(true);
    expect(result.findings[0]).toMatchObject({ rule: "broken", message: expect.stringMatching(/failed to run: boom/) });
  });

  it("prints JSON with rules and findings, suppressed ones marked", () => {
    // GIVEN a suppressed finding / WHEN printed as JSON / THEN rules and findings appear, the suppressed one marked
    const result = checkStacks({ prod: publicDb() }, { suppressions: [{ rule: "rds-not-public", address: "aws_db_instance.db", reason: "why" }] });
    const doc = JSON.parse(reportJson(result));
    expect(doc.rules).toContainEqual({ id: "rds-not-public", refs: ["CKV_AWS_17", "RDS.2"], severity: "error" });
    expect(doc.findings).toEqual([
      {
        rule: "rds-not-public",
        refs: ["CKV_AWS_17", "RDS.2"],
        stack: "prod",
        address: "aws_db_instance.db",
        severity: "error",
        message: expect.any(String),
        suppressed: true,
        reason: "why",
      },
    ]);
  });

  it("prints a readable report with a summary line", () => {
    // GIVEN findings in two stacks / WHEN printed as text / THEN a table and a summary line
    const text = reportText(checkStacks({ prod: publicDb(), dev: nonOwnerStack() }), ["dev", "prod"]);
    expect(text).toMatch(/^dev: no findings$/m);
    expect(text).toMatch(/^prod: 1 finding$/m);
    expect(text).toMatch(/ERROR\s+rds-not-public\s+aws_db_instance\.db/);
    expect(text).toMatch(/^FAILED: \d+ rules on 2 stacks — 1 error, 0 warnings, 0 suppressed$/m);
  });
});

describe("readSynthOutput", () => {
  it("reads stacks/<name>/cdk.tf.json and rejects a folder that is not a synth output", () => {
    // GIVEN a synth output folder and a plain one / WHEN read / THEN the stacks are found, the plain folder is rejected
    const dir = mkdtempSync(join(tmpdir(), "checks-read-"));
    try {
      expect(() => readSynthOutput(dir)).toThrow(SynthOutputError);
      mkdirSync(join(dir, "stacks", "prod"), { recursive: true });
      expect(() => readSynthOutput(dir)).toThrow(/holds no stacks/);
      writeFileSync(join(dir, "stacks", "prod", "cdk.tf.json"), "{ nope");
      expect(() => readSynthOutput(dir)).toThrow(/not valid JSON/);
      writeFileSync(join(dir, "stacks", "prod", "cdk.tf.json"), JSON.stringify({ resource: {} }));
      expect(readSynthOutput(dir)).toEqual({ prod: { resource: {} } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

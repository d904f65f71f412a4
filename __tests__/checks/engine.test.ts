import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { checkStacks, readSynthOutput, SynthOutputError } from "../../src/checks/engine";
import { reportJson, reportText } from "../../src/checks/report";
import { Rule } from "../../src/checks/types";
import { compliantStack, nonOwnerStack, publicDb, res } from "./fixtures";

describe("checkStacks (engine)", () => {
  it("fails on an unsuppressed error and names rule, refs, stack, address", () => {
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
    const suppressions = [{ rule: "rds-not-public", address: "aws_db_instance.db", reason: "temporary migration window, ticket OPS-1" }];
    const result = checkStacks({ prod: publicDb() }, { suppressions });
    expect(result.failed).toBe(false);
    expect(result.findings).toEqual([expect.objectContaining({ rule: "rds-not-public", suppressed: true, reason: "temporary migration window, ticket OPS-1" })]);
    expect(result.unusedSuppressions).toEqual([]);
  });

  it("scopes a suppression to one stack with <stack>/<address>", () => {
    const suppressions = [{ rule: "rds-not-public", address: "staging/aws_db_instance.db", reason: "staging only" }];
    const result = checkStacks({ prod: publicDb(), staging: publicDb(false) }, { suppressions });
    expect(result.findings.map((f) => [f.stack, f.suppressed ?? false])).toEqual([
      ["prod", false],
      ["staging", true],
    ]);
    expect(result.failed).toBe(true);
  });

  it("reports suppressions that match nothing", () => {
    const stale = { rule: "rds-multi-az", address: "aws_db_instance.gone", reason: "old" };
    expect(checkStacks({ prod: compliantStack() }, { suppressions: [stale] }).unusedSuppressions).toEqual([stale]);
  });

  it("does not fail on warnings", () => {
    const json = compliantStack();
    res(json, "aws_apigatewayv2_route", "orders").authorization_type = "NONE";
    const result = checkStacks({ prod: json });
    expect(result.findings.map((f) => [f.rule, f.severity])).toEqual([["apigw-route-authorization", "warning"]]);
    expect(result.failed).toBe(false);
  });

  it("runs a rule only on the environments it applies to", () => {
    const json = compliantStack();
    res(json, "aws_db_instance", "db").multi_az = false;
    expect(checkStacks({ dev: json }).findings).toEqual([]);
    expect(checkStacks({ staging: json }).findings.map((f) => f.rule)).toEqual(["rds-multi-az"]);
  });

  it("turns a crashing rule into an error finding instead of passing silently", () => {
    const broken: Rule = {
      id: "broken", title: "a rule with a bug", refs: ["test"], severity: "error", environments: ["prod"], scope: "stack",
      check: () => {
        throw new Error("boom");
      },
    };
    const result = checkStacks({ prod: compliantStack() }, { rules: [broken] });
    expect(result.failed).toBe(true);
    expect(result.findings[0]).toMatchObject({ rule: "broken", message: expect.stringMatching(/failed to run: boom/) });
  });

  it("prints JSON with rules and findings, suppressed ones marked", () => {
    const result = checkStacks({ prod: publicDb() }, { suppressions: [{ rule: "rds-not-public", address: "aws_db_instance.db", reason: "why" }] });
    const doc = JSON.parse(reportJson(result));
    expect(doc.rules).toContainEqual({ id: "rds-not-public", refs: ["CKV_AWS_17", "RDS.2"], severity: "error" });
    expect(doc.findings).toEqual([
      { rule: "rds-not-public", refs: ["CKV_AWS_17", "RDS.2"], stack: "prod", address: "aws_db_instance.db", severity: "error", message: expect.any(String), suppressed: true, reason: "why" },
    ]);
  });

  it("prints a readable report with a summary line", () => {
    const text = reportText(checkStacks({ prod: publicDb(), dev: nonOwnerStack() }), ["dev", "prod"]);
    expect(text).toMatch(/^dev: no findings$/m);
    expect(text).toMatch(/^prod: 1 finding$/m);
    expect(text).toMatch(/ERROR\s+rds-not-public\s+aws_db_instance\.db/);
    expect(text).toMatch(/^FAILED: \d+ rules on 2 stacks — 1 error, 0 warnings, 0 suppressed$/m);
  });
});

describe("readSynthOutput", () => {
  it("reads stacks/<name>/cdk.tf.json and rejects a folder that is not a synth output", () => {
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

import { CliWorkspace } from "../support/cli-workspace";
import { synthApp, TfJson } from "../support/synth";
import { compliantStack, nonOwnerStack, publicDb } from "./fixtures";

describe("npm run check (CLI)", () => {
  let workspace: CliWorkspace;
  beforeAll(() => {
    workspace = new CliWorkspace("checks-cli", "src/checks/cli.ts");
  });
  afterAll(() => workspace.remove());
  const synthOut = (stacks: Record<string, TfJson>): string => workspace.synthOut(stacks);
  const check = (args: string[], config: unknown = {}) => workspace.run(args, config);

  it("exits 0 on a compliant output and prints a table", () => {
    // GIVEN a compliant synth output / WHEN checked / THEN exit 0 and a table
    const r = check(["--out", synthOut({ prod: compliantStack(), dev: nonOwnerStack() })]);
    // stderr says only which config the suppressions came from
    expect(r.stderr).toMatch(/^config: .*config-\d+\.json · environments: dev, staging, prod\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dev: no findings$/m);
    expect(r.stdout).toMatch(/^passed: \d+ rules on 2 stacks — 0 errors/m);
    // AND one size line per environment first, in the config's order
    expect(r.stdout).toMatch(
      /^dev: \d+ resources? \(.*\) · \d+ services? · \d+ routes? · \d+ alarms?\nprod: \d+ resources? \(.*\) · \d+ services? · \d+ routes? · \d+ alarms?\n/,
    );
  });

  it("exits 1 on an error finding and names rule and address", () => {
    // GIVEN a public database / WHEN checked / THEN exit 1, naming rule and address
    const r = check(["--out", synthOut({ prod: publicDb() })]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ERROR\s+rds-not-public\s+aws_db_instance\.db/);
    expect(r.stdout).toMatch(/^FAILED/m);
  });

  it("prints the --json shape: rules with id, refs, severity; findings with rule, refs, stack, address, severity, message", () => {
    // GIVEN a public database / WHEN checked with --json / THEN rules and findings have the documented fields
    const r = check(["--out", synthOut({ prod: publicDb() }), "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["rules", "findings", "summary"]);
    // AND each environment's size: the fixture's resources, services, routes and alarms
    const fixture = publicDb();
    const count = (type: string) => Object.keys(fixture.resource[type] ?? {}).length;
    const total = Object.values(fixture.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(doc.summary).toEqual([
      {
        stack: "prod",
        resources: total,
        domains: expect.any(Object),
        services: count("aws_ecs_service"),
        routes: count("aws_apigatewayv2_route") + count("aws_api_gateway_method"),
        alarms: count("aws_cloudwatch_metric_alarm"),
      },
    ]);
    expect(doc.rules.length).toBeGreaterThanOrEqual(45);
    for (const rule of doc.rules) expect(Object.keys(rule)).toEqual(["id", "refs", "severity"]);
    expect(doc.findings).toEqual([
      {
        rule: "rds-not-public",
        refs: ["CKV_AWS_17", "RDS.2"],
        stack: "prod",
        address: "aws_db_instance.db",
        severity: "error",
        message: expect.stringMatching(/publicly_accessible/),
      },
    ]);
  });

  it("marks suppressed findings (from checks.suppress) and exits 0", () => {
    // GIVEN a suppression of the finding in the config / WHEN checked / THEN it is marked suppressed and the exit is 0
    const config = { checks: { suppress: [{ rule: "rds-not-public", address: "aws_db_instance.db", reason: "migration window, OPS-42" }] } };
    const json = check(["--out", synthOut({ prod: publicDb() }), "--json"], config);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).findings).toEqual([
      expect.objectContaining({ rule: "rds-not-public", suppressed: true, reason: "migration window, OPS-42" }),
    ]);
    const text = check(["--out", synthOut({ prod: publicDb() })], config);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/SUPPRESSED\s+rds-not-public/);
    expect(text.stdout).toMatch(/suppressed: migration window, OPS-42/);
  });

  it("exits 1 and says why when a suppression names no rule or control id", () => {
    // GIVEN a suppression of an unknown id / WHEN checked / THEN exit 1, saying why
    const config = { checks: { suppress: [{ rule: "CKV_AWS_999", address: "prod/*", reason: "typo of CKV_AWS_99" }] } };
    const r = check(["--out", synthOut({ prod: compliantStack() })], config);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error: suppression of "CKV_AWS_999" at prod\/\*: "CKV_AWS_999" names no rule id or control id/m);
    expect(r.stdout).toMatch(/^FAILED: .* 1 invalid suppression$/m);
  });

  it("exits 1 with the field path when a suppression has no reason (a config error)", () => {
    // GIVEN a suppression without a reason / WHEN checked / THEN exit 1 with the config path
    const r = check(["--out", synthOut({ prod: compliantStack() })], {
      checks: { suppress: [{ rule: "rds-not-public", address: "aws_db_instance.db", reason: " " }] },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/checks\.suppress\[0\]\.reason/);
    expect(r.stdout).toBe("");
  });

  it.each([
    ["an unknown option", ["--bogus"], /Unknown option '--bogus'/],
    ["a positional argument", ["cdktf.out"], /positional/i],
    ["--out without a value", ["--out"], /'--out <value>' argument missing/],
    ["--out on a folder without stacks/", ["--out", "/nonexistent-synth-dir"], /not a cdktf output folder/],
  ])("exits 2 on %s", (_what, args, message) => {
    // GIVEN a bad command line (table) / WHEN checked / THEN exit 2 with the message
    const r = check(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it("reports violations injected into a copy of the real synthesized stacks, with rule and address", () => {
    // GIVEN every stack as the app synthesizes it
    const { stacks } = synthApp();
    // WHEN prod gets a public database and an open ingress rule added by hand (an escape hatch)
    const prod = JSON.parse(JSON.stringify(stacks.prod));
    prod.resource ??= {};
    prod.resource.aws_db_instance = {
      ...prod.resource.aws_db_instance,
      injected: { ...(Object.values(compliantStack().resource.aws_db_instance)[0] as object), publicly_accessible: true, vpc_security_group_ids: [] },
    };
    prod.resource.aws_security_group_rule = {
      injected_open: {
        type: "ingress",
        security_group_id: "sg-0123456789abcdef0",
        protocol: "tcp",
        from_port: 22,
        to_port: 22,
        cidr_blocks: ["0.0.0.0/0"],
        description: "ssh",
      },
    };
    const r = check(["--out", synthOut({ ...stacks, prod }), "--json"]);
    // THEN both are reported where they are, and the run fails
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings.map((f: { rule: string; stack: string; address: string }) => [f.rule, f.stack, f.address]);
    expect(findings).toContainEqual(["rds-not-public", "prod", "aws_db_instance.injected"]);
    expect(findings).toContainEqual(["sg-no-public-ingress", "prod", "aws_security_group_rule.injected_open"]);
  });

  it("synthesizes and checks every stack when --out is not given", () => {
    // GIVEN the default config / WHEN checked without --out / THEN every stack is synthesized, and the one error is
    // prod's missing account (the defaults name none). The error list first, so a failure names the rules.
    const json = check(["--json"]);
    const errors = (JSON.parse(json.stdout).findings as { rule: string; stack: string; address: string; severity: string }[]).filter(
      (f) => f.severity === "error",
    );
    expect(errors.map((f) => `${f.stack} ${f.rule} ${f.address}`)).toEqual(["prod prod-account-pinned provider.aws"]);
    const r = check([]);
    expect(r.stderr).toMatch(/^config: .*\n$/);
    for (const stack of ["bootstrap", "dev", "staging", "prod"]) expect(r.stdout).toMatch(new RegExp(`^${stack}: `, "m"));
    expect(r.stdout).toMatch(/^FAILED: \d+ rules on 4 stacks — 1 error,/m);
    expect(r.code).toBe(1);
  });
});

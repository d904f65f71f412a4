import { execFileSync, spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { CiCliDeps, main } from "../../src/ci/cli";
import { DEPLOY_SLOTS, imageTagArguments, NO_CI_GITHUB, PipelineError, pipelineEnvironments, runSummary } from "../../src/ci/pipeline";
import { ConfigError, LoadedConfig, loadConfigWithSource } from "../../src/config";
import { ACCOUNTS, loadPipelineConfig, pipelineConfigFile } from "./fixtures";

const ROOT = join(__dirname, "../..");

/** Runs the CLI in process on a config (default: the fixture). */
function run(argv: string[], load: () => LoadedConfig = () => loadPipelineConfig(), readFile: (path: string) => string = () => "") {
  const out: string[] = [];
  const err: string[] = [];
  const deps: Partial<CiCliDeps> = { env: {}, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), loadConfig: load, readFile };
  const code = main(argv, deps);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** The three environments of the fixture, as the workflow must receive them. */
const EXPECTED = [
  {
    name: "dev",
    region: "eu-west-1",
    account: ACCOUNTS.dev,
    deployRoleArn: `arn:aws:iam::${ACCOUNTS.dev}:role/platform-dev-deploy`,
    planRoleArn: `arn:aws:iam::${ACCOUNTS.dev}:role/platform-dev-plan`,
  },
  {
    name: "qa",
    region: "eu-west-1",
    account: ACCOUNTS.qa,
    deployRoleArn: `arn:aws:iam::${ACCOUNTS.qa}:role/platform-qa-deploy`,
    planRoleArn: `arn:aws:iam::${ACCOUNTS.qa}:role/platform-qa-plan`,
  },
  {
    name: "prod",
    region: "us-east-1",
    account: ACCOUNTS.prod,
    deployRoleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/platform-prod-deploy`,
    planRoleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/platform-prod-plan`,
  },
];

describe("npm run ci -- environments", () => {
  it("lists dev, qa, prod in config order with their regions, accounts and role ARNs", () => {
    // GIVEN the acceptance config (qa on profile staging, prod in us-east-1) with ci.github
    // WHEN the CLI prints the pipeline environments
    const r = run(["environments"]);
    // THEN exit 0, and the JSON is the three environments in the order of `environments`
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(EXPECTED);
    expect(r.stderr).toMatch(/^config: overrides/);
  });

  it("prints GitHub output lines with --github-output: compact JSON and the count", () => {
    // GIVEN the fixture / WHEN --github-output / THEN two key=value lines, nothing else on stdout
    const r = run(["environments", "--github-output"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`environments=${JSON.stringify(EXPECTED)}\ncount=3\n`);
  });

  it("follows the order of `environments`, not of ci.github.environments, and deploys only those listed", () => {
    // GIVEN ci.github.environments lists prod before dev and leaves qa out
    const file = pipelineConfigFile({ repository: "acme/platform", environments: ["prod", "dev"] });
    // WHEN the environments are listed
    const names = pipelineEnvironments(loadPipelineConfig(file).config).map((e) => e.name);
    // THEN dev then prod: the deploy order is the config's
    expect(names).toEqual(["dev", "prod"]);
  });

  it("uses the partition of the environment's region in the ARNs", () => {
    // GIVEN the platform in China (one partition: roles do not cross them), prod in cn-northwest-1
    const file = pipelineConfigFile();
    file.region = "cn-north-1";
    file.state = { roleArn: `arn:aws-cn:iam::${ACCOUNTS.state}:role/platform-state` };
    (file.environments as Record<string, Record<string, unknown>>).prod.region = "cn-northwest-1";
    // WHEN listed / THEN every role is an aws-cn ARN
    const listed = pipelineEnvironments(loadPipelineConfig(file).config);
    const prod = listed.find((e) => e.name === "prod")!;
    expect(prod.deployRoleArn).toBe(`arn:aws-cn:iam::${ACCOUNTS.prod}:role/platform-prod-deploy`);
    expect(prod.planRoleArn).toBe(`arn:aws-cn:iam::${ACCOUNTS.prod}:role/platform-prod-plan`);
    expect(listed.every((e) => e.deployRoleArn.startsWith("arn:aws-cn:"))).toBe(true);
  });

  it("refuses a config without ci.github: exit 1, what to add, nothing on stdout", () => {
    // GIVEN the fixture without ci.github / WHEN listed / THEN exit 1 with the guidance
    const r = run(["environments", "--github-output"], () => loadPipelineConfig(pipelineConfigFile(null)));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(NO_CI_GITHUB);
    expect(r.stderr).toContain('"ci": { "github": { "repository": "<owner>/<name>" } }');
    expect(r.stdout).toBe("");
  });

  it("refuses an invalid config with the config error: exit 1", () => {
    // GIVEN ci.github naming an undeclared environment / WHEN listed / THEN exit 1 with the field path
    const r = run(["environments"], () => loadPipelineConfig(pipelineConfigFile({ repository: "acme/platform", environments: ["staging"] })));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ci\.github\.environments\[0\].*names no declared environment; declared: dev, qa, prod/);
    expect(r.stdout).toBe("");
  });

  it(`refuses more environments than the workflow's ${DEPLOY_SLOTS} deploy jobs`, () => {
    // GIVEN one environment more than there are deploy jobs
    const file = pipelineConfigFile();
    const environments: Record<string, unknown> = {};
    for (let i = 0; i <= DEPLOY_SLOTS; i++) environments[`env${i}`] = { profile: "dev", account: ACCOUNTS.dev, vpcCidr: `10.${10 + i}.0.0/16` };
    file.environments = environments;
    file.domain = { zoneSettingsOwner: "env0" };
    file.state = {};
    // WHEN loaded / THEN a config error at ci.github that says how to deploy them
    expect(() => loadPipelineConfig(file)).toThrow(/ci\.github: got .* — deploys 7 environments \(env0, .*\); the workflow has 6 deploy jobs/);
    // AND with one fewer, the pipeline lists all of them
    delete environments[`env${DEPLOY_SLOTS}`];
    expect(pipelineEnvironments(loadPipelineConfig(file).config)).toHaveLength(DEPLOY_SLOTS);
  });

  it.each([
    [[], /expected a command/],
    [["deploy"], /unknown command "deploy"/],
    [["environments", "extra"], /environments takes no argument/],
    [["image-vars", "--github-output"], /--github-output belongs to environments/],
    [["environments", "--json"], /Unknown option '--json'/],
    [["summary", "only-title"], /summary expects <title> <log file>/],
  ])("exits 2 on a usage error: %j", (argv, message) => {
    // GIVEN / WHEN a bad command line / THEN exit 2, the problem and the usage
    const r = run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("usage: npm run ci -- <command>");
  });

  it("runs as the workflow runs it: npm run --silent ci -- environments --github-output", () => {
    // GIVEN the fixture as a config file named by INFRA_CONFIG
    const dir = mkdtempSync(join(tmpdir(), "ci-cli-"));
    try {
      writeFileSync(join(dir, "infra.config.json"), JSON.stringify(pipelineConfigFile()));
      // WHEN the package script runs (scripts/app.js bundles src/ci/cli.ts)
      const stdout = execFileSync("npm", ["run", "--silent", "ci", "--", "environments", "--github-output"], {
        cwd: ROOT,
        env: { ...process.env, INFRA_CONFIG: join(dir, "infra.config.json") },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      // THEN stdout holds exactly the GitHub output lines
      expect(stdout).toBe(`environments=${JSON.stringify(EXPECTED)}\ncount=3\n`);
      // and a bad image tag exits 1 with its line on stderr
      const bad = spawnSync("npm", ["run", "--silent", "ci", "--", "image-vars", "--", "orders=latest"], {
        cwd: ROOT,
        env: { ...process.env, INFRA_CONFIG: join(dir, "infra.config.json") },
        encoding: "utf8",
      });
      expect(bad.status).toBe(1);
      expect(bad.stdout).toBe("");
      expect(bad.stderr).toContain(`image_tags: orders=latest — must not be "latest"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run ci -- image-vars", () => {
  const config = loadPipelineConfig().config;

  it("turns service and job tags into --var image_tag_<name>=<tag> arguments, dashes as _", () => {
    // GIVEN tags for a service, a dashed service and a job with its own image, comma and space separated
    // WHEN converted / THEN one argv element per line, the variable names the stacks declare
    expect(imageTagArguments(config, "orders=1.4.2, order-history=abc123\nnightly-report=2026.07.01")).toEqual([
      "--var",
      "image_tag_orders=1.4.2",
      "--var",
      "image_tag_order_history=abc123",
      "--var",
      "image_tag_nightly_report=2026.07.01",
    ]);
    const r = run(["image-vars", "--", "orders=1.4.2", "order-history=abc123"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("--var\nimage_tag_orders=1.4.2\n--var\nimage_tag_order_history=abc123\n");
  });

  it("gives no argument for an empty input: the config's tags deploy", () => {
    // GIVEN an empty or blank input / WHEN converted / THEN nothing
    expect(imageTagArguments(config, "")).toEqual([]);
    expect(imageTagArguments(config, " , \n")).toEqual([]);
    const r = run(["image-vars", "--", ""]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
  });

  it("refuses an unknown service: exit 1, the declared names", () => {
    // GIVEN a service the config does not declare / WHEN converted / THEN exit 1 naming what exists
    const r = run(["image-vars", "--", "payments=1.0.0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('image_tags: unknown service "payments"; the config declares orders, order-history, nightly-report');
    expect(r.stdout).toBe("");
  });

  it("refuses the variable spelling of a dashed name, and says which name to use", () => {
    // GIVEN order_history (the variable's spelling) / WHEN converted / THEN refused with the declared name
    expect(() => imageTagArguments(config, "order_history=1.0.0")).toThrow('unknown service "order_history" (did you mean "order-history"?');
  });

  it("refuses a job that runs a service's image: its tag is the service's", () => {
    // GIVEN cleanup, which runs orders' image / WHEN tagged / THEN refused, naming orders
    expect(() => imageTagArguments(config, "cleanup=1.0.0")).toThrow(`job "cleanup" runs service orders's image: tag orders instead`);
  });

  it.each([
    ["orders=latest", 'image_tags: orders=latest — must not be "latest": repositories are IMMUTABLE'],
    ["orders=.hidden", "image_tags: orders=.hidden — must be a Docker tag"],
    ["orders=", "image_tags: orders= — must be a Docker tag"],
    [`orders=${"a".repeat(129)}`, "must be a Docker tag: 1–128"],
    ["orders", 'image_tags: "orders" is not <service>=<tag>'],
    ["=1.0.0", 'image_tags: "=1.0.0" is not <service>=<tag>'],
    ["orders=1.0.0 orders=1.0.1", "orders is given twice (1.0.0 and 1.0.1)"],
  ])("refuses a bad entry %j: exit 1 with a clear line", (input, message) => {
    // GIVEN a bad entry / WHEN converted / THEN exit 1 and the problem, nothing on stdout
    const r = run(["image-vars", "--", input]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });

  it("lists every bad entry at once, and accepts the same tag given twice", () => {
    // GIVEN two bad entries and a repeated good one / WHEN converted / THEN both problems, one line each
    let problems: readonly string[] = [];
    try {
      imageTagArguments(config, "orders=1.0.0 orders=1.0.0 payments=1 catalog=latest");
    } catch (err) {
      problems = (err as PipelineError).problems;
    }
    expect(problems).toEqual([
      'image_tags: unknown service "payments"; the config declares orders, order-history, nightly-report',
      'image_tags: unknown service "catalog"; the config declares orders, order-history, nightly-report',
    ]);
    expect(imageTagArguments(config, "orders=1.0.0 orders=1.0.0")).toEqual(["--var", "image_tag_orders=1.0.0"]);
  });

  it("exits 1 with the config error when the config is invalid", () => {
    // GIVEN a config that does not load / WHEN image-vars runs / THEN exit 1 and the config's message
    const r = run(["image-vars", "--", "orders=1.0.0"], () => {
      throw new ConfigError("infra.config.json", ["region: got 42 — must be a string"]);
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Invalid config (infra.config.json):\n  - region: got 42");
  });

  it("works on the default config (no ci.github needed to tag images)", () => {
    // GIVEN the embedded defaults / WHEN catalog is tagged / THEN its variable
    expect(imageTagArguments(loadConfigWithSource({ overrides: {} }).config, "catalog=9f2c1ab")).toEqual(["--var", "image_tag_catalog=9f2c1ab"]);
  });
});

describe("npm run ci -- summary", () => {
  const DIFF = [
    "\u001b[1mdev\u001b[0m  Initializing the backend...",
    "dev  Terraform will perform the following actions:",
    "dev    # aws_ecs_service.orders will be updated in-place",
    "dev    ~ task_definition = <computed> -> (known after apply)",
    "dev  Plan: 0 to add, 1 to change, 0 to destroy.",
    "",
  ].join("\n");

  it("puts the verdict first and the whole log, colour codes stripped and HTML escaped, in <details>", () => {
    // GIVEN a cdktf diff log / WHEN summarized
    const md = runSummary("cdktf diff dev", DIFF);
    // THEN a heading, the Plan line, then the log in a collapsed block
    expect(md.split("\n").slice(0, 4)).toEqual(["### cdktf diff dev", "", "- `Plan: 0 to add, 1 to change, 0 to destroy.`", ""]);
    expect(md).toContain("<details><summary>Full output (5 lines)</summary>");
    expect(md).toContain("dev    ~ task_definition = &lt;computed&gt; -&gt; (known after apply)");
    expect(md).not.toContain("\u001b");
    expect(md.trimEnd().endsWith("</pre>\n</details>")).toBe(true);
  });

  it.each([
    ["dev  No changes. Your infrastructure matches the configuration.", "No changes. Your infrastructure matches the configuration."],
    ["prod  Apply complete! Resources: 1 added, 2 changed, 0 destroyed.", "Apply complete! Resources: 1 added, 2 changed, 0 destroyed."],
    ["qa  Error: creating ECS Service (orders): AccessDenied", "Error: creating ECS Service (orders): AccessDenied"],
  ])("lists %j as a verdict", (line, verdict) => {
    // GIVEN a log with that line / WHEN summarized / THEN it is listed before the details
    expect(runSummary("t", `x\n${line}\n`)).toContain(`- \`${verdict}\`\n`);
  });

  it("says so when the log has no plan line", () => {
    // GIVEN a log cut short / WHEN summarized / THEN a pointer to the details
    expect(runSummary("t", "npm error code E404\n")).toContain("No plan line in the output");
  });

  it("cuts a log that would pass GitHub's summary limit, and says where the rest is", () => {
    // GIVEN a 10,000-line log and a 20 KB limit / WHEN summarized
    const log = Array.from({ length: 10000 }, (_, i) => `dev  line ${i} ${"x".repeat(40)}`).join("\n");
    const md = runSummary("t", log, 20_000);
    // THEN it fits, and says it was cut
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000);
    expect(md).toMatch(/… cut after \d+ of 10000 lines to fit GitHub's summary limit; the job log has the rest/);
    expect(md.trimEnd().endsWith("</details>")).toBe(true);
  });

  it("reads the log file the workflow names, and exits 1 when it cannot", () => {
    // GIVEN a readable and a missing file / WHEN summarized by the CLI / THEN markdown, or exit 1
    const ok = run(["summary", "cdktf diff dev", "/tmp/diff.log"], undefined, () => DIFF);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("### cdktf diff dev");
    const missing = run(["summary", "cdktf diff dev", "/nonexistent/diff.log"], undefined, () => {
      throw new Error("ENOENT: no such file or directory");
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read /nonexistent/diff.log: ENOENT");
  });
});

import { execFile } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { promisify } from "util";
import { awsPart, describeWithTerraform, planTogether, TerraformResult } from "../support/terraform";
import { TfJson } from "../support/synth";

const ROOT = resolve(__dirname, "..", "..");
const run = promisify(execFile);

/** What one run of the app (`node scripts/app.js`, as `cdktf synth` runs it) did. */
interface AppRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outdir: string;
}

const work = mkdtempSync(join(tmpdir(), "main-matrix-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let runs = 0;
/** Runs main.ts with `config` as the user's file (or no file when undefined), in a fresh output folder. */
async function synth(config: unknown, extraEnv: Record<string, string> = {}): Promise<AppRun> {
  const n = runs++;
  const outdir = join(work, `out-${n}`);
  const env: Record<string, string | undefined> = { ...process.env, CDKTF_OUTDIR: outdir, DEBUG: "", ...extraEnv };
  if (config !== undefined) {
    const path = join(work, `config-${n}.json`);
    writeFileSync(path, JSON.stringify(config));
    env.INFRA_CONFIG = path;
  } else {
    delete env.INFRA_CONFIG;
  }
  // The working directory has no infra.config.json: without INFRA_CONFIG the app uses the embedded defaults.
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, "scripts", "app.js")], {
      cwd: work,
      env,
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr, outdir };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, outdir };
  }
}

/** Two at a time: the machine has two cores. */
async function inPairs<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]);
  };
  await Promise.all([worker(), worker()]);
  return out;
}

const readStack = (r: AppRun, stack: string): TfJson => JSON.parse(readFileSync(join(r.outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
const services = (...patches: Record<string, unknown>[]) => {
  const base: Record<string, unknown>[] = [
    { name: "orders", port: 8080, pathPrefix: "/orders", database: true },
    { name: "catalog", port: 8080, pathPrefix: "/catalog", allowFrom: ["orders"] },
  ];
  patches.forEach((p, i) => Object.assign(base[i], p));
  return base;
};
/** A config with no placeholder left. */
const REAL = { project: "acme", state: { bucket: "acme-terraform-state" }, domain: { name: "acme.io", cloudflareZoneId: "3f9a2c7e5b1d4a6c8e0f2b4d6a8c0e1f" } };

/**
 * One invalid config per rule the trust issue (and issues 11 and 12) names: [what, user file, config path in
 * the message, what the message must say]. Each used to pass validation and then fail
 * in synth with a stack trace, or at apply time after other resources existed.
 */
const INVALID: [string, unknown, string, RegExp][] = [
  // Crashes in synth (rules only a construct enforced)
  [
    "a collector image tagged latest",
    { observability: { collectorImage: "otel/opentelemetry-collector-contrib:latest" } },
    "observability.collectorImage",
    /not be tagged "latest"/,
  ],
  [
    "a platform-set variable",
    { services: services({ environment: { OTEL_SERVICE_NAME: "x" } }) },
    "services[0].environment.OTEL_SERVICE_NAME",
    /set by the platform/,
  ],
  [
    "a platform-set variable inside overrides",
    { services: services({ overrides: { dev: { environment: { DB_HOST: "localhost" } } } }) },
    "services[0].overrides.dev.environment.DB_HOST",
    /set by the platform/,
  ],
  [
    "an IAM role name over 64 characters",
    { services: services({}, { name: "catalog-service-with-a-name-far-too-long-for-iam" }) },
    "services[1].name",
    /IAM role name .* IAM allows 64/,
  ],
  [
    "a /24 VPC too small for its AZ count",
    { region: "us-east-1", environments: { prod: { vpcCidr: "10.30.0.0/24", azCount: 6 } } },
    "environments.prod.vpcCidr",
    /too small for 6 AZs/,
  ],
  // Rejected by AWS or Cloudflare at apply time
  ["a state bucket with consecutive dots", { state: { bucket: "acme..state" } }, "state.bucket", /two adjacent periods/],
  ["a state bucket in IP-address form", { state: { bucket: "10.1.2.3" } }, "state.bucket", /IP address/],
  ["a state bucket with a reserved prefix", { state: { bucket: "sthree-acme" } }, "state.bucket", /must not start with "sthree-"/],
  ["a state bucket with a reserved suffix", { state: { bucket: "acme-s3alias" } }, "state.bucket", /must not end with "-s3alias"/],
  ["a loopback VPC CIDR", { environments: { dev: { vpcCidr: "127.0.0.0/16" } } }, "environments.dev.vpcCidr", /loopback/],
  ["a link-local VPC CIDR", { environments: { staging: { vpcCidr: "169.254.0.0/16" } } }, "environments.staging.vpcCidr", /link-local/],
  ["more AZs than the region has", { environments: { prod: { azCount: 4 } } }, "environments.prod.azCount", /more than eu-west-1 has: 3/],
  ["default AZ letters the region lacks (us-west-1)", { region: "us-west-1" }, "environments.dev.azs", /must be set for us-west-1/],
  [
    "an AZ letter the region lacks",
    { region: "ap-northeast-1", environments: { dev: { azs: ["ap-northeast-1a", "ap-northeast-1b"] } } },
    "environments.dev.azs[1]",
    /not an availability zone of ap-northeast-1/,
  ],
  ["an ACM domain name over 64 characters", { domain: { name: "platform-engineering-team-with-a-long-name.example-company.io" } }, "domain.name", /at most 64/],
  ["a desiredCount above the ECS quota", { services: services({ desiredCount: 5001 }) }, "services[0].desiredCount", /≤ 5000, the default ECS quota/],
  [
    "a maxCapacity above the ECS quota",
    { environments: { prod: { autoscaling: { maxCapacity: 9999 } } } },
    "environments.prod.autoscaling.maxCapacity",
    /≤ 5000/,
  ],
  ["a state bucket whose access-log bucket would pass 63 characters", { state: { bucket: "b".repeat(60) } }, "state.bucket", /at most 58 characters/],
  [
    "a database service named like an RDS role",
    { services: services({ name: "rds-reports", pathPrefix: "/r" }) },
    "services[0].name",
    /reserved by PostgreSQL or RDS/,
  ],
  ["a project starting with sg-", { project: "sg-shop" }, "project", /must not start with 'sg-'/],
  ["a region without known AZs and no explicit azs", { region: "mx-central-1" }, "environments.dev.azs", /must be set for mx-central-1/],
  ["a project name over 20 characters (the message says 20)", { project: "a-project-name-of-21c" }, "project", /must be 1–20 characters/],
  // Issue 11's workloads: refused before any stack, instead of at apply time or as a wide-open task role
  [
    "an internal service with a pathPrefix",
    { services: services({}, { expose: "internal" }) },
    "services[1].pathPrefix",
    /must not be set on an internal service/,
  ],
  ["a worker with a port", { services: [...services(), { name: "mailer", expose: "none", port: 8080 }] }, "services[2].port", /must not be set on a worker/],
  [
    "a worker that admits callers",
    { services: [...services(), { name: "mailer", expose: "none", allowFrom: ["orders"] }] },
    "services[2].allowFrom",
    /a worker .* admits no callers/,
  ],
  [
    "a malformed secret reference",
    { services: services({ secrets: { STRIPE_KEY: "vault:shop/stripe" } }) },
    "services[0].secrets.STRIPE_KEY",
    /must be a Secrets Manager secret ARN/,
  ],
  [
    "a platform-set secret name",
    { services: services({ secrets: { DB_HOST: "ssm:/shop/db-host" } }) },
    "services[0].secrets.DB_HOST",
    /is set by the platform/,
  ],
  [
    "permissions of every action on every resource",
    { services: services({ permissions: [{ actions: ["*"], resources: ["*"] }] }) },
    "services[0].permissions[0].actions[0]",
    /every action of a service on every resource \("\*"\)/,
  ],
  [
    "iam:PassRole on every resource",
    { services: services({}, { permissions: [{ actions: ["iam:PassRole"], resources: ["*"] }] }) },
    "services[1].permissions[0].actions[0]",
    /escalate its privileges/,
  ],
  ["an empty permissions list", { services: services({ permissions: [] }) }, "services[0].permissions", /omit permissions instead/],
  [
    "a relative volume path",
    { services: services({ volumes: [{ name: "uploads", path: "data/uploads" }] }) },
    "services[0].volumes[0].path",
    /must be an absolute container path/,
  ],
  [
    "duplicate job names",
    {
      jobs: [
        { name: "cleanup", schedule: "rate(1 day)", command: ["cleanup"] },
        { name: "cleanup", schedule: "rate(1 hour)", command: ["cleanup"] },
      ],
    },
    "jobs[1].name",
    /duplicates job "cleanup"/,
  ],
  [
    "a job naming an unknown service",
    { jobs: [{ name: "cleanup", schedule: "rate(1 day)", command: ["cleanup"], service: "billing" }] },
    "jobs[0].service",
    /names no declared service; declared: orders, catalog/,
  ],
  // EC2 capacity (issue 13)
  [
    "a service on ec2 without a capacity provider",
    { services: services({ capacity: "ec2" }) },
    "services[0].capacity",
    /needs an EC2 capacity provider in dev, staging, prod/,
  ],
  [
    "a task bigger than the EC2 instance",
    {
      environments: { dev: { ecs: { ec2: { instanceTypes: ["t3.small"], minSize: 1, maxSize: 2 } } } },
      services: services({ capacity: "ec2", cpu: 2048, memory: 4096 }),
    },
    "services[0].memory",
    /in dev: /,
  ],
  [
    "an EC2 minSize above maxSize",
    { environments: { dev: { ecs: { ec2: { instanceTypes: ["m7i.large"], minSize: 3, maxSize: 1 } } } } },
    "environments.dev.ecs.ec2.maxSize",
    /must be ≥ minSize \(3\)/,
  ],
  ["a bad schedule", { jobs: [{ name: "cleanup", schedule: "cron(0 3 * * *)", command: ["cleanup"] }] }, "jobs[0].schedule", /must have six fields/],
  // Issue 12's API flavors and deployments: combinations that cannot work are config errors
  [
    "client profiles on an HTTP API",
    { environments: { prod: { api: { clientProfiles: [{ name: "gold", rateLimit: 100, burstLimit: 200 }] } } } },
    "environments.prod.api.clientProfiles",
    /usage plans and API keys exist only on REST APIs: set kind: "rest"/,
  ],
  [
    "a REST API with cloudMap targets",
    { environments: { staging: { api: { kind: "rest", targets: "cloudMap" } } } },
    "environments.staging.api.targets",
    /REST private integrations need a VPC link v1 to an NLB/,
  ],
  [
    "blue/green without a load balancer",
    { services: services({ deployment: "blueGreen" }), environments: { dev: {}, staging: {}, prod: { api: { targets: "loadBalancer" } } } },
    "services[0].deployment",
    /is "blueGreen" in dev, staging, where environments.<env>.api.targets is "cloudMap"/,
  ],
  [
    "a client naming an unknown profile",
    {
      environments: {
        prod: {
          api: {
            kind: "rest",
            targets: "loadBalancer",
            clientProfiles: [{ name: "gold", rateLimit: 100, burstLimit: 200 }],
            clients: [{ name: "acme", profile: "silver" }],
          },
        },
      },
    },
    "environments.prod.api.clients[0].profile",
    /names no client profile of this environment; declared: gold/,
  ],
];

describe("main.ts end to end: invalid configs are config errors", () => {
  let results: AppRun[];
  beforeAll(async () => {
    results = await inPairs(INVALID, ([, config]) => synth(config));
  });

  it.each(INVALID.map((c, i) => [c[0], i] as const))("rejects %s: exit 1, the path, no stack trace, no stack", (_what, i) => {
    // GIVEN an invalid config (table) / WHEN the app runs (beforeAll) / THEN exit 1, the field path, no trace, no stack written
    const [, , path, allowed] = INVALID[i];
    const r = results[i];
    // THEN exit 1, one line naming the path and what is allowed, no trace, nothing written
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Invalid config \(/m);
    const line = r.stderr.split("\n").find((l) => l.includes(`- ${path}: got `));
    expect(line).toMatch(allowed);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(r.outdir, "stacks"))).toBe(false);
  });
});

/**
 * Valid configs that crashed synth or were refused before, and the ones the plan must
 * warn about. Each synthesizes all four stacks; `plan` names the environment whose AWS
 * part goes through terraform validate + plan.
 */
const VALID: { what: string; config: unknown; plan: string }[] = [
  {
    what: "services named like platform constructs, and x next to repo-x",
    config: {
      ...REAL,
      services: ["network", "api", "database", "x", "repo-x"].map((name, i) => ({
        name,
        port: 8080,
        pathPrefix: `/s${i}`,
        database: name === "database",
        allowFrom: i ? ["network"] : [],
      })),
    },
    plan: "dev",
  },
  {
    what: "a punycode domain in a region without a 'b' zone",
    config: { ...REAL, region: "ap-northeast-1", domain: { ...REAL.domain, name: "xn--bcher-kva.xn--p1ai" } },
    plan: "prod",
  },
  { what: "a China region (partition aws-cn)", config: { ...REAL, region: "cn-north-1" }, plan: "dev" },
  { what: "the embedded defaults (placeholders)", config: undefined, plan: "staging" },
];

describe("main.ts end to end: valid configs synthesize", () => {
  let results: AppRun[];
  beforeAll(async () => {
    results = await inPairs(VALID, (v) => synth(v.config));
  });

  it.each(VALID.map((v, i) => [v.what, i] as const))("synthesizes %s, naming the config used", (_what, i) => {
    // GIVEN a valid config (table) / WHEN the app runs / THEN every stack is written and the config's source named
    const r = results[i];
    // cdktf shows the app's stdout: one line naming the file (or the embedded defaults)
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout.trim().split("\n")).toEqual([
      expect.stringContaining(VALID[i].config === undefined ? "config: embedded defaults" : `config: ${work}/config-`),
    ]);
    const missing = ["bootstrap", "dev", "staging", "prod"].filter((stack) => !existsSync(join(r.outdir, "stacks", stack, "cdk.tf.json")));
    expect(missing).toEqual([]);
  });

  it("puts a placeholder check in every stack built from example values, and none otherwise", () => {
    // GIVEN the defaults and real configs / WHEN synthesized / THEN only stacks from example values carry the check
    const defaults = results[VALID.findIndex((v) => v.config === undefined)];
    for (const stack of ["dev", "staging", "prod"]) {
      expect(readStack(defaults, stack).locals.config_placeholders).toEqual([
        'state.bucket = "platform-terraform-state-example"',
        'domain.cloudflareZoneId = "00000000000000000000000000000000"',
        'domain.name = "example.com"',
      ]);
    }
    expect(readStack(defaults, "bootstrap").locals.config_placeholders).toEqual(['state.bucket = "platform-terraform-state-example"']);
    expect(readStack(results[0], "dev").check).toBeUndefined();
  });

  describeWithTerraform("and their AWS part plans", () => {
    let plans: TerraformResult[];
    beforeAll(async () => {
      // All in one terraform run, one module each: the provider starts once.
      const byWhat = await planTogether(Object.fromEntries(VALID.map((v, i) => [v.what, awsPart(readStack(results[i], v.plan))])));
      plans = VALID.map((v) => byWhat[v.what]);
    });

    it.each(VALID.map((v, i) => [`${v.what} (${v.plan})`, i] as const))("%s", (_what, i) => {
      // GIVEN a valid config's stack (table) / WHEN terraform validates and plans it / THEN both succeed
      const plan = plans[i];
      if (!plan.ok) throw new Error(plan.error);
      expect(plan.toAdd).toBeGreaterThan(50);
    });

    it("warns at plan time, naming the keys to set, when built from placeholders", () => {
      // GIVEN the defaults' stack / WHEN planned / THEN the check warns, naming the keys
      const plan = plans[VALID.findIndex((v) => v.config === undefined)];
      expect(plan.planOutput).toMatch(/Warning: Check block assertion failed/);
      expect(plan.planOutput).toMatch(/domain\.cloudflareZoneId/);
      expect(plans[0].planOutput).not.toMatch(/Check block assertion failed/);
    });
  });
});

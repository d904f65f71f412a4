import { loadTestConfig } from "../support/environments";
import { resolveEnvironment } from "../../src/config";
import { errorLines, expectInvalidConfig, InvalidConfigCase } from "../support/config-errors";

/** The workload keys of issue 11: services[].expose|secrets|permissions|command|entryPoint|volumes and jobs[]. */

const ORDERS = { name: "orders", port: 8080, pathPrefix: "/orders", database: true };
const CATALOG = { name: "catalog", port: 8080, pathPrefix: "/catalog" };

/** A user file whose services are orders (database) and catalog, with patches, then `extra` services. */
function withServices(patches: [Record<string, unknown>?, Record<string, unknown>?], ...extra: Record<string, unknown>[]): { services: unknown[] } {
  return { services: [{ ...ORDERS, ...patches[0] }, { ...CATALOG, ...patches[1] }, ...extra] };
}

/** The user file with jobs (and the default-like services). */
const withJobs = (...jobs: Record<string, unknown>[]) => ({ ...withServices([]), jobs });
const JOB = { name: "cleanup", schedule: "cron(0 3 * * ? *)", command: ["node", "cleanup.js"] };

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

type Case = InvalidConfigCase;

const INVALID: Case[] = [
  // ── expose
  ["an unknown exposure", withServices([{ expose: "private" }]), "services[0].expose", '"private"', /must be one of "public", "internal", "none"/],
  [
    "a public service without pathPrefix",
    withServices([], { name: "web", port: 3000 }),
    "services[2].pathPrefix",
    "nothing",
    /is required for a public service \(expose "public", the default\): it is the API route/,
  ],
  ["a public service without port", withServices([], { name: "web", pathPrefix: "/web" }), "services[2].port", "nothing", /is required for a public service/],
  [
    "an internal service without port",
    withServices([], { name: "search", expose: "internal" }),
    "services[2].port",
    "nothing",
    /is required for an internal service \(expose "internal"\): its callers reach it on this port through Cloud Map/,
  ],
  [
    "an internal service with pathPrefix",
    withServices([{ expose: "internal" }]),
    "services[0].pathPrefix",
    '"/orders"',
    /must not be set on an internal service \(expose "internal"\): it has no API route/,
  ],
  [
    "an internal service with stripPrefix",
    withServices([], { name: "search", port: 9200, expose: "internal", stripPrefix: true }),
    "services[2].stripPrefix",
    "true",
    /must not be true on an internal service .* no API route/,
  ],
  [
    "an internal service with defaultRoute",
    withServices([], { name: "search", port: 9200, expose: "internal", defaultRoute: true }),
    "services[2].defaultRoute",
    "true",
    /must not be true on an internal service .* cannot own the \$default route/,
  ],
  [
    "an internal service with throttle",
    withServices([], { name: "search", port: 9200, expose: "internal", throttle: { burstLimit: 10, rateLimit: 5 } }),
    "services[2].throttle",
    '{"burstLimit":10,"rateLimit":5}',
    /must not be set on an internal service .* no API route to throttle/,
  ],
  [
    "a worker with port",
    withServices([], { name: "mailer", expose: "none", port: 8080 }),
    "services[2].port",
    "8080",
    /must not be set on a worker \(expose "none"\): nothing calls a worker/,
  ],
  [
    "a worker with pathPrefix",
    withServices([], { name: "mailer", expose: "none", pathPrefix: "/mailer" }),
    "services[2].pathPrefix",
    '"/mailer"',
    /must not be set on a worker \(expose "none"\): it has no API route/,
  ],
  [
    "a worker with healthCheckPath",
    withServices([], { name: "mailer", expose: "none", healthCheckPath: "/health" }),
    "services[2].healthCheckPath",
    '"/health"',
    /must not be set on a worker .* no port for the health check to probe/,
  ],
  [
    "a worker with allowFrom",
    withServices([], { name: "mailer", expose: "none", allowFrom: ["orders"] }),
    "services[2].allowFrom",
    '["orders"]',
    /must be empty on a worker \(expose "none"\): it has no port, so it admits no callers/,
  ],
  [
    "a worker with stripPrefix",
    withServices([], { name: "mailer", expose: "none", stripPrefix: true }),
    "services[2].stripPrefix",
    "true",
    /must not be true on a worker/,
  ],
  [
    "a worker with defaultRoute",
    withServices([], { name: "mailer", expose: "none", defaultRoute: true }),
    "services[2].defaultRoute",
    "true",
    /must not be true on a worker/,
  ],
  [
    "a worker with throttle",
    withServices([], { name: "mailer", expose: "none", throttle: { burstLimit: 10, rateLimit: 5 } }),
    "services[2].throttle",
    '{"burstLimit":10,"rateLimit":5}',
    /must not be set on a worker/,
  ],
  // ── secrets
  [
    "a malformed secret reference",
    withServices([{ secrets: { STRIPE_KEY: "arn:aws:secretsmanager:eu-west-1:123:secret:stripe" } }]),
    "services[0].secrets.STRIPE_KEY",
    '"arn:aws:secretsmanager:eu-west-1:123:secret:stripe"',
    /must be a Secrets Manager secret ARN .*, an SSM parameter ARN, secretsmanager:<name>/,
  ],
  [
    "a malformed reference in the { from } form",
    withServices([{ secrets: { STRIPE_KEY: { from: "vault:stripe" } } }]),
    "services[0].secrets.STRIPE_KEY.from",
    '"vault:stripe"',
    /must be a Secrets Manager secret ARN/,
  ],
  [
    "a reserved SSM parameter path",
    withServices([{ secrets: { STRIPE_KEY: "ssm:/aws/reference/x" } }]),
    "services[0].secrets.STRIPE_KEY",
    '"ssm:/aws/reference/x"',
    /reserved by AWS/,
  ],
  [
    "a KMS alias instead of a key ARN",
    withServices([{ secrets: { STRIPE_KEY: { from: "ssm:/shop/stripe", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/shop" } } }]),
    "services[0].secrets.STRIPE_KEY.kmsKeyArn",
    '"arn:aws:kms:eu-west-1:123456789012:alias/shop"',
    /must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key\/<key id>: an alias ARN cannot be granted kms:Decrypt/,
  ],
  [
    "a secret name that is no variable name",
    withServices([{ secrets: { "stripe-key": "ssm:/shop/stripe" } }]),
    "services[0].secrets.stripe-key",
    '"ssm:/shop/stripe"',
    /is not a valid variable name/,
  ],
  [
    "a platform-set secret name",
    withServices([{ secrets: { OTEL_EXPORTER_OTLP_ENDPOINT: "ssm:/shop/otlp" } }]),
    "services[0].secrets.OTEL_EXPORTER_OTLP_ENDPOINT",
    '"ssm:/shop/otlp"',
    /is set by the platform/,
  ],
  [
    "a database variable as a secret of a database service",
    withServices([{ secrets: { DB_HOST: "ssm:/shop/db-host" } }]),
    "services[0].secrets.DB_HOST",
    '"ssm:/shop/db-host"',
    /is set by the platform: choose another name \(platform-set: .*DB_HOST/,
  ],
  [
    "a secret that is also a plain variable",
    withServices([{ environment: { STRIPE_MODE: "live" }, secrets: { STRIPE_MODE: "ssm:/shop/mode" } }]),
    "services[0].secrets.STRIPE_MODE",
    '"ssm:/shop/mode"',
    /is also a plain environment variable \(environment\.STRIPE_MODE\): a variable is either a secret or a plain value/,
  ],
  [
    "a secret that is a plain variable in one environment's override",
    withServices([{ secrets: { STRIPE_MODE: "ssm:/shop/mode" }, overrides: { dev: { environment: { STRIPE_MODE: "test" } } } }]),
    "services[0].secrets.STRIPE_MODE",
    '"ssm:/shop/mode"',
    /is also a plain environment variable in dev \(overrides\.dev\.environment\.STRIPE_MODE\)/,
  ],
  [
    "an override's secret that is a plain variable",
    withServices([{ environment: { STRIPE_MODE: "live" }, overrides: { staging: { secrets: { STRIPE_MODE: "ssm:/shop/mode" } } } }]),
    "services[0].overrides.staging.secrets.STRIPE_MODE",
    '"ssm:/shop/mode"',
    /is also a plain environment variable in staging \(environment\.STRIPE_MODE\)/,
  ],
  [
    "a malformed reference in an override",
    withServices([{ overrides: { prod: { secrets: { STRIPE_KEY: "secretsmanager:" } } } }]),
    "services[0].overrides.prod.secrets.STRIPE_KEY",
    '"secretsmanager:"',
    /a secret name is 1–512 of letters, digits/,
  ],
  [
    "a platform-set name in an override",
    withServices([{ overrides: { dev: { secrets: { PGSSLMODE: "ssm:/shop/ssl" } } } }]),
    "services[0].overrides.dev.secrets.PGSSLMODE",
    '"ssm:/shop/ssl"',
    /is set by the platform/,
  ],
  [
    "a secret of the wrong type",
    withServices([{ secrets: { STRIPE_KEY: 42 } }]),
    "services[0].secrets.STRIPE_KEY",
    "42",
    /must be a secret reference \(a string\) or \{ "from"/,
  ],
  [
    "an unknown key in a secret",
    withServices([{ secrets: { STRIPE_KEY: { from: "ssm:/shop/stripe", kmsKey: KEY_ARN } } }]),
    "services[0].secrets.STRIPE_KEY.kmsKey",
    undefined,
    /allowed here: from, kmsKeyArn/,
  ],
  // ── permissions
  ["an empty permissions list", withServices([{ permissions: [] }]), "services[0].permissions", "[]", /is an empty list: omit permissions instead/],
  [
    "every action on every resource",
    withServices([{ permissions: [{ actions: ["*"], resources: ["*"] }] }]),
    "services[0].permissions[0].actions[0]",
    '"*"',
    /grants every action of a service on every resource \("\*"\)/,
  ],
  [
    "every action of a service on every resource",
    withServices([], { ...CATALOG, name: "search", pathPrefix: "/search", permissions: [{ actions: ["s3:GetObject", "s3:*"], resources: ["*"] }] }),
    "services[2].permissions[0].actions[1]",
    '"s3:*"',
    /grants every action of a service on every resource \("\*"\)/,
  ],
  [
    "iam:PassRole on every resource",
    withServices([{ permissions: [{ actions: ["iam:PassRole"], resources: ["*"] }] }]),
    "services[0].permissions[0].actions[0]",
    '"iam:PassRole"',
    /lets the app escalate its privileges/,
  ],
  [
    "sts:AssumeRole on every resource",
    withServices([{ permissions: [{ actions: ["sts:AssumeRole"], resources: ["*"] }] }]),
    "services[0].permissions[0].actions[0]",
    '"sts:AssumeRole"',
    /escalate its privileges/,
  ],
  [
    "a statement without actions",
    withServices([{ permissions: [{ actions: [], resources: ["arn:aws:s3:::shop/*"] }] }]),
    "services[0].permissions[0].actions",
    "[]",
    /must name at least one action/,
  ],
  [
    "a statement without resources",
    withServices([{ permissions: [{ actions: ["s3:GetObject"], resources: [] }] }]),
    "services[0].permissions[0].resources",
    "[]",
    /must name at least one resource ARN/,
  ],
  [
    "a malformed action",
    withServices([{ permissions: [{ actions: ["s3 GetObject"], resources: ["arn:aws:s3:::shop/*"] }] }]),
    "services[0].permissions[0].actions[0]",
    '"s3 GetObject"',
    /must be an IAM action like s3:GetObject/,
  ],
  [
    "a bucket name instead of an ARN",
    withServices([{ permissions: [{ actions: ["s3:GetObject"], resources: ["shop-uploads"] }] }]),
    "services[0].permissions[0].resources[0]",
    '"shop-uploads"',
    /must be "\*" or an ARN/,
  ],
  [
    "a malformed condition operator",
    withServices([
      { permissions: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"], conditions: { "String Equals": { "aws:SourceVpc": "vpc-1" } } }] },
    ]),
    "services[0].permissions[0].conditions.String Equals",
    '{"aws:SourceVpc":"vpc-1"}',
    /must be an IAM condition operator \(StringEquals, ArnLike, Bool/,
  ],
  [
    "a condition operator IAM does not have",
    withServices([{ permissions: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"], conditions: { Foo: { "aws:SourceVpc": "vpc-1" } } }] }]),
    "services[0].permissions[0].conditions.Foo",
    '{"aws:SourceVpc":"vpc-1"}',
    /must be an IAM condition operator/,
  ],
  [
    "NullIfExists (Null takes no IfExists)",
    withServices([
      { permissions: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"], conditions: { NullIfExists: { "aws:TokenIssueTime": "true" } } }] },
    ]),
    "services[0].permissions[0].conditions.NullIfExists",
    '{"aws:TokenIssueTime":"true"}',
    /must be an IAM condition operator/,
  ],
  [
    "a resource ARN without its account and resource parts",
    withServices([{ permissions: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:x"] }] }]),
    "services[0].permissions[0].resources[0]",
    '"arn:aws:sqs:x"',
    /must be "\*" or an ARN, arn:<partition>:<service>:<region>:<account>:<resource>/,
  ],
  // ── command, entryPoint
  ["an empty command", withServices([{ command: [] }]), "services[0].command", "[]", /must list at least one argument: omit command to keep the image's CMD/],
  ["an empty command argument", withServices([{ command: ["node", ""] }]), "services[0].command[1]", '""', /must not be an empty string/],
  [
    "an empty entryPoint",
    withServices([{ entryPoint: [] }]),
    "services[0].entryPoint",
    "[]",
    /must list at least one argument: omit entryPoint to keep the image's ENTRYPOINT/,
  ],
  // ── volumes
  [
    "a relative volume path",
    withServices([{ volumes: [{ name: "uploads", path: "data/uploads" }] }]),
    "services[0].volumes[0].path",
    '"data/uploads"',
    /absolute/,
  ],
  ["a volume at /tmp", withServices([{ volumes: [{ name: "scratch", path: "/tmp" }] }]), "services[0].volumes[0].path", '"/tmp"', /scratch volume/],
  ["a volume under /tmp", withServices([{ volumes: [{ name: "cache", path: "/tmp/cache" }] }]), "services[0].volumes[0].path", '"/tmp/cache"', /or under it/],
  ["a volume at /", withServices([{ volumes: [{ name: "root", path: "/" }] }]), "services[0].volumes[0].path", '"/"', /must not be '\/'/],
  ["a volume path with '..'", withServices([{ volumes: [{ name: "up", path: "/data/../etc" }] }]), "services[0].volumes[0].path", '"/data/../etc"', /'\.\.'/],
  [
    "a volume path with a trailing '/'",
    withServices([{ volumes: [{ name: "up", path: "/data/" }] }]),
    "services[0].volumes[0].path",
    '"/data/"',
    /end with '\/'/,
  ],
  [
    "an uppercase volume name",
    withServices([{ volumes: [{ name: "Uploads", path: "/data" }] }]),
    "services[0].volumes[0].name",
    '"Uploads"',
    /1–32 characters of a–z/,
  ],
  [
    "a volume name of 33 characters",
    withServices([{ volumes: [{ name: "v".repeat(33), path: "/data" }] }]),
    "services[0].volumes[0].name",
    `"${"v".repeat(33)}"`,
    /1–32 characters/,
  ],
  [
    "two volumes of one name",
    withServices([
      {
        volumes: [
          { name: "data", path: "/a" },
          { name: "data", path: "/b" },
        ],
      },
    ]),
    "services[0].volumes[1].name",
    '"data"',
    /duplicates volume "data" \(volumes\[0\]\): names must be unique in a service/,
  ],
  [
    "two volumes at one path",
    withServices([
      {
        volumes: [
          { name: "a", path: "/data" },
          { name: "b", path: "/data" },
        ],
      },
    ]),
    "services[0].volumes[1].path",
    '"/data"',
    /is also the path of volumes\[0\]/,
  ],
  [
    "a volume readOnly of the wrong type",
    withServices([{ volumes: [{ name: "a", path: "/data", readOnly: "yes" }] }]),
    "services[0].volumes[0].readOnly",
    '"yes"',
    /must be boolean/,
  ],
  // ── jobs
  ["duplicate job names", withJobs(JOB, { ...JOB }), "jobs[1].name", '"cleanup"', /duplicates job "cleanup": names must be unique/],
  [
    "a job named like a service",
    withJobs({ ...JOB, name: "orders" }),
    "jobs[0].name",
    '"orders"',
    /is also a service's name: a job and a service of one name would share the repository and role names/,
  ],
  ["a job name that is no DNS label", withJobs({ ...JOB, name: "Cleanup" }), "jobs[0].name", '"Cleanup"', /job name must be a lowercase DNS label/],
  [
    "a job name whose IAM role name would pass 64 characters",
    { ...withJobs({ ...JOB, name: "j".repeat(26) }), project: "p".repeat(20) },
    "jobs[0].name",
    `"${"j".repeat(26)}"`,
    // the schedule's role is the longest: <project>-<env>-<job>-scheduler
    /makes the IAM role name "p{20}-staging-j{26}-scheduler" 65 characters; IAM allows 64, .* a job name may have at most 25 characters/,
  ],
  [
    "a job naming an unknown service",
    withJobs({ ...JOB, service: "billing" }),
    "jobs[0].service",
    '"billing"',
    /names no declared service; declared: orders, catalog/,
  ],
  [
    "a job with a service and an imageTag",
    withJobs({ ...JOB, service: "orders", imageTag: "2.0.0" }),
    "jobs[0].imageTag",
    '"2.0.0"',
    /must not be set with service: the job runs the image and tag of service orders/,
  ],
  ["a job imageTag latest", withJobs({ ...JOB, imageTag: "latest" }), "jobs[0].imageTag", '"latest"', /IMMUTABLE/],
  [
    "a bad schedule",
    withJobs({ ...JOB, schedule: "daily" }),
    "jobs[0].schedule",
    '"daily"',
    /must be cron\(minutes hours day-of-month month day-of-week year\), rate\(value unit\) or at\(yyyy-mm-ddThh:mm:ss\)/,
  ],
  ["a five-field cron", withJobs({ ...JOB, schedule: "cron(0 3 * * ?)" }), "jobs[0].schedule", '"cron(0 3 * * ?)"', /must have six fields/],
  [
    "a cron with both day fields set",
    withJobs({ ...JOB, schedule: "cron(0 3 1 * MON *)" }),
    "jobs[0].schedule",
    '"cron(0 3 1 * MON *)"',
    /must have \? in exactly one of day-of-month and day-of-week/,
  ],
  ["a rate of 0", withJobs({ ...JOB, schedule: "rate(0 minutes)" }), "jobs[0].schedule", '"rate(0 minutes)"', /positive integer value/],
  ["an at of no real day", withJobs({ ...JOB, schedule: "at(2027-02-30T03:00:00)" }), "jobs[0].schedule", '"at(2027-02-30T03:00:00)"', /real date and time/],
  ["a time zone offset", withJobs({ ...JOB, timezone: "+02:00" }), "jobs[0].timezone", '"+02:00"', /IANA time zone name like UTC or Europe\/Paris/],
  // Both passed the config and then stopped synth in the construct.
  [
    "a time zone not in the tz database",
    withJobs({ ...JOB, timezone: "Mars/Olympus" }),
    "jobs[0].timezone",
    '"Mars/Olympus"',
    /"Mars\/Olympus" is not in the tz database/,
  ],
  [
    "a time zone in the wrong case",
    withJobs({ ...JOB, timezone: "europe/paris" }),
    "jobs[0].timezone",
    '"europe/paris"',
    /spelled as the tz database does: "Europe\/Paris"/,
  ],
  ["a job without command", withJobs({ name: "cleanup", schedule: "rate(1 day)" }), "jobs[0].command", "nothing", /is required/],
  [
    "a job with an empty command",
    withJobs({ ...JOB, command: [] }),
    "jobs[0].command",
    "[]",
    /must list at least one argument: a job needs the command it runs/,
  ],
  ["a job without schedule", withJobs({ name: "cleanup", command: ["x"] }), "jobs[0].schedule", "nothing", /is required/],
  ["a job cpu/memory pair Fargate lacks", withJobs({ ...JOB, cpu: 256, memory: 4096 }), "jobs[0].memory", "4096", /not valid with cpu 256/],
  ["a job cpu Fargate lacks", withJobs({ ...JOB, cpu: 300 }), "jobs[0].cpu", "300", /Fargate cpu size/],
  [
    "a job secret with a malformed reference",
    withJobs({ ...JOB, secrets: { API_TOKEN: "secretsmanager:a#b#c" } }),
    "jobs[0].secrets.API_TOKEN",
    '"secretsmanager:a#b#c"',
    /must be a Secrets Manager secret ARN/,
  ],
  [
    "a job secret named like a database variable of its database service",
    withJobs({ ...JOB, service: "orders", secrets: { DB_USER: "ssm:/shop/user" } }),
    "jobs[0].secrets.DB_USER",
    '"ssm:/shop/user"',
    /is set by the platform/,
  ],
  [
    "a job secret named like a platform variable",
    withJobs({ ...JOB, secrets: { OTEL_SDK_DISABLED: "ssm:/shop/otel" } }),
    "jobs[0].secrets.OTEL_SDK_DISABLED",
    '"ssm:/shop/otel"',
    /is set by the platform/,
  ],
  ["a job with an empty permissions list", withJobs({ ...JOB, permissions: [] }), "jobs[0].permissions", "[]", /omit permissions instead/],
  [
    "a job with iam:PassRole on every resource",
    withJobs({ ...JOB, permissions: [{ actions: ["iam:PassRole"], resources: ["*"] }] }),
    "jobs[0].permissions[0].actions[0]",
    '"iam:PassRole"',
    /escalate/,
  ],
  ["an unknown job key", withJobs({ ...JOB, cron: "x" }), "jobs[0].cron", undefined, /allowed here: name, schedule, timezone, command, service/],
  ["jobs of the wrong type", { jobs: "cleanup" }, "jobs", '"cleanup"', /must be array/],
];

describe("workload config: invalid", () => {
  it.each(INVALID)("rejects %s, naming the field path and the value", (_what, overrides, path, value, allowed) => {
    // GIVEN a user file with one mistake / WHEN it is loaded / THEN a line names the path, shows the value and says what is allowed
    expectInvalidConfig(overrides, path, value, allowed);
  });

  it("rejects a job secret named like its service's plain variable (the job runs with that environment)", () => {
    // GIVEN orders with LOG_LEVEL in prod's environment, and a job of orders with a LOG_LEVEL secret
    const overrides = {
      ...withServices([{ overrides: { prod: { environment: { LOG_LEVEL: "warn" } } } }]),
      jobs: [{ ...JOB, service: "orders", secrets: { LOG_LEVEL: "ssm:/shop/log-level" } }],
    };
    // WHEN loaded THEN the job's secret is refused at its path
    expect(errorLines(overrides)).toEqual([expect.stringMatching(/^jobs\[0\]\.secrets\.LOG_LEVEL: .*is a plain environment variable of service orders/)]);
  });

  it("requires the ssm endpoint without NAT when a secret comes from Parameter Store", () => {
    // GIVEN dev without NAT (and without observability, which needs the internet), a service reading an SSM parameter
    const noNat = { natGateways: "none", interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "secretsmanager"] };
    const overrides = { observability: { enabled: false }, environments: { dev: noNat }, ...withServices([{ secrets: { FLAGS: "ssm:/shop/flags" } }]) };
    // WHEN loaded THEN dev's interfaceEndpoints must include ssm
    expect(errorLines(overrides)).toEqual([
      expect.stringMatching(/^environments\.dev\.interfaceEndpoints: .*must include ssm when natGateways is "none" and a secret comes from SSM/),
    ]);
    // AND with the endpoint it is accepted
    const fixed = { ...overrides, environments: { dev: { ...noNat, interfaceEndpoints: [...noNat.interfaceEndpoints, "ssm"] } } };
    expect(() => loadTestConfig({ overrides: fixed, env: {} })).not.toThrow();
  });

  it("rejects a config without a public service: the API needs a route", () => {
    // GIVEN only an internal service and a worker / WHEN loaded
    const lines = errorLines({
      services: [
        { name: "orders", expose: "internal", port: 8080 },
        { name: "mailer", expose: "none" },
      ],
    });
    // THEN one line at services says why
    expect(lines.filter((l) => l.startsWith("services: "))).toEqual([
      expect.stringMatching(/has no public service .* the API needs at least one route to deploy$/),
    ]);
  });

  it("accepts one public service among internal ones and workers", () => {
    // GIVEN a public service next to an internal one and a worker / WHEN loaded / THEN accepted
    expect(() =>
      loadTestConfig({
        overrides: {
          services: [
            { name: "web", port: 8080, pathPrefix: "/web" },
            { name: "orders", expose: "internal", port: 8080, allowFrom: ["web"] },
            { name: "mailer", expose: "none" },
          ],
        },
        env: {},
      }),
    ).not.toThrow();
  });

  it("reports a secret that clashes with a plain variable once, though every environment has it", () => {
    // GIVEN a secret and a plain variable of one name, service-wide
    const overrides = withServices([{ environment: { STRIPE_MODE: "live" }, secrets: { STRIPE_MODE: "ssm:/shop/mode" } }]);
    // WHEN loaded
    const lines = errorLines(overrides).filter((l) => l.includes("STRIPE_MODE"));
    // THEN one line
    expect(lines).toHaveLength(1);
  });

  it("accepts a worker as a caller in another service's allowFrom: the worker calls, the other service admits", () => {
    // GIVEN a worker named in an internal service's allowFrom (allowFrom lists callers)
    const overrides = withServices([], { name: "mailer", expose: "none" }, { name: "search", port: 9200, expose: "internal", allowFrom: ["mailer", "orders"] });
    // WHEN loaded / THEN accepted
    expect(loadTestConfig({ overrides, env: {} }).services.map((s) => s.name)).toEqual(["orders", "catalog", "mailer", "search"]);
  });
});

describe("workload config: valid", () => {
  it.each([
    ["the defaults (no workload keys at all)", {}],
    ["a public service with expose set explicitly", withServices([{ expose: "public" }])],
    [
      "an internal service with port and allowFrom",
      withServices([], { name: "search", port: 9200, expose: "internal", allowFrom: ["orders"], healthCheckPath: "/ready" }),
    ],
    ["a worker with only a name", withServices([], { name: "mailer", expose: "none" })],
    ["a worker with stripPrefix and defaultRoute false", withServices([], { name: "mailer", expose: "none", stripPrefix: false, defaultRoute: false })],
    [
      "a worker while observability is on (no port, so no clash with the collector's)",
      { ...withServices([], { name: "mailer", expose: "none" }), observability: { enabled: true } },
    ],
    [
      "an internal service and a public one with overlapping words",
      withServices([{ pathPrefix: "/search" }], { name: "search", port: 9200, expose: "internal" }),
    ],
    ["a $default route on a public service next to a worker", withServices([{ defaultRoute: true }], { name: "mailer", expose: "none" })],
    [
      "every secret reference form",
      withServices([
        {
          secrets: {
            A: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/a",
            B: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/b-AbCdEf:password::",
            C: "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/c",
            D: "secretsmanager:shop/d",
            E: "secretsmanager:shop/e#password",
            F: "ssm:/shop/f",
            G: { from: "ssm:/shop/g", kmsKeyArn: KEY_ARN },
            H: { from: "secretsmanager:shop/h" },
          },
        },
      ]),
    ],
    [
      "credential-like secret names",
      withServices([{ secrets: { DB_PASSWORD_REPLICA: "ssm:/shop/replica", API_TOKEN: "ssm:/shop/token", STRIPE_SECRET_KEY: "ssm:/shop/stripe" } }]),
    ],
    ["a database variable name as a secret of a service without database", withServices([{}, { secrets: { DB_HOST: "ssm:/shop/legacy-db-host" } }])],
    [
      "an override's secret replacing the service's",
      withServices([{ secrets: { A: "ssm:/shop/a" }, overrides: { prod: { secrets: { A: "ssm:/shop/a-prod" } } } }]),
    ],
    ["a secret and a plain variable of different names", withServices([{ environment: { STRIPE_MODE: "live" }, secrets: { STRIPE_KEY: "ssm:/shop/key" } }])],
    [
      "narrow permissions, with conditions",
      withServices([
        {
          permissions: [
            { actions: ["s3:GetObject", "s3:PutObject"], resources: ["arn:aws:s3:::shop-uploads/*"] },
            { actions: ["sqs:*"], resources: ["arn:aws:sqs:eu-west-1:123456789012:orders"] },
            { actions: ["iam:PassRole"], resources: ["arn:aws:iam::123456789012:role/shop-report"] },
            { actions: ["cloudwatch:PutMetricData"], resources: ["*"], conditions: { StringEquals: { "cloudwatch:namespace": "Shop" } } },
            {
              actions: ["s3:ListBucket"],
              resources: ["arn:aws:s3:::shop-uploads"],
              conditions: { "ForAnyValue:StringLike": { "s3:prefix": ["in/*", "out/*"] } },
            },
            { actions: ["iam:GetRole"], resources: ["*"] },
          ],
        },
      ]),
    ],
    ["a command and an entryPoint", withServices([{ command: ["node", "dist/server.js"], entryPoint: ["/usr/bin/tini", "--"] }])],
    [
      "volumes with distinct names and paths, one read-only",
      withServices([
        {
          volumes: [
            { name: "uploads", path: "/data/uploads" },
            { name: "models", path: "/srv/models", readOnly: true },
            { name: "tmp-like", path: "/tmpfiles" },
          ],
        },
      ]),
    ],
    ["the same volume name in two services", withServices([{ volumes: [{ name: "data", path: "/data" }] }, { volumes: [{ name: "data", path: "/data" }] }])],
    ["a job with its own image", withJobs(JOB)],
    [
      "a job of a service, with every schedule form",
      withJobs(
        { ...JOB, service: "orders" },
        { ...JOB, name: "hourly", schedule: "rate(1 hour)" },
        { ...JOB, name: "once", schedule: "at(2030-01-01T00:00:00)" },
      ),
    ],
    ["a job in a time zone", withJobs({ ...JOB, timezone: "America/Argentina/Buenos_Aires" })],
    [
      "a job with its own imageTag, size, secrets and permissions",
      withJobs({
        ...JOB,
        imageTag: "2.1.0",
        cpu: 512,
        memory: 2048,
        secrets: { API_TOKEN: "ssm:/shop/token" },
        permissions: [{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::shop-reports/*"] }],
      }),
    ],
    ["a job secret DB_USER without a database service", withJobs({ ...JOB, secrets: { DB_USER: "ssm:/shop/user" } })],
    [
      "conditions with a set qualifier and IfExists",
      withServices([
        {
          permissions: [
            {
              actions: ["s3:GetObject"],
              resources: ["arn:aws:s3:::shop/*"],
              conditions: { "ForAnyValue:StringLike": { "aws:PrincipalTag/team": ["shop*"] }, StringEqualsIfExists: { "aws:SourceVpc": "vpc-1" } },
            },
          ],
        },
      ]),
    ],
    ["a job name exactly at the IAM budget", { ...withJobs({ ...JOB, name: "j".repeat(25) }), project: "p".repeat(20) }],
    ["a job of a worker", { services: [ORDERS, CATALOG, { name: "mailer", expose: "none" }], jobs: [{ ...JOB, service: "mailer" }] }],
  ])("accepts %s", (_what, overrides) => {
    // GIVEN a valid use of a workload key (table) / WHEN loaded / THEN accepted
    expect(() => loadTestConfig({ overrides, env: {} })).not.toThrow();
  });
});

describe("workload config: resolution", () => {
  const config = loadTestConfig({
    env: {},
    overrides: {
      services: [
        {
          ...ORDERS,
          imageTag: "1.4.0",
          secrets: { STRIPE_KEY: "secretsmanager:shop/stripe#key", DB_REPLICA_PASSWORD: { from: "ssm:/shop/replica", kmsKeyArn: KEY_ARN } },
          permissions: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"], conditions: { StringEquals: { "aws:ResourceTag/team": ["shop"] } } }],
          command: ["node", "dist/server.js"],
          volumes: [{ name: "uploads", path: "/data/uploads" }],
          overrides: { prod: { imageTag: "1.3.9", secrets: { STRIPE_KEY: "secretsmanager:shop/stripe-live#key" } } },
        },
        { ...CATALOG, healthCheckPath: "/ready" },
        { name: "search", port: 9200, expose: "internal", allowFrom: ["orders"] },
        { name: "mailer", expose: "none", entryPoint: ["/bin/mailer"] },
      ],
      jobs: [
        {
          name: "nightly",
          schedule: "cron(0 3 * * ? *)",
          timezone: "Europe/Paris",
          command: ["node", "dist/nightly.js"],
          service: "orders",
          cpu: 512,
          memory: 1024,
          secrets: { STRIPE_KEY: "ssm:/shop/nightly-stripe", REPORT_TOKEN: "ssm:/shop/report" },
          permissions: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:reports"] }],
        },
        { name: "report", schedule: "rate(1 day)", command: ["report"] },
      ],
    },
  });
  const dev = resolveEnvironment(config, "dev");
  const prod = resolveEnvironment(config, "prod");
  const service = (env: typeof dev, name: string) => env.services.find((s) => s.name === name)!;
  const job = (env: typeof dev, name: string) => env.jobs.find((j) => j.name === name)!;

  it("normalizes a string secret to { from } and keeps a key's ARN", () => {
    // GIVEN a string and an object secret / WHEN dev is resolved / THEN both are { from, kmsKeyArn? }
    expect(service(dev, "orders").secrets).toEqual({
      STRIPE_KEY: { from: "secretsmanager:shop/stripe#key" },
      DB_REPLICA_PASSWORD: { from: "ssm:/shop/replica", kmsKeyArn: KEY_ARN },
    });
  });

  it("merges overrides.<env>.secrets over the service's in that environment only", () => {
    // GIVEN a prod override of one secret / WHEN prod and dev are resolved / THEN prod has the override, dev the service's, both the other secret
    expect(service(prod, "orders").secrets.STRIPE_KEY).toEqual({ from: "secretsmanager:shop/stripe-live#key" });
    expect(service(prod, "orders").secrets.DB_REPLICA_PASSWORD).toEqual({ from: "ssm:/shop/replica", kmsKeyArn: KEY_ARN });
    expect(service(dev, "orders").secrets.STRIPE_KEY).toEqual({ from: "secretsmanager:shop/stripe#key" });
  });

  it("carries permissions, command, entryPoint and volumes, with readOnly defaulted", () => {
    // GIVEN the workload keys of orders and mailer / WHEN dev is resolved / THEN they are carried as written, readOnly false
    const orders = service(dev, "orders");
    expect(orders.permissions).toEqual([
      { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"], conditions: { StringEquals: { "aws:ResourceTag/team": ["shop"] } } },
    ]);
    expect(orders.command).toEqual(["node", "dist/server.js"]);
    expect(orders.entryPoint).toBeUndefined();
    expect(orders.volumes).toEqual([{ name: "uploads", path: "/data/uploads", readOnly: false }]);
    expect(service(dev, "mailer")).toMatchObject({ entryPoint: ["/bin/mailer"], secrets: {}, permissions: [], volumes: [] });
    expect(service(dev, "mailer").command).toBeUndefined();
  });

  it("resolves each exposure: a path prefix for public services only, a port for all but workers", () => {
    // GIVEN a public, an internal and a worker service / WHEN dev is resolved
    // THEN expose is carried, pathPrefix only on the public one, no port on the worker, healthCheckPath defaulted
    expect(service(dev, "orders")).toMatchObject({ expose: "public", port: 8080, pathPrefix: "/orders", healthCheckPath: "/health" });
    expect(service(dev, "catalog")).toMatchObject({ expose: "public", healthCheckPath: "/ready" });
    const search = service(dev, "search");
    expect(search).toMatchObject({ expose: "internal", port: 9200, allowFrom: ["orders"], healthCheckPath: "/health" });
    expect(search.pathPrefix).toBeUndefined();
    const mailer = service(dev, "mailer");
    expect(mailer.expose).toBe("none");
    expect(mailer.port).toBeUndefined();
    expect(mailer.pathPrefix).toBeUndefined();
  });

  it("gives a job of a service the service's secrets (the job's win) and permissions (the job's added), and its tag", () => {
    // GIVEN a job of orders with a secret of the same name, one of its own, and a statement
    // WHEN prod is resolved
    const nightly = job(prod, "nightly");
    // THEN its secrets are the service's prod secrets with the job's over them
    expect(nightly.secrets).toEqual({
      STRIPE_KEY: { from: "ssm:/shop/nightly-stripe" },
      DB_REPLICA_PASSWORD: { from: "ssm:/shop/replica", kmsKeyArn: KEY_ARN },
      REPORT_TOKEN: { from: "ssm:/shop/report" },
    });
    // AND its permissions are the service's, then its own
    expect(nightly.permissions).toEqual([
      { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"], conditions: { StringEquals: { "aws:ResourceTag/team": ["shop"] } } },
      { actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:reports"] },
    ]);
    // AND it runs the service's image tag in that environment, with its own size and schedule
    expect(nightly).toMatchObject({
      service: "orders",
      imageTag: "1.3.9",
      cpu: 512,
      memory: 1024,
      schedule: "cron(0 3 * * ? *)",
      timezone: "Europe/Paris",
      command: ["node", "dist/nightly.js"],
    });
    expect(job(dev, "nightly").imageTag).toBe("1.4.0");
  });

  it("defaults a job without a service: its own tag 1.0.0, UTC, 256/512, nothing else", () => {
    // GIVEN a job with name, schedule and command only / WHEN dev is resolved / THEN the defaults
    expect(job(dev, "report")).toEqual({
      name: "report",
      schedule: "rate(1 day)",
      timezone: "UTC",
      command: ["report"],
      cpu: 256,
      memory: 512,
      imageTag: "1.0.0",
      secrets: {},
      permissions: [],
    });
  });

  it("resolves no jobs, and public services without workload keys, from the defaults", () => {
    // GIVEN the embedded defaults / WHEN every environment is resolved / THEN no jobs, services public with empty workload keys
    const defaults = loadTestConfig({ overrides: {}, env: {} });
    for (const env of ["dev", "staging", "prod"] as const) {
      const resolved = resolveEnvironment(defaults, env);
      expect(resolved.jobs).toEqual([]);
      for (const svc of resolved.services) {
        expect(svc).toMatchObject({ expose: "public", port: 8080, healthCheckPath: "/health", secrets: {}, permissions: [], volumes: [] });
        expect(svc.command).toBeUndefined();
        expect(svc.entryPoint).toBeUndefined();
      }
    }
  });
});

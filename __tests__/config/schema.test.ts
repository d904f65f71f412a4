import { loadTestConfig } from "../support/environments";
import { ConfigError, resolveEnvironment } from "../../src/config";
import { DEFAULT_CONFIG } from "../../src/config/defaults";

/** The default services (orders, catalog) with per-index patches: a user's services list replaces the defaults. */
function services(...patches: Record<string, unknown>[]): Record<string, unknown>[] {
  const base = JSON.parse(JSON.stringify(DEFAULT_CONFIG.services)) as Record<string, unknown>[];
  patches.forEach((p, i) => Object.assign(base[i], p));
  return base;
}

/** The ConfigError message for a user file `overrides` merged over the defaults. */
function errorFor(overrides: unknown): string {
  try {
    loadTestConfig({ overrides, env: {} });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error(`config was accepted: ${JSON.stringify(overrides)}`);
}

/**
 * One invalid config per schema rule: [what, user file, field path, the value as the
 * message shows it (undefined: an unknown key or hidden value), what is allowed].
 */
type Case = [string, unknown, string, string | undefined, RegExp];

const CASES: Case[] = [
  // ── top level and wrong types
  ["project not a DNS label", { project: "Acme" }, "project", '"Acme"', /must be 1–20 characters of a–z, 0–9 and '-', starting with a letter/],
  ["project too long (20, not 63)", { project: "a".repeat(21) }, "project", `"${"a".repeat(21)}"`, /must be 1–20 characters/],
  ["project with '--' (RDS identifiers forbid it)", { project: "my--app" }, "project", '"my--app"', /must not contain '--'/],
  ["project starting with sg- (EC2 reserves it for group ids)", { project: "sg-shop" }, "project", '"sg-shop"', /must not start with 'sg-'/],
  ["project of the wrong type", { project: 42 }, "project", "42", /must be string/],
  ["region format", { region: "europe-1" }, "region", '"europe-1"', /AWS region name like eu-west-1/],
  ["state bucket name", { state: { bucket: "Bad_Bucket" } }, "state.bucket", '"Bad_Bucket"', /3–63 characters of a–z, 0–9, '\.' and '-'/],
  ["state bucket with adjacent periods", { state: { bucket: "acme..state" } }, "state.bucket", '"acme..state"', /two adjacent periods/],
  ["state bucket shaped like an IP address", { state: { bucket: "192.168.5.4" } }, "state.bucket", '"192.168.5.4"', /formatted as an IP address/],
  ["state bucket with a reserved prefix", { state: { bucket: "xn--state" } }, "state.bucket", '"xn--state"', /must not start with "xn--"/],
  ["state bucket with the sthree- prefix", { state: { bucket: "sthree-state" } }, "state.bucket", '"sthree-state"', /must not start with "sthree-"/],
  ["state bucket with a reserved suffix", { state: { bucket: "acme-state-s3alias" } }, "state.bucket", '"acme-state-s3alias"', /must not end with "-s3alias"/],
  [
    "state bucket too long for its access-log bucket (59 characters)",
    { state: { bucket: "a".repeat(59) } },
    "state.bucket",
    `"${"a".repeat(59)}"`,
    /access-log bucket "a+-logs" invalid: .* at most 58 characters/,
  ],
  ["state bucket with the --ol-s3 suffix", { state: { bucket: "acme--ol-s3" } }, "state.bucket", '"acme--ol-s3"', /must not end with "--ol-s3"/],
  ["domain not a host name", { domain: { name: "example" } }, "domain.name", '"example"', /host name like example.com/],
  ["zone id not 32 hex", { domain: { cloudflareZoneId: "xyz" } }, "domain.cloudflareZoneId", '"xyz"', /32 lowercase hex/],
  ["apiSubdomain not a label", { domain: { apiSubdomain: "api.v2" } }, "domain.apiSubdomain", '"api.v2"', /DNS label/],
  [
    "zoneSettingsOwner not an environment",
    { domain: { zoneSettingsOwner: "qa" } },
    "domain.zoneSettingsOwner",
    '"qa"',
    /names no declared environment; declared: dev, staging, prod/,
  ],
  ["otlpEndpoint not a URL", { observability: { otlpEndpoint: "grafana" } }, "observability.otlpEndpoint", '"grafana"', /must be an https:\/\/ URL/],
  [
    "a rate-limit period Cloudflare does not offer",
    { domain: { rateLimit: { requestsPerPeriod: 100, periodSeconds: 30 } } },
    "domain.rateLimit.periodSeconds",
    "30",
    /one of 10, 60, 120, 300, 600, 3600/,
  ],
  ["a rate limit of 0 requests", { domain: { rateLimit: { requestsPerPeriod: 0 } } }, "domain.rateLimit.requestsPerPeriod", "0", /> 0/],
  [
    "otlpEndpoint not https",
    { observability: { otlpEndpoint: "http://otlp.example.com" } },
    "observability.otlpEndpoint",
    '"http://otlp.example.com"',
    /https:\/\//,
  ],
  [
    "collector image tagged latest",
    { observability: { collectorImage: "otel/opentelemetry-collector-contrib:latest" } },
    "observability.collectorImage",
    '"otel/opentelemetry-collector-contrib:latest"',
    /must not be tagged "latest"/,
  ],
  [
    "collector image without tag",
    { observability: { collectorImage: "otel/collector" } },
    "observability.collectorImage",
    '"otel/collector"',
    /pin a tag or digest/,
  ],
  [
    "collector image with a space",
    { observability: { collectorImage: "otel/collector :1" } },
    "observability.collectorImage",
    '"otel/collector :1"',
    /image reference/,
  ],
  ["observability.enabled of the wrong type", { observability: { enabled: "yes" } }, "observability.enabled", '"yes"', /must be boolean/],
  ["no services", { services: [] }, "services", "[]", /at least one service/],
  ["services of the wrong type", { services: "orders" }, "services", '"orders"', /must be array/],
  // ── services
  ["service name not a label", { services: services({}, { name: "Catalog" }) }, "services[1].name", '"Catalog"', /DNS label/],
  ["port 0", { services: services({ port: 0 }) }, "services[0].port", "0", /1–65535/],
  ["port 70000", { services: services({ port: 70000 }) }, "services[0].port", "70000", /1–65535/],
  ["port not an integer", { services: services({ port: 80.5 }) }, "services[0].port", "80.5", /int/i],
  ["cpu not a Fargate size", { services: services({}, { cpu: 300 }) }, "services[1].cpu", "300", /Fargate cpu size: 256, 512/],
  [
    "memory not valid for the cpu",
    { services: services({ cpu: 256, memory: 4096 }) },
    "services[0].memory",
    "4096",
    /not valid with cpu 256: allowed 512–2048/,
  ],
  ["pathPrefix without leading slash", { services: services({ pathPrefix: "orders" }) }, "services[0].pathPrefix", '"orders"', /start with '\/'/],
  ["pathPrefix with trailing slash", { services: services({ pathPrefix: "/orders/" }) }, "services[0].pathPrefix", '"/orders/"', /no trailing/],
  ["healthCheckPath without slash", { services: services({}, { healthCheckPath: "health" }) }, "services[1].healthCheckPath", '"health"', /start with '\/'/],
  [
    "healthCheckPath a shell would read",
    { services: services({ healthCheckPath: "/health'; rm -rf /" }) },
    "services[0].healthCheckPath",
    '"/health\'; rm -rf /"',
    /only letters, digits and \._~-\/\?=&%\+/,
  ],
  [
    "a collector port while observability is on",
    { services: services({ port: 4318 }) },
    "services[0].port",
    "4318",
    /taken by the OpenTelemetry collector sidecar/,
  ],
  ["negative desiredCount", { services: services({ desiredCount: -1 }) }, "services[0].desiredCount", "-1", /≥ 0/],
  [
    "desiredCount above the ECS tasks-per-service quota",
    { services: services({ desiredCount: 5001 }) },
    "services[0].desiredCount",
    "5001",
    /≤ 5000, the default ECS quota of tasks per service/,
  ],
  [
    "an override maxCapacity above the quota",
    { services: services({ overrides: { prod: { maxCapacity: 6000 } } }) },
    "services[0].overrides.prod.maxCapacity",
    "6000",
    /≤ 5000/,
  ],
  [
    "an environment maxCapacity above the quota",
    { environments: { prod: { autoscaling: { maxCapacity: 10000 } } } },
    "environments.prod.autoscaling.maxCapacity",
    "10000",
    /≤ 5000/,
  ],
  [
    "a service name whose IAM role name would pass 64 characters",
    { services: services({}, { name: "catalog-with-a-name-long-enough-to-break-iam-role", pathPrefix: "/c" }) },
    "services[1].name",
    '"catalog-with-a-name-long-enough-to-break-iam-role"',
    /makes the IAM role name "platform-staging-catalog-with-a-name-long-enough-to-break-iam-role-exec" 71 characters; IAM allows 64, so .* at most 42 characters/,
  ],
  [
    "a database service named like an RDS role (rds_*)",
    { services: services({ name: "rds-reports", pathPrefix: "/r" }) },
    "services[0].name",
    '"rds-reports"',
    /names the database user "rds_reports", which is reserved by PostgreSQL or RDS/,
  ],
  [
    "a database service named postgres",
    { services: services({ name: "postgres", pathPrefix: "/pg" }) },
    "services[0].name",
    '"postgres"',
    /names the database user "postgres", which is reserved/,
  ],
  [
    "a database service named like the master user",
    { services: services({ name: "app-admin", pathPrefix: "/a" }) },
    "services[0].name",
    '"app-admin"',
    /names the database user "app_admin", which must not be the master user/,
  ],
  [
    "a platform-set variable (OTEL_SERVICE_NAME)",
    { services: services({ environment: { OTEL_SERVICE_NAME: "x" } }) },
    "services[0].environment.OTEL_SERVICE_NAME",
    '"x"',
    /is set by the platform/,
  ],
  [
    "a platform-set database variable on a database service",
    { services: services({ environment: { DB_HOST: "db" } }) },
    "services[0].environment.DB_HOST",
    '"db"',
    /is set by the platform/,
  ],
  [
    "a platform-set variable inside an override",
    { services: services({}, { overrides: { staging: { environment: { OTEL_EXPORTER_OTLP_ENDPOINT: "x" } } } }) },
    "services[1].overrides.staging.environment.OTEL_EXPORTER_OTLP_ENDPOINT",
    '"x"',
    /is set by the platform/,
  ],
  ["duplicate service names", { services: services({}, { name: "orders" }) }, "services[1].name", '"orders"', /names must be unique/],
  [
    "duplicate pathPrefix",
    { services: services({}, { pathPrefix: "/orders" }) },
    "services[1].pathPrefix",
    '"/orders"',
    /duplicates the pathPrefix of service orders/,
  ],
  [
    "a pathPrefix that shadows another",
    { services: services({ pathPrefix: "/shop" }, { pathPrefix: "/shop/catalog" }) },
    "services[0].pathPrefix",
    '"/shop"',
    /prefix of service catalog's pathPrefix \/shop\/catalog/,
  ],
  [
    "allowFrom an unknown caller",
    { services: services({}, { allowFrom: ["billing"] }) },
    "services[1].allowFrom[0]",
    '"billing"',
    /names no declared service; declared: orders, catalog/,
  ],
  [
    "allowFrom repeating a caller",
    { services: services({}, { allowFrom: ["orders", "orders"] }) },
    "services[1].allowFrom[1]",
    '"orders"',
    /repeats "orders": list each caller once/,
  ],
  ["allowFrom itself", { services: services({}, { allowFrom: ["catalog"] }) }, "services[1].allowFrom[0]", '"catalog"', /need not allow itself/],
  [
    "two $default routes",
    { services: services({ defaultRoute: true }, { defaultRoute: true }) },
    "services[1].defaultRoute",
    "true",
    /only one service may own the \$default route/,
  ],
  [
    "a credential in environment (value hidden)",
    { services: services({ environment: { DB_PASSWORD: "hunter2" } }) },
    "services[0].environment.DB_PASSWORD",
    undefined,
    /Secrets Manager/,
  ],
  ["imageTag latest", { services: services({ imageTag: "latest" }) }, "services[0].imageTag", '"latest"', /IMMUTABLE/],
  [
    "an override with a bad cpu/memory pair",
    { services: services({ overrides: { prod: { cpu: 512, memory: 512 } } }) },
    "services[0].overrides.prod.memory",
    "512",
    /not valid with cpu 512/,
  ],
  [
    "an override with maxCapacity < minCapacity",
    { services: services({ overrides: { prod: { minCapacity: 4, maxCapacity: 2 } } }) },
    "services[0].overrides.prod.maxCapacity",
    "2",
    /≥ minCapacity \(4\)/,
  ],
  [
    "an environment variable name with a dash",
    { services: services({ environment: { "LOG-LEVEL": "info" } }) },
    "services[0].environment.LOG-LEVEL",
    '"info"',
    /not a valid variable name/,
  ],
  [
    "an override maxCapacity below the environment's minCapacity",
    { services: services({ overrides: { staging: { maxCapacity: 1 } } }) },
    "services[0].overrides.staging.maxCapacity",
    "1",
    /≥ minCapacity \(2, from environments\.staging\.autoscaling\.minCapacity\)/,
  ],
  [
    "an override minCapacity above the environment's maxCapacity",
    { services: services({ overrides: { dev: { minCapacity: 3 } } }) },
    "services[0].overrides.dev.minCapacity",
    "3",
    /≤ maxCapacity \(2, from environments\.dev\.autoscaling\.maxCapacity\)/,
  ],
  [
    "a negative override minCapacity",
    { services: services({ overrides: { dev: { minCapacity: -1 } } }) },
    "services[0].overrides.dev.minCapacity",
    "-1",
    /must be ≥ 0/,
  ],
  [
    "a credential in an override's environment",
    { services: services({ overrides: { dev: { environment: { API_TOKEN: "t" } } } }) },
    "services[0].overrides.dev.environment.API_TOKEN",
    undefined,
    /Secrets Manager/,
  ],
  ["a throttle burst of 0", { services: services({ throttle: { burstLimit: 0, rateLimit: 10 } }) }, "services[0].throttle.burstLimit", "0", /> 0/],
  // ── environments
  ["vpcCidr prefix /8", { environments: { prod: { vpcCidr: "10.0.0.0/8" } } }, "environments.prod.vpcCidr", '"10.0.0.0/8"', /between \/16 and \/24/],
  ["vpcCidr prefix /28", { environments: { prod: { vpcCidr: "10.30.0.0/28" } } }, "environments.prod.vpcCidr", '"10.30.0.0/28"', /between \/16 and \/24/],
  [
    "vpcCidr with host bits",
    { environments: { dev: { vpcCidr: "10.10.0.1/16" } } },
    "environments.dev.vpcCidr",
    '"10.10.0.1/16"',
    /host bits must be zero \(did you mean 10.10.0.0\/16\?\)/,
  ],
  ["vpcCidr not a CIDR", { environments: { dev: { vpcCidr: "banana" } } }, "environments.dev.vpcCidr", '"banana"', /IPv4 CIDR block like 10.0.0.0\/16/],
  [
    "vpcCidr in loopback",
    { environments: { dev: { vpcCidr: "127.0.0.0/16" } } },
    "environments.dev.vpcCidr",
    '"127.0.0.0/16"',
    /must not overlap 127\.0\.0\.0\/8, loopback/,
  ],
  ["vpcCidr in link-local", { environments: { dev: { vpcCidr: "169.254.0.0/16" } } }, "environments.dev.vpcCidr", '"169.254.0.0/16"', /link-local/],
  ["vpcCidr in multicast", { environments: { dev: { vpcCidr: "224.1.0.0/16" } } }, "environments.dev.vpcCidr", '"224.1.0.0/16"', /multicast/],
  ["vpcCidr in 0.0.0.0/8", { environments: { dev: { vpcCidr: "0.0.0.0/16" } } }, "environments.dev.vpcCidr", '"0.0.0.0/16"', /"this network"/],
  ["vpcCidr in the reserved class E", { environments: { dev: { vpcCidr: "250.0.0.0/16" } } }, "environments.dev.vpcCidr", '"250.0.0.0/16"', /reserved/],
  [
    "a /24 too small for 6 AZs",
    { region: "us-east-1", environments: { prod: { vpcCidr: "10.30.0.0/24", azCount: 6 } } },
    "environments.prod.vpcCidr",
    '"10.30.0.0/24"',
    /too small for 6 AZs: .* use a \/23 or larger VPC/,
  ],
  [
    "more AZs than the region has",
    { environments: { prod: { azCount: 4 } } },
    "environments.prod.azCount",
    "4",
    /more than eu-west-1 has: 3 availability zones/,
  ],
  [
    "an AZ letter the region lacks",
    { region: "ap-northeast-1", environments: { dev: { azs: ["ap-northeast-1a", "ap-northeast-1b"] } } },
    "environments.dev.azs[1]",
    '"ap-northeast-1b"',
    /not an availability zone of ap-northeast-1; it has ap-northeast-1a, ap-northeast-1c, ap-northeast-1d/,
  ],
  ["us-west-1 without explicit AZs", { region: "us-west-1" }, "environments.dev.azs", "nothing", /must be set for us-west-1: its AZ names differ per account/],
  [
    "a region the AZ table lacks, without explicit AZs",
    { region: "mx-central-1" },
    "environments.dev.azs",
    "nothing",
    /must be set for mx-central-1: its availability zones are not in the platform's table/,
  ],
  [
    "an API host over ACM's 64 characters",
    { domain: { name: "a-very-long-subdomain-label-for-the-company.example-enterprises.com" } },
    "domain.name",
    '"a-very-long-subdomain-label-for-the-company.example-enterprises.com"',
    /makes the dev API host .* characters; an ACM certificate's domain name may have at most 64/,
  ],
  ["vpcCidr octet > 255", { environments: { dev: { vpcCidr: "10.300.0.0/16" } } }, "environments.dev.vpcCidr", '"10.300.0.0/16"', /0–255/],
  [
    "overlapping CIDRs",
    { environments: { staging: { vpcCidr: "10.10.128.0/17" } } },
    "environments.staging.vpcCidr",
    '"10.10.128.0/17"',
    /overlaps environments.dev.vpcCidr \(10.10.0.0\/16\)/,
  ],
  ["azCount 1", { environments: { dev: { azCount: 1 } } }, "environments.dev.azCount", "1", /2–6/],
  ["azCount 7", { environments: { prod: { azCount: 7 } } }, "environments.prod.azCount", "7", /2–6/],
  ["azCount of the wrong type", { environments: { prod: { azCount: "3" } } }, "environments.prod.azCount", '"3"', /must be number/],
  [
    "azs not matching azCount",
    { environments: { prod: { azs: ["eu-west-1a", "eu-west-1b"] } } },
    "environments.prod.azs",
    '["eu-west-1a","eu-west-1b"]',
    /exactly azCount \(3\)/,
  ],
  ["azs repeated", { environments: { dev: { azs: ["eu-west-1a", "eu-west-1a"] } } }, "environments.dev.azs", '["eu-west-1a","eu-west-1a"]', /must not repeat/],
  [
    "an AZ of another region",
    { environments: { dev: { azs: ["us-east-1a", "eu-west-1b"] } } },
    "environments.dev.azs[0]",
    '"us-east-1a"',
    /availability zone of eu-west-1/,
  ],
  [
    "natGateways not an option",
    { environments: { prod: { natGateways: "two" } } },
    "environments.prod.natGateways",
    '"two"',
    /one of "single", "perAz", "none"/,
  ],
  [
    "natGateways none with telemetry export on",
    { environments: { dev: { natGateways: "none", ecs: { enableExecuteCommand: false } } } },
    "environments.dev.natGateways",
    '"none"',
    /observability.enabled/,
  ],
  [
    "natGateways none without the ECR endpoints",
    { observability: { enabled: false }, environments: { staging: { natGateways: "none", interfaceEndpoints: ["logs", "secretsmanager"] } } },
    "environments.staging.interfaceEndpoints",
    '["logs","secretsmanager"]',
    /must include ecr.api when natGateways is "none"/,
  ],
  [
    "a repeated interface endpoint",
    { environments: { dev: { interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "logs"] } } },
    "environments.dev.interfaceEndpoints",
    '["ecr.api","ecr.dkr","logs","secretsmanager","logs"]',
    /must not repeat/,
  ],
  [
    "an unknown interface endpoint",
    { environments: { dev: { interfaceEndpoints: ["ecr.api", "s3"] } } },
    "environments.dev.interfaceEndpoints[1]",
    '"s3"',
    /one of "ecr.api"/,
  ],
  [
    "a retention CloudWatch does not offer",
    { environments: { dev: { flowLogRetentionDays: 10 } } },
    "environments.dev.flowLogRetentionDays",
    "10",
    /retention values: 1, 3, 5, 7, 14/,
  ],
  [
    "an instance class without db.",
    { environments: { prod: { database: { instanceClass: "t4g.micro" } } } },
    "environments.prod.database.instanceClass",
    '"t4g.micro"',
    /like db.t4g.micro/,
  ],
  [
    "allocatedStorage below 20",
    { environments: { prod: { database: { allocatedStorage: 10 } } } },
    "environments.prod.database.allocatedStorage",
    "10",
    /20–65536/,
  ],
  [
    "maxAllocatedStorage below allocatedStorage",
    { environments: { prod: { database: { maxAllocatedStorage: 40 } } } },
    "environments.prod.database.maxAllocatedStorage",
    "40",
    /≥ allocatedStorage \(50\)/,
  ],
  [
    "backupRetentionDays 40",
    { environments: { prod: { database: { backupRetentionDays: 40 } } } },
    "environments.prod.database.backupRetentionDays",
    "40",
    /1–35/,
  ],
  [
    "monitoringInterval 7",
    { environments: { prod: { database: { monitoringInterval: 7 } } } },
    "environments.prod.database.monitoringInterval",
    "7",
    /one of 1, 5, 10, 15, 30, 60/,
  ],
  [
    "an engine version past RDS standard support",
    { environments: { prod: { database: { engineVersion: "13" } } } },
    "environments.prod.database.engineVersion",
    '"13"',
    /must be one of "14", "15", "16", "17", "18"/,
  ],
  [
    "an engine version with a minor",
    { environments: { dev: { database: { engineVersion: "16.4" } } } },
    "environments.dev.database.engineVersion",
    '"16.4"',
    /must be one of "14", "15", "16", "17", "18"/,
  ],
  [
    "an engine version as a number",
    { environments: { staging: { database: { engineVersion: 17 } } } },
    "environments.staging.database.engineVersion",
    "17",
    /must be one of "14", "15", "16", "17", "18"/,
  ],
  [
    "allowMajorVersionUpgrade of the wrong type",
    { environments: { prod: { database: { allowMajorVersionUpgrade: "yes" } } } },
    "environments.prod.database.allowMajorVersionUpgrade",
    '"yes"',
    /must be boolean/,
  ],
  [
    "containerInsights disabled",
    { environments: { prod: { ecs: { containerInsights: "disabled" } } } },
    "environments.prod.ecs.containerInsights",
    '"disabled"',
    /one of "enabled", "enhanced"/,
  ],
  ["autoscaling min below 0", { environments: { dev: { autoscaling: { minCapacity: -1 } } } }, "environments.dev.autoscaling.minCapacity", "-1", /must be ≥ 0/],
  [
    "autoscaling max below min",
    { environments: { staging: { autoscaling: { maxCapacity: 1 } } } },
    "environments.staging.autoscaling.maxCapacity",
    "1",
    /≥ minCapacity \(2\)/,
  ],
  ["cpu target 99%", { environments: { dev: { autoscaling: { cpuTargetPercent: 99 } } } }, "environments.dev.autoscaling.cpuTargetPercent", "99", /10–95/],
  ["stage rate limit 0", { environments: { dev: { api: { throttle: { rateLimit: 0 } } } } }, "environments.dev.api.throttle.rateLimit", "0", /> 0/],
  [
    "clientProfiles on an HTTP API",
    { environments: { prod: { api: { clientProfiles: [{ name: "gold", rateLimit: 100, burstLimit: 200 }] } } } },
    "environments.prod.api.clientProfiles",
    '[{"name":"gold","rateLimit":100,"burstLimit":200}]',
    /exist only on REST APIs: set kind: "rest"/,
  ],
  // ── checks
  [
    "a suppression without reason",
    { checks: { suppress: [{ rule: "rds-not-public", address: "aws_db_instance.db" }] } },
    "checks.suppress[0].reason",
    "nothing",
    /is required/,
  ],
  [
    "a suppression with a blank reason",
    { checks: { suppress: [{ rule: "rds-not-public", address: "aws_db_instance.db", reason: "  " }] } },
    "checks.suppress[0].reason",
    '"  "',
    /needs a reason/,
  ],
  ["a suppression without rule", { checks: { suppress: [{ rule: "", address: "x", reason: "y" }] } }, "checks.suppress[0].rule", '""', /must name a rule id/],
  [
    "a suppression without address",
    { checks: { suppress: [{ rule: "r", address: "", reason: "y" }] } },
    "checks.suppress[0].address",
    '""',
    /resource address/,
  ],
  // ── unknown keys at several levels (typos must not pass silently)
  ["an unknown top-level key", { projcet: "acme" }, "projcet", undefined, /unknown key \(a typo\?\) — allowed here: \$schema, project, region/],
  ["an unknown domain key", { domain: { zone: "x" } }, "domain.zone", undefined, /allowed here: name, cloudflareZoneId, apiSubdomain, zoneSettingsOwner/],
  [
    "an environment of another name without a profile",
    { environments: { qa: {} } },
    "environments.qa.profile",
    "nothing",
    /is required for an environment not named dev, staging, prod: one of "dev", "staging", "prod"/,
  ],
  ["an unknown profile", { environments: { qa: { profile: "perf" } } }, "environments.qa.profile", '"perf"', /must be one of "dev", "staging", "prod"/],
  [
    "an environment name that is no short DNS label",
    { environments: { "eu-production": { profile: "prod", vpcCidr: "10.40.0.0/16" } } },
    "environments.eu-production",
    '"eu-production"',
    /must be a lowercase DNS label of 1–12 characters/,
  ],
  [
    "an environment named bootstrap",
    { environments: { bootstrap: { profile: "dev", vpcCidr: "10.40.0.0/16" } } },
    "environments.bootstrap",
    '"bootstrap"',
    /the name of the state stack/,
  ],
  [
    "an unknown environment setting",
    { environments: { prod: { vpcCIDR: "10.0.0.0/16" } } },
    "environments.prod.vpcCIDR",
    undefined,
    /allowed here: profile, account, region, assumeRoleArn, vpcCidr, azCount/,
  ],
  [
    "an unknown database setting",
    { environments: { prod: { database: { multiAZ: true } } } },
    "environments.prod.database.multiAZ",
    undefined,
    /allowed here: instanceClass/,
  ],
  ["an unknown service key", { services: services({ prot: 8080 }) }, "services[0].prot", undefined, /allowed here: name, port/],
  [
    "an unknown override environment",
    { services: services({ overrides: { qa: { cpu: 512 } } }) },
    "services[0].overrides.qa",
    '{"cpu":512}',
    /names no declared environment; declared: dev, staging, prod/,
  ],
  [
    "an unknown suppression key",
    { checks: { suppress: [{ rule: "r", address: "a", reason: "x", until: "2025" }] } },
    "checks.suppress[0].until",
    undefined,
    /allowed here: rule, address, reason/,
  ],
];

describe("ConfigSchema: invalid configs", () => {
  it("has at least 25 cases, and covers the cross-field rules the issue names", () => {
    // GIVEN the table of mistakes / WHEN counted / THEN at least 25, the cross-field rules among them
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    const titles = CASES.map((c) => c[0]);
    for (const t of [
      "natGateways none with telemetry export on",
      "overlapping CIDRs",
      "a pathPrefix that shadows another",
      "clientProfiles on an HTTP API",
      "allowFrom an unknown caller",
      "duplicate service names",
      "memory not valid for the cpu",
    ]) {
      expect(titles).toContain(t);
    }
  });

  it.each(CASES)("rejects %s, naming the field path and the value", (_what, overrides, path, value, allowed) => {
    // GIVEN a user file with one mistake WHEN it is loaded
    const message = errorFor(overrides);
    // THEN the message names the path, shows the value (or says the key is unknown), and what is allowed
    const line = message.split("\n").find((l) => l.includes(`- ${path}:`));
    expect(line).toBeDefined();
    if (value === undefined) expect(line).toMatch(/: (unknown key|got \(value hidden\))/);
    else expect(line).toContain(`${path}: got ${value} — `);
    expect(line).toMatch(allowed);
  });

  it("reports an out-of-range azCount once, without region advice on top", () => {
    // GIVEN an azCount above the platform's range WHEN the config is loaded
    const lines = errorFor({ environments: { prod: { azCount: 9 } } })
      .split("\n")
      .filter((l) => l.includes("- environments.prod.azCount:"));
    // THEN one line, the range
    expect(lines).toEqual(["  - environments.prod.azCount: got 9 — must be 2–6"]);
  });

  it("never prints a credential's value", () => {
    // GIVEN a password in a service's plain environment / WHEN loaded / THEN the error never shows it
    const message = errorFor({ services: services({ environment: { DB_PASSWORD: "hunter2-secret" } }) });
    expect(message).not.toContain("hunter2-secret");
  });

  it("accepts ECS Exec with no NAT and no ssmmessages endpoint: the network adds that endpoint itself", () => {
    // GIVEN ECS Exec without NAT or ssmmessages / WHEN loaded / THEN accepted
    const config = loadTestConfig({
      overrides: { observability: { enabled: false }, environments: { dev: { natGateways: "none", ecs: { enableExecuteCommand: true } } } },
      env: {},
    });
    expect(config.environments.dev.interfaceEndpoints).not.toContain("ssmmessages");
  });

  it.each([
    ["a punycode IDN domain", { domain: { name: "xn--bcher-kva.xn--p1ai" } }],
    ["a punycode label under an ASCII TLD", { domain: { name: "xn--mnchen-3ya.de" } }],
    ["a region without a 'b' zone, with default AZs", { region: "ap-northeast-1" }],
    [
      "us-west-1 with explicit AZs",
      {
        region: "us-west-1",
        environments: {
          dev: { azs: ["us-west-1b", "us-west-1c"] },
          staging: { azs: ["us-west-1b", "us-west-1c"] },
          prod: { azCount: 2, azs: ["us-west-1b", "us-west-1c"] },
        },
      },
    ],
    ["a publicly routable VPC block", { environments: { dev: { vpcCidr: "100.64.0.0/16" } } }],
    ["a service name exactly at the IAM budget (42 with platform/staging)", { services: services({}, { name: "c".repeat(42) }) }],
    ["a bucket name with single dots", { state: { bucket: "acme.terraform.state" } }],
    ["4 AZs in a region that has them", { region: "us-east-1", environments: { prod: { azCount: 4 } } }],
    ["5000 tasks", { services: services({ desiredCount: 5000 }) }],
    ["a state bucket of 58 characters", { state: { bucket: "a".repeat(58) } }],
    ["a service named rds-reports without a database", { services: services({}, { name: "rds-reports" }) }],
    [
      "a region the table lacks, with explicit AZs",
      {
        region: "mx-central-1",
        environments: {
          dev: { azs: ["mx-central-1a", "mx-central-1b"] },
          staging: { azs: ["mx-central-1a", "mx-central-1b"] },
          prod: { azs: ["mx-central-1a", "mx-central-1b", "mx-central-1c"] },
        },
      },
    ],
  ])("accepts %s", (_what, overrides) => {
    // GIVEN an unusual but valid value (table) / WHEN loaded / THEN accepted
    expect(() => loadTestConfig({ overrides, env: {} })).not.toThrow();
  });

  it("defaults the AZs to the letters the region has", () => {
    // GIVEN a region without an a-zone / WHEN prod is resolved / THEN its real AZ letters
    const config = loadTestConfig({ overrides: { region: "ap-northeast-1" }, env: {} });
    expect(resolveEnvironment(config, "prod").azs).toEqual(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
  });

  it("defaults every environment to PostgreSQL 16 with major upgrades off, and takes a per-environment upgrade", () => {
    // GIVEN the defaults, then an upgrade for one environment / WHEN loaded / THEN 16 without upgrades, except there
    const defaults = loadTestConfig({ overrides: {}, env: {} });
    for (const env of ["dev", "staging", "prod"] as const) {
      expect(defaults.environments[env].database).toMatchObject({ engineVersion: "16", allowMajorVersionUpgrade: false });
    }
    const upgraded = loadTestConfig({ overrides: { environments: { dev: { database: { engineVersion: "17", allowMajorVersionUpgrade: true } } } }, env: {} });
    expect(upgraded.environments.dev.database).toMatchObject({ engineVersion: "17", allowMajorVersionUpgrade: true });
    expect(upgraded.environments.prod.database.engineVersion).toBe("16");
  });

  it("accepts a collector port when observability is off", () => {
    // GIVEN port 4317 with observability off / WHEN loaded / THEN accepted
    expect(loadTestConfig({ overrides: { observability: { enabled: false }, services: services({ port: 4317 }) }, env: {} }).services[0].port).toBe(4317);
  });

  it("accepts the defaults and a typical user file", () => {
    // GIVEN the defaults, and a typical file / WHEN loaded / THEN both are accepted
    expect(() => loadTestConfig({ overrides: {}, env: {} })).not.toThrow();
    const config = loadTestConfig({
      overrides: {
        project: "acme",
        domain: { name: "acme.io", cloudflareZoneId: "0123456789abcdef0123456789abcdef" },
        services: [{ name: "billing", port: 9000, pathPrefix: "/billing", cpu: 512, memory: 2048, overrides: { prod: { cpu: 1024, memory: 4096 } } }],
        environments: { dev: { natGateways: "single", azs: ["eu-west-1a", "eu-west-1c"] } },
        checks: { suppress: [{ rule: "apigw-route-authorization", address: "aws_apigatewayv2_route.x", reason: "auth in the service" }] },
      },
      env: {},
    });
    expect(config.services[0]).toMatchObject({ name: "billing", cpu: 512, memory: 2048 });
  });
});

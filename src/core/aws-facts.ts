/**
 * AWS facts and the predicates over them, in one place. The config schema (zod
 * refinements) and the constructs both use these, so a value the config accepts is a
 * value the constructs accept: a rule is never enforced only inside a construct, where
 * it would surface as a stack trace instead of a config error with its path.
 *
 * Each predicate returns `undefined` when the value is fine, or a message saying what is
 * allowed (without the value and path: the caller knows both and adds them).
 */
import { Fn, Op, Token } from "cdktf";
import { cidrsOverlap, mustParseCidr, parseCidr } from "./cidr";

// ---------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------

/** A lowercase DNS label (RFC 1123): a–z, 0–9, '-', starting with a letter, at most 63. */
export const DNS_LABEL_RE = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A lowercase host name: labels of a–z, 0–9 and '-', and a top-level domain of letters
 * or an IDN in punycode (`xn--p1ai`). Labels may be punycode too (`xn--bcher-kva.example`).
 */
export const HOSTNAME_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A URL path prefix routed to a service: `/orders`, `/v1/orders`; no trailing '/'. */
export const PATH_PREFIX_RE = /^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

/** An AWS region name: `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
export const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/**
 * The project prefixes every physical name (`<project>-<env>-<name>`); 20 characters
 * keep the longest derived names within their AWS limits (see {@link iamRoleNameProblem}).
 */
export const PROJECT_MAX_LENGTH = 20;

/**
 * Problems with a project name: a DNS label of at most {@link PROJECT_MAX_LENGTH}
 * characters, and no `--`, because it is the RDS instance identifier's prefix and RDS
 * identifiers must not contain two consecutive hyphens.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints
 */
export function projectNameProblem(name: string): string | undefined {
  if (!DNS_LABEL_RE.test(name) || name.length > PROJECT_MAX_LENGTH) {
    return `must be 1–${PROJECT_MAX_LENGTH} characters of a–z, 0–9 and '-', starting with a letter and not ending with '-'`;
  }
  if (name.includes("--")) return "must not contain '--' (it prefixes the RDS instance identifier, where AWS forbids two consecutive hyphens)";
  // It starts every security group's name, and EC2 refuses group names that start with sg-.
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
  if (name.startsWith("sg-")) return "must not start with 'sg-' (it starts every security group name, and EC2 reserves that prefix)";
  return undefined;
}

/** IAM role names: at most 64 characters. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
export const IAM_ROLE_NAME_MAX_LENGTH = 64;

/** The suffixes the platform appends to a service's role names (`<project>-<env>-<svc><suffix>`). */
export const SERVICE_ROLE_SUFFIXES = ["-exec", "-task"] as const;

/** `<project>-<env>-<name>`: the one physical-name scheme. */
export function physicalNameOf(project: string, envName: string, name?: string): string {
  return name ? `${project}-${envName}-${name}` : `${project}-${envName}`;
}

/** A blue/green service's role names add its CodeDeploy role, `<project>-<env>-<svc>-codedeploy`. */
export const BLUE_GREEN_ROLE_SUFFIXES = [...SERVICE_ROLE_SUFFIXES, "-codedeploy"] as const;

/** A job's role names add the schedule's role, `<project>-<env>-<job>-scheduler`. */
export const JOB_ROLE_SUFFIXES = [...SERVICE_ROLE_SUFFIXES, "-scheduler"] as const;

/**
 * The name-length budget of a service (or, with `JOB_ROLE_SUFFIXES`, a job): its longest
 * derived IAM role name (`<project>-<env>-<service>-exec`) must fit IAM's 64 characters.
 */
export function iamRoleNameProblem(
  project: string,
  envName: string,
  workloadName: string,
  suffixes: readonly string[] = SERVICE_ROLE_SUFFIXES,
  what: "service" | "job" = "service",
): string | undefined {
  const longest = [...suffixes].sort((a, b) => b.length - a.length)[0];
  const name = physicalNameOf(project, envName, `${workloadName}${longest}`);
  if (name.length <= IAM_ROLE_NAME_MAX_LENGTH) return undefined;
  const room = IAM_ROLE_NAME_MAX_LENGTH - (name.length - workloadName.length);
  return (
    `makes the IAM role name "${name}" ${name.length} characters; IAM allows ${IAM_ROLE_NAME_MAX_LENGTH}, ` +
    `so with project "${project}" and environment "${envName}" a ${what} name may have at most ${room} characters`
  );
}

// ---------------------------------------------------------------------------------
// S3
// ---------------------------------------------------------------------------------

/**
 * Problems with a general purpose S3 bucket name.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function s3BucketNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
    return "must be 3–63 characters of a–z, 0–9, '.' and '-', beginning and ending with a letter or digit";
  }
  if (name.includes("..")) return "must not contain two adjacent periods";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "must not be formatted as an IP address";
  const prefix = S3_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with "${prefix}" (reserved by S3)`;
  const suffix = S3_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with "${suffix}" (reserved by S3)`;
  return undefined;
}
const S3_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];

/** The bucket that receives the state bucket's server access logs: `<state.bucket>-logs`. */
export function stateAccessLogBucketName(stateBucket: string): string {
  return `${stateBucket}-logs`;
}

/**
 * Problems with the state bucket's name, including the access-log bucket derived from it
 * (`<name>-logs`, so the state bucket may have at most 58 characters).
 */
export function stateBucketNameProblem(name: string): string | undefined {
  const own = s3BucketNameProblem(name);
  if (own) return own;
  const logs = s3BucketNameProblem(stateAccessLogBucketName(name));
  if (logs) return `makes the access-log bucket "${stateAccessLogBucketName(name)}" invalid: it ${logs} (so at most 58 characters here)`;
  return undefined;
}
const S3_RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

// ---------------------------------------------------------------------------------
// VPC
// ---------------------------------------------------------------------------------

/** VPC blocks: /16 (largest) to /28 (smallest) — https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html */
export const VPC_LARGEST_PREFIX = 16;
/**
 * The platform's smallest VPC: a /24 still holds three /28-or-larger tiers in 2 AZs
 * (subnet-plan.ts); AWS's own floor is /28.
 */
export const VPC_SMALLEST_PREFIX = 24;
/** AWS's smallest subnet (/28: 16 addresses, 5 reserved). */
export const SUBNET_SMALLEST_PREFIX = 28;

/**
 * Blocks a VPC cannot use. AWS accepts RFC 1918 and publicly routable blocks, but not
 * addresses that are not unicast host addresses, nor link-local, which the VPC itself
 * uses (instance metadata and the Amazon DNS server answer on 169.254.169.x):
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
 */
export const VPC_FORBIDDEN_BLOCKS: readonly { cidr: string; why: string }[] = [
  { cidr: "0.0.0.0/8", why: '"this network" (RFC 1122)' },
  { cidr: "127.0.0.0/8", why: "loopback" },
  { cidr: "169.254.0.0/16", why: "link-local (instance metadata and the Amazon DNS server live there)" },
  { cidr: "224.0.0.0/4", why: "multicast" },
  { cidr: "240.0.0.0/4", why: "reserved (RFC 1112), including broadcast" },
];

/** Problems with a VPC's IPv4 block (syntax, size, and ranges AWS does not allow). */
export function vpcCidrProblem(text: string): string | undefined {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") return parsed;
  if (parsed.prefix < VPC_LARGEST_PREFIX || parsed.prefix > VPC_SMALLEST_PREFIX) {
    return `prefix must be between /${VPC_LARGEST_PREFIX} and /${VPC_SMALLEST_PREFIX} (got /${parsed.prefix})`;
  }
  const hit = VPC_FORBIDDEN_BLOCKS.find((b) => cidrsOverlap(parsed, mustParseCidr(b.cidr)));
  if (hit) return `must not overlap ${hit.cidr}, ${hit.why}: AWS does not allow it for a VPC; use an RFC 1918 block such as 10.0.0.0/16`;
  return undefined;
}

/**
 * Whether `azCount` subnets of every tier fit a VPC of `/vpcPrefix` (subnet-plan.ts
 * gives public and database subnets a quarter of the VPC, split into a power of two
 * ≥ azCount, and each must be /28 or larger). Returns the problem, or undefined.
 */
export function subnetFitProblem(vpcPrefix: number, azCount: number): string | undefined {
  const slotBits = Math.ceil(Math.log2(azCount));
  const smallest = vpcPrefix + 2 + slotBits;
  if (smallest <= SUBNET_SMALLEST_PREFIX) return undefined;
  return (
    `is too small for ${azCount} AZs: public and database subnets would be /${smallest}, but AWS subnets must be ` +
    `/${SUBNET_SMALLEST_PREFIX} or larger; use a /${SUBNET_SMALLEST_PREFIX - 2 - slotBits} or larger VPC, or fewer AZs`
  );
}

/** The platform's AZ range: at least two (the guide's fault tolerance), at most six. */
export const MIN_AZS = 2;
export const MAX_AZS = 6;

/**
 * The availability-zone letters of each region, as AWS names them. Names are mapped
 * to physical zones per account, but the set of letters is the region's (for example
 * ap-northeast-1 has no `b` for accounts created since 2012).
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 * `us-west-1` exposes two of `a`, `b`, `c` depending on the account, so it is listed
 * with no letters: its AZs must be named explicitly (`azs`).
 */
export const REGION_AZ_LETTERS: Readonly<Record<string, string>> = {
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  "us-west-1": "",
  "us-west-2": "abcd",
  "ca-central-1": "abd",
  "ca-west-1": "abc",
  "sa-east-1": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-west-3": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-north-1": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "ap-northeast-1": "acd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  "ap-east-1": "abc",
  "me-south-1": "abc",
  "me-central-1": "abc",
  "il-central-1": "abc",
  "af-south-1": "abc",
  "us-gov-west-1": "abc",
  "us-gov-east-1": "abc",
  "cn-north-1": "abd",
  "cn-northwest-1": "abc",
};

/**
 * The AZs an environment uses when `azs` is not given: the region's first `azCount`
 * letters from {@link REGION_AZ_LETTERS} (the config requires `azs` for a region not
 * listed there, so the `a`, `b`, … fallback only serves constructs used without it).
 */
export function defaultAzs(region: string, azCount: number): string[] {
  const letters = REGION_AZ_LETTERS[region] ?? "abcdefghij";
  return Array.from(letters.slice(0, azCount), (letter) => `${region}${letter}`);
}

/** Problems with the AZ choice of an environment (undefined when fine). */
export function azProblem(region: string, azCount: number, azs: readonly string[] | undefined): { path: "azs" | "azCount"; message: string } | undefined {
  const letters = REGION_AZ_LETTERS[region];
  // A malformed region or an azCount out of range has its own error; no AZ advice then.
  if (azs !== undefined || !REGION_RE.test(region) || azCount < MIN_AZS || azCount > MAX_AZS) return undefined;
  if (letters === undefined) {
    return {
      path: "azs",
      message: `must be set for ${region}: its availability zones are not in the platform's table; list azCount AZs your account has (aws ec2 describe-availability-zones)`,
    };
  }
  if (letters === "") {
    return {
      path: "azs",
      message: `must be set for ${region}: its AZ names differ per account; list the AZs your account has (aws ec2 describe-availability-zones)`,
    };
  }
  if (azCount > letters.length) {
    return {
      path: "azCount",
      message: `is more than ${region} has: ${letters.length} availability zones (${Array.from(letters, (l) => region + l).join(", ")})`,
    };
  }
  return undefined;
}

/** Problems with one explicit AZ name in `region`. */
export function azNameProblem(region: string, az: string): string | undefined {
  if (!new RegExp(`^${region}[a-z]$`).test(az)) return `must be an availability zone of ${region}, like ${defaultAzs(region, 1)[0] ?? `${region}a`}`;
  const letters = REGION_AZ_LETTERS[region];
  if (letters && !letters.includes(az.slice(-1))) {
    return `is not an availability zone of ${region}; it has ${Array.from(letters, (l) => region + l).join(", ")}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------
// API Gateway
// ---------------------------------------------------------------------------------

/**
 * The periods a usage plan's quota counts requests over (QuotaSettings.period).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_QuotaSettings.html
 */
export const USAGE_PLAN_QUOTA_PERIODS = ["DAY", "WEEK", "MONTH"] as const;
/** One of {@link USAGE_PLAN_QUOTA_PERIODS}. */
export type UsagePlanQuotaPeriod = (typeof USAGE_PLAN_QUOTA_PERIODS)[number];

/**
 * An API key's name may have at most 1024 characters (its value, 20–128, is generated).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 */
export const API_KEY_NAME_MAX_LENGTH = 1024;

// ---------------------------------------------------------------------------------
// ACM, ECS, Fargate, logs
// ---------------------------------------------------------------------------------

/**
 * The first domain name of an ACM certificate (its common name) may have at most 64
 * characters (RFC 5280). https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html
 */
export const ACM_DOMAIN_NAME_MAX_LENGTH = 64;

/**
 * Default quota "Tasks per service" (adjustable; a raised quota still fails here, by
 * design: the count would fail on any account without the raise).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
 */
export const ECS_MAX_TASKS_PER_SERVICE = 5000;

/**
 * Valid Fargate task sizes: cpu units → allowed memory (MiB).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** The problem with a Fargate cpu/memory pair, naming the field at fault. */
export function fargateSizeProblem(cpu: number, memory: number): { field: "cpu" | "memory"; message: string } | undefined {
  const allowed = FARGATE_SIZES[cpu];
  if (!allowed) return { field: "cpu", message: `must be a Fargate cpu size: ${Object.keys(FARGATE_SIZES).join(", ")}` };
  if (!allowed.includes(memory)) {
    return {
      field: "memory",
      message: `is not valid with cpu ${cpu}: allowed ${allowed[0]}–${allowed[allowed.length - 1]} MiB in steps of ${allowed[1] - allowed[0]}`,
    };
  }
  return undefined;
}

/**
 * CloudWatch Logs accepts only these retention values.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** One of {@link LOG_RETENTION_DAYS}. */
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/** Whether `days` is a retention value CloudWatch Logs accepts. */
export function isLogRetentionDays(days: number): days is LogRetentionDays {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(days);
}

/**
 * The problem with a log retention value: the one rule, used by the config schema and,
 * for callers without the type, by {@link EncryptedLogGroup}.
 */
export function logRetentionProblem(days: number): string | undefined {
  return isLogRetentionDays(days) ? undefined : `must be one of the CloudWatch Logs retention values: ${LOG_RETENTION_DAYS.join(", ")}`;
}

// ---------------------------------------------------------------------------------
// Elastic Load Balancing
// ---------------------------------------------------------------------------------

/**
 * Load balancer and target group names: at most 32 characters.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
 */
export const ELB_NAME_MAX_LENGTH = 32;

/**
 * Problems with a load balancer or target group name: 1–32 letters, digits and '-', not
 * beginning or ending with '-'; a load balancer's must not begin with `internal-`
 * (ELB's DNS names of internal load balancers start with it). The same rules as
 * hashicorp/terraform-provider-aws `internal/service/elbv2/validate.go` (`validName`,
 * `validTargetGroupName`), so a name fails here rather than at plan.
 */
export function elbNameProblem(name: string, kind: "load balancer" | "target group"): string | undefined {
  if (name.length < 1 || name.length > ELB_NAME_MAX_LENGTH) return `must have 1–${ELB_NAME_MAX_LENGTH} characters (got ${name.length})`;
  if (!/^[A-Za-z0-9-]+$/.test(name)) return "must contain only letters, digits and '-'";
  if (name.startsWith("-") || name.endsWith("-")) return "must not begin or end with '-'";
  if (kind === "load balancer" && name.startsWith("internal-")) return "must not begin with 'internal-'";
  return undefined;
}

/**
 * HTTP health check paths of a target group: up to 1024 characters, starting with '/'.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
 */
export const ELB_HEALTH_CHECK_PATH_MAX_LENGTH = 1024;

// ---------------------------------------------------------------------------------
// VPC endpoints
// ---------------------------------------------------------------------------------

/** Interface endpoints the network can create (the `<service>` of {@link endpointServiceName}). */
// `ssm`: the ECS agent reads SSM parameter secrets there (without NAT, only through it).
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages", "monitoring", "kms", "sts"] as const;
/** One of {@link INTERFACE_ENDPOINT_SERVICES}. */
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** Gateway endpoints the network creates (on the private and database route tables). */
export const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;
/** One of {@link GATEWAY_ENDPOINT_SERVICES}. */
export type GatewayEndpointService = (typeof GATEWAY_ENDPOINT_SERVICES)[number];

/** Endpoints tasks in private subnets need when there is no NAT: image pull, logs, secrets. */
export const ENDPOINTS_NEEDED_WITHOUT_NAT = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"] as const;

/**
 * The interface endpoint services (of {@link INTERFACE_ENDPOINT_SERVICES}) that the China
 * regions name `cn.com.amazonaws.<region>.<service>`. Every other service the platform
 * uses keeps `com.amazonaws.<region>.<service>` there, as everywhere else: in China
 * the prefix depends on the service, not just the partition, so the partition's
 * `reverse_dns_prefix` (`cn.com.amazonaws`) is wrong for logs, secretsmanager,
 * ssmmessages, kms and for the S3 and DynamoDB gateways.
 *
 * Source: aws-cdk, packages/aws-cdk-lib/aws-ec2/lib/vpc-endpoint.ts,
 * `InterfaceVpcEndpointAwsService.getDefaultEndpointPrefix`: its exception lists for
 * cn-north-1 and cn-northwest-1 (taken from `aws ec2 describe-vpc-endpoint-services` in
 * each region, aws/aws-cdk#16139 and #25333) hold ecr.api, ecr.dkr, monitoring and sts
 * in both regions, and none of logs, secretsmanager, ssm, ssmmessages, kms. The `s3` in those
 * lists is S3's *interface* endpoint; the gateways are `com.amazonaws.` (CDK's
 * `GatewayVpcEndpointAwsService` never uses another prefix, and
 * `cn.com.amazonaws.cn-northwest-1.s3` as a gateway fails: eksctl-io/eksctl#3081).
 * To re-check: `aws ec2 describe-vpc-endpoint-services --region cn-north-1`.
 */
export const CHINA_PREFIXED_INTERFACE_SERVICES: readonly InterfaceEndpointService[] = ["ecr.api", "ecr.dkr", "monitoring", "sts"];

/**
 * The service name of an AWS endpoint service: `com.amazonaws.<region>.<service>`, or
 * `cn.com.amazonaws.<region>.<service>` for the services of
 * {@link CHINA_PREFIXED_INTERFACE_SERVICES} in the `aws-cn` partition.
 *
 * `partition` is the stack's `data.aws_partition` (see `partitionOf`), as every ARN here
 * takes it, rather than a guess from the region's name: the endpoint names and the ARNs
 * in their policies cannot disagree, and an unresolved region still works. With that
 * token the China-prefixed services get a Terraform conditional
 * (`${data.aws_partition.x.partition == "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws"}`),
 * evaluated at plan time without an API call; all other services get the literal
 * `com.amazonaws`, which is right in aws, aws-us-gov and aws-cn alike. A literal
 * partition (`"aws-cn"`) gives a literal name. The ISO partitions, which have prefixes
 * of their own, are not covered.
 */
export function endpointServiceName(type: "Gateway", service: GatewayEndpointService, region: string, partition: string): string;
export function endpointServiceName(type: "Interface", service: InterfaceEndpointService, region: string, partition: string): string;
export function endpointServiceName(type: "Gateway" | "Interface", service: string, region: string, partition: string): string {
  const chinaPrefixed = type === "Interface" && (CHINA_PREFIXED_INTERFACE_SERVICES as readonly string[]).includes(service);
  if (!chinaPrefixed) return `com.amazonaws.${region}.${service}`;
  const prefix = Token.isUnresolved(partition)
    ? Token.asString(Fn.conditional(Op.eq(partition, "aws-cn"), "cn.com.amazonaws", "com.amazonaws"))
    : partition === "aws-cn"
      ? "cn.com.amazonaws"
      : "com.amazonaws";
  return `${prefix}.${region}.${service}`;
}

// ---------------------------------------------------------------------------------
// RDS PostgreSQL
// ---------------------------------------------------------------------------------

/**
 * The PostgreSQL major versions this platform deploys on RDS: the ones under RDS
 * standard support (December 2026), per the RDS for PostgreSQL release calendar:
 * https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 * 13 left standard support on 2026-02-28 (RDS would bill Extended Support for it).
 * Add a major when RDS releases it, drop one when it leaves standard support. Majors
 * only: with `auto_minor_version_upgrade` RDS moves minors itself, and a pinned minor
 * would become a perpetual diff.
 */
export const POSTGRES_ENGINE_VERSIONS = ["14", "15", "16", "17", "18"] as const;

/** One of {@link POSTGRES_ENGINE_VERSIONS}. */
export type PostgresEngineVersion = (typeof POSTGRES_ENGINE_VERSIONS)[number];

/** The major new environments get. */
export const DEFAULT_POSTGRES_ENGINE_VERSION: PostgresEngineVersion = "16";

/** The RDS master user the platform creates (not the engine default `postgres`: RDS.25). */
export const RDS_MASTER_USERNAME = "app_admin";

/**
 * Database users an app may log in as with IAM authentication: lowercase, so the name in
 * the token, in the rds-db ARN and in `CREATE USER` (unquoted identifiers fold to lower
 * case) is the same string. https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
 */
export const DB_USER_RE = /^[a-z][a-z0-9_]{0,62}$/;
/** Roles PostgreSQL or RDS own; PostgreSQL reserves the `pg_` prefix, RDS uses `rds_`. */
export const RESERVED_DB_USERS = ["postgres", "public", "rdsadmin", "rdsrepladmin", "rdstopmgr", "rdsproxyadmin"];

/** A database service's own PostgreSQL user: its name with `-` → `_`. */
export function databaseUserName(serviceName: string): string {
  return serviceName.replace(/-/g, "_");
}

/** Problems with a database user name an app logs in as (`masterUsername`: the master user, refused). */
export function dbUserProblem(dbUser: string, masterUsername: string = RDS_MASTER_USERNAME): string | undefined {
  if (!DB_USER_RE.test(dbUser)) return "must be 1–63 of a–z, 0–9, '_' starting with a letter (a lowercase PostgreSQL identifier)";
  if (dbUser === masterUsername.toLowerCase()) return `must not be the master user "${masterUsername}": apps log in as their own user`;
  if (RESERVED_DB_USERS.includes(dbUser) || /^(pg_|rds_)/.test(dbUser)) {
    return `is reserved by PostgreSQL or RDS (${RESERVED_DB_USERS.join(", ")}, pg_*, rds_*)`;
  }
  return undefined;
}

/** An RDS instance class: `db.<family>.<size>`. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html */
export const RDS_INSTANCE_CLASS_RE = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
/** gp3 storage of an RDS PostgreSQL instance, GiB. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html */
export const RDS_STORAGE_MIN_GIB = 20;
export const RDS_STORAGE_MAX_GIB = 65536;
/** Automated backup retention, days (0 would disable backups). */
export const RDS_BACKUP_RETENTION_MIN_DAYS = 1;
export const RDS_BACKUP_RETENTION_MAX_DAYS = 35;
/** Enhanced monitoring intervals, seconds. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html */
export const RDS_MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

// ---------------------------------------------------------------------------------
// EFS
// ---------------------------------------------------------------------------------

/** NFS: the only port an EFS mount target listens on. */
export const EFS_NFS_PORT = 2049;

/** `performance_mode` values. https://docs.aws.amazon.com/efs/latest/ug/performance.html */
export const EFS_PERFORMANCE_MODES = ["generalPurpose", "maxIO"] as const;
export type EfsPerformanceMode = (typeof EFS_PERFORMANCE_MODES)[number];

/** `throughput_mode` values; `elastic` needs `generalPurpose`. https://docs.aws.amazon.com/efs/latest/ug/performance.html */
export const EFS_THROUGHPUT_MODES = ["elastic", "bursting", "provisioned"] as const;
export type EfsThroughputMode = (typeof EFS_THROUGHPUT_MODES)[number];

/** When unread files move to Infrequent Access. https://docs.aws.amazon.com/efs/latest/ug/API_LifecyclePolicy.html */
export const EFS_TRANSITIONS_TO_IA = [
  "AFTER_1_DAY",
  "AFTER_7_DAYS",
  "AFTER_14_DAYS",
  "AFTER_30_DAYS",
  "AFTER_60_DAYS",
  "AFTER_90_DAYS",
  "AFTER_180_DAYS",
  "AFTER_270_DAYS",
  "AFTER_365_DAYS",
] as const;
export type EfsTransitionToIa = (typeof EFS_TRANSITIONS_TO_IA)[number];

/**
 * An access point's root directory: at most 100 characters and four levels.
 * https://docs.aws.amazon.com/efs/latest/ug/API_RootDirectory.html
 */
export const EFS_ACCESS_POINT_PATH_MAX_LENGTH = 100;

/**
 * Problems with the owner (a service name) or the name of a persistent volume, whose
 * access point's root directory is `/<owner>/<volume>`: each a lowercase DNS label, the
 * path within EFS's limit.
 */
export function efsVolumeProblem(owner: string, volume: string): string | undefined {
  if (!DNS_LABEL_RE.test(owner)) return `owner must be a lowercase DNS label (1–63 of a–z, 0–9, '-', starting with a letter), got "${owner}"`;
  if (!DNS_LABEL_RE.test(volume)) return `volume must be a lowercase DNS label (1–63 of a–z, 0–9, '-', starting with a letter), got "${volume}"`;
  const path = `/${owner}/${volume}`;
  if (path.length > EFS_ACCESS_POINT_PATH_MAX_LENGTH) {
    return `the root directory "${path}" is ${path.length} characters; EFS allows ${EFS_ACCESS_POINT_PATH_MAX_LENGTH}: shorten the service or volume name`;
  }
  return undefined;
}

/**
 * Problems with an access point's POSIX user or group id: EFS takes 0–4294967295, and 0
 * (root) would need `ClientRootAccess`, which the platform never grants.
 * https://docs.aws.amazon.com/efs/latest/ug/API_PosixUser.html
 */
export function posixIdProblem(id: number): string | undefined {
  if (!Number.isInteger(id) || id < 1 || id > 4294967295) return `must be an integer 1–4294967295 (0 is root, which needs ClientRootAccess), got ${id}`;
  return undefined;
}

// ---------------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------------

/**
 * A Docker tag: 1–128 of letters, digits, '_', '.', '-', not starting with '.' or '-'.
 * https://docs.docker.com/reference/cli/docker/image/tag/
 */
export const IMAGE_TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The problem with an image tag of an IMMUTABLE repository. */
export function imageTagProblem(tag: string): string | undefined {
  if (!IMAGE_TAG_RE.test(tag)) return "must be a Docker tag: 1–128 of letters, digits, '_', '.', '-', not starting with '.' or '-'";
  if (tag === "latest") return 'must not be "latest": repositories are IMMUTABLE, so use a version or commit SHA';
  return undefined;
}

/** `[registry[:port]/]path[:tag][@sha256:digest]`. */
const IMAGE_REF_RE =
  /^(?<name>(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._/-][a-z0-9]+)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@sha256:[a-f0-9]{64})?$/;

/**
 * The problem with a third-party image reference (the collector): it must be pinned to
 * a version tag or a digest, never `latest`, so an upgrade is a reviewed change.
 */
export function pinnedImageProblem(image: string): string | undefined {
  const m = IMAGE_REF_RE.exec(image);
  if (!m) return "must be an image reference like registry/name:tag or registry/name@sha256:<digest>";
  if (!m.groups?.tag && !image.includes("@sha256:")) return "must pin a tag or digest (registry/name:1.2.3 or @sha256:…)";
  if (m.groups?.tag === "latest") return 'must not be tagged "latest": pin a version so a collector upgrade is a reviewed change';
  return undefined;
}

/** Health check paths run inside a shell command: only characters that need no quoting. */
export const HEALTH_CHECK_PATH_RE = /^\/[A-Za-z0-9._~\-/?=&%+]*$/;

/** A POSIX environment variable name. */
export const ENV_VAR_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Variable names that look like credentials: those belong in Secrets Manager, never in config. */
export const SECRET_LIKE_ENV = /(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY)/i;

/** Variables the platform sets in every app container (OpenTelemetry SDK settings). */
export const PLATFORM_ENV_VARS = [
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_PROTOCOL",
  "OTEL_SERVICE_NAME",
  "OTEL_RESOURCE_ATTRIBUTES",
  "OTEL_SDK_DISABLED",
] as const;

/**
 * Variables the platform sets in the app container of a service with `database: true`:
 * where to connect and as whom. There is no password: the app signs an IAM
 * authentication token per connection (README, "Database: the app contract").
 * - `DB_HOST`, `DB_PORT`, `DB_NAME`: the instance endpoint and the application database
 * - `DB_USER`: the service's own database user (the service name, `-` → `_`)
 * - `DB_REGION`: the region to sign the token for (the RDS Signer needs it)
 * - `DB_IAM_AUTH`: `"true"`, the token is the password
 * - `PGSSLMODE`: `"verify-full"`: encrypt and check the server certificate and host name
 *   against the RDS CA bundle (the parameter group forces TLS; verification stops a man
 *   in the middle)
 */
export const DATABASE_ENV_VARS = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_REGION", "DB_IAM_AUTH", "PGSSLMODE"] as const;

/** The platform-set variables of a service: config must not set them. */
export function reservedEnvVars(database: boolean): readonly string[] {
  return database ? [...PLATFORM_ENV_VARS, ...DATABASE_ENV_VARS] : PLATFORM_ENV_VARS;
}

/** The problem with an app environment variable name (or undefined). `redact` when the value must not be printed. */
export function envVarNameProblem(name: string, reserved: readonly string[]): { message: string; redact?: boolean } | undefined {
  if (!ENV_VAR_NAME_RE.test(name)) return { message: "is not a valid variable name: letters, digits and '_', not starting with a digit" };
  if (SECRET_LIKE_ENV.test(name)) {
    return { message: "looks like a credential: secrets must not live in config; store them in Secrets Manager", redact: true };
  }
  if (reserved.includes(name)) return { message: `is set by the platform; remove it (platform-set: ${reserved.join(", ")})` };
  return undefined;
}

/** Ports of the OpenTelemetry collector sidecar (OTLP gRPC, HTTP) on the task's localhost. */
export const COLLECTOR_PORTS: readonly number[] = [4317, 4318];

/**
 * IAM action names: `service:Action`, with `*` and `?` wildcards in the action part, or
 * `*` alone. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
export const IAM_ACTION_RE = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;

/** IAM actions that only read: `iam:Get*`, `List*`, `Generate*` (reports), `Simulate*`. Anything else in `iam:` writes. */
const IAM_READ_ACTION_RE = /^iam:(Get|List|Generate|Simulate)[A-Za-z0-9]*$/;

/**
 * The problem with an Allow statement an app asks for on its task role
 * (`services[].permissions[]`, `jobs[].permissions[]`), or undefined. The same rule is
 * `npm run check`'s `task-role-no-broad-permissions`. Refused, because each turns one
 * compromised container into the account:
 * - an action of `*` or `<service>:*` on every resource of the service (`*`, or an ARN
 *   whose partition, service, account or whole resource part is a wildcard);
 * - `iam:PassRole`, `sts:AssumeRole` or any IAM write on a resource with a wildcard
 *   anywhere (`*`, `role/*`, `role/app-*`): privilege escalation, so exact role ARNs only
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html);
 * - no action or no resource.
 */
export function permissionStatementProblem(statement: {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}): { field: "actions" | "resources"; index?: number; message: string } | undefined {
  if (statement.actions.length === 0) return { field: "actions", message: "must name at least one action" };
  if (statement.resources.length === 0) return { field: "resources", message: 'must name at least one resource ARN (or "*" where the action takes none)' };
  const bad = statement.actions.findIndex((a) => !IAM_ACTION_RE.test(a));
  if (bad >= 0) return { field: "actions", index: bad, message: "must be an IAM action like s3:GetObject (service:Action, wildcards * and ? allowed)" };
  const unbounded = statement.resources.filter(unboundedResource);
  const wildcarded = statement.resources.filter((r) => /[*?]/.test(r));
  for (const [i, action] of statement.actions.entries()) {
    if (unbounded.length > 0 && (action === "*" || /^[a-z0-9-]+:\*$/.test(action))) {
      return {
        field: "actions",
        index: i,
        message: `grants every action of a service on every resource (${JSON.stringify(unbounded[0])}): name the actions, or the resources`,
      };
    }
    const lower = action.toLowerCase();
    const escalates =
      lower === "*" ||
      lower.startsWith("iam:*") ||
      lower === "iam:passrole" ||
      lower === "sts:assumerole" ||
      (lower.startsWith("iam:") && !IAM_READ_ACTION_RE.test(action)) ||
      /^sts:[a-z]*\*/.test(lower);
    // A wildcard anywhere in the resource of an escalating action (role/*, arn:aws:iam::*:role/app-*)
    // lets the app reach roles nobody reviewed: it may name exact role ARNs only.
    if (escalates && wildcarded.length > 0) {
      return {
        field: "actions",
        index: i,
        message: `on ${JSON.stringify(wildcarded[0])} lets the app escalate its privileges (iam:PassRole, sts:AssumeRole, IAM writes on wildcard resources): name exact role ARNs`,
      };
    }
  }
  return undefined;
}

/**
 * A resource that stands for everything of its service: `*`, or an ARN whose partition,
 * service or account is a wildcard, or whose resource part is (or starts with) one —
 * `arn:aws:s3:::bucket/*` is bounded (one bucket's objects), `arn:aws:s3:::*` is not.
 */
function unboundedResource(resource: string): boolean {
  if (resource === "*") return true;
  const parts = resource.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return /[*]/.test(resource);
  const [, partition, service, , account] = parts;
  const rest = parts.slice(5).join(":");
  return [partition, service, account].some((p) => p.includes("*")) || rest.startsWith("*");
}

/**
 * IAM condition operators. Each but `Null` also takes the `IfExists` suffix, and a
 * multivalued key the `ForAnyValue:` / `ForAllValues:` qualifier; IAM refuses any other
 * operator (MalformedPolicyDocument) when the policy is put, at apply time.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export const IAM_CONDITION_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
] as const;

/** Whether IAM accepts `operator` as a condition operator (with its qualifier and suffix). */
export function isIamConditionOperator(operator: string): boolean {
  const m = /^(?:(?:ForAnyValue|ForAllValues):)?([A-Za-z]+?)(IfExists)?$/.exec(operator);
  if (!m) return false;
  const base = m[1];
  return (IAM_CONDITION_OPERATORS as readonly string[]).includes(base) && !(base === "Null" && m[2]);
}

/**
 * A policy resource: `*`, or a whole ARN, `arn:<partition>:<service>:<region>:<account>:<resource>`
 * (region and account may be empty, as in S3's).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export const IAM_RESOURCE_RE = /^(\*|arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:\S+)$/;

/** An AWS account id: 12 digits. */
export const ACCOUNT_ID_RE = /^\d{12}$/;

/**
 * An IAM role ARN (`arn:<partition>:iam::<account>:role/<path/><name>`), names of up to 64
 * of letters, digits and +=,.@_-. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 */
export const IAM_ROLE_ARN_RE = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):iam::(\d{12}):role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** The account of a role ARN, or undefined. */
export function roleAccountOf(roleArn: string): string | undefined {
  return IAM_ROLE_ARN_RE.exec(roleArn)?.[2];
}

/**
 * The partition of a region, for ARNs written without a data source (the CI workflow and
 * the roles it names live outside any stack). https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
 */
export function partitionOfRegion(region: string): "aws" | "aws-cn" | "aws-us-gov" | "aws-iso" | "aws-iso-b" {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}

/** The role GitHub Actions assumes to deploy an environment (`ci.github`): `<project>-<env>-deploy`. */
export function deployRoleName(project: string, envName: string): string {
  return physicalNameOf(project, envName, "deploy");
}

/** The read-only role GitHub Actions assumes to diff an environment on a pull request: `<project>-<env>-plan`. */
export function planRoleName(project: string, envName: string): string {
  return physicalNameOf(project, envName, "plan");
}

/** A GitHub repository, `owner/name`: https://docs.github.com/en/repositories/creating-and-managing-repositories/repository-limits */
export const GITHUB_REPOSITORY_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/**
 * The permissions boundary of the pipeline's deploy roles in each account (`ci.github`):
 * `<project>-deploy-boundary`, a managed policy of that account's bootstrap.
 */
export function deployBoundaryName(project: string): string {
  return `${project}-deploy-boundary`;
}

/**
 * The permissions boundary every role of a pipeline environment carries, and the only one
 * under which its deploy role may create or change roles: `<project>-workload-boundary`.
 */
export function workloadBoundaryName(project: string): string {
  return `${project}-workload-boundary`;
}

/**
 * GitHub Actions' OIDC issuer host: the provider URL is `https://<host>`, and the trust
 * condition keys are `<host>:aud` and `<host>:sub`.
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The audience `aws-actions/configure-aws-credentials` asks GitHub's token for. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/**
 * The `sub` claim of a job that runs in a GitHub environment: `repo:<owner>/<name>:environment:<env>`
 * (a job with `environment:` gets this subject whatever its branch or event).
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */
export function githubEnvironmentSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}

/** The `sub` claim of a job that a pull request triggers (and that runs in no environment): `repo:<owner>/<name>:pull_request`. */
export function githubPullRequestSubject(repository: string): string {
  return `repo:${repository}:pull_request`;
}

/**
 * The services whose service-linked roles the environment stacks may cause to be created
 * on a first deploy in an account (`iam:AWSServiceName` values): ECS (clusters, services,
 * capacity providers), Application Auto Scaling of ECS services, EC2 Auto Scaling and Spot
 * (EC2 capacity), Elastic Load Balancing (the NLB), RDS, EFS, and API Gateway (VPC links
 * and custom domains). https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 */
export const PLATFORM_SERVICE_LINKED_ROLE_SERVICES = [
  "ecs.amazonaws.com",
  "ecs.application-autoscaling.amazonaws.com",
  "autoscaling.amazonaws.com",
  "spot.amazonaws.com",
  "elasticloadbalancing.amazonaws.com",
  "rds.amazonaws.com",
  "elasticfilesystem.amazonaws.com",
  "ops.apigateway.amazonaws.com",
] as const;

/**
 * Every IAM action that changes something, by verb (`iam:Create*`, `iam:Put*`, …): what a
 * boundary denies to keep a principal from granting itself or others more. `iam:PassRole`
 * is not among them: it hands an existing role to a service (the scheduler and CodeDeploy
 * roles need it), and is scoped by the policies that grant it.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 */
export const IAM_WRITE_ACTIONS = [
  "iam:Add*",
  "iam:Attach*",
  "iam:Change*",
  "iam:Create*",
  "iam:Deactivate*",
  "iam:Delete*",
  "iam:Detach*",
  "iam:Disable*",
  "iam:Enable*",
  "iam:Put*",
  "iam:Remove*",
  "iam:Reset*",
  "iam:Resync*",
  "iam:Set*",
  "iam:Tag*",
  "iam:Untag*",
  "iam:Update*",
  "iam:Upload*",
] as const;

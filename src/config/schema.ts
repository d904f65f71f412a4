import { z } from "zod";
import { cidrsOverlap, parseCidr } from "../core/cidr";
import {
  ACM_DOMAIN_NAME_MAX_LENGTH,
  azNameProblem,
  azProblem,
  COLLECTOR_PORTS,
  databaseUserName,
  dbUserProblem,
  DNS_LABEL_RE,
  ECS_MAX_TASKS_PER_SERVICE,
  ENDPOINTS_NEEDED_WITHOUT_NAT,
  envVarNameProblem,
  fargateSizeProblem,
  HEALTH_CHECK_PATH_RE,
  HOSTNAME_RE,
  iamRoleNameProblem,
  imageTagProblem,
  INTERFACE_ENDPOINT_SERVICES,
  logRetentionProblem,
  MAX_AZS,
  MIN_AZS,
  PATH_PREFIX_RE,
  pinnedImageProblem,
  POSTGRES_ENGINE_VERSIONS,
  projectNameProblem,
  RDS_BACKUP_RETENTION_MAX_DAYS,
  RDS_BACKUP_RETENTION_MIN_DAYS,
  RDS_INSTANCE_CLASS_RE,
  RDS_MONITORING_INTERVALS,
  RDS_STORAGE_MAX_GIB,
  RDS_STORAGE_MIN_GIB,
  REGION_RE,
  reservedEnvVars,
  stateBucketNameProblem,
  subnetFitProblem,
  vpcCidrProblem,
} from "../core/aws-facts";

/**
 * The config schema. One zod schema is the single source of truth: it validates the
 * merged config (defaults + the user's file), types it (`PlatformConfig`), and
 * generates `infra.schema.json` for editor completion (`npm run schema`).
 *
 * Every object is strict: an unknown key (a typo) is an error, not silently ignored.
 * Defaults live in `defaults.ts`, not here, because several differ per environment.
 */

/** The environments this app deploys, in order. Stack names are these names. */
export const ENVIRONMENT_NAMES = ["dev", "staging", "prod"] as const;
/** One of {@link ENVIRONMENT_NAMES}. */
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export {
  ENV_VAR_NAME_RE,
  FARGATE_SIZES,
  HEALTH_CHECK_PATH_RE,
  INTERFACE_ENDPOINT_SERVICES,
  LOG_RETENTION_DAYS,
  SECRET_LIKE_ENV,
} from "../core/aws-facts";

const dnsLabel = (what: string) =>
  z
    .string()
    .regex(
      DNS_LABEL_RE,
      `${what} must be a lowercase DNS label: 1–63 characters of a–z, 0–9 and '-', starting with a letter, not ending with '-'`,
    );

/** A zod refinement from an aws-facts predicate (message or undefined). */
const fact =
  <T>(problem: (value: T) => string | undefined) =>
  (value: T, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  };

const cidrBlock = z.string().superRefine(fact(vpcCidrProblem));

const logRetention = z.number().int().superRefine(fact(logRetentionProblem));

const port = z.number().int().min(1, "must be 1–65535").max(65535, "must be 1–65535");

/** A task count: at most the default ECS quota of tasks per service. */
const taskCount = (min: number) =>
  z
    .number()
    .int()
    .min(min, `must be ≥ ${min}`)
    .max(ECS_MAX_TASKS_PER_SERVICE, `must be ≤ ${ECS_MAX_TASKS_PER_SERVICE}, the default ECS quota of tasks per service`);
const minCapacity = taskCount(0);
const maxCapacity = taskCount(1);

const throttle = z.strictObject({
  /** Requests allowed in a burst (token bucket size). */
  burstLimit: z.number().int().positive("must be > 0"),
  /** Steady-state requests per second. */
  rateLimit: z.number().positive("must be > 0"),
});

/**
 * A Docker tag. Repositories are IMMUTABLE, so a moving tag such as `latest` could be
 * pushed once and never rolled forward: deploy versions or commit SHAs.
 */
const imageTag = z.string().superRefine(fact(imageTagProblem));

/** Settings of a service that an environment may override. */
const serviceOverride = z.strictObject({
  cpu: z.number().int().optional(),
  memory: z.number().int().optional(),
  desiredCount: taskCount(0).optional(),
  imageTag: imageTag.optional(),
  environment: z.record(z.string(), z.string()).optional(),
  minCapacity: minCapacity.optional(),
  maxCapacity: maxCapacity.optional(),
});

/** One containerized service, declared once and deployed to every environment. */
export const ServiceSchema = z
  .strictObject({
    name: dnsLabel("service name").describe("Unique DNS label; names the repository, ECS service, Cloud Map service."),
    /** Container port the app listens on. */
    port,
    cpu: z.number().int().default(256).describe("Fargate cpu units (256, 512, 1024, …)."),
    memory: z.number().int().default(512).describe("Fargate memory in MiB, valid for the cpu (see FARGATE_SIZES)."),
    pathPrefix: z
      .string()
      .regex(PATH_PREFIX_RE, "must start with '/', have no trailing '/' and use URL-safe segments").describe("Public path prefix routed to this service, e.g. `/orders`."),
    healthCheckPath: z
      .string()
      .regex(HEALTH_CHECK_PATH_RE, "must start with '/' and use only letters, digits and ._~-/?=&%+ (it runs in a shell health check)")
      .default("/health").describe("HTTP path the container health check probes (Cloud Map takes task health from ECS)."),
    desiredCount: taskCount(0).default(2).describe("Tasks to run at creation; autoscaling owns it afterwards."),
    database: z.boolean().default(false).describe("Whether the service uses the environment's PostgreSQL database."),
    allowFrom: z.array(z.string()).default([]).describe("Names of services allowed to call this one on its port."),
    environment: z.record(z.string(), z.string()).default({}).describe("Plain environment variables (never credentials: those go through Secrets Manager)."),
    imageTag: imageTag.default("1.0.0").describe("Image tag deployed; `--var image_tag_<service>=…` overrides it at deploy time."),
    stripPrefix: z.boolean().default(false).describe("Strip `pathPrefix` before forwarding to the service."),
    defaultRoute: z.boolean().default(false).describe("This service also owns the API's `$default` route (at most one service)."),
    throttle: throttle.optional().describe("Per-route throttling override for this service's routes."),
    overrides: z
      .strictObject({ dev: serviceOverride.optional(), staging: serviceOverride.optional(), prod: serviceOverride.optional() })
      .default({}).describe("Per-environment overrides."),
  })
  .superRefine((svc, ctx) => {
    checkFargateSize(svc.cpu, svc.memory, [], ctx);
    for (const env of ENVIRONMENT_NAMES) {
      const o = svc.overrides[env];
      if (o && (o.cpu !== undefined || o.memory !== undefined)) {
        checkFargateSize(o.cpu ?? svc.cpu, o.memory ?? svc.memory, ["overrides", env], ctx);
      }
    }
    // Per-environment overrides carry environment variables too: check them the same way.
    const envMaps: [(string | number)[], Record<string, string> | undefined][] = [
      [["environment"], svc.environment],
      ...ENVIRONMENT_NAMES.map((env): [(string | number)[], Record<string, string> | undefined] => [["overrides", env, "environment"], svc.overrides[env]?.environment]),
    ];
    const reserved = reservedEnvVars(svc.database);
    for (const [path, vars] of envMaps) {
      for (const key of Object.keys(vars ?? {})) {
        const problem = envVarNameProblem(key, reserved);
        // A credential-like key's value is a secret: the error message must not print it.
        if (problem) ctx.addIssue({ code: "custom", path: [...path, key], message: problem.message, params: { redact: problem.redact === true } });
      }
    }
  });

function checkFargateSize(cpu: number, memory: number, path: (string | number)[], ctx: z.RefinementCtx): void {
  const problem = fargateSizeProblem(cpu, memory);
  if (problem) ctx.addIssue({ code: "custom", path: [...path, problem.field], message: problem.message });
}

/** Per-environment settings. */
export const EnvironmentSchema = z
  .strictObject({
    vpcCidr: cidrBlock.describe("VPC CIDR, /16–/24; must not overlap another environment's."),
    azCount: z
      .number()
      .int()
      .min(MIN_AZS, `must be ${MIN_AZS}–${MAX_AZS}`)
      .max(MAX_AZS, `must be ${MIN_AZS}–${MAX_AZS}`)
      .describe(`Availability zones used, ${MIN_AZS}–${MAX_AZS}, and no more than the region has.`),
    azs: z
      .array(z.string())
      .optional()
      .describe("Explicit AZ names; default: the region's first azCount zones (`eu-west-1a`, `b`, …; ap-northeast-1 has no `b`). Required in us-west-1, whose AZ names differ per account."),
    natGateways: z.enum(["single", "perAz", "none"]).describe("NAT strategy: one per AZ, one shared, or no internet egress."),
    interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).describe("Interface endpoints created in the private subnets (`ssmmessages` is added when ECS Exec is on)."),
    flowLogRetentionDays: logRetention.describe("Retention of VPC flow logs, days."),
    logRetentionDays: logRetention.describe("Retention of service and API access logs, days."),
    /** RDS PostgreSQL settings. */
    database: z.strictObject({
      instanceClass: z
        .string()
        .regex(RDS_INSTANCE_CLASS_RE, "must be an RDS instance class like db.t4g.micro")
        .describe("RDS instance class, e.g. db.t4g.micro."),
      allocatedStorage: z
        .number()
        .int()
        .min(RDS_STORAGE_MIN_GIB, `must be ${RDS_STORAGE_MIN_GIB}–${RDS_STORAGE_MAX_GIB} GiB`)
        .max(RDS_STORAGE_MAX_GIB, `must be ${RDS_STORAGE_MIN_GIB}–${RDS_STORAGE_MAX_GIB} GiB`)
        .describe(`Initial gp3 storage, GiB (${RDS_STORAGE_MIN_GIB}–${RDS_STORAGE_MAX_GIB}).`),
      maxAllocatedStorage: z
        .number()
        .int()
        .max(RDS_STORAGE_MAX_GIB, `must be ≤ ${RDS_STORAGE_MAX_GIB} GiB`)
        .describe("Storage autoscaling ceiling, GiB (≥ allocatedStorage)."),
      multiAz: z.boolean().describe("Run a synchronous standby in another AZ."),
      deletionProtection: z.boolean().describe("Refuse deletion; a final snapshot is kept wherever this is on."),
      backupRetentionDays: z
        .number()
        .int()
        .min(RDS_BACKUP_RETENTION_MIN_DAYS, `must be ${RDS_BACKUP_RETENTION_MIN_DAYS}–${RDS_BACKUP_RETENTION_MAX_DAYS}`)
        .max(RDS_BACKUP_RETENTION_MAX_DAYS, `must be ${RDS_BACKUP_RETENTION_MIN_DAYS}–${RDS_BACKUP_RETENTION_MAX_DAYS}`)
        .describe(`Days of automated backups (${RDS_BACKUP_RETENTION_MIN_DAYS}–${RDS_BACKUP_RETENTION_MAX_DAYS}).`),
      monitoringInterval: z
        .union(RDS_MONITORING_INTERVALS.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<5>, ...z.ZodLiteral<number>[]], {
          error: `must be one of ${RDS_MONITORING_INTERVALS.join(", ")} (seconds)`,
        })
        .describe("Enhanced monitoring interval, seconds."),
      // The loader names the allowed values of an enum itself ("must be one of …").
      engineVersion: z
        .enum(POSTGRES_ENGINE_VERSIONS)
        .describe(
          "PostgreSQL major version under RDS standard support, a string without a minor (" +
            POSTGRES_ENGINE_VERSIONS.join(", ") +
            "): RDS applies minors itself. Raising it upgrades the instance: set allowMajorVersionUpgrade for that deploy (README: major version upgrades).",
        ),
      allowMajorVersionUpgrade: z
        .boolean()
        .describe(
          "Allow this deploy to upgrade the database to a new major engineVersion. While true, database changes apply immediately (downtime), not in the maintenance window: set it back to false after the upgrade.",
        ),
    }).describe("RDS PostgreSQL settings."),
    ecs: z.strictObject({
      containerInsights: z.enum(["enabled", "enhanced"]),
      /** Prefer FARGATE_SPOT in the default capacity provider strategy. */
      preferSpot: z.boolean(),
      /** ECS Exec (interactive shells); off in prod. */
      enableExecuteCommand: z.boolean(),
    }).describe("ECS cluster settings."),
    autoscaling: z.strictObject({
      minCapacity,
      maxCapacity,
      cpuTargetPercent: z.number().min(10, "must be 10–95").max(95, "must be 10–95"),
      memoryTargetPercent: z.number().min(10, "must be 10–95").max(95, "must be 10–95"),
    }).describe("Service autoscaling defaults (per-service overrides in services[].overrides)."),
    /** HTTP API settings. */
    api: z.strictObject({
      throttle,
      detailedMetrics: z.boolean(),
      /**
       * Usage plans / API keys per client profile. Not supported: HTTP APIs have no
       * usage plans; validation rejects any value with an explanation.
       */
      clientProfiles: z.array(z.unknown()).optional(),
    }).describe("HTTP API settings."),
  })
  .superRefine((env, ctx) => {
    if (env.azs !== undefined && env.azs.length !== env.azCount) {
      ctx.addIssue({
        code: "custom",
        path: ["azs"],
        message: `must list exactly azCount (${env.azCount}) availability zones, got ${env.azs.length}`,
      });
    }
    if (env.azs && new Set(env.azs).size !== env.azs.length) {
      ctx.addIssue({ code: "custom", path: ["azs"], message: "must not repeat an availability zone" });
    }
    if (new Set(env.interfaceEndpoints).size !== env.interfaceEndpoints.length) {
      ctx.addIssue({ code: "custom", path: ["interfaceEndpoints"], message: "must not repeat an endpoint service" });
    }
    if (env.database.maxAllocatedStorage < env.database.allocatedStorage) {
      ctx.addIssue({
        code: "custom",
        path: ["database", "maxAllocatedStorage"],
        message: `must be ≥ allocatedStorage (${env.database.allocatedStorage})`,
      });
    }
    if (env.autoscaling.maxCapacity < env.autoscaling.minCapacity) {
      ctx.addIssue({
        code: "custom",
        path: ["autoscaling", "maxCapacity"],
        message: `must be ≥ minCapacity (${env.autoscaling.minCapacity})`,
      });
    }
    if (env.api.clientProfiles !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["api", "clientProfiles"],
        message:
          "usage plans and API keys exist only on REST APIs, and this platform builds an HTTP API: " +
          "use api.throttle (stage-wide) and services[].throttle (per route) for rate limits, and do client identification in the service or a JWT authorizer",
      });
    }
  });

/** The whole config file. */
export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("`$schema` lets editors find infra.schema.json; ignored otherwise."),
    project: z
      .string()
      .superRefine(fact(projectNameProblem))
      .describe(
        "Project name, 1–20 characters of a–z, 0–9 and '-' (starting with a letter, no '--'): prefixes every physical name and the state key, so it is short enough for IAM's 64-character role names.",
      ),
    region: z.string().regex(REGION_RE, "must be an AWS region name like eu-west-1").describe("AWS region of every environment (ACM and the API must share it)."),
    state: z.strictObject({
      /** S3 bucket of the Terraform state; created by the `bootstrap` stack. */
      bucket: z
        .string()
        .superRefine(fact(stateBucketNameProblem))
        .describe("S3 bucket of the Terraform state (S3 naming rules), created by the `bootstrap` stack."),
    }).describe("Remote state."),
    /** Public domain, managed in Cloudflare. */
    domain: z.strictObject({
      name: z
        .string()
        .regex(HOSTNAME_RE, "must be a lowercase host name like example.com (IDNs in punycode: xn--…)")
        .describe("The Cloudflare zone's domain, e.g. example.com; API hosts are one label under it."),
      cloudflareZoneId: z.string().regex(/^[a-f0-9]{32}$/, "must be a Cloudflare zone id: 32 lowercase hex characters"),
      /** API host label: `api` → api.example.com (prod), api-dev.example.com. */
      apiSubdomain: dnsLabel("apiSubdomain"),
      /** The one environment whose stack manages zone-wide Cloudflare settings. */
      zoneSettingsOwner: z.enum(ENVIRONMENT_NAMES),
      /**
       * Optional Cloudflare rate limiting of the API paths, per client IP (off when absent).
       * Zone-wide, so created by the zoneSettingsOwner stack only. The Free plan allows a
       * 10-second period only; 60 needs Pro, longer periods Business or Enterprise.
       */
      rateLimit: z
        .strictObject({
          requestsPerPeriod: z.number().int().positive("must be > 0"),
          periodSeconds: z
            .union([z.literal(10), z.literal(60), z.literal(120), z.literal(300), z.literal(600), z.literal(3600)], {
              error: "must be one of 10, 60, 120, 300, 600, 3600 (seconds; the Free plan allows 10)",
            })
            .default(10),
        })
        .optional(),
    }).describe("Public domain, managed in Cloudflare."),
    /** OpenTelemetry export to Grafana Cloud. */
    observability: z.strictObject({
      /** Export telemetry (needs internet egress: natGateways ≠ "none"). */
      enabled: z.boolean(),
      /** Grafana Cloud OTLP gateway endpoint. */
      otlpEndpoint: z.string().url({ error: "must be an https:// URL", abort: true }).regex(/^https:\/\//, "must be an https:// URL"),
      /** Pinned OpenTelemetry collector image. */
      collectorImage: z
        .string()
        .superRefine(fact(pinnedImageProblem))
        .describe("Pinned OpenTelemetry collector image: a version tag or digest, never `latest`."),
    }).describe("OpenTelemetry export to Grafana Cloud."),
    services: z.array(ServiceSchema).min(1, "must declare at least one service").describe("The services."),
    environments: z.strictObject({ dev: EnvironmentSchema, staging: EnvironmentSchema, prod: EnvironmentSchema }).describe("Per-environment settings."),
    /** Policy checks (`npm run check`). */
    checks: z.strictObject({
      suppress: z.array(
        z.strictObject({
          rule: z.string().min(1, "must name a rule id (`npm run check -- --json` lists them)"),
          address: z
            .string()
            .min(1, "must name a resource address like aws_db_instance.x, or <stack>/<address>")
            .describe(
              "Where the finding is: a Terraform address (aws_db_instance.x, every stack), <stack>/<address> (prod/aws_db_instance.x), " +
                "a construct path as printed with the finding (prod/database/instance), <stack>/<service> (dev/orders: every resource " +
                "whose construct path has that segment), or a glob of these with * and ? (dev/*, */orders, aws_ecs_task_definition.*).",
            ),
          reason: z.string().trim().min(1, "a suppression needs a reason"),
        }),
      ),
    }).describe("Policy checks (`npm run check`)."),
  })
  .superRefine((cfg, ctx) => {
    checkServices(cfg.services, ctx);
    checkEnvironments(cfg, ctx);
    checkServicesPerEnvironment(cfg, ctx);
  });

function checkServices(services: z.infer<typeof ServiceSchema>[], ctx: z.RefinementCtx): void {
  const names = services.map((s) => s.name);
  services.forEach((svc, i) => {
    if (names.indexOf(svc.name) !== i) {
      ctx.addIssue({ code: "custom", path: ["services", i, "name"], message: `duplicates service ${JSON.stringify(svc.name)}: names must be unique` });
    }
    svc.allowFrom.forEach((caller, j) => {
      if (svc.allowFrom.indexOf(caller) !== j) {
        ctx.addIssue({ code: "custom", path: ["services", i, "allowFrom", j], message: `repeats ${JSON.stringify(caller)}: list each caller once` });
      } else if (!names.includes(caller)) {
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "allowFrom", j],
          message: `names no declared service; declared: ${names.join(", ")}`,
        });
      } else if (caller === svc.name) {
        ctx.addIssue({ code: "custom", path: ["services", i, "allowFrom", j], message: "a service need not allow itself" });
      }
    });
    services.forEach((other, k) => {
      if (k === i) return;
      if (other.pathPrefix === svc.pathPrefix && k < i) {
        ctx.addIssue({ code: "custom", path: ["services", i, "pathPrefix"], message: `duplicates the pathPrefix of service ${other.name}` });
      } else if (other.pathPrefix !== svc.pathPrefix && other.pathPrefix.startsWith(svc.pathPrefix + "/")) {
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "pathPrefix"],
          message: `is a prefix of service ${other.name}'s pathPrefix ${other.pathPrefix}: one route would shadow the other`,
        });
      }
    });
  });
  const defaults = services.filter((s) => s.defaultRoute);
  if (defaults.length > 1) {
    ctx.addIssue({
      code: "custom",
      path: ["services", services.indexOf(defaults[1]), "defaultRoute"],
      message: `only one service may own the $default route; ${defaults.map((s) => s.name).join(", ")} all claim it`,
    });
  }
}

/**
 * The public API host of an environment: `<apiSubdomain>.<domain>` in prod,
 * `<apiSubdomain>-<env>.<domain>` elsewhere — one DNS label under the zone, because
 * Cloudflare's Universal SSL covers one level of subdomain only.
 */
export function apiHostFor(domain: { readonly name: string; readonly apiSubdomain: string }, envName: EnvironmentName): string {
  const label = envName === "prod" ? domain.apiSubdomain : `${domain.apiSubdomain}-${envName}`;
  return `${label}.${domain.name}`;
}

function checkEnvironments(cfg: z.infer<typeof ConfigSchema>, ctx: z.RefinementCtx): void {
  // Only valid blocks are compared: a bad CIDR already has its own issue.
  const parsed = ENVIRONMENT_NAMES.map((name) => {
    const text = cfg.environments[name].vpcCidr;
    return { name, cidr: vpcCidrProblem(text) === undefined ? parseCidr(text) : "invalid" };
  });
  parsed.forEach((a, i) => {
    parsed.slice(0, i).forEach((b) => {
      if (typeof a.cidr !== "string" && typeof b.cidr !== "string" && cidrsOverlap(a.cidr, b.cidr)) {
        ctx.addIssue({
          code: "custom",
          path: ["environments", a.name, "vpcCidr"],
          message: `overlaps environments.${b.name}.vpcCidr (${cfg.environments[b.name].vpcCidr}): environments need disjoint CIDRs`,
        });
      }
    });
  });
  for (const { name, cidr } of parsed) {
    const env = cfg.environments[name];
    // The subnet plan must fit: every tier's subnets /28 or larger.
    if (typeof cidr !== "string") {
      const fit = subnetFitProblem(cidr.prefix, env.azCount);
      if (fit) ctx.addIssue({ code: "custom", path: ["environments", name, "vpcCidr"], message: fit });
    }
    env.azs?.forEach((az, j) => {
      const problem = azNameProblem(cfg.region, az);
      if (problem) ctx.addIssue({ code: "custom", path: ["environments", name, "azs", j], message: problem });
    });
    const az = azProblem(cfg.region, env.azCount, env.azs);
    if (az) ctx.addIssue({ code: "custom", path: ["environments", name, az.path], message: az.message });
    if (env.natGateways === "none" && cfg.observability.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["environments", name, "natGateways"],
        message: 'is "none", but observability.enabled exports telemetry to Grafana Cloud over the internet: use "single" or "perAz", or set observability.enabled to false',
      });
    }
    if (env.natGateways === "none") {
      for (const needed of ENDPOINTS_NEEDED_WITHOUT_NAT) {
        if (!env.interfaceEndpoints.includes(needed)) {
          ctx.addIssue({
            code: "custom",
            path: ["environments", name, "interfaceEndpoints"],
            message: `must include ${needed} when natGateways is "none": tasks in private subnets have no other way to reach it`,
          });
        }
      }
    }
    // The API host is the ACM certificate's domain name (its common name): at most 64
    // characters (RFC 5280), and its first label is one DNS label (≤ 63).
    const host = apiHostFor(cfg.domain, name);
    const label = host.slice(0, host.length - cfg.domain.name.length - 1);
    if (label.length > 63) {
      ctx.addIssue({ code: "custom", path: ["domain", "apiSubdomain"], message: `makes the ${name} API host label "${label}" ${label.length} characters; a DNS label has at most 63` });
    } else if (host.length > ACM_DOMAIN_NAME_MAX_LENGTH) {
      ctx.addIssue({
        code: "custom",
        path: ["domain", "name"],
        message: `makes the ${name} API host "${host}" ${host.length} characters; an ACM certificate's domain name may have at most ${ACM_DOMAIN_NAME_MAX_LENGTH}: use a shorter domain or apiSubdomain`,
      });
    }
  }
}

/** What depends on a service and the settings around it: the collector's ports, capacities as each environment resolves them. */
function checkServicesPerEnvironment(cfg: z.infer<typeof ConfigSchema>, ctx: z.RefinementCtx): void {
  cfg.services.forEach((svc, i) => {
    if (cfg.observability.enabled && COLLECTOR_PORTS.includes(svc.port)) {
      ctx.addIssue({
        code: "custom",
        path: ["services", i, "port"],
        message: `is taken by the OpenTelemetry collector sidecar (${COLLECTOR_PORTS.join(", ")} on the task's localhost) while observability.enabled: pick another port`,
      });
    }
    // Physical names derived from the service name must fit AWS's limits in every environment.
    // The longest environment name leaves the least room: report that one.
    const tightest = [...ENVIRONMENT_NAMES].sort((x, y) => y.length - x.length)[0];
    const budget = iamRoleNameProblem(cfg.project, tightest, svc.name);
    if (budget) ctx.addIssue({ code: "custom", path: ["services", i, "name"], message: budget });
    // A database service logs in as its own PostgreSQL user, named after it.
    const dbUser = svc.database ? dbUserProblem(databaseUserName(svc.name)) : undefined;
    if (dbUser) {
      ctx.addIssue({ code: "custom", path: ["services", i, "name"], message: `names the database user "${databaseUserName(svc.name)}", which ${dbUser}` });
    }
    // An override may set one bound only; the other comes from the environment's autoscaling.
    for (const env of ENVIRONMENT_NAMES) {
      const o = svc.overrides[env];
      if (o?.minCapacity === undefined && o?.maxCapacity === undefined) continue;
      const defaults = cfg.environments[env].autoscaling;
      const min = o.minCapacity ?? defaults.minCapacity;
      const max = o.maxCapacity ?? defaults.maxCapacity;
      if (max >= min) continue;
      if (o.maxCapacity !== undefined) {
        const from = o.minCapacity === undefined ? `, from environments.${env}.autoscaling.minCapacity` : "";
        ctx.addIssue({ code: "custom", path: ["services", i, "overrides", env, "maxCapacity"], message: `must be ≥ minCapacity (${min}${from})` });
      } else {
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "overrides", env, "minCapacity"],
          message: `must be ≤ maxCapacity (${max}, from environments.${env}.autoscaling.maxCapacity)`,
        });
      }
    }
  });
}

/** The validated config. */
export type PlatformConfig = z.infer<typeof ConfigSchema>;
/** One validated service. */
export type ServiceConfig = z.infer<typeof ServiceSchema>;
/** One validated environment's settings. */
export type EnvironmentSettings = z.infer<typeof EnvironmentSchema>;
/** Per-route throttle settings. */
export type ThrottleConfig = z.infer<typeof throttle>;

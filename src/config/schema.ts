import { z } from "zod";
import { cidrsOverlap, parseCidr } from "./cidr";
import { POSTGRES_ENGINE_VERSIONS } from "../database/engine-versions";

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

/** Interface endpoints the network can create (service suffix of `com.amazonaws.<region>.`). */
export const INTERFACE_ENDPOINT_SERVICES = [
  "ecr.api",
  "ecr.dkr",
  "logs",
  "secretsmanager",
  "ssmmessages",
  "monitoring",
  "kms",
  "sts",
] as const;

/** CloudWatch Logs accepts only these retention values. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const DNS_LABEL_RE = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOSTNAME_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

const dnsLabel = (what: string) =>
  z
    .string()
    .regex(
      DNS_LABEL_RE,
      `${what} must be a lowercase DNS label: a–z, 0–9 and '-', starting with a letter, not ending with '-', at most 63 characters`,
    );

const cidrBlock = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (typeof parsed === "string") {
    ctx.addIssue({ code: "custom", message: parsed });
  } else if (parsed.prefix < 16 || parsed.prefix > 24) {
    ctx.addIssue({ code: "custom", message: `prefix must be between /16 and /24 (got /${parsed.prefix})` });
  }
});

const logRetention = z
  .number()
  .int()
  .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
    message: `must be one of the CloudWatch Logs retention values: ${LOG_RETENTION_DAYS.join(", ")}`,
  });

const port = z.number().int().min(1, "must be 1–65535").max(65535, "must be 1–65535");

/** Ports of the OpenTelemetry collector sidecar (OTLP gRPC, HTTP) on the task's localhost. */
const COLLECTOR_PORTS: readonly number[] = [4317, 4318];

/**
 * The health check runs `curl '<path>'` in a shell: only characters that need no quoting
 * inside single quotes (the same set FargateService enforces).
 */
/** Health check paths run inside a shell command: only characters that need no quoting. */
export const HEALTH_CHECK_PATH_RE = /^\/[A-Za-z0-9._~\-/?=&%+]*$/;
/** A POSIX environment variable name. */
export const ENV_VAR_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const minCapacity = z.number().int().min(0, "must be ≥ 0");
const maxCapacity = z.number().int().min(1, "must be ≥ 1");

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
const imageTag = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be a Docker tag: letters, digits, '_', '.', '-', at most 128 characters")
  .refine((v) => v !== "latest", "must not be \"latest\": repositories are IMMUTABLE, so use a version or commit SHA");

/** Settings of a service that an environment may override. */
const serviceOverride = z.strictObject({
  cpu: z.number().int().optional(),
  memory: z.number().int().optional(),
  desiredCount: z.number().int().min(0, "must be ≥ 0").optional(),
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
      .regex(/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, "must start with '/', have no trailing '/' and use URL-safe segments").describe("Public path prefix routed to this service, e.g. `/orders`."),
    healthCheckPath: z
      .string()
      .regex(HEALTH_CHECK_PATH_RE, "must start with '/' and use only letters, digits and ._~-/?=&%+ (it runs in a shell health check)")
      .default("/health").describe("HTTP path the container health check probes (Cloud Map takes task health from ECS)."),
    desiredCount: z.number().int().min(0, "must be ≥ 0").default(2).describe("Tasks to run at creation; autoscaling owns it afterwards."),
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
    for (const [path, vars] of envMaps) {
      for (const key of Object.keys(vars ?? {})) {
        if (!ENV_VAR_NAME_RE.test(key)) {
          ctx.addIssue({ code: "custom", path: [...path, key], message: "is not a valid variable name: letters, digits and '_', not starting with a digit" });
        } else if (SECRET_LIKE_ENV.test(key)) {
          ctx.addIssue({
            code: "custom",
            path: [...path, key],
            message: "looks like a credential: secrets must not live in config; store them in Secrets Manager",
            // The value is a secret: the error message must not print it.
            params: { redact: true },
          });
        }
      }
    }
  });

/** Variable names that look like credentials: those belong in Secrets Manager, never in config. */
export const SECRET_LIKE_ENV = /(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY)/i;

function checkFargateSize(cpu: number, memory: number, path: (string | number)[], ctx: z.RefinementCtx): void {
  const allowed = FARGATE_SIZES[cpu];
  if (!allowed) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "cpu"],
      message: `must be a Fargate cpu size: ${Object.keys(FARGATE_SIZES).join(", ")}`,
    });
  } else if (!allowed.includes(memory)) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "memory"],
      message: `is not valid with cpu ${cpu}: allowed ${allowed[0]}–${allowed[allowed.length - 1]} MiB in steps of ${allowed[1] - allowed[0]}`,
    });
  }
}

/** Per-environment settings. */
export const EnvironmentSchema = z
  .strictObject({
    vpcCidr: cidrBlock.describe("VPC CIDR, /16–/24; must not overlap another environment's."),
    azCount: z.number().int().min(2, "must be 2–6").max(6, "must be 2–6").describe("Availability zones used, 2–6."),
    azs: z.array(z.string()).optional().describe("Explicit AZ names; default `<region>a`, `b`, … up to azCount."),
    natGateways: z.enum(["single", "perAz", "none"]).describe("NAT strategy: one per AZ, one shared, or no internet egress."),
    interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).describe("Interface endpoints created in the private subnets (`ssmmessages` is added when ECS Exec is on)."),
    flowLogRetentionDays: logRetention.describe("Retention of VPC flow logs, days."),
    logRetentionDays: logRetention.describe("Retention of service and API access logs, days."),
    /** RDS PostgreSQL settings. */
    database: z.strictObject({
      instanceClass: z
        .string()
        .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class like db.t4g.micro")
        .describe("RDS instance class, e.g. db.t4g.micro."),
      allocatedStorage: z.number().int().min(20, "must be 20–65536 GiB").max(65536, "must be 20–65536 GiB").describe("Initial gp3 storage, GiB (20–65536)."),
      maxAllocatedStorage: z.number().int().max(65536, "must be ≤ 65536 GiB").describe("Storage autoscaling ceiling, GiB (≥ allocatedStorage)."),
      multiAz: z.boolean().describe("Run a synchronous standby in another AZ."),
      deletionProtection: z.boolean().describe("Refuse deletion; a final snapshot is kept wherever this is on."),
      backupRetentionDays: z.number().int().min(1, "must be 1–35").max(35, "must be 1–35").describe("Days of automated backups (1–35)."),
      monitoringInterval: z
        .union([z.literal(1), z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)], {
          error: "must be one of 1, 5, 10, 15, 30, 60 (seconds)",
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
    project: dnsLabel("project").refine((v) => v.length <= 20, "project must be at most 20 characters (it prefixes names with length limits)").describe("Project name: prefixes every physical name and the state key."),
    region: z.string().regex(REGION_RE, "must be an AWS region name like eu-west-1").describe("AWS region of every environment (ACM and the API must share it)."),
    state: z.strictObject({
      /** S3 bucket of the Terraform state; created by the `bootstrap` stack. */
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name: 3–63 of a–z, 0–9, '.', '-'"),
    }).describe("Remote state."),
    /** Public domain, managed in Cloudflare. */
    domain: z.strictObject({
      name: z.string().regex(HOSTNAME_RE, "must be a lowercase host name like example.com"),
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
      collectorImage: z.string().regex(/^[^\s:]+(:[^\s:@]+)?(@sha256:[a-f0-9]{64})?$/, "must be an image reference like registry/name:tag").refine((v) => /[:@]/.test(v.split("/").pop() ?? ""), "must pin a tag or digest"),
    }).describe("OpenTelemetry export to Grafana Cloud."),
    services: z.array(ServiceSchema).min(1, "must declare at least one service").describe("The services."),
    environments: z.strictObject({ dev: EnvironmentSchema, staging: EnvironmentSchema, prod: EnvironmentSchema }).describe("Per-environment settings."),
    /** Policy checks (`npm run check`). */
    checks: z.strictObject({
      suppress: z.array(
        z.strictObject({
          rule: z.string().min(1, "must name a rule id (`npm run check -- --json` lists them)"),
          address: z.string().min(1, "must name a resource address like aws_db_instance.x, or <stack>/<address>"),
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

function checkEnvironments(cfg: { region: string; environments: Record<EnvironmentName, z.infer<typeof EnvironmentSchema>>; observability: { enabled: boolean } }, ctx: z.RefinementCtx): void {
  // Only well-formed, in-range blocks are compared: a bad CIDR already has its own issue.
  const parsed = ENVIRONMENT_NAMES.map((name) => {
    const cidr = parseCidr(cfg.environments[name].vpcCidr);
    return { name, cidr: typeof cidr !== "string" && (cidr.prefix < 16 || cidr.prefix > 24) ? "out of range" : cidr };
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
  for (const name of ENVIRONMENT_NAMES) {
    const env = cfg.environments[name];
    env.azs?.forEach((az, i) => {
      if (!new RegExp(`^${cfg.region}[a-z]$`).test(az)) {
        ctx.addIssue({ code: "custom", path: ["environments", name, "azs", i], message: `must be an availability zone of ${cfg.region}, like ${cfg.region}a` });
      }
    });
    if (env.natGateways === "none" && cfg.observability.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["environments", name, "natGateways"],
        message: 'is "none", but observability.enabled exports telemetry to Grafana Cloud over the internet: use "single" or "perAz", or set observability.enabled to false',
      });
    }
    if (env.natGateways === "none") {
      for (const needed of ["ecr.api", "ecr.dkr", "logs", "secretsmanager"] as const) {
        if (!env.interfaceEndpoints.includes(needed)) {
          ctx.addIssue({
            code: "custom",
            path: ["environments", name, "interfaceEndpoints"],
            message: `must include ${needed} when natGateways is "none": tasks in private subnets have no other way to reach it`,
          });
        }
      }
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

import { defaultAzs } from "../core/aws-facts";
import { DEFAULT_IMAGE_TAG } from "./fields";
import {
  apiHostFor,
  Capacity,
  DEFAULT_HEALTH_CHECK_PATH,
  DeploymentStrategy,
  EnvironmentName,
  EnvironmentSettings,
  JobConfig,
  ProfileName,
  PlatformConfig,
  ServiceConfig,
  ThrottleConfig,
} from "./schema";
import { PermissionConfig, SecretConfig } from "./workload-schema";
import { EffectiveAlerts, effectiveAlerts } from "./alerts-schema";

/** How a service is reached: `public` (API route + Cloud Map), `internal` (Cloud Map only), `none` (a worker). */
export type ServiceExposure = "public" | "internal" | "none";

/** One app secret (`services[].secrets.<NAME>`): a reference, and the customer-managed key that encrypts it, if any. */
export interface ResolvedSecret {
  /** The reference as written (see core/secret-reference.ts). */
  readonly from: string;
  /** A customer-managed KMS key ARN the secret or parameter is encrypted with. */
  readonly kmsKeyArn?: string;
}

/** One Allow statement for the task role (`services[].permissions[]`, `jobs[].permissions[]`). */
export interface ResolvedPermission {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** IAM condition block: operator → key → value(s). */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** A persistent volume (`services[].volumes[]`) on the environment's EFS file system. */
export interface ResolvedVolume {
  /** Volume name, unique in the service: names its access point and its directory. */
  readonly name: string;
  /** Absolute container path it is mounted at. */
  readonly path: string;
  /** Mounted read-only. */
  readonly readOnly: boolean;
}

/** A service as one environment runs it: overrides applied. */
export interface ResolvedService {
  readonly name: string;
  readonly expose: ServiceExposure;
  /** The container port; absent for a worker (`expose: none`). */
  readonly port?: number;
  readonly cpu: number;
  readonly memory: number;
  /** The API path prefix; public services only (undefined for internal services and workers). */
  readonly pathPrefix?: string;
  /** The path the container health check probes (default `/health`); a worker has no port, so nothing probes it. */
  readonly healthCheckPath: string;
  readonly desiredCount: number;
  readonly database: boolean;
  readonly allowFrom: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly imageTag: string;
  readonly stripPrefix: boolean;
  readonly defaultRoute: boolean;
  readonly throttle?: ThrottleConfig;
  /**
   * How a new task definition rolls out in this environment (`overrides.<env>.deployment`
   * over `deployment`): `rolling` (ECS, circuit breaker) or `blueGreen` (CodeDeploy; only on
   * a public service, in an environment whose `api.targets` is `loadBalancer`).
   */
  readonly deployment: DeploymentStrategy;
  /** Where the tasks run in this environment: Fargate (the env's preferSpot), all Fargate Spot, or the env's EC2 capacity provider. */
  readonly capacity: Capacity;
  /** Autoscaling floor for this service in this environment. */
  readonly minCapacity: number;
  /** Autoscaling ceiling for this service in this environment. */
  readonly maxCapacity: number;
  /** App secrets by environment variable name, `overrides.<env>.secrets` merged over the service's. */
  readonly secrets: Readonly<Record<string, ResolvedSecret>>;
  /** Allow statements for the task role. */
  readonly permissions: readonly ResolvedPermission[];
  /** Overrides the image's CMD. */
  readonly command?: readonly string[];
  /** Overrides the image's ENTRYPOINT. */
  readonly entryPoint?: readonly string[];
  /** Persistent EFS volumes. */
  readonly volumes: readonly ResolvedVolume[];
}

/** A scheduled job (`jobs[]`) as one environment runs it. */
export interface ResolvedJob {
  readonly name: string;
  /** EventBridge Scheduler expression: `cron(…)`, `rate(…)` or `at(…)`. */
  readonly schedule: string;
  /** IANA time zone of a cron or at expression. */
  readonly timezone: string;
  readonly command: readonly string[];
  /** The service whose image, secrets, database access and permissions the job runs with; absent: its own repository. */
  readonly service?: string;
  readonly cpu: number;
  readonly memory: number;
  /**
   * Image tag: of the job's own repository (`jobs[].imageTag`, default `1.0.0`), or with
   * `service` that service's tag in this environment (the job runs its image).
   */
  readonly imageTag: string;
  /** The job's own secrets, merged over the service's. */
  readonly secrets: Readonly<Record<string, ResolvedSecret>>;
  /** The job's own statements, added to the service's. */
  readonly permissions: readonly ResolvedPermission[];
}

/** Everything one environment stack needs, resolved from the config. */
export interface EnvironmentConfig {
  /** The environment's name (a key of `environments`): also the stack name. */
  readonly envName: EnvironmentName;
  /** The built-in defaults it started from, and whose `npm run check` rules it gets. */
  readonly profile: ProfileName;
  readonly project: string;
  /** The environment's region (`environments.<env>.region`, else the top-level one). */
  readonly region: string;
  /** The state bucket's region: the top-level one, where bootstrap runs. */
  readonly stateRegion: string;
  readonly stateBucket: string;
  /** The environment's settings (network, database, ecs, autoscaling, api). */
  readonly settings: EnvironmentSettings;
  /** Availability zones, explicit or the region's first azCount zones. */
  readonly azs: readonly string[];
  readonly domain: {
    readonly name: string;
    readonly cloudflareZoneId: string;
    /** Public API host: `api.example.com` in prod, `api-<env>.example.com` elsewhere. */
    readonly apiHost: string;
    /** Whether this stack manages the zone-wide Cloudflare settings. */
    readonly managesZoneSettings: boolean;
  };
  readonly observability: PlatformConfig["observability"];
  readonly services: readonly ResolvedService[];
  /** Scheduled jobs. */
  readonly jobs: readonly ResolvedJob[];
  /** Whom the environment's alarms notify and their thresholds: profile → `alerts` → `environments.<env>.alerts`. */
  readonly alerts: EffectiveAlerts;
  /** The whole validated config, for what is not environment-specific. */
  readonly config: PlatformConfig;
}

/** Resolves one environment from a validated config. */
export function resolveEnvironment(config: PlatformConfig, envName: EnvironmentName): EnvironmentConfig {
  const settings = config.environments[envName];
  if (settings === undefined) {
    throw new Error(`resolveEnvironment: no environment ${JSON.stringify(envName)} in the config; declared: ${Object.keys(config.environments).join(", ")}`);
  }
  const region = settings.region ?? config.region;
  const azs = settings.azs ?? defaultAzs(region, settings.azCount);
  const services = config.services.map((svc) => resolveService(svc, envName, settings));
  return {
    envName,
    profile: settings.profile,
    project: config.project,
    region,
    stateRegion: config.region,
    stateBucket: config.state.bucket,
    settings,
    azs,
    domain: {
      name: config.domain.name,
      cloudflareZoneId: config.domain.cloudflareZoneId,
      apiHost: apiHostFor(config.domain, envName),
      managesZoneSettings: config.domain.zoneSettingsOwner === envName,
    },
    observability: config.observability,
    services,
    jobs: config.jobs.map((job) => resolveJob(job, services)),
    alerts: effectiveAlerts(config, envName),
    config,
  };
}

function resolveService(svc: ServiceConfig, envName: EnvironmentName, settings: EnvironmentSettings): ResolvedService {
  const o = svc.overrides[envName] ?? {};
  return {
    name: svc.name,
    expose: svc.expose,
    port: svc.port,
    cpu: o.cpu ?? svc.cpu,
    memory: o.memory ?? svc.memory,
    pathPrefix: svc.expose === "public" ? svc.pathPrefix : undefined,
    healthCheckPath: svc.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH,
    desiredCount: o.desiredCount ?? svc.desiredCount,
    database: svc.database,
    allowFrom: svc.allowFrom,
    environment: { ...svc.environment, ...o.environment },
    imageTag: o.imageTag ?? svc.imageTag,
    stripPrefix: svc.stripPrefix,
    defaultRoute: svc.defaultRoute,
    throttle: svc.throttle,
    deployment: o.deployment ?? svc.deployment,
    capacity: o.capacity ?? svc.capacity,
    minCapacity: o.minCapacity ?? settings.autoscaling.minCapacity,
    maxCapacity: o.maxCapacity ?? settings.autoscaling.maxCapacity,
    secrets: resolveSecrets({ ...svc.secrets, ...o.secrets }),
    permissions: (svc.permissions ?? []).map(resolvePermission),
    ...(svc.command ? { command: svc.command } : {}),
    ...(svc.entryPoint ? { entryPoint: svc.entryPoint } : {}),
    volumes: svc.volumes.map((v) => ({ name: v.name, path: v.path, readOnly: v.readOnly })),
  };
}

/**
 * A job in one environment. With `service`, it runs that service's image and tag, with
 * the service's secrets (its own merged over them) and permissions (its own added).
 */
function resolveJob(job: JobConfig, services: readonly ResolvedService[]): ResolvedJob {
  const svc = job.service === undefined ? undefined : services.find((s) => s.name === job.service);
  return {
    name: job.name,
    schedule: job.schedule,
    timezone: job.timezone,
    command: job.command,
    ...(job.service !== undefined ? { service: job.service } : {}),
    cpu: job.cpu,
    memory: job.memory,
    imageTag: svc ? svc.imageTag : (job.imageTag ?? DEFAULT_IMAGE_TAG),
    secrets: { ...svc?.secrets, ...resolveSecrets(job.secrets) },
    permissions: [...(svc?.permissions ?? []), ...(job.permissions ?? []).map(resolvePermission)],
  };
}

/** Secrets as written → one shape: the string form is `{ from }`. */
function resolveSecrets(secrets: Readonly<Record<string, SecretConfig>>): Record<string, ResolvedSecret> {
  return Object.fromEntries(
    Object.entries(secrets).map(([name, secret]): [string, ResolvedSecret] => [
      name,
      typeof secret === "string" ? { from: secret } : { from: secret.from, ...(secret.kmsKeyArn !== undefined ? { kmsKeyArn: secret.kmsKeyArn } : {}) },
    ]),
  );
}

function resolvePermission(statement: PermissionConfig): ResolvedPermission {
  return {
    actions: statement.actions,
    resources: statement.resources,
    ...(statement.conditions !== undefined ? { conditions: statement.conditions } : {}),
  };
}

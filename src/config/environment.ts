import { defaultAzs } from "../core/aws-facts";
import { apiHostFor, EnvironmentName, EnvironmentSettings, PlatformConfig, ServiceConfig, ThrottleConfig } from "./schema";

/** A service as one environment runs it: overrides applied. */
export interface ResolvedService {
  readonly name: string;
  readonly port: number;
  readonly cpu: number;
  readonly memory: number;
  readonly pathPrefix: string;
  readonly healthCheckPath: string;
  readonly desiredCount: number;
  readonly database: boolean;
  readonly allowFrom: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly imageTag: string;
  readonly stripPrefix: boolean;
  readonly defaultRoute: boolean;
  readonly throttle?: ThrottleConfig;
  /** Autoscaling floor for this service in this environment. */
  readonly minCapacity: number;
  /** Autoscaling ceiling for this service in this environment. */
  readonly maxCapacity: number;
}

/** Everything one environment stack needs, resolved from the config. */
export interface EnvironmentConfig {
  /** `dev`, `staging` or `prod`: also the stack name. */
  readonly envName: EnvironmentName;
  readonly project: string;
  readonly region: string;
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
  /** The whole validated config, for what is not environment-specific. */
  readonly config: PlatformConfig;
}

/** Resolves one environment from a validated config. */
export function resolveEnvironment(config: PlatformConfig, envName: EnvironmentName): EnvironmentConfig {
  const settings = config.environments[envName];
  const azs = settings.azs ?? defaultAzs(config.region, settings.azCount);
  return {
    envName,
    project: config.project,
    region: config.region,
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
    services: config.services.map((svc) => resolveService(svc, envName, settings)),
    config,
  };
}

function resolveService(svc: ServiceConfig, envName: EnvironmentName, settings: EnvironmentSettings): ResolvedService {
  const o = svc.overrides[envName] ?? {};
  return {
    name: svc.name,
    port: svc.port,
    cpu: o.cpu ?? svc.cpu,
    memory: o.memory ?? svc.memory,
    pathPrefix: svc.pathPrefix,
    healthCheckPath: svc.healthCheckPath,
    desiredCount: o.desiredCount ?? svc.desiredCount,
    database: svc.database,
    allowFrom: svc.allowFrom,
    environment: { ...svc.environment, ...o.environment },
    imageTag: o.imageTag ?? svc.imageTag,
    stripPrefix: svc.stripPrefix,
    defaultRoute: svc.defaultRoute,
    throttle: svc.throttle,
    minCapacity: o.minCapacity ?? settings.autoscaling.minCapacity,
    maxCapacity: o.maxCapacity ?? settings.autoscaling.maxCapacity,
  };
}

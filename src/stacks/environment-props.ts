import { Construct } from "constructs";
import { EnvironmentConfig, ResolvedService } from "../config/environment";
import { FargateServiceProps } from "../compute/fargate-service";
import { AppSecret } from "../compute/workload-task";
import { parseSecretReference, SecretReference } from "../core/secret-reference";
import { EnvironmentSettings } from "../config/schema";
import { PostgresDatabaseProps } from "../database/postgres-database";
import { isLogRetentionDays, LOG_RETENTION_DAYS, LogRetentionDays } from "../core/aws-facts";
import { RateLimitRuleset } from "../dns/rate-limit-ruleset";
import { ZoneSettings } from "../dns/zone-settings";
import { HttpApiServiceOptions } from "../edge/http-api";
import { RestApiServiceOptions } from "../edge/rest-api";

/**
 * Config → construct props. The constructs take props of their own (usable from any
 * CDKTF app); this module is the one place that knows both shapes, so a config key and
 * the prop it feeds are mapped side by side.
 */

/**
 * A retention from the config as the type the constructs take. The schema has already
 * refused any other value (with `logRetentionProblem`); this only narrows the type.
 */
export function logRetention(days: number): LogRetentionDays {
  if (!isLogRetentionDays(days)) throw new Error(`log retention must be one of ${LOG_RETENTION_DAYS.join(", ")} days, got ${days}`);
  return days;
}

/** The per-service props of a {@link FargateService} for a service as one environment runs it. */
export type FargateServiceOwnProps = Pick<
  FargateServiceProps,
  | "name"
  | "port"
  | "cpu"
  | "memory"
  | "healthCheckPath"
  | "desiredCount"
  | "minCapacity"
  | "maxCapacity"
  | "imageTag"
  | "environment"
  | "secrets"
  | "permissions"
  | "command"
  | "entryPoint"
  | "deploymentController"
>;

export function fargateServiceProps(svc: ResolvedService): FargateServiceOwnProps {
  return {
    name: svc.name,
    // A worker (expose none) has no port, so no health check, registration or callers.
    ...(svc.port !== undefined ? { port: svc.port, healthCheckPath: svc.healthCheckPath } : {}),
    cpu: svc.cpu,
    memory: svc.memory,
    desiredCount: svc.desiredCount,
    minCapacity: svc.minCapacity,
    maxCapacity: svc.maxCapacity,
    imageTag: svc.imageTag,
    environment: svc.environment,
    ...workloadAccessProps(svc),
    ...(svc.command ? { command: svc.command } : {}),
    ...(svc.entryPoint ? { entryPoint: svc.entryPoint } : {}),
    // Blue/green: CodeDeploy owns the rollout (the config requires the load balancer).
    ...(svc.deployment === "blueGreen" ? { deploymentController: "CODE_DEPLOY" as const } : {}),
  };
}

/** The secrets and permissions of a service or job (`secrets`, `permissions`), as task props. */
export function workloadAccessProps(workload: Pick<ResolvedService, "secrets" | "permissions">): Pick<FargateServiceProps, "secrets" | "permissions"> {
  const secrets: AppSecret[] = Object.entries(workload.secrets).map(([name, secret]) => ({
    name,
    reference: secretReference(secret.from),
    ...(secret.kmsKeyArn ? { kmsKeyArn: secret.kmsKeyArn } : {}),
  }));
  return {
    ...(secrets.length > 0 ? { secrets } : {}),
    ...(workload.permissions.length > 0
      ? {
          permissions: workload.permissions.map((p) => ({
            actions: p.actions,
            resources: p.resources,
            ...(p.conditions ? { conditions: p.conditions as Record<string, Record<string, string | string[]>> } : {}),
          })),
        }
      : {}),
  };
}

/** A reference the schema has already accepted (`secretReferenceProblem`), parsed. */
function secretReference(text: string): SecretReference {
  const parsed = parseSecretReference(text);
  if ("problem" in parsed) throw new Error(`secret reference ${JSON.stringify(text)} ${parsed.problem}`);
  return parsed;
}

/** The size, availability and backup props of a {@link PostgresDatabase} (`environments.<env>.database`). */
export type PostgresDatabaseOwnProps = Pick<
  PostgresDatabaseProps,
  | "instanceClass"
  | "allocatedStorage"
  | "maxAllocatedStorage"
  | "multiAz"
  | "deletionProtection"
  | "backupRetentionDays"
  | "monitoringInterval"
  | "engineVersion"
  | "allowMajorVersionUpgrade"
  | "finalSnapshot"
>;

export function postgresDatabaseProps(database: EnvironmentSettings["database"]): PostgresDatabaseOwnProps {
  return {
    instanceClass: database.instanceClass,
    allocatedStorage: database.allocatedStorage,
    maxAllocatedStorage: database.maxAllocatedStorage,
    multiAz: database.multiAz,
    deletionProtection: database.deletionProtection,
    backupRetentionDays: database.backupRetentionDays,
    monitoringInterval: database.monitoringInterval,
    engineVersion: database.engineVersion,
    allowMajorVersionUpgrade: database.allowMajorVersionUpgrade,
    // Keep a final snapshot wherever the database is protected from deletion.
    finalSnapshot: database.deletionProtection,
  };
}

/** The path prefix of a public service (the schema requires one for `expose: public`). */
function routedPrefix(svc: ResolvedService): string {
  if (svc.pathPrefix === undefined) throw new Error(`service ${svc.name} is ${svc.expose}: only public services have API routes`);
  return svc.pathPrefix;
}

/** How the API routes to a service (`services[].pathPrefix|stripPrefix|defaultRoute|throttle`). */
export function apiRouteOptions(svc: ResolvedService): HttpApiServiceOptions {
  return {
    pathPrefix: routedPrefix(svc),
    stripPrefix: svc.stripPrefix,
    defaultRoute: svc.defaultRoute,
    ...(svc.throttle ? { throttle: svc.throttle } : {}),
  };
}

/**
 * Where a service runs (`services[].capacity`): nothing for Fargate (the cluster's
 * preferSpot, as before), all Fargate Spot, or the environment's EC2 capacity provider
 * (the schema refuses `ec2` where there is none).
 */
export function serviceCapacityProps(
  svc: ResolvedService,
  ec2: { readonly capacityProviderName: string; readonly architecture: "x86_64" | "arm64" } | undefined,
): Pick<FargateServiceProps, "capacity"> {
  if (svc.capacity === "fargateSpot") return { capacity: { kind: "fargateSpot" } };
  if (svc.capacity === "ec2") {
    if (!ec2) throw new Error(`service ${svc.name} runs on EC2, but its environment has no EC2 capacity provider`);
    return { capacity: { kind: "ec2", capacityProviderName: ec2.capacityProviderName, architecture: ec2.architecture } };
  }
  return {};
}

/** How the REST API routes to a public service through its NLB listener. */
export function restRouteOptions(svc: ResolvedService, listenerPort: number): RestApiServiceOptions {
  return {
    pathPrefix: routedPrefix(svc),
    listenerPort,
    stripPrefix: svc.stripPrefix,
    defaultRoute: svc.defaultRoute,
    ...(svc.throttle ? { throttle: svc.throttle } : {}),
  };
}

// The listener ports live in core: npm run doctor checks the rules on them too.
export { LISTENER_PORT_BASE, listenerPorts } from "../core/listener-ports";

/**
 * The zone-wide TLS settings in the stack that owns them (`domain.zoneSettingsOwner`),
 * else nothing: exactly one stack may manage one zone's settings.
 */
export function zoneSettingsFor(scope: Construct, id: string, env: EnvironmentConfig): ZoneSettings | undefined {
  return env.domain.managesZoneSettings ? new ZoneSettings(scope, id, { zoneId: env.domain.cloudflareZoneId }) : undefined;
}

/**
 * The rate limiting ruleset in the stack that owns zone-wide settings, when
 * `domain.rateLimit` is set; otherwise nothing (off by default). It counts the API paths
 * of every service.
 */
export function rateLimitFor(scope: Construct, id: string, env: EnvironmentConfig): RateLimitRuleset | undefined {
  const rateLimit = env.config.domain.rateLimit;
  if (!env.domain.managesZoneSettings || rateLimit === undefined) return undefined;
  return new RateLimitRuleset(scope, id, {
    zoneId: env.domain.cloudflareZoneId,
    pathPrefixes: env.services.flatMap((s) => (s.pathPrefix ? [s.pathPrefix] : [])),
    requestsPerPeriod: rateLimit.requestsPerPeriod,
    periodSeconds: rateLimit.periodSeconds,
  });
}

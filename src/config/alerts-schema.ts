import { z } from "zod";
import { API_LATENCY_MAX_MS, latencyThresholdProblem, percentProblem } from "../core/alarm-facts";
import { POSTGRES_MAX_CONNECTIONS_LIMIT, rdsClassMemoryGiB } from "../core/rds-facts";
import { PROFILES } from "./defaults";
import { fact, issue, IssuePath, ProfileName } from "./fields";

/**
 * The config of issue 15, part 1: who gets paged (`alerts.emails`) and when
 * (`alerts.thresholds`), at the top level and per environment
 * (`environments.<env>.alerts`). The thresholds' defaults are the profiles'
 * (`PROFILES.<profile>.alerts`); an environment's thresholds are its profile's, then the
 * top-level ones, then its own, key by key ({@link effectiveAlerts}). Its emails replace
 * the top-level list when given. The rules that need the whole config are
 * {@link checkAlerts}, called from `ConfigSchema`.
 */

const percent = z.number().superRefine(fact(percentProblem));

/** The thresholds as written; every key optional (defaults: the profile's). */
export const AlertThresholdsSchema = z.strictObject({
  serviceCpuPercent: percent
    .optional()
    .describe(
      "Alarm when a service's average CPU (AWS/ECS CPUUtilization) stays above this percentage for 5 minutes; above 0, at most 100, and above the environment's autoscaling.cpuTargetPercent. Default: dev 90, staging 85, prod 80.",
    ),
  serviceMemoryPercent: percent
    .optional()
    .describe(
      "Alarm when a service's average memory (AWS/ECS MemoryUtilization) stays above this percentage for 5 minutes; above 0, at most 100, and above autoscaling.memoryTargetPercent. Default: dev 95, staging 90, prod 90.",
    ),
  api5xxPercent: percent
    .optional()
    .describe(
      "Alarm when 5xx responses exceed this percentage of the API's requests in 3 of 5 minutes; above 0, at most 100. Default: dev 10, staging 5, prod 1.",
    ),
  api4xxPercent: percent
    .optional()
    .describe(
      "Alarm when 4xx responses exceed this percentage of the API's requests for 5 minutes (a spike of rejected clients); above 0, at most 100. Default: absent (no 4xx alarm) in every profile.",
    ),
  apiLatencyP99Ms: z
    .number()
    .superRefine(fact(latencyThresholdProblem))
    .optional()
    .describe(
      `Alarm when the API's p99 latency (API Gateway Latency, request to response) stays above this many milliseconds for 5 minutes; an integer 1–${API_LATENCY_MAX_MS}. Default: dev 5000, staging 3000, prod 2000.`,
    ),
  dbCpuPercent: percent
    .optional()
    .describe("Alarm when the database's average CPU stays above this percentage for 5 minutes; above 0, at most 100. Default: dev 90, staging 85, prod 80."),
  dbFreeStoragePercent: percent
    .optional()
    .describe(
      "Alarm when the database's free storage falls below this percentage of database.allocatedStorage (for 10 minutes); above 0, at most 100. Default 10 in every profile.",
    ),
  dbConnectionsPercent: percent
    .optional()
    .describe(
      "Alarm when the database's connections stay above this percentage of its max_connections for 5 minutes (RDS's default for the instance class, LEAST(memory/9531392, 5000), or dbMaxConnections); above 0, at most 100. Default: dev 90, staging 85, prod 80.",
    ),
  dbMaxConnections: z
    .number()
    .int()
    .min(1, `must be 1–${POSTGRES_MAX_CONNECTIONS_LIMIT}`)
    .max(POSTGRES_MAX_CONNECTIONS_LIMIT, `must be 1–${POSTGRES_MAX_CONNECTIONS_LIMIT}`)
    .optional()
    .describe(
      `The database's max_connections (\`SHOW max_connections;\`), 1–${POSTGRES_MAX_CONNECTIONS_LIMIT}, which dbConnectionsPercent is a share of. Required for an instance class whose memory the platform does not know (src/core/rds-facts.ts). Default: RDS's default for the class.`,
    ),
  dbFreeableMemoryPercent: percent
    .optional()
    .describe(
      "Alarm when the database's freeable memory stays below this percentage of the instance class's memory for 5 minutes; above 0, at most 100. Default: dev 5, staging 10, prod 10.",
    ),
  dbFreeableMemoryMiB: z
    .number()
    .int()
    .positive("must be a whole number of MiB above 0")
    .optional()
    .describe(
      "Alarm when the database's freeable memory stays below this many MiB, instead of dbFreeableMemoryPercent; below the class's memory. Required for an instance class whose memory the platform does not know. Default: absent (the percentage).",
    ),
  natPacketDropPercent: percent
    .optional()
    .describe(
      "Alarm when a NAT gateway drops more than this percentage of its packets for 5 minutes (AWS's recommended alarm: 0.01 % suggests a problem in the VPC service); above 0, at most 100. Default 0.01 in every profile.",
    ),
});

/** Thresholds as written. */
export type AlertThresholdsConfig = z.infer<typeof AlertThresholdsSchema>;

/** `alerts`, at the top level or of an environment. */
export const AlertsSchema = z.strictObject({
  emails: z
    .array(z.email({ error: "must be an email address like ops@example.com" }))
    .optional()
    .describe(
      "Addresses that get every alarm of the environment (and its OK), each once: one SNS email subscription each, which its owner must confirm (README: Alerts and dashboard). An environment's list replaces the top-level one. Default: none (the topic exists, nobody is subscribed).",
    ),
  thresholds: AlertThresholdsSchema.optional().describe(
    "Alarm thresholds, merged key by key: the profile's defaults, then the top-level alerts.thresholds, then the environment's. Default: the profile's.",
  ),
});

/** `alerts` as written. */
export type AlertsConfig = z.infer<typeof AlertsSchema>;

/** Every threshold an environment ends up with (defaults filled in); optional keys stay optional. */
export type AlertThresholds = Required<Omit<AlertThresholdsConfig, "api4xxPercent" | "dbMaxConnections" | "dbFreeableMemoryMiB">> &
  Pick<AlertThresholdsConfig, "api4xxPercent" | "dbMaxConnections" | "dbFreeableMemoryMiB">;

/** What one environment alerts on, and whom. */
export interface EffectiveAlerts {
  readonly emails: readonly string[];
  readonly thresholds: AlertThresholds;
  /** Where each threshold was set: `environments.<env>.alerts.thresholds`, `alerts.thresholds`, or undefined for the profile's default. */
  readonly setAt: Readonly<Partial<Record<keyof AlertThresholds, IssuePath>>>;
}

/** The config these functions read (the validated shape, or the parts of it they need). */
interface AlertsInput {
  readonly alerts?: AlertsConfig;
  readonly environments: Readonly<
    Record<
      string,
      {
        readonly profile: ProfileName;
        readonly alerts?: AlertsConfig;
        readonly autoscaling: { readonly cpuTargetPercent: number; readonly memoryTargetPercent: number };
        readonly database: { readonly instanceClass: string };
      }
    >
  >;
  readonly services: readonly { readonly database: boolean }[];
}

/** An environment's emails and thresholds: profile → top-level `alerts` → `environments.<env>.alerts`. */
export function effectiveAlerts(cfg: AlertsInput, envName: string): EffectiveAlerts {
  const env = cfg.environments[envName];
  const own = env.alerts?.thresholds ?? {};
  const top = cfg.alerts?.thresholds ?? {};
  const setAt: Partial<Record<keyof AlertThresholds, IssuePath>> = {};
  for (const key of Object.keys(top) as (keyof AlertThresholds)[]) if (top[key] !== undefined) setAt[key] = ["alerts", "thresholds", key];
  for (const key of Object.keys(own) as (keyof AlertThresholds)[]) {
    if (own[key] !== undefined) setAt[key] = ["environments", envName, "alerts", "thresholds", key];
  }
  const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    emails: env.alerts?.emails ?? cfg.alerts?.emails ?? [],
    thresholds: { ...PROFILES[env.profile].alerts.thresholds, ...defined(top), ...defined(own) } as AlertThresholds,
    setAt,
  };
}

/**
 * The rules that need more than one key: emails listed once, thresholds that can fire
 * (CPU and memory above the autoscaling targets that hold them down), a database
 * class the platform knows the memory of (or the absolute figures instead).
 */
export function checkAlerts(cfg: AlertsInput, ctx: z.RefinementCtx): void {
  checkEmails(cfg.alerts?.emails, ["alerts", "emails"], ctx);
  const usesDatabase = cfg.services.some((s) => s.database);
  for (const [name, env] of Object.entries(cfg.environments)) {
    checkEmails(env.alerts?.emails, ["environments", name, "alerts", "emails"], ctx);
    const { thresholds, setAt } = effectiveAlerts(cfg, name);
    const defaultNote = (key: keyof AlertThresholds) => (setAt[key] ? "" : `, the ${env.profile} profile's default`);
    const targets = [
      ["serviceCpuPercent", "cpuTargetPercent", "CPU"],
      ["serviceMemoryPercent", "memoryTargetPercent", "memory"],
    ] as const;
    for (const [key, target, what] of targets) {
      const threshold = thresholds[key];
      const held = env.autoscaling[target];
      if (percentProblem(threshold) !== undefined || threshold > held) continue;
      const why = `target tracking holds the service's ${what} near ${held} %, so an alarm at or below it fires in normal operation`;
      const at = setAt[key];
      if (at) issue(ctx, at, `must be above environments.${name}.autoscaling.${target} (${held}): ${why}`);
      else issue(ctx, ["environments", name, "autoscaling", target], `must be below alerts.thresholds.${key} (${threshold}${defaultNote(key)}): ${why}`);
    }
    if (!usesDatabase) continue;
    const cls = env.database.instanceClass;
    const memoryGiB = rdsClassMemoryGiB(cls);
    if (memoryGiB === undefined) {
      const missing = [
        ...(thresholds.dbMaxConnections === undefined ? ["dbMaxConnections (its max_connections)"] : []),
        ...(thresholds.dbFreeableMemoryMiB === undefined ? ["dbFreeableMemoryMiB"] : []),
      ];
      if (missing.length > 0) {
        issue(
          ctx,
          ["environments", name, "database", "instanceClass"],
          `is a class whose memory the platform does not know (src/core/rds-facts.ts lists db.t3, db.t4g, m and r families), so the database alarms cannot derive their thresholds: set alerts.thresholds.${missing.join(" and ")} for ${name}`,
        );
      }
    } else if (thresholds.dbFreeableMemoryMiB !== undefined && thresholds.dbFreeableMemoryMiB >= memoryGiB * 1024) {
      issue(
        ctx,
        setAt.dbFreeableMemoryMiB ?? ["environments", name, "alerts", "thresholds", "dbFreeableMemoryMiB"],
        `must be below the memory of ${cls} in ${name} (${memoryGiB * 1024} MiB): freeable memory never reaches it, so the alarm would always fire`,
      );
    }
  }
  // A job's failed-run rule, `<project>-<env>-<job>-failed`, must fit EventBridge's 64
  // characters: the job's scheduler role, `<project>-<env>-<job>-scheduler`, must fit IAM's
  // 64 (checkJobs), which is the stricter budget, so that rule already holds it.
}

function checkEmails(emails: readonly string[] | undefined, path: IssuePath, ctx: z.RefinementCtx): void {
  emails?.forEach((email, j) => {
    if (emails.findIndex((e) => e.toLowerCase() === email.toLowerCase()) !== j) {
      issue(ctx, [...path, j], `repeats ${JSON.stringify(email)}: list each address once (one subscription each)`);
    }
  });
}

import { physicalNameOf } from "./aws-facts";

/**
 * Alerting facts the config schema (`alerts`) and the observability constructs share, so
 * every rule a construct enforces is also a config rule with the same words.
 */

/** A percentage threshold: more than 0, at most 100. */
export function percentProblem(value: number): string | undefined {
  return Number.isFinite(value) && value > 0 && value <= 100 ? undefined : "must be a percentage above 0 and at most 100";
}

/**
 * The longest p99 latency an API alarm can watch, ms: API Gateway ends an integration
 * after 30 s (HTTP APIs) or 29 s (REST APIs, unless raised), so a higher threshold could
 * never be crossed. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
export const API_LATENCY_MAX_MS = 30000;

/** Why `ms` is no p99 latency threshold, or undefined. */
export function latencyThresholdProblem(ms: number): string | undefined {
  return Number.isInteger(ms) && ms >= 1 && ms <= API_LATENCY_MAX_MS
    ? undefined
    : `must be an integer of milliseconds, 1–${API_LATENCY_MAX_MS} (API Gateway's integration timeout: a higher p99 cannot happen)`;
}

/** EventBridge rule names: 1–64 of letters, digits, `.`, `-`, `_`. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html */
export const EVENT_RULE_NAME_MAX_LENGTH = 64;

/** The suffix of a job's failed-run rule: `<project>-<env>-<job>-failed`. */
export const JOB_FAILED_RULE_SUFFIX = "-failed";

/** The EventBridge rule that reports a job's failed runs. */
export function jobFailedRuleName(project: string, envName: string, jobName: string): string {
  return `${physicalNameOf(project, envName, jobName)}${JOB_FAILED_RULE_SUFFIX}`;
}

/** Why the failed-run rule of `jobName` cannot be named, or undefined. */
export function jobFailedRuleNameProblem(project: string, envName: string, jobName: string): string | undefined {
  const name = jobFailedRuleName(project, envName, jobName);
  if (name.length <= EVENT_RULE_NAME_MAX_LENGTH) return undefined;
  const room = EVENT_RULE_NAME_MAX_LENGTH - (name.length - jobName.length);
  return (
    `makes the failed-run rule name "${name}" ${name.length} characters; EventBridge allows ${EVENT_RULE_NAME_MAX_LENGTH}, ` +
    `so with project "${project}" and environment "${envName}" a job name may have at most ${room} characters`
  );
}

/**
 * AWS facts of the workloads issue 11 adds (scheduled jobs, EFS volumes), as predicates:
 * `undefined` when the value is fine, else a message saying what is allowed. The config
 * schema and the constructs use the same ones, like those of aws-facts.ts.
 */
import { physicalNameOf } from "./aws-facts";

// ---------------------------------------------------------------------------------
// EventBridge Scheduler
// ---------------------------------------------------------------------------------

/** Schedule names: 1–64 of letters, digits and `-_.`. https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html */
export const SCHEDULE_NAME_MAX_LENGTH = 64;

/** The problem with a job's schedule name, `<project>-<env>-<job>`, or undefined. */
export function scheduleNameProblem(project: string, envName: string, jobName: string): string | undefined {
  const name = physicalNameOf(project, envName, jobName);
  if (name.length <= SCHEDULE_NAME_MAX_LENGTH) return undefined;
  const room = SCHEDULE_NAME_MAX_LENGTH - (name.length - jobName.length);
  return (
    `makes the schedule name "${name}" ${name.length} characters; EventBridge Scheduler allows ${SCHEDULE_NAME_MAX_LENGTH}, ` +
    `so with project "${project}" and environment "${envName}" a job name may have at most ${room} characters`
  );
}

const RATE_RE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON_RE = /^cron\((.*)\)$/;
const AT_RE = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

/**
 * The problem with an EventBridge Scheduler expression, or undefined:
 * `rate(<n> <unit>)` (n ≥ 1; the unit singular for 1, plural above),
 * `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)` (exactly one of
 * the day fields `?`), or `at(yyyy-mm-ddThh:mm:ss)` (a real date and time).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const forms = "must be rate(<n> minute(s)|hour(s)|day(s)), cron(<6 fields>) or at(yyyy-mm-ddThh:mm:ss)";
  const rate = RATE_RE.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const singular = !rate[2].endsWith("s");
    if (n < 1) return "a rate must be at least 1";
    if (singular !== (n === 1)) {
      return "a rate of 1 takes a singular unit, any other a plural one: rate(1 hour), rate(5 hours)";
    }
    return undefined;
  }
  const cron = CRON_RE.exec(expression);
  if (cron) {
    const fields = cron[1].split(" ");
    if (fields.length !== 6 || fields.some((f) => f === "")) {
      return "a cron expression has exactly 6 fields separated by single spaces: minutes hours day-of-month month day-of-week year, e.g. cron(0 3 * * ? *)";
    }
    if ((fields[2] === "?") === (fields[4] === "?")) {
      return "a cron expression needs '?' in exactly one of day-of-month (3rd field) and day-of-week (5th field), e.g. cron(0 3 * * ? *) or cron(0 3 ? * MON *)";
    }
    return undefined;
  }
  const at = AT_RE.exec(expression);
  if (at) {
    const [y, mo, d, h, mi, s] = at.slice(1).map(Number);
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
    return real ? undefined : "an at expression must name a real date and time, at(yyyy-mm-ddThh:mm:ss)";
  }
  return forms;
}

/** An IANA time zone name (`UTC`, `Europe/Paris`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`). */
export const TIME_ZONE_RE = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/;

// ---------------------------------------------------------------------------------
// Volumes
// ---------------------------------------------------------------------------------

/** A volume name: it names the EFS access point and its directory. */
export const VOLUME_NAME_RE = /^[a-z][a-z0-9-]{0,31}$/;

/** Where the platform mounts a task's scratch volume (the root filesystem is read-only). */
export const SCRATCH_PATH = "/tmp";

/** The problem with a container path a volume is mounted at, or undefined. */
export function volumePathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return "must be an absolute container path, starting with '/'";
  if (path === "/") return "must not be '/': mount a volume at a directory of its own";
  if (path.endsWith("/")) return "must not end with '/'";
  const segments = path.slice(1).split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return "must not contain empty, '.' or '..' segments";
  if (path === SCRATCH_PATH || path.startsWith(`${SCRATCH_PATH}/`)) {
    return `must not be ${SCRATCH_PATH} or under it: the platform mounts a scratch volume there`;
  }
  return undefined;
}

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

/**
 * EventBridge Scheduler schedule expressions: `cron(…)`, `rate(…)` and `at(…)`.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 *
 * - `rate(value unit)`: a positive integer and one of minute | minutes | hour | hours |
 *   day | days. Unlike EventBridge *rules*, the Scheduler API reference does not tie the
 *   singular to a value of 1 (`rate(1 hours)` is accepted), so neither does this check.
 *   https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html#scheduler-CreateSchedule-request-ScheduleExpression
 * - `cron(minutes hours day-of-month month day-of-week year)`: six fields separated by
 *   white space, with the field values and wildcards of the table on the page above;
 *   one of day-of-month and day-of-week must be `?`.
 * - `at(yyyy-mm-ddThh:mm:ss)`: one run at that date and time in the schedule's time zone.
 */

/** Returns what is wrong with a schedule expression, or undefined when Scheduler accepts it. */
export function scheduleExpressionProblem(expr: string): string | undefined {
  const m = /^(cron|rate|at)\((.*)\)$/s.exec(expr);
  if (!m) return "must be cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)";
  const [, kind, body] = m;
  if (kind === "rate") return rateProblem(body);
  if (kind === "at") return atProblem(body);
  return cronProblem(body);
}

const RATE_UNITS = ["minute", "minutes", "hour", "hours", "day", "days"];

function rateProblem(body: string): string | undefined {
  const m = /^(\d+) ([a-z]+)$/.exec(body);
  if (!m || !RATE_UNITS.includes(m[2])) return `must be rate(value unit) with a unit of ${RATE_UNITS.join(" | ")}, e.g. rate(15 minutes)`;
  if (!/^[1-9]\d*$/.test(m[1])) return "must have a positive integer value in rate(value unit), e.g. rate(1 hour)";
  return undefined;
}

function atProblem(body: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!m) return "must be at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T18:00:00), with no time zone suffix (the schedule's timezone applies)";
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const real = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  if (real.join() !== [y, mo, d, h, mi, s].join())
    return "must name a real date and time in at(yyyy-mm-ddThh:mm:ss) (month 01–12, a day of that month, hh 00–23, mm and ss 00–59)";
  return undefined;
}

/** One cron field: its range, names, and which wildcards the Scheduler table allows in it. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names that stand for min, min+1, … (JAN–DEC, SUN–SAT). */
  readonly names?: readonly string[];
  /** `/` increments. */
  readonly step: boolean;
  /** `?` (the whole field). */
  readonly any: boolean;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59, step: true, any: false },
  { name: "hours", min: 0, max: 23, step: true, any: false },
  { name: "day-of-month", min: 1, max: 31, step: true, any: true },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], step: true, any: false },
  { name: "day-of-week", min: 1, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], step: false, any: true },
  { name: "year", min: 1970, max: 2199, step: true, any: false },
];
const DAY_OF_MONTH = 2;
const DAY_OF_WEEK = 4;

function cronProblem(body: string): string | undefined {
  const fields = body.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== CRON_FIELDS.length) {
    return `must have six fields in cron(minutes hours day-of-month month day-of-week year), got ${fields.length}`;
  }
  for (const [i, text] of fields.entries()) {
    const problem = cronFieldProblem(CRON_FIELDS[i], text, i);
    if (problem) return `has an invalid ${CRON_FIELDS[i].name} field "${text}": ${problem}`;
  }
  // "You can't specify the Day-of-month and Day-of-week fields in the same cron expression."
  if ((fields[DAY_OF_MONTH] === "?") === (fields[DAY_OF_WEEK] === "?")) {
    return "must have ? in exactly one of day-of-month and day-of-week, e.g. cron(0 3 * * ? *) or cron(0 3 ? * MON-FRI *)";
  }
  return undefined;
}

function cronFieldProblem(field: CronField, text: string, index: number): string | undefined {
  const range = `${field.min}–${field.max}${field.names ? ` or ${field.names[0]}–${field.names[field.names.length - 1]}` : ""}`;
  if (text === "?") return field.any ? undefined : "? is only allowed in day-of-month and day-of-week";
  const value = (v: string): number | undefined => {
    if (/^\d+$/.test(v)) {
      const n = Number(v);
      return n >= field.min && n <= field.max ? n : undefined;
    }
    const at = field.names?.indexOf(v.toUpperCase()) ?? -1;
    return at >= 0 ? field.min + at : undefined;
  };
  for (const part of text.split(",")) {
    if (index === DAY_OF_MONTH && /^(L|LW|\d{1,2}W)$/.test(part)) {
      if (part.endsWith("W") && part !== "LW" && value(part.slice(0, -1)) === undefined) return `W needs a day ${field.min}–${field.max}`;
      continue;
    }
    if (index === DAY_OF_WEEK && /^(L|\w+L|\w+#\d)$/.test(part)) {
      const [day, nth] = part.split("#");
      if (part !== "L" && value(nth === undefined ? day.slice(0, -1) : day) === undefined) return `expected a day ${range} before L or #`;
      if (nth !== undefined && !/^[1-5]$/.test(nth)) return "# needs the week of the month, 1–5 (3#2 = the second Tuesday)";
      continue;
    }
    const [base, step, extra] = part.split("/");
    if (extra !== undefined) return "has more than one /";
    if (step !== undefined) {
      if (!field.step) return `/ is not allowed in ${field.name}`;
      if (!/^[1-9]\d*$/.test(step)) return "expects a positive increment after /";
    }
    if (base === "*") continue;
    const ends = base.split("-");
    if (ends.length > 2 || ends.some((e) => value(e) === undefined)) return `expected *, a value ${range}, or a range of them`;
  }
  return undefined;
}

/** The shape of an IANA time zone name (`UTC`, `Europe/Paris`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`). */
export const TIME_ZONE_RE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The problem with a schedule's time zone, or undefined: an IANA name as the tz database
 * spells it (Node's ICU knows the same names as Scheduler's tz data; a name ICU accepts in
 * another case, `europe/paris`, is refused with the right spelling). Offsets like
 * `+01:00` are not names. https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
 */
export function timeZoneProblem(zone: string): string | undefined {
  const allowed = "must be an IANA time zone name like UTC or Europe/Paris";
  if (!TIME_ZONE_RE.test(zone)) return allowed;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return `${allowed}; "${zone}" is not in the tz database`;
  }
  if (resolved.toLowerCase() === zone.toLowerCase() && resolved !== zone) return `${allowed}, spelled as the tz database does: "${resolved}"`;
  return undefined;
}

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

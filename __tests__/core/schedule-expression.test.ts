import { scheduleExpressionProblem } from "../../src/core/workload-facts";

describe("scheduleExpressionProblem", () => {
  it.each([
    // The examples of https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html and the cron wildcards
    "cron(0 10 * * ? *)",
    "cron(15 12 * * ? *)",
    "cron(0 18 ? * MON-FRI *)",
    "cron(0 8 1 * ? *)",
    "cron(0/10 * ? * MON-FRI *)",
    "cron(0/5 8-17 ? * MON-FRI *)",
    "cron(0 9 ? * 2#1 *)",
    "cron(0 3 L * ? *)",
    "cron(0 3 15W * ? *)",
    "cron(0 3 ? * 6L 2030-2035)",
    "cron(30 2 ? JAN,APR,JUL,OCT sun *)",
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hours)",
    "rate(12 hours)",
    "rate(7 days)",
    "at(2030-11-20T13:00:00)",
    "at(2032-02-29T00:00:59)",
  ])("accepts %s", (expr) => {
    // GIVEN / WHEN a valid expression THEN no problem
    expect(scheduleExpressionProblem(expr)).toBeUndefined();
  });

  it.each([
    ["no kind", "0 3 * * *", /must be cron\(.*\), rate\(value unit\) or at\(/],
    ["a Unix cron (five fields)", "cron(0 3 * * *)", /six fields .* got 5/],
    ["seven fields", "cron(0 0 3 * * ? *)", /six fields .* got 7/],
    ["both day fields set", "cron(0 3 1 * MON *)", /\? in exactly one of day-of-month and day-of-week/],
    ["neither day field ?", "cron(0 3 * * * *)", /\? in exactly one of day-of-month and day-of-week/],
    ["both day fields ?", "cron(0 3 ? * ? *)", /\? in exactly one of day-of-month and day-of-week/],
    ["minute 60", "cron(60 3 * * ? *)", /invalid minutes field "60"/],
    ["hour 24", "cron(0 24 * * ? *)", /invalid hours field "24"/],
    ["month 13", "cron(0 3 * 13 ? *)", /invalid month field "13"/],
    ["day-of-week 0", "cron(0 3 ? * 0 *)", /invalid day-of-week field "0"/],
    ["a year before 1970", "cron(0 3 * * ? 1969)", /invalid year field "1969"/],
    ["? in hours", "cron(0 ? * * ? *)", /\? is only allowed in day-of-month and day-of-week/],
    ["/ in day-of-week", "cron(0 3 ? * 1/2 *)", /\/ is not allowed in day-of-week/],
    ["# past the fifth week", "cron(0 3 ? * 2#6 *)", /# needs the week of the month, 1–5/],
    ["a zero increment", "cron(0/0 3 * * ? *)", /positive increment/],
    ["a rate of zero", "rate(0 minutes)", /positive integer value/],
    ["a rate in weeks", "rate(1 week)", /unit of minute \| minutes \| hour \| hours \| day \| days/],
    ["a fractional rate", "rate(1.5 hours)", /must be rate\(value unit\)/],
    ["an at with a zone suffix", "at(2030-11-20T13:00:00Z)", /must be at\(yyyy-mm-ddThh:mm:ss\)/],
    ["an at without seconds", "at(2030-11-20T13:00)", /must be at\(yyyy-mm-ddThh:mm:ss\)/],
    ["a day that does not exist", "at(2031-02-29T10:00:00)", /real date and time/],
    ["hour 24 in at", "at(2030-01-01T24:00:00)", /real date and time/],
  ])("refuses %s", (_what, expr, message) => {
    // GIVEN / WHEN an invalid expression THEN the problem says what is allowed
    expect(scheduleExpressionProblem(expr)).toMatch(message);
  });
});

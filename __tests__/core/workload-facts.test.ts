import { scheduleExpressionProblem, scheduleNameProblem, TIME_ZONE_RE, VOLUME_NAME_RE, volumePathProblem } from "../../src/core/workload-facts";

describe("scheduleExpressionProblem (EventBridge Scheduler expressions)", () => {
  it.each([
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
    "rate(1 day)",
    "rate(7 days)",
    "cron(0 3 * * ? *)",
    "cron(15 10 ? * MON-FRI *)",
    "cron(0/5 8-17 ? * 2#1 2030)",
    "at(2030-01-31T23:59:59)",
    "at(2028-02-29T00:00:00)",
  ])("accepts %s", (expression) => {
    // GIVEN a valid expression (table) / WHEN checked / THEN no problem
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });

  it.each([
    ["a rate of 0", "rate(0 minutes)", /at least 1/],
    ["a singular unit above 1", "rate(5 minute)", /a rate of 1 takes a singular unit, any other a plural one/],
    ["a plural unit for 1", "rate(1 hours)", /singular unit/],
    ["an unknown rate unit", "rate(2 weeks)", /must be rate\(<n> minute\(s\)\|hour\(s\)\|day\(s\)\)/],
    ["a five-field cron", "cron(0 3 * * ?)", /exactly 6 fields/],
    ["a seven-field cron (with seconds)", "cron(0 0 3 * * ? *)", /exactly 6 fields/],
    ["a cron with a double space", "cron(0 3  * * ? *)", /exactly 6 fields separated by single spaces/],
    ["a cron without '?'", "cron(0 3 * * * *)", /'\?' in exactly one of day-of-month .* and day-of-week/],
    ["a cron with two '?'", "cron(0 3 ? * ? *)", /'\?' in exactly one/],
    ["an at of a day that does not exist", "at(2027-02-29T00:00:00)", /real date and time/],
    ["an at at hour 24", "at(2030-01-01T24:00:00)", /real date and time/],
    ["an at without seconds", "at(2030-01-01T03:00)", /at\(yyyy-mm-ddThh:mm:ss\)/],
    ["a crontab line", "0 3 * * *", /must be rate\(/],
  ])("refuses %s", (_what, expression, message) => {
    // GIVEN an invalid expression (table) / WHEN checked / THEN the problem says what is allowed
    expect(scheduleExpressionProblem(expression)).toMatch(message);
  });
});

describe("scheduleNameProblem (the 64-character schedule name)", () => {
  it("accepts a name of exactly 64 characters and refuses 65, saying how long the job name may be", () => {
    // GIVEN project "platform" and env "staging" (17 characters with the dashes)
    // WHEN the job name makes the schedule name 64, then 65 characters
    const fits = scheduleNameProblem("platform", "staging", "j".repeat(47));
    const over = scheduleNameProblem("platform", "staging", "j".repeat(48));
    // THEN 64 fits, and 65 is refused with the room left for a job name
    expect(fits).toBeUndefined();
    expect(over).toMatch(
      /makes the schedule name "platform-staging-j+" 65 characters; EventBridge Scheduler allows 64, .* a job name may have at most 47 characters/,
    );
  });
});

describe("TIME_ZONE_RE", () => {
  it("takes IANA names and refuses offsets and spaces", () => {
    // GIVEN names and non-names / WHEN matched / THEN only IANA names pass
    for (const zone of ["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "America/Port-au-Prince"]) expect(zone).toMatch(TIME_ZONE_RE);
    for (const zone of ["+02:00", "Europe Paris", "Europe/", "/Paris", ""]) expect(zone).not.toMatch(TIME_ZONE_RE);
  });
});

describe("volume names and paths", () => {
  it("takes 1–32 lowercase characters starting with a letter as a name", () => {
    // GIVEN names / WHEN matched / THEN only short lowercase labels pass
    for (const name of ["a", "uploads", "cache-2", "v".repeat(32)]) expect(name).toMatch(VOLUME_NAME_RE);
    for (const name of ["", "Uploads", "2cache", "up_loads", "v".repeat(33)]) expect(name).not.toMatch(VOLUME_NAME_RE);
  });

  it.each(["/data", "/data/uploads", "/var/lib/app", "/tmpfiles", "/srv/tmp"])("accepts the mount path %s", (path) => {
    // GIVEN an absolute path outside /tmp (table) / WHEN checked / THEN no problem
    expect(volumePathProblem(path)).toBeUndefined();
  });

  it.each([
    ["data/uploads", /absolute container path/],
    ["/", /must not be '\/'/],
    ["/data/", /must not end with '\/'/],
    ["/data/../etc", /'\.\.' segments/],
    ["/data//uploads", /empty/],
    ["/tmp", /must not be \/tmp or under it: the platform mounts a scratch volume there/],
    ["/tmp/cache", /must not be \/tmp or under it/],
  ])("refuses the mount path %s", (path, message) => {
    // GIVEN a path a volume must not use (table) / WHEN checked / THEN the problem says why
    expect(volumePathProblem(path)).toMatch(message);
  });
});

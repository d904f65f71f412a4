import { scheduleNameProblem, TIME_ZONE_RE, VOLUME_NAME_RE, volumePathProblem } from "../../src/core/workload-facts";

// scheduleExpressionProblem: __tests__/core/schedule-expression.test.ts

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

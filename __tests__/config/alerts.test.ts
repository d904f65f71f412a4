import { loadConfig, resolveEnvironment } from "../../src/config";
import { PROFILES } from "../../src/config/defaults";
import { jobFailedRuleNameProblem } from "../../src/core/alarm-facts";
import { loadTestConfig } from "../support/environments";
import { errorLines, expectInvalidConfig, InvalidConfigCase } from "../support/config-errors";

/**
 * The config of issue 15, part 1: `alerts` { emails, thresholds } at the top level and per
 * environment, thresholds defaulting per profile.
 */

/** A user file with top-level alerts. */
const top = (alerts: Record<string, unknown>) => ({ alerts });
/** A user file with `env`'s alerts (other environments kept). */
const envAlerts = (env: string, alerts: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  environments: { [env]: { alerts, ...extra } },
});
const thresholds = (t: Record<string, unknown>) => top({ thresholds: t });
/** A job, for the rule-name budget. */
const job = (name: string) => ({ name, schedule: "rate(1 hour)", command: ["run"] });

const INVALID: InvalidConfigCase[] = [
  // ── emails
  ["an address that is no email", top({ emails: ["ops"] }), "alerts.emails[0]", '"ops"', /must be an email address/],
  [
    "an address listed twice (case aside)",
    top({ emails: ["ops@acme.io", "OPS@acme.io"] }),
    "alerts.emails[1]",
    '"OPS@acme.io"',
    /repeats .*list each address once/,
  ],
  [
    "an environment's address listed twice",
    envAlerts("prod", { emails: ["a@acme.io", "a@acme.io"] }),
    "environments.prod.alerts.emails[1]",
    '"a@acme.io"',
    /repeats "a@acme.io"/,
  ],
  ["emails as a string", top({ emails: "ops@acme.io" }), "alerts.emails", '"ops@acme.io"', /must be array/],
  // ── thresholds: ranges
  ["a CPU threshold of 0", thresholds({ serviceCpuPercent: 0 }), "alerts.thresholds.serviceCpuPercent", "0", /percentage above 0 and at most 100/],
  ["a memory threshold over 100", thresholds({ serviceMemoryPercent: 101 }), "alerts.thresholds.serviceMemoryPercent", "101", /at most 100/],
  ["a negative 5xx rate", thresholds({ api5xxPercent: -1 }), "alerts.thresholds.api5xxPercent", "-1", /above 0/],
  ["a 4xx rate over 100", envAlerts("dev", { thresholds: { api4xxPercent: 150 } }), "environments.dev.alerts.thresholds.api4xxPercent", "150", /at most 100/],
  ["a latency of 0 ms", thresholds({ apiLatencyP99Ms: 0 }), "alerts.thresholds.apiLatencyP99Ms", "0", /integer of milliseconds, 1–30000/],
  ["a latency above API Gateway's timeout", thresholds({ apiLatencyP99Ms: 30001 }), "alerts.thresholds.apiLatencyP99Ms", "30001", /integration timeout/],
  ["a fractional latency", thresholds({ apiLatencyP99Ms: 1.5 }), "alerts.thresholds.apiLatencyP99Ms", "1.5", /integer of milliseconds/],
  ["a database CPU of 0", thresholds({ dbCpuPercent: 0 }), "alerts.thresholds.dbCpuPercent", "0", /above 0/],
  ["free storage over 100 %", thresholds({ dbFreeStoragePercent: 120 }), "alerts.thresholds.dbFreeStoragePercent", "120", /at most 100/],
  ["connections of 0 %", thresholds({ dbConnectionsPercent: 0 }), "alerts.thresholds.dbConnectionsPercent", "0", /above 0/],
  ["max connections of 0", thresholds({ dbMaxConnections: 0 }), "alerts.thresholds.dbMaxConnections", "0", /must be 1–262143/],
  ["max connections above PostgreSQL's limit", thresholds({ dbMaxConnections: 262144 }), "alerts.thresholds.dbMaxConnections", "262144", /1–262143/],
  ["freeable memory of 0 %", thresholds({ dbFreeableMemoryPercent: 0 }), "alerts.thresholds.dbFreeableMemoryPercent", "0", /above 0/],
  ["freeable memory of 0 MiB", thresholds({ dbFreeableMemoryMiB: 0 }), "alerts.thresholds.dbFreeableMemoryMiB", "0", /whole number of MiB above 0/],
  ["a NAT drop rate of 0", thresholds({ natPacketDropPercent: 0 }), "alerts.thresholds.natPacketDropPercent", "0", /above 0/],
  ["an unknown threshold (a typo)", thresholds({ cpuPercent: 80 }), "alerts.thresholds.cpuPercent", undefined, /allowed here: serviceCpuPercent/],
  ["an unknown alerts key", top({ email: ["ops@acme.io"] }), "alerts.email", undefined, /allowed here: emails, thresholds/],
  // ── thresholds: cross-field
  [
    "a CPU alarm at the autoscaling target (top level)",
    thresholds({ serviceCpuPercent: 60 }),
    "alerts.thresholds.serviceCpuPercent",
    "60",
    /must be above environments\.prod\.autoscaling\.cpuTargetPercent \(60\): target tracking holds the service's CPU near 60 %/,
  ],
  [
    "a memory alarm below the autoscaling target (environment)",
    envAlerts("staging", { thresholds: { serviceMemoryPercent: 70 } }),
    "environments.staging.alerts.thresholds.serviceMemoryPercent",
    "70",
    /must be above environments\.staging\.autoscaling\.memoryTargetPercent \(80\)/,
  ],
  [
    "an autoscaling target raised above the profile's default CPU alarm",
    { environments: { prod: { autoscaling: { cpuTargetPercent: 85 } } } },
    "environments.prod.autoscaling.cpuTargetPercent",
    "85",
    /must be below alerts\.thresholds\.serviceCpuPercent \(80, the prod profile's default\)/,
  ],
  [
    "a database class whose memory is unknown",
    { environments: { prod: { database: { instanceClass: "db.x2g.large" } } } },
    "environments.prod.database.instanceClass",
    '"db.x2g.large"',
    /memory the platform does not know .*set alerts\.thresholds\.dbMaxConnections \(its max_connections\) and dbFreeableMemoryMiB for prod/,
  ],
  [
    "a database class whose memory is unknown, with max connections only",
    { environments: { prod: { database: { instanceClass: "db.x2g.large" }, alerts: { thresholds: { dbMaxConnections: 2000 } } } } },
    "environments.prod.database.instanceClass",
    '"db.x2g.large"',
    /set alerts\.thresholds\.dbFreeableMemoryMiB for prod/,
  ],
  [
    "freeable memory at the class's memory",
    envAlerts("dev", { thresholds: { dbFreeableMemoryMiB: 1024 } }),
    "environments.dev.alerts.thresholds.dbFreeableMemoryMiB",
    "1024",
    /must be below the memory of db\.t4g\.micro in dev \(1024 MiB\)/,
  ],
];

describe("alerts config: invalid", () => {
  it.each(INVALID)("rejects %s, naming the field path and the value", (_what, overrides, path, value, allowed) => {
    // GIVEN a user file with one mistake / WHEN it is loaded / THEN a line names the path, shows the value and says what is allowed
    expectInvalidConfig(overrides, path, value, allowed);
  });

  it("accepts an unknown database class where no service uses the database", () => {
    // GIVEN no database service and an unknown class / WHEN loaded / THEN no alerts problem (no database, no database alarms)
    const services = [{ name: "catalog", port: 8080, pathPrefix: "/catalog" }];
    expect(() => loadTestConfig({ overrides: { services, environments: { prod: { database: { instanceClass: "db.x2g.large" } } } }, env: {} })).not.toThrow();
  });

  it("reports a top-level threshold once per environment it conflicts with, naming each", () => {
    // GIVEN a top-level CPU alarm below dev's and staging's targets (70) but above prod's (60)
    const lines = errorLines(thresholds({ serviceCpuPercent: 65 }));
    // THEN dev and staging are named, prod is not
    expect(lines).toEqual([
      expect.stringMatching(/^alerts\.thresholds\.serviceCpuPercent: got 65 — must be above environments\.dev\.autoscaling/),
      expect.stringMatching(/^alerts\.thresholds\.serviceCpuPercent: got 65 — must be above environments\.staging\.autoscaling/),
    ]);
  });
});

describe("the failed-run rule of a job", () => {
  it("fits EventBridge's 64 characters for the longest job name the config accepts (the scheduler role's budget is stricter)", () => {
    // GIVEN the longest project and environment names, and a job name one character over the role budget
    const project = "abcdefghijklmnopqrst";
    const environments = { abcdefghijkl: { profile: "prod", vpcCidr: "10.40.0.0/16" } };
    const room = 64 - `${project}-abcdefghijkl-`.length - "-scheduler".length;
    const base = { project, environments, domain: { zoneSettingsOwner: "abcdefghijkl" } };
    // WHEN loaded: one over is refused for the role, the longest accepted one fits the rule
    expect(errorLines({ ...base, jobs: [job("j".repeat(room + 1))] }).join("\n")).toMatch(/IAM role name/);
    const config = loadConfig({ overrides: { ...base, jobs: [job("j".repeat(room))] }, env: {} });
    // THEN its rule name is within EventBridge's limit
    expect(jobFailedRuleNameProblem(project, "abcdefghijkl", config.jobs[0].name)).toBeUndefined();
    expect(jobFailedRuleNameProblem(project, "abcdefghijkl", "j".repeat(room + 4))).toMatch(/EventBridge allows 64/);
  });
});

describe("alerts config: valid", () => {
  it.each([
    ["no alerts at all (the defaults)", {}],
    ["top-level emails and thresholds", top({ emails: ["ops@acme.io", "oncall+prod@acme.io"], thresholds: { api5xxPercent: 2, api4xxPercent: 20 } })],
    ["an empty email list", top({ emails: [] })],
    ["an environment's own alerts", envAlerts("prod", { emails: ["pager@acme.io"], thresholds: { apiLatencyP99Ms: 30000 } })],
    [
      "an unknown class with both absolute figures",
      envAlerts("prod", { thresholds: { dbMaxConnections: 1500, dbFreeableMemoryMiB: 2048 } }, { database: { instanceClass: "db.x2g.large" } }),
    ],
    ["a fractional NAT drop rate", thresholds({ natPacketDropPercent: 0.005 })],
    ["a CPU alarm just above the target", envAlerts("prod", { thresholds: { serviceCpuPercent: 61 } })],
  ])("accepts %s", (_what, overrides) => {
    // GIVEN a valid user file / WHEN loaded / THEN accepted
    expect(() => loadTestConfig({ overrides, env: {} })).not.toThrow();
  });

  it("keeps every profile's defaults valid against its own autoscaling targets", () => {
    // GIVEN each profile's defaults / THEN each alarm sits above the target that holds the metric down
    for (const profile of Object.values(PROFILES)) {
      expect(profile.alerts.thresholds.serviceCpuPercent).toBeGreaterThan(profile.autoscaling.cpuTargetPercent);
      expect(profile.alerts.thresholds.serviceMemoryPercent).toBeGreaterThan(profile.autoscaling.memoryTargetPercent);
    }
  });
});

describe("alerts config: resolution", () => {
  it("gives each environment its profile's thresholds: dev laxest, prod strictest, no emails", () => {
    // GIVEN the defaults / WHEN resolved
    const config = loadConfig({ env: {} });
    const [dev, staging, prod] = ["dev", "staging", "prod"].map((e) => resolveEnvironment(config, e).alerts);
    // THEN each gets its profile's thresholds and nobody is subscribed
    expect(dev.thresholds).toEqual(PROFILES.dev.alerts.thresholds);
    expect(prod.thresholds).toEqual(PROFILES.prod.alerts.thresholds);
    expect(dev.emails).toEqual([]);
    for (const key of ["serviceCpuPercent", "api5xxPercent", "apiLatencyP99Ms", "dbCpuPercent", "dbConnectionsPercent"] as const) {
      expect(dev.thresholds[key]).toBeGreaterThanOrEqual(staging.thresholds[key]);
      expect(staging.thresholds[key]).toBeGreaterThanOrEqual(prod.thresholds[key]);
    }
    expect(prod.thresholds.api4xxPercent).toBeUndefined();
  });

  it("merges thresholds key by key: profile, then top level, then the environment; emails of an environment replace the top level's", () => {
    // GIVEN top-level emails and two thresholds, prod's own emails and one threshold
    const config = loadTestConfig({
      overrides: {
        alerts: { emails: ["ops@acme.io"], thresholds: { api5xxPercent: 3, dbCpuPercent: 70 } },
        environments: {
          prod: { alerts: { emails: ["pager@acme.io"], thresholds: { dbCpuPercent: 75 } } },
          staging: { profile: "dev", vpcCidr: "10.20.0.0/16" },
        },
      },
      env: {},
    });
    // WHEN resolved
    const prod = resolveEnvironment(config, "prod").alerts;
    const staging = resolveEnvironment(config, "staging").alerts;
    // THEN prod: its own emails and database CPU, the top-level 5xx rate, the prod profile's latency
    expect(prod.emails).toEqual(["pager@acme.io"]);
    expect(prod.thresholds).toMatchObject({ api5xxPercent: 3, dbCpuPercent: 75, apiLatencyP99Ms: PROFILES.prod.alerts.thresholds.apiLatencyP99Ms });
    expect(prod.setAt).toEqual({
      api5xxPercent: ["alerts", "thresholds", "api5xxPercent"],
      dbCpuPercent: ["environments", "prod", "alerts", "thresholds", "dbCpuPercent"],
    });
    // AND staging (on the dev profile): the top-level emails and thresholds over dev's defaults
    expect(staging.emails).toEqual(["ops@acme.io"]);
    expect(staging.thresholds).toMatchObject({ api5xxPercent: 3, dbCpuPercent: 70, apiLatencyP99Ms: PROFILES.dev.alerts.thresholds.apiLatencyP99Ms });
  });

  it("does not merge the profile's thresholds into the environment's settings (the top level sits between them)", () => {
    // GIVEN the defaults / WHEN loaded / THEN the environment carries only what the user wrote under alerts
    expect(loadConfig({ env: {} }).environments.prod.alerts).toBeUndefined();
  });
});

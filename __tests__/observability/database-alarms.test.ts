import { DatabaseAlarms, DatabaseAlarmsProps } from "../../src/observability/database-alarms";
import { synthJson } from "../support/test-stack";
import { alarmsByName, alertWorld, expectNotifiesTopic, NAMING } from "./alarm-fixtures";

const DB = "${aws_db_instance.db.identifier}";
const GIB = 1024 ** 3;

describe("DatabaseAlarms", () => {
  const build = (props: Partial<DatabaseAlarmsProps> = {}) => {
    const { stack, topic } = alertWorld();
    const alarms = new DatabaseAlarms(stack, "database", {
      naming: NAMING,
      topic,
      instanceIdentifier: DB,
      instanceClass: "db.m7g.large",
      allocatedStorageGiB: 50,
      cpuPercent: 80,
      freeStoragePercent: 10,
      connectionsPercent: 80,
      freeableMemoryPercent: 10,
      ...props,
    });
    return { alarms, topic, byName: alarmsByName(synthJson(stack)) };
  };
  const rds = { namespace: "AWS/RDS", dimensions: { DBInstanceIdentifier: DB }, treat_missing_data: "missing" };

  it("alarms on CPU above the threshold for 5 minutes", () => {
    // GIVEN / WHEN / THEN
    const { byName, topic } = build();
    const alarm = byName["acme-prod-database-cpu-high"];
    expect(alarm).toMatchObject({
      ...rds,
      metric_name: "CPUUtilization",
      statistic: "Average",
      period: 60,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
    });
    expectNotifiesTopic(alarm, topic);
  });

  it("alarms on free storage below the percentage of the allocated storage, in bytes, for 10 minutes", () => {
    // GIVEN 50 GiB allocated and 10 % / WHEN / THEN FreeStorageSpace's minimum below 5 GiB, 2 of 2 five-minute periods
    expect(build().byName["acme-prod-database-free-storage-low"]).toMatchObject({
      ...rds,
      metric_name: "FreeStorageSpace",
      statistic: "Minimum",
      period: 300,
      evaluation_periods: 2,
      datapoints_to_alarm: 2,
      comparison_operator: "LessThanThreshold",
      threshold: 5 * GIB,
    });
  });

  it("alarms on connections above the percentage of the class's default max_connections (8 GiB → 901)", () => {
    // GIVEN db.m7g.large (8 GiB: LEAST(8 GiB / 9531392, 5000) = 901) and 80 %
    const { byName, alarms } = build();
    // THEN DatabaseConnections' maximum above 720
    expect(alarms.maxConnections).toBe(901);
    expect(byName["acme-prod-database-connections-high"]).toMatchObject({
      ...rds,
      metric_name: "DatabaseConnections",
      statistic: "Maximum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 720,
      evaluation_periods: 5,
    });
  });

  it("takes an explicit max_connections over the class's default", () => {
    // GIVEN max_connections set to 200 / WHEN / THEN 80 % of it
    expect(build({ maxConnections: 200 }).byName["acme-prod-database-connections-high"].threshold).toBe(160);
  });

  it("alarms on freeable memory below the percentage of the class's memory, or below an absolute floor", () => {
    // GIVEN db.m7g.large's 8 GiB at 10 %, and the same with 512 MiB given
    const percent = build().byName["acme-prod-database-freeable-memory-low"];
    const absolute = build({ freeableMemoryMiB: 512 }).byName["acme-prod-database-freeable-memory-low"];
    // THEN FreeableMemory below 0.8 GiB, or below 512 MiB
    expect(percent).toMatchObject({ ...rds, metric_name: "FreeableMemory", statistic: "Average", comparison_operator: "LessThanThreshold" });
    expect(percent.threshold).toBe(Math.floor(0.8 * GIB));
    expect(absolute.threshold).toBe(512 * 1024 ** 2);
  });

  it("accepts a class it does not know when both absolute figures are given", () => {
    // GIVEN an unknown class with max_connections and a memory floor / WHEN / THEN those thresholds
    const { byName } = build({ instanceClass: "db.x2g.large", maxConnections: 1000, freeableMemoryMiB: 1024 });
    expect(byName["acme-prod-database-connections-high"].threshold).toBe(800);
    expect(byName["acme-prod-database-freeable-memory-low"].threshold).toBe(1024 ** 3);
  });

  it.each([
    [
      "a class it does not know, without the absolute figures",
      { instanceClass: "db.x2g.large" },
      /instanceClass is a class whose memory the platform does not know/,
    ],
    [
      "an unknown class with max_connections only",
      { instanceClass: "db.x2g.large", maxConnections: 100 },
      /maxConnections and freeableMemoryMiB must be given/,
    ],
    ["a memory floor at the class's memory", { freeableMemoryMiB: 8192 }, /freeableMemoryMiB must be below the memory of db\.m7g\.large \(8192 MiB\)/],
    ["max_connections of 0", { maxConnections: 0 }, /maxConnections must be an integer 1–262143, got 0/],
    ["a CPU threshold of 0", { cpuPercent: 0 }, /cpuPercent must be a percentage above 0 and at most 100, got 0/],
    ["free storage over 100 %", { freeStoragePercent: 101 }, /freeStoragePercent must be a percentage/],
    ["a storage of 0 GiB", { allocatedStorageGiB: 0 }, /allocatedStorageGiB must be a whole number of GiB above 0, got 0/],
  ])("rejects %s, naming the prop", (_what, props, message) => {
    // GIVEN / WHEN / THEN the construct refuses, as the config does
    expect(() => build(props)).toThrow(message);
  });
});

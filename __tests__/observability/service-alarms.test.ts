import { ServiceAlarms, ServiceAlarmsProps } from "../../src/observability/service-alarms";
import { synthJson } from "../support/test-stack";
import { alarmsByName, alertWorld, expectNotifiesTopic, NAMING } from "./alarm-fixtures";

const CLUSTER = "${aws_ecs_cluster.cluster.name}";
const SERVICE = "${aws_ecs_service.orders.name}";

describe("ServiceAlarms", () => {
  const build = (props: Partial<ServiceAlarmsProps> = {}) => {
    const { stack, topic } = alertWorld();
    const alarms = new ServiceAlarms(stack, "orders", {
      naming: NAMING,
      topic,
      name: "orders",
      clusterName: CLUSTER,
      serviceName: SERVICE,
      minimumTasks: 2,
      cpuPercent: 80,
      memoryPercent: 90,
      ...props,
    });
    return { alarms, topic, byName: alarmsByName(synthJson(stack)) };
  };
  const dimensions = { ClusterName: CLUSTER, ServiceName: SERVICE };

  it("alarms when fewer tasks than the minimum run for 5 minutes, treating silence as none running", () => {
    // GIVEN / WHEN a service whose minimum is 2
    const { byName, topic } = build();
    const alarm = byName["acme-prod-service-orders-running-tasks-low"];
    // THEN Container Insights' RunningTaskCount of that cluster and service, below 2 in 5 of 5 minutes, missing = breaching
    expect(alarm).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metric_name: "RunningTaskCount",
      dimensions,
      statistic: "Average",
      period: 60,
      comparison_operator: "LessThanThreshold",
      threshold: 2,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      treat_missing_data: "breaching",
    });
    expectNotifiesTopic(alarm, topic);
  });

  it("for a service that may scale to zero, alarms only when it wants tasks and runs none", () => {
    // GIVEN / WHEN a service whose minimum is 0
    const alarm = build({ minimumTasks: 0 }).byName["acme-prod-service-orders-running-tasks-low"];
    // THEN metric math over running and desired tasks, below 1
    expect(alarm.metric_name).toBeUndefined();
    expect(alarm).toMatchObject({ comparison_operator: "LessThanThreshold", threshold: 1, treat_missing_data: "breaching" });
    expect(alarm.metric_query).toEqual([
      { id: "running", metric: { namespace: "ECS/ContainerInsights", metric_name: "RunningTaskCount", dimensions, stat: "Average", period: 60 } },
      { id: "desired", metric: { namespace: "ECS/ContainerInsights", metric_name: "DesiredTaskCount", dimensions, stat: "Average", period: 60 } },
      { id: "shortfall", expression: "IF(desired >= 1, running, 1)", label: "Running tasks while some are wanted", return_data: true },
    ]);
  });

  it.each([
    ["cpu-high", "CPUUtilization", 80],
    ["memory-high", "MemoryUtilization", 90],
  ])("alarms on %s: AWS/ECS %s above the threshold for 5 minutes, silence not breaching", (what, metric, threshold) => {
    // GIVEN / WHEN the service's alarms
    const { byName, topic } = build();
    const alarm = byName[`acme-prod-service-orders-${what}`];
    // THEN the service's average above the threshold, 5 of 5 one-minute datapoints
    expect(alarm).toMatchObject({
      namespace: "AWS/ECS",
      metric_name: metric,
      dimensions,
      statistic: "Average",
      period: 60,
      comparison_operator: "GreaterThanThreshold",
      threshold,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      treat_missing_data: "notBreaching",
    });
    expectNotifiesTopic(alarm, topic);
  });

  it("makes exactly these three alarms", () => {
    // GIVEN / WHEN / THEN
    const { byName, alarms } = build();
    expect(Object.keys(byName).sort()).toEqual([
      "acme-prod-service-orders-cpu-high",
      "acme-prod-service-orders-memory-high",
      "acme-prod-service-orders-running-tasks-low",
    ]);
    expect(alarms.alarms).toHaveLength(3);
  });

  it.each([
    ["a name that is no DNS label", { name: "Orders" }, /name must be a lowercase DNS label, got "Orders"/],
    ["a negative minimum", { minimumTasks: -1 }, /minimumTasks must be an integer 0–5000, got -1/],
    ["a CPU threshold of 0", { cpuPercent: 0 }, /cpuPercent must be a percentage above 0 and at most 100, got 0/],
    ["a memory threshold over 100", { memoryPercent: 120 }, /memoryPercent must be a percentage above 0 and at most 100, got 120/],
  ])("rejects %s, naming the prop", (_what, props, message) => {
    // GIVEN / WHEN / THEN the construct refuses, as the config does
    expect(() => build(props)).toThrow(message);
  });
});

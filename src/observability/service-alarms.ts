import { Construct } from "constructs";
import { Token } from "cdktf";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { percentProblem } from "../core/alarm-facts";
import { DNS_LABEL_RE } from "../core/aws-facts";
import { NamingContext, physicalName } from "../core/naming";
import { alertAlarm } from "./alert-alarm";
import { AlertTopicRef } from "./alert-topic";

/** Properties of a {@link ServiceAlarms}. */
export interface ServiceAlarmsProps {
  /** Project and environment: alarms are `<project>-<env>-service-<name>-<what>`. */
  readonly naming: NamingContext;
  /** Where ALARM and OK go. */
  readonly topic: AlertTopicRef;
  /** The service's name (a lowercase DNS label), for the alarm names. */
  readonly name: string;
  /** The ECS cluster's name (the `ClusterName` dimension; a reference). */
  readonly clusterName: string;
  /** The ECS service's name (the `ServiceName` dimension; a reference). */
  readonly serviceName: string;
  /**
   * The fewest tasks the service may run (its autoscaling floor), 0–5000: fewer running
   * tasks is an alarm. With 0 (a service allowed to scale to zero) the alarm fires when
   * the service wants tasks and none runs.
   */
  readonly minimumTasks: number;
  /** Average CPU above this percentage for 5 minutes is an alarm. */
  readonly cpuPercent: number;
  /** Average memory above this percentage for 5 minutes is an alarm. */
  readonly memoryPercent: number;
}

/**
 * One ECS service's alarms: too few running tasks (Container Insights'
 * `RunningTaskCount`, which every environment's cluster publishes), and sustained high CPU
 * and memory (`AWS/ECS` service metrics) — AWS's recommended ECS alarms
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#ECS),
 * with the platform's thresholds.
 */
export class ServiceAlarms extends Construct {
  /** Each evaluates one-minute datapoints, 5 of the last 5: a task replaced after a crash (a minute or two) does not page. */
  static readonly PERIOD_SECONDS = 60;
  static readonly EVALUATION_PERIODS = 5;

  /** Running tasks below the minimum. */
  public readonly runningTasks: CloudwatchMetricAlarm;
  public readonly cpu: CloudwatchMetricAlarm;
  public readonly memory: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.validate(props);
    const name = (what: string) => physicalName(props.naming, `service-${props.name}-${what}`);
    const dimensions = { ClusterName: props.clusterName, ServiceName: props.serviceName };
    const evaluation = { evaluationPeriods: ServiceAlarms.EVALUATION_PERIODS, datapointsToAlarm: ServiceAlarms.EVALUATION_PERIODS };
    const period = ServiceAlarms.PERIOD_SECONDS;

    // No datapoint means no task reports: as bad as none running ("breaching").
    const floor = props.minimumTasks;
    this.runningTasks = alertAlarm(this, "running-tasks", props.topic, {
      alarmName: name("running-tasks-low"),
      alarmDescription:
        floor > 0
          ? `${props.name}: fewer than ${floor} running task(s), its minimum, for 5 minutes. Tasks are failing to start or crashing: see the service's events and stopped tasks (README: Alerts and dashboard).`
          : `${props.name}: the service wants tasks but none has run for 5 minutes. See the service's events and stopped tasks (README: Alerts and dashboard).`,
      comparisonOperator: "LessThanThreshold",
      ...evaluation,
      treatMissingData: "breaching",
      ...(floor > 0
        ? { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions, statistic: "Average", period, threshold: floor }
        : {
            // A service that may scale to zero is unhealthy only when it wants tasks and runs none.
            threshold: 1,
            metricQuery: [
              { id: "running", metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions, stat: "Average", period } },
              { id: "desired", metric: { namespace: "ECS/ContainerInsights", metricName: "DesiredTaskCount", dimensions, stat: "Average", period } },
              { id: "shortfall", expression: "IF(desired >= 1, running, 1)", label: "Running tasks while some are wanted", returnData: true },
            ],
          }),
    });

    // No datapoint means no task runs: the running-tasks alarm speaks for that ("notBreaching").
    const utilization = (metricName: string, threshold: number, what: string) => ({
      alarmName: name(`${what}-high`),
      alarmDescription: `${props.name}: average ${what} above ${threshold} % for 5 minutes, although autoscaling should have added tasks. Check maxCapacity and the task's size.`,
      namespace: "AWS/ECS",
      metricName,
      dimensions,
      statistic: "Average",
      period,
      comparisonOperator: "GreaterThanThreshold",
      threshold,
      ...evaluation,
      treatMissingData: "notBreaching",
    });
    this.cpu = alertAlarm(this, "cpu", props.topic, utilization("CPUUtilization", props.cpuPercent, "cpu"));
    this.memory = alertAlarm(this, "memory", props.topic, utilization("MemoryUtilization", props.memoryPercent, "memory"));
  }

  /** The alarms, for the dashboard and the outputs. */
  get alarms(): CloudwatchMetricAlarm[] {
    return [this.runningTasks, this.cpu, this.memory];
  }

  private validate(props: ServiceAlarmsProps): void {
    const fail = (prop: string, value: unknown, problem: string): never => {
      throw new Error(`${this.node.path}: ${prop} ${problem}, got ${JSON.stringify(value)}`);
    };
    if (!DNS_LABEL_RE.test(props.name)) fail("name", props.name, "must be a lowercase DNS label");
    const tasks = props.minimumTasks;
    if (!Token.isUnresolved(tasks) && !(Number.isInteger(tasks) && tasks >= 0 && tasks <= 5000)) fail("minimumTasks", tasks, "must be an integer 0–5000");
    for (const key of ["cpuPercent", "memoryPercent"] as const) {
      const problem = percentProblem(props[key]);
      if (problem) fail(key, props[key], problem);
    }
  }
}

import { Construct } from "constructs";
import { Fn } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { jobFailedRuleName, jobFailedRuleNameProblem } from "../core/alarm-facts";
import { DNS_LABEL_RE } from "../core/aws-facts";
import { jsonDocument } from "../core/json-document";
import { NamingContext, physicalName } from "../core/naming";
import { alertAlarm } from "./alert-alarm";
import { AlertTopicRef } from "./alert-topic";

/** Properties of a {@link JobAlarms}. */
export interface JobAlarmsProps {
  /** Project and environment: the rule is `<project>-<env>-<name>-failed`, alarms `<project>-<env>-job-<name>-<what>`. */
  readonly naming: NamingContext;
  /** Where failed runs, ALARM and OK go. */
  readonly topic: AlertTopicRef;
  /** The job's name, a lowercase DNS label. */
  readonly name: string;
  /** The cluster the job's tasks run in (a reference). */
  readonly clusterArn: string;
  /** The job's task definition ARN without its revision (a reference): every revision's tasks are the job's. */
  readonly taskDefinitionArnWithoutRevision: string;
  /** The job's own schedule group (the `ScheduleGroup` dimension of its Scheduler metrics; a reference). */
  readonly scheduleGroupName: string;
  /** The job's log group, named in the failed-run message. */
  readonly logGroupName: string;
}

/**
 * A scheduled job's failed runs, whichever way they fail:
 *
 * - **the task failed**: an EventBridge rule on ECS's "ECS Task State Change" events
 *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html)
 *   matches the job's tasks that stopped with a non-zero container exit code, or that
 *   never started (`stopCode` TaskFailedToStart: image pull, secrets, ENI), and sends each
 *   straight to the alert topic with the reason and the containers' exit codes. Neither
 *   Scheduler's nor ECS's metrics see this: Scheduler's end when RunTask succeeds, and
 *   ECS publishes no per-task outcome. A run is an event, so a message per failed run
 *   (not an alarm) is what pages;
 * - **the run never started**: Scheduler retries a failed RunTask call (capacity, IAM,
 *   throttling) and then drops the run. `InvocationDroppedCount` > 0 in 5 minutes is an
 *   alarm. Scheduler publishes it per schedule group only
 *   (https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html),
 *   which is why each job's schedule has a group of its own;
 * - **the failure could not be told**: the rule's `FailedInvocations` > 0 (EventBridge
 *   could not publish to the topic) is an alarm, sent by CloudWatch's own grant.
 *
 * Missing data is a run that did not fail: "notBreaching".
 */
export class JobAlarms extends Construct {
  static readonly PERIOD_SECONDS = 300;
  /** What the failed-run message takes from ECS's event. */
  static readonly INPUT_PATHS: Readonly<Record<string, string>> = {
    stopCode: "$.detail.stopCode",
    reason: "$.detail.stoppedReason",
    containers: "$.detail.containers",
    task: "$.detail.taskArn",
    stoppedAt: "$.detail.stoppedAt",
  };

  /**
   * The failed-run message: a JSON template whose placeholders stand unquoted, so
   * EventBridge inserts each event value as JSON (a quote in a reason escaped, the
   * containers as a list): https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
   * Written as `replace(jsonencode({… "@@stopCode@@" …}), "/.@@([a-zA-Z]+)@@./", "<$1>")`:
   * the quotes a literal template needs would break `cdktf synth --hcl` (its renderer does
   * not escape them), and the pattern's `.` stands for the quotes jsonencode puts around
   * each placeholder.
   */
  static inputTemplate(alert: string, logGroupName: string): string {
    const placeholders = Object.fromEntries(Object.keys(JobAlarms.INPUT_PATHS).map((key) => [key, `@@${key}@@`]));
    return Fn.replace(jsonDocument({ alert, ...placeholders, logs: logGroupName }), "/.@@([a-zA-Z]+)@@./", "<$1>");
  }

  /** The rule matching the job's failed tasks. */
  public readonly rule: CloudwatchEventRule;
  /** The rule's delivery to the alert topic. */
  public readonly target: CloudwatchEventTarget;
  /** Runs Scheduler dropped after its retries. */
  public readonly notStarted: CloudwatchMetricAlarm;
  /** Failed runs the rule could not deliver. */
  public readonly undelivered: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: JobAlarmsProps) {
    super(scope, id);
    this.validate(props);
    const name = (what: string) => physicalName(props.naming, `job-${props.name}-${what}`);
    const env = props.naming.envName;

    this.rule = new CloudwatchEventRule(this, "failed", {
      name: jobFailedRuleName(props.naming.project, env, props.name),
      description: `Job ${props.name}: its task stopped with a non-zero exit code, or failed to start`,
      eventPattern: jsonDocument({
        source: ["aws.ecs"],
        "detail-type": ["ECS Task State Change"],
        detail: {
          clusterArn: [props.clusterArn],
          taskDefinitionArn: [{ prefix: `${props.taskDefinitionArnWithoutRevision}:` }],
          lastStatus: ["STOPPED"],
          $or: [{ containers: { exitCode: [{ "anything-but": 0 }] } }, { stopCode: ["TaskFailedToStart"] }],
        },
      }),
    });
    this.target = new CloudwatchEventTarget(this, "notify", {
      rule: this.rule.name,
      arn: props.topic.topicArn,
      inputTransformer: { inputPaths: JobAlarms.INPUT_PATHS, inputTemplate: JobAlarms.inputTemplate(`Job ${props.name} failed in ${env}`, props.logGroupName) },
    });

    // Both count events that should never happen: one in a period is the alarm, none is fine.
    const anyInPeriod = {
      statistic: "Sum",
      period: JobAlarms.PERIOD_SECONDS,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    } as const;
    this.notStarted = alertAlarm(this, "not-started", props.topic, {
      alarmName: name("not-started"),
      alarmDescription: `Job ${props.name}: EventBridge Scheduler dropped a run after its retries (RunTask failed: capacity, permissions, throttling). See the schedule's CloudTrail RunTask errors.`,
      namespace: "AWS/Scheduler",
      metricName: "InvocationDroppedCount",
      dimensions: { ScheduleGroup: props.scheduleGroupName },
      ...anyInPeriod,
    });
    this.undelivered = alertAlarm(this, "undelivered", props.topic, {
      alarmName: name("failure-undelivered"),
      alarmDescription: `Job ${props.name}: a failed run was not delivered to the alert topic (EventBridge FailedInvocations). Check the run in ECS's stopped tasks, and the topic's and key's policies.`,
      namespace: "AWS/Events",
      metricName: "FailedInvocations",
      dimensions: { RuleName: this.rule.name },
      ...anyInPeriod,
    });
  }

  /** The alarms, for the dashboard. */
  get alarms(): CloudwatchMetricAlarm[] {
    return [this.notStarted, this.undelivered];
  }

  private validate(props: JobAlarmsProps): void {
    const fail = (prop: string, value: unknown, problem: string): never => {
      throw new Error(`${this.node.path}: ${prop} ${problem}, got ${JSON.stringify(value)}`);
    };
    if (!DNS_LABEL_RE.test(props.name)) fail("name", props.name, "must be a lowercase DNS label");
    // The config holds this through the scheduler role's (stricter) name budget.
    const problem = jobFailedRuleNameProblem(props.naming.project, props.naming.envName, props.name);
    if (problem) fail("name", props.name, problem);
  }
}

import { blocks, strings, TfResource, TfStack } from "../tf";
import { StackRule } from "../types";
import { eachResource, isSet, shown, stackRule } from "./helpers";

const ALARM = "aws_cloudwatch_metric_alarm";

/** Every metric an alarm watches, with its dimensions: the alarm's own, or each of its metric queries'. */
function watchedMetrics(alarm: TfResource): { namespace?: string; name?: string; dimensions: Record<string, unknown> }[] {
  const own =
    alarm.values.metric_name === undefined
      ? []
      : [{ namespace: alarm.values.namespace, name: alarm.values.metric_name, dimensions: alarm.values.dimensions ?? {} }];
  const queried = blocks(alarm.values.metric_query).flatMap((q) =>
    blocks(q.metric).map((m) => ({ namespace: m.namespace, name: m.metric_name, dimensions: m.dimensions ?? {} })),
  );
  return [...own, ...queried];
}

/** Whether `value` names `service`: a reference to it, or its literal name. */
function namesService(stack: TfStack, value: unknown, service: TfResource): boolean {
  return stack.references(value, service) || (typeof value === "string" && value === service.values.name);
}

/**
 * Issue 15, part 1: alarms that page someone. Every service has a running-task-count
 * alarm (a crash-looping service is otherwise silent: the circuit breaker stops a
 * deployment, not a service whose tasks die later), every alarm notifies someone on
 * ALARM and on OK, and the topic it notifies is encrypted with a customer key the alarms
 * may use.
 */
export const alertRules: StackRule[] = [
  stackRule({
    id: "ecs-service-task-alarm",
    title: "Every ECS service has an alarm on its running task count",
    refs: ["CloudWatch recommended alarms: ECS RunningTaskCount"],
    check: eachResource("aws_ecs_service", (service, stack) => {
      const watched = stack
        .resources(ALARM)
        .some((alarm) =>
          watchedMetrics(alarm).some(
            (m) => m.namespace === "ECS/ContainerInsights" && m.name === "RunningTaskCount" && namesService(stack, m.dimensions.ServiceName, service),
          ),
        );
      return (
        !watched &&
        `no alarm watches ECS/ContainerInsights RunningTaskCount with ServiceName ${shown(service.values.name)}: tasks that crash or cannot start go unnoticed (README: Alerts and dashboard)`
      );
    }),
  }),
  stackRule({
    id: "alarm-has-actions",
    title: "Every CloudWatch alarm notifies on ALARM and on OK",
    refs: ["CloudWatch alarm actions"],
    check: eachResource(ALARM, (alarm) => {
      const problems: string[] = [];
      if (alarm.values.actions_enabled === false) problems.push("actions_enabled is false: the alarm changes state and tells nobody");
      if (strings(alarm.values.alarm_actions).filter(isSet).length === 0)
        problems.push(`alarm_actions is ${shown(alarm.values.alarm_actions)}: nobody is paged`);
      if (strings(alarm.values.ok_actions).filter(isSet).length === 0)
        problems.push(`ok_actions is ${shown(alarm.values.ok_actions)}: nobody learns it recovered`);
      return problems;
    }),
  }),
  stackRule({
    id: "sns-topic-kms",
    title: "SNS topics are encrypted with a customer-managed KMS key",
    refs: ["CKV_AWS_26", "SNS.1"],
    check: eachResource("aws_sns_topic", (topic) => {
      const key = topic.values.kms_master_key_id;
      if (!isSet(key)) return "kms_master_key_id is unset: the topic is not encrypted at rest";
      // CloudWatch alarms cannot publish to a topic under AWS's managed key: its policy admits no service.
      if (typeof key === "string" && /alias\/aws\/sns$/.test(key)) {
        return `kms_master_key_id is ${shown(key)}, AWS's managed key, whose policy CloudWatch cannot use: use a customer-managed key`;
      }
      return undefined;
    }),
  }),
];

import { Construct } from "constructs";
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AlertTopicRef } from "./alert-topic";

/** An alarm as the observability constructs describe it: everything but its actions. */
export type AlertAlarmSpec = Omit<CloudwatchMetricAlarmConfig, "alarmActions" | "okActions" | "insufficientDataActions" | "actionsEnabled">;

/**
 * The one way the observability constructs make an alarm: its ALARM and OK transitions
 * both notify `topic` (so whoever is paged also learns it recovered); INSUFFICIENT_DATA
 * notifies nobody (each alarm's `treatMissingData` decides what a gap means instead).
 */
export function alertAlarm(scope: Construct, id: string, topic: AlertTopicRef, spec: AlertAlarmSpec): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    ...spec,
    actionsEnabled: true,
    alarmActions: [topic.topicArn],
    okActions: [topic.topicArn],
  });
}

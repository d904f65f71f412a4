import { TerraformStack } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { NamingContext } from "../../src/core/naming";
import { AlertTopic, AlertTopicProps } from "../../src/observability/alert-topic";
import { refOf, resources, TfJson } from "../support/synth";
import { testStack } from "../support/test-stack";

/** The naming every alerting test uses: alarms are `acme-prod-…`. */
export const NAMING: NamingContext = { project: "acme", envName: "prod" };

/** A stack with a KMS key and an alert topic encrypted with it. */
export function alertWorld(topicProps: Partial<AlertTopicProps> = {}): { stack: TerraformStack; key: KmsKey; topic: AlertTopic } {
  const stack = testStack();
  const key = new KmsKey(stack, "key", { description: "test" });
  const topic = new AlertTopic(stack, "alerts", { naming: NAMING, region: "eu-west-1", encryptionKey: { keyArn: key.arn }, ...topicProps });
  return { stack, key, topic };
}

/** The synthesized alarms of `json`, by alarm name. */
export function alarmsByName(json: TfJson): Record<string, TfJson> {
  return Object.fromEntries(Object.values(resources(json, "aws_cloudwatch_metric_alarm")).map((a) => [a.alarm_name, a]));
}

/** What every alarm must carry: ALARM and OK to the topic, by reference; nothing on INSUFFICIENT_DATA. */
export function expectNotifiesTopic(alarm: TfJson, topic: AlertTopic): void {
  expect(alarm).toMatchObject({ actions_enabled: true, alarm_actions: [refOf(topic.topic, "arn")], ok_actions: [refOf(topic.topic, "arn")] });
  expect(alarm.insufficient_data_actions).toBeUndefined();
}

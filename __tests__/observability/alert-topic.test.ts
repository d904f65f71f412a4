import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { Testing } from "cdktf";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { refOf, resourceOf, resources } from "../support/synth";
import { synthJson } from "../support/test-stack";
import { AlertTopic } from "../../src/observability/alert-topic";
import { alertWorld } from "./alarm-fixtures";

/** The account as the topic takes it: from its own ARN, without a data source. */
const accountOf = (topic: AlertTopic) => `\${element(split(":", ${topic.topic.terraformResourceType}.${topic.topic.friendlyUniqueId}.arn), 4)}`;

describe("AlertTopic", () => {
  it("is <project>-<env>-alerts, encrypted with the environment's key (by reference)", () => {
    // GIVEN / WHEN a topic
    const { stack, key } = alertWorld();
    // THEN named and encrypted with the key
    expect(Testing.synth(stack)).toHaveResourceWithProperties(SnsTopic, { name: "acme-prod-alerts", kms_master_key_id: refOf(key, "arn") });
  });

  it("admits CloudWatch alarms of this account named <project>-<env>-* only", () => {
    // GIVEN / WHEN a topic without event rules
    const { stack, topic } = alertWorld();
    const json = synthJson(stack);
    const policy = resourceOf(json, topic.policy);
    const doc = decodeJson(policy.policy);
    const ACCOUNT = accountOf(topic);
    // THEN the policy is the topic's, with one statement: Publish by cloudwatch.amazonaws.com, from this account's environment alarms
    expect(policy.arn).toBe(refOf(topic.topic, "arn"));
    expect(doc.Statement).toEqual([
      {
        Sid: "CloudWatchAlarmsOfThisEnvironment",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: refOf(topic.topic, "arn"),
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:${PARTITION}:cloudwatch:eu-west-1:${ACCOUNT}:alarm:acme-prod-*` },
        },
      },
    ]);
  });

  it("also admits EventBridge rules of this environment when asked", () => {
    // GIVEN / WHEN a topic with event rules
    const { stack, topic } = alertWorld({ eventRules: true });
    const doc = decodeJson(resourceOf(synthJson(stack), topic.policy).policy);
    const ACCOUNT = accountOf(topic);
    // THEN a second statement: Publish by events.amazonaws.com from this account's rules named <project>-<env>-*
    expect(doc.Statement[1]).toEqual({
      Sid: "EventBridgeRulesOfThisEnvironment",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: refOf(topic.topic, "arn"),
      Condition: {
        StringEquals: { "aws:SourceAccount": ACCOUNT },
        ArnLike: { "aws:SourceArn": `arn:${PARTITION}:events:eu-west-1:${ACCOUNT}:rule/acme-prod-*` },
      },
    });
  });

  it("subscribes each address by email, and nobody by default", () => {
    // GIVEN a topic with two addresses, and one without
    const { stack, topic } = alertWorld({ emails: ["ops@acme.io", "Pager+Prod@acme.io"] });
    const json = synthJson(stack);
    // THEN one email subscription each, to the topic by reference
    expect(Object.values(resources(json, "aws_sns_topic_subscription"))).toEqual([
      { topic_arn: refOf(topic.topic, "arn"), protocol: "email", endpoint: "ops@acme.io" },
      { topic_arn: refOf(topic.topic, "arn"), protocol: "email", endpoint: "Pager+Prod@acme.io" },
    ]);
    expect(resources(synthJson(alertWorld().stack), "aws_sns_topic_subscription")).toEqual({});
  });

  it("keeps a subscription's address when another is added in front (no new confirmation mail)", () => {
    // GIVEN one address, then another added before it
    const before = Object.keys(resources(synthJson(alertWorld({ emails: ["ops@acme.io"] }).stack), "aws_sns_topic_subscription"));
    const after = Object.keys(resources(synthJson(alertWorld({ emails: ["new@acme.io", "ops@acme.io"] }).stack), "aws_sns_topic_subscription"));
    // THEN the first subscription keeps its address
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it.each([
    ["an address that is no email", ["ops"], /emails must be email addresses, got "ops"/],
    ["an address twice (case aside)", ["ops@acme.io", "OPS@acme.io"], /emails must list each address once, got "OPS@acme.io" twice/],
  ])("rejects %s, naming the prop", (_what, emails, message) => {
    // GIVEN / WHEN / THEN the construct refuses, as the config does (alerts.emails)
    expect(() => alertWorld({ emails })).toThrow(message);
  });
});

import { Construct } from "constructs";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { accountIdOf } from "../core/iam";
import { jsonDocument } from "../core/json-document";
import { NamingContext, physicalName } from "../core/naming";
import { arnOf } from "../core/partition";

/** What an alarm or a rule needs of the topic it notifies: its ARN. */
export interface AlertTopicRef {
  /** The topic ARN (an attribute reference): alarm and OK actions, rule targets. */
  readonly topicArn: string;
}

/** Properties of an {@link AlertTopic}. */
export interface AlertTopicProps {
  /** Project and environment: the topic is `<project>-<env>-alerts`, its publishers' names start with `<project>-<env>-`. */
  readonly naming: NamingContext;
  /** Region of the stack (the publishers' ARNs). */
  readonly region: string;
  /**
   * The environment's KMS key (CKV_AWS_26, SNS.1). Its policy must let CloudWatch (and
   * EventBridge, with `eventRules`) use it for this topic: `PlatformKey`'s `alertTopic`.
   */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Addresses subscribed by email, each once; each owner confirms the subscription from
   * the mail AWS sends.
   * @default [] (nobody)
   */
  readonly emails?: readonly string[];
  /**
   * Also admit EventBridge rules of this account named `<project>-<env>-*` (a job's failed runs).
   * @default false
   */
  readonly eventRules?: boolean;
}

/**
 * The environment's alert topic: every alarm's ALARM and OK notification goes here, and
 * from here to whoever subscribes (the configured emails; PagerDuty, Slack or a Lambda
 * by a subscription of their own). Encrypted with the environment's key. Its policy
 * admits only CloudWatch alarms (and, when asked, EventBridge rules) of this account
 * whose names start with `<project>-<env>-`, so another environment's or account's alarm
 * cannot publish here (the confused-deputy guard of
 * https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html#source-account-versus-source-owner).
 */
export class AlertTopic extends Construct implements AlertTopicRef {
  /** `<project>-<env>-alerts`: the key's policy names the topic before it exists. */
  static topicNameFor(naming: NamingContext): string {
    return physicalName(naming, "alerts");
  }

  /** The topic, for escape hatches. */
  public readonly topic: SnsTopic;
  public readonly topicArn: string;
  /** The topic policy (who may publish). */
  public readonly policy: SnsTopicPolicy;
  /** One email subscription per address, by address. */
  public readonly subscriptions: Readonly<Record<string, SnsTopicSubscription>>;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const emails = props.emails ?? [];
    const seen = new Set<string>();
    for (const email of emails) {
      // The config's rule (alerts.emails): an address, listed once.
      if (!/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(email)) throw new Error(`${this.node.path}: emails must be email addresses, got ${JSON.stringify(email)}`);
      if (seen.has(email.toLowerCase())) throw new Error(`${this.node.path}: emails must list each address once, got ${JSON.stringify(email)} twice`);
      seen.add(email.toLowerCase());
    }

    this.topic = new SnsTopic(this, "topic", {
      name: AlertTopic.topicNameFor(props.naming),
      kmsMasterKeyId: props.encryptionKey.keyArn,
    });
    this.topicArn = this.topic.arn;

    // The account id from the topic's own ARN: no data source is read (plan stays offline).
    const account = accountIdOf(this.topic.arn);
    const prefix = `${physicalName(props.naming)}-*`;
    const fromThisEnvironment = (service: string, resource: string) => ({
      StringEquals: { "aws:SourceAccount": account },
      ArnLike: { "aws:SourceArn": arnOf(this, { service, region: props.region, account, resource }) },
    });
    this.policy = new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: jsonDocument({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "CloudWatchAlarmsOfThisEnvironment",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: this.topic.arn,
            Condition: fromThisEnvironment("cloudwatch", `alarm:${prefix}`),
          },
          ...(props.eventRules
            ? [
                {
                  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
                  Sid: "EventBridgeRulesOfThisEnvironment",
                  Effect: "Allow",
                  Principal: { Service: "events.amazonaws.com" },
                  Action: "sns:Publish",
                  Resource: this.topic.arn,
                  Condition: fromThisEnvironment("events", `rule/${prefix}`),
                },
              ]
            : []),
        ],
      }),
    });

    // Addresses name their subscriptions (under a scope of their own): adding or removing one
    // never replaces another, which would send its owner a new confirmation mail.
    const byAddress = new Construct(this, "email");
    this.subscriptions = Object.fromEntries(
      emails.map((email) => [
        email,
        new SnsTopicSubscription(byAddress, email.toLowerCase(), { topicArn: this.topic.arn, protocol: "email", endpoint: email }),
      ]),
    );
  }
}

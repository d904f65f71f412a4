import { Construct } from "constructs";
import { Fn } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsKeyPolicy } from "@cdktf/provider-aws/lib/kms-key-policy";
import { accountIdOf, keyAdministeredThroughIam } from "./iam";
import { jsonDocument } from "./json-document";
import { arnOf, partitionOf } from "./partition";
import { EncryptionKeyRef } from "./encryption-key-ref";
import { NamingContext, physicalName } from "./naming";

/** Properties of a {@link PlatformKey}. */
export interface PlatformKeyProps {
  /** Project and environment, for the alias. */
  readonly naming: NamingContext;
  /** Region of the stack (CloudWatch Logs' service principal is regional). */
  readonly region: string;
  /**
   * Days before a scheduled key deletion happens.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * The environment's alert topic (an SNS topic of this account and region, encrypted with
   * this key): CloudWatch alarms named `<project>-<env>-*` may use the key to publish to it,
   * and EventBridge too with `eventRules`.
   * @default none: no service but CloudWatch Logs may use the key
   */
  readonly alertTopic?: AlertTopicKeyUse;
}

/** Which services publish to the alert topic the key encrypts (see {@link PlatformKeyProps.alertTopic}). */
export interface AlertTopicKeyUse {
  /** The topic's name, `<project>-<env>-alerts`: the grants hold for messages of that topic only. */
  readonly topicName: string;
  /**
   * Also EventBridge rules (a job's failed runs go straight to the topic).
   * @default false
   */
  readonly eventRules?: boolean;
}

/**
 * The environment's customer-managed KMS key: encrypts log groups, ECR repositories,
 * RDS storage and Performance Insights. Rotation is on; the key policy names the
 * account root (IAM policies then decide) and CloudWatch Logs for this region's log
 * groups of this account only — no `*` principal.
 */
export class PlatformKey extends Construct implements EncryptionKeyRef {
  /** @default 30 */
  static readonly DEFAULT_DELETION_WINDOW_DAYS = 30;

  /** The key resource. */
  public readonly key: KmsKey;
  /** The key policy (account root, CloudWatch Logs, and the alert topic's publishers). */
  public readonly policy: KmsKeyPolicy;
  /**
   * Key ARN, for `kms_key_id` attributes. It references the key policy as well as the
   * key, so everything that uses the key is created only after its policy is in place.
   */
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id);
    const window = props.deletionWindowInDays ?? PlatformKey.DEFAULT_DELETION_WINDOW_DAYS;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      throw new Error(`${this.node.path}: deletionWindowInDays must be 7–30, got ${window}`);
    }
    this.key = new KmsKey(this, "key", {
      description: `${physicalName(props.naming)}: logs, ECR, RDS`,
      enableKeyRotation: true,
      deletionWindowInDays: window,
    });
    new KmsAlias(this, "alias", { name: `alias/${physicalName(props.naming)}`, targetKeyId: this.key.keyId });

    // The account id comes from the key's own ARN: a separate key-policy resource
    // avoids the cycle, and no data source is read (plan stays offline).
    const account = accountIdOf(this.key.arn);
    // CloudWatch Logs' principal is regional and, unlike most, takes the partition's DNS
    // suffix: logs.cn-north-1.amazonaws.com.cn in China (the provider's aws_service_principal,
    // from aws-cdk's region-info: https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/meta/service_principal_data_source.go).
    const logsPrincipal = `logs.${props.region}.${partitionOf(this).dnsSuffix}`;
    this.policy = new KmsKeyPolicy(this, "policy", {
      keyId: this.key.keyId,
      policy: jsonDocument({
        Version: "2012-10-17",
        Statement: [
          keyAdministeredThroughIam(this, account),
          ...(props.alertTopic ? this.alertTopicStatements(props.naming, props.region, account, props.alertTopic) : []),
          {
            Sid: "CloudWatchLogsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: logsPrincipal },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: {
              ArnLike: { "kms:EncryptionContext:aws:logs:arn": arnOf(this, { service: "logs", region: props.region, account, resource: "log-group:*" }) },
            },
          },
        ],
      }),
    });
    // Until this policy is attached the key has KMS's default policy, which does not
    // admit CloudWatch Logs: a log group created in that window fails with "The
    // specified KMS key does not exist or is not allowed to be used". Handing out the
    // ARN through an expression that also references the policy makes Terraform order
    // every consumer after it (the value is still the key ARN: no diff once applied).
    this.keyArn = Fn.element([this.key.arn, this.policy.keyId], 0);
  }

  /**
   * What SNS needs to encrypt messages that AWS services publish to a topic of this key:
   * `kms:GenerateDataKey*` and `kms:Decrypt` for the publishing service's principal
   * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
   * CloudWatch's grant holds for this account's alarms of this environment only
   * (`aws:SourceAccount`, `aws:SourceArn`), as the CloudWatch guide's encrypted-topic
   * statement does (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html).
   * EventBridge's requests carry no source account or ARN for the key (its publishers are
   * bounded by the topic policy instead), so its grant is bounded by the SNS encryption
   * context: messages of this topic only (`kms:EncryptionContext:aws:sns:topicArn`, which
   * SNS sets on every data key of an encrypted topic). CloudWatch's has the same bound.
   */
  private alertTopicStatements(naming: NamingContext, region: string, account: string, use: AlertTopicKeyUse): Record<string, unknown>[] {
    const topicArn = arnOf(this, { service: "sns", region, account, resource: use.topicName });
    const onlyThisTopic = { "kms:EncryptionContext:aws:sns:topicArn": topicArn };
    const actions = ["kms:Decrypt", "kms:GenerateDataKey*"];
    const statements: Record<string, unknown>[] = [
      {
        Sid: "CloudWatchAlarmsOfThisEnvironment",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: actions,
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": account, ...onlyThisTopic },
          ArnLike: { "aws:SourceArn": arnOf(this, { service: "cloudwatch", region, account, resource: `alarm:${physicalName(naming)}-*` }) },
        },
      },
    ];
    if (use.eventRules) {
      statements.push({
        Sid: "EventBridgeRulesToTheAlertTopic",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: actions,
        Resource: "*",
        Condition: { StringEquals: onlyThisTopic },
      });
    }
    return statements;
  }
}

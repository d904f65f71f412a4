import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LogRetentionDays, logRetentionProblem } from "./aws-facts";
import { GrantableRef, grantInlinePolicy } from "./iam";
import { EncryptionKeyRef } from "./encryption-key-ref";

/** Properties of an {@link EncryptedLogGroup}. */
export interface EncryptedLogGroupProps {
  /** Log group name, e.g. `/ecs/platform-prod/orders`. */
  readonly name: string;
  /** Days the group keeps events: one of CloudWatch Logs' retention values. */
  readonly logRetentionDays: LogRetentionDays;
  /** KMS key that encrypts the group (its policy must admit CloudWatch Logs). */
  readonly encryptionKey: EncryptionKeyRef;
}

/** A CloudWatch log group with retention and KMS encryption, and `grantWrite` for its writers. */
export class EncryptedLogGroup extends Construct {
  /** The log group resource. */
  public readonly logGroup: CloudwatchLogGroup;
  /** Log group name. */
  public readonly logGroupName: string;
  /** Log group ARN (without the `:*` suffix). */
  public readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    // The type admits only valid values; this guards callers without it (JavaScript, casts).
    const retention = logRetentionProblem(props.logRetentionDays);
    if (retention) throw new Error(`${this.node.path}: logRetentionDays ${retention}, got ${props.logRetentionDays}`);
    this.logGroup = new CloudwatchLogGroup(this, "group", {
      name: props.name,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.encryptionKey.keyArn,
    });
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn;
  }

  /** Lets `grantee` create streams in and write events to this group only; returns the policy. */
  grantWrite(grantee: GrantableRef): IamRolePolicy {
    return grantInlinePolicy(this, grantee, {
      verb: "write",
      policyName: `write-logs-${this.node.id}`,
      statements: [
        {
          Sid: "WriteThisLogGroup",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [`${this.logGroupArn}:*`],
        },
      ],
      // 0.1.0 named the policy after the grantee's local id.
      legacyId: `write-${grantee.node.id}`,
    });
  }
}

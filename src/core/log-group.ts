import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { logRetentionProblem } from "./aws-facts";
import { IGrantable, policyDocument } from "./iam";

/** Properties of an {@link EncryptedLogGroup}. */
export interface EncryptedLogGroupProps {
  /** Log group name, e.g. `/ecs/platform-prod/orders`. */
  readonly name: string;
  /** Retention in days: one of CloudWatch Logs' allowed values. */
  readonly retentionDays: number;
  /** ARN of the KMS key that encrypts the group (its policy must admit CloudWatch Logs). */
  readonly kmsKeyArn: string;
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
    const retention = logRetentionProblem(props.retentionDays);
    if (retention) throw new Error(`${this.node.path}: retentionDays ${retention}, got ${props.retentionDays}`);
    this.logGroup = new CloudwatchLogGroup(this, "group", {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn;
  }

  /** Lets `grantee` create streams in and write events to this group only. */
  grantWrite(grantee: IGrantable): void {
    new IamRolePolicy(this, `write-${grantee.node.id}`, {
      name: `write-logs-${this.node.id}`,
      role: grantee.roleName,
      policy: policyDocument([
        {
          Sid: "WriteThisLogGroup",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [`${this.logGroupArn}:*`],
        },
      ]),
    });
  }
}

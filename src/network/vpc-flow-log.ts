import { Construct } from "constructs";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LogRetentionDays } from "../core/aws-facts";
import { accountIdOf } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { arnOf } from "../core/partition";
import { ServiceRole } from "../core/service-role";
import { EncryptedLogGroup } from "../core/log-group";
import { EncryptionKeyRef } from "../core/encryption-key-ref";

/** Properties of a {@link VpcFlowLog}. */
export interface VpcFlowLogProps {
  /** Project and environment, for the log group and role names. */
  readonly naming: NamingContext;
  /** Region of the VPC (for the confused-deputy condition on the role's trust policy). */
  readonly region: string;
  /** The VPC whose traffic is logged. */
  readonly vpcId: string;
  /** The VPC's ARN: the account id is read from it, so no account lookup is needed. */
  readonly vpcArn: string;
  /** KMS key that encrypts the log group (its policy must admit CloudWatch Logs). */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Days CloudWatch Logs keeps flow records: one of CloudWatch Logs' allowed values.
   * @default 365
   */
  readonly logRetentionDays?: LogRetentionDays;
}

/**
 * A flow log of ALL traffic of one VPC (accepted and rejected) into a KMS-encrypted
 * CloudWatch log group, delivered through a role that only `vpc-flow-logs.amazonaws.com`
 * of this account can assume and that can write only to that log group (plus
 * `DescribeLogGroups`, which IAM cannot scope).
 */
export class VpcFlowLog extends Construct {
  /** @default 365: a year of network forensics, the CKV_AWS_338 bar. */
  static readonly DEFAULT_RETENTION_DAYS: LogRetentionDays = 365;

  /** The log group receiving the records. */
  public readonly logGroup: EncryptedLogGroup;
  /** The role the flow-logs service assumes to deliver. */
  public readonly role: ServiceRole;
  /** The role's only permissions: write to {@link logGroup}. */
  public readonly rolePolicy: IamRolePolicy;
  /** The flow log resource. */
  public readonly flowLog: FlowLog;
  /** Flow log id. */
  public readonly flowLogId: string;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    const logRetentionDays = props.logRetentionDays ?? VpcFlowLog.DEFAULT_RETENTION_DAYS;

    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: `/vpc/${physicalName(props.naming)}/flow-logs`,
      logRetentionDays,
      encryptionKey: props.encryptionKey,
    });

    // Confused deputy: the service may assume the role only on behalf of flow logs of
    // this account and region. The account comes from the VPC's own ARN.
    const account = accountIdOf(props.vpcArn);
    this.role = new ServiceRole(this, "role", {
      name: physicalName(props.naming, "vpc-flow-logs"),
      description: `Delivers the VPC flow log of ${physicalName(props.naming)} to its log group`,
      servicePrincipal: "vpc-flow-logs.amazonaws.com",
      trustConditions: {
        StringEquals: { "aws:SourceAccount": account },
        ArnLike: { "aws:SourceArn": arnOf(this, { service: "ec2", region: props.region, account, resource: "vpc-flow-log/*" }) },
      },
    });
    // What AWS lists for the delivery role, each action as narrow as IAM allows:
    // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
    // Not `logGroup.grantWrite`: delivery also describes streams and groups.
    // logs:CreateLogGroup is left out on purpose: the group exists (Terraform made it,
    // encrypted, with a retention), and if it were deleted the service must not recreate
    // it unencrypted and kept forever.
    this.rolePolicy = this.role.addPolicy("write-flow-logs", [
      {
        Sid: "WriteFlowLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [`${this.logGroup.logGroupArn}:*`],
      },
      {
        // DescribeLogGroups has no resource type in IAM ("Resource types: none"), so "*"
        // is the only form that works:
        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
        Sid: "FindFlowLogGroup",
        Effect: "Allow",
        Action: ["logs:DescribeLogGroups"],
        Resource: ["*"],
      },
    ]);

    this.flowLog = new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.logGroupArn,
      iamRoleArn: this.role.roleArn,
      tags: { Name: physicalName(props.naming, "vpc-flow-log") },
      // The first delivery fails if the role cannot write yet.
      dependsOn: [this.rolePolicy],
    });
    this.flowLogId = this.flowLog.id;
  }
}

import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { LogRetentionDays } from "../../src/core/aws-facts";
import { VpcFlowLog, VpcFlowLogProps } from "../../src/network/vpc-flow-log";
import { decodeJson } from "../support/json-document";
import { ref, resources } from "../support/synth";
import { synthJson, testStack } from "../support/test-stack";
import { KEY_ARN } from "./support";

describe("VpcFlowLog", () => {
  const build = (props: Partial<VpcFlowLogProps> = {}) => {
    const stack = testStack();
    const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
    const flowLog = new VpcFlowLog(stack, "flow", {
      naming: { project: "platform", envName: "staging" },
      region: "eu-west-1",
      vpcId: vpc.id,
      vpcArn: vpc.arn,
      encryptionKey: { keyArn: KEY_ARN },
      ...props,
    });
    return { stack, flowLog, json: synthJson(stack) };
  };

  it("logs ALL traffic of the VPC to the log group, through the role, after the role can write", () => {
    // GIVEN / WHEN a flow log for a VPC
    const { stack, flowLog } = build();
    // THEN it captures ALL traffic into its group, through its role, once the role's policy exists
    expect(Testing.synth(stack)).toHaveResourceWithProperties(FlowLog, {
      vpc_id: "${aws_vpc.vpc.id}",
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      log_destination: ref("aws_cloudwatch_log_group", flowLog.logGroup.logGroup.friendlyUniqueId, "arn"),
      iam_role_arn: ref("aws_iam_role", flowLog.role.role.friendlyUniqueId, "arn"),
      depends_on: [`aws_iam_role_policy.${flowLog.rolePolicy.friendlyUniqueId}`],
    });
  });

  it("writes to a KMS-encrypted log group with the configured retention", () => {
    // GIVEN / WHEN a flow log kept 90 days
    const { stack } = build({ logRetentionDays: 90 });
    // THEN its group is named for the environment, encrypted with the key, and kept 90 days
    expect(Testing.synth(stack)).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/vpc/platform-staging/flow-logs",
      retention_in_days: 90,
      kms_key_id: KEY_ARN,
    });
  });

  it("keeps a year of flow logs by default", () => {
    // GIVEN / WHEN a flow log without a retention
    const { stack, json } = build();
    // THEN its one log group keeps the default, a year
    expect(Object.keys(resources(json, "aws_cloudwatch_log_group"))).toHaveLength(1);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: VpcFlowLog.DEFAULT_RETENTION_DAYS });
    expect(VpcFlowLog.DEFAULT_RETENTION_DAYS).toBe(365);
  });

  it("lets only the flow-logs service of this account and region assume the role", () => {
    // GIVEN / WHEN a flow log
    const { json, flowLog } = build();
    // THEN its role trusts only the flow-logs service, for this account's and region's flow logs
    const trust = decodeJson(resources(json, "aws_iam_role")[flowLog.role.role.friendlyUniqueId].assume_role_policy);
    const account = '${element(split(":", aws_vpc.vpc.arn), 4)}';
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          ArnLike: { "aws:SourceArn": `arn:\${data.aws_partition.aws-partition.partition}:ec2:eu-west-1:${account}:vpc-flow-log/*` },
        },
      },
    ]);
  });

  it("lets the role only create streams, put events and describe streams in its own log group, and find log groups", () => {
    // GIVEN / WHEN a flow log
    const { json, flowLog } = build();
    // THEN its role has one inline policy, scoped to its own group, and no managed policy
    const roleName = ref("aws_iam_role", flowLog.role.role.friendlyUniqueId, "name");
    const policies = Object.values(resources(json, "aws_iam_role_policy")).filter((p) => p.role === roleName);
    expect(policies).toHaveLength(1);
    expect(decodeJson(policies[0].policy).Statement).toEqual([
      {
        Sid: "WriteFlowLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [`${ref("aws_cloudwatch_log_group", flowLog.logGroup.logGroup.friendlyUniqueId, "arn")}:*`],
      },
      // AWS lists DescribeLogGroups for the delivery role; IAM cannot scope it to a group
      { Sid: "FindFlowLogGroup", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: ["*"] },
    ]);
    expect(resources(json, "aws_iam_role_policy_attachment")).toEqual({});
    // AND it cannot create log groups: a deleted group must not come back unencrypted and unbounded
    expect(JSON.stringify(policies[0].policy)).not.toContain("logs:CreateLogGroup");
  });

  it("rejects a retention CloudWatch Logs does not offer", () => {
    // GIVEN 100 days / WHEN building / THEN the log group construct names the prop and the value
    expect(() => build({ logRetentionDays: 100 as LogRetentionDays })).toThrow(
      /test\/flow\/logs: logRetentionDays must be one of the CloudWatch Logs retention values: 1, 3, 5, .*, got 100/,
    );
  });
});

import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { TerraformOutput, Testing } from "cdktf";
import { EcsCluster as AwsEcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LogRetentionDays } from "../../src/core/aws-facts";
import { fargateCapacityStrategy } from "../../src/compute/capacity-strategy";
import { EcsCluster, EcsClusterProps } from "../../src/compute/ecs-cluster";
import { refOf, resourceOf, resources, TfJson } from "../support/synth";
import { synthJson, testStack } from "../support/test-stack";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { KMS_KEY_ARN } from "./fixtures";

describe("EcsCluster", () => {
  const build = (props: Partial<EcsClusterProps> = {}) => {
    const stack = testStack();
    const cluster = new EcsCluster(stack, "cluster", {
      naming: { project: "platform", envName: "dev" },
      region: "eu-west-1",
      encryptionKey: { keyArn: KMS_KEY_ARN },
      logRetentionDays: 30,
      ...props,
    });
    return { stack, cluster, json: synthJson(stack) };
  };
  const clusterOf = (json: TfJson, cluster: EcsCluster) => resourceOf(json, cluster.cluster);

  it("names the cluster <project>-<env> and turns Container Insights on", () => {
    // GIVEN / WHEN a cluster with the defaults
    const { stack } = build();
    // THEN its one cluster is named for the env, with Container Insights
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AwsEcsCluster, {
      name: "platform-dev",
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
  });

  it("uses enhanced Container Insights when asked (prod)", () => {
    // GIVEN / WHEN a cluster asking for enhanced insights
    const { stack } = build({ containerInsights: "enhanced" });
    // THEN the setting says so
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AwsEcsCluster, { setting: [{ name: "containerInsights", value: "enhanced" }] });
  });

  it("associates FARGATE and FARGATE_SPOT with an on-demand default strategy", () => {
    // GIVEN / WHEN a cluster with the defaults
    const { stack, cluster } = build();
    // THEN both providers are associated with the cluster (by reference), on-demand by default
    expect(Testing.synth(stack)).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      cluster_name: refOf(cluster.cluster, "name"),
      capacity_providers: ["FARGATE", "FARGATE_SPOT"],
      default_capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1 }],
    });
    expect(cluster.preferSpot).toBe(false);
  });

  it("prefers Spot with an on-demand base when preferSpot is set", () => {
    // GIVEN / WHEN a cluster preferring Spot
    const { stack, cluster } = build({ preferSpot: true });
    // THEN its default strategy keeps one on-demand task and weights Spot 4:1
    expect(Testing.synth(stack)).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      cluster_name: refOf(cluster.cluster, "name"),
      default_capacity_provider_strategy: [
        { capacity_provider: "FARGATE", base: 1, weight: 1 },
        { capacity_provider: "FARGATE_SPOT", weight: 4 },
      ],
    });
  });

  it("has no exec configuration, exec log group or exec permissions when exec is off", () => {
    // GIVEN / WHEN a cluster without exec
    const { cluster, json } = build();
    // THEN no exec configuration, log group or statements
    expect(clusterOf(json, cluster).configuration).toBeUndefined();
    expect(resources(json, "aws_cloudwatch_log_group")).toEqual({});
    expect(cluster.executeCommandEnabled).toBe(false);
    expect(cluster.executeCommandStatements()).toEqual([]);
  });

  it("encrypts and logs exec sessions (logging OVERRIDE, never NONE) to an encrypted log group", () => {
    // GIVEN / WHEN a cluster with exec enabled
    const { cluster, json } = build({ enableExecuteCommand: true });
    // THEN the cluster's exec configuration names the key and the exec log group by reference
    const group = cluster.execLogGroup!.logGroup.friendlyUniqueId;
    expect(clusterOf(json, cluster).configuration).toEqual({
      execute_command_configuration: {
        kms_key_id: KMS_KEY_ARN,
        logging: "OVERRIDE",
        log_configuration: {
          cloud_watch_log_group_name: `\${aws_cloudwatch_log_group.${group}.name}`,
          cloud_watch_encryption_enabled: true,
        },
      },
    });
    // AND the group is KMS-encrypted with the env's retention, outside /ecs/<cluster>/ (no clash with a service)
    expect(Object.keys(resources(json, "aws_cloudwatch_log_group"))).toEqual([group]);
    expect(JSON.stringify(json)).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/ecs-exec/platform-dev",
      retention_in_days: 30,
      kms_key_id: KMS_KEY_ARN,
    });
  });

  it("gives exec statements: channels on * (unscopable), decrypt on the key, writes to the exec group only", () => {
    // GIVEN / WHEN a cluster with exec and an output of its exec statements
    const { stack, cluster } = build({ enableExecuteCommand: true });
    new TerraformOutput(stack, "statements", { value: JSON.stringify(cluster.executeCommandStatements()) });
    const json = synthJson(stack);
    const statements = decodeJson(json.output.statements.value);
    const by = (sid: string) => statements.find((s: { Sid: string }) => s.Sid === sid);
    const arn = refOf(cluster.cluster, "arn");
    // THEN
    expect(by("EcsExecChannels")).toEqual({
      Sid: "EcsExecChannels",
      Effect: "Allow",
      Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
      Resource: ["*"],
    });
    expect(by("EcsExecSessionKey").Resource).toEqual([KMS_KEY_ARN]);
    expect(by("EcsExecFindLogGroup").Resource).toEqual([`arn:${PARTITION}:logs:eu-west-1:\${element(split(":", ${arn.slice(2, -1)}), 4)}:log-group:*`]);
    expect(by("EcsExecWriteSessionLogs")).toMatchObject({
      Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      Resource: [`${refOf(cluster.execLogGroup!.logGroup, "arn")}:*`],
    });
    // AND only the channels use "*"
    expect(statements.filter((s: { Resource: string[] }) => s.Resource.includes("*")).map((s: { Sid: string }) => s.Sid)).toEqual(["EcsExecChannels"]);
  });

  it("derives the account id from its own ARN (no data source)", () => {
    // GIVEN a cluster WHEN its account id feeds an output
    const { stack, cluster } = build();
    new TerraformOutput(stack, "account", { value: cluster.accountId });
    const json = synthJson(stack);
    // THEN the id is split from the cluster ARN, with no data source
    expect(json.output.account.value).toBe(`\${element(split(":", aws_ecs_cluster.${cluster.cluster.friendlyUniqueId}.arn), 4)}`);
    expect(json.data).toBeUndefined();
  });

  it("rejects an unknown Container Insights level", () => {
    // GIVEN an unknown Container Insights level, WHEN built, THEN it throws
    expect(() => build({ containerInsights: "disabled" as never })).toThrow(/cluster: containerInsights must be "enabled" or "enhanced", got "disabled"/);
  });

  it("rejects an exec log retention CloudWatch does not accept (a caller without the LogRetentionDays type)", () => {
    // GIVEN an exec log retention CloudWatch does not accept (a caller without the LogRetentionDays type), WHEN built, THEN it throws
    expect(() => build({ enableExecuteCommand: true, logRetentionDays: 10 as LogRetentionDays })).toThrow(
      /cluster\/.*: logRetentionDays must be one of the CloudWatch Logs retention values: 1, 3, 5, .* got 10/,
    );
  });
});

describe("fargateCapacityStrategy", () => {
  it("keeps one on-demand task and puts four of five on Spot when preferring Spot", () => {
    // GIVEN / WHEN the strategy for preferring Spot
    // THEN one on-demand base, Spot weighted 4:1
    expect(fargateCapacityStrategy(true)).toEqual([
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 4 },
    ]);
  });
  it("runs everything on FARGATE otherwise", () => {
    // GIVEN / WHEN the strategy without Spot, THEN only FARGATE
    expect(fargateCapacityStrategy(false)).toEqual([{ capacityProvider: "FARGATE", weight: 1 }]);
  });
});

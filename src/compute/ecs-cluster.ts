import { Construct } from "constructs";
import { EcsCluster as EcsClusterResource } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { LogRetentionDays } from "../core/aws-facts";
import { accountIdOf, PolicyStatement } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { arnOf } from "../core/partition";
import { EncryptedLogGroup } from "../core/log-group";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { CapacityProviderStrategyItem, fargateCapacityStrategy } from "./capacity-strategy";

/** Properties of an {@link EcsCluster}. */
export interface EcsClusterProps {
  /** Project and environment: the cluster is `<project>-<env>`. */
  readonly naming: NamingContext;
  /** Region of the stack, for the ARNs in the ECS Exec policy. */
  readonly region: string;
  /**
   * Container Insights level (`enhanced` adds per-container metrics).
   * @default "enabled"
   */
  readonly containerInsights?: "enabled" | "enhanced";
  /**
   * Prefer FARGATE_SPOT in the default capacity provider strategy.
   * @default false
   */
  readonly preferSpot?: boolean;
  /**
   * Allow ECS Exec sessions; sessions are then encrypted with `encryptionKey` and logged
   * to an encrypted log group.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /** KMS key for the exec session channel and the exec log group. */
  readonly encryptionKey: EncryptionKeyRef;
  /** Days the exec session log group keeps sessions. */
  readonly logRetentionDays: LogRetentionDays;
}

/**
 * The environment's ECS cluster, `<project>-<env>`: Container Insights on, the
 * FARGATE and FARGATE_SPOT capacity providers with the environment's default
 * strategy, and — when ECS Exec is allowed — session encryption and logging
 * (never `logging = NONE`).
 */
export class EcsCluster extends Construct {
  /** @default "enabled" */
  static readonly DEFAULT_CONTAINER_INSIGHTS = "enabled";

  /** The Fargate providers every cluster has. */
  static readonly FARGATE_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;

  /** The cluster resource. */
  public readonly cluster: EcsClusterResource;
  /** The capacity providers association (services using a strategy depend on it). */
  public readonly capacityProviders: EcsClusterCapacityProviders;
  /** `<project>-<env>`. */
  public readonly clusterName: string;
  public readonly clusterArn: string;
  /** Account id taken from the cluster ARN (no data source). */
  public readonly accountId: string;
  /** The default capacity provider strategy; services use the same by default. */
  public readonly defaultStrategy: readonly CapacityProviderStrategyItem[];
  /** Whether the default strategy prefers Spot. */
  public readonly preferSpot: boolean;
  /** Whether ECS Exec is configured (encryption + logging) on this cluster. */
  public readonly executeCommandEnabled: boolean;
  /** Where exec sessions are logged, when exec is enabled. */
  public readonly execLogGroup?: EncryptedLogGroup;
  /** The key that encrypts exec sessions and logs. */
  public readonly encryptionKey: EncryptionKeyRef;

  private readonly region: string;
  private readonly extraCapacityProviders: string[] = [];

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    const insights = props.containerInsights ?? EcsCluster.DEFAULT_CONTAINER_INSIGHTS;
    if (insights !== "enabled" && insights !== "enhanced") {
      throw new Error(`${this.node.path}: containerInsights must be "enabled" or "enhanced", got "${insights}"`);
    }
    const exec = props.enableExecuteCommand ?? false;
    this.preferSpot = props.preferSpot ?? false;
    this.executeCommandEnabled = exec;
    this.encryptionKey = props.encryptionKey;
    this.region = props.region;
    this.defaultStrategy = fargateCapacityStrategy(this.preferSpot);
    const name = physicalName(props.naming);

    if (exec) {
      // Not under /ecs/<project>-<env>/…: a service called "exec" must not collide.
      this.execLogGroup = new EncryptedLogGroup(this, "exec-logs", {
        name: `/ecs-exec/${name}`,
        logRetentionDays: props.logRetentionDays,
        encryptionKey: props.encryptionKey,
      });
    }
    this.cluster = new EcsClusterResource(this, "cluster", {
      name,
      setting: [{ name: "containerInsights", value: insights }],
      configuration: this.execLogGroup
        ? {
            executeCommandConfiguration: {
              kmsKeyId: props.encryptionKey.keyArn,
              logging: "OVERRIDE",
              logConfiguration: {
                cloudWatchLogGroupName: this.execLogGroup.logGroupName,
                cloudWatchEncryptionEnabled: true,
              },
            },
          }
        : undefined,
    });
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;
    this.accountId = accountIdOf(this.cluster.arn);
    this.capacityProviders = new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: this.cluster.name,
      capacityProviders: [...EcsCluster.FARGATE_PROVIDERS],
      defaultCapacityProviderStrategy: this.defaultStrategy.map((s) => ({ ...s })),
    });
  }

  /**
   * Associates another capacity provider (an `Ec2Capacity`) with the cluster, next to
   * FARGATE and FARGATE_SPOT; the default strategy stays as it is.
   */
  addCapacityProvider(provider: { readonly capacityProviderName: string }): void {
    this.extraCapacityProviders.push(provider.capacityProviderName);
    this.capacityProviders.capacityProviders = [...EcsCluster.FARGATE_PROVIDERS, ...this.extraCapacityProviders];
  }

  /**
   * What a task role needs for ECS Exec on this cluster: the SSM message channels
   * (`ssmmessages:*Channel` cannot be scoped to a resource), and — because sessions
   * are encrypted and logged — decrypt with the cluster's key and write to its exec
   * log group only. Empty when exec is not enabled on the cluster.
   */
  executeCommandStatements(): PolicyStatement[] {
    if (!this.executeCommandEnabled || !this.execLogGroup) return [];
    return [
      {
        Sid: "EcsExecChannels",
        Effect: "Allow",
        Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
        Resource: ["*"],
      },
      { Sid: "EcsExecSessionKey", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [this.encryptionKey.keyArn] },
      {
        // The SSM agent looks the group up before writing to it.
        Sid: "EcsExecFindLogGroup",
        Effect: "Allow",
        Action: ["logs:DescribeLogGroups"],
        Resource: [arnOf(this, { service: "logs", region: this.region, account: this.accountId, resource: "log-group:*" })],
      },
      {
        Sid: "EcsExecWriteSessionLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [`${this.execLogGroup.logGroupArn}:*`],
      },
    ];
  }
}

import { Construct } from "constructs";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";

/** Properties of a {@link ServiceAutoscaling}. */
export interface ServiceAutoscalingProps {
  /** Cluster name (an attribute reference, so the target waits for the cluster). */
  readonly clusterName: string;
  /** ECS service name (an attribute reference, so the target waits for the service). */
  readonly serviceName: string;
  /** Prefix of the policy names, e.g. `<project>-<env>-<service>`. */
  readonly policyNamePrefix: string;
  /** Fewest tasks. */
  readonly minCapacity: number;
  /** Most tasks. */
  readonly maxCapacity: number;
  /** Average CPU utilization to hold, percent (10–95). */
  readonly cpuTargetPercent: number;
  /** Average memory utilization to hold, percent (10–95). */
  readonly memoryTargetPercent: number;
  /**
   * Seconds after a scale-in before another: slow, so a brief dip does not drop capacity.
   * @default 300
   */
  readonly scaleInCooldownSeconds?: number;
  /**
   * Seconds after a scale-out before another: fast, to follow load.
   * @default 60
   */
  readonly scaleOutCooldownSeconds?: number;
}

/**
 * Target tracking on an ECS service's desired count: one policy holds average CPU,
 * one holds average memory; Application Auto Scaling scales out when either is
 * above its target and in only when both allow it.
 */
export class ServiceAutoscaling extends Construct {
  /** @default 300 */
  static readonly DEFAULT_SCALE_IN_COOLDOWN_SECONDS = 300;
  /** @default 60 */
  static readonly DEFAULT_SCALE_OUT_COOLDOWN_SECONDS = 60;

  /** The scalable target. */
  public readonly target: AppautoscalingTarget;
  /** Tracks ECSServiceAverageCPUUtilization. */
  public readonly cpuPolicy: AppautoscalingPolicy;
  /** Tracks ECSServiceAverageMemoryUtilization. */
  public readonly memoryPolicy: AppautoscalingPolicy;

  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    const scaleIn = props.scaleInCooldownSeconds ?? ServiceAutoscaling.DEFAULT_SCALE_IN_COOLDOWN_SECONDS;
    const scaleOut = props.scaleOutCooldownSeconds ?? ServiceAutoscaling.DEFAULT_SCALE_OUT_COOLDOWN_SECONDS;
    ServiceAutoscaling.validate(this.node.path, props, scaleIn, scaleOut);

    this.target = new AppautoscalingTarget(this, "target", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    const policy = (key: string, metric: string, target: number) =>
      new AppautoscalingPolicy(this, key, {
        name: `${props.policyNamePrefix}-${key}`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: this.target.serviceNamespace,
        scalableDimension: this.target.scalableDimension,
        resourceId: this.target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: metric },
          targetValue: target,
          scaleInCooldown: scaleIn,
          scaleOutCooldown: scaleOut,
        },
      });
    this.cpuPolicy = policy("cpu", "ECSServiceAverageCPUUtilization", props.cpuTargetPercent);
    this.memoryPolicy = policy("memory", "ECSServiceAverageMemoryUtilization", props.memoryTargetPercent);
  }

  private static validate(path: string, props: ServiceAutoscalingProps, scaleIn: number, scaleOut: number): void {
    if (!Number.isInteger(props.minCapacity) || props.minCapacity < 0) {
      throw new Error(`${path}: minCapacity must be an integer ≥ 0, got ${props.minCapacity}`);
    }
    if (!Number.isInteger(props.maxCapacity) || props.maxCapacity < 1) {
      throw new Error(`${path}: maxCapacity must be an integer ≥ 1, got ${props.maxCapacity}`);
    }
    if (props.minCapacity > props.maxCapacity) {
      throw new Error(`${path}: minCapacity (${props.minCapacity}) must be ≤ maxCapacity (${props.maxCapacity})`);
    }
    for (const [prop, value] of [
      ["cpuTargetPercent", props.cpuTargetPercent],
      ["memoryTargetPercent", props.memoryTargetPercent],
    ] as const) {
      if (!(value >= 10 && value <= 95)) {
        throw new Error(`${path}: ${prop} must be 10–95 (percent), got ${value}`);
      }
    }
    for (const [prop, value] of [
      ["scaleInCooldownSeconds", scaleIn],
      ["scaleOutCooldownSeconds", scaleOut],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value > 3600) {
        throw new Error(`${path}: ${prop} must be an integer 0–3600, got ${value}`);
      }
    }
  }
}

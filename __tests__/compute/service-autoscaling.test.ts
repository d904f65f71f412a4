import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { Testing } from "cdktf";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { ServiceAutoscaling, ServiceAutoscalingProps } from "../../src/compute/service-autoscaling";
import { refOf, resourceOf, resources } from "../support/synth";
import { synthJson, testStack } from "../support/test-stack";

describe("ServiceAutoscaling", () => {
  const build = (props: Partial<ServiceAutoscalingProps> = {}) => {
    const stack = testStack();
    const scaling = new ServiceAutoscaling(stack, "autoscaling", {
      clusterName: "platform-prod",
      serviceName: "orders",
      policyNamePrefix: "platform-prod-orders",
      minCapacity: 2,
      maxCapacity: 10,
      cpuTargetPercent: 60,
      memoryTargetPercent: 75,
      ...props,
    });
    return { stack, scaling, json: synthJson(stack) };
  };

  it("targets the service's desired count with the given min/max", () => {
    // GIVEN / WHEN the defaults
    const { scaling, json } = build();
    // THEN the target scales the service's desired count 2–10
    expect(resourceOf(json, scaling.target)).toEqual({
      service_namespace: "ecs",
      scalable_dimension: "ecs:service:DesiredCount",
      resource_id: "service/platform-prod/orders",
      min_capacity: 2,
      max_capacity: 10,
    });
  });

  it("tracks average CPU and memory with the targets and cooldowns, on that target", () => {
    // GIVEN / WHEN the defaults
    const { scaling, json } = build();
    const policies = resources(json, "aws_appautoscaling_policy");
    const t = (attr: string) => refOf(scaling.target, attr);
    // THEN two target tracking policies referencing the target
    for (const [policy, metric, target, name] of [
      [scaling.cpuPolicy, "ECSServiceAverageCPUUtilization", 60, "platform-prod-orders-cpu"],
      [scaling.memoryPolicy, "ECSServiceAverageMemoryUtilization", 75, "platform-prod-orders-memory"],
    ] as const) {
      expect(policies[policy.friendlyUniqueId]).toEqual({
        name,
        policy_type: "TargetTrackingScaling",
        service_namespace: t("service_namespace"),
        scalable_dimension: t("scalable_dimension"),
        resource_id: t("resource_id"),
        target_tracking_scaling_policy_configuration: {
          predefined_metric_specification: { predefined_metric_type: metric },
          target_value: target,
          scale_in_cooldown: 300,
          scale_out_cooldown: 60,
        },
      });
    }
  });

  it("accepts custom cooldowns", () => {
    // GIVEN / WHEN custom cooldowns
    const { stack } = build({ scaleInCooldownSeconds: 600, scaleOutCooldownSeconds: 30 });
    // THEN the CPU policy uses them
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AppautoscalingPolicy, {
      name: "platform-prod-orders-cpu",
      target_tracking_scaling_policy_configuration: expect.objectContaining({ scale_in_cooldown: 600, scale_out_cooldown: 30 }),
    });
  });

  it("rejects min > max", () => {
    // GIVEN min > max, WHEN built, THEN it throws
    expect(() => build({ minCapacity: 5, maxCapacity: 2 })).toThrow(/autoscaling: minCapacity \(5\) must be ≤ maxCapacity \(2\)/);
  });
  it("rejects a negative min", () => {
    // GIVEN a negative min, WHEN built, THEN it throws
    expect(() => build({ minCapacity: -1 })).toThrow(/minCapacity must be an integer ≥ 0, got -1/);
  });
  it("rejects a max below 1", () => {
    // GIVEN a max below 1, WHEN built, THEN it throws
    expect(() => build({ minCapacity: 0, maxCapacity: 0 })).toThrow(/maxCapacity must be an integer ≥ 1, got 0/);
  });
  it("rejects a CPU target outside 10–95", () => {
    // GIVEN a CPU target outside 10–95, WHEN built, THEN it throws
    expect(() => build({ cpuTargetPercent: 99 })).toThrow(/cpuTargetPercent must be 10–95 \(percent\), got 99/);
  });
  it("rejects a memory target outside 10–95", () => {
    // GIVEN a memory target outside 10–95, WHEN built, THEN it throws
    expect(() => build({ memoryTargetPercent: 5 })).toThrow(/memoryTargetPercent must be 10–95 \(percent\), got 5/);
  });
  it("rejects a negative cooldown", () => {
    // GIVEN a negative cooldown, WHEN built, THEN it throws
    expect(() => build({ scaleInCooldownSeconds: -5 })).toThrow(/scaleInCooldownSeconds must be an integer 0–3600, got -5/);
  });
});

import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { TerraformVariable, Testing } from "cdktf";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { BlueGreenDeployment, BlueGreenDeploymentProps } from "../../src/compute/blue-green-deployment";
import { FAKE_ACCOUNT } from "../support/fake-arns";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { refOf, resourceOf, resources } from "../support/synth";
import { synthJson, testStack } from "../support/test-stack";

/** A Network Load Balancer listener ARN in the fake account. */
const LISTENER_ARN = `arn:aws:elasticloadbalancing:eu-west-1:${FAKE_ACCOUNT}:listener/net/platform-prod-api/0123456789abcdef/fedcba9876543210`;

describe("BlueGreenDeployment", () => {
  const build = (props: Partial<BlueGreenDeploymentProps> = {}) => {
    const stack = testStack();
    const deployment = new BlueGreenDeployment(stack, "blue-green", {
      naming: { project: "platform", envName: "prod" },
      serviceName: "orders",
      clusterName: "platform-prod",
      ecsServiceName: "orders",
      productionListenerArn: LISTENER_ARN,
      targetGroups: [{ name: "platform-prod-orders-blue" }, { name: "platform-prod-orders-green" }],
      ...props,
    });
    return { stack, deployment, json: synthJson(stack) };
  };

  it("creates an ECS CodeDeploy application named <project>-<env>-<service>", () => {
    // GIVEN / WHEN the defaults
    const { stack } = build();
    // THEN the application is for ECS, named after the service
    expect(Testing.synth(stack)).toHaveResourceWithProperties(CodedeployApp, { name: "platform-prod-orders", compute_platform: "ECS" });
  });

  it("deploys blue/green with traffic control, names both target groups and the production listener, and rolls back on failure", () => {
    // GIVEN / WHEN the defaults
    const { deployment, json } = build();
    // THEN the deployment group is the one the provider's ECS blue/green example shows
    expect(resourceOf(json, deployment.deploymentGroup)).toMatchObject({
      app_name: refOf(deployment.application, "name"),
      deployment_group_name: "platform-prod-orders",
      service_role_arn: refOf(deployment.serviceRole.role, "arn"),
      deployment_config_name: "CodeDeployDefault.ECSAllAtOnce",
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
      blue_green_deployment_config: {
        deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" },
        terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 5 },
      },
      ecs_service: { cluster_name: "platform-prod", service_name: "orders" },
      load_balancer_info: {
        target_group_pair_info: {
          prod_traffic_route: { listener_arns: [LISTENER_ARN] },
          target_group: [{ name: "platform-prod-orders-blue" }, { name: "platform-prod-orders-green" }],
        },
      },
      auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE"] },
    });
    // AND no alarm configuration without alarms
    expect(resourceOf(json, deployment.deploymentGroup).alarm_configuration).toBeUndefined();
  });

  it("waits for the managed policy attachment before creating the group", () => {
    // GIVEN / WHEN the defaults
    const { deployment, json } = build();
    const attachments = Object.keys(resources(json, "aws_iam_role_policy_attachment"));
    // THEN the group depends on the role's one attachment
    expect(attachments).toHaveLength(1);
    expect(resourceOf(json, deployment.deploymentGroup).depends_on).toEqual([`aws_iam_role_policy_attachment.${attachments[0]}`]);
  });

  it("takes the termination wait, deployment config and alarms, which also roll back", () => {
    // GIVEN a 60-minute wait, a canary config and two alarms
    const { deployment, json } = build({
      terminationWaitMinutes: 60,
      deploymentConfig: "CodeDeployDefault.ECSCanary10Percent5Minutes",
      alarmNames: ["5xx", "latency"],
    });
    // WHEN synthesized THEN the group has them, and alarms stop and roll back a deployment
    expect(resourceOf(json, deployment.deploymentGroup)).toMatchObject({
      deployment_config_name: "CodeDeployDefault.ECSCanary10Percent5Minutes",
      blue_green_deployment_config: { terminate_blue_instances_on_deployment_success: { termination_wait_time_in_minutes: 60 } },
      auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarm_configuration: { enabled: true, alarms: ["5xx", "latency"] },
    });
  });

  describe("service role", () => {
    it("trusts only CodeDeploy, on behalf of the listener's account", () => {
      // GIVEN / WHEN the defaults
      const { deployment, json } = build();
      const role = resourceOf(json, deployment.serviceRole.role);
      // THEN it is named after the service, and its trust policy names codedeploy with aws:SourceAccount
      expect(role.name).toBe("platform-prod-orders-codedeploy");
      expect(decodeJson(role.assume_role_policy).Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "codedeploy.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": FAKE_ACCOUNT } },
        },
      ]);
    });

    it("takes the account from a listener ARN reference at apply time, or from accountId", () => {
      // GIVEN a listener ARN only known at apply time
      const stack = testStack();
      const listenerArn = new TerraformVariable(stack, "listener_arn", { type: "string" }).stringValue;
      const deployment = new BlueGreenDeployment(stack, "blue-green", {
        naming: { project: "platform", envName: "prod" },
        serviceName: "orders",
        clusterName: "platform-prod",
        ecsServiceName: "orders",
        productionListenerArn: listenerArn,
        targetGroups: [{ name: "blue" }, { name: "green" }],
      });
      // WHEN synthesized THEN the condition reads the account from it
      const trust = JSON.stringify(decodeJson(resourceOf(synthJson(stack), deployment.serviceRole.role).assume_role_policy));
      expect(trust).toContain('element(split(\\":\\", var.listener_arn), 4)');
      // AND an explicit accountId wins
      const explicit = build({ accountId: "444455556666" });
      expect(decodeJson(resourceOf(explicit.json, explicit.deployment.serviceRole.role).assume_role_policy).Statement[0].Condition).toEqual({
        StringEquals: { "aws:SourceAccount": "444455556666" },
      });
    });

    it("attaches AWSCodeDeployRoleForECS through the stack's partition, as a separate resource", () => {
      // GIVEN / WHEN the defaults
      const { deployment, stack, json } = build();
      // THEN the attachment names the managed policy with the partition reference, never arn:aws:
      expect(Testing.synth(stack)).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        role: refOf(deployment.serviceRole.role, "name"),
        policy_arn: `arn:${PARTITION}:iam::aws:policy/AWSCodeDeployRoleForECS`,
      });
      expect(resourceOf(json, deployment.serviceRole.role).managed_policy_arns).toBeUndefined();
    });
  });

  describe("validation", () => {
    it("rejects the same target group twice", () => {
      // GIVEN one name for blue and green / WHEN built / THEN it throws, naming the prop
      expect(() => build({ targetGroups: [{ name: "tg-a" }, { name: "tg-a" }] })).toThrow(
        /test\/blue-green: targetGroups must name two different target groups \(blue and green\), got \["tg-a","tg-a"\]/,
      );
    });

    it("rejects a target group name ELB would refuse", () => {
      // GIVEN a 33-character name, then one ending in '-' / WHEN built / THEN each throws
      expect(() => build({ targetGroups: [{ name: "a".repeat(33) }, { name: "green" }] })).toThrow(/targetGroups\[0\]\.name must be a target group name/);
      expect(() => build({ targetGroups: [{ name: "blue" }, { name: "green-" }] })).toThrow(/targetGroups\[1\]\.name must be a target group name/);
    });

    it.each([-1, 2881, 1.5])("rejects terminationWaitMinutes %p (0–2880)", (minutes) => {
      // GIVEN a wait outside CodeDeploy's range / WHEN built / THEN it throws, naming prop, range and value
      expect(() => build({ terminationWaitMinutes: minutes })).toThrow(
        new RegExp(`terminationWaitMinutes must be an integer 0–2880 \\(minutes\\), got ${String(minutes).replace(".", "\\.")}`),
      );
    });

    it("accepts the range's ends, 0 and 2880", () => {
      // GIVEN / WHEN the ends / THEN no error
      expect(() => build({ terminationWaitMinutes: 0 })).not.toThrow();
      expect(() => build({ terminationWaitMinutes: 2880 })).not.toThrow();
    });

    it("rejects a predefined config of another compute platform", () => {
      // GIVEN an EC2 config / WHEN built / THEN it throws
      expect(() => build({ deploymentConfig: "CodeDeployDefault.OneAtATime" })).toThrow(/deploymentConfig must be an ECS deployment config/);
      // AND a custom config name passes
      expect(() => build({ deploymentConfig: "platform-linear-20" })).not.toThrow();
    });

    it("rejects a listener ARN that is not a load balancer listener", () => {
      // GIVEN a target group ARN where the listener belongs / WHEN built / THEN it throws
      const tgArn = `arn:aws:elasticloadbalancing:eu-west-1:${FAKE_ACCOUNT}:targetgroup/blue/0123456789abcdef`;
      expect(() => build({ productionListenerArn: tgArn })).toThrow(/productionListenerArn must be a load balancer listener ARN/);
    });

    it("rejects more than 10 alarms, and an alarm twice", () => {
      // GIVEN 11 alarms, then a repeated one / WHEN built / THEN each throws
      expect(() => build({ alarmNames: Array.from({ length: 11 }, (_, i) => `a${i}`) })).toThrow(/alarmNames must list at most 10 alarms/);
      expect(() => build({ alarmNames: ["a", "a"] })).toThrow(/alarmNames must list each alarm once, got \["a"\]/);
    });

    it("rejects a service name that is not a DNS label", () => {
      // GIVEN an uppercase name / WHEN built / THEN it throws
      expect(() => build({ serviceName: "Orders" })).toThrow(/serviceName must be a lowercase DNS label/);
    });

    it("rejects a service name whose role name would pass IAM's 64 characters", () => {
      // GIVEN a name that leaves no room for -codedeploy / WHEN built / THEN the role refuses it
      expect(() => build({ serviceName: "o".repeat(50) })).toThrow(/name must be at most 64 characters/);
    });
  });
});

import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { Testing } from "cdktf";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Ec2Capacity, Ec2CapacityProps } from "../../src/compute/ec2-capacity";
import { EcsCluster } from "../../src/compute/ecs-cluster";
import { refOf, resourceOf, resources, TfJson } from "../support/synth";
import { fakeNetwork, synthJson, testStack } from "../support/test-stack";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { KMS_KEY_ARN, NAMING } from "./fixtures";

/** The script inside `${base64encode("…")}`, as Terraform would encode it (a literal cluster name). */
function userDataScript(value: string): string {
  const m = /^\$\{base64encode\((".*")\)\}$/s.exec(value);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]);
}

describe("Ec2Capacity", () => {
  const build = (props: Partial<Ec2CapacityProps> = {}) => {
    const stack = testStack();
    const network = fakeNetwork(stack);
    const capacity = new Ec2Capacity(stack, "ec2", {
      naming: NAMING,
      network,
      cluster: { clusterName: "platform-prod" },
      encryptionKey: { keyArn: KMS_KEY_ARN },
      instanceTypes: ["m7g.large", "m6g.large"],
      minSize: 1,
      maxSize: 4,
      ...props,
    });
    const json = synthJson(stack);
    return { stack, network, capacity, json, synth: () => Testing.synth(stack) };
  };
  const asgOf = (json: TfJson, c: Ec2Capacity) => resourceOf(json, c.autoScalingGroup);
  const templateOf = (json: TfJson, c: Ec2Capacity) => resourceOf(json, c.launchTemplate);

  it("launches the arm64 ECS-optimized AL2023 AMI for Graviton types, through its SSM parameter", () => {
    // GIVEN / WHEN Graviton types
    const { capacity, json } = build();
    // THEN the arm64 parameter, resolved by EC2 (no data source)
    expect(capacity.architecture).toBe("arm64");
    expect(templateOf(json, capacity).image_id).toBe("resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id");
    expect(json.data?.aws_ssm_parameter).toBeUndefined();
  });

  it("launches the x86_64 AMI for Intel and AMD types", () => {
    // GIVEN / WHEN x86 types
    const { capacity, json } = build({ instanceTypes: ["m7i.large", "m6a.large"] });
    // THEN the x86_64 parameter
    expect(capacity.architecture).toBe("x86_64");
    expect(templateOf(json, capacity).image_id).toBe("resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
  });

  it("requires IMDSv2 with hop limit 1, encrypts a gp3 root volume with the key, and gives no public IP", () => {
    // GIVEN / WHEN the defaults
    const { capacity, synth, json } = build();
    // THEN the launch template says so
    expect(synth()).toHaveResourceWithProperties(LaunchTemplate, {
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 },
      block_device_mappings: [
        {
          device_name: "/dev/xvda",
          ebs: { volume_type: "gp3", volume_size: 30, encrypted: "true", kms_key_id: KMS_KEY_ARN, delete_on_termination: "true" },
        },
      ],
      network_interfaces: [
        { device_index: 0, associate_public_ip_address: "false", delete_on_termination: "true", security_groups: [refOf(capacity.securityGroup, "id")] },
      ],
      iam_instance_profile: { arn: refOf(capacity.instanceProfile, "arn") },
      monitoring: { enabled: true },
    });
    // AND no SSH key, no second place for groups, and instances and volumes are tagged
    const lt = templateOf(json, capacity);
    expect(lt.key_name).toBeUndefined();
    expect(lt.vpc_security_group_ids).toBeUndefined();
    expect(lt.tag_specifications.map((t: TfJson) => t.resource_type)).toEqual(["instance", "volume"]);
  });

  it("sizes the root volume from rootVolumeGiB", () => {
    // GIVEN / WHEN a 100 GiB root volume, THEN the mapping says 100
    const { capacity, json } = build({ rootVolumeGiB: 100 });
    expect(templateOf(json, capacity).block_device_mappings[0].ebs.volume_size).toBe(100);
  });

  it("joins the cluster with Spot draining and awsvpc IMDS blocking in its user data", () => {
    // GIVEN / WHEN a capacity for platform-prod
    const { capacity, json } = build();
    // THEN the decoded script appends exactly these agent settings
    expect(userDataScript(templateOf(json, capacity).user_data)).toBe(
      [
        "#!/bin/bash",
        "cat >> /etc/ecs/ecs.config <<'EOF'",
        "ECS_CLUSTER=platform-prod",
        "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true",
        "ECS_AWSVPC_BLOCK_IMDS=true",
        "EOF",
        "",
      ].join("\n"),
    );
  });

  it("takes the cluster name by reference when it is a token", () => {
    // GIVEN a real cluster WHEN its name is passed
    const stack = testStack();
    const cluster = new EcsCluster(stack, "cluster", { naming: NAMING, region: "eu-west-1", encryptionKey: { keyArn: KMS_KEY_ARN }, logRetentionDays: 30 });
    const capacity = new Ec2Capacity(stack, "ec2", {
      naming: NAMING,
      network: fakeNetwork(stack),
      cluster,
      encryptionKey: { keyArn: KMS_KEY_ARN },
      instanceTypes: ["c7g.large"],
      minSize: 0,
      maxSize: 2,
    });
    cluster.addCapacityProvider(capacity);
    const json = synthJson(stack);
    // THEN the user data interpolates the cluster's name
    expect(resourceOf(json, capacity.launchTemplate).user_data).toContain(`ECS_CLUSTER=${refOf(cluster.cluster, "name")}`);
    // AND the cluster associates the provider next to Fargate's
    expect(Testing.synth(stack)).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      capacity_providers: ["FARGATE", "FARGATE_SPOT", refOf(capacity.capacityProvider, "name")],
    });
  });

  it("gives the instance role exactly the ECS agent and SSM managed policies, with the partition", () => {
    // GIVEN / WHEN the defaults
    const { capacity, json, synth } = build();
    // THEN two attachments, partition-aware, and no inline policy
    const arns = Object.values(resources(json, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn);
    expect(arns.sort()).toEqual(
      [
        `arn:${PARTITION}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role`,
        `arn:${PARTITION}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
      ].sort(),
    );
    expect(resources(json, "aws_iam_role_policy")).toEqual({});
    // AND EC2 assumes the role, through a profile of the same name
    expect(decodeJson(resourceOf(json, capacity.instanceRole.role).assume_role_policy).Statement[0].Principal).toEqual({ Service: "ec2.amazonaws.com" });
    expect(resourceOf(json, capacity.instanceRole.role).name).toBe("platform-prod-ecs-instance");
    expect(synth()).toHaveResourceWithProperties(IamInstanceProfile, { name: "platform-prod-ecs-instance", role: refOf(capacity.instanceRole.role, "name") });
  });

  it("gives the instance group no ingress and only HTTPS egress", () => {
    // GIVEN / WHEN the defaults
    const { capacity, json } = build();
    const sg = refOf(capacity.securityGroup, "id");
    // THEN no ingress rule names the group, and its one egress rule is TCP 443
    expect(Object.values(resources(json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === sg)).toEqual([]);
    expect(resourceOf(json, capacity.securityGroup).ingress).toBeUndefined();
    const egress = Object.values(resources(json, "aws_vpc_security_group_egress_rule")).filter((r) => r.security_group_id === sg);
    expect(egress).toEqual([expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" })]);
  });

  it("runs a Spot group: private subnets, scale-in protection, capacity-optimized over every type, rebalancing, instance refresh", () => {
    // GIVEN / WHEN a Spot capacity with two types
    const { capacity, synth, json } = build({ spot: true });
    // THEN
    expect(synth()).toHaveResourceWithProperties(AutoscalingGroup, {
      vpc_zone_identifier: ["${aws_subnet.fake-private-0.id}", "${aws_subnet.fake-private-1.id}"],
      min_size: 1,
      max_size: 4,
      protect_from_scale_in: true,
      capacity_rebalance: true,
      instance_refresh: {
        strategy: "Rolling",
        preferences: { min_healthy_percentage: 90, max_healthy_percentage: 200, scale_in_protected_instances: "Refresh" },
      },
      max_instance_lifetime: 1209600,
      mixed_instances_policy: {
        instances_distribution: { on_demand_base_capacity: 0, on_demand_percentage_above_base_capacity: 0, spot_allocation_strategy: "capacity-optimized" },
        launch_template: {
          launch_template_specification: {
            launch_template_id: refOf(capacity.launchTemplate, "id"),
            version: refOf(capacity.launchTemplate, "latest_version"),
          },
          override: [{ instance_type: "m7g.large" }, { instance_type: "m6g.large" }],
        },
      },
      lifecycle: { ignore_changes: ["desired_capacity"] },
    });
    const asg = asgOf(json, capacity);
    expect(asg.launch_template).toBeUndefined();
    expect(asg.desired_capacity).toBeUndefined();
    expect(asg.tag).toContainEqual({ key: "AmazonECSManaged", value: "", propagate_at_launch: true });
  });

  it("uses every type on demand (prioritized) without Spot, and the launch template alone for one type", () => {
    // GIVEN two on-demand types WHEN built THEN a mixed policy with 100 % on-demand
    const two = build();
    const mixed = asgOf(two.json, two.capacity).mixed_instances_policy;
    expect(mixed.instances_distribution).toEqual({
      on_demand_base_capacity: 0,
      on_demand_percentage_above_base_capacity: 100,
      on_demand_allocation_strategy: "prioritized",
    });
    expect(asgOf(two.json, two.capacity).capacity_rebalance).toBeUndefined();
    // GIVEN one on-demand type WHEN built THEN the launch template directly, with that type
    const one = build({ instanceTypes: ["c7g.xlarge"] });
    const asg = asgOf(one.json, one.capacity);
    expect(asg.mixed_instances_policy).toBeUndefined();
    expect(asg.launch_template).toEqual({ id: refOf(one.capacity.launchTemplate, "id"), version: refOf(one.capacity.launchTemplate, "latest_version") });
    expect(templateOf(one.json, one.capacity).instance_type).toBe("c7g.xlarge");
  });

  it("creates the capacity provider with managed scaling, termination protection and draining", () => {
    // GIVEN / WHEN a target capacity of 80 %
    const { capacity, synth } = build({ targetCapacityPercent: 80 });
    // THEN
    expect(synth()).toHaveResourceWithProperties(EcsCapacityProvider, {
      name: "platform-prod-ec2",
      auto_scaling_group_provider: {
        auto_scaling_group_arn: refOf(capacity.autoScalingGroup, "arn"),
        managed_termination_protection: "ENABLED",
        managed_draining: "ENABLED",
        managed_scaling: { status: "ENABLED", target_capacity: 80, minimum_scaling_step_size: 1, maximum_scaling_step_size: 10 },
      },
    });
  });

  it("lets EC2 Auto Scaling's service-linked role use the key, once the group exists", () => {
    // GIVEN / WHEN the defaults
    const { capacity, json } = build();
    // THEN one grant on the key for the service-linked role of this account, after the group
    const grant = resourceOf(json, capacity.keyGrant);
    expect(grant).toMatchObject({
      key_id: KMS_KEY_ARN,
      grantee_principal: `arn:${PARTITION}:iam::\${element(split(":", "${KMS_KEY_ARN}"), 4)}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      operations: expect.arrayContaining(["Encrypt", "Decrypt", "GenerateDataKeyWithoutPlaintext", "CreateGrant"]),
      depends_on: [`aws_autoscaling_group.${capacity.autoScalingGroup.friendlyUniqueId}`],
    });
  });

  it("reports the smallest instance type and its size", () => {
    // GIVEN / WHEN an r and a c type, THEN the one with less memory
    const { capacity } = build({ instanceTypes: ["r7g.large", "c7g.xlarge"] });
    expect(capacity.smallestInstance).toEqual({ type: "c7g.xlarge", vcpu: 4, memoryMiB: 8192 });
  });

  describe("validation", () => {
    it.each<[string, Partial<Ec2CapacityProps>, RegExp]>([
      ["no instance type", { instanceTypes: [] }, /ec2: instanceTypes must name at least one instance type/],
      ["an unknown type", { instanceTypes: ["x9.large"] }, /ec2: instanceTypes: "x9.large" is not a known family/],
      ["an unknown size", { instanceTypes: ["m7g.huge"] }, /ec2: instanceTypes: "m7g.huge" has an unknown size/],
      ["a repeated type", { instanceTypes: ["m7g.large", "m7g.large"] }, /ec2: instanceTypes must not repeat a type, got "m7g.large" twice/],
      ["mixed architectures", { instanceTypes: ["m7g.large", "m7i.large"] }, /ec2: instanceTypes must all be one architecture .* got m7g.large, m7i.large/],
      ["minSize above maxSize", { minSize: 5, maxSize: 2 }, /ec2: minSize \(5\) must not be above maxSize \(2\)/],
      ["a negative minSize", { minSize: -1 }, /ec2: minSize must be an integer 0–1000, got -1/],
      ["a maxSize of 0", { minSize: 0, maxSize: 0 }, /ec2: maxSize must be an integer 1–1000, got 0/],
      ["a maxSize above 1000", { maxSize: 1001 }, /ec2: maxSize must be an integer 1–1000, got 1001/],
      ["a target capacity of 0", { targetCapacityPercent: 0 }, /ec2: targetCapacityPercent must be an integer 1–100, got 0/],
      ["a target capacity above 100", { targetCapacityPercent: 101 }, /ec2: targetCapacityPercent must be an integer 1–100, got 101/],
      ["a root volume under 30 GiB", { rootVolumeGiB: 20 }, /ec2: rootVolumeGiB must be an integer 30–16384 .* got 20/],
      ["a root volume above 16384 GiB", { rootVolumeGiB: 16385 }, /ec2: rootVolumeGiB must be an integer 30–16384 .* got 16385/],
      ["a project ECS reserves", { naming: { project: "ecsapp", envName: "prod" } }, /ec2: capacity provider name "ecsapp-prod-ec2" must not start with "ecs"/],
      [
        "a role name over 64 characters",
        { naming: { project: "p", envName: "an-environment-name-that-is-far-too-long-for-iam-role-names" } },
        /ec2: instance role name "p-an-environment.*-ecs-instance" is 74 characters; IAM allows 64/,
      ],
    ])("rejects %s", (_what, props, message) => {
      // GIVEN props breaking one rule, WHEN built, THEN it throws naming the prop
      expect(() => build(props)).toThrow(message);
    });
  });
});

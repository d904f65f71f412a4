import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { AutoscalingGroup, AutoscalingGroupMixedInstancesPolicy } from "@cdktf/provider-aws/lib/autoscaling-group";
import { EcsCapacityProvider } from "@cdktf/provider-aws/lib/ecs-capacity-provider";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { KmsGrant } from "@cdktf/provider-aws/lib/kms-grant";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { IAM_ROLE_NAME_MAX_LENGTH } from "../core/aws-facts";
import { architectureOf, capacityProviderNameProblem, InstanceTypeFacts, instanceTypeProblem, smallestInstanceType } from "../core/ec2-facts";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { accountIdOf } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { arnOf } from "../core/partition";
import { tierSecurityGroup } from "../core/security-group";
import { ServiceRole } from "../core/service-role";
import { NetworkRef } from "../network/network-ref";

/** Properties of an {@link Ec2Capacity}. */
export interface Ec2CapacityProps {
  /** Project and environment: names read `<project>-<env>-ec2`, `<project>-<env>-ecs-instance`. */
  readonly naming: NamingContext;
  /** Where the instances run: the private subnets. */
  readonly network: NetworkRef;
  /** The cluster the instances join (a token is fine). */
  readonly cluster: { readonly clusterName: string };
  /** Encrypts the instances' root volumes. */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Instance types, all of one architecture (one launch template has one AMI), e.g.
   * `["m7g.large", "m6g.large"]`. More than one spreads Spot (and on-demand) capacity.
   */
  readonly instanceTypes: readonly string[];
  /** Fewest instances (0–1000). */
  readonly minSize: number;
  /** Most instances (1–1000, at least `minSize`). */
  readonly maxSize: number;
  /**
   * Run Spot instances only (capacity-optimized across the types), with capacity rebalancing.
   * @default false
   */
  readonly spot?: boolean;
  /**
   * How full managed scaling keeps the instances, in percent of their capacity (1–100;
   * below 100 keeps spare room so tasks start without waiting for an instance).
   * @default 100
   */
  readonly targetCapacityPercent?: number;
  /**
   * Root volume size in GiB (30–16384: the ECS-optimized AL2023 AMI's snapshot is 30 GiB).
   * @default 30
   */
  readonly rootVolumeGiB?: number;
}

/** The smallest instance type of a capacity provider: what every task must fit. */
export interface SmallestInstance {
  readonly type: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
}

/**
 * The ECS-optimized Amazon Linux 2023 AMI, resolved by EC2 at launch from the public SSM
 * parameter (no data source, so plans stay offline; each launch or instance refresh
 * takes the current recommended image).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html
 */
export const ECS_AL2023_AMI: Readonly<Record<"x86_64" | "arm64", string>> = {
  x86_64: "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
  arm64: "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
};

/** The AWS managed policies of the instance role: the ECS agent, and SSM Session Manager (instead of SSH). */
export const ECS_INSTANCE_MANAGED_POLICIES = ["service-role/AmazonEC2ContainerServiceforEC2Role", "AmazonSSMManagedInstanceCore"] as const;

/**
 * What the Auto Scaling service-linked role must be able to do with a customer managed
 * key to launch instances with volumes encrypted by it.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
 */
const EBS_KEY_OPERATIONS = [
  "Encrypt",
  "Decrypt",
  "ReEncryptFrom",
  "ReEncryptTo",
  "GenerateDataKey",
  "GenerateDataKeyWithoutPlaintext",
  "DescribeKey",
  "CreateGrant",
];

/**
 * An EC2 capacity provider for an ECS cluster: an Auto Scaling group of ECS-optimized
 * AL2023 instances in the private subnets, which ECS scales (managed scaling) and drains
 * (managed termination protection and draining).
 *
 * Instances: IMDSv2 only with a hop limit of 1 and `ECS_AWSVPC_BLOCK_IMDS` (tasks, which
 * use awsvpc ENIs, cannot read the instance role's credentials), an encrypted gp3 root
 * volume with the environment's key, no public IP, no SSH key and no inbound rule (SSM
 * Session Manager instead), and a role with only the AWS managed policies for the ECS
 * agent and SSM. A changed launch template rolls through an instance refresh.
 *
 * Add `capacityProviderName` to the cluster's capacity providers (`EcsCluster.addCapacityProvider`).
 */
export class Ec2Capacity extends Construct {
  /** Instances are replaced after two weeks, picking up the latest ECS-optimized AMI. */
  static readonly MAX_INSTANCE_LIFETIME_SECONDS = 14 * 24 * 3600;

  /** @default 100 */
  static readonly DEFAULT_TARGET_CAPACITY_PERCENT = 100;
  /** @default 30 (the AMI's snapshot size: less fails at launch) */
  static readonly DEFAULT_ROOT_VOLUME_GIB = 30;
  static readonly MAX_ROOT_VOLUME_GIB = 16384;
  /** The platform's cap on one group's size. */
  static readonly MAX_SIZE = 1000;
  /** Managed scaling adds or removes at most this many instances at once. */
  static readonly MAXIMUM_SCALING_STEP_SIZE = 10;

  /** The ECS capacity provider. */
  public readonly capacityProvider: EcsCapacityProvider;
  /** `<project>-<env>-ec2`, for the cluster's capacity providers and services' strategies. */
  public readonly capacityProviderName: string;
  public readonly autoScalingGroup: AutoscalingGroup;
  public readonly launchTemplate: LaunchTemplate;
  /** The instances' role (`<project>-<env>-ecs-instance`). */
  public readonly instanceRole: ServiceRole;
  public readonly instanceProfile: IamInstanceProfile;
  /** The instances' group: no ingress, HTTPS egress only. Tasks have their own ENIs and groups. */
  public readonly securityGroup: SecurityGroup;
  /** Lets EC2 Auto Scaling encrypt the root volumes with the environment's key. */
  public readonly keyGrant: KmsGrant;
  public readonly architecture: "x86_64" | "arm64";
  /** The smallest instance type: every task placed on this provider must fit it. */
  public readonly smallestInstance: SmallestInstance;
  public readonly instanceTypes: readonly string[];

  constructor(scope: Construct, id: string, props: Ec2CapacityProps) {
    super(scope, id);
    const spot = props.spot ?? false;
    const target = props.targetCapacityPercent ?? Ec2Capacity.DEFAULT_TARGET_CAPACITY_PERCENT;
    const rootGiB = props.rootVolumeGiB ?? Ec2Capacity.DEFAULT_ROOT_VOLUME_GIB;
    const { smallest, architecture } = this.validate(props, target, rootGiB);
    this.architecture = architecture;
    this.smallestInstance = { type: smallest.type, vcpu: smallest.vcpu, memoryMiB: smallest.memoryMiB };
    this.instanceTypes = [...props.instanceTypes];

    const providerName = physicalName(props.naming, "ec2");
    const roleName = physicalName(props.naming, "ecs-instance");
    const groupName = physicalName(props.naming, "ecs-instances");

    this.instanceRole = new ServiceRole(this, "role", {
      name: roleName,
      description: `ECS container instances of ${physicalName(props.naming)}: the ECS agent and SSM Session Manager`,
      servicePrincipal: "ec2.amazonaws.com",
      managedPolicyArns: ECS_INSTANCE_MANAGED_POLICIES.map((p) => arnOf(this, { service: "iam", account: "aws", resource: `policy/${p}` })),
    });
    this.instanceProfile = new IamInstanceProfile(this, "profile", { name: roleName, role: this.instanceRole.roleName });

    this.securityGroup = tierSecurityGroup(this, "sg", {
      name: groupName,
      description: "ECS container instances: no ingress; HTTPS egress for the ECS agent, ECR and SSM",
      vpcId: props.network.vpcId,
    });
    new VpcSecurityGroupEgressRule(this, "egress-https", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS to the ECS, ECR and SSM APIs (VPC endpoints or the NAT)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });

    // Quoted 'EOF': the shell expands nothing; Terraform fills in the cluster name.
    const userData = [
      "#!/bin/bash",
      "cat >> /etc/ecs/ecs.config <<'EOF'",
      `ECS_CLUSTER=${props.cluster.clusterName}`,
      "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true",
      "ECS_AWSVPC_BLOCK_IMDS=true",
      "EOF",
      "",
    ].join("\n");
    const tags = { Name: groupName };
    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name: groupName,
      description: `ECS-optimized AL2023 (${architecture}) instances of ${physicalName(props.naming)}`,
      imageId: ECS_AL2023_AMI[architecture],
      instanceType: props.instanceTypes[0],
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: this.instanceProfile.arn },
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      monitoring: { enabled: true },
      // The group goes on the interface: vpc_security_group_ids cannot be set as well.
      networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [this.securityGroup.id] }],
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { volumeType: "gp3", volumeSize: rootGiB, encrypted: "true", kmsKeyId: props.encryptionKey.keyArn, deleteOnTermination: "true" },
        },
      ],
      userData: Fn.base64encode(userData),
      tagSpecifications: [
        { resourceType: "instance", tags },
        { resourceType: "volume", tags },
      ],
      tags,
    });

    const launchTemplateSpecification = {
      launchTemplateId: this.launchTemplate.id,
      // The version number, not "$Latest": a new version changes the group, which starts the refresh.
      version: Token.asString(this.launchTemplate.latestVersion),
    };
    const mixed: AutoscalingGroupMixedInstancesPolicy | undefined =
      spot || props.instanceTypes.length > 1
        ? {
            instancesDistribution: spot
              ? { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: "capacity-optimized" }
              : { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100, onDemandAllocationStrategy: "prioritized" },
            launchTemplate: { launchTemplateSpecification, override: props.instanceTypes.map((instanceType) => ({ instanceType })) },
          }
        : undefined;
    this.autoScalingGroup = new AutoscalingGroup(this, "asg", {
      name: groupName,
      vpcZoneIdentifier: props.network.privateSubnetIds,
      minSize: props.minSize,
      maxSize: props.maxSize,
      // Managed termination protection needs it: ECS lifts it on instances it empties.
      protectFromScaleIn: true,
      capacityRebalance: spot ? true : undefined,
      // Instances cannot launch before the key grant exists (it needs the group's service-linked role).
      waitForCapacityTimeout: "0",
      mixedInstancesPolicy: mixed,
      launchTemplate: mixed ? undefined : { id: launchTemplateSpecification.launchTemplateId, version: launchTemplateSpecification.version },
      // Every instance running tasks is protected from scale-in (managed termination
      // protection): a refresh must replace protected instances, or it waits an hour and
      // fails. ECS drains each one first (managed draining). A replacement launches before
      // the old instance goes (max 200 %), so a one-instance group keeps its tasks.
      // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RefreshPreferences.html
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-draining.html
      instanceRefresh: {
        strategy: "Rolling",
        preferences: { minHealthyPercentage: 90, maxHealthyPercentage: 200, scaleInProtectedInstances: "Refresh" },
      },
      // The AMI is resolved from SSM at each launch: a new ECS-optimized AMI reaches the
      // group only through new instances, so none lives longer than two weeks.
      maxInstanceLifetime: Ec2Capacity.MAX_INSTANCE_LIFETIME_SECONDS,
      // ECS adds this tag when the capacity provider is created; declaring it keeps Terraform from removing it.
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_capacity_provider
      tag: [
        { key: "AmazonECSManaged", value: "", propagateAtLaunch: true },
        { key: "Name", value: groupName, propagateAtLaunch: true },
      ],
      // Managed scaling owns the desired capacity.
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });

    // EC2 Auto Scaling launches through its service-linked role, which the key policy does
    // not name: a grant lets it use the key. The role exists once a group does.
    const account = accountIdOf(props.encryptionKey.keyArn);
    this.keyGrant = new KmsGrant(this, "key-grant", {
      name: groupName,
      keyId: props.encryptionKey.keyArn,
      granteePrincipal: arnOf(this, {
        service: "iam",
        account,
        resource: "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
      }),
      operations: EBS_KEY_OPERATIONS,
      dependsOn: [this.autoScalingGroup],
    });

    this.capacityProvider = new EcsCapacityProvider(this, "provider", {
      name: providerName,
      autoScalingGroupProvider: {
        autoScalingGroupArn: this.autoScalingGroup.arn,
        managedTerminationProtection: "ENABLED",
        managedDraining: "ENABLED",
        managedScaling: {
          status: "ENABLED",
          targetCapacity: target,
          minimumScalingStepSize: 1,
          maximumScalingStepSize: Ec2Capacity.MAXIMUM_SCALING_STEP_SIZE,
        },
      },
    });
    this.capacityProviderName = this.capacityProvider.name;
  }

  private validate(
    props: Ec2CapacityProps,
    target: number,
    rootGiB: number,
  ): { smallest: { type: string } & InstanceTypeFacts; architecture: "x86_64" | "arm64" } {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    const types = props.instanceTypes;
    if (types.length === 0) fail("instanceTypes must name at least one instance type");
    for (const type of types) {
      const problem = instanceTypeProblem(type);
      if (problem) fail(`instanceTypes: "${type}" ${problem}`);
    }
    const duplicate = types.find((t, i) => types.indexOf(t) !== i);
    if (duplicate) fail(`instanceTypes must not repeat a type, got "${duplicate}" twice`);
    const architecture = architectureOf(types);
    if (architecture === "mixed") fail(`instanceTypes must all be one architecture (one AMI per launch template), got ${types.join(", ")}`);
    const isCount = (n: number, min: number) => Token.isUnresolved(n) || (Number.isInteger(n) && n >= min && n <= Ec2Capacity.MAX_SIZE);
    if (!isCount(props.minSize, 0)) fail(`minSize must be an integer 0–${Ec2Capacity.MAX_SIZE}, got ${props.minSize}`);
    if (!isCount(props.maxSize, 1)) fail(`maxSize must be an integer 1–${Ec2Capacity.MAX_SIZE}, got ${props.maxSize}`);
    if (!Token.isUnresolved(props.minSize) && !Token.isUnresolved(props.maxSize) && props.minSize > props.maxSize) {
      fail(`minSize (${props.minSize}) must not be above maxSize (${props.maxSize})`);
    }
    if (!Token.isUnresolved(target) && !(Number.isInteger(target) && target >= 1 && target <= 100)) {
      fail(`targetCapacityPercent must be an integer 1–100, got ${target}`);
    }
    if (
      !Token.isUnresolved(rootGiB) &&
      !(Number.isInteger(rootGiB) && rootGiB >= Ec2Capacity.DEFAULT_ROOT_VOLUME_GIB && rootGiB <= Ec2Capacity.MAX_ROOT_VOLUME_GIB)
    ) {
      fail(
        `rootVolumeGiB must be an integer ${Ec2Capacity.DEFAULT_ROOT_VOLUME_GIB}–${Ec2Capacity.MAX_ROOT_VOLUME_GIB} (the ECS-optimized AL2023 AMI needs 30), got ${rootGiB}`,
      );
    }
    const providerName = physicalName(props.naming, "ec2");
    const reserved = capacityProviderNameProblem(providerName);
    if (reserved) fail(`capacity provider name "${providerName}" ${reserved}: choose another project name`);
    const roleName = physicalName(props.naming, "ecs-instance");
    if (roleName.length > IAM_ROLE_NAME_MAX_LENGTH) {
      fail(`instance role name "${roleName}" is ${roleName.length} characters; IAM allows ${IAM_ROLE_NAME_MAX_LENGTH}`);
    }
    return { smallest: smallestInstanceType(types)!, architecture: architecture as "x86_64" | "arm64" };
  }
}

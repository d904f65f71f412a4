import { block, blocks, TfResource } from "../tf";
import { StackRule } from "../types";
import { eachResource, shown, stackRule } from "./helpers";
import { trustsService } from "./iam";

const LAUNCH_TEMPLATE = "aws_launch_template";
const EC2 = "ec2.amazonaws.com";

/** Terraform takes these booleans as strings in launch templates ("true") and as booleans elsewhere. */
const isTrue = (v: unknown) => v === true || v === "true";

/** An AWS managed policy ARN (`arn:<partition>:iam::aws:policy/…`): AWS maintains it, not the platform. */
const isAwsManaged = (arn: string | undefined) => arn !== undefined && /^arn:[^:]+:iam::aws:policy\//.test(arn);

/** What a launch template's block device mappings leave unencrypted (none declared: the AMI's root volume, whatever the account default). */
function unencryptedDevices(lt: TfResource): string | undefined {
  const mappings = blocks(lt.values.block_device_mappings).filter((m) => m.no_device === undefined && m.virtual_name === undefined);
  if (mappings.length === 0) {
    return "declares no block_device_mappings: the root volume is the AMI's, encrypted only if the account encrypts EBS by default; map it with ebs { encrypted = true, kms_key_id = … }";
  }
  const bad = mappings.filter((m) => !isTrue(block(m.ebs).encrypted)).map((m) => shown(m.device_name));
  return bad.length > 0 ? `block device(s) ${bad.join(", ")} are not encrypted: set ebs { encrypted = true, kms_key_id = … }` : undefined;
}

/** Rules for EC2 container instances (issue 13): launch templates, their role, and ECS capacity providers. */
export const ec2Rules: StackRule[] = [
  stackRule({
    id: "ec2-imdsv2-required",
    title: "Launch templates require IMDSv2 (http_tokens = required)",
    refs: ["CKV_AWS_79", "EC2.8"],
    check: eachResource(LAUNCH_TEMPLATE, (lt) => {
      const tokens = block(lt.values.metadata_options).http_tokens;
      return (
        tokens !== "required" &&
        `metadata_options.http_tokens is ${shown(tokens)}: set "required", or anything that can make the instance send a request can read its role's credentials (IMDSv1)`
      );
    }),
  }),
  stackRule({
    id: "ec2-ebs-encrypted",
    title: "Launch templates encrypt every EBS volume",
    refs: ["CKV_AWS_8", "EC2.7"],
    check: eachResource(LAUNCH_TEMPLATE, (lt) => unencryptedDevices(lt)),
  }),
  stackRule({
    id: "ec2-no-public-ip",
    title: "Launch templates give instances no public IP",
    refs: ["CKV_AWS_88", "EC2.9"],
    check: eachResource(LAUNCH_TEMPLATE, (lt) => {
      const bad = blocks(lt.values.network_interfaces).filter((n) => isTrue(n.associate_public_ip_address));
      return bad.length > 0 && "network_interfaces.associate_public_ip_address is true: instances run in private subnets and leave through the NAT";
    }),
  }),
  stackRule({
    id: "ec2-instance-role-no-wildcards",
    title: 'Roles EC2 instances assume have no wildcard ("*") actions in the policies the platform writes',
    refs: ["CKV_AWS_290", "CKV_AWS_355", "IAM.21"],
    // AWS managed policies (the ECS agent's, SSM's) are AWS's to scope; inline and
    // customer managed policies are ours, and an instance role is shared by every task
    // that can reach the instance metadata, so it stays exact.
    check: (stack) =>
      stack
        .resources("aws_iam_role")
        .filter((role) => trustsService(stack, role, EC2))
        .flatMap((role) =>
          stack
            .rolePolicies(role)
            .filter((p) => !isAwsManaged(p.managedArn))
            .flatMap(({ address, statements }) =>
              (statements ?? [])
                .filter((s) => s.effect === "Allow")
                .flatMap((s) => {
                  const wild = [...s.actions.filter((a) => a.includes("*")), ...s.notActions.map((a) => `NotAction ${a}`)];
                  return wild.length > 0
                    ? [{ address, message: `role ${role.address} (assumed by EC2 instances) allows ${wild.map((a) => shown(a)).join(", ")}: name each action` }]
                    : [];
                }),
            ),
        ),
  }),
  stackRule({
    id: "ecs-capacity-provider-termination-protection",
    title: "ECS capacity providers use managed termination protection, with scale-in protection on their Auto Scaling group",
    refs: ["guide:Cluster Architecture"],
    // Without it, a scale-in can terminate an instance that still runs tasks; ECS lifts
    // the protection only from instances it has emptied.
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-termination-protection.html
    check: eachResource("aws_ecs_capacity_provider", (cp, stack) => {
      const provider = block(cp.values.auto_scaling_group_provider);
      if (Object.keys(provider).length === 0) return undefined; // a managed-instances provider: no group of ours
      const problems: string[] = [];
      if (provider.managed_termination_protection !== "ENABLED") {
        problems.push(`auto_scaling_group_provider.managed_termination_protection is ${shown(provider.managed_termination_protection)}, must be "ENABLED"`);
      }
      const asg = stack.target(provider.auto_scaling_group_arn, "aws_autoscaling_group");
      if (asg && asg.values.protect_from_scale_in !== true) {
        problems.push(
          `its group ${asg.address} has protect_from_scale_in ${shown(asg.values.protect_from_scale_in)}: managed termination protection needs true`,
        );
      }
      return problems;
    }),
  }),
];

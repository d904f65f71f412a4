import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";

/**
 * Characters EC2 accepts in security group and rule descriptions (up to 255); others
 * fail only at apply. Intent methods (`allowFrom`) check their `description` with it.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html
 */
export const SG_DESCRIPTION_RE = /^[A-Za-z0-9. _\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

/** What a tier's security group needs. */
export interface TierSecurityGroupProps {
  /** Physical name (`<project>-<env>-<name>`): the group's Name tag and name prefix. */
  readonly name: string;
  /** Why the group exists and what it admits (CKV_AWS_23: never empty). */
  readonly description: string;
  readonly vpcId: string;
}

/**
 * A security group with no inline rules (rules are separate resources added by intent
 * methods such as `allowFrom`). It takes a name *prefix* and is created before the old
 * one is destroyed: a replaced group (say, a changed description) must exist while the
 * ENIs of tasks, the database or endpoints still hold the old one, or the destroy fails
 * with DependencyViolation and the name would clash.
 */
export function tierSecurityGroup(scope: Construct, id: string, props: TierSecurityGroupProps): SecurityGroup {
  if (props.description.trim() === "") {
    throw new Error(`${scope.node.path}/${id}: description must not be empty`);
  }
  return new SecurityGroup(scope, id, {
    namePrefix: `${props.name}-`,
    description: props.description,
    vpcId: props.vpcId,
    tags: { Name: props.name },
    lifecycle: { createBeforeDestroy: true },
  });
}

/**
 * The group of a workload (a service's or a job's tasks): no ingress until a caller is
 * admitted, and egress TCP 443 to AWS APIs (through the VPC endpoints) and, through the
 * NAT, Grafana Cloud and the collector image registry. Targets add their own port with
 * `allowFrom` (both sides). The egress rule is the scope's `egress-https`.
 */
export function workloadSecurityGroup(scope: Construct, id: string, props: TierSecurityGroupProps): SecurityGroup {
  const group = tierSecurityGroup(scope, id, props);
  new VpcSecurityGroupEgressRule(scope, "egress-https", {
    securityGroupId: group.id,
    description: "HTTPS to AWS APIs (VPC endpoints) and, through the NAT, Grafana Cloud and the collector image registry",
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrIpv4: "0.0.0.0/0",
  });
  return group;
}

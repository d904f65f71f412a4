import { Construct } from "constructs";
import { Apigatewayv2VpcLink } from "@cdktf/provider-aws/lib/apigatewayv2-vpc-link";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { ConnectableRef } from "../core/connections";
import { NamingContext, physicalName } from "../core/naming";
import { NetworkRef } from "../network/network-ref";
import { tierSecurityGroup } from "../core/security-group";

/** Properties of a {@link VpcLink}. */
export interface VpcLinkProps {
  /** Project and environment, for physical names. */
  readonly naming: NamingContext;
  /** The network: the link's ENIs go into its private subnets. */
  readonly network: NetworkRef;
}

/**
 * The HTTP API's VPC link: ENIs in the private subnets through which API Gateway
 * reaches the services, with a security group of its own.
 *
 * The group has no ingress at all: API Gateway opens connections *from* the link's
 * ENIs, so nothing ever connects *to* them. Its egress starts empty too (Terraform
 * removes AWS's default allow-all egress) and opens only through a service's
 * `allowFrom(vpcLink, …)`, which adds the egress rule here and the matching ingress
 * rule on the service — the link reaches the service ports and nothing else.
 */
export class VpcLink extends Construct implements ConnectableRef {
  /** The link's security group. */
  public readonly securityGroup: SecurityGroup;
  /** The link's security group id (for `allowFrom`). */
  public readonly securityGroupId: string;
  /** The VPC link resource. */
  public readonly vpcLink: Apigatewayv2VpcLink;
  /** VPC link id: an integration's `connection_id`. */
  public readonly vpcLinkId: string;

  constructor(scope: Construct, id: string, props: VpcLinkProps) {
    super(scope, id);
    if (props.network.privateSubnetIds.length === 0) {
      throw new Error(`${this.node.path}: network.privateSubnetIds must list at least one subnet, got none`);
    }
    const name = physicalName(props.naming, "vpc-link");
    this.securityGroup = tierSecurityGroup(this, "sg", {
      name,
      vpcId: props.network.vpcId,
      description: "API Gateway VPC link: no ingress; egress only to the service ports it routes to",
    });
    this.securityGroupId = this.securityGroup.id;
    this.vpcLink = new Apigatewayv2VpcLink(this, "link", {
      name,
      subnetIds: props.network.privateSubnetIds,
      securityGroupIds: [this.securityGroupId],
    });
    this.vpcLinkId = this.vpcLink.id;
  }
}

import { Construct } from "constructs";
import { Token } from "cdktf";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { endpointServiceName, INTERFACE_ENDPOINT_SERVICES, InterfaceEndpointService } from "../core/aws-facts";
import { ConnectableRef } from "../core/connections";
import { NamingContext, physicalName } from "../core/naming";
import { partitionOf } from "../core/partition";
import { tierSecurityGroup } from "../core/security-group";
import { accountIdProblem, endpointPolicy } from "./endpoint-policy";

/** A service the interface endpoints can reach (defined with the facts, re-exported for callers). */
export type { InterfaceEndpointService };

/** Properties of {@link InterfaceEndpoints}. */
export interface InterfaceEndpointsProps {
  /** Project and environment, for names and tags. */
  readonly naming: NamingContext;
  /**
   * Region of the VPC: service names are `com.amazonaws.<region>.<service>`, or
   * `cn.com.amazonaws.` for some services in China (see `endpointServiceName`).
   */
  readonly region: string;
  /** The VPC. */
  readonly vpcId: string;
  /**
   * The environment's account: only its principals may use the endpoints (see
   * `endpoint-policy.ts`). A token (e.g. read from the VPC's ARN) or 12 digits.
   */
  readonly accountId: string;
  /** The VPC's CIDR: the only source admitted on 443. */
  readonly vpcCidr: string;
  /** Subnets that get an endpoint network interface: the private tier, one per AZ. */
  readonly subnetIds: readonly string[];
  /** Services to reach privately (at least one, no repeats), e.g. `ecr.api`, `ecr.dkr`, `logs`. */
  readonly services: readonly InterfaceEndpointService[];
}

/**
 * Interface (PrivateLink) endpoints for AWS APIs, in the private subnets, with private
 * DNS so SDKs and the ECS agent use them without configuration. They share one security
 * group that admits HTTPS from the VPC CIDR and nothing else, and has no egress
 * (endpoints only answer). Workloads reach it through {@link securityGroupId}
 * (this construct is an {@link ConnectableRef}). Each endpoint's policy admits principals
 * of the environment's account only (`sts` also admits federation into its roles).
 */
export class InterfaceEndpoints extends Construct implements ConnectableRef {
  /** The endpoints' shared security group. */
  public readonly securityGroup: SecurityGroup;
  /** Its id: the target for workloads' 443 egress rules. */
  public readonly securityGroupId: string;
  /** Endpoints by service. */
  public readonly endpoints: Readonly<Partial<Record<InterfaceEndpointService, VpcEndpoint>>>;
  /** The services, in creation order. */
  public readonly services: readonly InterfaceEndpointService[];
  /** The group's one rule (443 from the VPC): endpoints answer nothing before it exists. */
  public readonly httpsIngress: VpcSecurityGroupIngressRule;

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    const problem = interfaceServicesProblem("services", props.services);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    if (props.subnetIds.length === 0) {
      throw new Error(`${this.node.path}: subnetIds must name at least one subnet, got none`);
    }
    const accountProblem = accountIdProblem("accountId", props.accountId, Token.isUnresolved(props.accountId));
    if (accountProblem) throw new Error(`${this.node.path}: ${accountProblem}`);
    this.services = [...props.services];

    this.securityGroup = tierSecurityGroup(this, "sg", {
      name: physicalName(props.naming, "vpc-endpoints"),
      description: "Interface VPC endpoints: HTTPS from inside the VPC only",
      vpcId: props.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;
    // No egress rule: without inline egress blocks Terraform removes AWS's default
    // allow-all rule, and an endpoint never opens connections.
    this.httpsIngress = new VpcSecurityGroupIngressRule(this, "https-from-vpc", {
      securityGroupId: this.securityGroupId,
      cidrIpv4: props.vpcCidr,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "HTTPS from the VPC to AWS service endpoints",
    });

    // Only some services are cn.com.amazonaws. in China (aws-facts.ts, endpointServiceName).
    const { partition } = partitionOf(this);
    const endpoints: Partial<Record<InterfaceEndpointService, VpcEndpoint>> = {};
    for (const service of this.services) {
      endpoints[service] = new VpcEndpoint(this, service.replace(/\./g, "-"), {
        vpcId: props.vpcId,
        serviceName: endpointServiceName("Interface", service, props.region, partition),
        vpcEndpointType: "Interface",
        subnetIds: [...props.subnetIds],
        securityGroupIds: [this.securityGroupId],
        privateDnsEnabled: true,
        policy: endpointPolicy(service, { accountId: props.accountId, partition, region: props.region }),
        tags: { Name: physicalName(props.naming, service.replace(/\./g, "-")) },
      });
    }
    this.endpoints = endpoints;
  }
}

/** Why `services` (the value of prop `prop`) is not a valid endpoint list, or undefined when it is. */
export function interfaceServicesProblem(prop: string, services: readonly string[]): string | undefined {
  if (services.length === 0) return `${prop} must list at least one service, got none`;
  const unknown = services.filter((s) => !(INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    return `${prop} must contain only ${INTERFACE_ENDPOINT_SERVICES.join(", ")}, got ${unknown.map((s) => `"${s}"`).join(", ")}`;
  }
  const repeated = services.filter((s, i) => services.indexOf(s) !== i);
  if (repeated.length > 0) return `${prop} must not repeat a service, got ${[...new Set(repeated)].join(", ")} more than once`;
  return undefined;
}

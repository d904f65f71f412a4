import { Construct } from "constructs";
import { Token } from "cdktf";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { endpointServiceName, GatewayEndpointService } from "../core/aws-facts";
import { NamingContext, physicalName } from "../core/naming";
import { partitionOf } from "../core/partition";
import { accountIdProblem, endpointPolicy } from "./endpoint-policy";

/** Properties of {@link GatewayEndpoints}. */
export interface GatewayEndpointsProps {
  /** Project and environment, for the Name tags. */
  readonly naming: NamingContext;
  /** Region of the VPC: service names are `com.amazonaws.<region>.<service>` (see `endpointServiceName`). */
  readonly region: string;
  /** The VPC. */
  readonly vpcId: string;
  /** Route tables that get a route to each service's prefix list (private and database tiers). */
  readonly routeTableIds: readonly string[];
  /**
   * The environment's account: only its principals may use the endpoints (see
   * `endpoint-policy.ts`). A token (e.g. read from the VPC's ARN) or 12 digits.
   */
  readonly accountId: string;
}

/**
 * The S3 and DynamoDB gateway endpoints: free, and implemented as routes in the given
 * route tables. S3 matters most: ECR serves image layers from S3, so image pulls from
 * private subnets need it even where a NAT exists (and it keeps that traffic off the NAT bill).
 * Each endpoint admits principals of the environment's account only, plus (S3) ECR's
 * layer bucket.
 */
export class GatewayEndpoints extends Construct {
  /** The S3 gateway endpoint (image layers, state, artifacts). */
  public readonly s3: VpcEndpoint;
  /** The DynamoDB gateway endpoint. */
  public readonly dynamodb: VpcEndpoint;

  constructor(scope: Construct, id: string, props: GatewayEndpointsProps) {
    super(scope, id);
    if (props.routeTableIds.length === 0) {
      throw new Error(`${this.node.path}: routeTableIds must name at least one route table, got none`);
    }
    const accountProblem = accountIdProblem("accountId", props.accountId, Token.isUnresolved(props.accountId));
    if (accountProblem) throw new Error(`${this.node.path}: ${accountProblem}`);
    // Gateways keep com.amazonaws. in China too (aws-facts.ts, endpointServiceName).
    const { partition } = partitionOf(this);
    const endpoint = (service: GatewayEndpointService) =>
      new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: endpointServiceName("Gateway", service, props.region, partition),
        vpcEndpointType: "Gateway",
        routeTableIds: [...props.routeTableIds],
        policy: endpointPolicy(service, { accountId: props.accountId, partition, region: props.region }),
        tags: { Name: physicalName(props.naming, `${service}-gateway`) },
      });
    this.s3 = endpoint("s3");
    this.dynamodb = endpoint("dynamodb");
  }
}

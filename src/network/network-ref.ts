import { ITerraformDependable } from "cdktf";
import { ConnectableRef } from "../core/connections";

/**
 * What other constructs need of the network: typed attributes, never names looked up.
 * Implemented by the `Network` construct; tests may supply a small fake.
 */
export interface NetworkRef {
  readonly vpcId: string;
  /** The VPC's CIDR block (literal, from config). */
  readonly vpcCidr: string;
  /** AZ names, in subnet order. */
  readonly azs: readonly string[];
  /** Public subnets (NAT gateways only), one per AZ. */
  readonly publicSubnetIds: string[];
  /** Private subnets (workloads, VPC link, interface endpoints), one per AZ. */
  readonly privateSubnetIds: string[];
  /** Isolated database subnets (no internet route), one per AZ. */
  readonly databaseSubnetIds: string[];
  /**
   * The interface endpoints' security group (443 from the VPC CIDR). Workloads that
   * call AWS APIs open 443 egress to it; undefined when the environment has no
   * interface endpoints.
   */
  readonly endpoints?: ConnectableRef;
  /**
   * What a task in the private subnets needs before it can reach anything outside the
   * VPC (NAT gateways and the routes and associations they use, the private default
   * routes and associations, the gateway and interface endpoints). Workloads put it
   * in their `dependsOn` so they never start without an egress path. Empty for a
   * network that is already complete when the workload is created.
   */
  readonly egressDependencies: ITerraformDependable[];
}

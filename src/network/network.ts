import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { ConnectableRef } from "../core/connections";
import { accountIdOf } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { azNameProblem, REGION_RE, LogRetentionDays } from "../core/aws-facts";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { GatewayEndpoints } from "./gateway-endpoints";
import { InterfaceEndpoints, InterfaceEndpointService, interfaceServicesProblem } from "./interface-endpoints";
import { NetworkRef } from "./network-ref";
import { MAX_AZS, MIN_AZS, planSubnets, SubnetPlan, SubnetTier } from "./subnet-plan";
import { VpcFlowLog } from "./vpc-flow-log";

/** NAT strategies: one per AZ (AZ-independent egress), one shared (cheap), or no internet egress. */
export const NAT_GATEWAY_STRATEGIES = ["single", "perAz", "none"] as const;
/** One of {@link NAT_GATEWAY_STRATEGIES}. */
export type NatGatewayStrategy = (typeof NAT_GATEWAY_STRATEGIES)[number];

const ANYWHERE = "0.0.0.0/0";

/** Properties of a {@link Network}. */
export interface NetworkProps {
  /** Project and environment: every Name tag reads `<project>-<env>-…`. */
  readonly naming: NamingContext;
  /** The stack's region, e.g. `eu-west-1` (endpoint service names, AZ check). */
  readonly region: string;
  /** The VPC's IPv4 block, /16 or smaller; a literal, since subnets are planned at synth time. */
  readonly vpcCidr: string;
  /** AZ names of `region`, 2–6, no repeats; subnet `i` of every tier lands in `azs[i]`. */
  readonly azs: readonly string[];
  /**
   * NAT strategy for the private subnets' internet egress.
   * `perAz`: an EIP + NAT gateway in each AZ's public subnet, each private route table
   * uses its own AZ's NAT (an AZ outage cannot cut the others off). `single`: one NAT
   * in the first AZ for all. `none`: no NAT and no default route in private tables.
   * @default "perAz"
   */
  readonly natGateways?: NatGatewayStrategy;
  /**
   * Interface endpoints to create in the private subnets; empty for none (traffic to
   * AWS APIs then takes the NAT).
   * @default Network.DEFAULT_INTERFACE_ENDPOINTS (ecr.api, ecr.dkr, logs, secretsmanager)
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /**
   * ECS Exec is on in this environment: adds the `ssmmessages` endpoint it talks to.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Days the flow log is kept: one of CloudWatch Logs' retention values.
   * @default 365
   */
  readonly flowLogRetentionDays?: LogRetentionDays;
  /** KMS key that encrypts the flow-log group (its policy must admit CloudWatch Logs). */
  readonly encryptionKey: EncryptionKeyRef;
}

/**
 * The environment's VPC, as the guide lays it out: public, private and database
 * subnets in every AZ (CIDRs from {@link planSubnets}), an internet gateway for the
 * public tier, NAT for the private tier per {@link NetworkProps.natGateways}, an
 * isolated database tier, an explicit route table association for every subnet (nothing
 * relies on the main route table), S3/DynamoDB gateway endpoints, interface endpoints
 * for AWS APIs, a flow log of all traffic, and the default security group stripped of
 * every rule.
 */
export class Network extends Construct implements NetworkRef {
  /** @default "perAz" */
  static readonly DEFAULT_NAT_GATEWAYS: NatGatewayStrategy = "perAz";
  /** What the image-pull path and the tasks need: ECR API + registry, awslogs, secrets. */
  static readonly DEFAULT_INTERFACE_ENDPOINTS: readonly InterfaceEndpointService[] = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"];
  /** @default 365 */
  static readonly DEFAULT_FLOW_LOG_RETENTION_DAYS = VpcFlowLog.DEFAULT_RETENTION_DAYS;

  /** The VPC resource. */
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  /** The VPC's CIDR block (literal). */
  public readonly vpcCidr: string;
  /** AZ names, in subnet order. */
  public readonly azs: readonly string[];
  /** The concrete subnet CIDRs. */
  public readonly subnetPlan: SubnetPlan;
  /** How private subnets reach the internet. */
  public readonly natGatewayStrategy: NatGatewayStrategy;

  /** Subnet resources per tier, in AZ order. */
  public readonly publicSubnets: Subnet[];
  public readonly privateSubnets: Subnet[];
  public readonly databaseSubnets: Subnet[];
  public readonly publicSubnetIds: string[];
  public readonly privateSubnetIds: string[];
  public readonly databaseSubnetIds: string[];

  /** The internet gateway (the public tier's default route). */
  public readonly internetGateway: InternetGateway;
  /** The one public route table. */
  public readonly publicRouteTable: RouteTable;
  public readonly publicRouteTableId: string;
  /** One private route table per AZ, in AZ order. */
  public readonly privateRouteTables: RouteTable[];
  public readonly privateRouteTableIds: string[];
  /** The one database route table: no default route. */
  public readonly databaseRouteTable: RouteTable;
  public readonly databaseRouteTableId: string;

  /** NAT gateways: one per AZ (`perAz`), one (`single`) or none. */
  public readonly natGateways: NatGateway[];
  /** The NAT gateways' Elastic IPs, in the same order. */
  public readonly natEips: Eip[];
  /** The public addresses private-subnet traffic leaves from (for third-party allow lists). */
  public readonly natPublicIps: string[];

  /** S3 and DynamoDB gateway endpoints on the private and database route tables. */
  public readonly gatewayEndpoints: GatewayEndpoints;
  /** The interface endpoints; undefined when none are configured. */
  public readonly interfaceEndpoints?: InterfaceEndpoints;
  /** The interface endpoints' security group (443 from the VPC); undefined when there are none. */
  public readonly endpoints?: ConnectableRef;

  /** The VPC flow log (ALL traffic) with its log group and role. */
  public readonly flowLog: VpcFlowLog;
  /** The VPC's default security group, managed with no rules so nothing can use it by accident. */
  public readonly defaultSecurityGroup: DefaultSecurityGroup;
  /**
   * Everything a task in a private subnet needs before it can reach anything outside
   * the VPC: the public default route and public associations the NAT gateways use,
   * the NAT gateways, each private table's default route, the private subnets' route
   * table associations, the gateway endpoints and the interface endpoints with their
   * 443 rule. Put it in an ECS service's `dependsOn`, or a task can start (and fail
   * its image pull or secret fetch) before its egress path exists.
   */
  public readonly egressDependencies: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natGateways = props.natGateways ?? Network.DEFAULT_NAT_GATEWAYS;
    const configured = props.interfaceEndpoints ?? Network.DEFAULT_INTERFACE_ENDPOINTS;
    const flowLogRetentionDays = props.flowLogRetentionDays ?? Network.DEFAULT_FLOW_LOG_RETENTION_DAYS;
    this.subnetPlan = this.validate(props, natGateways, configured);
    // ECS Exec opens its session channel through ssmmessages.
    const services: InterfaceEndpointService[] =
      props.enableExecuteCommand && !configured.includes("ssmmessages") ? [...configured, "ssmmessages"] : [...configured];

    this.natGatewayStrategy = natGateways;
    this.vpcCidr = props.vpcCidr;
    this.azs = [...props.azs];
    const name = (suffix?: string) => physicalName(props.naming, suffix);

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      // Private DNS of interface endpoints and Cloud Map need both DNS settings.
      enableDnsHostnames: true,
      tags: { Name: name() },
    });
    this.vpcId = this.vpc.id;

    // Adopting the default group removes all its rules (CKV2_AWS_12): a resource
    // launched without a group gets no connectivity instead of "all within the group".
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, "default-sg", {
      vpcId: this.vpcId,
      ingress: [],
      egress: [],
      tags: { Name: name("default-unused") },
    });

    const subnets = (tier: SubnetTier): Subnet[] =>
      this.azs.map(
        (az, i) =>
          new Subnet(this, `${tier}-${az}`, {
            vpcId: this.vpcId,
            availabilityZone: az,
            cidrBlock: this.subnetPlan.cidrs[tier][i],
            // Nothing here gets a public IP by default, not even in the public tier: it
            // hosts only NAT gateways (Elastic IPs) (CKV_AWS_130).
            mapPublicIpOnLaunch: false,
            tags: { Name: name(`${tier}-${az}`), tier },
          }),
      );
    this.publicSubnets = subnets("public");
    this.privateSubnets = subnets("private");
    this.databaseSubnets = subnets("database");
    this.publicSubnetIds = this.publicSubnets.map((s) => s.id);
    this.privateSubnetIds = this.privateSubnets.map((s) => s.id);
    this.databaseSubnetIds = this.databaseSubnets.map((s) => s.id);

    const associate = (subnet: Subnet, routeTable: RouteTable) =>
      new RouteTableAssociation(this, `${subnet.node.id}-rta`, { subnetId: subnet.id, routeTableId: routeTable.id });
    const egress: ITerraformDependable[] = [];
    const routeTable = (rtId: string, tagName: string) => new RouteTable(this, rtId, { vpcId: this.vpcId, tags: { Name: name(tagName) } });

    // Public tier: one table, default route to the internet gateway.
    this.internetGateway = new InternetGateway(this, "igw", { vpcId: this.vpcId, tags: { Name: name("igw") } });
    this.publicRouteTable = routeTable("public-rt", "public");
    this.publicRouteTableId = this.publicRouteTable.id;
    const publicDefault = new Route(this, "public-default", {
      routeTableId: this.publicRouteTableId,
      destinationCidrBlock: ANYWHERE,
      gatewayId: this.internetGateway.id,
    });
    const publicAssociations = this.publicSubnets.map((s) => associate(s, this.publicRouteTable));

    // NAT: in the public subnet of every AZ (perAz) or of the first AZ (single). A NAT
    // gateway needs the internet gateway attached before it can come up.
    const natAzIndexes = natGateways === "perAz" ? this.azs.map((_, i) => i) : natGateways === "single" ? [0] : [];
    this.natEips = natAzIndexes.map(
      (i) =>
        new Eip(this, `nat-eip-${this.azs[i]}`, {
          domain: "vpc",
          tags: { Name: name(`nat-${this.azs[i]}`) },
          dependsOn: [this.internetGateway],
        }),
    );
    this.natGateways = natAzIndexes.map(
      (azIndex, i) =>
        new NatGateway(this, `nat-${this.azs[azIndex]}`, {
          allocationId: this.natEips[i].allocationId,
          subnetId: this.publicSubnets[azIndex].id,
          tags: { Name: name(`nat-${this.azs[azIndex]}`) },
          dependsOn: [this.internetGateway],
        }),
    );
    this.natPublicIps = this.natEips.map((eip) => eip.publicIp);
    // A NAT gateway forwards through its public subnet's route to the internet gateway.
    if (this.natGateways.length > 0) egress.push(publicDefault, ...publicAssociations, ...this.natGateways);

    // Private tier: one table per AZ, so each AZ can route to its own NAT.
    this.privateRouteTables = this.azs.map((az) => routeTable(`private-rt-${az}`, `private-${az}`));
    this.privateRouteTableIds = this.privateRouteTables.map((rt) => rt.id);
    this.privateRouteTables.forEach((rt, i) => {
      if (this.natGateways.length === 0) return;
      const nat = natGateways === "perAz" ? this.natGateways[i] : this.natGateways[0];
      egress.push(
        new Route(this, `private-default-${this.azs[i]}`, {
          routeTableId: rt.id,
          destinationCidrBlock: ANYWHERE,
          natGatewayId: nat.id,
        }),
      );
    });
    egress.push(...this.privateSubnets.map((s, i) => associate(s, this.privateRouteTables[i])));

    // Database tier: one table with only the local route (and the gateway endpoints).
    this.databaseRouteTable = routeTable("database-rt", "database");
    this.databaseRouteTableId = this.databaseRouteTable.id;
    this.databaseSubnets.forEach((s) => associate(s, this.databaseRouteTable));

    // The account whose principals may use the endpoints, read from the VPC's own ARN:
    // no data source, so plans stay offline.
    const accountId = accountIdOf(this.vpc.arn);
    this.gatewayEndpoints = new GatewayEndpoints(this, "gateway-endpoints", {
      naming: props.naming,
      region: props.region,
      vpcId: this.vpcId,
      routeTableIds: [...this.privateRouteTableIds, this.databaseRouteTableId],
      accountId,
    });
    egress.push(this.gatewayEndpoints.s3, this.gatewayEndpoints.dynamodb);
    if (services.length > 0) {
      this.interfaceEndpoints = new InterfaceEndpoints(this, "interface-endpoints", {
        naming: props.naming,
        region: props.region,
        vpcId: this.vpcId,
        accountId,
        vpcCidr: this.vpcCidr,
        subnetIds: this.privateSubnetIds,
        services,
      });
      this.endpoints = this.interfaceEndpoints;
      const interfaceEndpoints = this.interfaceEndpoints;
      egress.push(...services.flatMap((svc) => interfaceEndpoints.endpoints[svc] ?? []), interfaceEndpoints.httpsIngress);
    }
    this.egressDependencies = egress;

    this.flowLog = new VpcFlowLog(this, "flow-log", {
      naming: props.naming,
      region: props.region,
      vpcId: this.vpcId,
      vpcArn: this.vpc.arn,
      encryptionKey: props.encryptionKey,
      logRetentionDays: flowLogRetentionDays,
    });
  }

  /** Checks every prop before anything is created; returns the subnet plan. */
  private validate(props: NetworkProps, natGateways: string, interfaceEndpoints: readonly string[]): SubnetPlan {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (!Token.isUnresolved(props.region) && !REGION_RE.test(props.region)) {
      fail(`region must be an AWS region like eu-west-1, got "${props.region}"`);
    }
    if (props.azs.length < MIN_AZS || props.azs.length > MAX_AZS) {
      fail(`azs must list ${MIN_AZS}–${MAX_AZS} availability zones, got ${props.azs.length} (${JSON.stringify(props.azs)})`);
    }
    for (const az of props.azs) {
      const problem = azNameProblem(props.region, az);
      if (problem) fail(`azs entry "${az}" ${problem}`);
    }
    if (new Set(props.azs).size !== props.azs.length) {
      fail(`azs must not repeat an availability zone, got ${JSON.stringify(props.azs)}`);
    }
    if (!(NAT_GATEWAY_STRATEGIES as readonly string[]).includes(natGateways)) {
      fail(`natGateways must be one of ${NAT_GATEWAY_STRATEGIES.map((s) => `"${s}"`).join(", ")}, got "${natGateways}"`);
    }
    if (interfaceEndpoints.length > 0) {
      const problem = interfaceServicesProblem("interfaceEndpoints", interfaceEndpoints);
      if (problem) fail(problem);
    }
    if (!Token.isUnresolved(props.encryptionKey.keyArn) && !/^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/.+$/.test(props.encryptionKey.keyArn)) {
      fail(`encryptionKey.keyArn must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>), got "${props.encryptionKey.keyArn}"`);
    }
    if (Token.isUnresolved(props.vpcCidr)) {
      fail("vpcCidr must be a literal CIDR block (subnets are planned at synth time), got a token");
    }
    try {
      return planSubnets(props.vpcCidr, props.azs.length);
    } catch (err) {
      return fail((err as Error).message);
    }
  }
}

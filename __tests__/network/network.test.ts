import "cdktf/lib/testing/adapters/jest";
import { DataResource, TerraformOutput, Testing } from "cdktf";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { DefaultVpc } from "@cdktf/provider-aws/lib/default-vpc";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { LogRetentionDays } from "../../src/core/aws-facts";
import { PROFILE_NAMES, EnvironmentName } from "../../src/config";
import { Network, NetworkProps } from "../../src/network/network";
import { NetworkRef } from "../../src/network/network-ref";
import { TfJson, ref, resources } from "../support/synth";
import { synthJson, testEnv, testStack } from "../support/test-stack";
import { decodeJson } from "../support/json-document";
import { buildNetwork, networkPropsFor, overlappingPairs, parseRef, synthesizedServiceName } from "./support";

const ANYWHERE = "0.0.0.0/0";

/** The resource body a `${type.name.attr}` reference points at. */
function follow(json: TfJson, expr: unknown): TfJson {
  const { type, name } = parseRef(expr);
  const body = resources(json, type)[name];
  if (!body) throw new Error(`dangling reference ${String(expr)}`);
  return body;
}

/** Names of `type` resources whose Name tag is `tag`. */
function nameOf(json: TfJson, type: string, tag: string): string {
  const hits = Object.entries(resources(json, type)).filter(([, body]) => body.tags?.Name === tag);
  if (hits.length !== 1) throw new Error(`expected one ${type} tagged ${tag}, found ${hits.length}`);
  return hits[0][0];
}

/** The route table associated with a subnet (exactly one association expected). */
function routeTableOfSubnet(json: TfJson, subnetName: string): string {
  const assocs = Object.values(resources(json, "aws_route_table_association")).filter((a) => a.subnet_id === ref("aws_subnet", subnetName, "id"));
  expect(assocs).toHaveLength(1);
  return parseRef(assocs[0].route_table_id).name;
}

/** The `0.0.0.0/0` routes of a route table. */
function defaultRoutes(json: TfJson, routeTableName: string): TfJson[] {
  return Object.values(resources(json, "aws_route")).filter(
    (r) => r.route_table_id === ref("aws_route_table", routeTableName, "id") && r.destination_cidr_block === ANYWHERE,
  );
}

/** For each private subnet: its AZ and the AZ of the NAT its default route goes to (undefined: no route). */
function privateEgress(json: TfJson): { az: string; natAz?: string; natName?: string }[] {
  return Object.entries(resources(json, "aws_subnet"))
    .filter(([, s]) => s.tags.tier === "private")
    .map(([name, subnet]) => {
      const routes = defaultRoutes(json, routeTableOfSubnet(json, name));
      if (routes.length === 0) return { az: subnet.availability_zone };
      expect(routes).toHaveLength(1);
      const nat = follow(json, routes[0].nat_gateway_id);
      const natSubnet = follow(json, nat.subnet_id);
      return { az: subnet.availability_zone, natAz: natSubnet.availability_zone, natName: parseRef(routes[0].nat_gateway_id).name };
    });
}

describe("Network", () => {
  describe("VPC and subnets", () => {
    it("creates a VPC with DNS support and hostnames from the configured CIDR", () => {
      // GIVEN prod's default config
      const { stack } = buildNetwork();
      // THEN the VPC has both DNS settings and its Name
      expect(Testing.synth(stack)).toHaveResourceWithProperties(Vpc, {
        cidr_block: "10.30.0.0/16",
        enable_dns_support: true,
        enable_dns_hostnames: true,
        tags: { Name: "platform-prod" },
      });
    });

    it("creates a public, private and database subnet per AZ with planned CIDRs, no public IPs, named by tier and AZ", () => {
      // GIVEN prod (3 AZs)
      const { json, network } = buildNetwork();
      const subnets = resources(json, "aws_subnet");
      // THEN 9 subnets exist, each matching the plan
      expect(Object.keys(subnets)).toHaveLength(9);
      for (const tier of ["public", "private", "database"] as const) {
        network.azs.forEach((az, i) => {
          const body = subnets[nameOf(json, "aws_subnet", `platform-prod-${tier}-${az}`)];
          expect(body).toMatchObject({
            availability_zone: az,
            cidr_block: network.subnetPlan.cidrs[tier][i],
            map_public_ip_on_launch: false,
            vpc_id: ref("aws_vpc", network.vpc.friendlyUniqueId, "id"),
          });
        });
      }
      // AND no two subnets overlap, all private subnets are larger than the others
      expect(overlappingPairs(Object.values(subnets).map((s) => s.cidr_block))).toEqual([]);
      expect(network.subnetPlan.prefixes.private).toBeLessThan(network.subnetPlan.prefixes.public);
      expect(network.subnetPlan.prefixes.private).toBeLessThan(network.subnetPlan.prefixes.database);
    });

    it("exposes ids per tier in AZ order, and the NAT IPs, as references (what the stack outputs)", () => {
      // GIVEN a network whose attributes feed stack outputs
      const stack = testStack();
      const network = new Network(stack, "network", networkPropsFor(testEnv("prod")));
      new TerraformOutput(stack, "private_subnet_ids", { value: network.privateSubnetIds });
      new TerraformOutput(stack, "database_subnet_ids", { value: network.databaseSubnetIds });
      new TerraformOutput(stack, "public_subnet_ids", { value: network.publicSubnetIds });
      new TerraformOutput(stack, "nat_public_ips", { value: network.natPublicIps });
      new TerraformOutput(stack, "vpc_id", { value: network.vpcId });
      new TerraformOutput(stack, "private_route_table_ids", { value: network.privateRouteTableIds });
      new TerraformOutput(stack, "database_route_table_id", { value: network.databaseRouteTableId });
      // WHEN synthesized
      const json = synthJson(stack);
      const out = (name: string) => json.output[name].value;
      // THEN each resolves to the resources tagged for that tier and AZ, in AZ order
      for (const tier of ["public", "private", "database"]) {
        expect(out(`${tier}_subnet_ids`)).toEqual(network.azs.map((az) => ref("aws_subnet", nameOf(json, "aws_subnet", `platform-prod-${tier}-${az}`), "id")));
      }
      expect(out("private_route_table_ids")).toEqual(
        network.azs.map((az) => ref("aws_route_table", nameOf(json, "aws_route_table", `platform-prod-private-${az}`), "id")),
      );
      expect(out("database_route_table_id")).toBe(ref("aws_route_table", nameOf(json, "aws_route_table", "platform-prod-database"), "id"));
      expect(out("nat_public_ips")).toEqual(network.azs.map((az) => ref("aws_eip", nameOf(json, "aws_eip", `platform-prod-nat-${az}`), "public_ip")));
      expect(out("vpc_id")).toBe(ref("aws_vpc", network.vpc.friendlyUniqueId, "id"));
    });

    it("manages the default security group with no ingress and no egress", () => {
      // GIVEN / WHEN prod's network
      // THEN it takes over the VPC's default group and empties it
      const { stack, network } = buildNetwork();
      expect(Testing.synth(stack)).toHaveResourceWithProperties(DefaultSecurityGroup, {
        vpc_id: ref("aws_vpc", network.vpc.friendlyUniqueId, "id"),
        ingress: [],
        egress: [],
      });
    });

    it("never declares the account's default VPC", () => {
      // GIVEN / WHEN prod's network
      // THEN the stack leaves the account's default VPC alone
      const { stack } = buildNetwork();
      expect(Testing.synth(stack)).not.toHaveResource(DefaultVpc);
    });
  });

  describe("routing", () => {
    it("associates every subnet exactly once: public to the public table, private to its AZ's table, database to the database table", () => {
      // GIVEN prod (3 AZs, perAz)
      const { json, network } = buildNetwork();
      const assocs = Object.values(resources(json, "aws_route_table_association"));
      // THEN there is one association per subnet and no subnet appears twice
      const subnetRefs = assocs.map((a) => a.subnet_id);
      expect(assocs).toHaveLength(9);
      expect(new Set(subnetRefs).size).toBe(9);
      // AND each goes to its tier's table
      network.azs.forEach((az, i) => {
        expect(routeTableOfSubnet(json, network.publicSubnets[i].friendlyUniqueId)).toBe(network.publicRouteTable.friendlyUniqueId);
        expect(routeTableOfSubnet(json, network.privateSubnets[i].friendlyUniqueId)).toBe(network.privateRouteTables[i].friendlyUniqueId);
        expect(routeTableOfSubnet(json, network.databaseSubnets[i].friendlyUniqueId)).toBe(network.databaseRouteTable.friendlyUniqueId);
        expect(resources(json, "aws_route_table")[network.privateRouteTables[i].friendlyUniqueId].tags.Name).toBe(`platform-prod-private-${az}`);
      });
      // AND there are exactly 1 public + 3 private + 1 database route tables, none with inline routes
      const tables = Object.values(resources(json, "aws_route_table"));
      expect(tables).toHaveLength(5);
      tables.forEach((t) => expect(t.route).toBeUndefined());
    });

    it("sends the public table's default route to the internet gateway", () => {
      // GIVEN / WHEN prod's network
      // THEN the public table has one default route, to the VPC's internet gateway
      const { json, network } = buildNetwork();
      const routes = defaultRoutes(json, network.publicRouteTable.friendlyUniqueId);
      expect(routes).toHaveLength(1);
      expect(routes[0].gateway_id).toBe(ref("aws_internet_gateway", network.internetGateway.friendlyUniqueId, "id"));
      expect(resources(json, "aws_internet_gateway")[network.internetGateway.friendlyUniqueId].vpc_id).toBe(ref("aws_vpc", network.vpc.friendlyUniqueId, "id"));
    });

    it("gives the database table, and so every database subnet, no default route", () => {
      // GIVEN / WHEN prod's network
      // THEN no route at all is on the database table
      const { json, network } = buildNetwork();
      const dbRoutes = Object.values(resources(json, "aws_route")).filter(
        (r) => r.route_table_id === ref("aws_route_table", network.databaseRouteTable.friendlyUniqueId, "id"),
      );
      expect(dbRoutes).toEqual([]);
      // AND every database subnet, followed through its association, has no way out
      network.databaseSubnets.forEach((subnet) => expect(defaultRoutes(json, routeTableOfSubnet(json, subnet.friendlyUniqueId))).toEqual([]));
    });

    it("never routes through an instance (CKV2_AWS_35)", () => {
      // GIVEN / WHEN prod's network
      // THEN every route goes to a gateway or a NAT gateway, none to an instance
      const { json } = buildNetwork();
      Object.values(resources(json, "aws_route")).forEach((r) => {
        expect(r.instance_id).toBeUndefined();
        expect(r.gateway_id ?? r.nat_gateway_id).toBeDefined();
      });
    });
  });

  describe("NAT strategies", () => {
    it("perAz: an EIP + NAT in each AZ's public subnet, each private subnet routed to the NAT of its own AZ", () => {
      // GIVEN perAz over 3 AZs
      const { json, network } = buildNetwork({ natGateways: "perAz" });
      const nats = resources(json, "aws_nat_gateway");
      // THEN 3 NATs, each in a public subnet, with its own EIP, after the internet gateway
      expect(Object.keys(nats)).toHaveLength(3);
      expect(Object.keys(resources(json, "aws_eip"))).toHaveLength(3);
      const igw = `aws_internet_gateway.${network.internetGateway.friendlyUniqueId}`;
      Object.values(nats).forEach((nat) => {
        expect(follow(json, nat.subnet_id).tags.tier).toBe("public");
        expect(follow(json, nat.allocation_id)).toMatchObject({ domain: "vpc", depends_on: [igw] });
        expect(nat.depends_on).toEqual([igw]);
      });
      // AND association → table → route → NAT → subnet → AZ ends in the private subnet's own AZ
      const egress = privateEgress(json);
      expect(egress).toHaveLength(3);
      egress.forEach((e) => expect(e.natAz).toBe(e.az));
      expect(new Set(egress.map((e) => e.natName)).size).toBe(3);
      // AND the NAT public IPs are the EIPs' addresses
      expect(network.natPublicIps).toHaveLength(3);
      expect(network.natGateways).toHaveLength(3);
    });

    it("single: one NAT in the first AZ's public subnet, used by every private table", () => {
      // GIVEN / WHEN prod's network with a single NAT
      // THEN one EIP and NAT in the first AZ, and every private table routes to it
      const { json, network } = buildNetwork({ natGateways: "single" });
      const nats = Object.values(resources(json, "aws_nat_gateway"));
      expect(nats).toHaveLength(1);
      expect(Object.keys(resources(json, "aws_eip"))).toHaveLength(1);
      expect(nats[0].subnet_id).toBe(ref("aws_subnet", network.publicSubnets[0].friendlyUniqueId, "id"));
      const egress = privateEgress(json);
      expect(egress).toHaveLength(3);
      egress.forEach((e) => {
        expect(e.natName).toBe(network.natGateways[0].friendlyUniqueId);
        expect(e.natAz).toBe(network.azs[0]);
      });
      expect(network.natPublicIps).toHaveLength(1);
    });

    it("none: no NAT, no EIP and no default route on any private table", () => {
      // GIVEN / WHEN prod's network without NAT
      // THEN no NAT, no EIP, no private default route
      const { json, network } = buildNetwork({ natGateways: "none" });
      expect(resources(json, "aws_nat_gateway")).toEqual({});
      expect(resources(json, "aws_eip")).toEqual({});
      privateEgress(json).forEach((e) => expect(e.natAz).toBeUndefined());
      // still one table per AZ, each explicitly associated
      expect(network.privateRouteTableIds).toHaveLength(3);
      expect(network.natPublicIps).toEqual([]);
      // only the public default route remains
      expect(Object.values(resources(json, "aws_route"))).toHaveLength(1);
    });
  });

  describe("endpoints", () => {
    it("puts the S3 and DynamoDB gateway endpoints on every private table and the database table", () => {
      // GIVEN / WHEN prod's network
      // THEN each gateway endpoint exists once, on every private table and the database table
      const { json, network } = buildNetwork();
      const tables = [...network.privateRouteTables, network.databaseRouteTable].map((t) => ref("aws_route_table", t.friendlyUniqueId, "id"));
      for (const service of ["s3", "dynamodb"]) {
        const eps = Object.values(resources(json, "aws_vpc_endpoint")).filter((e) => e.service_name === `com.amazonaws.eu-west-1.${service}`);
        expect(eps).toHaveLength(1);
        expect(eps[0].vpc_endpoint_type).toBe("Gateway");
        expect([...eps[0].route_table_ids].sort()).toEqual([...tables].sort());
      }
    });

    it("creates the configured interface endpoints in the private subnets, with private DNS and the endpoint group", () => {
      // GIVEN prod's defaults (exec off)
      const { json, network } = buildNetwork();
      const sgRef = ref("aws_security_group", network.interfaceEndpoints!.securityGroup.friendlyUniqueId, "id");
      const privateRefs = network.privateSubnets.map((s) => ref("aws_subnet", s.friendlyUniqueId, "id"));
      const iface = Object.values(resources(json, "aws_vpc_endpoint")).filter((e) => e.vpc_endpoint_type === "Interface");
      // THEN one endpoint per configured service, nothing more
      expect(iface.map((e) => e.service_name).sort()).toEqual(
        ["ecr.api", "ecr.dkr", "logs", "secretsmanager"].map((s) => synthesizedServiceName(s, "eu-west-1")).sort(),
      );
      iface.forEach((e) => {
        expect(e.subnet_ids).toEqual(privateRefs);
        expect(e.security_group_ids).toEqual([sgRef]);
        expect(e.private_dns_enabled).toBe(true);
      });
      // AND others reach the group through `endpoints`
      expect(network.endpoints?.securityGroupId).toBe(network.interfaceEndpoints!.securityGroupId);
    });

    it("adds ssmmessages when ECS Exec is enabled (once, even if listed)", () => {
      // GIVEN ECS Exec on, on with ssmmessages listed too, and off / WHEN the network is built
      // THEN ssmmessages appears once, once, and not at all
      const services = (props: Partial<NetworkProps>) =>
        Object.values(resources(buildNetwork(props).json, "aws_vpc_endpoint"))
          .map((e) => e.service_name)
          .filter((n: string) => n.endsWith("ssmmessages"));
      expect(services({ enableExecuteCommand: true })).toEqual(["com.amazonaws.eu-west-1.ssmmessages"]);
      expect(services({ enableExecuteCommand: true, interfaceEndpoints: ["ecr.api", "ssmmessages"] })).toHaveLength(1);
      expect(services({ enableExecuteCommand: false })).toEqual([]);
    });

    it("limits every endpoint to principals of the VPC's own account, read from the VPC's ARN", () => {
      // GIVEN prod with ECS Exec (every kind of endpoint)
      const { json, network } = buildNetwork({ enableExecuteCommand: true });
      const account = `\${element(split(":", aws_vpc.${network.vpc.friendlyUniqueId}.arn), 4)}`;
      const endpoints = Object.values(resources(json, "aws_vpc_endpoint"));
      expect(endpoints).toHaveLength(2 + 5);
      // THEN each has a policy whose account statement names the VPC's account
      endpoints.forEach((e) => {
        const statements = decodeJson(e.policy).Statement;
        expect(statements[0]).toMatchObject({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalAccount": account } } });
        // AND nothing else is unconditional on every resource
        statements.slice(1).forEach((st: TfJson) => expect(st.Resource).not.toBe("*"));
      });
      // AND no data source reads the account (the plan stays offline)
      expect(Object.keys(json.data ?? {})).toEqual(["aws_partition"]);
    });

    it("creates no interface endpoint and no endpoint security group when the list is empty", () => {
      // GIVEN / WHEN a network without interface endpoints (and no ECS Exec)
      // THEN neither the endpoints nor their group exist, and the network exposes none
      const { json, network } = buildNetwork({ interfaceEndpoints: [], enableExecuteCommand: false });
      expect(Object.values(resources(json, "aws_vpc_endpoint")).filter((e) => e.vpc_endpoint_type === "Interface")).toEqual([]);
      expect(resources(json, "aws_security_group")).toEqual({});
      expect(network.endpoints).toBeUndefined();
      expect(network.interfaceEndpoints).toBeUndefined();
    });
  });

  describe("egress dependencies", () => {
    /**
     * A prod network with `overrides` and a resource that waits for its egress (what
     * the lead's ECS service does): the synthesized JSON and that resource's depends_on.
     */
    const waitForEgress = (overrides: Partial<NetworkProps> = {}) => {
      const stack = testStack();
      // Typed as the contract other constructs see.
      const network: NetworkRef = new Network(stack, "network", { ...networkPropsFor(testEnv("prod")), ...overrides });
      const waiter = new DataResource(stack, "waiter", { dependsOn: network.egressDependencies });
      const json = synthJson(stack);
      const dependsOn: string[] = resources(json, "terraform_data")[waiter.friendlyUniqueId].depends_on;
      return { json, dependsOn };
    };
    /** Addresses of the route table associations of the subnets of `tier`. */
    const associationsOf = (json: TfJson, tier: string) =>
      Object.entries(resources(json, "aws_route_table_association"))
        .filter(([, a]) => follow(json, a.subnet_id).tags.tier === tier)
        .map(([name]) => `aws_route_table_association.${name}`);
    const all = (json: TfJson, type: string) => Object.keys(resources(json, type)).map((name) => `${type}.${name}`);

    it("perAz: NATs and the public route and associations they use, private routes and associations, every endpoint and the 443 rule", () => {
      // GIVEN prod (perAz, 3 AZs, four interface endpoints) WHEN a resource waits for egress
      const { json, dependsOn } = waitForEgress({ natGateways: "perAz" });
      // THEN it waits for exactly these
      const expected = [
        ...all(json, "aws_nat_gateway"),
        ...all(json, "aws_route"), // the public default route and one default route per private table
        ...associationsOf(json, "public"),
        ...associationsOf(json, "private"),
        ...all(json, "aws_vpc_endpoint"),
        ...all(json, "aws_vpc_security_group_ingress_rule"),
      ];
      expect([...dependsOn].sort()).toEqual([...expected].sort());
      expect(all(json, "aws_nat_gateway")).toHaveLength(3);
      expect(all(json, "aws_route")).toHaveLength(4);
      expect(all(json, "aws_vpc_endpoint")).toHaveLength(6);
      // AND never the database tier (tasks do not route through it)
      expect(associationsOf(json, "database").filter((a) => dependsOn.includes(a))).toEqual([]);
    });

    it("single: the one NAT and the routes to it", () => {
      // GIVEN a single-NAT network / WHEN a resource waits for egress
      // THEN it waits for the one NAT and every route
      const { json, dependsOn } = waitForEgress({ natGateways: "single" });
      expect(dependsOn.filter((d) => d.startsWith("aws_nat_gateway."))).toEqual(all(json, "aws_nat_gateway"));
      expect(all(json, "aws_nat_gateway")).toHaveLength(1);
      expect(dependsOn).toEqual(expect.arrayContaining(all(json, "aws_route")));
    });

    it("none: no NAT and no route to wait for, still the private associations and the endpoints", () => {
      // GIVEN a network without NAT or interface endpoints / WHEN a resource waits for egress
      // THEN it waits for exactly the private associations and the gateway endpoints
      const { json, dependsOn } = waitForEgress({ natGateways: "none", interfaceEndpoints: [], enableExecuteCommand: false });
      expect([...dependsOn].sort()).toEqual([...associationsOf(json, "private"), ...all(json, "aws_vpc_endpoint")].sort());
      expect(all(json, "aws_vpc_endpoint")).toHaveLength(2);
    });
  });

  describe("flow log", () => {
    it("logs ALL traffic of the VPC to its encrypted log group through its role", () => {
      // GIVEN / WHEN prod's network
      // THEN one flow log sends ALL traffic to its group, through its role; the group is encrypted and kept a year
      const { json, network } = buildNetwork();
      const logs = Object.values(resources(json, "aws_flow_log"));
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        vpc_id: ref("aws_vpc", network.vpc.friendlyUniqueId, "id"),
        traffic_type: "ALL",
        log_destination: ref("aws_cloudwatch_log_group", network.flowLog.logGroup.logGroup.friendlyUniqueId, "arn"),
        iam_role_arn: ref("aws_iam_role", network.flowLog.role.role.friendlyUniqueId, "arn"),
      });
      expect(follow(json, logs[0].log_destination)).toMatchObject({
        retention_in_days: 365,
        kms_key_id: networkPropsFor(testEnv("prod")).encryptionKey.keyArn,
      });
    });
  });

  describe.each(PROFILE_NAMES)("default config of %s", (envName: EnvironmentName) => {
    const env = testEnv(envName);
    const { json, network } = buildNetwork({}, envName);
    const azCount = env.settings.azCount;

    it("has three tiers in each configured AZ, none overlapping, all associated once", () => {
      // GIVEN / WHEN the environment's default network (built once above)
      // THEN three subnets per configured AZ, disjoint, each associated exactly once
      const subnets = Object.values(resources(json, "aws_subnet"));
      expect(subnets).toHaveLength(3 * azCount);
      expect(new Set(subnets.map((s) => s.availability_zone))).toEqual(new Set(env.azs));
      expect(overlappingPairs(subnets.map((s) => s.cidr_block))).toEqual([]);
      const assocSubnets = Object.values(resources(json, "aws_route_table_association")).map((a) => a.subnet_id);
      expect(assocSubnets).toHaveLength(3 * azCount);
      expect(new Set(assocSubnets).size).toBe(3 * azCount);
      expect(network.vpcCidr).toBe(env.settings.vpcCidr);
    });

    it("follows its NAT strategy (dev single, staging and prod perAz)", () => {
      // GIVEN / WHEN the environment's default network
      // THEN its private tables route to the NATs its strategy gives, and database subnets have no way out
      expect(env.settings.natGateways).toBe({ dev: "single", staging: "perAz", prod: "perAz" }[envName]);
      const egress = privateEgress(json);
      const nats = Object.keys(resources(json, "aws_nat_gateway"));
      if (env.settings.natGateways === "perAz") {
        expect(nats).toHaveLength(azCount);
        egress.forEach((e) => expect(e.natAz).toBe(e.az));
      } else if (env.settings.natGateways === "single") {
        expect(nats).toHaveLength(1);
        egress.forEach((e) => expect(e.natName).toBe(nats[0]));
      } else {
        expect(nats).toHaveLength(0);
        egress.forEach((e) => expect(e.natAz).toBeUndefined());
      }
      // database subnets, followed through their associations, have no default route
      Object.entries(resources(json, "aws_subnet"))
        .filter(([, subnet]) => subnet.tags.tier === "database")
        .forEach(([name]) => expect(defaultRoutes(json, routeTableOfSubnet(json, name))).toEqual([]));
    });

    it("has the configured interface endpoints (plus ssmmessages with ECS Exec) and flow-log retention", () => {
      // GIVEN / WHEN the environment's default network
      // THEN exactly its configured interface endpoints exist, and the flow log keeps its retention
      const expected = [...env.settings.interfaceEndpoints, ...(env.settings.ecs.enableExecuteCommand ? ["ssmmessages"] : [])];
      const iface = Object.values(resources(json, "aws_vpc_endpoint"))
        .filter((e) => e.vpc_endpoint_type === "Interface")
        .map((e) => e.service_name);
      expect(iface.sort()).toEqual([...new Set(expected)].map((s) => synthesizedServiceName(s, env.region)).sort());
      expect(Object.values(resources(json, "aws_cloudwatch_log_group"))[0].retention_in_days).toBe(env.settings.flowLogRetentionDays);
    });
  });

  describe("validation", () => {
    const build = (overrides: Partial<NetworkProps>) => () => buildNetwork(overrides);

    it("creates nothing when a prop is invalid", () => {
      // GIVEN a stack WHEN the network is built with one AZ
      const stack = testStack();
      expect(() => new Network(stack, "network", { ...networkPropsFor(testEnv("prod")), azs: ["eu-west-1a"] })).toThrow(/azs must list/);
      // THEN the stack holds no resource at all
      expect(synthJson(stack).resource).toBeUndefined();
    });

    it("rejects fewer than 2 or more than 6 AZs", () => {
      // GIVEN 1 or 7 AZs / WHEN building / THEN the error names the range and the count
      expect(build({ azs: ["eu-west-1a"] })).toThrow('test/network: azs must list 2–6 availability zones, got 1 (["eu-west-1a"])');
      const seven = "abcdefg".split("").map((l) => `eu-west-1${l}`);
      expect(build({ azs: seven })).toThrow(/test\/network: azs must list 2–6 availability zones, got 7/);
    });

    it("rejects AZs of another region and repeated AZs", () => {
      // GIVEN a foreign AZ, or one AZ twice / WHEN building / THEN the error names the AZ
      expect(build({ azs: ["eu-west-1a", "us-east-1b"] })).toThrow(
        'test/network: azs entry "us-east-1b" must be an availability zone of eu-west-1, like eu-west-1a',
      );
      expect(build({ azs: ["eu-west-1a", "eu-west-1a"] })).toThrow('test/network: azs must not repeat an availability zone, got ["eu-west-1a","eu-west-1a"]');
    });

    it("rejects an unknown natGateways strategy", () => {
      // GIVEN an unknown strategy / WHEN building / THEN the error lists the allowed ones
      expect(build({ natGateways: "both" as never })).toThrow('test/network: natGateways must be one of "single", "perAz", "none", got "both"');
    });

    it("rejects a CIDR too small for the tiers", () => {
      // GIVEN a /24 over 5 AZs / WHEN building / THEN the error names the VPC that would fit
      expect(build({ region: "us-east-1", vpcCidr: "10.0.0.0/24", azs: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e"] })).toThrow(
        "test/network: vpcCidr 10.0.0.0/24 is too small for 5 AZs: public and database subnets would be /29, but AWS subnets must be /28 or larger; use a /23 or larger VPC, or fewer AZs",
      );
    });

    it("rejects a malformed CIDR", () => {
      // GIVEN a /33 / WHEN building / THEN the error names the value
      expect(build({ vpcCidr: "10.0.0.0/33" })).toThrow('test/network: vpcCidr must be an IPv4 CIDR block, got "10.0.0.0/33"');
    });

    it("rejects unknown or repeated interface endpoints", () => {
      // GIVEN an unknown service, or one twice / WHEN building / THEN the error names it
      expect(build({ interfaceEndpoints: ["ecr.api", "ec2" as never] })).toThrow(
        'test/network: interfaceEndpoints must contain only ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages, monitoring, kms, sts, got "ec2"',
      );
      expect(build({ interfaceEndpoints: ["logs", "logs"] })).toThrow("test/network: interfaceEndpoints must not repeat a service, got logs more than once");
    });

    it("rejects a flow-log retention CloudWatch Logs does not offer (a caller without the LogRetentionDays type)", () => {
      // GIVEN 42 days / WHEN building / THEN the flow log's log group names the prop and the value
      expect(build({ flowLogRetentionDays: 42 as LogRetentionDays })).toThrow(
        /test\/network\/.*: logRetentionDays must be one of the CloudWatch Logs retention values: 1, 3, .*, got 42/,
      );
    });

    it("rejects a malformed region and a non-KMS key ARN", () => {
      // GIVEN a region name, or a key alias / WHEN building / THEN the error names the prop and the value
      expect(build({ region: "Ireland" })).toThrow('test/network: region must be an AWS region like eu-west-1, got "Ireland"');
      expect(build({ encryptionKey: { keyArn: "alias/logs" } })).toThrow(/test\/network: encryptionKey.keyArn must be a KMS key ARN .*, got "alias\/logs"/);
    });
  });
});

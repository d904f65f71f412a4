import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { allowTraffic } from "../../src/core/connections";
import { InterfaceEndpoints, InterfaceEndpointsProps } from "../../src/network/interface-endpoints";
import { ref, resources } from "../support/synth";
import { fakeNetwork, synthJson, testStack } from "../support/test-stack";
import { decodeJson } from "../support/json-document";
import { accountPrincipalsStatement, CHINA_AWARE_PREFIX } from "./support";

const PARTITION = "${data.aws_partition.aws-partition.partition}";
const ACCOUNT = "123456789012";

describe("InterfaceEndpoints", () => {
  const build = (props: Partial<InterfaceEndpointsProps> = {}) => {
    const stack = testStack();
    const network = fakeNetwork(stack);
    const endpoints = new InterfaceEndpoints(stack, "endpoints", {
      naming: { project: "platform", envName: "prod" },
      region: "eu-west-1",
      vpcId: network.vpcId,
      accountId: ACCOUNT,
      vpcCidr: network.vpcCidr,
      subnetIds: network.privateSubnetIds,
      services: ["ecr.api", "ecr.dkr"],
      ...props,
    });
    return { stack, network, endpoints };
  };

  it("creates one private-DNS endpoint per service in the given subnets, behind its own group", () => {
    // GIVEN two services
    // WHEN their endpoints are built
    const { stack, endpoints } = build();
    const json = synthJson(stack);
    const sgRef = ref("aws_security_group", endpoints.securityGroup.friendlyUniqueId, "id");
    // THEN each service has an Interface endpoint with private DNS, in the private subnets, with the group
    for (const service of ["ecr.api", "ecr.dkr"]) {
      expect(Testing.synth(stack)).toHaveResourceWithProperties(VpcEndpoint, {
        service_name: `${CHINA_AWARE_PREFIX}.eu-west-1.${service}`,
        vpc_endpoint_type: "Interface",
        private_dns_enabled: true,
        security_group_ids: [sgRef],
        subnet_ids: ["${aws_subnet.fake-private-0.id}", "${aws_subnet.fake-private-1.id}"],
        vpc_id: "${aws_vpc.fake-vpc.id}",
      });
    }
    expect(Object.keys(resources(json, "aws_vpc_endpoint"))).toHaveLength(2);
    expect(endpoints.endpoints["ecr.api"]).toBeDefined();
    expect(endpoints.endpoints.logs).toBeUndefined();
  });

  it("names only ecr.api, ecr.dkr, monitoring and sts after the partition; the rest com.amazonaws. everywhere", () => {
    // GIVEN every service the schema offers
    const services = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages", "monitoring", "kms", "sts"] as const;
    // WHEN their endpoints are built
    const { stack, endpoints } = build({ services });
    const json = synthJson(stack);
    const nameOf = (service: (typeof services)[number]) => resources(json, "aws_vpc_endpoint")[endpoints.endpoints[service]!.friendlyUniqueId].service_name;
    // THEN the four services China names cn.com.amazonaws. choose their prefix by the partition at plan time
    for (const service of ["ecr.api", "ecr.dkr", "monitoring", "sts"] as const) {
      expect(nameOf(service)).toBe(`\${(data.aws_partition.aws-partition.partition == "aws-cn") ? "cn.com.amazonaws" : "com.amazonaws"}.eu-west-1.${service}`);
    }
    // AND the others are literals, the same in every partition
    for (const service of ["logs", "secretsmanager", "ssmmessages", "kms"] as const) {
      expect(nameOf(service)).toBe(`com.amazonaws.eu-west-1.${service}`);
    }
  });

  it("admits only HTTPS from the VPC CIDR, with descriptions, and opens no egress", () => {
    // GIVEN / WHEN the endpoints of two services
    const { stack, endpoints } = build();
    const json = synthJson(stack);
    const sgRef = ref("aws_security_group", endpoints.securityGroup.friendlyUniqueId, "id");
    // THEN the group has a description and no inline rules
    const sg = resources(json, "aws_security_group")[endpoints.securityGroup.friendlyUniqueId];
    expect(sg.description).toMatch(/\S/);
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(SecurityGroup, {
      vpc_id: "${aws_vpc.fake-vpc.id}",
      lifecycle: { create_before_destroy: true },
    });
    // AND exactly one ingress rule: tcp 443 from the VPC CIDR
    const rules = Object.values(resources(json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === sgRef);
    expect(rules).toEqual([
      {
        security_group_id: sgRef,
        cidr_ipv4: "10.0.0.0/16",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        description: expect.stringMatching(/\S/),
      },
    ]);
    // AND no egress rule at all
    expect(resources(json, "aws_vpc_security_group_egress_rule")).toEqual({});
  });

  it("is a connection target: a workload opens 443 to it by reference", () => {
    // GIVEN a workload group
    const { stack, endpoints } = build();
    const workload = new SecurityGroup(stack, "workload", { vpcId: "vpc-1", description: "workload" });
    // WHEN the workload is allowed to reach the endpoints
    allowTraffic(endpoints, { node: workload.node, securityGroupId: workload.id }, endpoints, 443, "AWS APIs");
    // THEN the workload's egress references the endpoint group
    expect(Testing.synth(stack)).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: ref("aws_security_group", endpoints.securityGroup.friendlyUniqueId, "id"),
      referenced_security_group_id: "${aws_security_group.workload.id}",
      from_port: 443,
    });
  });

  it("admits only principals of the environment's account on every endpoint", () => {
    // GIVEN every service the schema offers
    const services = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages", "monitoring", "kms", "sts"] as const;
    // WHEN their endpoints are built
    const { stack, endpoints } = build({ services });
    const json = synthJson(stack);
    // THEN each endpoint has a policy whose first statement requires a principal of the account
    for (const service of services) {
      const body = resources(json, "aws_vpc_endpoint")[endpoints.endpoints[service]!.friendlyUniqueId];
      const policy = decodeJson(body.policy);
      expect(policy.Statement[0]).toEqual(accountPrincipalsStatement(ACCOUNT));
      // AND no other statement admits anything without a condition or a resource of this account
      for (const extra of policy.Statement.slice(1)) {
        expect(service).toBe("sts");
        expect(extra.Resource).toEqual([`arn:${PARTITION}:iam::${ACCOUNT}:role/*`]);
      }
    }
  });

  it("lets unsigned web-identity and SAML federation through STS only into roles of the account", () => {
    // GIVEN / WHEN an STS endpoint
    const { stack, endpoints } = build({ services: ["sts"] });
    const policy = decodeJson(resources(synthJson(stack), "aws_vpc_endpoint")[endpoints.endpoints.sts!.friendlyUniqueId].policy);
    // THEN its second statement admits only federation, and only into roles of the account
    expect(policy.Statement[1]).toEqual({
      Sid: "FederationIntoThisAccount",
      Effect: "Allow",
      Principal: "*",
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
      Resource: [`arn:${PARTITION}:iam::${ACCOUNT}:role/*`],
    });
  });

  it("exposes its 443 rule (workloads must not start before it exists)", () => {
    // GIVEN / WHEN the endpoints
    const { stack, endpoints } = build();
    // THEN the rule they expose is the 443 ingress from the VPC
    const rule = resources(synthJson(stack), "aws_vpc_security_group_ingress_rule")[endpoints.httpsIngress.friendlyUniqueId];
    expect(rule).toMatchObject({ from_port: 443, to_port: 443, cidr_ipv4: "10.0.0.0/16" });
  });

  it("rejects an account id that is not 12 digits", () => {
    // GIVEN a malformed account / WHEN building / THEN the error names the prop and the value
    expect(() => build({ accountId: "acct" })).toThrow('test/endpoints: accountId must be a 12-digit AWS account id, got "acct"');
  });

  it("rejects an empty service list", () => {
    // GIVEN no service / WHEN building / THEN the error names the prop
    expect(() => build({ services: [] })).toThrow("test/endpoints: services must list at least one service, got none");
  });

  it("rejects an unknown service", () => {
    // GIVEN a gateway service (s3) among them / WHEN building / THEN the error lists the allowed ones and names it
    expect(() => build({ services: ["ecr.api", "s3" as never] })).toThrow(
      'test/endpoints: services must contain only ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages, monitoring, kms, sts, got "s3"',
    );
  });

  it("rejects a repeated service", () => {
    // GIVEN logs twice / WHEN building / THEN the error names the repeated service
    expect(() => build({ services: ["logs", "ecr.api", "logs"] })).toThrow("test/endpoints: services must not repeat a service, got logs more than once");
  });

  it("rejects an empty subnet list", () => {
    // GIVEN no subnet / WHEN building / THEN the error names the prop
    expect(() => build({ subnetIds: [] })).toThrow("test/endpoints: subnetIds must name at least one subnet, got none");
  });
});

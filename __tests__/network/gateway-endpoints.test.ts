import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { accountIdOf } from "../../src/core/iam";
import { GatewayEndpoints, GatewayEndpointsProps } from "../../src/network/gateway-endpoints";
import { ref, resources } from "../support/synth";
import { fakeNetwork, synthJson, testStack } from "../support/test-stack";
import { decodeJson } from "../support/json-document";
import { accountPrincipalsStatement } from "./support";

/** The partition of the stack, as the synthesized reference. */
const PARTITION = "${data.aws_partition.aws-partition.partition}";
const ACCOUNT = "123456789012";

describe("GatewayEndpoints", () => {
  const build = (tables = 2, props: Partial<GatewayEndpointsProps> = {}) => {
    const stack = testStack();
    const network = fakeNetwork(stack);
    const routeTables = Array.from({ length: tables }, (_, i) => new RouteTable(stack, `rt-${i}`, { vpcId: network.vpcId }));
    const endpoints = new GatewayEndpoints(stack, "gateways", {
      naming: { project: "platform", envName: "dev" },
      region: "eu-west-1",
      vpcId: network.vpcId,
      routeTableIds: routeTables.map((rt) => rt.id),
      accountId: ACCOUNT,
      ...props,
    });
    return { stack, endpoints };
  };

  it("creates S3 and DynamoDB gateway endpoints on every given route table", () => {
    // GIVEN two route tables
    // WHEN the gateway endpoints are built on them
    const { stack, endpoints } = build();
    const tables = ["${aws_route_table.rt-0.id}", "${aws_route_table.rt-1.id}"];
    // THEN both endpoints are Gateway type in the VPC with both tables
    for (const service of ["s3", "dynamodb"]) {
      expect(Testing.synth(stack)).toHaveResourceWithProperties(VpcEndpoint, {
        service_name: `com.amazonaws.eu-west-1.${service}`,
        vpc_endpoint_type: "Gateway",
        vpc_id: "${aws_vpc.fake-vpc.id}",
        route_table_ids: tables,
        tags: { Name: `platform-dev-${service}-gateway` },
      });
    }
    const json = synthJson(stack);
    expect(Object.keys(resources(json, "aws_vpc_endpoint"))).toHaveLength(2);
    expect(resources(json, "aws_vpc_endpoint")[endpoints.s3.friendlyUniqueId].service_name).toBe("com.amazonaws.eu-west-1.s3");
    expect(ref("aws_vpc_endpoint", endpoints.dynamodb.friendlyUniqueId, "id")).toContain("dynamodb");
  });

  it("names both gateways com.amazonaws.<region>.<service> in every partition, China included", () => {
    // GIVEN the gateways in a China region
    // WHEN they are built
    const { stack } = build(2, { region: "cn-north-1" });
    const json = synthJson(stack);
    // THEN the names are literals: China's S3 and DynamoDB gateways are not cn.com.amazonaws.
    // (eksctl-io/eksctl#3081: "The Vpc Endpoint Service 'cn.com.amazonaws.cn-northwest-1.s3' does not exist")
    expect(
      Object.values(resources(json, "aws_vpc_endpoint"))
        .map((e) => e.service_name)
        .sort(),
    ).toEqual(["com.amazonaws.cn-north-1.dynamodb", "com.amazonaws.cn-north-1.s3"]);
    // AND the policies still take the partition from the stack's one data source
    expect(Object.keys(json.data.aws_partition)).toEqual(["aws-partition"]);
  });

  it("admits only principals of the environment's account on DynamoDB", () => {
    // GIVEN the endpoints WHEN the DynamoDB policy is read
    const { stack, endpoints } = build();
    const policy = decodeJson(resources(synthJson(stack), "aws_vpc_endpoint")[endpoints.dynamodb.friendlyUniqueId].policy);
    // THEN one statement: any action, but only by a principal of the account
    expect(policy.Statement).toEqual([accountPrincipalsStatement(ACCOUNT)]);
  });

  it("keeps ECR's image-layer bucket readable on S3 without a principal condition (the URL is presigned by ECR)", () => {
    // GIVEN the endpoints WHEN the S3 policy is read
    const { stack, endpoints } = build();
    const policy = decodeJson(resources(synthJson(stack), "aws_vpc_endpoint")[endpoints.s3.friendlyUniqueId].policy);
    // THEN the account statement, then ECR's layer bucket for anyone (GetObject only)
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Sid: "PrincipalsOfThisAccount", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
      {
        Sid: "EcrImageLayers",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:GetObject"],
        Resource: [`arn:${PARTITION}:s3:::prod-eu-west-1-starport-layer-bucket/*`],
      },
    ]);
  });

  it("takes the account as a token (the network reads it from the VPC ARN)", () => {
    // GIVEN an account id only known at apply time
    const stack = testStack();
    const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
    const rt = new RouteTable(stack, "rt", { vpcId: vpc.id });
    const endpoints = new GatewayEndpoints(stack, "gateways", {
      naming: { project: "platform", envName: "dev" },
      region: "eu-west-1",
      vpcId: vpc.id,
      routeTableIds: [rt.id],
      accountId: accountIdOf(vpc.arn),
    });
    // WHEN the S3 policy is read
    // THEN the condition compares against the account part of the VPC's ARN
    const policy = decodeJson(resources(synthJson(stack), "aws_vpc_endpoint")[endpoints.s3.friendlyUniqueId].policy);
    expect(policy.Statement[0].Condition.StringEquals["aws:PrincipalAccount"]).toBe('${element(split(":", aws_vpc.vpc.arn), 4)}');
  });

  it("rejects an empty route table list", () => {
    // GIVEN no route table / WHEN building / THEN the error names the prop
    expect(() => build(0)).toThrow("test/gateways: routeTableIds must name at least one route table, got none");
  });

  it("rejects an account id that is not 12 digits", () => {
    // GIVEN a 5-digit account / WHEN building / THEN the error names the prop and the value
    expect(() => build(2, { accountId: "12345" })).toThrow('test/gateways: accountId must be a 12-digit AWS account id, got "12345"');
  });
});

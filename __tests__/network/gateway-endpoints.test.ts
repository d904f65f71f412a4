import { Testing } from "cdktf";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { GatewayEndpoints } from "../../src/network/gateway-endpoints";
import { ref, resources } from "../support/synth";
import { fakeNetwork, synthJson, testStack } from "../support/test-stack";

describe("GatewayEndpoints", () => {
  const build = (tables = 2) => {
    const stack = testStack();
    const network = fakeNetwork(stack);
    const routeTables = Array.from({ length: tables }, (_, i) => new RouteTable(stack, `rt-${i}`, { vpcId: network.vpcId }));
    const endpoints = new GatewayEndpoints(stack, "gateways", {
      naming: { project: "platform", envName: "dev" },
      region: "eu-west-1",
      vpcId: network.vpcId,
      routeTableIds: routeTables.map((rt) => rt.id),
    });
    return { stack, endpoints };
  };

  it("creates S3 and DynamoDB gateway endpoints on every given route table", () => {
    // GIVEN two route tables
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

  it("rejects an empty route table list", () => {
    expect(() => build(0)).toThrow("test/gateways: routeTableIds must name at least one route table, got none");
  });
});

import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { Apigatewayv2VpcLink } from "@cdktf/provider-aws/lib/apigatewayv2-vpc-link";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcLink } from "../../src/edge/vpc-link";
import { NetworkRef } from "../../src/network/network-ref";
import { ref, resources } from "../support/synth";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";

describe("VpcLink", () => {
  const build = (network?: (n: NetworkRef) => NetworkRef) => {
    const stack = testStack();
    const base = fakeNetwork(stack);
    const link = new VpcLink(stack, "link", { naming: testEnv("dev"), network: network ? network(base) : base });
    return { stack, link, network: base };
  };

  it("puts the link in the private subnets with its own security group", () => {
    // GIVEN / WHEN a link in the fake network
    const { stack, link } = build();
    // THEN the link references the private subnets and its own group
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Apigatewayv2VpcLink, {
      name: "platform-dev-vpc-link",
      subnet_ids: [ref("aws_subnet", "fake-private-0", "id"), ref("aws_subnet", "fake-private-1", "id")],
      security_group_ids: [ref("aws_security_group", link.securityGroup.friendlyUniqueId, "id")],
    });
  });

  it("gives the group a description and no inline rules (nothing connects to the link; egress opens per service)", () => {
    // GIVEN / WHEN a link in the fake network
    const { stack, link } = build();
    // THEN its group is described, replaced before destroyed, in the VPC
    expect(Testing.synth(stack)).toHaveResourceWithProperties(SecurityGroup, {
      name_prefix: "platform-dev-vpc-link-",
      lifecycle: { create_before_destroy: true },
      vpc_id: ref("aws_vpc", "fake-vpc", "id"),
      description: expect.stringMatching(/VPC link: no ingress/),
    });
    // AND has no inline rules, and no rule exists at all until a service is added
    const json = synthJson(stack);
    const sg = resources(json, "aws_security_group")[link.securityGroup.friendlyUniqueId];
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(resources(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(resources(json, "aws_vpc_security_group_egress_rule")).toEqual({});
  });

  it("rejects a network without private subnets", () => {
    // GIVEN a network without private subnets / WHEN building / THEN the error names the prop
    expect(() => build((n) => ({ ...n, privateSubnetIds: [] }))).toThrow("test/link: network.privateSubnetIds must list at least one subnet, got none");
  });
});

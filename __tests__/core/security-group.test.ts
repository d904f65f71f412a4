import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Testing } from "cdktf";
import { tierSecurityGroup } from "../../src/core/security-group";
import { testStack } from "../support/test-stack";

describe("tierSecurityGroup", () => {
  it("takes a name prefix and is replaced create-before-destroy, with no inline rules", () => {
    // GIVEN a stack WHEN a tier group is made
    const stack = testStack();
    tierSecurityGroup(stack, "sg", { name: "platform-prod-orders", description: "orders tasks", vpcId: "vpc-1" });
    // THEN a replacement never needs the old group gone first, and rules are separate resources
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(SecurityGroup, {
      name_prefix: "platform-prod-orders-",
      description: "orders tasks",
      vpc_id: "vpc-1",
      tags: { Name: "platform-prod-orders" },
      lifecycle: { create_before_destroy: true },
    });
    const sg = JSON.parse(synthesized).resource.aws_security_group.sg;
    expect(sg.name).toBeUndefined();
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it("rejects an empty description (CKV_AWS_23), naming the group", () => {
    // GIVEN an empty description (CKV_AWS_23), WHEN built, THEN it throws, naming the group
    expect(() => tierSecurityGroup(testStack(), "sg", { name: "x", description: "  ", vpcId: "vpc-1" })).toThrow(/test\/sg: description must not be empty/);
  });
});

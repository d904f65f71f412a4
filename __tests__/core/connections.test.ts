import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { allowTraffic, ConnectableRef } from "../../src/core/connections";
import { testStack } from "../support/test-stack";

describe("allowTraffic", () => {
  const build = () => {
    const stack = testStack();
    const tier = (id: string): ConnectableRef & Construct & { ref: string } => {
      const scope = new Construct(stack, id);
      const sg = new SecurityGroup(scope, "sg", { vpcId: "vpc-1", description: id });
      return Object.assign(scope, { securityGroupId: sg.id, ref: `\${aws_security_group.${sg.friendlyUniqueId}.id}` });
    };
    return { stack, caller: tier("caller"), callee: tier("callee") };
  };

  it("opens the port on both sides, each rule referencing the other group", () => {
    // GIVEN two tiers WHEN the caller is admitted to the callee on 8080
    const { stack, caller, callee } = build();
    allowTraffic(callee, caller, callee, 8080, "caller to callee");
    // THEN the callee admits the caller's group and the caller may send to the callee's group, on 8080 only
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: callee.ref,
      referenced_security_group_id: caller.ref,
      from_port: 8080,
      to_port: 8080,
      ip_protocol: "tcp",
    });
    expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      security_group_id: caller.ref,
      referenced_security_group_id: callee.ref,
      from_port: 8080,
      to_port: 8080,
      ip_protocol: "tcp",
    });
  });

  it("rejects a port outside 1–65535, naming the scope", () => {
    // GIVEN a port outside 1–65535, WHEN built, THEN it throws, naming the scope
    const { caller, callee } = build();
    expect(() => allowTraffic(callee, caller, callee, 0, "x")).toThrow(/test\/callee: port must be 1–65535, got 0/);
  });
});

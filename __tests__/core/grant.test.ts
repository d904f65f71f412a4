import "cdktf/lib/testing/adapters/jest";
import { Construct } from "constructs";
import { Testing } from "cdktf";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { EncryptedLogGroup } from "../../src/core/log-group";
import { grantInlinePolicy } from "../../src/core/iam";
import { ecsTaskRole, testStack } from "../support/test-stack";
import { refOf } from "../support/synth";
import { fakeKmsKeyArn } from "../support/fake-arns";

describe("grantInlinePolicy (the one grant model)", () => {
  const build = () => {
    const stack = testStack();
    const role = (parent: string) => ecsTaskRole(new Construct(stack, parent), "exec", `${parent}-exec`);
    const logs = new EncryptedLogGroup(stack, "logs", {
      name: "/test/logs",
      logRetentionDays: 30,
      encryptionKey: { keyArn: fakeKmsKeyArn("k") },
    });
    return { stack, logs, orders: role("orders"), catalog: role("catalog") };
  };

  it("gives two roles with the same local id a policy each, keyed on the grantee's path, and returns it", () => {
    // GIVEN two roles both named `exec` under different parents
    const { stack, logs, orders, catalog } = build();
    // WHEN the log group grants both
    const a = logs.grantWrite(orders);
    const b = logs.grantWrite(catalog);
    // THEN each grant returns its own policy, on its own role, with an id from the grantee's path
    expect(a).toBeInstanceOf(IamRolePolicy);
    expect(a.node.id).toBe("write-test-orders-exec");
    expect(b.node.id).toBe("write-test-catalog-exec");
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(IamRolePolicy, { role: refOf(orders.role, "name") });
    expect(synthesized).toHaveResourceWithProperties(IamRolePolicy, { role: refOf(catalog.role, "name") });
  });

  it("returns the first policy when the same grant is made twice", () => {
    // GIVEN a grantor and a grantee, WHEN the same grant is made twice, THEN both return one policy
    const { logs, orders } = build();
    expect(logs.grantWrite(orders)).toBe(logs.grantWrite(orders));
  });

  it("keeps grants of one kind apart with an id suffix", () => {
    // GIVEN one grantor WHEN it grants the same verb twice with suffixes a and b
    const { stack, orders } = build();
    const grantor = new Construct(stack, "db");
    const statements = [{ Effect: "Allow" as const, Action: ["rds-db:connect"], Resource: ["*"] }];
    const a = grantInlinePolicy(grantor, orders, { verb: "connect", idSuffix: "a", policyName: "a", statements });
    const b = grantInlinePolicy(grantor, orders, { verb: "connect", idSuffix: "b", policyName: "b", statements });
    // THEN the two policies have distinct ids
    expect([a.node.id, b.node.id]).toEqual(["connect-test-orders-exec-a", "connect-test-orders-exec-b"]);
  });
});

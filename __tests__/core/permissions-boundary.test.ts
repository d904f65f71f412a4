import "cdktf/lib/testing/adapters/jest";
import { Construct } from "constructs";
import { Testing } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { PermissionsBoundary } from "../../src/core/permissions-boundary";
import { ServiceRole } from "../../src/core/service-role";
import { synthJson, testStack } from "../support/test-stack";

const BOUNDARY = "arn:aws:iam::111111111111:policy/acme-workload-boundary";
const OTHER = "arn:aws:iam::111111111111:policy/other-boundary";

describe("PermissionsBoundary", () => {
  const role = (scope: Construct, id: string, props: { permissionsBoundary?: string } = {}) =>
    new ServiceRole(scope, id, { name: `acme-prod-${id}`, description: id, servicePrincipal: "ecs-tasks.amazonaws.com", ...props });

  it("bounds every role under the scope, also roles created after the call and roles made without ServiceRole", () => {
    // GIVEN a boundary applied to a stack before and after its roles exist
    const stack = testStack();
    role(stack, "early");
    PermissionsBoundary.of(stack).apply(BOUNDARY);
    role(stack, "late");
    new IamRole(stack, "raw", { name: "acme-prod-raw", assumeRolePolicy: "{}" });
    // WHEN synthesized / THEN all three carry it
    const roles = Object.values(synthJson(stack).resource.aws_iam_role) as { permissions_boundary?: string }[];
    expect(roles).toHaveLength(3);
    expect(roles.map((r) => r.permissions_boundary)).toEqual([BOUNDARY, BOUNDARY, BOUNDARY]);
  });

  it("leaves a role's own boundary and roles outside the scope alone", () => {
    // GIVEN a boundary applied to one subtree, a role with its own boundary in it, a role beside it
    const stack = testStack();
    const scope = new Construct(stack, "bounded");
    role(scope, "own", { permissionsBoundary: OTHER });
    role(scope, "inside");
    role(stack, "outside");
    PermissionsBoundary.of(scope).apply(BOUNDARY);
    // WHEN synthesized / THEN the own boundary stays, the subtree's role is bounded, the other is not
    const json = Testing.synth(stack);
    expect(json).toHaveResourceWithProperties(IamRole, { name: "acme-prod-own", permissions_boundary: OTHER });
    expect(json).toHaveResourceWithProperties(IamRole, { name: "acme-prod-inside", permissions_boundary: BOUNDARY });
    const outside = Object.values(JSON.parse(json).resource.aws_iam_role as Record<string, { name: string; permissions_boundary?: string }>).find(
      (r) => r.name === "acme-prod-outside",
    );
    expect(outside).toBeDefined();
    expect(outside?.permissions_boundary).toBeUndefined();
  });
});

describe("ServiceRole permissionsBoundary", () => {
  it("sets the role's boundary when given, and none by default", () => {
    // GIVEN two roles, one with a boundary / WHEN synthesized / THEN only that one has permissions_boundary
    const stack = testStack();
    new ServiceRole(stack, "bounded", { name: "acme-prod-a", description: "a", servicePrincipal: "ecs-tasks.amazonaws.com", permissionsBoundary: BOUNDARY });
    new ServiceRole(stack, "free", { name: "acme-prod-b", description: "b", servicePrincipal: "ecs-tasks.amazonaws.com" });
    const roles = synthJson(stack).resource.aws_iam_role as Record<string, { name: string; permissions_boundary?: string }>;
    const byName = Object.fromEntries(Object.values(roles).map((r) => [r.name, r.permissions_boundary]));
    expect(byName).toEqual({ "acme-prod-a": BOUNDARY, "acme-prod-b": undefined });
  });
});

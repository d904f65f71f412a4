import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Testing } from "cdktf";
import { ServiceRole, ServiceRoleProps } from "../../src/core/service-role";
import { decodeJson } from "../support/json-document";
import { testStack } from "../support/test-stack";

describe("ServiceRole", () => {
  const build = (props: Partial<ServiceRoleProps> = {}) => {
    const stack = testStack();
    const role = new ServiceRole(stack, "role", {
      name: "platform-dev-orders-task",
      description: "orders task",
      servicePrincipal: "ecs-tasks.amazonaws.com",
      ...props,
    });
    return { stack, role };
  };

  it("trusts exactly one service principal, with the given conditions, and attaches managed policies as separate resources", () => {
    // GIVEN a role with a confused-deputy condition and one managed policy
    const arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";
    const { stack } = build({ trustConditions: { StringEquals: { "aws:SourceAccount": "123456789012" } }, managedPolicyArns: [arn] });
    // WHEN synthesized
    const synthesized = Testing.synth(stack);
    // THEN the trust policy names that principal and condition only
    const role = Object.values(JSON.parse(synthesized).resource.aws_iam_role)[0] as { assume_role_policy: string; managed_policy_arns?: unknown };
    expect(decodeJson(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    expect(role.managed_policy_arns).toBeUndefined();
    expect(synthesized).toHaveResourceWithProperties(IamRole, { name: "platform-dev-orders-task" });
    expect(synthesized).toHaveResourceWithProperties(IamRolePolicyAttachment, { policy_arn: arn });
  });

  it("adds an inline policy per addPolicy call", () => {
    // GIVEN a role WHEN a policy is added
    const { stack, role } = build();
    role.addPolicy("read-config", [{ Effect: "Allow", Action: ["ssm:GetParameter"], Resource: ["arn:aws:ssm:eu-west-1:123456789012:parameter/x"] }]);
    // THEN an inline policy of that name exists
    expect(Testing.synth(stack)).toHaveResourceWithProperties(IamRolePolicy, { name: "read-config" });
  });

  it("rejects a name longer than 64 characters, naming the prop", () => {
    // GIVEN a name longer than 64 characters, WHEN built, THEN it throws, naming the prop
    expect(() => build({ name: "r".repeat(65) })).toThrow(/test\/role: name must be at most 64 characters, got 65/);
  });

  it("rejects a principal that is not one AWS service", () => {
    // GIVEN a principal that is not one AWS service, WHEN built, THEN it throws
    expect(() => build({ servicePrincipal: "*" })).toThrow(/servicePrincipal must be one AWS service principal .*got "\*"/);
  });

  it("refuses admin managed policies", () => {
    // GIVEN admin managed policies, WHEN built, THEN it throws
    expect(() => build({ managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] })).toThrow(
      /managedPolicyArns must not grant admin rights, got arn:aws:iam::aws:policy\/AdministratorAccess/,
    );
  });

  it('refuses an empty policy, wildcard actions on "*" and privilege escalation', () => {
    // GIVEN an empty policy, then broad statements, WHEN added, THEN each throws with the rule's message
    const { role } = build();
    expect(() => role.addPolicy("empty", [])).toThrow(/policy empty needs at least one statement/);
    expect(() => role.addPolicy("wide", [{ Effect: "Allow", Action: ["s3:*"], Resource: ["*"] }])).toThrow(
      /policy wide: actions \("s3:\*"\) grants every action of a service on every resource \("\*"\)/,
    );
    expect(() => role.addPolicy("all", [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }])).toThrow(/actions \("\*"\) grants every action/);
    expect(() => role.addPolicy("pass", [{ Effect: "Allow", Action: ["iam:PassRole"], Resource: ["*"] }])).toThrow(/escalate its privileges/);
  });

  it("accepts a service wildcard on named resources, as the config does", () => {
    // GIVEN s3:* on one bucket's objects / WHEN added / THEN the policy holds it
    const { role, stack } = build();
    role.addPolicy("bucket", [{ Effect: "Allow", Action: ["s3:*"], Resource: ["arn:aws:s3:::uploads/*"] }]);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(IamRolePolicy, { name: "bucket" });
  });
});

import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { DeployRole, DeployRoleProps } from "../../src/ci/deploy-role";
import { PLATFORM_SERVICE_LINKED_ROLE_SERVICES } from "../../src/core/aws-facts";
import { PARTITION } from "../support/partition";
import { synthJson, testStack } from "../support/test-stack";
import { decodeJson } from "../support/json-document";
import { ACCOUNT, DIRECT, fakeGithub, inlineStatements, only, statement, STATE_KEY, STATE_ROLE_ARN, THROUGH_ROLE } from "./fixtures";

const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/acme-deploy-boundary`;

describe("DeployRole", () => {
  const build = (props: Partial<DeployRoleProps> = {}) => {
    const stack = testStack();
    const role = new DeployRole(stack, "deploy", {
      name: "acme-qa-deploy",
      github: fakeGithub,
      subject: "repo:acme/platform:environment:qa",
      account: ACCOUNT,
      resourcePrefix: "acme-qa-",
      permissionsBoundaryArn: BOUNDARY,
      state: THROUGH_ROLE,
      stateKey: STATE_KEY,
      ...props,
    });
    return { stack, role, json: synthJson(stack) };
  };

  it("trusts the environment's subject only, carries the deploy boundary and allows two-hour sessions", () => {
    // GIVEN / WHEN the role is synthesized / THEN its trust is the provider's for that subject, bounded, 7200 s
    const { json } = build();
    const role = only(json, "aws_iam_role");
    expect(decodeJson(role.assume_role_policy).Statement[0].Sub).toBe("repo:acme/platform:environment:qa");
    expect(role).toMatchObject({ name: "acme-qa-deploy", permissions_boundary: BOUNDARY, max_session_duration: 7200 });
  });

  it("attaches PowerUserAccess by the stack's partition", () => {
    // GIVEN / WHEN synthesized / THEN one attachment: AWS's PowerUserAccess, no hard-coded arn:aws
    const { stack } = build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(IamRolePolicyAttachment, { policy_arn: `arn:${PARTITION}:iam::aws:policy/PowerUserAccess` });
  });

  it("manages, passes and deletes only the environment's roles and instance profiles, and only the platform's service-linked roles", () => {
    // GIVEN / WHEN synthesized / THEN every IAM statement is scoped to <project>-<env>-* in the account
    const statements = inlineStatements(build().json, "environment-iam");
    expect(statement(statements, "EnvironmentRoles")).toMatchObject({
      Resource: [`arn:${PARTITION}:iam::${ACCOUNT}:role/acme-qa-*`],
      Action: expect.arrayContaining(["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PassRole", "iam:DeleteRole"]),
    });
    expect(statement(statements, "EnvironmentInstanceProfiles").Resource).toEqual([`arn:${PARTITION}:iam::${ACCOUNT}:instance-profile/acme-qa-*`]);
    expect(statement(statements, "PlatformServiceLinkedRoles")).toEqual({
      Sid: "PlatformServiceLinkedRoles",
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource: [`arn:${PARTITION}:iam::${ACCOUNT}:role/aws-service-role/*`],
      Condition: { StringEquals: { "iam:AWSServiceName": [...PLATFORM_SERVICE_LINKED_ROLE_SERVICES] } },
    });
    // No IAM action on anything but those three scopes.
    expect(
      statements.flatMap((s) => s.Resource).filter((r: string) => !/:(role\/acme-qa-\*|instance-profile\/acme-qa-\*|role\/aws-service-role\/\*)$/.test(r)),
    ).toEqual([]);
  });

  it("reaches its state through the state role, or directly in the state account", () => {
    // GIVEN state through state.roleArn, and state in the role's account
    const viaRole = inlineStatements(build().json, "terraform-state");
    const direct = inlineStatements(build({ state: DIRECT }).json, "terraform-state");
    // THEN the first only assumes the role; the second reads and writes its own key and lock file
    expect(viaRole).toEqual([{ Sid: "AssumeStateRole", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: [STATE_ROLE_ARN] }]);
    expect(statement(direct, "ReadWriteState").Action).toEqual(["s3:GetObject", "s3:PutObject"]);
    expect(statement(direct, "StateKey").Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
  });

  it("takes a longer session when asked", () => {
    // GIVEN maxSessionDuration 4 h / WHEN synthesized / THEN the role says so
    expect(Testing.synth(build({ maxSessionDuration: 14400 }).stack)).toHaveResourceWithProperties(IamRole, { max_session_duration: 14400 });
  });

  it.each<[string, Partial<DeployRoleProps>, RegExp]>([
    ["a name over 64 characters", { name: "r".repeat(65) }, /name must be 1–64 characters, got 65/],
    ["an account that is not 12 digits", { account: "1234" }, /account must be a 12-digit AWS account id, got "1234"/],
    ["a prefix that does not end in '-'", { resourcePrefix: "acme-qa" }, /resourcePrefix must be a role-name prefix ending in '-'.*got "acme-qa"/],
    ["a prefix with a wildcard", { resourcePrefix: "acme-*-" }, /resourcePrefix must be a role-name prefix/],
    ["a session under an hour", { maxSessionDuration: 900 }, /maxSessionDuration must be a whole number of seconds from 3600 to 43200, got 900/],
    ["no service-linked role services", { serviceLinkedRoleServices: [] }, /serviceLinkedRoleServices must name at least one service/],
  ])("refuses %s", (_what, props, message) => {
    // GIVEN a bad prop (table) / WHEN built / THEN it throws, naming the construct and the prop
    expect(() => build(props)).toThrow(new RegExp(`test/deploy: ${message.source}`));
  });
});

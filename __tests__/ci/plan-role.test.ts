import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { PlanRole, PlanRoleProps } from "../../src/ci/plan-role";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { synthJson, testStack } from "../support/test-stack";
import { BUCKET_ARN, DIRECT, fakeGithub, inlineStatements, only, statement, STATE_KEY, STATE_ROLE_ARN, THROUGH_ROLE } from "./fixtures";

describe("PlanRole", () => {
  const build = (props: Partial<PlanRoleProps> = {}) => {
    const stack = testStack();
    const role = new PlanRole(stack, "plan", {
      name: "acme-qa-plan",
      github: fakeGithub,
      subject: "repo:acme/platform:pull_request",
      state: DIRECT,
      stateKey: STATE_KEY,
      ...props,
    });
    return { stack, role, json: synthJson(stack) };
  };

  it("trusts pull requests of the repository, with ReadOnlyAccess and no boundary needed", () => {
    // GIVEN / WHEN synthesized / THEN the pull_request subject, AWS's ReadOnlyAccess by partition
    const { stack, json } = build();
    const role = only(json, "aws_iam_role");
    expect(decodeJson(role.assume_role_policy).Statement[0].Sub).toBe("repo:acme/platform:pull_request");
    expect(role.name).toBe("acme-qa-plan");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(IamRolePolicyAttachment, { policy_arn: `arn:${PARTITION}:iam::aws:policy/ReadOnlyAccess` });
  });

  it("reads its state and writes only its lock file; reads no other S3 object", () => {
    // GIVEN the state in the role's account / WHEN synthesized
    const statements = inlineStatements(build().json, "terraform-state");
    // THEN the state key is read-only, Put/Delete only on <key>.tflock, and every other object's read is denied
    expect(statement(statements, "ReadState")).toMatchObject({ Action: ["s3:GetObject"], Resource: [`${BUCKET_ARN}/${STATE_KEY}`] });
    expect(statement(statements, "StateLockFile")).toMatchObject({ Resource: [`${BUCKET_ARN}/${STATE_KEY}.tflock`] });
    expect(statement(statements, "NoOtherObjects")).toEqual({
      Sid: "NoOtherObjects",
      Effect: "Deny",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      NotResource: [`${BUCKET_ARN}/${STATE_KEY}`, `${BUCKET_ARN}/${STATE_KEY}.tflock`],
    });
    const puts = statements.filter((s) => s.Effect === "Allow" && s.Action.includes("s3:PutObject"));
    expect(puts.map((s) => s.Resource)).toEqual([[`${BUCKET_ARN}/${STATE_KEY}.tflock`]]);
  });

  it("assumes the state role where the state is reached through it, and reads no S3 object itself", () => {
    // GIVEN state.roleArn / WHEN synthesized / THEN sts:AssumeRole on it, and a deny of every object read
    const statements = inlineStatements(build({ state: THROUGH_ROLE }).json, "terraform-state");
    expect(statements).toEqual([
      { Sid: "AssumeStateRole", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: [STATE_ROLE_ARN] },
      { Sid: "NoOtherObjects", Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: "*" },
    ]);
  });

  it("refuses a name over 64 characters", () => {
    // GIVEN a long name / WHEN built / THEN it throws, naming the construct
    expect(() => build({ name: "p".repeat(65) })).toThrow(/test\/plan: name must be 1–64 characters, got 65/);
  });
});

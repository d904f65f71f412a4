import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { parseRoleArn, StateRole, StateRoleProps } from "../../src/ci/state-role";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { synthJson, testStack } from "../support/test-stack";
import { BUCKET_ARN, inlineStatements, KEY_ARN, only, statement, STATE_ROLE_ARN } from "./fixtures";

describe("StateRole", () => {
  const build = (props: Partial<StateRoleProps> = {}) => {
    const stack = testStack();
    new StateRole(stack, "state", {
      roleArn: STATE_ROLE_ARN,
      trustedAccounts: ["444444444444", "111111111111", "222222222222", "111111111111"],
      bucketArn: BUCKET_ARN,
      keyPrefix: "acme/",
      keyArn: KEY_ARN,
      ...props,
    });
    return { stack, json: synthJson(stack) };
  };

  it("is the role state.roleArn names: its name and path", () => {
    // GIVEN a role ARN with a path / WHEN synthesized / THEN the role has that name and path
    expect(Testing.synth(build().stack)).toHaveResourceWithProperties(IamRole, { name: "acme-state", path: "/terraform/" });
  });

  it("trusts the root of every named account once, by the stack's partition", () => {
    // GIVEN four trusted accounts, one repeated / WHEN synthesized / THEN one AWS principal list of account roots
    const trust = decodeJson(only(build().json, "aws_iam_role").assume_role_policy).Statement;
    expect(trust).toEqual([
      {
        Sid: "TrustedAccounts",
        Effect: "Allow",
        Principal: { AWS: ["444444444444", "111111111111", "222222222222"].map((a) => `arn:${PARTITION}:iam::${a}:root`) },
        Action: "sts:AssumeRole",
      },
    ]);
  });

  it("reads and writes state and lock files under the project's prefix, with the state key", () => {
    // GIVEN / WHEN synthesized / THEN S3 under acme/ only, KMS on the state key only
    const statements = inlineStatements(build().json, "terraform-state");
    expect(statement(statements, "ListStatePrefix")).toEqual({
      Sid: "ListStatePrefix",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [BUCKET_ARN],
      Condition: { StringLike: { "s3:prefix": "acme/*" } },
    });
    expect(statement(statements, "StateAndLockFiles")).toMatchObject({
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: [`${BUCKET_ARN}/acme/*`],
    });
    expect(statement(statements, "StateKey")).toMatchObject({ Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KEY_ARN] });
  });

  it.each<[string, Partial<StateRoleProps>, RegExp]>([
    ["a user ARN", { roleArn: "arn:aws:iam::444444444444:user/terraform" }, /roleArn must be an IAM role ARN/],
    ["no trusted account", { trustedAccounts: [] }, /trustedAccounts must be 12-digit account ids, at least one/],
    ["a malformed account", { trustedAccounts: ["4444"] }, /trustedAccounts must be 12-digit account ids/],
    ["a prefix without a trailing slash", { keyPrefix: "acme" }, /keyPrefix must end in '\/'/],
  ])("refuses %s", (_what, props, message) => {
    // GIVEN a bad prop / WHEN built / THEN it throws, naming the construct and the prop
    expect(() => build(props)).toThrow(new RegExp(`test/state: ${message.source}`));
  });
});

describe("parseRoleArn", () => {
  it.each([
    ["arn:aws:iam::444444444444:role/acme-state", { name: "acme-state", path: "/" }],
    ["arn:aws-us-gov:iam::444444444444:role/a/b/acme-state", { name: "acme-state", path: "/a/b/" }],
    ["arn:aws:iam::444444444444:user/acme-state", undefined],
  ])("%s → %j", (arn, expected) => {
    // GIVEN an ARN / WHEN parsed / THEN its name and path, or nothing for a non-role
    expect(parseRoleArn(arn)).toEqual(expected);
  });
});

import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { DeployBoundary, DeployBoundaryProps } from "../../src/ci/deploy-boundary";
import { WorkloadBoundary } from "../../src/ci/workload-boundary";
import { IAM_WRITE_ACTIONS } from "../../src/core/aws-facts";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { synthJson, testStack } from "../support/test-stack";
import { ACCOUNT, BUCKET_ARN, KEY_ARN, only, statement, STATE_ROLE_ARN } from "./fixtures";

const WORKLOAD_ARN = `arn:aws:iam::${ACCOUNT}:policy/acme-workload-boundary`;
const DEPLOY_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/acme-qa-deploy`;

describe("WorkloadBoundary", () => {
  it("lets each role's own policies decide, but denies every IAM write, Organizations and account settings", () => {
    // GIVEN / WHEN the boundary is synthesized
    const stack = testStack();
    new WorkloadBoundary(stack, "workload", { name: "acme-workload-boundary" });
    const json = synthJson(stack);
    const statements = decodeJson(only(json, "aws_iam_policy").policy).Statement;
    // THEN Allow * (a boundary grants nothing), and the denials; iam:PassRole stays allowed (scheduler, CodeDeploy)
    expect(Testing.synth(stack)).toHaveResourceWithProperties(IamPolicy, { name: "acme-workload-boundary" });
    expect(statement(statements, "RolePoliciesDecide")).toEqual({ Sid: "RolePoliciesDecide", Effect: "Allow", Action: "*", Resource: "*" });
    expect(statement(statements, "NoIamChanges")).toEqual({ Sid: "NoIamChanges", Effect: "Deny", Action: [...IAM_WRITE_ACTIONS], Resource: "*" });
    expect(statement(statements, "NoOrganizationOrAccountChanges").Action).toEqual(["organizations:*", "account:*"]);
    expect(statements.flatMap((s: { Action: string | string[] }) => s.Action)).not.toContain("iam:PassRole");
  });

  it("denies what the deploy boundary denies everyone, so a role the deploy role creates is no way around it", () => {
    // GIVEN the boundary in the state account, and one elsewhere
    const statementsOf = (stateStore?: { bucketArns: string[]; keyArn: string }) => {
      const stack = testStack();
      new WorkloadBoundary(stack, "workload", { name: "acme-workload-boundary", ...(stateStore ? { stateStore } : {}) });
      return decodeJson(only(synthJson(stack), "aws_iam_policy").policy).Statement as Record<string, unknown>[];
    };
    const here = statementsOf({ bucketArns: [BUCKET_ARN], keyArn: KEY_ARN });
    const elsewhere = statementsOf();
    // THEN CloudTrail keeps logging in both, and only the state account's guards the state store and key
    expect(statement(here, "CloudTrailKeepsLogging").Action).toEqual(expect.arrayContaining(["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]));
    expect(statement(elsewhere, "CloudTrailKeepsLogging").Effect).toBe("Deny");
    expect(statement(here, "StateStoreUntouchable").Resource).toEqual([BUCKET_ARN, `${BUCKET_ARN}/*`]);
    expect(statement(here, "StateKeyUntouchable").Resource).toBe(KEY_ARN);
    expect(elsewhere.map((s) => s.Sid)).not.toContain("StateStoreUntouchable");
  });
});

describe("DeployBoundary", () => {
  const build = (props: Partial<DeployBoundaryProps> = {}) => {
    const stack = testStack();
    new DeployBoundary(stack, "deploy", {
      name: "acme-deploy-boundary",
      account: ACCOUNT,
      workloadBoundaryArn: WORKLOAD_ARN,
      protectedArns: [DEPLOY_ROLE_ARN, STATE_ROLE_ARN],
      ...props,
    });
    return decodeJson(only(synthJson(stack), "aws_iam_policy").policy).Statement as Record<string, unknown>[];
  };

  it("denies role changes unless the role carries the workload boundary, and any boundary removal (AWS's delegation pattern)", () => {
    // GIVEN / WHEN synthesized
    const statements = build();
    // THEN create/put/attach/detach/delete-policy are denied where iam:PermissionsBoundary is not the workload boundary
    expect(statement(statements, "RolesOnlyUnderWorkloadBoundary")).toEqual({
      Sid: "RolesOnlyUnderWorkloadBoundary",
      Effect: "Deny",
      Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DetachRolePolicy", "iam:DeleteRolePolicy"],
      Resource: "*",
      Condition: { StringNotEquals: { "iam:PermissionsBoundary": WORKLOAD_ARN } },
    });
    expect(statement(statements, "NoBoundaryRemoval").Action).toContain("iam:DeleteRolePermissionsBoundary");
  });

  it("puts the pipeline's identities, and itself, out of reach of any IAM write or pass", () => {
    // GIVEN protected ARNs / WHEN synthesized / THEN every IAM write and iam:PassRole is denied on them and on this policy
    const untouchable = statement(build(), "PipelineIdentitiesUntouchable");
    expect(untouchable.Action).toEqual([...IAM_WRITE_ACTIONS, "iam:PassRole"]);
    expect(untouchable.Resource).toEqual([DEPLOY_ROLE_ARN, STATE_ROLE_ARN, `arn:${PARTITION}:iam::${ACCOUNT}:policy/acme-deploy-boundary`]);
  });

  it("denies IAM users and keys, Organizations and account changes, and silencing CloudTrail", () => {
    // GIVEN / WHEN synthesized / THEN those denials are there, on "*"
    const statements = build();
    expect(statement(statements, "NoIamUsersOrKeys").Action).toEqual(
      expect.arrayContaining(["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]),
    );
    expect(statement(statements, "NoOrganizationOrAccountChanges").Action).toEqual(["organizations:*", "account:*"]);
    expect(statement(statements, "CloudTrailKeepsLogging").Action).toEqual(expect.arrayContaining(["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]));
  });

  it("protects the state store only where the account holds it", () => {
    // GIVEN a boundary in the state account and one elsewhere
    const here = build({ stateStore: { bucketArns: [BUCKET_ARN], keyArn: KEY_ARN } });
    const elsewhere = build();
    // THEN only the first denies bucket reconfiguration, old-version deletes and disabling the key
    expect(statement(here, "StateStoreUntouchable")).toMatchObject({
      Effect: "Deny",
      Action: expect.arrayContaining(["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:DeleteObjectVersion"]),
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
    });
    expect(statement(here, "StateKeyUntouchable")).toMatchObject({
      Resource: KEY_ARN,
      Action: expect.arrayContaining(["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy"]),
    });
    expect(elsewhere.map((s) => s.Sid)).not.toContain("StateStoreUntouchable");
    expect(elsewhere.map((s) => s.Sid)).not.toContain("StateKeyUntouchable");
  });

  it.each<[string, Partial<DeployBoundaryProps>, RegExp]>([
    ["an account that is not 12 digits", { account: "acme" }, /account must be a 12-digit AWS account id, got "acme"/],
    ["nothing to protect", { protectedArns: [] }, /protectedArns must name the pipeline's roles, got none/],
  ])("refuses %s", (_what, props, message) => {
    // GIVEN a bad prop / WHEN built / THEN it throws, naming the construct and the prop
    expect(() => build(props)).toThrow(new RegExp(`test/deploy: ${message.source}`));
  });
});

import {
  deployBoundaryName,
  deployRoleName,
  githubEnvironmentSubject,
  githubPullRequestSubject,
  IAM_ACTION_RE,
  IAM_ROLE_NAME_MAX_LENGTH,
  IAM_WRITE_ACTIONS,
  planRoleName,
  PROJECT_MAX_LENGTH,
  workloadBoundaryName,
} from "../../src/core/aws-facts";
import { ENVIRONMENT_NAME_MAX_LENGTH } from "../../src/config/fields";

/** IAM's glob: `*` any run, `?` one character. */
const matches = (pattern: string, action: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(action);

describe("pipeline facts (ci.github)", () => {
  it("names the pipeline's roles and boundaries from the project and environment", () => {
    // GIVEN project acme and environment prod / WHEN named / THEN <project>-<env>-deploy|plan and <project>-deploy|workload-boundary
    expect([deployRoleName("acme", "prod"), planRoleName("acme", "prod")]).toEqual(["acme-prod-deploy", "acme-prod-plan"]);
    expect([deployBoundaryName("acme"), workloadBoundaryName("acme")]).toEqual(["acme-deploy-boundary", "acme-workload-boundary"]);
  });

  it("fits IAM's 64-character role names for the longest project and environment the config allows", () => {
    // GIVEN the longest project (20) and environment (12) names / WHEN the roles are named / THEN they fit, so no config rule is needed
    const project = "p".repeat(PROJECT_MAX_LENGTH);
    const env = "e".repeat(ENVIRONMENT_NAME_MAX_LENGTH);
    for (const name of [deployRoleName(project, env), planRoleName(project, env)]) expect(name.length).toBeLessThanOrEqual(IAM_ROLE_NAME_MAX_LENGTH);
    // A name one character over the limit would not (the check is not vacuous).
    expect(deployRoleName(project, "e".repeat(IAM_ROLE_NAME_MAX_LENGTH)).length).toBeGreaterThan(IAM_ROLE_NAME_MAX_LENGTH);
  });

  it("writes GitHub's subject claims for an environment's jobs and for pull requests", () => {
    // GIVEN acme/platform / WHEN subjects are built / THEN GitHub's documented formats
    expect(githubEnvironmentSubject("acme/platform", "prod")).toBe("repo:acme/platform:environment:prod");
    expect(githubPullRequestSubject("acme/platform")).toBe("repo:acme/platform:pull_request");
  });

  it("covers every IAM write verb, but neither reads nor iam:PassRole", () => {
    // GIVEN write and read actions of IAM / WHEN matched against the write patterns / THEN writes match, reads and PassRole do not
    for (const p of IAM_WRITE_ACTIONS) expect(p).toMatch(IAM_ACTION_RE);
    const writes = [
      "iam:CreateRole",
      "iam:PutRolePolicy",
      "iam:AttachRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:DeleteRolePermissionsBoundary",
      "iam:CreatePolicyVersion",
      "iam:SetDefaultPolicyVersion",
      "iam:AddClientIDToOpenIDConnectProvider",
      "iam:CreateAccessKey",
      "iam:UploadSSHPublicKey",
      "iam:EnableMFADevice",
      "iam:DisableOrganizationsRootCredentialsManagement",
      "iam:TagRole",
      "iam:ChangePassword",
    ];
    const reads = ["iam:GetRole", "iam:ListRoles", "iam:GenerateCredentialReport", "iam:SimulatePrincipalPolicy", "iam:PassRole"];
    expect(writes.filter((a) => !IAM_WRITE_ACTIONS.some((p) => matches(p, a)))).toEqual([]);
    expect(reads.filter((a) => IAM_WRITE_ACTIONS.some((p) => matches(p, a)))).toEqual([]);
  });
});

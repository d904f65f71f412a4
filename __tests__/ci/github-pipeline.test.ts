import { GithubPipeline, GithubPipelineProps, PipelineEnvironment } from "../../src/ci/github-pipeline";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { synthJson, testStack } from "../support/test-stack";
import { TfJson } from "../support/synth";
import { ACCOUNT, BUCKET_ARN, KEY_ARN, only, statement, STATE_ROLE_ARN, THROUGH_ROLE } from "./fixtures";

const env = (name: string): PipelineEnvironment => ({
  name,
  deployRoleName: `acme-${name}-deploy`,
  planRoleName: `acme-${name}-plan`,
  resourcePrefix: `acme-${name}-`,
  stateKey: `acme/${name}/terraform.tfstate`,
});

describe("GithubPipeline", () => {
  const build = (props: Partial<GithubPipelineProps> = {}) => {
    const stack = testStack();
    const pipeline = new GithubPipeline(stack, "github", {
      repository: "acme/platform",
      account: ACCOUNT,
      workloadBoundaryName: "acme-workload-boundary",
      deployBoundaryName: "acme-deploy-boundary",
      environments: [env("qa"), env("perf")],
      state: THROUGH_ROLE,
      protectedArns: [STATE_ROLE_ARN],
      ...props,
    });
    return { stack, pipeline, json: synthJson(stack) };
  };
  const roles = (json: TfJson) => Object.values(json.resource.aws_iam_role as Record<string, TfJson>);

  it("creates one OIDC provider and the two boundaries for the account, and a deploy and a plan role per environment", () => {
    // GIVEN two environments in one account / WHEN synthesized
    const { json, pipeline } = build();
    // THEN one provider, two policies, four roles under the environments' own scopes
    only(json, "aws_iam_openid_connect_provider");
    expect(
      Object.values(json.resource.aws_iam_policy as Record<string, TfJson>)
        .map((p) => p.name)
        .sort(),
    ).toEqual(["acme-deploy-boundary", "acme-workload-boundary"]);
    expect(
      roles(json)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["acme-perf-deploy", "acme-perf-plan", "acme-qa-deploy", "acme-qa-plan"]);
    expect(pipeline.deployRoles.qa.node.path).toBe("test/github/environments/qa/deploy");
    expect(Object.keys(pipeline.planRoles)).toEqual(["qa", "perf"]);
  });

  it("trusts each deploy role to its GitHub environment and each plan role to pull requests; only deploy roles are bounded", () => {
    // GIVEN / WHEN synthesized / THEN subjects per role; the deploy boundary on deploy roles only
    const { json, pipeline } = build();
    const sub = (r: TfJson) => decodeJson(r.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];
    const byName = Object.fromEntries(roles(json).map((r) => [r.name, r]));
    expect(sub(byName["acme-qa-deploy"])).toBe("repo:acme/platform:environment:qa");
    expect(sub(byName["acme-perf-deploy"])).toBe("repo:acme/platform:environment:perf");
    expect(sub(byName["acme-qa-plan"])).toBe("repo:acme/platform:pull_request");
    const boundaryRef = `\${aws_iam_policy.${pipeline.deployBoundary.policy.friendlyUniqueId}.arn}`;
    expect(byName["acme-qa-deploy"].permissions_boundary).toBe(boundaryRef);
    expect(byName["acme-qa-plan"].permissions_boundary).toBeUndefined();
  });

  it("protects every pipeline role, the provider, the workload boundary and the state role in the deploy boundary", () => {
    // GIVEN / WHEN synthesized / THEN the untouchable list names them (roles by ARN: the roles reference the boundary)
    const { json, pipeline } = build();
    const deployBoundary = (json.resource.aws_iam_policy as Record<string, TfJson>)[pipeline.deployBoundary.policy.friendlyUniqueId];
    const resources = statement(decodeJson(deployBoundary.policy).Statement, "PipelineIdentitiesUntouchable").Resource;
    const roleArn = (name: string) => `arn:${PARTITION}:iam::${ACCOUNT}:role/${name}`;
    expect(resources).toEqual([
      roleArn("acme-qa-deploy"),
      roleArn("acme-qa-plan"),
      roleArn("acme-perf-deploy"),
      roleArn("acme-perf-plan"),
      `\${aws_iam_openid_connect_provider.${pipeline.oidcProvider.provider.friendlyUniqueId}.arn}`,
      `\${aws_iam_policy.${pipeline.workloadBoundary.policy.friendlyUniqueId}.arn}`,
      STATE_ROLE_ARN,
      `arn:${PARTITION}:iam::${ACCOUNT}:policy/acme-deploy-boundary`,
    ]);
  });

  it("protects the state store where the account holds it", () => {
    // GIVEN the state store / WHEN synthesized / THEN the deploy boundary has its denials
    const { json, pipeline } = build({ stateStore: { bucketArns: [BUCKET_ARN], keyArn: KEY_ARN } });
    const deployBoundary = (json.resource.aws_iam_policy as Record<string, TfJson>)[pipeline.deployBoundary.policy.friendlyUniqueId];
    expect(statement(decodeJson(deployBoundary.policy).Statement, "StateKeyUntouchable").Resource).toBe(KEY_ARN);
  });

  it.each<[string, Partial<GithubPipelineProps>, RegExp]>([
    ["a repository that is not owner/name", { repository: "platform" }, /repository must be owner\/name, got "platform"/],
    ["an account that is not 12 digits", { account: "2222" }, /account must be a 12-digit AWS account id, got "2222"/],
    ["no environment", { environments: [] }, /environments must name at least one environment/],
    ["an environment twice", { environments: [env("qa"), env("qa")] }, /environments must be distinct, got qa twice/],
  ])("refuses %s", (_what, props, message) => {
    // GIVEN a bad prop / WHEN built / THEN it throws, naming the construct and the prop
    expect(() => build(props)).toThrow(new RegExp(`test/github: ${message.source}`));
  });
});

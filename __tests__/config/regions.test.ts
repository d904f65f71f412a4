import { loadTestConfig } from "../support/environments";
import { resolveEnvironment } from "../../src/config";
import { errorLines } from "../support/config-errors";
import { synthApp, testConfig } from "../support/synth";

/** `environments.<env>.region` (issue 14): an environment in a region of its own, its state where bootstrap keeps it. */
describe("a region per environment", () => {
  it("resolves the environment's region and AZs, and keeps the state in the top-level region", () => {
    // GIVEN prod in us-east-1 / WHEN resolved / THEN prod's region and default AZs are us-east-1's, dev stays in eu-west-1
    const config = loadTestConfig({ overrides: { environments: { prod: { region: "us-east-1" } } }, env: {} });
    const prod = resolveEnvironment(config, "prod");
    expect(prod).toMatchObject({ region: "us-east-1", stateRegion: "eu-west-1", azs: ["us-east-1a", "us-east-1b", "us-east-1c"] });
    expect(resolveEnvironment(config, "dev").region).toBe("eu-west-1");
  });

  it("puts prod's provider in its region and its backend in the state bucket's", () => {
    // GIVEN prod in us-east-1 / WHEN synthesized / THEN the provider follows prod, the backend the state bucket
    const { stacks } = synthApp(testConfig({ environments: { prod: { region: "us-east-1" } } }));
    expect(stacks.prod.provider.aws[0].region).toBe("us-east-1");
    expect(stacks.prod.terraform.backend.s3.region).toBe("eu-west-1");
    expect(stacks.dev.provider.aws[0].region).toBe("eu-west-1");
  });

  it.each([
    ["a region that is not one", { environments: { prod: { region: "europe" } } }, /^environments\.prod\.region: .*must be an AWS region name/],
    ["AZ letters that region lacks", { environments: { prod: { region: "us-west-1" } } }, /^environments\.prod\.azs: .*must be set for us-west-1/],
  ])("refuses %s", (_what, overrides, message) => {
    // GIVEN a bad region setting (table) / WHEN loaded / THEN the line names the path and why
    expect(errorLines(overrides)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe("a REST environment in a region of its own", () => {
  it("gets API Gateway's account setting in its region from bootstrap, on the same role", () => {
    // GIVEN prod's REST API in us-east-1 and staging's in the top-level region
    const rest = { kind: "rest", targets: "loadBalancer" };
    const { stacks } = synthApp(testConfig({ environments: { staging: { api: rest }, prod: { region: "us-east-1", api: rest } } }));
    const bootstrap = stacks.bootstrap;
    // WHEN synthesized / THEN bootstrap has a us-east-1 provider and a second account setting through it
    expect(bootstrap.provider.aws).toContainEqual(expect.objectContaining({ alias: "us-east-1", region: "us-east-1" }));
    const settings = Object.values(bootstrap.resource.aws_api_gateway_account) as { provider?: string; cloudwatch_role_arn: string }[];
    expect(settings.map((s) => s.provider).sort()).toEqual(["aws.us-east-1", undefined]);
    // AND both name the one role
    const role = Object.keys(bootstrap.resource.aws_iam_role).find((name) => name.startsWith("apigw-cloudwatch"));
    for (const setting of settings) expect(setting.cloudwatch_role_arn).toBe(`\${aws_iam_role.${role}.arn}`);
    // AND prod's REST API, certificate and all, stays on prod's own provider in us-east-1
    expect(stacks.prod.provider.aws[0].region).toBe("us-east-1");
    expect(Object.keys(stacks.prod.resource.aws_api_gateway_rest_api)).toHaveLength(1);
  });

  it("gets no second setting when every REST environment is in the top-level region", () => {
    // GIVEN prod's REST API in eu-west-1 / WHEN synthesized / THEN one setting, one provider
    const { stacks } = synthApp(testConfig({ environments: { prod: { api: { kind: "rest", targets: "loadBalancer" } } } }));
    expect(Object.keys(stacks.bootstrap.resource.aws_api_gateway_account)).toHaveLength(1);
    expect(stacks.bootstrap.provider.aws).toHaveLength(1);
  });
});

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
    [
      "a REST environment away from bootstrap's region",
      { environments: { prod: { region: "us-east-1", api: { kind: "rest", targets: "loadBalancer" } } } },
      /^environments\.prod\.region: .*a REST API needs API Gateway's CloudWatch role of its region, which bootstrap creates in eu-west-1 only/,
    ],
  ])("refuses %s", (_what, overrides, message) => {
    // GIVEN a bad region setting (table) / WHEN loaded / THEN the line names the path and why
    expect(errorLines(overrides)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

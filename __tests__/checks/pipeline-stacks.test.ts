import { checkStacks } from "../../src/checks/engine";
import { decodeJson } from "../support/json-document";
import { fileConfig, MULTI_ACCOUNT, SINGLE_ACCOUNT_PIPELINE } from "../support/multi-account";
import { synthApp, TfJson } from "../support/synth";

/** `npm run check` over the stacks of a pipeline config (ci.github): the bootstraps' CI roles are what the rules expect. */
describe("checks on the pipeline's bootstraps", () => {
  const errorsOf = (stacks: Record<string, TfJson>, profiles: Record<string, "dev" | "staging" | "prod">) =>
    checkStacks(stacks, { profiles }).findings.filter((f) => f.severity === "error" && !f.suppressed);

  it.each([
    ["several accounts", MULTI_ACCOUNT, { dev: "dev", qa: "staging", prod: "prod" }],
    ["one account, state reached directly", SINGLE_ACCOUNT_PIPELINE, { dev: "dev", staging: "staging", prod: "prod" }],
  ] as const)("finds no error in any stack of %s", (_what, file, profiles) => {
    // GIVEN the synthesized app / WHEN every rule runs / THEN no error, bootstraps included
    const { stacks } = synthApp(fileConfig(file));
    expect(Object.keys(stacks).filter((s) => s.startsWith("bootstrap")).length).toBeGreaterThan(0);
    expect(errorsOf(stacks, profiles)).toEqual([]);
  });

  it("flags a deploy role whose trust admits any branch of the repository", () => {
    // GIVEN qa's bootstrap with the deploy role's subject widened to a StringLike wildcard
    const { stacks } = synthApp(fileConfig(MULTI_ACCOUNT));
    const bootstrap = stacks["bootstrap-222222222222"];
    const [address, role] = Object.entries(bootstrap.resource.aws_iam_role as Record<string, TfJson>).find(([, r]) => r.name === "acme-qa-deploy")!;
    const trust = decodeJson(role.assume_role_policy);
    const condition = trust.Statement[0].Condition;
    delete condition.StringEquals["token.actions.githubusercontent.com:sub"];
    condition.StringLike = { "token.actions.githubusercontent.com:sub": "repo:acme/platform:*" };
    role.assume_role_policy = JSON.stringify(trust);
    // WHEN checked / THEN oidc-trust-scoped reports that role
    expect(errorsOf({ "bootstrap-222222222222": bootstrap }, {}).map((f) => [f.rule, f.address])).toEqual([["oidc-trust-scoped", `aws_iam_role.${address}`]]);
  });
});

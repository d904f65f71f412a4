import { loadConfig } from "../../src/config";
import { errorLinesAsWritten } from "../support/config-errors";
import { MULTI_ACCOUNT } from "../support/multi-account";

/** `ci.github` with an environment that assumes a role of its own (issue 14, Bootstrap). */
describe("pipeline environments and assumeRoleArn", () => {
  const withProdRole = (ci: object) => ({
    ...MULTI_ACCOUNT,
    environments: { ...MULTI_ACCOUNT.environments, prod: { ...MULTI_ACCOUNT.environments.prod, assumeRoleArn: "arn:aws:iam::333333333333:role/deployer" } },
    ci,
  });

  it("refuses a role the provider would assume on top of the pipeline's deploy role", () => {
    // GIVEN prod in the pipeline with an assumeRoleArn / WHEN loaded / THEN one line names the path and what to do
    expect(errorLinesAsWritten(withProdRole({ github: { repository: "acme/platform" } }))).toEqual([
      expect.stringMatching(
        /^environments\.prod\.assumeRoleArn: got "arn:aws:iam::333333333333:role\/deployer" — must not be set for an environment the pipeline deploys \(ci\.github\): the pipeline deploys as acme-prod-deploy .*remove it .*or leave prod out of ci\.github\.environments$/,
      ),
    ]);
  });

  it("accepts it for an environment the pipeline does not deploy", () => {
    // GIVEN prod left out of ci.github.environments / WHEN loaded / THEN accepted, prod keeps its role
    const config = loadConfig({ overrides: withProdRole({ github: { repository: "acme/platform", environments: ["dev", "qa"] } }), env: {} });
    expect(config.environments.prod.assumeRoleArn).toBe("arn:aws:iam::333333333333:role/deployer");
  });
});

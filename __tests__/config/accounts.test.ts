import { loadTestConfig } from "../support/environments";
import { resolveEnvironment } from "../../src/config";
import { errorLines } from "../support/config-errors";

/** `environments.<env>.account`, `assumeRoleArn` and `state.roleArn` (the account guard of issue 14). */
describe("account guard config", () => {
  it("accepts an account with a role of that account, and resolves them per environment", () => {
    // GIVEN prod in 111122223333 through its deployer role / WHEN loaded / THEN prod has them, dev neither
    const config = loadTestConfig({
      overrides: { environments: { prod: { account: "111122223333", assumeRoleArn: "arn:aws:iam::111122223333:role/ci/deployer" } } },
      env: {},
    });
    expect(resolveEnvironment(config, "prod").settings).toMatchObject({ account: "111122223333", assumeRoleArn: "arn:aws:iam::111122223333:role/ci/deployer" });
    expect(resolveEnvironment(config, "dev").settings.account).toBeUndefined();
  });

  it.each([
    ["an account that is not 12 digits", { environments: { prod: { account: "1111-2222-3333" } } }, /^environments\.prod\.account: .*12-digit AWS account id/],
    ["a role ARN that is not one", { environments: { prod: { assumeRoleArn: "deployer" } } }, /^environments\.prod\.assumeRoleArn: .*must be an IAM role ARN/],
    [
      "a role of another account",
      { environments: { prod: { account: "111122223333", assumeRoleArn: "arn:aws:iam::444455556666:role/deployer" } } },
      /^environments\.prod\.assumeRoleArn: .*is a role of account 444455556666, but account is 111122223333/,
    ],
    ["a state role that is not a role ARN", { state: { bucket: "acme-terraform-state", roleArn: "arn:aws:iam::111122223333:user/x" } }, /^state\.roleArn: /],
  ])("refuses %s", (_what, overrides, message) => {
    // GIVEN a bad value (table) / WHEN loaded / THEN one line names the path and what is allowed
    expect(errorLines(overrides)).toEqual([expect.stringMatching(message)]);
  });
});

import { synthApp, testConfig } from "../support/synth";

/** The account guard: each environment's provider is pinned to its account, through its role; the backend reaches state. */
describe("account guard in the stacks", () => {
  const { stacks } = synthApp(
    testConfig({
      state: { bucket: "acme-terraform-state", roleArn: "arn:aws:iam::999988887777:role/terraform-state" },
      environments: {
        staging: { account: "444455556666" },
        prod: { account: "111122223333", assumeRoleArn: "arn:aws:iam::111122223333:role/deployer" },
      },
    }),
  );

  it("pins prod's provider to its account and assumes its role; staging pinned without a role; dev unpinned", () => {
    // GIVEN accounts for staging and prod, a role for prod / WHEN synthesized / THEN each provider says so
    expect(stacks.prod.provider.aws[0]).toMatchObject({
      allowed_account_ids: ["111122223333"],
      assume_role: [{ role_arn: "arn:aws:iam::111122223333:role/deployer", session_name: "platform-prod-cdktf" }],
    });
    expect(stacks.staging.provider.aws[0].allowed_account_ids).toEqual(["444455556666"]);
    expect(stacks.staging.provider.aws[0].assume_role).toBeUndefined();
    expect(stacks.dev.provider.aws[0].allowed_account_ids).toBeUndefined();
  });

  it("has every backend assume the state role (state.roleArn wins over an environment's role)", () => {
    // GIVEN state.roleArn / WHEN synthesized / THEN each environment's S3 backend assumes it
    for (const env of ["dev", "staging", "prod"]) {
      expect(stacks[env].terraform.backend.s3.assume_role).toEqual({
        role_arn: "arn:aws:iam::999988887777:role/terraform-state",
        session_name: `platform-${env}-state`,
      });
    }
  });

  it("uses the environment's role for its backend when there is no state role", () => {
    // GIVEN prod's role and no state.roleArn / WHEN synthesized / THEN prod's backend assumes prod's role, dev's none
    const { stacks: own } = synthApp(
      testConfig({ environments: { prod: { account: "111122223333", assumeRoleArn: "arn:aws:iam::111122223333:role/deployer" } } }),
    );
    expect(own.prod.terraform.backend.s3.assume_role).toEqual({ role_arn: "arn:aws:iam::111122223333:role/deployer", session_name: "platform-prod-state" });
    expect(own.dev.terraform.backend.s3.assume_role).toBeUndefined();
  });
});

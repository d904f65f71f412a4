import { spawnSync } from "child_process";
import { join, resolve } from "path";
import { ACCOUNTS_EXAMPLE, exampleConfig } from "../support/examples";
import { onlyResource, resources, synthApp } from "../support/synth";

/**
 * Issue 14's acceptance config (`examples/accounts.config.json`): dev, qa on the staging
 * profile in its own account, prod in its own account and us-east-1, the state bucket in a
 * fourth account reached through state.roleArn.
 */
describe("named environments across accounts (examples/accounts.config.json)", () => {
  const config = exampleConfig(ACCOUNTS_EXAMPLE);
  const { stacks } = synthApp(config);
  const ENVIRONMENTS = { dev: "111111111111", qa: "222222222222", prod: "333333333333" };

  it("synthesizes a stack per declared environment and no staging", () => {
    // GIVEN the example / WHEN synthesized / THEN dev, qa and prod exist, staging does not
    for (const env of Object.keys(ENVIRONMENTS)) expect(stacks[env]).toBeDefined();
    expect(stacks.staging).toBeUndefined();
  });

  it.each(Object.entries(ENVIRONMENTS))("pins %s's provider to account %s, in its region", (env, account) => {
    // GIVEN the example / WHEN synthesized / THEN the provider allows only the environment's account, in its region
    expect(stacks[env].provider.aws[0]).toMatchObject({ allowed_account_ids: [account], region: env === "prod" ? "us-east-1" : "eu-west-1" });
  });

  it.each(Object.keys(ENVIRONMENTS))("keeps %s's state in the state account's bucket, in the top-level region, through the state role", (env) => {
    // GIVEN state.roleArn in 444444444444 / WHEN synthesized / THEN the backend reaches the bucket through it
    expect(stacks[env].terraform.backend.s3).toMatchObject({
      bucket: "acme-terraform-state",
      key: `acme/${env}/terraform.tfstate`,
      region: "eu-west-1",
      assume_role: { role_arn: "arn:aws:iam::444444444444:role/acme-terraform-state" },
    });
  });

  it("builds qa from the staging profile: a NAT gateway per AZ and a Multi-AZ database", () => {
    // GIVEN qa on the staging profile / WHEN synthesized / THEN staging's topology, with qa's names and CIDR
    expect(Object.keys(resources(stacks.qa, "aws_nat_gateway"))).toHaveLength(2);
    expect(onlyResource(stacks.qa, "aws_db_instance").body).toMatchObject({ multi_az: true, identifier: "acme-qa" });
    expect(onlyResource(stacks.qa, "aws_vpc").body.cidr_block).toBe("10.40.0.0/16");
  });

  it("puts prod's certificate and API in us-east-1 with the rest of prod", () => {
    // GIVEN prod in us-east-1 / WHEN synthesized / THEN no resource of prod names another provider (so another region)
    const aliased = Object.values(stacks.prod.resource as Record<string, Record<string, { provider?: string }>>)
      .flatMap((byName) => Object.values(byName))
      .filter((r) => typeof r.provider === "string" && r.provider.startsWith("aws."));
    expect(aliased).toEqual([]);
    expect(onlyResource(stacks.prod, "aws_acm_certificate").body.domain_name).toBe("api.acme.io");
  });

  it("lets the cdktf CLI address each environment by name (`cdktf deploy qa` selects qa)", () => {
    // GIVEN the example as INFRA_CONFIG / WHEN cdktf lists the app's stacks / THEN qa is one of them, staging is not
    const root = resolve(__dirname, "..", "..");
    const r = spawnSync(join(root, "node_modules", ".bin", "cdktf"), ["list"], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", INFRA_CONFIG: join(root, "examples", "accounts.config.json") },
      encoding: "utf8",
    });
    expect({ status: r.status, stderr: r.stderr }).toMatchObject({ status: 0 });
    const listed = r.stdout.split("\n").map((l) => l.trim().split(/\s+/)[0]);
    expect(listed).toEqual(expect.arrayContaining(["dev", "qa", "prod"]));
    expect(listed).not.toContain("staging");
  });
});

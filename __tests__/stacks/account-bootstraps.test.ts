import { Testing } from "cdktf";
import { resolveEnvironment } from "../../src/config";
import { AccountBootstrapStack, AccountBootstrapStackProps } from "../../src/stacks/account-bootstrap-stack";
import { PlatformStack } from "../../src/stacks/platform-stack";
import { accountsOf, pipelineEnvironments } from "../../src/stacks/accounts";
import { stateKeyAlias } from "../../src/stacks/state-bootstrap-stack";
import { decodeJson } from "../support/json-document";
import { ACCOUNTS, fileConfig, MULTI_ACCOUNT, SINGLE_ACCOUNT_PIPELINE } from "../support/multi-account";
import { PARTITION } from "../support/partition";
import { REST_EXAMPLE } from "../support/examples";
import { resources, synthApp, TfJson } from "../support/synth";

const addresses = (json: TfJson) => Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`));
const roleNamed = (json: TfJson, name: string): TfJson => {
  const found = Object.values(resources(json, "aws_iam_role")).filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const claims = (role: TfJson) => decodeJson(role.assume_role_policy).Statement[0].Condition.StringEquals;

describe("accountsOf", () => {
  const plan = (file: unknown) => accountsOf(fileConfig(file));

  it("keeps one bootstrap for everything when the config names no account (today's layout)", () => {
    // GIVEN the embedded defaults / WHEN planned / THEN `bootstrap` alone, account unknown, every environment
    expect(accountsOf(fileConfig({}))).toEqual({
      stateAccount: undefined,
      accounts: [],
      bootstraps: [{ stackName: "bootstrap", holdsState: true, environments: ["dev", "staging", "prod"] }],
    });
  });

  it("keeps one bootstrap, pinned to the account, when every environment names the same one", () => {
    // GIVEN one account for all / WHEN planned / THEN `bootstrap` in that account holds every environment
    expect(plan(SINGLE_ACCOUNT_PIPELINE)).toEqual({
      stateAccount: "111111111111",
      accounts: ["111111111111"],
      bootstraps: [{ stackName: "bootstrap", account: "111111111111", holdsState: true, environments: ["dev", "staging", "prod"] }],
    });
  });

  it("puts bootstrap in the state role's account and gives every other account a bootstrap-<account>", () => {
    // GIVEN the multi-account layout / WHEN planned / THEN four bootstraps, the state's first, the others in config order
    expect(plan(MULTI_ACCOUNT)).toEqual({
      stateAccount: ACCOUNTS.state,
      accounts: [ACCOUNTS.state, ACCOUNTS.dev, ACCOUNTS.qa, ACCOUNTS.prod],
      bootstraps: [
        { stackName: "bootstrap", account: ACCOUNTS.state, holdsState: true, environments: [] },
        { stackName: "bootstrap-111111111111", account: ACCOUNTS.dev, holdsState: false, environments: ["dev"] },
        { stackName: "bootstrap-222222222222", account: ACCOUNTS.qa, holdsState: false, environments: ["qa"] },
        { stackName: "bootstrap-333333333333", account: ACCOUNTS.prod, holdsState: false, environments: ["prod"] },
      ],
    });
  });

  it("keeps environments without an account, and those of the state account, in bootstrap", () => {
    // GIVEN dev without an account, qa in the state account, prod elsewhere
    const layout = plan({
      state: { bucket: "acme-terraform-state", roleArn: "arn:aws:iam::444444444444:role/state" },
      environments: { dev: {}, qa: { profile: "staging", account: ACCOUNTS.state }, prod: { account: ACCOUNTS.prod } },
    });
    // THEN bootstrap holds dev and qa, bootstrap-<prod's account> holds prod
    expect(layout.bootstraps.map((b) => [b.stackName, b.environments])).toEqual([
      ["bootstrap", ["dev", "qa"]],
      ["bootstrap-333333333333", ["prod"]],
    ]);
  });

  it("counts the state role's account as named: one environment account and a state account elsewhere make two", () => {
    // GIVEN every environment in one account, the state role in another / WHEN planned / THEN two bootstraps
    const layout = plan({
      state: { bucket: "acme-terraform-state", roleArn: "arn:aws:iam::444444444444:role/state" },
      environments: { dev: { account: ACCOUNTS.dev }, prod: { account: ACCOUNTS.dev } },
    });
    expect(layout.bootstraps.map((b) => [b.stackName, b.account, b.environments])).toEqual([
      ["bootstrap", ACCOUNTS.state, []],
      ["bootstrap-111111111111", ACCOUNTS.dev, ["dev", "prod"]],
    ]);
  });
});

describe("pipelineEnvironments", () => {
  it("lists ci.github.environments in config order, every environment by default, none without ci.github", () => {
    // GIVEN the three kinds of config / WHEN asked / THEN the pipeline's environments
    expect(pipelineEnvironments(fileConfig(MULTI_ACCOUNT))).toEqual(["dev", "qa", "prod"]);
    expect(
      pipelineEnvironments(fileConfig({ ...SINGLE_ACCOUNT_PIPELINE, ci: { github: { repository: "acme/platform", environments: ["prod", "staging"] } } })),
    ).toEqual(["staging", "prod"]);
    expect(pipelineEnvironments(fileConfig({}))).toEqual([]);
  });
});

describe("the default config keeps its single bootstrap", () => {
  const { stacks } = synthApp(fileConfig({}));

  it("synthesizes bootstrap and the three environments only, bootstrap unpinned and with today's resources", () => {
    // GIVEN the embedded defaults / WHEN the app is synthesized
    // THEN no bootstrap-<account> stack, no pin, and exactly the state resources of 0.6.0
    expect(Object.keys(stacks).sort()).toEqual(["bootstrap", "dev", "prod", "staging"]);
    expect(stacks.bootstrap.provider.aws[0].allowed_account_ids).toBeUndefined();
    expect(addresses(stacks.bootstrap).sort()).toEqual(
      [
        "aws_kms_alias.state-key-alias",
        "aws_kms_key.state-key",
        "aws_kms_key_policy.state-key-policy",
        "aws_s3_bucket.access-logs",
        "aws_s3_bucket.state",
        "aws_s3_bucket_lifecycle_configuration.access-logs-lifecycle",
        "aws_s3_bucket_lifecycle_configuration.lifecycle",
        "aws_s3_bucket_logging.access-logging",
        "aws_s3_bucket_ownership_controls.access-logs-ownership",
        "aws_s3_bucket_ownership_controls.ownership",
        "aws_s3_bucket_policy.access-logs-policy",
        "aws_s3_bucket_policy.policy",
        "aws_s3_bucket_public_access_block.access-logs-public-access",
        "aws_s3_bucket_public_access_block.public-access",
        "aws_s3_bucket_server_side_encryption_configuration.access-logs-encryption",
        "aws_s3_bucket_server_side_encryption_configuration.encryption",
        "aws_s3_bucket_versioning.access-logs-versioning",
        "aws_s3_bucket_versioning.versioning",
      ].sort(),
    );
    expect(Object.keys(stacks.bootstrap.output).sort()).toEqual(["state_access_log_bucket", "state_bucket", "state_kms_key_alias", "state_kms_key_arn"]);
  });

  it("keeps API Gateway's CloudWatch role at its address in bootstrap for a single-account REST config", () => {
    // GIVEN the REST example (one account) / WHEN synthesized / THEN the role and the account setting keep their 0.4.0 addresses
    const rest = synthApp(fileConfig(REST_EXAMPLE)).stacks;
    expect(Object.keys(rest).sort()).toEqual(["bootstrap", "dev", "prod", "staging"]);
    expect(addresses(rest.bootstrap)).toEqual(
      expect.arrayContaining([
        "aws_iam_role.apigw-cloudwatch_role_48811A6E",
        "aws_iam_role_policy_attachment.apigw-cloudwatch_push-to-cloudwatch_85CB6EB2",
        "aws_api_gateway_account.apigw-cloudwatch_account_54DD805C",
      ]),
    );
  });
});

describe("several accounts (issue 14 acceptance: dev, qa, prod and the state each in their own account)", () => {
  const { stacks, platform } = synthApp(fileConfig(MULTI_ACCOUNT));
  const bootstraps = ["bootstrap-111111111111", "bootstrap-222222222222", "bootstrap-333333333333"];
  const envOf: Record<string, "dev" | "qa" | "prod"> = { "bootstrap-111111111111": "dev", "bootstrap-222222222222": "qa", "bootstrap-333333333333": "prod" };

  it("synthesizes bootstrap, one bootstrap-<account> per other account, and the environments", () => {
    // GIVEN / WHEN synthesized / THEN these seven stacks, and the app exposes the account bootstraps by account
    expect(Object.keys(stacks).sort()).toEqual(["bootstrap", ...bootstraps, "dev", "prod", "qa"].sort());
    expect(Object.keys(platform.accountBootstraps)).toEqual([ACCOUNTS.dev, ACCOUNTS.qa, ACCOUNTS.prod]);
    expect(platform.accountBootstraps[ACCOUNTS.qa]).toBeInstanceOf(AccountBootstrapStack);
  });

  it("pins every stack's provider to its account, in the top-level region for bootstraps", () => {
    // GIVEN / WHEN synthesized / THEN allowed_account_ids per stack
    const pins = Object.fromEntries(
      Object.entries(stacks).map(([name, json]) => [name, [json.provider.aws[0].allowed_account_ids, json.provider.aws[0].region]]),
    );
    expect(pins).toEqual({
      bootstrap: [[ACCOUNTS.state], "eu-west-1"],
      "bootstrap-111111111111": [[ACCOUNTS.dev], "eu-west-1"],
      "bootstrap-222222222222": [[ACCOUNTS.qa], "eu-west-1"],
      "bootstrap-333333333333": [[ACCOUNTS.prod], "eu-west-1"],
      dev: [[ACCOUNTS.dev], "eu-west-1"],
      qa: [[ACCOUNTS.qa], "eu-west-1"],
      prod: [[ACCOUNTS.prod], "us-east-1"],
    });
  });

  it("keeps bootstrap's state local and every bootstrap-<account>'s in the state bucket, through the state role", () => {
    // GIVEN / WHEN synthesized / THEN bootstrap is local; the others use the S3 backend like an environment
    expect(stacks.bootstrap.terraform.backend.local).toBeDefined();
    for (const name of bootstraps) {
      expect(stacks[name].terraform.backend.s3).toEqual({
        bucket: "acme-terraform-state",
        key: `acme/${name}/terraform.tfstate`,
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: stateKeyAlias("acme"),
        use_lockfile: true,
        assume_role: { role_arn: MULTI_ACCOUNT.state.roleArn, session_name: `acme-${name}-state` },
      });
    }
  });

  it("creates the state role in bootstrap, trusting the root of every account the config names", () => {
    // GIVEN / WHEN synthesized / THEN the role of state.roleArn, trusted by the four account roots
    const role = roleNamed(stacks.bootstrap, "acme-state");
    expect(role.path).toBe("/terraform/");
    expect(decodeJson(role.assume_role_policy).Statement[0].Principal.AWS).toEqual(
      [ACCOUNTS.state, ACCOUNTS.dev, ACCOUNTS.qa, ACCOUNTS.prod].map((a) => `arn:${PARTITION}:iam::${a}:root`),
    );
    expect(stacks.bootstrap.output.state_role_arn).toBeDefined();
    // And no pipeline role lives in the state account: no environment runs there.
    expect(resources(stacks.bootstrap, "aws_iam_openid_connect_provider")).toEqual({});
  });

  it("creates in each account's bootstrap the OIDC provider and that environment's deploy and plan roles, trusted by environment and pull request", () => {
    // GIVEN / WHEN synthesized / THEN per bootstrap: one provider, <env>'s roles only, the right subjects and audience
    for (const name of bootstraps) {
      const env = envOf[name];
      expect(Object.keys(resources(stacks[name], "aws_iam_openid_connect_provider"))).toHaveLength(1);
      expect(
        Object.values(resources(stacks[name], "aws_iam_role"))
          .map((r) => r.name)
          .sort(),
      ).toEqual([`acme-${env}-deploy`, `acme-${env}-plan`]);
      expect(claims(roleNamed(stacks[name], `acme-${env}-deploy`))).toEqual({
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": `repo:acme/platform:environment:${env}`,
      });
      expect(claims(roleNamed(stacks[name], `acme-${env}-plan`))["token.actions.githubusercontent.com:sub"]).toBe("repo:acme/platform:pull_request");
      expect(Object.keys(stacks[name].output).sort()).toEqual(["deploy_role_arns", "plan_role_arns"]);
      expect(Object.keys(stacks[name].output.deploy_role_arns.value)).toEqual([env]);
    }
  });

  it("puts the account's workload boundary on every role of each environment", () => {
    // GIVEN / WHEN synthesized / THEN every aws_iam_role of dev, qa and prod carries its account's boundary (partition from the stack)
    for (const env of ["dev", "qa", "prod"] as const) {
      const roles = Object.values(resources(stacks[env], "aws_iam_role"));
      expect(roles.length).toBeGreaterThan(3);
      expect(new Set(roles.map((r) => r.permissions_boundary))).toEqual(new Set([`arn:${PARTITION}:iam::${ACCOUNTS[env]}:policy/acme-workload-boundary`]));
    }
  });
});

describe("REST environments in several accounts", () => {
  const file = {
    ...(REST_EXAMPLE as object),
    state: { bucket: "acme-terraform-state", roleArn: "arn:aws:iam::444444444444:role/state" },
    environments: Object.fromEntries(
      Object.entries((REST_EXAMPLE as { environments: Record<string, object> }).environments).map(([env, settings], i) => [
        env,
        { ...settings, account: `${i + 1}`.repeat(12) },
      ]),
    ),
  };
  const { stacks } = synthApp(fileConfig(file));

  it("sets API Gateway's CloudWatch role in each REST environment's account, not in the state account", () => {
    // GIVEN REST dev, staging and prod in three accounts / WHEN synthesized / THEN each bootstrap-<account> has the role and setting
    for (const name of ["bootstrap-111111111111", "bootstrap-222222222222", "bootstrap-333333333333"]) {
      expect(Object.keys(resources(stacks[name], "aws_api_gateway_account"))).toEqual(["apigw-cloudwatch_account_54DD805C"]);
    }
    expect(resources(stacks.bootstrap, "aws_api_gateway_account")).toEqual({});
  });
});

describe("one account with the pipeline (no state role)", () => {
  const { stacks } = synthApp(fileConfig(SINGLE_ACCOUNT_PIPELINE));
  const bucketArn = "${aws_s3_bucket.state.arn}";

  it("holds the roles of the pipeline's environments in bootstrap, reaching the state bucket directly", () => {
    // GIVEN staging and prod in the pipeline / WHEN synthesized / THEN their roles are in bootstrap, with direct state access
    const deploy = roleNamed(stacks.bootstrap, "acme-prod-deploy");
    expect(deploy.permissions_boundary).toMatch(/^\$\{aws_iam_policy\.github-pipeline_deploy-boundary_policy_[0-9A-F]+\.arn\}$/);
    const state = Object.values(resources(stacks.bootstrap, "aws_iam_role_policy")).find(
      (p) =>
        p.name === "terraform-state" &&
        p.role === `\${aws_iam_role.${Object.entries(resources(stacks.bootstrap, "aws_iam_role")).find(([, r]) => r.name === "acme-prod-deploy")![0]}.name}`,
    );
    const statements = decodeJson(state!.policy).Statement;
    expect(statements.find((s: TfJson) => s.Sid === "ReadWriteState").Resource).toEqual([`${bucketArn}/acme/prod/terraform.tfstate`]);
    expect(statements.find((s: TfJson) => s.Sid === "StateKey").Resource).toEqual(["${aws_kms_key.state-key.arn}"]);
    expect(Object.values(resources(stacks.bootstrap, "aws_iam_role")).some((r) => r.name === "acme-dev-deploy")).toBe(false);
  });

  it("bounds the roles of pipeline environments only", () => {
    // GIVEN dev outside the pipeline / WHEN synthesized / THEN dev's roles are unbounded, prod's bounded
    expect(Object.values(resources(stacks.dev, "aws_iam_role")).every((r) => r.permissions_boundary === undefined)).toBe(true);
    expect(Object.values(resources(stacks.prod, "aws_iam_role")).every((r) => r.permissions_boundary !== undefined)).toBe(true);
  });
});

describe("AccountBootstrapStack", () => {
  const config = fileConfig(MULTI_ACCOUNT);
  const build = (props: Partial<AccountBootstrapStackProps> = {}, id = "bootstrap-222222222222") =>
    new AccountBootstrapStack(Testing.app(), id, { config, account: ACCOUNTS.qa, environments: ["qa"], ...props });

  it.each<[string, () => unknown, RegExp]>([
    [
      "a stack id that is not bootstrap-<account>",
      () => build({}, "bootstrap-qa"),
      /bootstrap-qa: stack id must be "bootstrap-222222222222", got "bootstrap-qa"/,
    ],
    ["an account that is not 12 digits", () => build({ account: "qa" }, "bootstrap-qa"), /account must be a 12-digit AWS account id, got "qa"/],
    ["an undeclared environment", () => build({ environments: ["staging"] }), /environments must be declared in the config, got staging/],
    [
      "a config without state.roleArn",
      () => new AccountBootstrapStack(Testing.app(), "bootstrap-222222222222", { config: fileConfig({}), account: ACCOUNTS.qa, environments: [] }),
      /state.roleArn must be set/,
    ],
  ])("refuses %s", (_what, make, message) => {
    // GIVEN a bad prop / WHEN built / THEN it throws, naming the stack and the prop
    expect(make).toThrow(message);
  });
});

describe("PlatformStack in the pipeline", () => {
  it("refuses an environment the pipeline deploys without an account (the config already does)", () => {
    // GIVEN a resolved prod that lost its account / WHEN its stack is built / THEN it throws, naming the stack
    const env = resolveEnvironment(fileConfig(MULTI_ACCOUNT), "prod");
    const broken = { ...env, settings: { ...env.settings, account: undefined } };
    expect(() => new PlatformStack(Testing.app(), "prod", { env: broken })).toThrow(/prod: the pipeline deploys prod, which names no account/);
  });
});

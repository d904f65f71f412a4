import { fileConfig, MULTI_ACCOUNT, SINGLE_ACCOUNT_PIPELINE } from "../support/multi-account";
import { synthApp } from "../support/synth";
import { PlanCase, planned } from "../support/terraform";

/** What every account bootstrap of the pipeline plans: GitHub's provider, both boundaries, its environment's two roles and their policies. */
const PIPELINE = [
  /aws_iam_openid_connect_provider\.github-pipeline_oidc_provider_/,
  /aws_iam_policy\.github-pipeline_deploy-boundary_policy_/,
  /aws_iam_policy\.github-pipeline_workload-boundary_policy_/,
  /aws_iam_role_policy_attachment\.github-pipeline_environments_\w+_deploy_power-user_/,
  /aws_iam_role_policy_attachment\.github-pipeline_environments_\w+_plan_read-only_/,
  /aws_iam_role_policy\.github-pipeline_environments_\w+_deploy_environment-iam_/,
];

export const CI_PLAN_CASES: readonly PlanCase[] = [
  ...(["bootstrap-111111111111", "bootstrap-222222222222", "bootstrap-333333333333"] as const).map((name): PlanCase => ({
    title: `${name}: an account's bootstrap of the multi-account config (OIDC provider, boundaries, deploy and plan roles) validates and plans`,
    // GIVEN the bootstrap of one environment account
    given: () => synthApp(fileConfig(MULTI_ACCOUNT)).stacks[name],
    // THEN terraform plans the pipeline's resources, with its environment's roles and the role ARN outputs
    then: (result) => {
      const { planOutput, toAdd } = planned(name, result);
      for (const address of PIPELINE) expect(planOutput).toMatch(address);
      expect(toAdd).toBe(10);
      expect(planOutput).toMatch(/deploy_role_arns/);
    },
  })),
  {
    title: "bootstrap of the multi-account config (state bucket, key, logs, and the state role trusting every account) validates and plans",
    // GIVEN the state account's bootstrap
    given: () => synthApp(fileConfig(MULTI_ACCOUNT)).stacks.bootstrap,
    // THEN terraform plans the state store and the state role with its policy, and no pipeline resource (no environment runs there)
    then: (result) => {
      const { planOutput } = planned("multi-account bootstrap", result);
      expect(planOutput).toMatch(/aws_iam_role\.state-role_[0-9A-F]+ /);
      expect(planOutput).toMatch(/aws_iam_role_policy\.state-role_policy_/);
      expect(planOutput).toMatch(/aws_s3_bucket\.state /);
      expect(planOutput).not.toMatch(/aws_iam_openid_connect_provider/);
    },
  },
  {
    title: "bootstrap of a one-account pipeline config (roles reach the state bucket directly) validates and plans",
    // GIVEN one account, staging and prod in the pipeline
    given: () => synthApp(fileConfig(SINGLE_ACCOUNT_PIPELINE)).stacks.bootstrap,
    // THEN terraform plans the state store and the pipeline's resources of both environments
    then: (result) => {
      const { planOutput } = planned("one-account pipeline bootstrap", result);
      for (const address of PIPELINE) expect(planOutput).toMatch(address);
      expect(planOutput).toMatch(/aws_iam_role\.github-pipeline_environments_staging_deploy_role_/);
      expect(planOutput).toMatch(/aws_iam_role\.github-pipeline_environments_prod_plan_role_/);
    },
  },
  {
    title: "prod of the multi-account config (its own account and region, every role bounded) validates and plans",
    // GIVEN prod in us-east-1 in the pipeline
    given: () => synthApp(fileConfig(MULTI_ACCOUNT)).stacks.prod,
    // THEN terraform plans it, with the workload boundary on its roles
    then: (result) => {
      const { planOutput } = planned("multi-account prod", result);
      expect(planOutput).toMatch(/permissions_boundary\s+= "arn:aws:iam::333333333333:policy\/acme-workload-boundary"/);
      expect(planOutput).toMatch(/availability_zone\s+= "us-east-1a"/);
    },
  },
];

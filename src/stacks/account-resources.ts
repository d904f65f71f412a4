import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PlatformConfig } from "../config";
import { GithubPipeline } from "../ci/github-pipeline";
import { StateAccess } from "../ci/state-access";
import { deployBoundaryName, deployRoleName, physicalNameOf, planRoleName, workloadBoundaryName } from "../core/aws-facts";
import { ApiGatewayCloudWatchRole } from "../edge/api-gateway-cloudwatch-role";
import { pipelineEnvironments, stateKeyOf } from "./accounts";

/** What a bootstrap stack holds for the environments of its account. */
export interface AccountResourcesProps {
  readonly config: PlatformConfig;
  /** The stack's account, when known: the pipeline's roles need it. */
  readonly account?: string;
  /** The environments whose account-wide resources the stack holds (see `BootstrapPlan`). */
  readonly environments: readonly string[];
  /**
   * The state bucket and key, when the stack holds them: the pipeline's roles use them
   * directly unless `state.roleArn` is set.
   * @default none
   */
  readonly stateStore?: { readonly bucketArn: string; readonly keyArn: string; readonly logBucketArn: string };
}

/** The account-wide resources of one bootstrap stack. */
export interface AccountResources {
  /** API Gateway's CloudWatch role and the region's account setting, when an environment here is REST. */
  readonly apiGatewayCloudWatchRole?: ApiGatewayCloudWatchRole;
  /** GitHub's OIDC provider, the boundaries and the deploy and plan roles, when the pipeline deploys an environment here. */
  readonly pipeline?: GithubPipeline;
}

/**
 * Adds to a bootstrap stack what exists once per account (and region) for its environments:
 * API Gateway's CloudWatch role where a REST API logs, and the delivery pipeline's roles
 * (`ci.github`) with their outputs `deploy_role_arns` and `plan_role_arns`.
 */
export function addAccountResources(stack: TerraformStack, props: AccountResourcesProps): AccountResources {
  const { config } = props;
  const project = config.project;
  const fail = (message: string): never => {
    throw new Error(`${stack.node.path}: ${message}`);
  };

  // API Gateway's CloudWatch role is one setting per account and region, which REST
  // access logs need: the stack of the account owns it, not each environment (whose
  // applies and destroys would take it from each other). One role; the setting in the
  // stack's region, and in every other region a REST environment of this account uses,
  // through a provider of that region.
  const restRegions = [
    ...new Set(props.environments.filter((env) => config.environments[env].api.kind === "rest").map((env) => config.environments[env].region ?? config.region)),
  ];
  const apiGatewayCloudWatchRole =
    restRegions.length > 0 ? new ApiGatewayCloudWatchRole(stack, "apigw-cloudwatch", { naming: { project, envName: "bootstrap" } }) : undefined;
  for (const region of restRegions.filter((r) => r !== config.region)) {
    const base = stack.node.children.find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
    const provider = new AwsProvider(stack, `aws-${region}`, {
      alias: region,
      region,
      ...(base?.allowedAccountIds ? { allowedAccountIds: base.allowedAccountIds } : {}),
      defaultTags: [{ tags: { project, environment: "bootstrap", "managed-by": "cdktf" } }],
    });
    apiGatewayCloudWatchRole!.addRegion(region, provider);
  }

  const delivered = pipelineEnvironments(config).filter((env) => props.environments.includes(env));
  const github = config.ci.github;
  if (delivered.length === 0 || github === undefined) return { apiGatewayCloudWatchRole };
  const account = props.account ?? fail(`the pipeline deploys ${delivered.join(", ")} from this stack, whose account is unknown`);
  const roleArn = config.state.roleArn;
  let state: StateAccess;
  if (roleArn !== undefined) state = { kind: "role", roleArn };
  else if (props.stateStore) state = { kind: "direct", bucketArn: props.stateStore.bucketArn, keyArn: props.stateStore.keyArn };
  else state = fail("the pipeline's roles reach the state neither directly (no state bucket in this stack) nor through state.roleArn");
  const pipeline = new GithubPipeline(stack, "github-pipeline", {
    repository: github.repository,
    account,
    workloadBoundaryName: workloadBoundaryName(project),
    deployBoundaryName: deployBoundaryName(project),
    environments: delivered.map((env) => ({
      name: env,
      deployRoleName: deployRoleName(project, env),
      planRoleName: planRoleName(project, env),
      resourcePrefix: `${physicalNameOf(project, env)}-`,
      stateKey: stateKeyOf(project, env),
    })),
    state,
    ...(roleArn !== undefined ? { protectedArns: [roleArn] } : {}),
    ...(props.stateStore ? { stateStore: { bucketArns: [props.stateStore.bucketArn, props.stateStore.logBucketArn], keyArn: props.stateStore.keyArn } } : {}),
  });
  new TerraformOutput(stack, "deploy_role_arns", {
    value: Object.fromEntries(Object.entries(pipeline.deployRoles).map(([env, role]) => [env, role.roleArn])),
    description: "Per environment the role GitHub Actions assumes to deploy it (jobs in the GitHub environment of the same name)",
  });
  new TerraformOutput(stack, "plan_role_arns", {
    value: Object.fromEntries(Object.entries(pipeline.planRoles).map(([env, role]) => [env, role.roleArn])),
    description: "Per environment the read-only role GitHub Actions assumes to diff it on pull requests",
  });
  return { apiGatewayCloudWatchRole, pipeline };
}

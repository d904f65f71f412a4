import { Construct } from "constructs";
import { ACCOUNT_ID_RE, GITHUB_REPOSITORY_RE, githubEnvironmentSubject, githubPullRequestSubject } from "../core/aws-facts";
import { arnOf } from "../core/partition";
import { DeployBoundary, DeployBoundaryProps } from "./deploy-boundary";
import { DeployRole } from "./deploy-role";
import { GithubOidcProvider } from "./github-oidc-provider";
import { PlanRole } from "./plan-role";
import { StateAccess } from "./state-access";
import { WorkloadBoundary } from "./workload-boundary";

/** One environment the pipeline deploys from an account. */
export interface PipelineEnvironment {
  /** The environment's name: also the GitHub environment its deploy jobs run in. */
  readonly name: string;
  /** `<project>-<env>-deploy`. */
  readonly deployRoleName: string;
  /** `<project>-<env>-plan`. */
  readonly planRoleName: string;
  /** `<project>-<env>-`: the names of the roles and instance profiles its stack creates. */
  readonly resourcePrefix: string;
  /** `<project>/<env>/terraform.tfstate`. */
  readonly stateKey: string;
}

/** Properties of a {@link GithubPipeline}. */
export interface GithubPipelineProps {
  /** `owner/name` of the repository whose workflow deploys. */
  readonly repository: string;
  /** The account these environments (and this construct's resources) live in. */
  readonly account: string;
  /** Name of the {@link WorkloadBoundary} policy. */
  readonly workloadBoundaryName: string;
  /** Name of the {@link DeployBoundary} policy. */
  readonly deployBoundaryName: string;
  /** The environments of this account the pipeline deploys, at least one. */
  readonly environments: readonly PipelineEnvironment[];
  /** How their roles reach the state. */
  readonly state: StateAccess;
  /**
   * Further IAM ARNs no deploy may change: the state role.
   * @default none
   */
  readonly protectedArns?: readonly string[];
  /**
   * The state store, where this account holds it (see {@link DeployBoundaryProps.stateStore}).
   * @default none
   */
  readonly stateStore?: DeployBoundaryProps["stateStore"];
}

/**
 * Everything one account needs for GitHub Actions to plan and deploy its environments:
 * GitHub's OIDC provider, the two permissions boundaries (the deploy roles' and every
 * environment role's), and per environment a {@link DeployRole} and a {@link PlanRole}.
 */
export class GithubPipeline extends Construct {
  public readonly oidcProvider: GithubOidcProvider;
  public readonly workloadBoundary: WorkloadBoundary;
  public readonly deployBoundary: DeployBoundary;
  /** Deploy roles by environment name. */
  public readonly deployRoles: Readonly<Record<string, DeployRole>>;
  /** Plan roles by environment name. */
  public readonly planRoles: Readonly<Record<string, PlanRole>>;

  constructor(scope: Construct, id: string, props: GithubPipelineProps) {
    super(scope, id);
    if (!GITHUB_REPOSITORY_RE.test(props.repository))
      throw new Error(`${this.node.path}: repository must be owner/name, got ${JSON.stringify(props.repository)}`);
    if (!ACCOUNT_ID_RE.test(props.account))
      throw new Error(`${this.node.path}: account must be a 12-digit AWS account id, got ${JSON.stringify(props.account)}`);
    if (props.environments.length === 0) throw new Error(`${this.node.path}: environments must name at least one environment`);
    const names = props.environments.map((e) => e.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    if (repeated.length > 0) throw new Error(`${this.node.path}: environments must be distinct, got ${repeated.join(", ")} twice`);

    this.oidcProvider = new GithubOidcProvider(this, "oidc");
    this.workloadBoundary = new WorkloadBoundary(this, "workload-boundary", {
      name: props.workloadBoundaryName,
      ...(props.stateStore ? { stateStore: props.stateStore } : {}),
    });
    // Role ARNs by name: the roles reference the boundary, so it cannot reference them.
    const roleArn = (name: string) => arnOf(this, { service: "iam", account: props.account, resource: `role/${name}` });
    this.deployBoundary = new DeployBoundary(this, "deploy-boundary", {
      name: props.deployBoundaryName,
      account: props.account,
      workloadBoundaryArn: this.workloadBoundary.policyArn,
      protectedArns: [
        ...props.environments.flatMap((e) => [roleArn(e.deployRoleName), roleArn(e.planRoleName)]),
        this.oidcProvider.providerArn,
        this.workloadBoundary.policyArn,
        ...(props.protectedArns ?? []),
      ],
      ...(props.stateStore ? { stateStore: props.stateStore } : {}),
    });

    // Environment names are the user's: they live under a scope of their own.
    const environments = new Construct(this, "environments");
    const deployRoles: Record<string, DeployRole> = {};
    const planRoles: Record<string, PlanRole> = {};
    for (const env of props.environments) {
      const envScope = new Construct(environments, env.name);
      deployRoles[env.name] = new DeployRole(envScope, "deploy", {
        name: env.deployRoleName,
        github: this.oidcProvider,
        subject: githubEnvironmentSubject(props.repository, env.name),
        account: props.account,
        resourcePrefix: env.resourcePrefix,
        permissionsBoundaryArn: this.deployBoundary.policyArn,
        state: props.state,
        stateKey: env.stateKey,
      });
      planRoles[env.name] = new PlanRole(envScope, "plan", {
        name: env.planRoleName,
        github: this.oidcProvider,
        subject: githubPullRequestSubject(props.repository),
        state: props.state,
        stateKey: env.stateKey,
      });
    }
    this.deployRoles = deployRoles;
    this.planRoles = planRoles;
  }
}

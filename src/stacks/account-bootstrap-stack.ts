import { Construct } from "constructs";
import { S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PlatformConfig } from "../config";
import { GithubPipeline } from "../ci/github-pipeline";
import { ACCOUNT_ID_RE } from "../core/aws-facts";
import { ApiGatewayCloudWatchRole } from "../edge/api-gateway-cloudwatch-role";
import { accountBootstrapName, stateKeyOf } from "./accounts";
import { addAccountResources } from "./account-resources";
import { stateKeyAlias } from "./state-bootstrap-stack";

/** Properties of an {@link AccountBootstrapStack}. */
export interface AccountBootstrapStackProps {
  /** The validated config; it must set `state.roleArn` (several accounts require it). */
  readonly config: PlatformConfig;
  /** The account this stack deploys to. */
  readonly account: string;
  /** The environments of that account, in config order. */
  readonly environments: readonly string[];
}

/**
 * `bootstrap-<account>`: the account-wide resources of an account other than the state
 * bucket's (API Gateway's CloudWatch role where a REST environment runs, the pipeline's
 * OIDC provider, boundaries and roles). Deployed once per account with that account's
 * admin credentials, after `bootstrap`: its state lives in the one state bucket
 * (`<project>/bootstrap-<account>/terraform.tfstate`), reached through `state.roleArn` like
 * every environment's.
 */
export class AccountBootstrapStack extends TerraformStack {
  /** The account it deploys to. */
  public readonly account: string;
  /** API Gateway's CloudWatch role of the account and region, when an environment here has a REST API. */
  public readonly apiGatewayCloudWatchRole?: ApiGatewayCloudWatchRole;
  /** The pipeline's roles of the environments here (`ci.github`), when it deploys one. */
  public readonly pipeline?: GithubPipeline;

  constructor(scope: Construct, id: string, props: AccountBootstrapStackProps) {
    super(scope, id);
    const { config, account } = props;
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (!ACCOUNT_ID_RE.test(account)) fail(`account must be a 12-digit AWS account id, got ${JSON.stringify(account)}`);
    if (id !== accountBootstrapName(account)) fail(`stack id must be "${accountBootstrapName(account)}", got "${id}"`);
    const unknown = props.environments.filter((env) => !(env in config.environments));
    if (unknown.length > 0) fail(`environments must be declared in the config, got ${unknown.join(", ")}`);
    const stateRole = config.state.roleArn ?? fail("state.roleArn must be set: this stack keeps its state in the state bucket of another account");
    this.account = account;

    // Like an environment's backend (PlatformStack): SSE-KMS with the state key, native locking.
    new S3Backend(this, {
      bucket: config.state.bucket,
      key: stateKeyOf(config.project, id),
      region: config.region,
      encrypt: true,
      kmsKeyId: stateKeyAlias(config.project),
      assumeRole: { roleArn: stateRole, sessionName: `${config.project}-${id}-state` },
    });
    this.addOverride("terraform.backend.s3.use_lockfile", true);
    new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: [{ tags: { project: config.project, environment: "bootstrap", "managed-by": "cdktf" } }],
      // This account's admin credentials only: a deploy with another's fails before any change.
      allowedAccountIds: [account],
    });

    const local = addAccountResources(this, { config, account, environments: props.environments });
    this.apiGatewayCloudWatchRole = local.apiGatewayCloudWatchRole;
    this.pipeline = local.pipeline;
  }
}

import { Construct } from "constructs";
import { S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { EnvironmentConfig } from "../config";

/** Properties of a {@link PlatformStack}. */
export interface PlatformStackProps {
  /** The environment's resolved config. */
  readonly env: EnvironmentConfig;
}

/**
 * One environment of the platform (`dev`, `staging` or `prod`): the guide's whole
 * architecture, wired. The stack id is the environment name, so `cdktf deploy prod`
 * deploys prod.
 */
export class PlatformStack extends TerraformStack {
  /** The environment this stack deploys. */
  public readonly env: EnvironmentConfig;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const env = props.env;
    this.env = env;
    if (id !== env.envName) {
      throw new Error(`${this.node.path}: stack id must be the environment name "${env.envName}", got "${id}"`);
    }

    new S3Backend(this, {
      bucket: env.stateBucket,
      key: `${env.project}/${env.envName}/terraform.tfstate`,
      region: env.region,
      encrypt: true,
    });
    // Native S3 locking (terraform ≥ 1.10); cdktf 0.21 has no typed prop for it.
    this.addOverride("terraform.backend.s3.use_lockfile", true);

    new AwsProvider(this, "aws", {
      region: env.region,
      defaultTags: [{ tags: { project: env.project, environment: env.envName, "managed-by": "cdktf" } }],
    });
    // The token comes from CLOUDFLARE_API_TOKEN, read by the provider itself: never in code or state.
    new CloudflareProvider(this, "cloudflare", {});
  }
}

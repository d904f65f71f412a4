import { join } from "path";
import { Construct } from "constructs";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsKeyPolicy } from "@cdktf/provider-aws/lib/kms-key-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { PlatformConfig } from "../config";
import { GithubPipeline } from "../ci/github-pipeline";
import { StateRole } from "../ci/state-role";
import { ApiGatewayCloudWatchRole } from "../edge/api-gateway-cloudwatch-role";
import { accountIdOf, keyAdministeredThroughIam } from "../core/iam";
import { jsonDocument } from "../core/json-document";
import { ACCOUNT_ID_RE, s3BucketNameProblem, stateAccessLogBucketName } from "../core/aws-facts";
import { accountsOf } from "./accounts";
import { addAccountResources } from "./account-resources";

/**
 * The alias of the KMS key that encrypts Terraform state: `alias/<project>-terraform-state`.
 * The bootstrap stack creates it; every environment's S3 backend names it in `kms_key_id`
 * (the backend accepts `alias/<name>`; S3 resolves an alias in the requester's account).
 */
export function stateKeyAlias(project: string): string {
  return `alias/${project}-terraform-state`;
}

/** Properties of a {@link StateBootstrapStack}. */
export interface StateBootstrapStackProps {
  /** The validated config: project, region and `state.bucket`. */
  readonly config: PlatformConfig;
  /**
   * The state bucket's account (`accountsOf(config).stateAccount`): the provider is pinned
   * to it (`allowed_account_ids`), and the pipeline's roles live in it.
   * @default none: the provider takes any account
   */
  readonly account?: string;
  /**
   * The environments whose account-wide resources this stack holds (API Gateway's
   * CloudWatch role, the pipeline's roles): those of the state account and those that name
   * no account (`accountsOf(config).bootstraps[0].environments`).
   * @default every environment of the config
   */
  readonly environments?: readonly string[];
  /**
   * Days a noncurrent state version is kept (rollback window for a bad apply).
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Name of the bucket that receives the state bucket's server access logs.
   * @default `<state.bucket>-logs`
   */
  readonly accessLogBucketName?: string;
  /**
   * Days an access log is kept (who read or wrote which environment's state).
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
}

/**
 * The `bootstrap` stack: the S3 bucket that holds every environment's remote state, the
 * KMS key that encrypts it, and a bucket that records every request made to it; with
 * `state.roleArn`, the role every backend assumes to reach them. It also holds the
 * account-wide resources of the environments in its account (see `addAccountResources`).
 * It keeps its own state locally (the bucket cannot hold the state that creates it):
 * run `cdktf deploy bootstrap` once, keep `terraform.bootstrap.tfstate` safe.
 */
export class StateBootstrapStack extends TerraformStack {
  /** @default 90 */
  static readonly DEFAULT_NONCURRENT_VERSION_DAYS = 90;
  /** @default 365: a year of "who read the state", like the flow logs. */
  static readonly DEFAULT_ACCESS_LOG_RETENTION_DAYS = 365;
  /** Days a deleted or expired access log stays recoverable as a noncurrent version. */
  static readonly ACCESS_LOG_NONCURRENT_DAYS = 30;
  /** Key prefix of the state bucket's logs in the log bucket. */
  static readonly ACCESS_LOG_PREFIX = "state-bucket/";

  /** The state bucket. */
  public readonly bucket: S3Bucket;
  /** The KMS key that encrypts state objects. */
  public readonly key: KmsKey;
  /** The key's explicit policy: the account administers it through IAM, nothing else. */
  public readonly keyPolicy: KmsKeyPolicy;
  /** The key's alias, {@link stateKeyAlias}: what the environments' backends name. */
  public readonly keyAlias: KmsAlias;
  /** The bucket that receives the state bucket's server access logs. */
  public readonly accessLogBucket: S3Bucket;
  /** The state bucket's logging configuration. */
  public readonly accessLogging: S3BucketLoggingA;
  /** API Gateway's CloudWatch role of the account and region, when an environment here has a REST API. */
  public readonly apiGatewayCloudWatchRole?: ApiGatewayCloudWatchRole;
  /** The role the backends assume (`state.roleArn`), when set. */
  public readonly stateRole?: StateRole;
  /** The pipeline's roles of the environments here (`ci.github`), when it deploys one. */
  public readonly pipeline?: GithubPipeline;

  constructor(scope: Construct, id: string, props: StateBootstrapStackProps) {
    super(scope, id);
    const { config } = props;
    const noncurrentDays = props.noncurrentVersionDays ?? StateBootstrapStack.DEFAULT_NONCURRENT_VERSION_DAYS;
    const logRetentionDays = props.accessLogRetentionDays ?? StateBootstrapStack.DEFAULT_ACCESS_LOG_RETENTION_DAYS;
    const logBucketName = props.accessLogBucketName ?? stateAccessLogBucketName(config.state.bucket);
    this.validate(props, noncurrentDays, logRetentionDays, logBucketName);

    // cdktf's default local path is absolute, at the project root: a relative path would
    // resolve inside cdktf.out/stacks/bootstrap, which a later synth may wipe with the state.
    new LocalBackend(this, { path: join(process.cwd(), "terraform.bootstrap.tfstate") });
    new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: [{ tags: { project: config.project, environment: "bootstrap", "managed-by": "cdktf" } }],
      // The state account's credentials only, once the config names it.
      ...(props.account !== undefined ? { allowedAccountIds: [props.account] } : {}),
    });

    this.key = new KmsKey(this, "state-key", {
      description: `${config.project}: encrypts Terraform state in ${config.state.bucket}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    this.keyAlias = new KmsAlias(this, "state-key-alias", { name: stateKeyAlias(config.project), targetKeyId: this.key.keyId });
    // The account id comes from the key's own ARN (no data source: plan stays offline);
    // a separate key-policy resource avoids the key referencing itself.
    const account = accountIdOf(this.key.arn);
    this.keyPolicy = new KmsKeyPolicy(this, "state-key-policy", {
      keyId: this.key.keyId,
      policy: jsonDocument({
        Version: "2012-10-17",
        Statement: [keyAdministeredThroughIam(this, account)],
      }),
    });

    this.bucket = new S3Bucket(this, "state", {
      bucket: config.state.bucket,
      // Losing this bucket loses every environment's state.
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketPublicAccessBlock(this, "public-access", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const anyone = [{ type: "*", identifiers: ["*"] }];
    const statePolicy = new DataAwsIamPolicyDocument(this, "state-policy", {
      statement: [
        tlsOnlyStatement(this.bucket),
        {
          // Objects may only be written with SSE-KMS. Terraform's S3 backend sends
          // `x-amz-server-side-encryption: aws:kms` with kms_key_id on both the state and
          // the lock-file PutObject (internal/backend/remote-state/s3/client.go, put and
          // lockWithFile). Requests without the header (and the UploadPart calls of a
          // multipart upload, which never carry it) are not denied: the bucket default
          // (SSE-KMS with the state key) applies to them.
          // https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
          sid: "DenyNonKmsEncryption",
          effect: "Deny",
          actions: ["s3:PutObject"],
          principals: anyone,
          resources: [`${this.bucket.arn}/*`],
          condition: [
            { test: "Null", variable: "s3:x-amz-server-side-encryption", values: ["false"] },
            { test: "StringNotEquals", variable: "s3:x-amz-server-side-encryption", values: ["aws:kms"] },
          ],
        },
        {
          // SSE-C sends its own header instead: keys only the writer holds would make state
          // unreadable to everyone else (and to the bucket's KMS audit trail).
          // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html
          sid: "DenyCustomerProvidedKeys",
          effect: "Deny",
          actions: ["s3:PutObject"],
          principals: anyone,
          resources: [`${this.bucket.arn}/*`],
          condition: [{ test: "Null", variable: "s3:x-amz-server-side-encryption-customer-algorithm", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(this, "policy", { bucket: this.bucket.id, policy: statePolicy.json });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "state-hygiene",
          status: "Enabled",
          filter: [{ prefix: "" }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
        },
      ],
    });

    const logs = this.accessLogs(logBucketName, logRetentionDays, account);
    this.accessLogBucket = logs.bucket;
    this.accessLogging = logs.logging;

    if (config.state.roleArn !== undefined) {
      this.stateRole = new StateRole(this, "state-role", {
        roleArn: config.state.roleArn,
        trustedAccounts: accountsOf(config).accounts,
        bucketArn: this.bucket.arn,
        keyPrefix: `${config.project}/`,
        keyArn: this.key.arn,
      });
    }
    const local = addAccountResources(this, {
      config,
      account: props.account,
      environments: props.environments ?? Object.keys(config.environments),
      stateStore: { bucketArn: this.bucket.arn, keyArn: this.key.arn, logBucketArn: this.accessLogBucket.arn },
    });
    this.apiGatewayCloudWatchRole = local.apiGatewayCloudWatchRole;
    this.pipeline = local.pipeline;

    new TerraformOutput(this, "state_bucket", { value: this.bucket.bucket, description: "Remote state bucket" });
    new TerraformOutput(this, "state_kms_key_arn", { value: this.key.arn, description: "KMS key of the state bucket" });
    new TerraformOutput(this, "state_kms_key_alias", {
      value: this.keyAlias.name,
      description: "Alias of the state key: the environments' S3 backends encrypt state and lock files with it (kms_key_id)",
    });
    new TerraformOutput(this, "state_access_log_bucket", {
      value: this.accessLogBucket.bucket,
      description: "Bucket of the state bucket's S3 server access logs (who read or wrote which state)",
    });
    if (this.stateRole) {
      new TerraformOutput(this, "state_role_arn", {
        value: this.stateRole.roleArn,
        description: "The role every S3 backend assumes to read and write state (state.roleArn)",
      });
    }
  }

  /**
   * S3 server access logging of the state bucket into a bucket of its own, hardened like
   * the state bucket where S3 allows it.
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
   */
  private accessLogs(name: string, retentionDays: number, account: string): { bucket: S3Bucket; logging: S3BucketLoggingA } {
    const bucket = new S3Bucket(this, "access-logs", {
      bucket: name,
      // The audit trail of the state outlives a mistaken destroy.
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(this, "access-logs-versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    // A log target supports default encryption with SSE-S3 only: S3 does not deliver
    // access logs into a bucket whose default is SSE-KMS (nor one with Object Lock).
    new S3BucketServerSideEncryptionConfigurationA(this, "access-logs-encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketPublicAccessBlock(this, "access-logs-public-access", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // ACLs off: delivery is then granted only by the bucket policy below (the log
    // delivery group's ACL grant no longer applies).
    const ownership = new S3BucketOwnershipControls(this, "access-logs-ownership", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const doc = new DataAwsIamPolicyDocument(this, "access-logs-policy-doc", {
      statement: [
        tlsOnlyStatement(bucket),
        {
          // The logging service principal may write under the prefix, and only for the
          // state bucket of this account (confused deputy).
          sid: "S3ServerAccessLogsFromStateBucket",
          effect: "Allow",
          actions: ["s3:PutObject"],
          principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
          resources: [`${bucket.arn}/${StateBootstrapStack.ACCESS_LOG_PREFIX}*`],
          condition: [
            { test: "ArnLike", variable: "aws:SourceArn", values: [this.bucket.arn] },
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
          ],
        },
      ],
    });
    const policy = new S3BucketPolicy(this, "access-logs-policy", { bucket: bucket.id, policy: doc.json });
    new S3BucketLifecycleConfiguration(this, "access-logs-lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "access-log-retention",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: retentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          noncurrentVersionExpiration: [{ noncurrentDays: StateBootstrapStack.ACCESS_LOG_NONCURRENT_DAYS }],
        },
      ],
    });
    const logging = new S3BucketLoggingA(this, "access-logging", {
      bucket: this.bucket.id,
      targetBucket: bucket.id,
      targetPrefix: StateBootstrapStack.ACCESS_LOG_PREFIX,
      // <prefix><account>/<region>/<bucket>/<yyyy>/<mm>/<dd>/…: date-partitioned for Athena.
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      // Deliveries before the grant exists would be dropped.
      dependsOn: [policy, ownership],
    });
    return { bucket, logging };
  }

  /** Checks every prop before anything is created. */
  private validate(props: StateBootstrapStackProps, noncurrentDays: number, logRetentionDays: number, logBucketName: string): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1) {
      fail(`noncurrentVersionDays must be a whole number ≥ 1, got ${noncurrentDays}`);
    }
    if (!Number.isInteger(logRetentionDays) || logRetentionDays < 1) {
      fail(`accessLogRetentionDays must be a whole number ≥ 1, got ${logRetentionDays}`);
    }
    const bucketProblem = s3BucketNameProblem(logBucketName);
    if (bucketProblem) {
      const from = props.accessLogBucketName === undefined ? ` (state.bucket + "-logs"; use a state.bucket of at most 58 characters)` : "";
      fail(`accessLogBucketName ${bucketProblem}, got "${logBucketName}"${from}`);
    }
    if (props.account !== undefined && !ACCOUNT_ID_RE.test(props.account)) {
      fail(`account must be a 12-digit AWS account id, got ${JSON.stringify(props.account)}`);
    }
    const unknown = (props.environments ?? []).filter((env) => !(env in props.config.environments));
    if (unknown.length > 0) fail(`environments must be declared in the config, got ${unknown.join(", ")}`);
    if (logBucketName === props.config.state.bucket) {
      // S3 advises against it: every log delivery would itself be logged, without end.
      fail(`accessLogBucketName must differ from state.bucket, got "${logBucketName}" for both`);
    }
  }
}

/** Deny every request to `bucket` and its objects that is not over TLS (S3.5). */
function tlsOnlyStatement(bucket: S3Bucket) {
  return {
    sid: "DenyInsecureTransport",
    effect: "Deny",
    actions: ["s3:*"],
    principals: [{ type: "*", identifiers: ["*"] }],
    resources: [bucket.arn, `${bucket.arn}/*`],
    condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
  };
}

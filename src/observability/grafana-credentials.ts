import { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { GrantableRef, grantInlinePolicy, PolicyStatement } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { partitionOf } from "../core/partition";
import { EncryptionKeyRef } from "../core/encryption-key-ref";

/** Properties of a {@link GrafanaCredentials}. */
export interface GrafanaCredentialsProps {
  /** Project and environment: the secret's name starts with `<project>-<env>-grafana-otlp-`. */
  readonly naming: NamingContext;
  /** Region of the stack (the `kms:ViaService` condition names Secrets Manager's regional endpoint). */
  readonly region: string;
  /**
   * ARN of the customer-managed KMS key that encrypts the secret (the environment's
   * `PlatformKey.keyArn`; CKV_AWS_149). Readers get `kms:Decrypt` on it, only through
   * Secrets Manager. Its key policy must let IAM policies of the account grant its use,
   * as the PlatformKey's does: Secrets Manager uses the key on behalf of the caller.
   * https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
   */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Days a deleted secret stays recoverable: 0 (immediate) or 7–30.
   * @default 7
   */
  readonly recoveryWindowInDays?: number;
}

/**
 * The environment's Grafana Cloud OTLP credentials: one Secrets Manager secret,
 * encrypted with the environment's KMS key and created EMPTY so that no credential ever
 * passes through code, config or Terraform state. An operator sets it once per
 * environment, by the ARN or name the stack outputs (`grafana_secret_arn`):
 *
 *   aws secretsmanager put-secret-value --secret-id <grafana_secret_arn> \
 *     --secret-string '{"instanceId":"<Grafana instance id>","apiToken":"<access policy token>"}'
 *
 * The name is generated from a prefix, `<project>-<env>-grafana-otlp-<unique suffix>`:
 * a deleted secret keeps its name for the recovery window (7 days by default), so a
 * fixed name would block re-creating the environment (or replacing the secret) until
 * then.
 *
 * Tasks read the two JSON keys through `secrets` (`<arn>:instanceId::`,
 * `<arn>:apiToken::`). Until the value exists, tasks that inject it fail to start
 * with ResourceInitializationError.
 */
export class GrafanaCredentials extends Construct {
  /** @default 7 */
  static readonly DEFAULT_RECOVERY_WINDOW_DAYS = 7;
  /** JSON key of the Grafana Cloud instance id (the basic-auth user name). */
  static readonly INSTANCE_ID_KEY = "instanceId";
  /** JSON key of the Grafana Cloud access policy token (the basic-auth password). */
  static readonly API_TOKEN_KEY = "apiToken";

  /** The secret resource (no version: the value is set outside Terraform). */
  public readonly secret: SecretsmanagerSecret;
  /** Full secret ARN, including Secrets Manager's random suffix. */
  public readonly secretArn: string;
  /** The generated name, `<project>-<env>-grafana-otlp-<unique suffix>` (a reference: known after apply). */
  public readonly secretName: string;
  /** The fixed start of the name, `<project>-<env>-grafana-otlp-`. */
  public readonly secretNamePrefix: string;
  /** The customer-managed key that encrypts the secret. */
  public readonly encryptionKey: EncryptionKeyRef;

  private readonly region: string;

  constructor(scope: Construct, id: string, props: GrafanaCredentialsProps) {
    super(scope, id);
    const window = props.recoveryWindowInDays ?? GrafanaCredentials.DEFAULT_RECOVERY_WINDOW_DAYS;
    if (!Number.isInteger(window) || (window !== 0 && (window < 7 || window > 30))) {
      throw new Error(`${this.node.path}: recoveryWindowInDays must be 0 or 7–30, got ${window}`);
    }
    if (!props.encryptionKey?.keyArn) {
      throw new Error(`${this.node.path}: encryptionKey.keyArn is required: the secret is encrypted with the environment's customer-managed key (CKV_AWS_149)`);
    }
    this.region = props.region;
    this.encryptionKey = props.encryptionKey;
    this.secretNamePrefix = `${physicalName(props.naming, "grafana-otlp")}-`;
    this.secret = new SecretsmanagerSecret(this, "secret", {
      namePrefix: this.secretNamePrefix,
      description:
        'Grafana Cloud OTLP credentials for the OpenTelemetry collector sidecars: JSON {"instanceId":"…","apiToken":"…"}, set with aws secretsmanager put-secret-value',
      recoveryWindowInDays: window,
      kmsKeyId: props.encryptionKey.keyArn,
    });
    this.secretArn = this.secret.arn;
    this.secretName = this.secret.name;
  }

  /** The `valueFrom` of one JSON key of the secret, for a container's `secrets`. */
  valueFrom(jsonKey: string): string {
    return `${this.secretArn}:${jsonKey}::`;
  }

  /**
   * The statements that let a role read this secret: `GetSecretValue` on exactly its
   * ARN, and `kms:Decrypt` on its key only when Secrets Manager asks on the role's behalf
   * (`kms:ViaService`), so the grant cannot decrypt anything else encrypted with the key.
   * For callers that merge all their secrets into one policy.
   * https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz
   */
  readStatements(): PolicyStatement[] {
    return [
      { Sid: "ReadGrafanaCredentials", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [this.secretArn] },
      ...this.decryptStatements(),
    ];
  }

  /**
   * The key half of {@link readStatements}: `kms:Decrypt` through Secrets Manager only,
   * for a caller that writes the `GetSecretValue` statement itself (over all its secrets).
   */
  decryptStatements(): PolicyStatement[] {
    return [
      {
        Sid: "DecryptGrafanaCredentials",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [this.encryptionKey.keyArn],
        // kms:ViaService names the calling service's regional endpoint, whose domain is the
        // partition's: secretsmanager.cn-north-1.amazonaws.com.cn in China
        // (https://docs.amazonaws.cn/en_us/general/latest/gr/cnnorth_region.html,
        // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${this.region}.${partitionOf(this).dnsSuffix}` } },
      },
    ];
  }

  /** Lets `grantee` read this secret (and only it), as its own inline policy; returns the policy. */
  grantRead(grantee: GrantableRef): IamRolePolicy {
    return grantInlinePolicy(this, grantee, { verb: "read", policyName: `read-${this.node.id}`, statements: this.readStatements() });
  }
}

import { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { IGrantable, PolicyStatement, policyDocument } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { partitionOf } from "../core/partition";

/** Properties of a {@link GrafanaCredentials}. */
export interface GrafanaCredentialsProps {
  /** Project and environment: the secret is `<project>-<env>/grafana-cloud-otlp`. */
  readonly naming: NamingContext;
  /** Region of the stack (the `kms:ViaService` condition names Secrets Manager's regional endpoint). */
  readonly region: string;
  /**
   * Customer-managed KMS key for the secret; readers then also get `kms:Decrypt` on
   * it, only through Secrets Manager.
   * @default the AWS managed key `aws/secretsmanager`
   */
  readonly kmsKeyArn?: string;
  /**
   * Days a deleted secret stays recoverable: 0 (immediate) or 7–30.
   * @default 7
   */
  readonly recoveryWindowInDays?: number;
}

/**
 * The environment's Grafana Cloud OTLP credentials: one Secrets Manager secret,
 * created EMPTY so that no credential ever passes through code, config or Terraform
 * state. An operator sets it once per environment:
 *
 *   aws secretsmanager put-secret-value --secret-id <project>-<env>/grafana-cloud-otlp \
 *     --secret-string '{"instanceId":"<Grafana instance id>","apiToken":"<access policy token>"}'
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
  /** `<project>-<env>/grafana-cloud-otlp`. */
  public readonly secretName: string;
  /** The customer-managed key, when one encrypts the secret. */
  public readonly kmsKeyArn?: string;

  private readonly region: string;

  constructor(scope: Construct, id: string, props: GrafanaCredentialsProps) {
    super(scope, id);
    const window = props.recoveryWindowInDays ?? GrafanaCredentials.DEFAULT_RECOVERY_WINDOW_DAYS;
    if (!Number.isInteger(window) || (window !== 0 && (window < 7 || window > 30))) {
      throw new Error(`${this.node.path}: recoveryWindowInDays must be 0 or 7–30, got ${window}`);
    }
    this.region = props.region;
    this.kmsKeyArn = props.kmsKeyArn;
    this.secretName = `${physicalName(props.naming)}/grafana-cloud-otlp`;
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: this.secretName,
      description:
        'Grafana Cloud OTLP credentials for the OpenTelemetry collector sidecars: JSON {"instanceId":"…","apiToken":"…"}, set with aws secretsmanager put-secret-value',
      recoveryWindowInDays: window,
      kmsKeyId: props.kmsKeyArn,
    });
    this.secretArn = this.secret.arn;
  }

  /** The `valueFrom` of one JSON key of the secret, for a container's `secrets`. */
  valueFrom(jsonKey: string): string {
    return `${this.secretArn}:${jsonKey}::`;
  }

  /**
   * The statements that let a role read this secret: `GetSecretValue` on exactly its
   * ARN, and `kms:Decrypt` on its key through Secrets Manager when a customer-managed
   * key encrypts it. For callers that merge all their secrets into one policy.
   */
  readStatements(): PolicyStatement[] {
    const statements: PolicyStatement[] = [
      { Sid: "ReadGrafanaCredentials", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [this.secretArn] },
    ];
    if (this.kmsKeyArn) {
      statements.push({
        Sid: "DecryptGrafanaCredentials",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [this.kmsKeyArn],
        // kms:ViaService names the calling service's regional endpoint, whose domain is the
        // partition's: secretsmanager.cn-north-1.amazonaws.com.cn in China
        // (https://docs.amazonaws.cn/en_us/general/latest/gr/cnnorth_region.html,
        // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${this.region}.${partitionOf(this).dnsSuffix}` } },
      });
    }
    return statements;
  }

  /** Lets `grantee` read this secret (and only it), as its own inline policy. */
  grantRead(grantee: IGrantable): void {
    new IamRolePolicy(this, `read-${grantee.node.id}`, {
      name: `read-${this.node.id}`,
      role: grantee.roleName,
      policy: policyDocument(this.readStatements()),
    });
  }
}

import { PolicyStatement } from "../core/iam";

/**
 * How a pipeline role reaches its environment's Terraform state: in the state bucket
 * directly (the bucket and its key are in the role's account), or through the state role
 * (`state.roleArn`), which every backend assumes when the bucket serves several accounts.
 */
export type StateAccess =
  | {
      readonly kind: "direct";
      /** The state bucket's ARN. */
      readonly bucketArn: string;
      /** The ARN of the KMS key that encrypts state and lock files. */
      readonly keyArn: string;
    }
  | {
      readonly kind: "role";
      /** The role every backend assumes (shared by all environments: it is not per environment). */
      readonly roleArn: string;
    };

/** What a role does with its state: `readWrite` (deploy) or `read` (plan: it still takes the lock). */
export type StateUse = "readWrite" | "read";

/** Terraform's native S3 lock file: the state key plus `.tflock` (`use_lockfile`). */
export function lockFileKey(stateKey: string): string {
  return `${stateKey}.tflock`;
}

/**
 * The statements that let a role use one environment's state, and nothing else of the
 * bucket. From Terraform's S3 backend documentation ("Permissions Required" → "S3 Bucket
 * Permissions"): `s3:ListBucket` on the bucket for the state's path, `s3:GetObject` and
 * `s3:PutObject` on the state key (Terraform never deletes it), and `s3:GetObject`,
 * `s3:PutObject` and `s3:DeleteObject` on the lock file `<key>.tflock`. A plan reads the
 * state and takes the lock, so it needs everything but writing the state.
 * https://developer.hashicorp.com/terraform/language/backend/s3#s3-bucket-permissions
 * (website/docs/language/backend/s3.mdx in hashicorp/terraform)
 *
 * The listing is limited to the environment's folder (`s3:prefix`, StringLike `<folder>/*`,
 * which covers the documented exact key). Terraform also lists the default workspace prefix
 * `env:/`; since 1.7 it ignores the AccessDenied that gets (hashicorp/terraform#34511).
 *
 * KMS: S3 calls `kms:GenerateDataKey` to write an SSE-KMS object and `kms:Decrypt` to read
 * one (and to finish a multipart upload); `kms:Encrypt` is never used by S3, so it is not
 * granted. https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys
 *
 * Through the state role, the role may only assume it: what the state role allows is its own
 * policy's (see `StateRole`).
 */
export function stateAccessStatements(access: StateAccess, stateKey: string, use: StateUse): PolicyStatement[] {
  if (access.kind === "role") {
    return [{ Sid: "AssumeStateRole", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: [access.roleArn] }];
  }
  if (!/^[^/].*\/[^/]+$/.test(stateKey)) throw new Error(`stateAccessStatements: stateKey must be <folder>/<name>, got ${JSON.stringify(stateKey)}`);
  const folder = stateKey.slice(0, stateKey.lastIndexOf("/") + 1);
  return [
    {
      Sid: "ListStateFolder",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [access.bucketArn],
      Condition: { StringLike: { "s3:prefix": `${folder}*` } },
    },
    {
      Sid: use === "readWrite" ? "ReadWriteState" : "ReadState",
      Effect: "Allow",
      Action: use === "readWrite" ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"],
      Resource: [`${access.bucketArn}/${stateKey}`],
    },
    {
      Sid: "StateLockFile",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: [`${access.bucketArn}/${lockFileKey(stateKey)}`],
    },
    {
      Sid: "StateKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [access.keyArn],
    },
  ];
}

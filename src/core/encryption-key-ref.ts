/**
 * A KMS key that encrypts a resource: {@link PlatformKey} implements it. Constructs take
 * the key, not its ARN as a string, so a wrong value (an alias, a key id, another
 * resource's ARN) cannot be passed where a key is meant.
 */
export interface EncryptionKeyRef {
  /** Key ARN, for `kms_key_id` / `kms_key_arn` attributes and key-scoped IAM statements. */
  readonly keyArn: string;
}

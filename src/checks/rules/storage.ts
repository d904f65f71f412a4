import { block, blocks, strings, TfResource, TfStack } from "../tf";
import { AppRule, StackRule } from "../types";
import { admitsAnyone, appRule, eachResource, isSet, PROD_ONLY, shown, stackRule } from "./helpers";

/** Resources of `type` that configure `bucket` (by reference, or by its literal name). */
function bucketConfigs(stack: TfStack, bucket: TfResource, type: string): TfResource[] {
  return stack
    .resources(type)
    .filter((c) => stack.references(c.values.bucket, bucket) || (bucket.values.bucket !== undefined && c.values.bucket === bucket.values.bucket));
}

/** Bucket names some stack's S3 backend uses: the Terraform state buckets. */
function stateBucketNames(stacks: readonly TfStack[]): Set<unknown> {
  return new Set(stacks.map((s) => block(s.json.terraform?.backend?.s3).bucket).filter((b) => typeof b === "string"));
}

/** Whether a CloudTrail trail records S3 object-level (data) events for `bucket`. */
function trailLogsObjects(stack: TfStack, bucket: TfResource): boolean {
  return stack
    .resources("aws_cloudtrail")
    .some((t) =>
      blocks(t.values.event_selector).some((sel) =>
        blocks(sel.data_resource).some(
          (d) =>
            d.type === "AWS::S3::Object" &&
            strings(d.values).some((v) => stack.references(v, bucket) || /^arn:[^:]+:s3(:::)?$/.test(v) || v.includes(`:::${bucket.values.bucket}/`)),
        ),
      ),
    );
}

export const storageRules: (StackRule | AppRule)[] = [
  stackRule({
    id: "log-group-retention",
    title: "Log groups have a retention period",
    refs: ["CKV_AWS_66"],
    check: eachResource("aws_cloudwatch_log_group", (g) => {
      const days = g.values.retention_in_days;
      return !(typeof days === "number" && days > 0) && `retention_in_days is ${shown(days)}: logs would be kept (and paid for) forever`;
    }),
  }),
  stackRule({
    id: "log-group-retention-prod",
    title: "Prod log groups keep logs ≥ 365 days",
    refs: ["CKV_AWS_338"],
    environments: PROD_ONLY,
    check: eachResource("aws_cloudwatch_log_group", (g) => {
      const days = g.values.retention_in_days;
      return !(typeof days === "number" && days >= 365) && `retention_in_days is ${shown(days)}, must be ≥ 365 in prod`;
    }),
  }),
  stackRule({
    id: "log-group-kms",
    title: "Log groups are encrypted with a customer KMS key",
    refs: ["CKV_AWS_158"],
    check: eachResource("aws_cloudwatch_log_group", (g) => !isSet(g.values.kms_key_id) && "kms_key_id is unset"),
  }),
  stackRule({
    id: "kms-rotation",
    title: "KMS keys rotate",
    refs: ["CKV_AWS_7"],
    check: eachResource("aws_kms_key", (k) => {
      // Rotation exists only for symmetric encryption keys.
      const spec = k.values.customer_master_key_spec ?? "SYMMETRIC_DEFAULT";
      return spec === "SYMMETRIC_DEFAULT" && k.values.enable_key_rotation !== true && "enable_key_rotation is not true";
    }),
  }),
  stackRule({
    id: "kms-key-policy",
    title: "KMS keys have an explicit key policy (aws_kms_key_policy or policy)",
    refs: ["CKV2_AWS_64"],
    check: eachResource(
      "aws_kms_key",
      (k, stack) =>
        k.values.policy === undefined &&
        stack.referrers(k, "aws_kms_key_policy", "key_id").length === 0 &&
        "has no key policy: AWS applies its default (the account root may do anything); write the policy that says who may use and manage the key",
    ),
  }),
  stackRule({
    id: "kms-no-public-principal",
    title: "Key policies admit no `*` principal",
    refs: ["CKV_AWS_33"],
    check: (stack) =>
      [...stack.resources("aws_kms_key").filter((k) => k.values.policy !== undefined), ...stack.resources("aws_kms_key_policy")].flatMap((k) => {
        const statements = stack.policy(k.values.policy);
        if (!statements) return [{ address: k.address, message: "key policy is not readable offline: write it as a JSON string" }];
        return statements
          .filter(admitsAnyone)
          .map((s) => ({ address: k.address, message: `statement ${shown(s.sid ?? s.actions.join(","))} admits principal "*"` }));
      }),
  }),
  stackRule({
    id: "s3-public-access-block",
    title: "Buckets block all public access (four flags)",
    refs: ["CKV2_AWS_6"],
    check: eachResource("aws_s3_bucket", (b, stack) => {
      const flags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
      const blocksOk = bucketConfigs(stack, b, "aws_s3_bucket_public_access_block").some((p) => flags.every((f) => p.values[f] === true));
      return !blocksOk && `has no aws_s3_bucket_public_access_block with ${flags.join(", ")} all true`;
    }),
  }),
  stackRule({
    id: "s3-versioning",
    title: "Buckets are versioned",
    refs: ["CKV_AWS_21"],
    check: eachResource("aws_s3_bucket", (b, stack) => {
      const ok =
        bucketConfigs(stack, b, "aws_s3_bucket_versioning").some((v) => block(v.values.versioning_configuration).status === "Enabled") ||
        block(b.values.versioning).enabled === true;
      return !ok && 'versioning is not "Enabled"';
    }),
  }),
  stackRule({
    id: "s3-kms-encryption",
    title: "Buckets are encrypted with SSE-KMS",
    refs: ["CKV_AWS_145"],
    check: eachResource("aws_s3_bucket", (b, stack) => {
      const algorithms = bucketConfigs(stack, b, "aws_s3_bucket_server_side_encryption_configuration").flatMap((c) =>
        blocks(c.values.rule).map((r) => String(block(r.apply_server_side_encryption_by_default).sse_algorithm ?? "")),
      );
      // A server access log target can only be SSE-S3: S3 does not deliver logs to SSE-KMS buckets.
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
      const logTarget = stack
        .resources("aws_s3_bucket_logging")
        .some((l) => stack.references(l.values.target_bucket, b) || l.values.target_bucket === b.values.bucket);
      if (logTarget)
        return !algorithms.includes("AES256") && 'is a server access log target without SSE-S3 ("AES256"), the only default encryption S3 delivers logs to';
      return !algorithms.some((a) => /^aws:kms/.test(a)) && 'has no server-side encryption with sse_algorithm "aws:kms"';
    }),
  }),
  stackRule({
    id: "s3-tls-only",
    title: "Bucket policies deny requests without TLS",
    refs: ["S3.5"],
    check: eachResource("aws_s3_bucket", (b, stack) => {
      const ok = bucketConfigs(stack, b, "aws_s3_bucket_policy").some((p) =>
        (stack.policy(p.values.policy) ?? []).some(
          (s) => s.effect === "Deny" && s.conditions.some((c) => c.test === "Bool" && c.variable === "aws:SecureTransport" && c.values.includes("false")),
        ),
      );
      return !ok && 'has no bucket policy that denies aws:SecureTransport = "false"';
    }),
  }),
  stackRule({
    id: "s3-owner-enforced",
    title: "Bucket ownership is BucketOwnerEnforced (ACLs off)",
    refs: ["S3.12"],
    check: eachResource("aws_s3_bucket", (b, stack) => {
      const ok = bucketConfigs(stack, b, "aws_s3_bucket_ownership_controls").some((c) => block(c.values.rule).object_ownership === "BucketOwnerEnforced");
      return !ok && "object ownership is not BucketOwnerEnforced";
    }),
  }),
  stackRule({
    id: "s3-lifecycle",
    title: "Buckets abort incomplete uploads and expire noncurrent versions",
    // Security Hub's lifecycle control is S3.13 (S3.12 is ACLs: s3-owner-enforced); checkov's are CKV2_AWS_61 and CKV_AWS_300 (abort uploads).
    refs: ["S3.13", "CKV2_AWS_61", "CKV_AWS_300"],
    check: eachResource("aws_s3_bucket", (b, stack) => {
      const rules = bucketConfigs(stack, b, "aws_s3_bucket_lifecycle_configuration")
        .flatMap((c) => blocks(c.values.rule))
        .filter((r) => r.status === "Enabled");
      const missing: string[] = [];
      if (!rules.some((r) => blocks(r.abort_incomplete_multipart_upload).length > 0)) missing.push("abort_incomplete_multipart_upload");
      if (!rules.some((r) => blocks(r.noncurrent_version_expiration).length > 0)) missing.push("noncurrent_version_expiration");
      return missing.length > 0 && `has no enabled lifecycle rule with ${missing.join(" and ")}`;
    }),
  }),
  stackRule({
    id: "secretsmanager-cmk",
    title: "Secrets Manager secrets are encrypted with a customer managed KMS key",
    refs: ["CKV_AWS_149"],
    check: eachResource("aws_secretsmanager_secret", (secret) => {
      const key = secret.values.kms_key_id;
      if (!isSet(key))
        return "kms_key_id is unset: the secret uses the AWS managed key aws/secretsmanager, whose policy you cannot narrow; use the environment's key";
      return /(^|:)alias\/aws\//.test(String(key)) && `kms_key_id is ${shown(key)}, an AWS managed key: use a customer managed key`;
    }),
  }),
  stackRule({
    id: "state-backend-kms",
    title: "The S3 state backend encrypts with the state KMS key (kms_key_id), not SSE-S3",
    refs: ["guide:state"],
    check: (stack) => {
      const s3 = stack.json.terraform?.backend?.s3;
      if (!s3) return [];
      const backend = block(s3);
      const problems: string[] = [];
      if (backend.encrypt !== true)
        problems.push(`encrypt is ${shown(backend.encrypt)}: state (with every secret output and attribute) would be written unencrypted`);
      if (!isSet(backend.kms_key_id)) {
        problems.push(
          "kms_key_id is unset: encrypt = true alone sends SSE-S3 on every write, which overrides the bucket's KMS default; set it to the state key's ARN (bootstrap output state_kms_key_arn)",
        );
      }
      return problems.map((message) => ({ address: "terraform.backend.s3", message }));
    },
  }),
  appRule({
    id: "state-bucket-access-logging",
    title: "The Terraform state bucket logs access (S3 server access logging or CloudTrail data events)",
    refs: ["CKV_AWS_18"],
    check: (app) => {
      const names = stateBucketNames(app.stacks);
      return app.stacks.flatMap((stack) =>
        stack
          .resources("aws_s3_bucket")
          .filter((b) => names.has(b.values.bucket))
          .flatMap((b) => {
            const logging = bucketConfigs(stack, b, "aws_s3_bucket_logging");
            const inline = blocks(b.values.logging);
            const targets = [...logging.map((l) => l.values.target_bucket), ...inline.map((l) => l.target_bucket)].filter(isSet);
            if (targets.length === 0 && !trailLogsObjects(stack, b)) {
              return [
                {
                  stack: stack.name,
                  address: b.address,
                  message: `holds the Terraform state (${b.values.bucket}) but has no aws_s3_bucket_logging (or CloudTrail S3 data events): reads of the state, which holds secrets, leave no trail`,
                },
              ];
            }
            const self = targets.filter((t) => stack.references(t, b) || t === b.values.bucket);
            return self.map(() => ({
              stack: stack.name,
              address: b.address,
              message: "logs access to itself: every log delivery is a new write to log, and the logs share the state's fate; use a separate log bucket",
            }));
          }),
      );
    },
  }),
  appRule({
    id: "state-bucket-prevent-destroy",
    title: "The Terraform state bucket has lifecycle prevent_destroy",
    refs: ["guide:state"],
    check: (app) => {
      // The state bucket is the one that some stack's S3 backend names.
      const stateBuckets = stateBucketNames(app.stacks);
      return app.stacks.flatMap((stack) =>
        stack
          .resources("aws_s3_bucket")
          .filter((b) => stateBuckets.has(b.values.bucket) && block(b.values.lifecycle).prevent_destroy !== true)
          .map((b) => ({
            stack: stack.name,
            address: b.address,
            message: `holds the Terraform state (${b.values.bucket}) but lifecycle.prevent_destroy is not true`,
          })),
      );
    },
  }),
];

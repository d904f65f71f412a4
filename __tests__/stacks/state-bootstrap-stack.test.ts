import { join } from "path";
import { Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { StateBootstrapStack, StateBootstrapStackProps, stateKeyAlias } from "../../src/stacks/state-bootstrap-stack";
import { resources, synthApp, testConfig, TfJson } from "../support/synth";
import { decodeJson } from "../support/json-document";
import { ACCOUNTS, fileConfig, MULTI_ACCOUNT } from "../support/multi-account";

describe("StateBootstrapStack", () => {
  const build = (props: Partial<StateBootstrapStackProps> = {}) => {
    const stack = new StateBootstrapStack(Testing.app(), "bootstrap", { config: testConfig(), ...props });
    const json: TfJson = JSON.parse(Testing.synth(stack));
    return { stack, synthesized: Testing.synth(stack), json };
  };
  const bucketRef = (stack: StateBootstrapStack) => `\${aws_s3_bucket.${stack.bucket.friendlyUniqueId}.id}`;
  const logBucketRef = (stack: StateBootstrapStack) => `\${aws_s3_bucket.${stack.accessLogBucket.friendlyUniqueId}.id}`;
  const arnOf = (bucket: { friendlyUniqueId: string }) => `\${aws_s3_bucket.${bucket.friendlyUniqueId}.arn}`;
  /** The statements of the policy document behind the bucket policy of `bucketId`. */
  const bucketPolicyStatements = (json: TfJson, bucketId: string): TfJson[] => {
    const policies = Object.values(resources(json, "aws_s3_bucket_policy")).filter((p) => p.bucket === bucketId);
    expect(policies).toHaveLength(1);
    const docName = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(policies[0].policy)?.[1];
    return json.data.aws_iam_policy_document[docName!].statement;
  };
  /** The configuration of `type` that points at the bucket `bucketId` (exactly one expected). */
  const configOf = (json: TfJson, type: string, bucketId: string): TfJson => {
    const found = Object.values(resources(json, type)).filter((c) => c.bucket === bucketId);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it("keeps its own state locally, at the project root where a re-synth cannot wipe it", () => {
    // GIVEN / WHEN the bootstrap stack / THEN its backend is the local file at the project root
    const { json } = build();
    expect(json.terraform.backend).toEqual({ local: { path: join(process.cwd(), "terraform.bootstrap.tfstate") } });
  });

  it("creates the configured bucket, protected from destroy", () => {
    // GIVEN / WHEN the bootstrap stack / THEN the configured bucket exists, with prevent_destroy
    const { synthesized } = build();
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
      bucket: "platform-terraform-state-example",
      lifecycle: { prevent_destroy: true },
    });
  });

  it("versions the bucket and encrypts it with a rotating KMS key", () => {
    // GIVEN / WHEN the bootstrap stack / THEN versioning is on and SSE-KMS uses the rotating key, by reference
    const { stack, synthesized } = build();
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, {
      bucket: bucketRef(stack),
      versioning_configuration: { status: "Enabled" },
    });
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      bucket: bucketRef(stack),
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: `\${aws_kms_key.${stack.key.friendlyUniqueId}.arn}`,
          },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  it("blocks all public access and enforces bucket-owner object ownership", () => {
    // GIVEN / WHEN the bootstrap stack / THEN all four public-access blocks are on and ACLs are off
    const { stack, synthesized } = build();
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: bucketRef(stack),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      bucket: bucketRef(stack),
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  it("denies every request that is not over TLS, on the bucket and its objects", () => {
    // GIVEN / WHEN the bootstrap stack / THEN the bucket policy denies insecure transport on bucket and objects
    const { stack, json } = build();
    expect(bucketPolicyStatements(json, bucketRef(stack))).toContainEqual(
      expect.objectContaining({
        effect: "Deny",
        actions: ["s3:*"],
        resources: [`\${aws_s3_bucket.${stack.bucket.friendlyUniqueId}.arn}`, `\${aws_s3_bucket.${stack.bucket.friendlyUniqueId}.arn}/*`],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }),
    );
  });

  describe("encryption of what is written", () => {
    it("denies puts that ask for another encryption than SSE-KMS, but not puts without the header (bucket default applies)", () => {
      // GIVEN the state bucket's policy
      const { stack, json } = build();
      const statements = bucketPolicyStatements(json, bucketRef(stack));
      // THEN a deny applies only when the SSE header is present (Null = false) AND not aws:kms:
      // Terraform's state and lock-file puts send aws:kms with kms_key_id, and multipart
      // UploadPart requests never carry the header, so neither is denied
      expect(statements).toContainEqual({
        sid: "DenyNonKmsEncryption",
        effect: "Deny",
        actions: ["s3:PutObject"],
        principals: [{ type: "*", identifiers: ["*"] }],
        resources: [`${arnOf(stack.bucket)}/*`],
        condition: [
          { test: "Null", variable: "s3:x-amz-server-side-encryption", values: ["false"] },
          { test: "StringNotEquals", variable: "s3:x-amz-server-side-encryption", values: ["aws:kms"] },
        ],
      });
      // AND customer-provided keys (their own header) are refused outright
      expect(statements).toContainEqual(
        expect.objectContaining({
          sid: "DenyCustomerProvidedKeys",
          effect: "Deny",
          actions: ["s3:PutObject"],
          condition: [{ test: "Null", variable: "s3:x-amz-server-side-encryption-customer-algorithm", values: ["false"] }],
        }),
      );
      // AND nothing in the policy allows anything
      statements.forEach((st) => expect(st.effect).toBe("Deny"));
    });

    it("gives the key an explicit policy: the account administers it through IAM, no * principal, no data source", () => {
      // GIVEN / WHEN the bootstrap stack / THEN the key's one policy admits the account root only, read from no data source
      const { stack, json } = build();
      const policies = Object.values(resources(json, "aws_kms_key_policy"));
      expect(policies).toHaveLength(1);
      expect(policies[0].key_id).toBe(`\${aws_kms_key.${stack.key.friendlyUniqueId}.key_id}`);
      const account = `\${element(split(":", aws_kms_key.${stack.key.friendlyUniqueId}.arn), 4)}`;
      expect(decodeJson(policies[0].policy).Statement).toEqual([
        {
          Sid: "AccountAdministersKeyThroughIam",
          Effect: "Allow",
          Principal: { AWS: `arn:\${data.aws_partition.aws-partition.partition}:iam::${account}:root` },
          Action: "kms:*",
          Resource: "*",
        },
      ]);
      // Only the partition data source, which needs no API call: the plan stays offline
      expect(Object.keys(json.data)).toEqual(expect.arrayContaining(["aws_partition"]));
      expect(Object.keys(json.data).filter((d) => d !== "aws_partition" && d !== "aws_iam_policy_document")).toEqual([]);
    });

    it("gives the key the stable alias the environments' backends name", () => {
      // GIVEN / WHEN the bootstrap stack / THEN the key's alias is the one the backends name
      const { stack, json } = build();
      expect(stateKeyAlias("platform")).toBe("alias/platform-terraform-state");
      expect(Object.values(resources(json, "aws_kms_alias"))).toEqual([
        { name: "alias/platform-terraform-state", target_key_id: `\${aws_kms_key.${stack.key.friendlyUniqueId}.key_id}` },
      ]);
      expect(json.output.state_kms_key_alias.value).toBe(`\${aws_kms_alias.${stack.keyAlias.friendlyUniqueId}.name}`);
    });

    it("is the key every environment's S3 backend encrypts with, in a form terraform's S3 backend accepts", () => {
      // GIVEN the whole app
      const { stacks } = synthApp();
      const alias = Object.values(resources(stacks.bootstrap, "aws_kms_alias"))[0].name;
      for (const env of ["dev", "staging", "prod"]) {
        const backend = stacks[env].terraform.backend.s3;
        // THEN each backend encrypts (SSE-KMS) with the bootstrap key's alias
        expect(backend).toMatchObject({ encrypt: true, kms_key_id: alias });
        // AND the value passes terraform's kms_key_id check (internal/backend/remote-state/s3/validate.go, v1.11:
        // a key id, an mrk id, `alias/[a-zA-Z0-9/_-]+`, or a key/alias ARN)
        expect(backend.kms_key_id).toMatch(/^alias\/[a-zA-Z0-9/_-]+$/);
      }
    });
  });

  describe("access logging", () => {
    it("logs every request to the state bucket into its own bucket, date-partitioned, once the grant exists", () => {
      // GIVEN / WHEN the bootstrap stack / THEN access logs go to the log bucket, date-partitioned, after the grant
      const { stack, synthesized, json } = build();
      expect(synthesized).toHaveResourceWithProperties(S3BucketLoggingA, {
        bucket: bucketRef(stack),
        target_bucket: logBucketRef(stack),
        target_prefix: "state-bucket/",
        target_object_key_format: { partitioned_prefix: { partition_date_source: "EventTime" } },
      });
      const logging = configOf(json, "aws_s3_bucket_logging", bucketRef(stack));
      expect(logging.depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_policy\./), expect.stringMatching(/^aws_s3_bucket_ownership_controls\./)]),
      );
      // AND the log bucket is a bucket of its own, protected from destroy, and not logged itself (S3 advises against loops)
      expect(resources(json, "aws_s3_bucket")[stack.accessLogBucket.friendlyUniqueId]).toEqual({
        bucket: "platform-terraform-state-example-logs",
        lifecycle: { prevent_destroy: true },
      });
      expect(Object.values(resources(json, "aws_s3_bucket_logging"))).toHaveLength(1);
      expect(json.output.state_access_log_bucket.value).toBe(`\${aws_s3_bucket.${stack.accessLogBucket.friendlyUniqueId}.bucket}`);
    });

    it("grants delivery by bucket policy to the logging service, for the state bucket of this account only (ACLs are off)", () => {
      // GIVEN / WHEN the bootstrap stack / THEN the log bucket admits the logging service for this source bucket and account only
      const { stack, json } = build();
      const statements = bucketPolicyStatements(json, logBucketRef(stack));
      expect(statements).toContainEqual({
        sid: "S3ServerAccessLogsFromStateBucket",
        effect: "Allow",
        actions: ["s3:PutObject"],
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        resources: [`${arnOf(stack.accessLogBucket)}/state-bucket/*`],
        condition: [
          { test: "ArnLike", variable: "aws:SourceArn", values: [arnOf(stack.bucket)] },
          { test: "StringEquals", variable: "aws:SourceAccount", values: [`\${element(split(":", aws_kms_key.${stack.key.friendlyUniqueId}.arn), 4)}`] },
        ],
      });
      // AND every other statement denies (TLS only)
      expect(statements.filter((st) => st.effect === "Allow")).toHaveLength(1);
      expect(statements).toContainEqual(expect.objectContaining({ sid: "DenyInsecureTransport", effect: "Deny" }));
      expect(configOf(json, "aws_s3_bucket_ownership_controls", logBucketRef(stack)).rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    });

    it("hardens the log bucket like the state bucket, with SSE-S3 (the only default encryption a log target supports)", () => {
      // GIVEN / WHEN the bootstrap stack / THEN the log bucket is private, owner-enforced, TLS-only and SSE-S3
      const { stack, json } = build();
      const id = logBucketRef(stack);
      expect(configOf(json, "aws_s3_bucket_versioning", id).versioning_configuration).toEqual({ status: "Enabled" });
      expect(configOf(json, "aws_s3_bucket_public_access_block", id)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(configOf(json, "aws_s3_bucket_server_side_encryption_configuration", id).rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]);
    });

    it("expires logs after the retention (365 days by default) and cleans up noncurrent versions and uploads", () => {
      // GIVEN the default and a custom retention / WHEN the stack is built / THEN logs expire after it, old versions and uploads are cleaned
      const lifecycle = (props: Partial<StateBootstrapStackProps>) => {
        const { stack, json } = build(props);
        return configOf(json, "aws_s3_bucket_lifecycle_configuration", logBucketRef(stack)).rule;
      };
      expect(lifecycle({})).toEqual([
        expect.objectContaining({
          status: "Enabled",
          expiration: [{ days: 365 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        }),
      ]);
      expect(lifecycle({ accessLogRetentionDays: 731 })[0].expiration).toEqual([{ days: 731 }]);
    });

    it("takes a log bucket name, and rejects one S3 would refuse or the state bucket itself", () => {
      // GIVEN a log bucket name / WHEN the stack is built / THEN it is used; invalid names and the state bucket's own are rejected
      const { json, stack } = build({ accessLogBucketName: "my-state-logs" });
      expect(resources(json, "aws_s3_bucket")[stack.accessLogBucket.friendlyUniqueId].bucket).toBe("my-state-logs");
      expect(() => build({ accessLogBucketName: "My_Logs" })).toThrow(
        /bootstrap: accessLogBucketName must be 3–63 characters of a–z, 0–9, '\.' and '-', .*, got "My_Logs"$/,
      );
      expect(() => build({ accessLogBucketName: "platform-terraform-state-example" })).toThrow(
        'bootstrap: accessLogBucketName must differ from state.bucket, got "platform-terraform-state-example" for both',
      );
    });

    it("says how to fix a state bucket name too long to derive the log bucket from (used without the config, which rejects it first)", () => {
      // GIVEN a 60-character state bucket / WHEN the stack is built without a log bucket name / THEN the error says what to set
      const long = "a".repeat(60);
      const config = { ...testConfig(), state: { bucket: long } };
      const stack = () => new StateBootstrapStack(Testing.app(), "bootstrap", { config });
      expect(stack).toThrow(
        /accessLogBucketName must be 3–63 characters .*, got "a{60}-logs" \(state\.bucket \+ "-logs"; use a state\.bucket of at most 58 characters\)/,
      );
    });

    it("rejects a log retention below one day, naming the prop", () => {
      // GIVEN 0 days / WHEN building / THEN the error names the prop and the value
      expect(() => build({ accessLogRetentionDays: 0 })).toThrow(/bootstrap: accessLogRetentionDays must be a whole number ≥ 1, got 0/);
    });
  });

  it("has no hard-coded arn:aws: anywhere (GovCloud and China use other partitions)", () => {
    // GIVEN / WHEN the bootstrap stack / THEN no ARN hard-codes the aws partition
    const { synthesized } = build();
    expect(synthesized).not.toMatch(/arn:aws:/);
  });

  it("aborts incomplete uploads and expires noncurrent versions", () => {
    // GIVEN a 30-day noncurrent window / WHEN the stack is built / THEN the lifecycle rule uses it and aborts uploads
    const { synthesized } = build({ noncurrentVersionDays: 30 });
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        expect.objectContaining({
          status: "Enabled",
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        }),
      ],
    });
  });

  it("rejects a noncurrent version window below one day, naming the prop", () => {
    // GIVEN 0 days / WHEN building / THEN the error names the prop and the value
    expect(() => build({ noncurrentVersionDays: 0 })).toThrow(/noncurrentVersionDays must be a whole number ≥ 1, got 0/);
  });

  describe("accounts (issue 14)", () => {
    const multi = () => fileConfig(MULTI_ACCOUNT);

    it("pins its provider to the state account when given, and to none by default", () => {
      // GIVEN the state account / WHEN built with and without it / THEN allowed_account_ids follows
      const pinned = JSON.parse(
        Testing.synth(new StateBootstrapStack(Testing.app(), "bootstrap", { config: multi(), account: ACCOUNTS.state, environments: [] })),
      );
      expect(pinned.provider.aws[0].allowed_account_ids).toEqual([ACCOUNTS.state]);
      expect(build().json.provider.aws[0].allowed_account_ids).toBeUndefined();
    });

    it("creates the state role of state.roleArn, reaching only the project's keys with the state key", () => {
      // GIVEN state.roleArn / WHEN built / THEN the role exists, its policy on this bucket's acme/ keys and this stack's key
      const stack = new StateBootstrapStack(Testing.app(), "bootstrap", { config: multi(), account: ACCOUNTS.state, environments: [] });
      const json: TfJson = JSON.parse(Testing.synth(stack));
      expect(stack.stateRole).toBeDefined();
      const policy = Object.values(resources(json, "aws_iam_role_policy")).find((p) => p.name === "terraform-state");
      const statements = decodeJson(policy!.policy).Statement;
      expect(statements.find((x: TfJson) => x.Sid === "StateAndLockFiles").Resource).toEqual([`\${aws_s3_bucket.${stack.bucket.friendlyUniqueId}.arn}/acme/*`]);
      expect(statements.find((x: TfJson) => x.Sid === "StateKey").Resource).toEqual([`\${aws_kms_key.${stack.key.friendlyUniqueId}.arn}`]);
      expect(json.output.state_role_arn.value).toBe(`\${aws_iam_role.${stack.stateRole!.role.friendlyUniqueId}.arn}`);
    });

    it("creates no state role without state.roleArn", () => {
      // GIVEN the defaults / WHEN built / THEN no role at all
      expect(resources(build().json, "aws_iam_role")).toEqual({});
    });

    it.each<[string, Partial<StateBootstrapStackProps>, RegExp]>([
      ["an account that is not 12 digits", { account: "state" }, /bootstrap: account must be a 12-digit AWS account id, got "state"/],
      ["an undeclared environment", { environments: ["qa"] }, /bootstrap: environments must be declared in the config, got qa/],
    ])("refuses %s", (_what, props, message) => {
      // GIVEN a bad prop / WHEN built / THEN it throws, naming the prop
      expect(() => build(props)).toThrow(message);
    });
  });
});

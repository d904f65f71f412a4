import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { PlatformStack } from "../../src/stacks/platform-stack";
import { synthApp, TfJson } from "../support/synth";
import { decodeJson } from "../support/json-document";
import { DNS_SUFFIX } from "../support/partition";
import { testEnv } from "../support/test-stack";

describe("PlatformStack", () => {
  const { stacks } = synthApp();
  const ENVS = ["dev", "staging", "prod"] as const;

  it.each(ENVS)("%s keeps its state in S3 under its own key, encrypted with the state key, with native locking", (env) => {
    // GIVEN / WHEN the environment's stack (synthesized once per run) / THEN its backend is exactly this
    expect(stacks[env].terraform.backend).toEqual({
      s3: {
        bucket: "platform-terraform-state-example",
        key: `platform/${env}/terraform.tfstate`,
        region: "eu-west-1",
        encrypt: true,
        // `encrypt` alone writes SSE-S3; the bootstrap stack's key alias makes it SSE-KMS
        kms_key_id: "alias/platform-terraform-state",
        use_lockfile: true,
      },
    });
  });

  it("gives every environment a distinct state key", () => {
    // GIVEN / WHEN every environment's stack / THEN no two share a state key
    const keys = ENVS.map((env) => stacks[env].terraform.backend.s3.key);
    expect(new Set(keys).size).toBe(ENVS.length);
  });

  it.each(ENVS)("%s configures AWS in the config's region with project/environment default tags", (env) => {
    // GIVEN / WHEN the environment's stack / THEN one AWS provider, in the region, with the default tags
    expect(stacks[env].provider.aws).toEqual([
      {
        region: "eu-west-1",
        default_tags: [{ tags: { project: "platform", environment: env, "managed-by": "cdktf" } }],
      },
    ]);
  });

  it.each(ENVS)("%s configures Cloudflare with no token in code (the provider reads CLOUDFLARE_API_TOKEN)", (env) => {
    // GIVEN / WHEN the environment's stack / THEN one Cloudflare provider without credentials, and pinned providers
    const cloudflare: TfJson[] = stacks[env].provider.cloudflare;
    expect(cloudflare).toHaveLength(1);
    expect(cloudflare[0].api_token).toBeUndefined();
    expect(cloudflare[0].api_key).toBeUndefined();
    expect(stacks[env].terraform.required_providers.cloudflare).toEqual({ source: "cloudflare/cloudflare", version: "5.14.0" });
    expect(stacks[env].terraform.required_providers.aws.version).toBe("5.100.0");
  });

  it.each(ENVS)("%s exposes the documented snake_case outputs, each a reference into the stack", (env) => {
    // GIVEN / WHEN the environment's stack / THEN exactly these outputs, documented, referencing its resources
    const outputs = stacks[env].output as Record<string, { value: unknown; description?: string }>;
    expect(Object.keys(outputs).sort()).toEqual([
      "alerts_topic_arn",
      "api_id",
      "api_url",
      "cluster_arn",
      "cluster_name",
      "custom_domain_target",
      "dashboard_url",
      "database_endpoint",
      "database_secret_arn",
      "database_subnet_ids",
      "database_users",
      "grafana_secret_arn",
      "grafana_secret_name",
      "namespace_name",
      "nat_public_ips",
      "private_subnet_ids",
      "repository_urls",
      "service_names",
      "vpc_id",
    ]);
    for (const [name, output] of Object.entries(outputs)) {
      expect(output.description).toEqual(expect.any(String));
      if (name !== "api_url" && name !== "namespace_name" && name !== "database_users") expect(JSON.stringify(output.value)).toMatch(/\$\{aws_[a-z0-9_]+\./);
    }
    expect(outputs.vpc_id.value).toMatch(/^\$\{aws_vpc\.[^.]+\.id\}$/);
    expect(outputs.database_secret_arn.value).toMatch(/^\$\{aws_db_instance\.[^.]+\.master_user_secret\[0\]\.secret_arn\}$/);
    expect(Object.keys(outputs.repository_urls.value as object).sort()).toEqual(["catalog", "orders"]);
    expect(outputs.cluster_arn.value).toMatch(/^\$\{aws_ecs_cluster\.[^.]+\.arn\}$/);
    expect(outputs.alerts_topic_arn.value).toMatch(/^\$\{aws_sns_topic\.alerts_topic_[^.]+\.arn\}$/);
    expect(outputs.dashboard_url.value).toMatch(
      /^https:\/\/\$\{lookup\(.*\/cloudwatch\/home\?region=eu-west-1#dashboards\/dashboard\/\$\{aws_cloudwatch_dashboard\.[^.]+\.dashboard_name\}$/,
    );
    // service_names is a map keyed by service, each value its ECS service's name reference
    const serviceNames = outputs.service_names.value as Record<string, string>;
    expect(Object.keys(serviceNames).sort()).toEqual(["catalog", "orders"]);
    for (const [name, value] of Object.entries(serviceNames))
      expect(value).toMatch(new RegExp(`^\\$\\{aws_ecs_service\\.services_${name}_service_[^.]+\\.name\\}$`));
  });

  it("has no database outputs when no service uses the database", () => {
    // GIVEN dev with one service that does not use the database
    const stack = new PlatformStack(Testing.app(), "dev", {
      env: testEnv("dev", { services: [{ name: "web", port: 8080, pathPrefix: "/web" }] }),
    });
    // WHEN synthesized
    const synthesized = Testing.synth(stack);
    const json: TfJson = JSON.parse(synthesized);
    // THEN there is no database, nor any output about one
    expect(json.output.database_endpoint).toBeUndefined();
    expect(json.output.database_users).toBeUndefined();
    expect(synthesized).not.toHaveResource(DbInstance);
    expect(stack.database).toBeUndefined();
  });

  it("takes the environment's engine version and major-upgrade flag from the config", () => {
    // GIVEN staging set to upgrade to 17 WHEN synthesized
    const stack = new PlatformStack(Testing.app(), "staging", {
      env: testEnv("staging", { environments: { staging: { database: { engineVersion: "17", allowMajorVersionUpgrade: true } } } }),
    });
    const synthesized = Testing.synth(stack);
    // THEN its one instance upgrades now, with a new parameter group of the postgres17 family
    expect(Object.keys(JSON.parse(synthesized).resource.aws_db_instance)).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(DbInstance, { engine_version: "17", allow_major_version_upgrade: true, apply_immediately: true });
    expect(Object.keys(JSON.parse(synthesized).resource.aws_db_parameter_group)).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(DbParameterGroup, {
      family: "postgres17",
      name_prefix: "platform-staging-postgres17-",
      lifecycle: expect.objectContaining({ create_before_destroy: true }),
    });
    // AND by default: 16, no upgrade, changes wait for the maintenance window
    const [plain] = Object.values(stacks.staging.resource.aws_db_instance as Record<string, TfJson>);
    expect(plain).toMatchObject({ engine_version: "16", allow_major_version_upgrade: false, apply_immediately: false });
  });

  it("takes project, bucket and region from the config", () => {
    // GIVEN another project, region and state bucket / WHEN staging is synthesized
    const stack = new PlatformStack(Testing.app(), "staging", {
      env: testEnv("staging", { project: "acme", region: "us-east-2", state: { bucket: "acme-state" } }),
    });
    const json: TfJson = JSON.parse(Testing.synth(stack));
    // THEN its backend and provider use them
    expect(json.terraform.backend.s3).toMatchObject({ bucket: "acme-state", key: "acme/staging/terraform.tfstate", region: "us-east-2" });
    expect(json.provider.aws[0].region).toBe("us-east-2");
  });

  it.each(ENVS)(
    "%s encrypts the Grafana secret with the environment's key, lets only the execution roles decrypt it via Secrets Manager, and outputs the generated name",
    (env) => {
      // GIVEN / WHEN the environment's stack
      // THEN one secret, under the stack's key, readable (and decryptable) only by the execution roles
      const json = stacks[env];
      const secrets = Object.entries(json.resource.aws_secretsmanager_secret as Record<string, TfJson>);
      expect(secrets).toHaveLength(1);
      const [secretName, secret] = secrets[0];
      // the same key reference every other encrypted resource of the stack gets (the PlatformKey's)
      const logGroupKeys = new Set(Object.values(json.resource.aws_cloudwatch_log_group as Record<string, TfJson>).map((g) => g.kms_key_id));
      expect(logGroupKeys.size).toBe(1);
      expect(secret.kms_key_id).toBe([...logGroupKeys][0]);
      expect(secret.kms_key_id).toMatch(/aws_kms_key\./);
      expect(secret.name_prefix).toBe(`platform-${env}-grafana-otlp-`);
      expect(secret.name).toBeUndefined();
      expect(json.output.grafana_secret_arn.value).toBe(`\${aws_secretsmanager_secret.${secretName}.arn}`);
      expect(json.output.grafana_secret_name.value).toBe(`\${aws_secretsmanager_secret.${secretName}.name}`);
      // each policy that reads the secret may decrypt with that key, only through Secrets Manager in this region
      const readers = Object.values(json.resource.aws_iam_role_policy as Record<string, TfJson>).filter((p) =>
        (p.policy as string).includes(`aws_secretsmanager_secret.${secretName}.arn`),
      );
      expect(readers.length).toBe(2); // orders' and catalog's execution roles
      for (const policy of readers) {
        expect(decodeJson(policy.policy).Statement).toContainEqual(
          expect.objectContaining({
            Action: ["kms:Decrypt"],
            Resource: [secret.kms_key_id],
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.eu-west-1.${DNS_SUFFIX}` } },
          }),
        );
      }
    },
  );

  it("has no Grafana secret or outputs when observability is off", () => {
    // GIVEN dev with observability off / WHEN synthesized
    const stack = new PlatformStack(Testing.app(), "dev", { env: testEnv("dev", { observability: { enabled: false } }) });
    const synthesized = Testing.synth(stack);
    const json: TfJson = JSON.parse(synthesized);
    // THEN there is no Grafana secret, nor any output about one
    expect(synthesized).not.toHaveResource(SecretsmanagerSecret);
    expect(json.output.grafana_secret_arn).toBeUndefined();
    expect(json.output.grafana_secret_name).toBeUndefined();
    expect(stack.grafanaCredentials).toBeUndefined();
  });

  it("refuses a stack id that differs from the environment name (cdktf deploy <env> must mean that env)", () => {
    // GIVEN prod's config / WHEN built as "production" / THEN the error names both
    expect(() => new PlatformStack(Testing.app(), "production", { env: testEnv("prod") })).toThrow(
      /stack id must be the environment name "prod", got "production"/,
    );
  });
});

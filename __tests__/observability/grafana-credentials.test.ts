import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { TerraformOutput, Testing } from "cdktf";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { GrafanaCredentials, GrafanaCredentialsProps } from "../../src/observability/grafana-credentials";
import { decodeJson } from "../support/json-document";
import { refOf, resourceOf, resources } from "../support/synth";
import { ecsTaskRole, synthJson, testStack } from "../support/test-stack";
import { DNS_SUFFIX } from "../support/partition";
import { fakeKmsKeyArn } from "../support/fake-arns";

const KEY = fakeKmsKeyArn("abc");

describe("GrafanaCredentials", () => {
  const build = (props: Partial<GrafanaCredentialsProps> = {}) => {
    const stack = testStack();
    const credentials = new GrafanaCredentials(stack, "grafana", {
      naming: { project: "platform", envName: "staging" },
      region: "eu-west-1",
      encryptionKey: { keyArn: KEY },
      ...props,
    });
    return { stack, credentials };
  };
  const secretRef = (c: GrafanaCredentials, attr: string) => refOf(c.secret, attr);
  const secretOf = ({ stack, credentials }: ReturnType<typeof build>) => resourceOf(synthJson(stack), credentials.secret);

  it("creates one empty secret named from the prefix <project>-<env>-grafana-otlp-, with a 7-day recovery window", () => {
    // GIVEN / WHEN
    const { stack, credentials } = build();
    const json = synthJson(stack);
    // THEN the secret has a readable name prefix and no fixed name (a deleted secret keeps
    // its name for the recovery window, which would block re-creating the environment),
    // a description that says how to set it, and NO version
    const secret = resourceOf(json, credentials.secret);
    expect(secret).toMatchObject({
      name_prefix: "platform-staging-grafana-otlp-",
      recovery_window_in_days: 7,
      description: expect.stringContaining("put-secret-value"),
    });
    expect(secret.name).toBeUndefined();
    expect(resources(json, "aws_secretsmanager_secret_version")).toEqual({});
    expect(credentials.secretNamePrefix).toBe("platform-staging-grafana-otlp-");
  });

  it("exposes the generated name and the ARN as references", () => {
    // GIVEN credentials WHEN their name and ARN feed outputs
    const { stack, credentials } = build();
    new TerraformOutput(stack, "name", { value: credentials.secretName });
    new TerraformOutput(stack, "arn", { value: credentials.secretArn });
    const output = synthJson(stack).output;
    // THEN both reference the secret
    expect(output.name.value).toBe(secretRef(credentials, "name"));
    expect(output.arn.value).toBe(secretRef(credentials, "arn"));
  });

  it("is encrypted with the given customer-managed key", () => {
    // GIVEN / WHEN credentials with a key
    const built = build();
    // THEN the secret (the stack's only one) and the construct carry that key
    expect(Object.keys(resources(synthJson(built.stack), "aws_secretsmanager_secret"))).toEqual([built.credentials.secret.friendlyUniqueId]);
    expect(Testing.synth(built.stack)).toHaveResourceWithProperties(SecretsmanagerSecret, { kms_key_id: KEY });
    expect(built.credentials.encryptionKey.keyArn).toBe(KEY);
  });

  it("refuses to be built without a key (callers outside TypeScript)", () => {
    // GIVEN no key (a caller outside TypeScript), WHEN built, THEN it throws
    expect(() => build({ encryptionKey: { keyArn: undefined as unknown as string } })).toThrow(/grafana: encryptionKey.keyArn is required/);
    expect(() => build({ encryptionKey: { keyArn: "" } })).toThrow(/grafana: encryptionKey.keyArn is required/);
  });

  it("builds valueFrom for one JSON key of the secret, referencing its ARN", () => {
    // GIVEN credentials WHEN valueFrom("apiToken") feeds an output
    const { stack, credentials } = build();
    new TerraformOutput(stack, "value_from", { value: credentials.valueFrom("apiToken") });
    // THEN it is the secret's ARN with that JSON key
    expect(synthJson(stack).output.value_from.value).toBe(`${secretRef(credentials, "arn")}:apiToken::`);
  });

  it("grantRead lets the grantee read exactly this secret, and decrypt with its key only through Secrets Manager", () => {
    // GIVEN a role
    const { stack, credentials } = build();
    const role = ecsTaskRole(stack, "exec", "r");
    // WHEN it is granted read
    credentials.grantRead(role);
    // THEN one policy on that role: GetSecretValue on the secret's ARN, kms:Decrypt on the key via Secrets Manager
    const policies = Object.values(resources(synthJson(stack), "aws_iam_role_policy"));
    expect(policies).toHaveLength(1);
    expect(policies[0].role).toBe(refOf(role.role, "name"));
    expect(decodeJson(policies[0].policy).Statement).toEqual([
      { Sid: "ReadGrafanaCredentials", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secretRef(credentials, "arn")] },
      {
        Sid: "DecryptGrafanaCredentials",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [KEY],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.eu-west-1.${DNS_SUFFIX}` } },
      },
    ]);
  });

  it("accepts immediate deletion (0 days)", () => {
    // GIVEN a 0-day recovery window, WHEN built, THEN the secret has it
    expect(secretOf(build({ recoveryWindowInDays: 0 })).recovery_window_in_days).toBe(0);
  });

  it("rejects a recovery window Secrets Manager does not accept", () => {
    // GIVEN a recovery window Secrets Manager does not accept, WHEN built, THEN it throws
    expect(() => build({ recoveryWindowInDays: 3 })).toThrow(/grafana: recoveryWindowInDays must be 0 or 7–30, got 3/);
  });
});

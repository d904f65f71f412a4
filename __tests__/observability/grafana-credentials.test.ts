import { TerraformOutput } from "cdktf";
import { GrafanaCredentials, GrafanaCredentialsProps } from "../../src/observability/grafana-credentials";
import { ServiceRole } from "../../src/core/service-role";
import { decodeJson } from "../support/json-document";
import { resources } from "../support/synth";
import { synthJson, testStack } from "../support/test-stack";
import { DNS_SUFFIX } from "../support/partition";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/abc";

describe("GrafanaCredentials", () => {
  const build = (props: Partial<GrafanaCredentialsProps> = {}) => {
    const stack = testStack();
    const credentials = new GrafanaCredentials(stack, "grafana", {
      naming: { project: "platform", envName: "staging" },
      region: "eu-west-1",
      ...props,
    });
    return { stack, credentials };
  };
  const secretArn = (c: GrafanaCredentials) => `\${aws_secretsmanager_secret.${c.secret.friendlyUniqueId}.arn}`;

  it("creates one empty secret <project>-<env>/grafana-cloud-otlp with a 7-day recovery window", () => {
    // GIVEN / WHEN
    const { stack, credentials } = build();
    const json = synthJson(stack);
    // THEN the secret exists with a description that says how to set it, and has NO version
    expect(resources(json, "aws_secretsmanager_secret")[credentials.secret.friendlyUniqueId]).toMatchObject({
      name: "platform-staging/grafana-cloud-otlp",
      recovery_window_in_days: 7,
      description: expect.stringContaining("put-secret-value"),
    });
    expect(resources(json, "aws_secretsmanager_secret_version")).toEqual({});
    expect(credentials.secretName).toBe("platform-staging/grafana-cloud-otlp");
  });

  it("uses the AWS managed key by default and a customer-managed key when given", () => {
    const plain = build();
    expect(resources(synthJson(plain.stack), "aws_secretsmanager_secret")[plain.credentials.secret.friendlyUniqueId].kms_key_id).toBeUndefined();
    const cmk = build({ kmsKeyArn: KEY });
    expect(resources(synthJson(cmk.stack), "aws_secretsmanager_secret")[cmk.credentials.secret.friendlyUniqueId].kms_key_id).toBe(KEY);
  });

  it("builds valueFrom for one JSON key of the secret, referencing its ARN", () => {
    const { stack, credentials } = build();
    new TerraformOutput(stack, "value_from", { value: credentials.valueFrom("apiToken") });
    expect(synthJson(stack).output.value_from.value).toBe(`${secretArn(credentials)}:apiToken::`);
  });

  it("grantRead adds GetSecretValue on exactly its ARN to the grantee", () => {
    // GIVEN a role
    const { stack, credentials } = build();
    const role = new ServiceRole(stack, "exec", { name: "r", description: "d", servicePrincipal: "ecs-tasks.amazonaws.com" });
    // WHEN it is granted read
    credentials.grantRead(role);
    // THEN one policy on that role, one statement, exactly the secret's ARN
    const policies = Object.values(resources(synthJson(stack), "aws_iam_role_policy"));
    expect(policies).toHaveLength(1);
    expect(policies[0].role).toBe(`\${aws_iam_role.${role.role.friendlyUniqueId}.name}`);
    expect(decodeJson(policies[0].policy).Statement).toEqual([
      { Sid: "ReadGrafanaCredentials", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secretArn(credentials)] },
    ]);
  });

  it("with a customer-managed key, readers may also decrypt with it, only through Secrets Manager", () => {
    const { stack, credentials } = build({ kmsKeyArn: KEY });
    const role = new ServiceRole(stack, "exec", { name: "r", description: "d", servicePrincipal: "ecs-tasks.amazonaws.com" });
    credentials.grantRead(role);
    const policy = Object.values(resources(synthJson(stack), "aws_iam_role_policy"))[0];
    expect(decodeJson(policy.policy).Statement[1]).toEqual({
      Sid: "DecryptGrafanaCredentials",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [KEY],
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.eu-west-1.${DNS_SUFFIX}` } },
    });
  });

  it("accepts immediate deletion (0 days)", () => {
    const { stack, credentials } = build({ recoveryWindowInDays: 0 });
    expect(resources(synthJson(stack), "aws_secretsmanager_secret")[credentials.secret.friendlyUniqueId].recovery_window_in_days).toBe(0);
  });

  it("rejects a recovery window Secrets Manager does not accept", () => {
    expect(() => build({ recoveryWindowInDays: 3 })).toThrow(/grafana: recoveryWindowInDays must be 0 or 7–30, got 3/);
  });
});

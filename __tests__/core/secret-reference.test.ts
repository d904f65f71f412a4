import { TerraformOutput } from "cdktf";
import { parseSecretReference, resolveSecretReference, SecretReference, secretReferenceProblem } from "../../src/core/secret-reference";
import { synthJson, testStack } from "../support/test-stack";

describe("parseSecretReference", () => {
  it.each([
    ["secretsmanager:acme/stripe", { kind: "secretsmanager", name: "acme/stripe" }],
    ["secretsmanager:acme/stripe#apiKey", { kind: "secretsmanager", name: "acme/stripe", jsonKey: "apiKey" }],
    ["ssm:/acme/orders/flags", { kind: "ssm", path: "/acme/orders/flags" }],
    [
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/smtp-AbCdEf",
      { kind: "secretsmanager", arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/smtp-AbCdEf", name: "acme/smtp-AbCdEf" },
    ],
    [
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/smtp-AbCdEf:password:AWSCURRENT:",
      {
        kind: "secretsmanager",
        arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/smtp-AbCdEf",
        name: "acme/smtp-AbCdEf",
        jsonKey: "password",
        versionStage: "AWSCURRENT",
      },
    ],
    [
      "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/acme/x",
      { kind: "ssm", arn: "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/acme/x", path: "/acme/x" },
    ],
  ])("reads %s", (text, expected) => {
    // GIVEN a reference in one of the documented forms (table) / WHEN parsed / THEN its parts
    expect(parseSecretReference(text)).toEqual(expected);
  });

  it.each([
    ["a bare name", "acme/stripe", /must be a Secrets Manager secret ARN/],
    ["a short name ending like the random suffix", "secretsmanager:acme/db-secret", /ends like the six random characters .* give the secret's full ARN/],
    ["an empty JSON key", "secretsmanager:acme/stripe#", /a JSON key has no ':' or spaces/],
    ["a relative parameter path", "ssm:acme/flags", /a parameter path starts with '\/'/],
    ["a reserved parameter path", "ssm:/aws/service/x", /reserved by AWS/],
    ["an ECS suffix with two parts", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/x:key:AWSCURRENT", /exactly three parts/],
    ["another service's ARN", "arn:aws:s3:::bucket/key", /must be a Secrets Manager secret ARN/],
  ])("refuses %s", (_what, text, message) => {
    // GIVEN a malformed reference (table) / WHEN checked / THEN the problem says what is allowed
    expect(secretReferenceProblem(text)).toMatch(message);
  });
});

describe("resolveSecretReference", () => {
  /** The resolved parts, through Terraform references as synthesized. */
  function resolved(text: string): Record<string, unknown> {
    const stack = testStack();
    const r = resolveSecretReference(stack, parseSecretReference(text) as SecretReference, { region: "eu-west-1", account: "111122223333" });
    new TerraformOutput(stack, "r", { value: r });
    return synthJson(stack).output.r.value;
  }

  it("names a short Secrets Manager form as a partial ARN in the stack's partition, granted with -??????", () => {
    // GIVEN secretsmanager:<name>#<key> / WHEN resolved / THEN valueFrom carries the ECS suffix, the grant the random suffix
    expect(resolved("secretsmanager:acme/stripe#apiKey")).toEqual({
      valueFrom: expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:secretsmanager:eu-west-1:111122223333:secret:acme\/stripe:apiKey::$/),
      grantResources: [expect.stringMatching(/:secret:acme\/stripe-\?\?\?\?\?\?$/)],
      action: "secretsmanager:GetSecretValue",
      service: "secretsmanager",
    });
  });

  it("grants a full ARN as written and with -?????? (a name may end like a suffix)", () => {
    // GIVEN a full ARN with its random suffix / WHEN resolved / THEN both forms are granted, valueFrom is exact
    const arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/smtp-AbCdEf";
    expect(resolved(arn)).toEqual({
      valueFrom: arn,
      grantResources: [arn, `${arn}-??????`],
      action: "secretsmanager:GetSecretValue",
      service: "secretsmanager",
    });
  });

  it("reads an SSM parameter with ssm:GetParameters on its ARN", () => {
    // GIVEN ssm:/<path> / WHEN resolved / THEN the parameter ARN, one slash after parameter
    const r = resolved("ssm:/acme/orders/flags");
    expect(r).toEqual({
      valueFrom: expect.stringMatching(/:ssm:eu-west-1:111122223333:parameter\/acme\/orders\/flags$/),
      grantResources: [expect.stringMatching(/:parameter\/acme\/orders\/flags$/)],
      action: "ssm:GetParameters",
      service: "ssm",
    });
  });
});

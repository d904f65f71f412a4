import { LoadedConfig, loadConfigWithSource } from "../../src/config";
import { StateAccess } from "../../src/ci/state-access";
import { fakeKmsKeyArn } from "../support/fake-arns";
import { decodeJson } from "../support/json-document";
import { TfJson } from "../support/synth";

/** Accounts of the multi-account fixture: one per environment, the state bucket in a fourth. */
export const ACCOUNTS = { dev: "111111111111", qa: "222222222222", prod: "333333333333", state: "999988887777" } as const;

/**
 * The acceptance config, as a user's file: dev, qa (profile staging) and prod (its
 * own region), each in its own account, delivered by GitHub Actions; services named with a
 * dash, a job with its own image and one that runs a service's. `ciGithub` is the
 * `ci.github` block, `null` for none.
 */
export function pipelineConfigFile(ciGithub: object | null = { repository: "acme/platform" }): Record<string, unknown> {
  return {
    state: { roleArn: `arn:aws:iam::${ACCOUNTS.state}:role/platform-state` },
    environments: {
      dev: { account: ACCOUNTS.dev },
      qa: { profile: "staging", account: ACCOUNTS.qa },
      prod: { account: ACCOUNTS.prod, region: "us-east-1" },
    },
    services: [
      { name: "orders", port: 8080, pathPrefix: "/orders" },
      { name: "order-history", port: 8080, pathPrefix: "/history" },
    ],
    jobs: [
      { name: "nightly-report", schedule: "cron(0 3 * * ? *)", command: ["node", "report.js"] },
      { name: "cleanup", service: "orders", schedule: "rate(1 day)", command: ["node", "cleanup.js"] },
    ],
    ...(ciGithub === null ? {} : { ci: { github: ciGithub } }),
  };
}

/** A user's file (default {@link pipelineConfigFile}) loaded as the CLI loads one. */
export function loadPipelineConfig(file: Record<string, unknown> = pipelineConfigFile()): LoadedConfig {
  return loadConfigWithSource({ overrides: file });
}

export const ACCOUNT = "222222222222";
export const STATE_ROLE_ARN = "arn:aws:iam::444444444444:role/terraform/acme-state";
export const BUCKET_ARN = "arn:aws:s3:::acme-terraform-state";
export const KEY_ARN = fakeKmsKeyArn();
export const STATE_KEY = "acme/qa/terraform.tfstate";

/** State in the role's own account. */
export const DIRECT: StateAccess = { kind: "direct", bucketArn: BUCKET_ARN, keyArn: KEY_ARN };
/** State through `state.roleArn`. */
export const THROUGH_ROLE: StateAccess = { kind: "role", roleArn: STATE_ROLE_ARN };

/** A trust that says which subject it was asked for, for role tests that need no provider. */
export const fakeGithub = { trustPolicy: (subject: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Sub: subject }] }) };

/** The only resource of `type` in a synthesized stack (fails unless there is exactly one). */
export function only(json: TfJson, type: string): TfJson {
  const all = Object.values(json.resource?.[type] ?? {}) as TfJson[];
  expect(all).toHaveLength(1);
  return all[0];
}

/** The statements of the inline role policy named `name`. */
export function inlineStatements(json: TfJson, name: string): TfJson[] {
  const policies = Object.values(json.resource.aws_iam_role_policy as Record<string, TfJson>).filter((p) => p.name === name);
  expect(policies).toHaveLength(1);
  return decodeJson(policies[0].policy).Statement;
}

/** A statement by Sid (fails when absent). */
export function statement(statements: readonly TfJson[], sid: string): TfJson {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} among ${statements.map((s) => s.Sid).join(", ")}`);
  return found;
}

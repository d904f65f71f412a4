import { StateAccess } from "../../src/ci/state-access";
import { fakeKmsKeyArn } from "../support/fake-arns";
import { decodeJson } from "../support/json-document";
import { TfJson } from "../support/synth";

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

import { Construct } from "constructs";
import { Fn } from "cdktf";
import { jsonDocument } from "./json-document";
import { arnOf } from "./partition";

/** One IAM policy statement, in the JSON shape IAM expects. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document, as `jsonencode({…})` (see {@link jsonDocument}; tokens inside become references). */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return jsonDocument({ Version: "2012-10-17", Statement: statements });
}

/** A trust policy that lets exactly one AWS service assume a role. */
export function serviceTrustPolicy(servicePrincipal: string, condition?: PolicyStatement["Condition"]): string {
  return jsonDocument({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: servicePrincipal },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
}

/**
 * Something permissions can be granted to: an IAM role. Grant methods
 * (`grantPull`, `grantWrite`, `grantRead`) attach one inline policy per grant to it,
 * scoped to the granting resource's ARN.
 */
export interface GrantableRef {
  readonly node: Construct["node"];
  /** Role name, for `aws_iam_role_policy.role`. */
  readonly roleName: string;
  /** Role ARN. */
  readonly roleArn: string;
}

/**
 * The account id taken from an ARN attribute (`arn:<partition>:svc:region:ACCOUNT:…`), so
 * policies can name the account without a `data.aws_caller_identity` lookup (which
 * would call AWS at plan time and break offline plans).
 */
export function accountIdOf(arn: string): string {
  return Fn.element(Fn.split(":", arn), 4);
}

/**
 * The key-policy statement that hands a KMS key to IAM: the account root as principal,
 * so only identities whose IAM policies allow it can use or manage the key — never a
 * `*` principal. `account` is an account id (or a reference to one).
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export function keyAdministeredThroughIam(scope: Construct, account: string): Record<string, unknown> {
  return {
    Sid: "AccountAdministersKeyThroughIam",
    Effect: "Allow",
    Principal: { AWS: arnOf(scope, { service: "iam", account, resource: "root" }) },
    Action: "kms:*",
    Resource: "*",
  };
}

import { Construct } from "constructs";
import { Fn } from "cdktf";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { setLegacyId } from "./legacy-address";
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
 * Something permissions can be granted to: an IAM role. Every grant method
 * (`grantPull`, `grantWrite`, `grantRead`, `grantConnect`) goes through {@link grantInlinePolicy}.
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

/** What one grant writes: see {@link grantInlinePolicy}. */
export interface InlineGrant {
  /** What is granted, as the id's first word (`pull`, `write`, `read`, `connect-<user>`). */
  readonly verb: string;
  /**
   * Appended to the id, for a grantor that grants one role several things of a kind
   * (`connect-<grantee path>-<user>`).
   * @default none
   */
  readonly idSuffix?: string;
  /** Name of the inline policy on the role: unique among that role's policies. */
  readonly policyName: string;
  /** The statements, scoped to the grantor's resources. */
  readonly statements: readonly PolicyStatement[];
  /**
   * The id this grant had in 0.1.0, when it differs: a moved block then keeps the
   * deployed policy (see core/legacy-address.ts).
   * @default none
   */
  readonly legacyId?: string;
}

/**
 * The one grant model. `grantor` (the resource whose access is granted) gives
 * `grantee`'s role `statements` as one inline policy and returns it, so whoever starts
 * work under the role (an ECS service) can depend on exactly the policies it was given.
 * The policy lives in the grantor's scope with the id `<verb>-<grantee's path>`: the
 * path, unlike the local id, is unique, so two roles named alike (`exec` of two
 * services) never collide. Granting the same verb to the same role again returns the
 * first policy.
 */
export function grantInlinePolicy(grantor: Construct, grantee: GrantableRef, grant: InlineGrant): IamRolePolicy {
  // Without `Default` segments, which cdktf leaves out of logical ids too: a construct
  // that moves into a `Default` child (WorkloadTask) keeps its grants' addresses.
  const path = grantee.node.path
    .split("/")
    .filter((segment) => segment !== "Default")
    .join("-");
  const id = `${grant.verb}-${path}${grant.idSuffix === undefined ? "" : `-${grant.idSuffix}`}`;
  const existing = grantor.node.tryFindChild(id);
  if (existing) return existing as IamRolePolicy;
  const policy = new IamRolePolicy(grantor, id, {
    name: grant.policyName,
    role: grantee.roleName,
    policy: policyDocument(grant.statements),
  });
  if (grant.legacyId !== undefined) setLegacyId(policy, grant.legacyId);
  return policy;
}

/**
 * VPC endpoint policies: who may use an endpoint, on what. Without one AWS attaches
 * the full-access default (any principal of any account, any action), so a leaked key
 * of another account could move data out through this VPC's private path.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 *
 * The rule here is identity-based: a request passes when its principal belongs to the
 * environment's account (`aws:PrincipalAccount`). What is accessed is not restricted
 * (no `aws:ResourceAccount`), because the tasks legitimately read AWS-owned and
 * cross-account resources with their own roles (ECR images of other registries, AWS
 * public parameters, KMS keys shared with them). Two kinds of request carry no
 * principal of this account and get a statement of their own:
 *  - ECR image layers are downloaded from an AWS-owned bucket with a URL presigned by
 *    an ECR service account, not by the task's role;
 *  - `sts:AssumeRoleWithWebIdentity`/`AssumeRoleWithSAML` are unsigned (no principal
 *    at all): they are admitted for roles of this account only.
 * Gateway endpoints require `Principal: "*"` (the principal is narrowed by conditions
 * instead); interface endpoints use the same form so one shape fits both.
 */
import { jsonDocument } from "../core/json-document";

/** One statement of an endpoint policy (a resource policy: it always has a Principal). */
export interface EndpointPolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal: "*";
  readonly Action: "*" | string[];
  readonly Resource: "*" | string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

/** What a policy is built from: the account, and the partition and region for AWS-owned ARNs. */
export interface EndpointPolicyContext {
  /** The environment's account id (12 digits, or a token that resolves to it). */
  readonly accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov` (a token from `partitionOf`). */
  readonly partition: string;
  /** The VPC's region. */
  readonly region: string;
}

/** Sid of the statement that admits every request made by a principal of the account. */
export const ACCOUNT_PRINCIPALS_SID = "PrincipalsOfThisAccount";
/** Sid of the S3 statement that admits ECR's image-layer downloads. */
export const ECR_LAYERS_SID = "EcrImageLayers";
/** Sid of the STS statement that admits unsigned federation calls into this account's roles. */
export const FEDERATION_SID = "FederationIntoThisAccount";

/** Every action, by any principal of the environment's account, on any resource. */
export function accountPrincipalsStatement(accountId: string): EndpointPolicyStatement {
  return {
    Sid: ACCOUNT_PRINCIPALS_SID,
    Effect: "Allow",
    Principal: "*",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { "aws:PrincipalAccount": accountId } },
  };
}

/**
 * The statements an endpoint for `service` (the suffix of its service name: `s3`,
 * `dynamodb`, `ecr.api`, `sts`, …) needs beyond {@link accountPrincipalsStatement}.
 */
export function serviceStatements(service: string, ctx: EndpointPolicyContext): EndpointPolicyStatement[] {
  switch (service) {
    case "s3":
      return [
        {
          // ECR stores image layers in this AWS-owned bucket; the ECR endpoint answers a
          // pull with a URL presigned by an ECR account, so the GET that follows has no
          // principal of ours. Read-only: tasks pull, they never push from here.
          // https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
          // https://github.com/aws-samples/data-perimeter-policy-examples/tree/main/vpc_endpoint_policies (ECR images)
          Sid: ECR_LAYERS_SID,
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:GetObject"],
          Resource: [`arn:${ctx.partition}:s3:::prod-${ctx.region}-starport-layer-bucket/*`],
        },
      ];
    case "sts":
      return [
        {
          // Web-identity and SAML federation calls are not signed, so aws:PrincipalAccount
          // is absent and the account statement cannot match them; limit them to roles
          // of this account instead.
          // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
          Sid: FEDERATION_SID,
          Effect: "Allow",
          Principal: "*",
          Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
          Resource: [`arn:${ctx.partition}:iam::${ctx.accountId}:role/*`],
        },
      ];
    default:
      return [];
  }
}

/** The endpoint policy of `service`, as the document `aws_vpc_endpoint.policy` takes. */
export function endpointPolicy(service: string, ctx: EndpointPolicyContext): string {
  // jsonencode, not a JSON string: the document holds references and must survive `synth --hcl`.
  return jsonDocument({
    Version: "2012-10-17",
    Statement: [accountPrincipalsStatement(ctx.accountId), ...serviceStatements(service, ctx)],
  });
}

/** Why `accountId` (the value of prop `prop`) is not an account id, or undefined when it is (or is a token). */
export function accountIdProblem(prop: string, accountId: string, isToken: boolean): string | undefined {
  if (isToken || /^\d{12}$/.test(accountId)) return undefined;
  return `${prop} must be a 12-digit AWS account id, got "${accountId}"`;
}

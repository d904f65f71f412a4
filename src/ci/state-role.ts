import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ACCOUNT_ID_RE, IAM_ROLE_ARN_RE } from "../core/aws-facts";
import { jsonDocument } from "../core/json-document";
import { policyDocument } from "../core/iam";
import { arnOf } from "../core/partition";

/** Properties of a {@link StateRole}. */
export interface StateRoleProps {
  /** The role's ARN as the backends name it (`state.roleArn`): its name and path are taken from it. */
  readonly roleArn: string;
  /** Accounts whose principals may assume it (their IAM policies must also allow it): every environment's, and the state's. */
  readonly trustedAccounts: readonly string[];
  /** The state bucket's ARN. */
  readonly bucketArn: string;
  /** The key prefix it may use, `<project>/`: every environment's state and the bootstraps'. */
  readonly keyPrefix: string;
  /** The ARN of the KMS key that encrypts state and lock files. */
  readonly keyArn: string;
}

/**
 * The role every S3 backend assumes to reach the one state bucket when environments live
 * in several accounts (`state.roleArn`): S3 backends elsewhere cannot use the bucket
 * directly (its policy grants no other account, and the backend's `kms_key_id` alias
 * resolves in the caller's account), so they assume this role of the bucket's account.
 *
 * It is shared: any principal of a trusted account that may `sts:AssumeRole` on it reads
 * and writes every environment's state under the prefix. Keep it to deploy roles and admins
 * (the pipeline's plan and deploy roles of each environment are the only ones the platform
 * grants it to).
 *
 * Permissions, from Terraform's S3 backend documentation ("S3 Bucket Permissions"):
 * `s3:ListBucket` on the bucket for keys under the prefix, `s3:GetObject`, `s3:PutObject`
 * and `s3:DeleteObject` (the lock files) under it, and `kms:Decrypt` and
 * `kms:GenerateDataKey` on the state key (what S3 calls for SSE-KMS reads and writes).
 * https://developer.hashicorp.com/terraform/language/backend/s3#s3-bucket-permissions
 * (website/docs/language/backend/s3.mdx in hashicorp/terraform)
 */
export class StateRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  public readonly roleName: string;
  public readonly roleArn: string;
  /** Its one inline policy. */
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: StateRoleProps) {
    super(scope, id);
    const parsed = parseRoleArn(props.roleArn);
    if (!parsed) throw new Error(`${this.node.path}: roleArn must be an IAM role ARN, got ${JSON.stringify(props.roleArn)}`);
    const accounts = [...new Set(props.trustedAccounts)];
    const bad = accounts.filter((a) => !ACCOUNT_ID_RE.test(a));
    if (accounts.length === 0 || bad.length > 0) {
      throw new Error(`${this.node.path}: trustedAccounts must be 12-digit account ids, at least one, got ${JSON.stringify(props.trustedAccounts)}`);
    }
    if (!/^[^/*?].*\/$/.test(props.keyPrefix))
      throw new Error(`${this.node.path}: keyPrefix must end in '/' (like "platform/"), got ${JSON.stringify(props.keyPrefix)}`);

    this.role = new IamRole(this, "role", {
      name: parsed.name,
      path: parsed.path,
      description: `Terraform S3 backends of every account: state under ${props.keyPrefix} in the state bucket`,
      assumeRolePolicy: jsonDocument({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "TrustedAccounts",
            Effect: "Allow",
            // An account root delegates to that account's IAM: only its principals whose own
            // policies allow sts:AssumeRole on this role (the pipeline's roles, admins) can use it.
            Principal: { AWS: accounts.map((account) => arnOf(this, { service: "iam", account, resource: "root" })) },
            Action: "sts:AssumeRole",
          },
        ],
      }),
    });
    this.roleName = this.role.name;
    this.roleArn = this.role.arn;
    this.policy = new IamRolePolicy(this, "policy", {
      name: "terraform-state",
      role: this.roleName,
      policy: policyDocument([
        {
          Sid: "ListStatePrefix",
          Effect: "Allow",
          Action: ["s3:ListBucket"],
          Resource: [props.bucketArn],
          Condition: { StringLike: { "s3:prefix": `${props.keyPrefix}*` } },
        },
        {
          Sid: "StateAndLockFiles",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          Resource: [`${props.bucketArn}/${props.keyPrefix}*`],
        },
        { Sid: "StateKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [props.keyArn] },
      ]),
    });
  }
}

/** The name and path (`/`, or `/a/b/`) of a role ARN. */
export function parseRoleArn(roleArn: string): { readonly name: string; readonly path: string } | undefined {
  if (!IAM_ROLE_ARN_RE.test(roleArn)) return undefined;
  const resource = roleArn.slice(roleArn.indexOf(":role/") + ":role/".length);
  const slash = resource.lastIndexOf("/");
  return slash < 0 ? { name: resource, path: "/" } : { name: resource.slice(slash + 1), path: `/${resource.slice(0, slash + 1)}` };
}

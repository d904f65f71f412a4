import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IAM_ROLE_NAME_MAX_LENGTH } from "../core/aws-facts";
import { jsonDocument } from "../core/json-document";
import { arnOf } from "../core/partition";
import { GithubTrust } from "./deploy-role";
import { lockFileKey, StateAccess, stateAccessStatements } from "./state-access";

/** Properties of a {@link PlanRole}. */
export interface PlanRoleProps {
  /** Role name, `<project>-<env>-plan` (`planRoleName`). */
  readonly name: string;
  /** The GitHub OIDC provider that vouches for the job. */
  readonly github: GithubTrust;
  /** The only job subject it trusts: `repo:<owner>/<name>:pull_request` (`githubPullRequestSubject`). */
  readonly subject: string;
  /** How it reaches the environment's state. */
  readonly state: StateAccess;
  /** The environment's state key, `<project>/<env>/terraform.tfstate`. */
  readonly stateKey: string;
}

/** The AWS managed policy it reads the environment with (what `terraform plan` refreshes). */
const READ_ONLY = "policy/ReadOnlyAccess";

/**
 * The role a pull request's job assumes to diff one environment (`cdktf diff <env>`): it
 * reads, it cannot change anything. A pull request runs the branch's code, so this role
 * must be harmless in anyone's hands who can open one:
 *
 * - **ReadOnlyAccess** (AWS managed), what a plan's refresh reads;
 * - **its environment's state**, read, plus the lock file a plan takes (Put/Delete on
 *   `<key>.tflock` only), with the state KMS key; or `sts:AssumeRole` on the state role where
 *   the state is reached through it (that role is shared by all environments: see README);
 * - **no other S3 object**: ReadOnlyAccess would read every object the KMS key policies let
 *   it decrypt, and the state key is one of them, so other environments' state (and any
 *   bucket's objects) are denied explicitly.
 *
 * Trust: GitHub's OIDC provider, audience `sts.amazonaws.com`, subject
 * `repo:<owner>/<name>:pull_request`. Pull requests from public forks get no token: GitHub
 * caps their `id-token` permission at `read`, and a token needs `write`.
 */
export class PlanRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  public readonly roleName: string;
  public readonly roleArn: string;
  /** The state access policy. */
  public readonly statePolicy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: PlanRoleProps) {
    super(scope, id);
    if (props.name.length === 0 || props.name.length > IAM_ROLE_NAME_MAX_LENGTH) {
      throw new Error(`${this.node.path}: name must be 1–${IAM_ROLE_NAME_MAX_LENGTH} characters, got ${props.name.length} ("${props.name}")`);
    }
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: `GitHub Actions (${props.subject}): diffs its environment; ReadOnlyAccess and its own state`,
      assumeRolePolicy: props.github.trustPolicy(props.subject),
    });
    this.roleName = this.role.name;
    this.roleArn = this.role.arn;
    new IamRolePolicyAttachment(this, "read-only", {
      role: this.roleName,
      policyArn: arnOf(this, { service: "iam", account: "aws", resource: READ_ONLY }),
    });
    const own =
      props.state.kind === "direct" ? [`${props.state.bucketArn}/${props.stateKey}`, `${props.state.bucketArn}/${lockFileKey(props.stateKey)}`] : undefined;
    this.statePolicy = new IamRolePolicy(this, "terraform-state", {
      name: "terraform-state",
      role: this.roleName,
      policy: jsonDocument({
        Version: "2012-10-17",
        Statement: [
          ...stateAccessStatements(props.state, props.stateKey, "read"),
          {
            Sid: "NoOtherObjects",
            Effect: "Deny",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            ...(own ? { NotResource: own } : { Resource: "*" }),
          },
        ],
      }),
    });
  }
}

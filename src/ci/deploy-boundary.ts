import { Construct } from "constructs";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { ACCOUNT_ID_RE, IAM_WRITE_ACTIONS } from "../core/aws-facts";
import { jsonDocument } from "../core/json-document";
import { arnOf } from "../core/partition";

/** Properties of a {@link DeployBoundary}. */
export interface DeployBoundaryProps {
  /** Policy name, `<project>-deploy-boundary` (`deployBoundaryName`). */
  readonly name: string;
  /** The account it is created in (its own ARN is built from it: the policy protects itself). */
  readonly account: string;
  /** ARN of the {@link WorkloadBoundary}: the only boundary roles may be created or changed under. */
  readonly workloadBoundaryArn: string;
  /**
   * IAM ARNs the deploy roles must never change, pass or delete: the deploy and plan roles,
   * GitHub's OIDC provider, the workload boundary, the state role. This policy's own ARN is
   * always added.
   */
  readonly protectedArns: readonly string[];
  /**
   * The state bucket(s) and key, where this account holds them: a deploy role reads and
   * writes its state objects, but never reconfigures the store, deletes old state versions
   * or disables the key.
   * @default none (the state lives in another account)
   */
  readonly stateStore?: StateStore;
}

/** Where the state lives, when in this account: what no pipeline identity may reconfigure. */
export interface StateStore {
  readonly bucketArns: readonly string[];
  readonly keyArn: string;
}

/**
 * What no identity the pipeline holds or creates may do, in both boundaries (a role the
 * deploy role creates under the workload boundary must not be a way around the deploy
 * boundary): no Organizations or account changes, CloudTrail keeps logging, and in the
 * state account the state bucket's settings, its old versions and the state key stay as
 * bootstrap made them.
 */
export function accountGuardStatements(store: StateStore | undefined): object[] {
  return [
    { Sid: "NoOrganizationOrAccountChanges", Effect: "Deny", Action: ["organizations:*", "account:*"], Resource: "*" },
    {
      Sid: "CloudTrailKeepsLogging",
      Effect: "Deny",
      Action: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"],
      Resource: "*",
    },
    ...(store
      ? [
          {
            Sid: "StateStoreUntouchable",
            Effect: "Deny",
            Action: [
              "s3:DeleteBucket",
              "s3:DeleteBucketPolicy",
              "s3:PutBucketPolicy",
              "s3:PutBucketAcl",
              "s3:PutBucketVersioning",
              "s3:PutLifecycleConfiguration",
              "s3:PutEncryptionConfiguration",
              "s3:PutBucketPublicAccessBlock",
              "s3:PutBucketOwnershipControls",
              "s3:PutBucketLogging",
              // Old state versions are the rollback of a bad apply.
              "s3:DeleteObjectVersion",
            ],
            Resource: store.bucketArns.flatMap((arn) => [arn, `${arn}/*`]),
          },
          {
            Sid: "StateKeyUntouchable",
            Effect: "Deny",
            Action: ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation", "kms:PutKeyPolicy"],
            Resource: store.keyArn,
          },
        ]
      : []),
  ];
}

/**
 * The permissions boundary of the pipeline's deploy roles: AWS's documented pattern for
 * delegating IAM ("Permissions boundaries for IAM entities" → "Delegating responsibility to
 * others using permissions boundaries"). The deploy role holds PowerUserAccess (everything
 * but IAM, Organizations and account settings) and an inline policy for its environment's
 * own roles; this boundary makes sure that IAM right cannot be turned into more:
 *
 * - roles may be created or changed only when they carry the workload boundary
 *   (`iam:PermissionsBoundary`), and no boundary may be removed, so every role a deploy
 *   creates is capped by {@link WorkloadBoundary} (no IAM writes) — no escalation through a
 *   new role;
 * - the pipeline's own identities (deploy and plan roles, the OIDC provider, both
 *   boundaries, the state role) are off limits: a deploy cannot widen its own trust or policies;
 * - no IAM users, access keys or console passwords; no Organizations or account changes;
 *   CloudTrail keeps logging;
 * - in the state account, the state bucket's settings and old versions, and the state key.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-delegate
 */
export class DeployBoundary extends Construct {
  /** Role-management actions that IAM evaluates `iam:PermissionsBoundary` for. */
  static readonly BOUNDED_ROLE_ACTIONS = [
    "iam:CreateRole",
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DetachRolePolicy",
    "iam:DeleteRolePolicy",
  ] as const;

  /** The managed policy. */
  public readonly policy: IamPolicy;
  /** Its ARN, the deploy roles' `permissions_boundary`. */
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: DeployBoundaryProps) {
    super(scope, id);
    if (!ACCOUNT_ID_RE.test(props.account))
      throw new Error(`${this.node.path}: account must be a 12-digit AWS account id, got ${JSON.stringify(props.account)}`);
    if (props.protectedArns.length === 0) throw new Error(`${this.node.path}: protectedArns must name the pipeline's roles, got none`);
    // Built, not referenced: the policy cannot reference itself.
    const ownArn = arnOf(this, { service: "iam", account: props.account, resource: `policy/${props.name}` });
    const store = props.stateStore;
    this.policy = new IamPolicy(this, "policy", {
      name: props.name,
      description: "Boundary of the pipeline's deploy roles: roles only under the workload boundary, the pipeline's identities and the state store untouchable",
      policy: jsonDocument({
        Version: "2012-10-17",
        Statement: [
          // A boundary grants nothing by itself: the role's own policies decide, minus the denials below.
          { Sid: "RolePoliciesDecide", Effect: "Allow", Action: "*", Resource: "*" },
          {
            Sid: "RolesOnlyUnderWorkloadBoundary",
            Effect: "Deny",
            Action: [...DeployBoundary.BOUNDED_ROLE_ACTIONS],
            Resource: "*",
            Condition: { StringNotEquals: { "iam:PermissionsBoundary": props.workloadBoundaryArn } },
          },
          {
            Sid: "NoBoundaryRemoval",
            Effect: "Deny",
            Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
            Resource: "*",
          },
          {
            Sid: "PipelineIdentitiesUntouchable",
            Effect: "Deny",
            Action: [...IAM_WRITE_ACTIONS, "iam:PassRole"],
            Resource: [...props.protectedArns, ownArn],
          },
          {
            Sid: "NoIamUsersOrKeys",
            Effect: "Deny",
            Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"],
            Resource: "*",
          },
          ...accountGuardStatements(store),
        ],
      }),
    });
    this.policyArn = this.policy.arn;
  }
}

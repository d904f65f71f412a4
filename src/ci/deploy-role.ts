import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { ACCOUNT_ID_RE, IAM_ROLE_NAME_MAX_LENGTH, PLATFORM_SERVICE_LINKED_ROLE_SERVICES } from "../core/aws-facts";
import { policyDocument } from "../core/iam";
import { arnOf } from "../core/partition";
import { StateAccess, stateAccessStatements } from "./state-access";

/** What a pipeline role is trusted by: GitHub's OIDC provider ({@link GithubOidcProvider}). */
export interface GithubTrust {
  /** The trust policy for jobs whose token has exactly `subject`. */
  trustPolicy(subject: string): string;
}

/** Properties of a {@link DeployRole}. */
export interface DeployRoleProps {
  /** Role name, `<project>-<env>-deploy` (`deployRoleName`). */
  readonly name: string;
  /** The GitHub OIDC provider that vouches for the job. */
  readonly github: GithubTrust;
  /** The only job subject it trusts: `repo:<owner>/<name>:environment:<env>` (`githubEnvironmentSubject`). */
  readonly subject: string;
  /** The account the role and the environment live in. */
  readonly account: string;
  /**
   * The name prefix of the environment's roles and instance profiles, `<project>-<env>-`:
   * the only ones it may create, change, pass and delete.
   */
  readonly resourcePrefix: string;
  /** ARN of the {@link DeployBoundary}. */
  readonly permissionsBoundaryArn: string;
  /** How it reaches the environment's state. */
  readonly state: StateAccess;
  /** The environment's state key, `<project>/<env>/terraform.tfstate`. */
  readonly stateKey: string;
  /**
   * Services whose service-linked roles a deploy may create (`iam:AWSServiceName`).
   * @default PLATFORM_SERVICE_LINKED_ROLE_SERVICES
   */
  readonly serviceLinkedRoleServices?: readonly string[];
  /**
   * Longest session, in seconds. A first deploy of an environment (a Multi-AZ database, NAT
   * gateways) can outlast STS's default hour, and the backend writes the state at the end:
   * an expired session would leave it in `errored.tfstate`. The workflow asks for it with
   * `role-duration-seconds`.
   * @default 7200
   */
  readonly maxSessionDuration?: number;
}

/** The AWS managed policy the deploy role starts from: every service but IAM, Organizations and account settings. */
const POWER_USER = "policy/PowerUserAccess";

/** What Terraform does to a role of the environment: create, read, update, tag, delete, and pass it to a service. */
const ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:GetRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:ListRoleTags",
  "iam:PutRolePolicy",
  "iam:GetRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:ListRolePolicies",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:PutRolePermissionsBoundary",
  "iam:ListInstanceProfilesForRole",
  "iam:PassRole",
];

/** … and to an instance profile of the environment (EC2 capacity). */
const INSTANCE_PROFILE_ACTIONS = [
  "iam:CreateInstanceProfile",
  "iam:DeleteInstanceProfile",
  "iam:GetInstanceProfile",
  "iam:AddRoleToInstanceProfile",
  "iam:RemoveRoleFromInstanceProfile",
  "iam:TagInstanceProfile",
  "iam:UntagInstanceProfile",
  "iam:ListInstanceProfileTags",
];

/**
 * The role a GitHub Actions job running in the GitHub environment `<env>` assumes to deploy
 * that environment (`cdktf deploy <env>`). Its permissions, and why:
 *
 * - **PowerUserAccess** (AWS managed): an environment is VPCs, ECS, RDS, API Gateway, KMS,
 *   logs, EFS, ELB…; listing each action would be long and break with every new feature,
 *   while PowerUserAccess already leaves out IAM, Organizations and account settings.
 * - **Scoped IAM** (inline `environment-iam`): create, change, tag, pass and delete only roles
 *   and instance profiles named `<project>-<env>-*`, and create only the service-linked
 *   roles of the services the platform uses.
 * - **A permissions boundary** ({@link DeployBoundary}): every role it creates or changes must
 *   carry the workload boundary, so the IAM right cannot mint a more powerful role; the
 *   pipeline's own roles, provider and boundaries are off limits.
 * - **State access** (inline `terraform-state`): its own state key and lock file with the state
 *   KMS key, or `sts:AssumeRole` on the state role (see `stateAccessStatements`).
 *
 * Trust: GitHub's OIDC provider, audience `sts.amazonaws.com`, subject
 * `repo:<owner>/<name>:environment:<env>` only — so only jobs that run in that GitHub
 * environment (whose protection rules, e.g. required reviewers for prod, apply) get it.
 */
export class DeployRole extends Construct {
  /** @default 7200 seconds */
  static readonly DEFAULT_MAX_SESSION_DURATION = 7200;

  /** The role. */
  public readonly role: IamRole;
  public readonly roleName: string;
  public readonly roleArn: string;
  /** The scoped IAM policy. */
  public readonly iamPolicy: IamRolePolicy;
  /** The state access policy. */
  public readonly statePolicy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: DeployRoleProps) {
    super(scope, id);
    const maxSession = props.maxSessionDuration ?? DeployRole.DEFAULT_MAX_SESSION_DURATION;
    const services = props.serviceLinkedRoleServices ?? PLATFORM_SERVICE_LINKED_ROLE_SERVICES;
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (props.name.length === 0 || props.name.length > IAM_ROLE_NAME_MAX_LENGTH) {
      fail(`name must be 1–${IAM_ROLE_NAME_MAX_LENGTH} characters, got ${props.name.length} ("${props.name}")`);
    }
    if (!ACCOUNT_ID_RE.test(props.account)) fail(`account must be a 12-digit AWS account id, got ${JSON.stringify(props.account)}`);
    if (!/^[\w+=,.@-]+-$/.test(props.resourcePrefix)) {
      fail(`resourcePrefix must be a role-name prefix ending in '-' (like "platform-prod-"), got ${JSON.stringify(props.resourcePrefix)}`);
    }
    if (!Number.isInteger(maxSession) || maxSession < 3600 || maxSession > 43200) {
      fail(`maxSessionDuration must be a whole number of seconds from 3600 to 43200, got ${maxSession}`);
    }
    if (services.length === 0) fail("serviceLinkedRoleServices must name at least one service");

    this.role = new IamRole(this, "role", {
      name: props.name,
      description: `GitHub Actions (${props.subject}): deploys its environment; PowerUserAccess, roles ${props.resourcePrefix}* only, bounded`,
      assumeRolePolicy: props.github.trustPolicy(props.subject),
      permissionsBoundary: props.permissionsBoundaryArn,
      maxSessionDuration: maxSession,
    });
    this.roleName = this.role.name;
    this.roleArn = this.role.arn;
    new IamRolePolicyAttachment(this, "power-user", {
      role: this.roleName,
      policyArn: arnOf(this, { service: "iam", account: "aws", resource: POWER_USER }),
    });
    const iam = (resource: string) => arnOf(this, { service: "iam", account: props.account, resource });
    this.iamPolicy = new IamRolePolicy(this, "environment-iam", {
      name: "environment-iam",
      role: this.roleName,
      policy: policyDocument([
        { Sid: "EnvironmentRoles", Effect: "Allow", Action: ROLE_ACTIONS, Resource: [iam(`role/${props.resourcePrefix}*`)] },
        {
          Sid: "EnvironmentInstanceProfiles",
          Effect: "Allow",
          Action: INSTANCE_PROFILE_ACTIONS,
          Resource: [iam(`instance-profile/${props.resourcePrefix}*`)],
        },
        {
          // A first ECS cluster, NLB, database… in an account creates its service's role.
          Sid: "PlatformServiceLinkedRoles",
          Effect: "Allow",
          Action: ["iam:CreateServiceLinkedRole"],
          Resource: [iam("role/aws-service-role/*")],
          Condition: { StringEquals: { "iam:AWSServiceName": [...services] } },
        },
      ]),
    });
    this.statePolicy = new IamRolePolicy(this, "terraform-state", {
      name: "terraform-state",
      role: this.roleName,
      policy: policyDocument(stateAccessStatements(props.state, props.stateKey, "readWrite")),
    });
  }
}

import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IAM_ROLE_NAME_MAX_LENGTH, permissionStatementProblem } from "./aws-facts";
import { GrantableRef, PolicyStatement, policyDocument, serviceTrustPolicy } from "./iam";

/** Properties of a {@link ServiceRole}. */
export interface ServiceRoleProps {
  /** Role name (≤ 64 characters). */
  readonly name: string;
  /** What the role is for: shown in IAM. */
  readonly description: string;
  /** The one AWS service that may assume it, e.g. `ecs-tasks.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * Extra trust-policy conditions (e.g. `aws:SourceAccount`), against the confused deputy.
   * @default none
   */
  readonly trustConditions?: PolicyStatement["Condition"];
  /**
   * AWS managed policy ARNs to attach. AdministratorAccess, IAMFullAccess and
   * PowerUserAccess are refused.
   * @default none
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * ARN of the managed policy that bounds the role's permissions (a role of a pipeline
   * environment carries the account's workload boundary). A stack can also set it for
   * every role at once: `PermissionsBoundary.of(stack).apply(arn)` (core/permissions-boundary.ts).
   * @default none
   */
  readonly permissionsBoundary?: string;
}

const FORBIDDEN_MANAGED = /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;

/**
 * An IAM role that exactly one AWS service can assume. Permissions arrive as
 * separate inline policies, one per grant (`grantPull`, `grantWrite`, `addPolicy`),
 * each scoped to the granting resource.
 */
export class ServiceRole extends Construct implements GrantableRef {
  /** The role resource. */
  public readonly role: IamRole;
  public readonly roleName: string;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    if (props.name.length > IAM_ROLE_NAME_MAX_LENGTH) {
      throw new Error(`${this.node.path}: name must be at most ${IAM_ROLE_NAME_MAX_LENGTH} characters, got ${props.name.length} ("${props.name}")`);
    }
    if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(props.servicePrincipal)) {
      throw new Error(`${this.node.path}: servicePrincipal must be one AWS service principal like ecs-tasks.amazonaws.com, got "${props.servicePrincipal}"`);
    }
    const forbidden = (props.managedPolicyArns ?? []).filter((arn) => FORBIDDEN_MANAGED.test(arn));
    if (forbidden.length > 0) {
      throw new Error(`${this.node.path}: managedPolicyArns must not grant admin rights, got ${forbidden.join(", ")}`);
    }
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: serviceTrustPolicy(props.servicePrincipal, props.trustConditions),
      ...(props.permissionsBoundary !== undefined ? { permissionsBoundary: props.permissionsBoundary } : {}),
    });
    this.roleName = this.role.name;
    this.roleArn = this.role.arn;
    // Attachments as their own resources: the role's managed_policy_arns argument is deprecated.
    (props.managedPolicyArns ?? []).forEach((arn, i) => {
      new IamRolePolicyAttachment(this, `managed-${i}`, { role: this.roleName, policyArn: arn });
    });
  }

  /** Adds an inline policy `name` with `statements`; for permissions no resource construct grants. */
  addPolicy(name: string, statements: readonly PolicyStatement[]): IamRolePolicy {
    if (statements.length === 0) throw new Error(`${this.node.path}: policy ${name} needs at least one statement`);
    // The rule the config applies to services[].permissions: a policy that passes there
    // never fails here (a wildcard action on named resources is allowed, on "*" not).
    for (const s of statements) {
      if (s.Effect !== "Allow") continue;
      const problem = permissionStatementProblem({ actions: s.Action, resources: s.Resource });
      if (problem) {
        const what = problem.index === undefined ? "" : ` (${JSON.stringify(s.Action[problem.index])})`;
        throw new Error(`${this.node.path}: policy ${name}: ${problem.field}${what} ${problem.message}`);
      }
    }
    return new IamRolePolicy(this, `policy-${name}`, { name, role: this.roleName, policy: policyDocument(statements) });
  }
}

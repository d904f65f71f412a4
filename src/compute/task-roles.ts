import { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IAM_ROLE_NAME_MAX_LENGTH } from "../core/aws-facts";
import { PolicyStatement } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { arnOf } from "../core/partition";
import { ServiceRole } from "../core/service-role";

/** Properties of {@link TaskRoles}. */
export interface TaskRolesProps {
  /** Project and environment: roles are `<project>-<env>-<service>-exec` / `-task`. */
  readonly naming: NamingContext;
  /** Service name from config. */
  readonly serviceName: string;
  /** Region of the stack (the task role's `aws:SourceArn` condition). */
  readonly region: string;
  /** The account the tasks run in, taken from a resource ARN (e.g. the cluster's). */
  readonly accountId: string;
  /**
   * Secrets the task definition injects through `secrets`: the execution role may
   * read exactly these ARNs (one inline policy), nothing else.
   * @default none
   */
  readonly injectedSecretArns?: readonly string[];
  /**
   * SSM parameters the task definition injects through `secrets`: the execution role
   * may read exactly these (`ssm:GetParameters`, in the same policy).
   * @default none
   */
  readonly injectedParameterArns?: readonly string[];
  /**
   * Extra statements needed to read those secrets (e.g. `kms:Decrypt` on a
   * customer-managed key through Secrets Manager); merged into the same policy.
   * @default none
   */
  readonly secretReadStatements?: readonly PolicyStatement[];
  /**
   * Statements for ECS Exec (from `EcsCluster.executeCommandStatements()`); when
   * given, the task role gets them as its only policy.
   * @default none
   */
  readonly executeCommandStatements?: readonly PolicyStatement[];
  /**
   * The app's own Allow statements (`services[].permissions`), as the task role's
   * `app-permissions` policy. Broad ones are refused by the caller's validation.
   * @default none: the task role has only what is granted to it
   */
  readonly permissionStatements?: readonly PolicyStatement[];
}

/**
 * The two roles of a task, kept apart (CKV_AWS_249): the execution role that the ECS
 * agent uses to start the task (pull, logs, secrets), and the task role that the
 * application's code gets — nothing but what is granted to it (a database login through
 * `grantConnect`, ECS Exec's channels, an EFS mount, the app's own `permissionStatements`).
 */
export class TaskRoles extends Construct {
  /**
   * The principal of both roles: `amazonaws.com` in every partition, China included
   * (only a few services, e.g. CloudWatch Logs, take the partition's DNS suffix; see the
   * provider's aws_service_principal, which follows aws-cdk's region-info).
   */
  static readonly PRINCIPAL = "ecs-tasks.amazonaws.com";

  /** Used by the ECS agent: image pull, log delivery, secret injection. */
  public readonly executionRole: ServiceRole;
  /** Assumed by the application's containers. */
  public readonly taskRole: ServiceRole;
  /** The execution role's secrets policy, when the task injects secrets. */
  public readonly secretsPolicy?: IamRolePolicy;
  /** The task role's ECS Exec policy, when exec is on. */
  public readonly executeCommandPolicy?: IamRolePolicy;
  /** The task role's policy of the app's own permissions, when it has any. */
  public readonly permissionsPolicy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: TaskRolesProps) {
    super(scope, id);
    const execName = physicalName(props.naming, `${props.serviceName}-exec`);
    const taskName = physicalName(props.naming, `${props.serviceName}-task`);
    for (const name of [execName, taskName]) {
      if (name.length > IAM_ROLE_NAME_MAX_LENGTH) {
        throw new Error(
          `${this.node.path}: role name "${name}" is ${name.length} characters; IAM allows ${IAM_ROLE_NAME_MAX_LENGTH} (shorten the project or service name)`,
        );
      }
    }
    const secretArns = props.injectedSecretArns ?? [];
    const parameterArns = props.injectedParameterArns ?? [];
    for (const [prop, arns] of [
      ["injectedSecretArns", secretArns],
      ["injectedParameterArns", parameterArns],
    ] as const) {
      if (arns.some((arn) => arn === "*" || /:\*$/.test(arn))) {
        throw new Error(`${this.node.path}: ${prop} must be exact ARNs, got ${arns.join(", ")}`);
      }
    }
    if ((props.secretReadStatements ?? []).length > 0 && secretArns.length === 0 && parameterArns.length === 0) {
      throw new Error(`${this.node.path}: secretReadStatements need injectedSecretArns or injectedParameterArns: there is no secret to read`);
    }

    // Both roles: only ECS tasks of this account (confused-deputy guard); the account
    // comes from a resource ARN, so no data source is read and plan stays offline.
    const sourceAccount = { StringEquals: { "aws:SourceAccount": props.accountId } };
    this.executionRole = new ServiceRole(this, "exec", {
      name: execName,
      description: `ECS agent for ${props.serviceName}: pull its image, write its logs, read its injected secrets`,
      servicePrincipal: TaskRoles.PRINCIPAL,
      // AWS documents the aws:SourceArn form for task roles only; the execution role
      // (assumed by the agent at launch) gets the account condition alone.
      trustConditions: sourceAccount,
    });
    this.taskRole = new ServiceRole(this, "task", {
      name: taskName,
      description: `Application containers of ${props.serviceName}: only what is granted to it (database login, ECS Exec)`,
      servicePrincipal: TaskRoles.PRINCIPAL,
      // As documented for task roles: tasks (arn:<partition>:ecs:<region>:<account>:task/…) only.
      trustConditions: {
        ...sourceAccount,
        ArnLike: { "aws:SourceArn": arnOf(this, { service: "ecs", region: props.region, account: props.accountId, resource: "*" }) },
      },
    });

    if (secretArns.length > 0 || parameterArns.length > 0) {
      this.secretsPolicy = this.executionRole.addPolicy("read-injected-secrets", [
        ...(secretArns.length > 0
          ? [{ Sid: "ReadInjectedSecrets", Effect: "Allow" as const, Action: ["secretsmanager:GetSecretValue"], Resource: [...secretArns] }]
          : []),
        // ECS reads parameters with GetParameters (plural), whichever form the reference has.
        // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
        ...(parameterArns.length > 0
          ? [{ Sid: "ReadInjectedParameters", Effect: "Allow" as const, Action: ["ssm:GetParameters"], Resource: [...parameterArns] }]
          : []),
        ...(props.secretReadStatements ?? []),
      ]);
    }
    if (props.executeCommandStatements && props.executeCommandStatements.length > 0) {
      this.executeCommandPolicy = this.taskRole.addPolicy("execute-command", props.executeCommandStatements);
    }
    if (props.permissionStatements && props.permissionStatements.length > 0) {
      this.permissionsPolicy = this.taskRole.addPolicy("app-permissions", props.permissionStatements);
    }
  }
}

import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { DNS_LABEL_RE, IAM_ROLE_NAME_MAX_LENGTH } from "../core/aws-facts";
import { ConnectableRef } from "../core/connections";
import { PolicyStatement } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { arnOf } from "../core/partition";
import { workloadSecurityGroup } from "../core/security-group";
import { ServiceRole } from "../core/service-role";
import { fargateCapacityStrategy } from "../compute/capacity-strategy";
import { TaskRoles } from "../compute/task-roles";
import { NetworkRef } from "../network/network-ref";
import { scheduleExpressionProblem, timeZoneProblem } from "../core/workload-facts";
import { JobTaskRef } from "./job-task-ref";

/** What a job needs of the environment's cluster; an `EcsCluster` fits. */
export interface JobClusterRef {
  /** The cluster the task runs in: the schedule's target, and the only cluster the scheduler role may run it in. */
  readonly clusterArn: string;
  /** The account of the cluster (from its ARN): the trust policy's `aws:SourceAccount` and the task definition ARN. */
  readonly accountId: string;
  /** The cluster's capacity providers: a run whose strategy names FARGATE_SPOT fails until they are associated. */
  readonly capacityProviders: ITerraformDependable;
}

/** How EventBridge Scheduler retries a run whose RunTask call fails. */
export interface ScheduledJobRetry {
  /**
   * Retries of a failed RunTask call (0–185).
   * @default 2
   */
  readonly maximumRetryAttempts?: number;
  /**
   * How long, in seconds, a run may keep being retried (60–86400).
   * @default 3600
   */
  readonly maximumEventAgeSeconds?: number;
}

/** Properties of a {@link ScheduledJob}. */
export interface ScheduledJobProps {
  /** Project and environment: the schedule is `<project>-<env>-<name>`, its role `…-scheduler`. */
  readonly naming: NamingContext;
  /** Job name, a lowercase DNS label. */
  readonly name: string;
  /** Region of the stack (the task definition ARN in the scheduler role's policy). */
  readonly region: string;
  /** When the job runs: `cron(…)`, `rate(…)` or `at(…)` (see {@link scheduleExpressionProblem}). */
  readonly schedule: string;
  /**
   * IANA time zone in which `cron(…)` and `at(…)` are read, e.g. `Europe/Berlin`.
   * @default "UTC"
   */
  readonly timezone?: string;
  /** The environment's cluster. */
  readonly cluster: JobClusterRef;
  /** The task definition the job runs, and its two roles. */
  readonly task: JobTaskRef;
  /** The network: the task runs in its private subnets. */
  readonly network: NetworkRef;
  /** Use the environment's Spot-preferring capacity strategy (see `fargateCapacityStrategy`). */
  readonly preferSpot: boolean;
  /**
   * Retries of a failed run.
   * @default 2 attempts within 3600 seconds
   */
  readonly retry?: ScheduledJobRetry;
  /**
   * Whether the schedule runs; a disabled job keeps its schedule, role and group.
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * A scheduled ECS task: an EventBridge Scheduler schedule (not a CloudWatch Events rule)
 * that runs one task of the job's task definition in the private subnets, with the job's
 * own security group (no ingress; egress 443 and what is granted through `allowFrom`
 * calls on its targets), the environment's capacity strategy and a retry policy. Its
 * scheduler role may run only that task definition family, on that cluster, and pass
 * only the task's two roles, to ECS tasks.
 */
export class ScheduledJob extends Construct implements ConnectableRef {
  /** @default "UTC" */
  static readonly DEFAULT_TIMEZONE = "UTC";
  /** @default 2 */
  static readonly DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 2;
  /** @default 3600 */
  static readonly DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 3600;
  /** Appended to the schedule name for the scheduler role: `<project>-<env>-<job>-scheduler`. */
  static readonly SCHEDULER_ROLE_SUFFIX = "-scheduler";
  /**
   * EventBridge Scheduler's service principal, which assumes the scheduler role.
   * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
   */
  static readonly PRINCIPAL = "scheduler.amazonaws.com";
  /** Schedule names: 1–64 of letters, digits, '.', '-', '_'. https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html */
  static readonly SCHEDULE_NAME_MAX_LENGTH = 64;

  /** The job's name. */
  public readonly name: string;
  /** The schedule, for escape hatches. */
  public readonly schedule: SchedulerSchedule;
  /** `<project>-<env>-<name>` (an attribute reference). */
  public readonly scheduleName: string;
  /**
   * The job's own schedule group, named like the schedule. EventBridge Scheduler publishes
   * its metrics per schedule group only (dimension `ScheduleGroup`), so a group per job is
   * what makes a job's dropped runs observable on their own.
   * https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html
   */
  public readonly scheduleGroup: SchedulerScheduleGroup;
  /** The schedule group's name (an attribute reference): the `ScheduleGroup` dimension of the job's Scheduler metrics. */
  public readonly scheduleGroupName: string;
  /** The role EventBridge Scheduler assumes to start the task. */
  public readonly schedulerRole: ServiceRole;
  /** The scheduler role's one policy: run the task definition family, pass its two roles. */
  public readonly schedulerPolicy: IamRolePolicy;
  /** The job's security group: no ingress, egress 443 and what targets grant it. */
  public readonly securityGroup: SecurityGroup;
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const timezone = props.timezone ?? ScheduledJob.DEFAULT_TIMEZONE;
    const retryAttempts = props.retry?.maximumRetryAttempts ?? ScheduledJob.DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
    const eventAge = props.retry?.maximumEventAgeSeconds ?? ScheduledJob.DEFAULT_MAXIMUM_EVENT_AGE_SECONDS;
    const scheduleName = physicalName(props.naming, props.name);
    const roleName = `${scheduleName}${ScheduledJob.SCHEDULER_ROLE_SUFFIX}`;
    this.validate(props, { timezone, retryAttempts, eventAge, scheduleName, roleName });
    this.name = props.name;
    const task = props.task;

    // --- network: nothing in, 443 out; targets (the database) add their port with allowFrom(job)
    this.securityGroup = workloadSecurityGroup(this, "sg", {
      name: scheduleName,
      description: `Scheduled job ${props.name}: no ingress; egress 443 and granted ports`,
      vpcId: props.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;

    // --- the scheduler role ---------------------------------------------------------
    // Only schedules of this account may assume it (cross-service confused deputy):
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html
    this.schedulerRole = new ServiceRole(this, "scheduler", {
      name: roleName,
      description: `EventBridge Scheduler for job ${props.name}: run its task definition family, pass its two roles`,
      servicePrincipal: ScheduledJob.PRINCIPAL,
      trustConditions: { StringEquals: { "aws:SourceAccount": props.cluster.accountId } },
    });
    // What the ECS templated target needs: ecs:RunTask on the task definition, and
    // iam:PassRole on the task's execution and task roles.
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html
    // No ecs:TagResource: RunTask asks for it only when the call tags the task (tags,
    // propagate_tags), and this schedule sets none of them nor ECS managed tags.
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html
    const statements: PolicyStatement[] = [
      {
        Sid: "RunJobTaskDefinition",
        Effect: "Allow",
        Action: ["ecs:RunTask"],
        // Every revision of the family (a deploy registers a new one), and nothing else.
        Resource: [
          arnOf(this, { service: "ecs", region: props.region, account: props.cluster.accountId, resource: `task-definition/${task.taskDefinitionFamily}:*` }),
        ],
        Condition: { ArnEquals: { "ecs:cluster": props.cluster.clusterArn } },
      },
      {
        Sid: "PassJobTaskRoles",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [task.executionRole.roleArn, task.taskRole.roleArn],
        Condition: { StringEquals: { "iam:PassedToService": TaskRoles.PRINCIPAL } },
      },
    ];
    this.schedulerPolicy = this.schedulerRole.addPolicy("run-task", statements);

    // --- the schedule ---------------------------------------------------------------
    this.scheduleGroup = new SchedulerScheduleGroup(this, "group", { name: scheduleName });
    this.scheduleGroupName = this.scheduleGroup.name;
    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: scheduleName,
      groupName: this.scheduleGroupName,
      description: `Scheduled job ${props.name}: runs one task of its task definition in the private subnets`,
      scheduleExpression: props.schedule,
      scheduleExpressionTimezone: timezone,
      // Run at the time given, not somewhere in a window after it.
      flexibleTimeWindow: { mode: "OFF" },
      state: props.enabled === false ? "DISABLED" : "ENABLED",
      target: {
        arn: props.cluster.clusterArn,
        roleArn: this.schedulerRole.roleArn,
        ecsParameters: {
          taskDefinitionArn: task.taskDefinitionArn,
          taskCount: 1,
          // With a strategy there is no launch_type (RunTask takes one or the other).
          capacityProviderStrategy: fargateCapacityStrategy(props.preferSpot).map((s) => ({ ...s })),
          networkConfiguration: {
            subnets: props.network.privateSubnetIds,
            securityGroups: [this.securityGroupId],
            assignPublicIp: false,
          },
          platformVersion: "LATEST",
        },
        // Scheduler retries the RunTask call (throttling, capacity, a missing permission);
        // a task that starts and then fails is not retried.
        // https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html
        retryPolicy: { maximumRetryAttempts: retryAttempts, maximumEventAgeInSeconds: eventAge },
      },
      // The schedule references only the role's ARN: without its policy, a run right after
      // the first deploy fails on RunTask. Likewise the capacity providers (a Spot strategy
      // fails without them), the task's own grants and the network's egress path (the
      // task could not pull its image).
      dependsOn: [this.schedulerPolicy, props.cluster.capacityProviders, ...(task.dependencies ?? []), ...props.network.egressDependencies],
    });
    this.scheduleName = this.schedule.name;
  }

  // Validate before creating anything; skip values only known at apply time.
  private validate(
    props: ScheduledJobProps,
    derived: { timezone: string; retryAttempts: number; eventAge: number; scheduleName: string; roleName: string },
  ): void {
    const path = this.node.path;
    const fail = (prop: string, value: unknown, problem: string): never => {
      throw new Error(`${path}: ${prop} ${problem}, got ${JSON.stringify(value)}`);
    };
    if (!DNS_LABEL_RE.test(props.name)) fail("name", props.name, "must be a lowercase DNS label (a–z, 0–9, '-', starting with a letter)");
    if (!Token.isUnresolved(props.schedule)) {
      const problem = scheduleExpressionProblem(props.schedule);
      if (problem) fail("schedule", props.schedule, problem);
    }
    const zone = Token.isUnresolved(derived.timezone) ? undefined : timeZoneProblem(derived.timezone);
    if (zone) fail("timezone", derived.timezone, zone);
    const integerIn = (prop: string, value: number, min: number, max: number) => {
      if (!Token.isUnresolved(value) && !(Number.isInteger(value) && value >= min && value <= max)) fail(prop, value, `must be an integer ${min}–${max}`);
    };
    // https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html
    integerIn("retry.maximumRetryAttempts", derived.retryAttempts, 0, 185);
    integerIn("retry.maximumEventAgeSeconds", derived.eventAge, 60, 86400);
    const family = props.task.taskDefinitionFamily;
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html#ECS-RegisterTaskDefinition-request-family
    if (!Token.isUnresolved(family) && !/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
      fail("task.taskDefinitionFamily", family, "must be a task definition family name (1–255 of letters, digits, '-', '_'), not an ARN or a pattern");
    }
    if (props.task.executionRole.roleArn === props.task.taskRole.roleArn) {
      fail("task.taskRole", props.task.taskRole.roleArn, "must differ from task.executionRole (CKV_AWS_249: the agent's and the app's permissions stay apart)");
    }
    if (!/^[0-9A-Za-z_.-]+$/.test(derived.scheduleName)) {
      fail("naming", props.naming, `makes the schedule name "${derived.scheduleName}", but EventBridge Scheduler allows only letters, digits, '.', '-', '_'`);
    }
    if (derived.scheduleName.length > ScheduledJob.SCHEDULE_NAME_MAX_LENGTH) {
      fail(
        "name",
        props.name,
        `makes the schedule name "${derived.scheduleName}" ${derived.scheduleName.length} characters; EventBridge Scheduler allows ${ScheduledJob.SCHEDULE_NAME_MAX_LENGTH}`,
      );
    }
    if (derived.roleName.length > IAM_ROLE_NAME_MAX_LENGTH) {
      const room = IAM_ROLE_NAME_MAX_LENGTH - (derived.roleName.length - props.name.length);
      fail(
        "name",
        props.name,
        `makes the scheduler role name "${derived.roleName}" ${derived.roleName.length} characters; IAM allows ${IAM_ROLE_NAME_MAX_LENGTH}, so a job name may have at most ${room} characters here`,
      );
    }
  }
}

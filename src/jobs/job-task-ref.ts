import { ITerraformDependable } from "cdktf";

/**
 * What a job runs: a task definition and its two roles. The task definition, its log
 * group and roles are built like a service's (least privilege, read-only root, the
 * OpenTelemetry sidecar when observability is on); a {@link ScheduledJob} only runs it.
 */
export interface JobTaskRef {
  /** Task definition ARN, with revision: the schedule runs exactly this revision. */
  readonly taskDefinitionArn: string;
  /**
   * The family name as a literal, e.g. `platform-prod-report`: the scheduler role may run
   * any revision of this family (`task-definition/<family>:*`) and no other.
   */
  readonly taskDefinitionFamily: string;
  /** Role the ECS agent uses to start the task; the scheduler role may pass it. */
  readonly executionRole: { readonly roleArn: string };
  /** Role the job's code gets; the scheduler role may pass it. */
  readonly taskRole: { readonly roleArn: string };
  /**
   * What must exist before the task can start: the roles' inline policies (image pull,
   * log writes, secrets). The task definition references only the role ARNs, so without
   * these a run right after the first deploy could start before its grants exist.
   * @default none
   */
  readonly dependencies?: readonly ITerraformDependable[];
}

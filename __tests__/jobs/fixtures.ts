import { TerraformStack } from "cdktf";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { EcsCluster } from "../../src/compute/ecs-cluster";
import { jsonDocument } from "../../src/core/json-document";
import { ServiceRole } from "../../src/core/service-role";
import { JobTaskRef } from "../../src/jobs/job-task-ref";
import { ScheduledJob, ScheduledJobProps } from "../../src/jobs/scheduled-job";
import { NetworkRef } from "../../src/network/network-ref";
import { fakeKmsKeyArn } from "../support/fake-arns";
import { ecsTaskRole, fakeNetwork, testStack } from "../support/test-stack";

export const NAMING = { project: "platform", envName: "prod" };
export const REGION = "eu-west-1";
export const FAMILY = "platform-prod-report";

/** A job's task as the integrator hands it over: a real task definition, its two roles and a grant. */
export interface FakeJobTask extends JobTaskRef {
  readonly taskDefinition: EcsTaskDefinition;
  readonly executionRole: ServiceRole;
  readonly taskRole: ServiceRole;
  /** An inline policy of the execution role (stands for pull/log grants). */
  readonly grant: IamRolePolicy;
}

/** Everything a job needs, in a test stack with a fake network. */
export interface JobWorld {
  readonly stack: TerraformStack;
  readonly network: NetworkRef;
  readonly cluster: EcsCluster;
  readonly task: FakeJobTask;
}

export function jobWorld(preferSpot = false): JobWorld {
  const stack = testStack();
  const network = fakeNetwork(stack);
  const cluster = new EcsCluster(stack, "cluster", {
    naming: NAMING,
    region: REGION,
    preferSpot,
    encryptionKey: { keyArn: fakeKmsKeyArn() },
    logRetentionDays: 365,
  });
  const executionRole = ecsTaskRole(stack, "report-exec", `${FAMILY}-exec`);
  const taskRole = ecsTaskRole(stack, "report-task", `${FAMILY}-task`);
  const grant = executionRole.addPolicy("pull", [{ Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] }]);
  const taskDefinition = new EcsTaskDefinition(stack, "report-task-definition", {
    family: FAMILY,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    executionRoleArn: executionRole.roleArn,
    taskRoleArn: taskRole.roleArn,
    containerDefinitions: jsonDocument([
      {
        name: "app",
        image: "public.ecr.aws/docker/library/busybox:1.36",
        essential: true,
        command: ["./report"],
        readonlyRootFilesystem: true,
        privileged: false,
      },
    ]),
  });
  const task: FakeJobTask = {
    taskDefinition,
    taskDefinitionArn: taskDefinition.arn,
    taskDefinitionFamily: FAMILY,
    executionRole,
    taskRole,
    grant,
    dependencies: [grant],
  };
  return { stack, network, cluster, task };
}

/** A ScheduledJob named `report` in `w`; `props` override the defaults. */
export function addJob(w: JobWorld, props: Partial<ScheduledJobProps> = {}): ScheduledJob {
  return new ScheduledJob(w.stack, "job", {
    naming: NAMING,
    name: "report",
    region: REGION,
    schedule: "cron(0 3 * * ? *)",
    cluster: w.cluster,
    task: w.task,
    network: w.network,
    preferSpot: w.cluster.preferSpot,
    ...props,
  });
}

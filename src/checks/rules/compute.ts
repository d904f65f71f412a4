import { block, blocks, ContainerDefinition, strings, TfResource, TfStack } from "../tf";
import { StackRule, Violation } from "../types";
import { eachResource, shown, stackRule } from "./helpers";

const TASK = "aws_ecs_task_definition";
const SERVICE = "aws_ecs_service";

/** Environment variable names that carry credentials (they belong in `secrets`). */
const SECRET_NAME_RE = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;
/** Values that are credentials whatever the variable's name. */
const SECRET_VALUE_RES = [/AKIA[0-9A-Z]{16}/, /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, /-----BEGIN [A-Z ]*PRIVATE KEY-----/];

/** Runs `fn` on every container of every readable task definition. */
function eachContainer(fn: (c: ContainerDefinition, task: TfResource) => string | undefined | false): (stack: TfStack) => Violation[] {
  return (stack) =>
    stack.resources(TASK).flatMap((task) =>
      (stack.containers(task) ?? []).flatMap((c) => {
        const message = fn(c, task);
        return message ? [{ address: task.address, message: `container ${shown(c.name)}: ${message}` }] : [];
      }),
    );
}

/** The deployment controller of an ECS service (`ECS` when unset). */
function controllerOf(service: TfResource): string {
  return String(block(service.values.deployment_controller).type ?? "ECS");
}

/**
 * The CodeDeploy deployment groups whose `ecs_service` names `service`: by reference (what
 * `BlueGreenDeployment` writes, `${aws_ecs_service.x.name}`), or by its literal name when
 * the group's cluster, if it references one, is the service's.
 */
function deploymentGroupsOf(stack: TfStack, service: TfResource): TfResource[] {
  return stack.resources("aws_codedeploy_deployment_group").filter((g) =>
    blocks(g.values.ecs_service).some((e) => {
      if (stack.references(e.service_name, service)) return true;
      if (typeof e.service_name !== "string" || e.service_name.includes("${") || e.service_name !== service.values.name) return false;
      const groupCluster = stack.target(e.cluster_name, "aws_ecs_cluster");
      const serviceCluster = stack.target(service.values.cluster, "aws_ecs_cluster");
      return !(groupCluster && serviceCluster && groupCluster !== serviceCluster);
    }),
  );
}

/** Whether a deployment group rolls a failed deployment back (`auto_rollback_configuration` enabled with `DEPLOYMENT_FAILURE`). */
function rollsBackOnFailure(group: TfResource): boolean {
  const rollback = block(group.values.auto_rollback_configuration);
  return rollback.enabled === true && strings(rollback.events).includes("DEPLOYMENT_FAILURE");
}

const ROLLBACK_SHAPE = 'auto_rollback_configuration { enabled = true, events = ["DEPLOYMENT_FAILURE", …] }';

/** Whether two role attributes name the same role (same literal, or references to the same resource). */
function sameRole(stack: TfStack, a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  if (a === b) return true;
  const ra = stack.target(a, "aws_iam_role");
  const rb = stack.target(b, "aws_iam_role");
  return ra !== undefined && ra === rb;
}

export const computeRules: StackRule[] = [
  stackRule({
    id: "ecs-container-insights",
    title: "ECS clusters have Container Insights on",
    refs: ["CKV_AWS_65", "ECS.12"],
    check: eachResource("aws_ecs_cluster", (c) => {
      const s = blocks(c.values.setting).find((x) => x.name === "containerInsights");
      return !(s && (s.value === "enabled" || s.value === "enhanced")) && `setting containerInsights is ${shown(s?.value)}, must be "enabled" or "enhanced"`;
    }),
  }),
  stackRule({
    id: "ecs-exec-logging",
    title: "ECS Exec sessions are logged where exec is enabled",
    refs: ["CKV_AWS_223"],
    check: eachResource("aws_ecs_cluster", (c, stack) => {
      const exec = stack.referrers(c, SERVICE, "cluster").some((s) => s.values.enable_execute_command === true);
      const logging = block(block(c.values.configuration).execute_command_configuration).logging;
      return exec && logging === "NONE" && "execute_command_configuration.logging is NONE while services enable ECS Exec: sessions would leave no trail";
    }),
  }),
  stackRule({
    id: "ecs-no-public-ip",
    title: "ECS services get no public IP",
    refs: ["CKV_AWS_333", "ECS.2"],
    check: eachResource(
      SERVICE,
      (s) => block(s.values.network_configuration).assign_public_ip === true && "network_configuration.assign_public_ip is true: tasks run in private subnets",
    ),
  }),
  stackRule({
    id: "ecs-fargate-platform-version",
    title: "Fargate services use the LATEST platform version",
    refs: ["CKV_AWS_332", "ECS.10"],
    check: eachResource(
      SERVICE,
      (s) =>
        s.values.platform_version !== undefined &&
        s.values.platform_version !== "LATEST" &&
        `platform_version is ${shown(s.values.platform_version)}: omit it or use "LATEST" to get security patches`,
    ),
  }),
  stackRule({
    id: "ecs-circuit-breaker",
    title: "ECS services roll back failed deployments (circuit breaker)",
    refs: ["guide:Service Definition"],
    // The circuit breaker exists for the ECS (rolling) controller only. A CODE_DEPLOY
    // service is covered when a deployment group that names it rolls back failed
    // deployments (codedeploy-auto-rollback says what is missing); EXTERNAL is left to
    // whatever deploys it.
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
    check: eachResource(SERVICE, (s, stack) => {
      const controller = controllerOf(s);
      if (controller === "CODE_DEPLOY") {
        return (
          !deploymentGroupsOf(stack, s).some(rollsBackOnFailure) &&
          `uses the CODE_DEPLOY controller, where no circuit breaker applies, and no aws_codedeploy_deployment_group names it with ${ROLLBACK_SHAPE}: a failed deployment would not roll back`
        );
      }
      if (controller !== "ECS") return undefined;
      const cb = block(s.values.deployment_circuit_breaker);
      return (
        !(cb.enable === true && cb.rollback === true) &&
        "deployment_circuit_breaker must have enable = true and rollback = true, or a bad image replaces every task"
      );
    }),
  }),
  stackRule({
    id: "codedeploy-auto-rollback",
    title: "CODE_DEPLOY services are named by a CodeDeploy deployment group that rolls back failed deployments",
    refs: ["config:codedeploy-deployment-group-auto-rollback-enabled", "guide:Service Definition"],
    // https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-rollback-and-redeploy.html
    check: (stack) =>
      stack
        .resources(SERVICE)
        .filter((s) => controllerOf(s) === "CODE_DEPLOY")
        .flatMap((service): Violation[] => {
          const groups = deploymentGroupsOf(stack, service);
          if (groups.length === 0) {
            return [
              {
                address: service.address,
                message:
                  "uses the CODE_DEPLOY controller but no aws_codedeploy_deployment_group names it (ecs_service.service_name): nothing can deploy a new revision, or roll one back",
              },
            ];
          }
          return groups
            .filter((g) => !rollsBackOnFailure(g))
            .map((g) => ({
              address: g.address,
              message: `deploys ${service.address} but auto_rollback_configuration is ${shown(g.values.auto_rollback_configuration)}: set ${ROLLBACK_SHAPE}, the CODE_DEPLOY controller's circuit breaker`,
            }));
        }),
  }),
  stackRule({
    id: "ecs-container-definitions-json",
    title: "Task definitions' container_definitions are readable JSON",
    refs: ["guide:Task Definition"],
    check: eachResource(
      TASK,
      (t, stack) =>
        stack.containers(t) === undefined && "container_definitions is not a JSON array string (an expression?): the container checks cannot read it",
    ),
  }),
  stackRule({
    id: "ecs-readonly-root-filesystem",
    title: "Every container has a read-only root filesystem",
    refs: ["CKV_AWS_336", "ECS.5"],
    check: eachContainer((c) => c.readonlyRootFilesystem !== true && "readonlyRootFilesystem is not true"),
  }),
  stackRule({
    id: "ecs-no-privileged",
    title: "No container is privileged",
    refs: ["CKV_AWS_334", "ECS.4"],
    check: eachContainer((c) => c.privileged === true && "privileged is true"),
  }),
  stackRule({
    id: "ecs-no-host-pid",
    title: "Task definitions do not share the host's process namespace",
    refs: ["CKV_AWS_335", "ECS.3"],
    check: eachResource(TASK, (t) => t.values.pid_mode === "host" && 'pid_mode is "host"'),
  }),
  stackRule({
    id: "ecs-separate-roles",
    title: "A task's execution role is not its task role",
    refs: ["CKV_AWS_249"],
    check: eachResource(
      TASK,
      (t, stack) =>
        sameRole(stack, t.values.execution_role_arn, t.values.task_role_arn) &&
        "execution_role_arn and task_role_arn are the same role: the app would hold the agent's pull and secret permissions",
    ),
  }),
  stackRule({
    id: "ecs-no-secrets-in-environment",
    title: "Credentials reach containers only through secrets[].valueFrom",
    refs: ["ECS.8"],
    check: eachContainer((c) => {
      const bad = (c.environment ?? []).filter(
        (e) => (e.name !== undefined && SECRET_NAME_RE.test(e.name)) || (typeof e.value === "string" && SECRET_VALUE_RES.some((re) => re.test(e.value!))),
      );
      return (
        bad.length > 0 &&
        `environment ${bad.map((e) => shown(e.name)).join(", ")} looks like a credential: pass it in secrets (valueFrom a Secrets Manager ARN)`
      );
    }),
  }),
  stackRule({
    id: "ecs-awslogs",
    title: "Every container logs with the awslogs driver",
    refs: ["ECS.9"],
    check: eachContainer(
      (c) => c.logConfiguration?.logDriver !== "awslogs" && `logConfiguration.logDriver is ${shown(c.logConfiguration?.logDriver)}, must be "awslogs"`,
    ),
  }),
  stackRule({
    id: "ecs-awsvpc",
    title: "Task definitions use the awsvpc network mode",
    refs: ["ECS.1"],
    check: eachResource(TASK, (t) => t.values.network_mode !== "awsvpc" && `network_mode is ${shown(t.values.network_mode)}, must be "awsvpc"`),
  }),
];

/**
 * What an ECS service needs to hand its deployments to CodeDeploy (see
 * `BlueGreenDeployment`): the settings a `FargateService` applies for
 * `deployment: "blueGreen"`.
 */

/** The `aws_ecs_service` settings of a service whose deployments CodeDeploy runs. */
export interface CodeDeployServiceSettings {
  /** `deployment_controller { type = "CODE_DEPLOY" }`: forces a new service when changed. */
  readonly deploymentController: { readonly type: "CODE_DEPLOY" };
  /**
   * Must be false: the provider sends `force_new_deployment` with every UpdateService
   * call, and ECS refuses a forced deployment of a CODE_DEPLOY service, so any later
   * change to the service (its desired count, tags) would fail to apply.
   * https://github.com/hashicorp/terraform-provider-aws/issues/13473
   */
  readonly forceNewDeployment: false;
  /**
   * The attributes CodeDeploy owns after the first deployment, for the service's
   * `lifecycle.ignore_changes`:
   * - `task_definition`: each release registers a revision and CodeDeploy moves the service to it;
   * - `load_balancer`: CodeDeploy swaps the service between the blue and green target groups;
   * - `desired_count`: autoscaling owns the count (as for every service).
   */
  readonly ignoreChanges: string[];
}

/**
 * The settings a service needs for CodeDeploy blue/green deployments. Apply them to the
 * `EcsService` together with these rules, which the ECS API enforces:
 *
 * - no `deployment_circuit_breaker` block at all: the circuit breaker "can only be used
 *   for services using the rolling update (ECS) deployment type"; CodeDeploy's automatic
 *   rollback (the deployment group's `auto_rollback_configuration`) replaces it
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html);
 * - one `load_balancer` block at creation, on the first (blue) target group of the pair,
 *   with the app container's name and port: CodeDeploy then swaps target groups itself;
 * - a change of the network configuration, platform version, task definition or load
 *   balancer cannot be applied with UpdateService: it ships with the next release
 *   (`npm run release`), never with `cdktf deploy`
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html).
 *
 * `deployment_minimum_healthy_percent` and `deployment_maximum_percent` may stay: Fargate
 * services under CODE_DEPLOY ignore them.
 */
export function codeDeployServiceSettings(): CodeDeployServiceSettings {
  return {
    deploymentController: { type: "CODE_DEPLOY" },
    forceNewDeployment: false,
    ignoreChanges: ["task_definition", "load_balancer", "desired_count"],
  };
}

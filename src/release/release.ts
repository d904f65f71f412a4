/**
 * A release of a blue/green service: a task definition revision with the new image tag,
 * and the CodeDeploy deployment that moves the service to it (`npm run release`).
 *
 * The AWS clients are injected, so the logic is tested against mocked AWS responses
 * (aws-sdk-client-mock) and never calls AWS from a test.
 */
import { createHash } from "crypto";
import { CodeDeployClient, CreateDeploymentCommand } from "@aws-sdk/client-codedeploy";
import {
  ContainerDefinition,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RegisterTaskDefinitionRequest,
  Tag,
  TaskDefinition,
} from "@aws-sdk/client-ecs";
import { isCredentialsError } from "../core/aws-credentials";
import { imageTagProblem } from "../core/aws-facts";
import { imageTagVariableName, NamingContext, physicalName } from "../core/naming";

/**
 * The container whose image a release replaces: the app container every service task
 * has (`WorkloadTask.APP_CONTAINER_NAME`; a test keeps the two equal).
 */
export const APP_CONTAINER_NAME = "app";

/** What to release. */
export interface ReleaseRequest {
  /** Project and environment: the cluster is `<project>-<env>`, the CodeDeploy application and group `<project>-<env>-<service>`. */
  readonly naming: NamingContext;
  /** The service's config name (its ECS service name). */
  readonly service: string;
  /** The image tag to deploy, already pushed to the service's repository. */
  readonly imageTag: string;
}

/** The AWS clients a release uses, for the environment's region. */
export interface ReleaseClients {
  readonly ecs: ECSClient;
  readonly codeDeploy: CodeDeployClient;
}

/** What a release started. */
export interface ReleaseResult {
  /** The CodeDeploy deployment id, `d-…`. */
  readonly deploymentId: string;
  /** The new task definition revision's ARN. */
  readonly taskDefinitionArn: string;
  /** The revision the service ran before. */
  readonly previousTaskDefinitionArn: string;
  /** The app container's new image, `<repository>:<tag>`. */
  readonly image: string;
  /** CodeDeploy application and deployment group name, `<project>-<env>-<service>`. */
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  /** The port the AppSpec routes traffic to. */
  readonly containerPort: number;
}

/** A release that cannot go on; the message says why and what to do. */
export class ReleaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReleaseError";
  }
}

/**
 * Registers `request.service`'s next task definition revision (the current one with the
 * app container's image tag replaced) and starts its CodeDeploy blue/green deployment.
 * `progress` receives one line per step. Throws {@link ReleaseError} on every failure.
 */
export async function release(clients: ReleaseClients, request: ReleaseRequest, progress: (line: string) => void = () => undefined): Promise<ReleaseResult> {
  const problem = imageTagProblem(request.imageTag);
  if (problem) throw new ReleaseError(`image tag ${JSON.stringify(request.imageTag)} ${problem}`);
  const cluster = physicalName(request.naming);
  const name = physicalName(request.naming, request.service);
  const env = request.naming.envName;

  // 1. The service, and who deploys it.
  const described = await call(
    "ECS DescribeServices",
    () => clients.ecs.send(new DescribeServicesCommand({ cluster, services: [request.service] })),
    (e) => (e.name === "ClusterNotFoundException" ? `no ECS cluster ${cluster}: is ${env} deployed (cdktf deploy ${env})?` : undefined),
  );
  const service = described.services?.find((s) => s.serviceName === request.service && s.status === "ACTIVE");
  if (!service) {
    const reason = described.failures?.find((f) => f.arn?.endsWith(`/${request.service}`))?.reason;
    throw new ReleaseError(
      `no ECS service ${request.service} in cluster ${cluster}${reason ? ` (${reason})` : ""}: is it in the config and ${env} deployed (cdktf deploy ${env})?`,
    );
  }
  const controller = service.deploymentController?.type ?? "ECS";
  if (controller === "ECS") {
    throw new ReleaseError(
      `${request.service} in ${env} uses rolling deployments: deploy with cdktf deploy ${env} --var ${imageTagVariableName(request.service)}=${request.imageTag}`,
    );
  }
  if (controller !== "CODE_DEPLOY") {
    throw new ReleaseError(
      `${request.service} in ${env} uses the ${controller} deployment controller: npm run release deploys CodeDeploy (blueGreen) services only`,
    );
  }
  if (!service.taskDefinition) throw new ReleaseError(`ECS service ${request.service} in ${cluster} has no task definition`);
  progress(`${request.service} in ${cluster} runs ${service.taskDefinition}`);

  // 2. The family's latest ACTIVE revision, with the new image. Not the revision the
  // service runs: Terraform registers a new revision for every config change (variables,
  // secrets, size, roles) and leaves the service to CodeDeploy, so only the newest one
  // carries those changes to production.
  const family = familyOf(service.taskDefinition);
  const current = await call("ECS DescribeTaskDefinition", () =>
    clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family, include: ["TAGS"] })),
  );
  if (!current.taskDefinition) throw new ReleaseError(`ECS DescribeTaskDefinition returned no task definition for ${family}`);
  const next = nextRevision(current.taskDefinition, current.tags, request.imageTag);

  // 3. The new revision.
  const registered = await call("ECS RegisterTaskDefinition", () => clients.ecs.send(new RegisterTaskDefinitionCommand(next.input)));
  const taskDefinitionArn = registered.taskDefinition?.taskDefinitionArn;
  if (!taskDefinitionArn) throw new ReleaseError("ECS RegisterTaskDefinition returned no task definition ARN");
  progress(`registered ${taskDefinitionArn} (${APP_CONTAINER_NAME}: ${next.image})`);

  // 4. The deployment.
  // The service's capacity strategy, network and platform version go along: an AppSpec
  // without them makes CodeDeploy drop the strategy (aws/containers-roadmap#1752), which
  // Terraform would then see as drift.
  const content = appSpecContent(taskDefinitionArn, APP_CONTAINER_NAME, next.containerPort, {
    capacityProviderStrategy: service.capacityProviderStrategy,
    networkConfiguration: service.networkConfiguration,
    platformVersion: service.platformVersion,
  });
  const created = await call(
    "CodeDeploy CreateDeployment",
    () =>
      clients.codeDeploy.send(
        new CreateDeploymentCommand({
          applicationName: name,
          deploymentGroupName: name,
          description: `npm run release: ${request.service} ${request.imageTag}`,
          revision: {
            revisionType: "AppSpecContent",
            appSpecContent: { content, sha256: createHash("sha256").update(content).digest("hex") },
          },
        }),
      ),
    (e) => codeDeployProblem(e, name, env, taskDefinitionArn),
  );
  if (!created.deploymentId) throw new ReleaseError("CodeDeploy CreateDeployment returned no deployment id");
  return {
    deploymentId: created.deploymentId,
    taskDefinitionArn,
    previousTaskDefinitionArn: service.taskDefinition,
    image: next.image,
    applicationName: name,
    deploymentGroupName: name,
    containerPort: next.containerPort,
  };
}

/**
 * The fields of a DescribeTaskDefinition output that RegisterTaskDefinition does not
 * take (AWS sets them). Every other field is copied. The type check fails when an SDK
 * update adds a describe-only field that this list does not name.
 */
export const READ_ONLY_TASK_DEFINITION_FIELDS = everyOf<Exclude<keyof TaskDefinition, keyof RegisterTaskDefinitionRequest>>()([
  "taskDefinitionArn",
  "revision",
  "status",
  "requiresAttributes",
  "compatibilities",
  "registeredAt",
  "registeredBy",
  "deregisteredAt",
  "deleteRequestedAt",
] as const);

/**
 * The RegisterTaskDefinition input of the next revision: `current` without its
 * read-only fields, with its tags, and with the app container's image tag replaced.
 */
export function nextRevision(
  current: TaskDefinition,
  tags: readonly Tag[] | undefined,
  imageTag: string,
): { input: RegisterTaskDefinitionRequest; image: string; containerPort: number } {
  const readOnly: readonly string[] = READ_ONLY_TASK_DEFINITION_FIELDS;
  const copy = Object.fromEntries(Object.entries(current).filter(([key]) => !readOnly.includes(key))) as RegisterTaskDefinitionRequest;
  const app = (current.containerDefinitions ?? []).find((c) => c.name === APP_CONTAINER_NAME);
  if (!app?.image) {
    throw new ReleaseError(`task definition ${current.taskDefinitionArn} has no ${APP_CONTAINER_NAME} container with an image: it is not a platform service`);
  }
  const containerPort = app.portMappings?.find((m) => m.containerPort !== undefined)?.containerPort;
  if (containerPort === undefined) {
    throw new ReleaseError(`the ${APP_CONTAINER_NAME} container of ${current.taskDefinitionArn} maps no port: CodeDeploy needs one to route traffic to`);
  }
  const image = imageWithTag(app.image, imageTag);
  const containerDefinitions: ContainerDefinition[] = (current.containerDefinitions ?? []).map((c) => (c === app ? { ...c, image } : c));
  const input: RegisterTaskDefinitionRequest = { ...copy, containerDefinitions, ...(tags && tags.length > 0 ? { tags: [...tags] } : {}) };
  return { input, image, containerPort };
}

/** `image` (`<repository>[:tag][@digest]`) with `tag` instead of its tag or digest. */
export function imageWithTag(image: string, tag: string): string {
  const withoutDigest = image.split("@")[0];
  // A ':' after the last '/' starts the tag; one before it is a registry port.
  const colon = withoutDigest.lastIndexOf(":");
  const repository = colon > withoutDigest.lastIndexOf("/") ? withoutDigest.slice(0, colon) : withoutDigest;
  return `${repository}:${tag}`;
}

/**
 * The AppSpec of an ECS deployment: the task definition, and the container and port the
 * load balancer routes to. JSON, with `version` written `0.0` as AWS documents it
 * (JSON.stringify would write `0`).
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html
 */
export function appSpecContent(
  taskDefinitionArn: string,
  containerName: string,
  containerPort: number,
  service: {
    readonly capacityProviderStrategy?: readonly { capacityProvider?: string; weight?: number; base?: number }[];
    readonly networkConfiguration?: { awsvpcConfiguration?: { subnets?: string[]; securityGroups?: string[]; assignPublicIp?: string } };
    readonly platformVersion?: string;
  } = {},
): string {
  const vpc = service.networkConfiguration?.awsvpcConfiguration;
  const properties: Record<string, unknown> = {
    TaskDefinition: taskDefinitionArn,
    LoadBalancerInfo: { ContainerName: containerName, ContainerPort: containerPort },
    ...(service.platformVersion ? { PlatformVersion: service.platformVersion } : {}),
    ...(vpc
      ? {
          NetworkConfiguration: {
            AwsvpcConfiguration: { Subnets: vpc.subnets ?? [], SecurityGroups: vpc.securityGroups ?? [], AssignPublicIp: vpc.assignPublicIp ?? "DISABLED" },
          },
        }
      : {}),
    ...(service.capacityProviderStrategy && service.capacityProviderStrategy.length > 0
      ? {
          CapacityProviderStrategy: service.capacityProviderStrategy.map((s) => ({
            CapacityProvider: s.capacityProvider,
            Weight: s.weight ?? 0,
            Base: s.base ?? 0,
          })),
        }
      : {}),
  };
  const resources = [{ TargetService: { Type: "AWS::ECS::Service", Properties: properties } }];
  return `{"version":0.0,"Resources":${JSON.stringify(resources)}}`;
}

/** How to follow a deployment: CLI commands and, in the commercial partition, the console page. */
export function watchHints(deploymentId: string, region: string): string[] {
  const hints = [
    `aws deploy get-deployment --deployment-id ${deploymentId} --region ${region} --query deploymentInfo.status`,
    `aws deploy wait deployment-successful --deployment-id ${deploymentId} --region ${region}`,
  ];
  // China and GovCloud have consoles of their own; their users know them.
  if (!region.startsWith("cn-") && !region.startsWith("us-gov-")) {
    hints.push(`https://${region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${deploymentId}?region=${region}`);
  }
  return hints;
}

/** An AWS error, as the SDK throws it. */
interface AwsError {
  readonly name: string;
  readonly message: string;
}

/**
 * Runs one AWS call; any error becomes a {@link ReleaseError} (`explain`'s message, or the
 * call and the AWS error), except missing or invalid credentials, which the CLI answers with
 * what to set.
 */
async function call<T>(what: string, send: () => Promise<T>, explain: (e: AwsError) => string | undefined = () => undefined): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (isCredentialsError(err)) throw err;
    const e: AwsError = { name: (err as { name?: string }).name ?? "Error", message: (err as { message?: string }).message ?? String(err) };
    throw new ReleaseError(explain(e) ?? `${what} failed: ${e.name}: ${e.message}`);
  }
}

/** What a CodeDeploy error means for this release. */
function codeDeployProblem(e: AwsError, name: string, env: string, taskDefinitionArn: string): string {
  const registered = `(task definition ${taskDefinitionArn} is registered but unused; the next release registers another)`;
  switch (e.name) {
    case "ApplicationDoesNotExistException":
    case "DeploymentGroupDoesNotExistException":
      return `no CodeDeploy ${e.name.startsWith("Application") ? "application" : "deployment group"} ${name}: set the service's deployment to "blueGreen" for ${env} and run cdktf deploy ${env} first ${registered}`;
    case "DeploymentLimitExceededException":
      return `a deployment of ${name} is already in progress: wait for it (aws deploy list-deployments --application-name ${name} --deployment-group-name ${name} --include-only-statuses InProgress) or stop it, then release again ${registered}`;
    default:
      return `CodeDeploy CreateDeployment failed: ${e.name}: ${e.message} ${registered}`;
  }
}

/**
 * Returns its argument, and fails type checking unless the list names every member of `T`:
 * `everyOf<"a" | "b">()(["a"] as const)` does not compile.
 */
function everyOf<T extends string>() {
  return <L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): L => list;
}

/** `family` of a task definition ARN (`…:task-definition/<family>:<revision>`) or `family:revision`. */
export function familyOf(taskDefinition: string): string {
  return taskDefinition.replace(/^.*task-definition\//, "").replace(/:\d+$/, "");
}

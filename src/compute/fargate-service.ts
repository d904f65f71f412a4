import { Construct } from "constructs";
import { TerraformResource, TerraformVariable, Token } from "cdktf";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { DNS_LABEL_RE, efsVolumeProblem, imageTagProblem, LogRetentionDays } from "../core/aws-facts";
import { allowTraffic, ConnectableRef } from "../core/connections";
import { NamingContext, physicalName } from "../core/naming";
import { DatabaseRef } from "../database/database-ref";
import { DiscoveryService } from "../discovery/discovery-service";
import { PrivateNamespace } from "../discovery/private-namespace";
import { NetworkRef } from "../network/network-ref";
import { EncryptedLogGroup } from "../core/log-group";
import { OtelCollector } from "../observability/otel-collector";
import { RepositoryRef } from "../registry/repository-ref";
import { workloadSecurityGroup } from "../core/security-group";
import { ContainerDefinition } from "../core/container-definition";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { FileSystemRef } from "../storage/file-system-ref";
import { serviceCapacityStrategy } from "./capacity-strategy";
import { EcsCluster } from "./ecs-cluster";
import { ServiceAutoscaling } from "./service-autoscaling";
import { ServiceRef } from "./service-ref";
import { imageTagVariable, imageTagVariableName } from "./image-tag";
import { TaskRoles } from "./task-roles";
import { WorkloadObservability, WorkloadTask, WorkloadTaskProps } from "./workload-task";

/** Telemetry export of a service. */
export type FargateServiceObservability = WorkloadObservability;

/** What Terraform leaves alone on a CODE_DEPLOY service (see the ECS service's lifecycle). */
export const CODE_DEPLOY_IGNORED_CHANGES = [
  "desired_count",
  "task_definition",
  "load_balancer",
  "platform_version",
  "network_configuration",
  "capacity_provider_strategy",
  "enable_execute_command",
] as const;

/** A persistent volume of a service, on a shared EFS file system. */
export interface ServiceVolume {
  /** Volume name, unique in the service: its access point's directory is `/<service>/<name>`. */
  readonly name: string;
  /** Absolute path the app container mounts it at (not /tmp, the scratch volume's). */
  readonly containerPath: string;
  /**
   * Mount read-only: the task role gets `ClientMount` but not `ClientWrite`.
   * @default false
   */
  readonly readOnly?: boolean;
  /** The environment's file system. */
  readonly fileSystem: FileSystemRef;
}

/** Target tracking settings of a service (the env's `autoscaling` config fits). */
export interface FargateServiceAutoscaling {
  /** Average CPU utilization to hold, percent. */
  readonly cpuTargetPercent: number;
  /** Average memory utilization to hold, percent. */
  readonly memoryTargetPercent: number;
}

/** Properties of a {@link FargateService}. */
export interface FargateServiceProps {
  /** Project and environment, for physical names. */
  readonly naming: NamingContext;
  /** Region of the stack (awslogs, IAM conditions). */
  readonly region: string;
  /**
   * Service name, a lowercase DNS label: the ECS service, its Cloud Map service, log
   * streams, roles and the `image_tag_<name>` variable are named after it.
   */
  readonly name: string;
  /**
   * Port the app container listens on (1–65535): admitted callers and the API reach it
   * there, through its Cloud Map SRV record.
   * @default none: a worker, with no port, Cloud Map registration, health check or callers
   */
  readonly port?: number;
  /** Task CPU units (256, 512, 1024, …): a Fargate size together with `memory`. */
  readonly cpu: number;
  /** Task memory, MiB: one of the sizes Fargate allows for `cpu`. */
  readonly memory: number;
  /**
   * URL path the container health check requests on `port`, e.g. `/health`.
   * @default "/health" with a port; none for a worker
   */
  readonly healthCheckPath?: string;
  /** Tasks started at creation; autoscaling owns the count afterwards. */
  readonly desiredCount: number;
  /** Autoscaling floor (tasks). */
  readonly minCapacity: number;
  /** Autoscaling ceiling (tasks), ≥ `minCapacity`. */
  readonly maxCapacity: number;
  /** Image tag deployed unless `--var image_tag_<name>=…` overrides it at deploy time. */
  readonly imageTag: string;
  /**
   * Plain environment variables of the app container (never secrets). Names the
   * platform sets (OTEL_*, and DB_* with a database) are refused.
   * @default {} (only the platform's variables)
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Secrets ECS injects as environment variables at task start; the execution role may
   * read exactly these (and decrypt with their customer-managed keys, through Secrets
   * Manager or SSM only).
   * @default none
   */
  readonly secrets?: WorkloadTaskProps["secrets"];
  /**
   * The app's own AWS permissions: Allow statements on the task role (`app-permissions`).
   * A wildcard action on `"*"` and privilege escalation on `"*"` are refused.
   * @default none
   */
  readonly permissions?: WorkloadTaskProps["permissions"];
  /**
   * Overrides the image's CMD.
   * @default the image's
   */
  readonly command?: readonly string[];
  /**
   * Overrides the image's ENTRYPOINT.
   * @default the image's
   */
  readonly entryPoint?: readonly string[];
  /**
   * Persistent volumes on EFS: each gets an access point of its own (`/<service>/<volume>`),
   * mounted with TLS and IAM authorization; the task role may mount (and, unless
   * `readOnly`, write) through it only, and the file system admits NFS from this service.
   * @default none
   */
  readonly volumes?: readonly ServiceVolume[];
  /** The environment's cluster. */
  readonly cluster: EcsCluster;
  /** The network: tasks run in its private subnets. */
  readonly network: NetworkRef;
  /** The service's image repository. */
  readonly repository: RepositoryRef;
  /** The Cloud Map namespace the service registers in. */
  readonly namespace: PrivateNamespace;
  /**
   * The database this service may use; pass it only to services that need it (least
   * privilege). The service logs in
   * with IAM database authentication as its own user,
   * {@link FargateService.databaseUserName}; its task role may connect as that user only.
   * @default none
   */
  readonly database?: DatabaseRef;
  /** Days the service's log group keeps app and collector logs. */
  readonly logRetentionDays: LogRetentionDays;
  /** KMS key that encrypts the log group. */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Allow ECS Exec into the tasks (needs exec enabled on the cluster).
   * @default the cluster's setting
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Run most tasks on FARGATE_SPOT (with `capacity` Fargate).
   * @default the cluster's setting
   */
  readonly preferSpot?: boolean;
  /**
   * Where the tasks run: `fargate` (with `preferSpot`), `fargateSpot` (all on
   * FARGATE_SPOT), or an EC2 capacity provider of the cluster (`Ec2Capacity`, added with
   * `EcsCluster.addCapacityProvider`): the task definition then declares EC2 and the
   * instances' architecture, and the service's strategy names only that provider.
   * @default { kind: "fargate" }
   */
  readonly capacity?:
    | { readonly kind: "fargate" }
    | { readonly kind: "fargateSpot" }
    | { readonly kind: "ec2"; readonly capacityProviderName: string; readonly architecture: "x86_64" | "arm64" };
  /**
   * Who rolls out a new task definition: `ECS` (rolling, behind a deployment circuit
   * breaker that rolls back) or `CODE_DEPLOY` (blue/green through a load balancer:
   * attach a target group with {@link FargateService.attachToTargetGroup}; Terraform then
   * leaves the task definition, load balancer and count to CodeDeploy).
   * @default "ECS"
   */
  readonly deploymentController?: "ECS" | "CODE_DEPLOY";
  /** Target tracking percents; the task range is `minCapacity`–`maxCapacity`. */
  readonly autoscaling: FargateServiceAutoscaling;
  /** OpenTelemetry export. */
  readonly observability: FargateServiceObservability;
}

/**
 * One containerized service on Fargate: its security group (ingress only through
 * {@link FargateService.allowFrom}, egress 443 only), its task ({@link WorkloadTask}: log
 * group, execution and task roles, app + OpenTelemetry collector), Cloud Map
 * registration with SRV records, ECS service behind a deployment circuit breaker, and
 * autoscaling. Without a port it is a worker: no registration, no health check, no callers.
 */
export class FargateService extends Construct implements ConnectableRef {
  /** The app container's name. */
  static readonly APP_CONTAINER_NAME = WorkloadTask.APP_CONTAINER_NAME;
  /** The writable scratch volume mounted at /tmp (root filesystem is read-only). */
  static readonly TMP_VOLUME = WorkloadTask.TMP_VOLUME;

  public readonly name: string;
  /** The container port; undefined for a worker. */
  public readonly port?: number;
  public readonly securityGroupId: string;
  /** Its Cloud Map service; undefined for a worker. */
  public readonly discoveryService?: DiscoveryService;
  /** How callers and the API reach it (port + Cloud Map); undefined for a worker. */
  public readonly endpoint?: ServiceRef;

  /** ECS service name (an attribute reference). */
  public readonly serviceName: string;
  /** The task: roles, log group, containers, task definition. */
  public readonly task: WorkloadTask;
  /** Task definition ARN (with revision). */
  public readonly taskDefinitionArn: string;
  /** Role the ECS agent uses to start tasks. */
  public readonly executionRole: TaskRoles["executionRole"];
  /** Role the application code gets. */
  public readonly taskRole: TaskRoles["taskRole"];
  /** Both roles and their policies. */
  public readonly roles: TaskRoles;
  /** `/ecs/<project>-<env>/<service>`: app and collector logs. */
  public readonly logGroup: EncryptedLogGroup;
  /** The service's security group. */
  public readonly securityGroup: SecurityGroup;
  /** The task definition. */
  public readonly taskDefinition: EcsTaskDefinition;
  /** The ECS service. */
  public readonly ecsService: EcsService;
  /** CPU and memory target tracking. */
  public readonly autoscaling: ServiceAutoscaling;
  /** `image_tag_<service>`: override at deploy time with `--var image_tag_<service>=…`. */
  public readonly imageTag: TerraformVariable;
  /** The image the app container runs, `<repository url>:<image tag variable>`. */
  public readonly image: string;
  /** The collector sidecar, when observability is enabled. */
  public readonly collector?: OtelCollector;
  /** The container definitions, as written into the task definition. */
  public readonly containerDefinitions: readonly ContainerDefinition[];
  /** The PostgreSQL user the service logs in as, when it uses the database. */
  public readonly databaseUser?: string;
  /** `ECS` (rolling) or `CODE_DEPLOY` (blue/green). */
  public readonly deploymentController: "ECS" | "CODE_DEPLOY";
  /** The target group the tasks register in, once attached. */
  public targetGroupArn?: string;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const svc = props;
    const exec = props.enableExecuteCommand ?? props.cluster.executeCommandEnabled;
    const codeDeploy = props.deploymentController === "CODE_DEPLOY";
    const capacity = props.capacity ?? { kind: "fargate" as const };
    const onEc2 =
      capacity.kind === "ec2"
        ? { compatibility: "EC2" as const, cpuArchitecture: capacity.architecture === "arm64" ? ("ARM64" as const) : ("X86_64" as const) }
        : {};
    this.deploymentController = props.deploymentController ?? "ECS";
    const preferSpot = props.preferSpot ?? props.cluster.preferSpot;
    this.validate(props, exec);

    this.name = svc.name;
    this.port = svc.port;
    const familyName = physicalName(props.naming, svc.name);

    // --- network: nothing in, 443 out; callers are admitted with allowFrom --------
    this.securityGroup = workloadSecurityGroup(this, "sg", {
      name: familyName,
      // No port in the text: a changed description replaces the group (and redeploys tasks).
      description: `ECS service ${svc.name}: ingress only from admitted callers; egress 443 and granted ports`,
      vpcId: props.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;
    if (props.database) {
      props.database.allowFrom(this, `${svc.name} to the database`);
    }

    // --- image tag, discovery -------------------------------------------------------
    this.imageTag = imageTagVariable(this, "image-tag", {
      workloadName: svc.name,
      defaultTag: svc.imageTag,
      description: `Image tag of ${svc.name} in ${repositoryNameOf(props.repository)}; CI overrides it: cdktf deploy ${props.naming.envName} --var ${imageTagVariableName(svc.name)}=<tag>`,
    });
    this.image = `${props.repository.repositoryUrl}:${this.imageTag.stringValue}`;
    const port = svc.port;
    if (port !== undefined) {
      this.discoveryService = new DiscoveryService(this, "discovery", { namespace: props.namespace, name: svc.name });
      const discoveryService = this.discoveryService;
      this.endpoint = {
        node: this.node,
        name: svc.name,
        port,
        securityGroupId: this.securityGroupId,
        discoveryService,
        allowFrom: (source, description) => this.allowFrom(source, description),
      };
    }

    // --- volumes: an access point per volume; NFS admitted once per file system -------
    const mounts = (svc.volumes ?? []).map((v) => ({ ...v, readOnly: v.readOnly ?? false, accessPoint: v.fileSystem.accessPoint(svc.name, v.name) }));
    const fileSystems = [...new Set(mounts.map((m) => m.fileSystem))];
    for (const fs of fileSystems) fs.allowFrom(this, `${svc.name} mounts its EFS volumes`);

    // --- the task (`Default`: its resources keep the addresses they had here) --------
    this.task = new WorkloadTask(this, "Default", {
      naming: props.naming,
      region: props.region,
      accountId: props.cluster.accountId,
      name: svc.name,
      image: this.image,
      grantPull: (grantee) => props.repository.grantPull(grantee),
      cpu: svc.cpu,
      memory: svc.memory,
      port,
      healthCheckPath: port === undefined ? undefined : (svc.healthCheckPath ?? "/health"),
      environment: svc.environment,
      secrets: svc.secrets,
      permissions: svc.permissions,
      command: svc.command,
      entryPoint: svc.entryPoint,
      volumes: mounts.map((m) => ({
        name: m.name,
        containerPath: m.containerPath,
        readOnly: m.readOnly,
        efs: m.fileSystem.volumeConfiguration(m.accessPoint),
      })),
      database: props.database,
      logRetentionDays: props.logRetentionDays,
      encryptionKey: props.encryptionKey,
      executeCommandStatements: exec ? props.cluster.executeCommandStatements() : undefined,
      observability: props.observability,
      ...onEc2,
    });
    this.roles = this.task.roles;
    this.executionRole = this.task.executionRole;
    this.taskRole = this.task.taskRole;
    this.logGroup = this.task.logGroup;
    this.collector = this.task.collector;
    this.containerDefinitions = this.task.containerDefinitions;
    this.databaseUser = this.task.databaseUser;
    this.taskDefinition = this.task.taskDefinition;
    this.taskDefinitionArn = this.task.taskDefinitionArn;
    const grants = [...this.task.grants, ...mounts.map((m) => m.fileSystem.grantMount(this.taskRole, m.accessPoint, { readOnly: m.readOnly }))];

    // --- service --------------------------------------------------------------------
    this.ecsService = new EcsService(this, "service", {
      name: svc.name,
      cluster: props.cluster.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: svc.desiredCount,
      // With a strategy there is no launch_type; Spot needs the cluster's providers first.
      capacityProviderStrategy: serviceCapacityStrategy(
        capacity.kind === "ec2" ? capacity : capacity.kind === "fargateSpot" ? capacity : { kind: "fargate", preferSpot },
      ).map((s) => ({ ...s })),
      // And the roles' inline policies (every grant returns its policy): the task
      // definition references only the role ARNs, so without this ECS may launch the
      // first tasks before the pull, log and secret grants exist
      // (ResourceInitializationError), and the circuit breaker then fails the initial
      // deployment for good.
      // And the egress path (NAT, private routes, endpoints): the service's ARNs reference
      // none of it, so the first tasks could start before they can pull their image.
      // And the mount targets of its volumes: a task cannot mount before its AZ has one.
      dependsOn: [props.cluster.capacityProviders, ...grants, ...props.network.egressDependencies, ...fileSystems.flatMap((fs) => fs.mountDependencies)],
      // Fargate only: ECS refuses a platform version for tasks on EC2.
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#ECS-CreateService-request-platformVersion
      ...(capacity.kind === "ec2" ? {} : { platformVersion: "LATEST" }),
      networkConfiguration: {
        subnets: props.network.privateSubnetIds,
        securityGroups: [this.securityGroupId],
        assignPublicIp: false,
      },
      // The circuit breaker belongs to the ECS controller only; CodeDeploy rolls back itself.
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
      ...(codeDeploy
        ? { deploymentController: { type: "CODE_DEPLOY" } }
        : { deploymentCircuitBreaker: { enable: true, rollback: true }, deploymentMinimumHealthyPercent: 100, deploymentMaximumPercent: 200 }),
      // SRV + container name/port: ECS registers AWS_INSTANCE_PORT, which the API's
      // private integration needs to reach the task. A worker registers nowhere.
      ...(this.discoveryService && port !== undefined
        ? { serviceRegistries: { registryArn: this.discoveryService.serviceArn, containerName: FargateService.APP_CONTAINER_NAME, containerPort: port } }
        : {}),
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      enableExecuteCommand: exec,
      // With provider 5.100 a capacity_provider_strategy change (preferSpot) replaces the
      // service — an outage — unless the update may force a new deployment. CodeDeploy
      // services take no forced deployment: their deployments are CodeDeploy's.
      forceNewDeployment: !codeDeploy,
      waitForSteadyState: false,
      // Autoscaling owns the count after creation; a plan must not reset it. Under
      // CodeDeploy the task definition and the target group in use are its too: a plan
      // must not undo a release (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html).
      // And ECS refuses UpdateService on a CODE_DEPLOY service for anything but the
      // count, deployment configuration, grace period, placement and tags: the platform
      // version (reported as 1.4.0, not LATEST: aws/containers-roadmap#2840), the network,
      // the capacity strategy and ECS Exec are set at creation and carried by each
      // release's AppSpec, never updated in place.
      lifecycle: {
        ignoreChanges: codeDeploy ? [...CODE_DEPLOY_IGNORED_CHANGES] : ["desired_count"],
      },
    });
    if (codeDeploy) {
      this.node.addValidation({
        validate: () =>
          this.targetGroupArn === undefined
            ? [`${this.node.path}: a CODE_DEPLOY service needs a load balancer target group (attachToTargetGroup): CodeDeploy shifts traffic between two`]
            : [],
      });
    }
    this.serviceName = this.ecsService.name;

    this.autoscaling = new ServiceAutoscaling(this, "autoscaling", {
      clusterName: props.cluster.clusterName,
      serviceName: this.ecsService.name,
      policyNamePrefix: familyName,
      minCapacity: svc.minCapacity,
      maxCapacity: svc.maxCapacity,
      cpuTargetPercent: props.autoscaling.cpuTargetPercent,
      memoryTargetPercent: props.autoscaling.memoryTargetPercent,
    });
  }

  /** The Terraform variable that holds a service's image tag: `image_tag_<name with _>`. */
  static imageTagVariableName(serviceName: string): string {
    return imageTagVariableName(serviceName);
  }

  /**
   * Registers the tasks in a load balancer target group (type `ip`, the container port),
   * as aws-cdk's `attachToNetworkTargetGroup` does: the ECS service's `load_balancer`
   * block, a health-check grace period, and `depends_on` its listener (ECS refuses a
   * target group that no listener uses yet). Once per service.
   */
  attachToTargetGroup(target: { readonly targetGroupArn: string; readonly dependencies: readonly TerraformResource[] }): void {
    if (this.port === undefined) throw new Error(`${this.node.path}: ${this.name} is a worker (no port): nothing to register in a target group`);
    if (this.targetGroupArn !== undefined) throw new Error(`${this.node.path}: ${this.name} is already attached to a target group`);
    this.targetGroupArn = target.targetGroupArn;
    this.ecsService.putLoadBalancer([{ targetGroupArn: target.targetGroupArn, containerName: FargateService.APP_CONTAINER_NAME, containerPort: this.port }]);
    // Time for a new task to pass the NLB's health checks before ECS counts it as failed.
    this.ecsService.healthCheckGracePeriodSeconds = 60;
    // Bare addresses, as cdktf writes the dependsOn given at construction.
    this.ecsService.dependsOn = [...(this.ecsService.dependsOn ?? []), ...target.dependencies.map((d) => `${d.terraformResourceType}.${d.friendlyUniqueId}`)];
  }

  /**
   * Admits `source` on the container port: an ingress rule on this service's group
   * from the source's group, and the matching egress rule on the source's group.
   */
  allowFrom(source: ConnectableRef, description: string): void {
    if (this.port === undefined) {
      throw new Error(`${this.node.path}: ${this.name} is a worker (no port): it admits no callers, so ${source.node.path} cannot be allowed`);
    }
    allowTraffic(this, source, this, this.port, description);
  }

  // The same predicates as the config schema (core/aws-facts): a config that validates
  // never fails here; these guard the construct when it is used without our config.
  private validate(props: FargateServiceProps, exec: boolean): void {
    const path = this.node.path;
    const svc = props;
    const fail = (prop: string, value: unknown, problem: string): never => {
      throw new Error(`${path}: ${prop} ${problem}, got ${JSON.stringify(value)}`);
    };
    if (!DNS_LABEL_RE.test(svc.name)) fail("name", svc.name, "must be a lowercase DNS label (a–z, 0–9, '-', starting with a letter)");
    if (!Number.isInteger(svc.desiredCount) || svc.desiredCount < 0) fail("desiredCount", svc.desiredCount, "must be an integer ≥ 0");
    const tag = imageTagProblem(svc.imageTag);
    if (tag) fail("imageTag", svc.imageTag, tag);
    WorkloadTask.validate(path, {
      ...svc,
      compatibility: svc.capacity?.kind === "ec2" ? "EC2" : "FARGATE",
      healthCheckPath: svc.port === undefined ? undefined : (svc.healthCheckPath ?? "/health"),
      executeCommandStatements: undefined,
      // The names and paths matter here; the file system's configuration comes later.
      volumes: (svc.volumes ?? []).map((v) => ({ name: v.name, containerPath: v.containerPath, readOnly: v.readOnly ?? false, efs: { fileSystemId: "" } })),
    });
    for (const v of svc.volumes ?? []) {
      const problem = efsVolumeProblem(svc.name, v.name);
      if (problem) fail("volumes", v.name, problem);
    }
    if (exec && !props.cluster.executeCommandEnabled) {
      throw new Error(
        `${path}: enableExecuteCommand needs ECS Exec enabled on cluster ${props.cluster.node.path} (its sessions are then encrypted and logged)`,
      );
    }
    // Autoscaling's own checks would only run after resources exist; check its inputs here.
    if (svc.minCapacity > svc.maxCapacity) {
      throw new Error(`${path}: minCapacity (${svc.minCapacity}) must be ≤ maxCapacity (${svc.maxCapacity})`);
    }
    for (const [prop, value] of [
      ["cpuTargetPercent", props.autoscaling.cpuTargetPercent],
      ["memoryTargetPercent", props.autoscaling.memoryTargetPercent],
    ] as const) {
      if (!(value >= 10 && value <= 95)) throw new Error(`${path}: autoscaling.${prop} must be 10–95 (percent), got ${value}`);
    }
  }
}

/** The repository's name for descriptions, without forcing a token into a literal. */
function repositoryNameOf(repository: RepositoryRef): string {
  return Token.isUnresolved(repository.repositoryName) ? "its ECR repository" : repository.repositoryName;
}

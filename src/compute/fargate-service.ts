import { Construct } from "constructs";
import { Fn, TerraformVariable, Token } from "cdktf";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import {
  COLLECTOR_PORTS,
  DATABASE_ENV_VARS,
  databaseUserName,
  DNS_LABEL_RE,
  envVarNameProblem,
  fargateSizeProblem,
  HEALTH_CHECK_PATH_RE,
  iamRoleNameProblem,
  imageTagProblem,
  LogRetentionDays,
  reservedEnvVars,
} from "../core/aws-facts";
import { allowTraffic, ConnectableRef } from "../core/connections";
import { PolicyStatement } from "../core/iam";
import { jsonDocument } from "../core/json-document";
import { terraformLiteral } from "../core/literal";
import { NamingContext, physicalName } from "../core/naming";
import { DatabaseRef } from "../database/database-ref";
import { DiscoveryService } from "../discovery/discovery-service";
import { PrivateNamespace } from "../discovery/private-namespace";
import { NetworkRef } from "../network/network-ref";
import { GrafanaCredentials } from "../observability/grafana-credentials";
import { EncryptedLogGroup } from "../core/log-group";
import { OtelCollector } from "../observability/otel-collector";
import { RepositoryRef } from "../registry/repository-ref";
import { tierSecurityGroup } from "../core/security-group";
import { awsLogs, ContainerDefinition } from "../core/container-definition";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { fargateCapacityStrategy } from "./capacity-strategy";
import { EcsCluster } from "./ecs-cluster";
import { ServiceAutoscaling } from "./service-autoscaling";
import { ServiceRef } from "./service-ref";
import { TaskRoles } from "./task-roles";

/** Telemetry export of a service. */
export interface FargateServiceObservability {
  /** Run the OpenTelemetry collector sidecar and export to Grafana Cloud. */
  readonly enabled: boolean;
  /** Grafana Cloud OTLP gateway endpoint (https). */
  readonly otlpEndpoint: string;
  /** Pinned collector image. */
  readonly collectorImage: string;
  /**
   * The Grafana Cloud credentials secret the collector reads.
   * @default none — required when `enabled`
   */
  readonly credentials?: GrafanaCredentials;
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
  /** Port the app container listens on (1–65535): admitted callers and the API reach it there. */
  readonly port: number;
  /** Task CPU units (256, 512, 1024, …): a Fargate size together with `memory`. */
  readonly cpu: number;
  /** Task memory, MiB: one of the sizes Fargate allows for `cpu`. */
  readonly memory: number;
  /** URL path the container health check requests on `port`, e.g. `/health`. */
  readonly healthCheckPath: string;
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
   * Run most tasks on FARGATE_SPOT.
   * @default the cluster's setting
   */
  readonly preferSpot?: boolean;
  /** Target tracking percents; the task range is `minCapacity`–`maxCapacity`. */
  readonly autoscaling: FargateServiceAutoscaling;
  /** OpenTelemetry export. */
  readonly observability: FargateServiceObservability;
}

/**
 * One containerized service on Fargate: its security group (ingress only through
 * {@link FargateService.allowFrom}, egress 443 only), log group, execution and task
 * roles, task definition (app + OpenTelemetry collector), Cloud Map registration with
 * SRV records, ECS service behind a deployment circuit breaker, and autoscaling.
 */
export class FargateService extends Construct implements ServiceRef {
  /** The app container's name. */
  static readonly APP_CONTAINER_NAME = "app";
  /** The writable scratch volume mounted at /tmp (root filesystem is read-only). */
  static readonly TMP_VOLUME = "tmp";

  // ServiceRef
  public readonly name: string;
  public readonly port: number;
  public readonly securityGroupId: string;
  public readonly discoveryService: DiscoveryService;

  /** ECS service name (an attribute reference). */
  public readonly serviceName: string;
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
  /** The collector sidecar, when observability is enabled. */
  public readonly collector?: OtelCollector;
  /** The container definitions, as written into the task definition. */
  public readonly containerDefinitions: readonly ContainerDefinition[];
  /** The PostgreSQL user the service logs in as, when it uses the database. */
  public readonly databaseUser?: string;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const svc = props;
    const exec = props.enableExecuteCommand ?? props.cluster.executeCommandEnabled;
    const preferSpot = props.preferSpot ?? props.cluster.preferSpot;
    const telemetry = props.observability;
    this.validate(props, exec);

    this.name = svc.name;
    this.port = svc.port;
    const familyName = physicalName(props.naming, svc.name);

    // --- network: nothing in, 443 out; callers are admitted with allowFrom --------
    this.securityGroup = tierSecurityGroup(this, "sg", {
      name: familyName,
      // No port in the text: a changed description replaces the group (and redeploys tasks).
      description: `ECS service ${svc.name}: ingress only from admitted callers; egress 443 and granted ports`,
      vpcId: props.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;
    new VpcSecurityGroupEgressRule(this, "egress-https", {
      securityGroupId: this.securityGroupId,
      description: "HTTPS to AWS APIs (VPC endpoints) and, through the NAT, Grafana Cloud and the collector image registry",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    if (props.database) {
      props.database.allowFrom(this, `${svc.name} to the database`);
    }

    // --- logs, image tag, discovery -----------------------------------------------
    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: `/ecs/${physicalName(props.naming)}/${svc.name}`,
      logRetentionDays: props.logRetentionDays,
      encryptionKey: props.encryptionKey,
    });
    this.imageTag = new TerraformVariable(this, "image-tag", {
      type: "string",
      default: svc.imageTag,
      description: `Image tag of ${svc.name} in ${repositoryNameOf(props.repository)}; CI overrides it: cdktf deploy ${props.naming.envName} --var ${FargateService.imageTagVariableName(svc.name)}=<tag>`,
    });
    this.imageTag.overrideLogicalId(FargateService.imageTagVariableName(svc.name));
    this.imageTag.addValidation({
      condition: Fn.can(Fn.regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", this.imageTag.stringValue)),
      errorMessage: "An image tag is 1–128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'.",
    });
    this.discoveryService = new DiscoveryService(this, "discovery", { namespace: props.namespace, name: svc.name });

    // --- roles ----------------------------------------------------------------------
    const injected: string[] = [];
    const secretStatements: PolicyStatement[] = [];
    if (telemetry.enabled && telemetry.credentials) {
      injected.push(telemetry.credentials.secretArn);
      // TaskRoles writes the one GetSecretValue statement over all ARNs; the key's is extra.
      secretStatements.push(...telemetry.credentials.decryptStatements());
    }
    this.roles = new TaskRoles(this, "roles", {
      naming: props.naming,
      serviceName: svc.name,
      region: props.region,
      accountId: props.cluster.accountId,
      injectedSecretArns: injected,
      secretReadStatements: secretStatements,
      executeCommandStatements: exec ? props.cluster.executeCommandStatements() : undefined,
    });
    this.executionRole = this.roles.executionRole;
    this.taskRole = this.roles.taskRole;
    const grants: IamRolePolicy[] = [props.repository.grantPull(this.executionRole), this.logGroup.grantWrite(this.executionRole)];
    if (this.roles.secretsPolicy) grants.push(this.roles.secretsPolicy);
    if (this.roles.executeCommandPolicy) grants.push(this.roles.executeCommandPolicy);
    if (props.database) {
      // The app's code connects, so the task role (not the execution role) holds the grant,
      // for this service's own database user only.
      this.databaseUser = databaseUserName(svc.name);
      try {
        grants.push(props.database.grantConnect(this.taskRole, this.databaseUser));
      } catch (err) {
        throw new Error(
          `${this.node.path}: service ${svc.name} logs in to the database as "${this.databaseUser}", which the database refuses: ${(err as Error).message}`,
        );
      }
    }

    // --- containers -----------------------------------------------------------------
    const logs = { logGroupName: this.logGroup.logGroupName, region: props.region, streamPrefix: svc.name };
    if (telemetry.enabled && telemetry.credentials) {
      this.collector = new OtelCollector(this, "otel", {
        image: telemetry.collectorImage,
        otlpEndpoint: telemetry.otlpEndpoint,
        envName: props.naming.envName,
        credentials: telemetry.credentials,
        logs,
      });
    }
    const app = this.appContainer(props, `${props.repository.repositoryUrl}:${this.imageTag.stringValue}`, logs, exec);
    this.containerDefinitions = this.collector ? [app, this.collector.containerDefinition] : [app];

    this.taskDefinition = new EcsTaskDefinition(this, "task", {
      family: familyName,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: String(svc.cpu),
      memory: String(svc.memory),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      executionRoleArn: this.executionRole.roleArn,
      taskRoleArn: this.taskRole.roleArn,
      volume: [{ name: FargateService.TMP_VOLUME }],
      // jsonencode, not a JSON string: the definitions hold references (log group, secrets,
      // image tag variable), which a JSON string cannot carry through `cdktf synth --hcl`.
      containerDefinitions: jsonDocument(this.containerDefinitions),
      // Old revisions stay ACTIVE, so an operator can still roll back to one by hand.
      skipDestroy: true,
    });
    this.taskDefinitionArn = this.taskDefinition.arn;

    // --- service --------------------------------------------------------------------
    this.ecsService = new EcsService(this, "service", {
      name: svc.name,
      cluster: props.cluster.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: svc.desiredCount,
      // With a strategy there is no launch_type; Spot needs the cluster's providers first.
      capacityProviderStrategy: fargateCapacityStrategy(preferSpot).map((s) => ({ ...s })),
      // And the roles' inline policies (every grant returns its policy): the task
      // definition references only the role ARNs, so without this ECS may launch the
      // first tasks before the pull, log and secret grants exist
      // (ResourceInitializationError), and the circuit breaker then fails the initial
      // deployment for good.
      // And the egress path (NAT, private routes, endpoints): the service's ARNs reference
      // none of it, so the first tasks could start before they can pull their image.
      dependsOn: [props.cluster.capacityProviders, ...grants, ...props.network.egressDependencies],
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: props.network.privateSubnetIds,
        securityGroups: [this.securityGroupId],
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      // SRV + container name/port: ECS registers AWS_INSTANCE_PORT, which the API's
      // private integration needs to reach the task.
      serviceRegistries: {
        registryArn: this.discoveryService.serviceArn,
        containerName: FargateService.APP_CONTAINER_NAME,
        containerPort: svc.port,
      },
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      enableExecuteCommand: exec,
      // With provider 5.100 a capacity_provider_strategy change (preferSpot) replaces the
      // service — an outage — unless the update may force a new deployment.
      forceNewDeployment: true,
      waitForSteadyState: false,
      // Autoscaling owns the count after creation; a plan must not reset it.
      lifecycle: { ignoreChanges: ["desired_count"] },
    });
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
    return `image_tag_${serviceName.replace(/-/g, "_")}`;
  }

  /**
   * Admits `source` on the container port: an ingress rule on this service's group
   * from the source's group, and the matching egress rule on the source's group.
   */
  allowFrom(source: ConnectableRef, description: string): void {
    allowTraffic(this, source, this, this.port, description);
  }

  private appContainer(
    props: FargateServiceProps,
    image: string,
    logs: { logGroupName: string; region: string; streamPrefix: string },
    exec: boolean,
  ): ContainerDefinition {
    const svc = props;
    const env: { name: string; value: string }[] = Object.entries(svc.environment ?? {}).map(([name, value]) => ({
      name,
      value: terraformLiteral(value),
    }));
    env.push({ name: "OTEL_SERVICE_NAME", value: svc.name }, { name: "OTEL_RESOURCE_ATTRIBUTES", value: `deployment.environment=${props.naming.envName}` });
    if (this.collector) {
      env.push(
        // The collector's OTLP/HTTP receiver, on the task's shared loopback. The exact
        // address it binds (127.0.0.1), not "localhost": that name may resolve to ::1
        // first, where nothing listens, and SDKs without a fallback then drop telemetry.
        { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: `http://${OtelCollector.HTTP_ENDPOINT}` },
        { name: "OTEL_EXPORTER_OTLP_PROTOCOL", value: "http/protobuf" },
      );
    } else {
      // No collector to send to: keep SDKs from retrying against a closed port.
      env.push({ name: "OTEL_SDK_DISABLED", value: "true" });
    }
    if (props.database && this.databaseUser) {
      // No password, on purpose: RDS rotates the managed master secret (every 7 days by
      // default) and ECS injects `secrets` only at task start, so an injected password
      // dies at the first rotation. The app signs a 15-minute IAM token per connection.
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html
      const db: Record<(typeof DATABASE_ENV_VARS)[number], string> = {
        DB_HOST: props.database.address,
        // ECS wants every environment value as a JSON string: in jsonencode a lone
        // number (or a number attribute's reference) would stay a number.
        DB_PORT: Token.isUnresolved(props.database.port) ? Fn.tostring(props.database.port) : String(props.database.port),
        DB_NAME: props.database.databaseName,
        DB_USER: this.databaseUser,
        DB_REGION: props.region,
        DB_IAM_AUTH: "true",
        PGSSLMODE: "verify-full",
      };
      env.push(...DATABASE_ENV_VARS.map((name) => ({ name, value: db[name] })));
    }
    return {
      name: FargateService.APP_CONTAINER_NAME,
      image,
      essential: true,
      portMappings: [{ containerPort: svc.port, protocol: "tcp", name: "http" }],
      // Runs inside the container: the image must ship curl (distroless images need
      // another probe). Single quotes keep the path away from the shell.
      healthCheck: {
        command: ["CMD-SHELL", `curl -fsS 'http://localhost:${svc.port}${svc.healthCheckPath}' || exit 1`],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 30,
      },
      environment: env,
      // `user` is left to the image's USER: forcing a uid here would break images whose
      // files belong to another uid; build images with a non-root USER.
      // ECS Exec's SSM agent cannot run in a read-only root (aws/containers-roadmap#1359),
      // so only an exec-enabled service trades it away; `npm run check` then reports ECS.5
      // until the trade is suppressed with a reason.
      readonlyRootFilesystem: !exec,
      privileged: false,
      mountPoints: [{ sourceVolume: FargateService.TMP_VOLUME, containerPath: "/tmp", readOnly: false }],
      // An init process reaps zombies and forwards signals (AWS recommends it for ECS Exec).
      linuxParameters: { initProcessEnabled: true },
      ...(this.collector ? { dependsOn: [{ containerName: OtelCollector.CONTAINER_NAME, condition: "START" as const }] } : {}),
      logConfiguration: awsLogs(logs),
    };
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
    const budget = iamRoleNameProblem(props.naming.project, props.naming.envName, svc.name);
    if (budget) fail("name", svc.name, budget);
    if (!Number.isInteger(svc.port) || svc.port < 1 || svc.port > 65535) fail("port", svc.port, "must be 1–65535");
    if (props.observability.enabled && COLLECTOR_PORTS.includes(svc.port)) {
      fail("port", svc.port, `is taken by the OpenTelemetry collector sidecar (${COLLECTOR_PORTS.join(", ")} on localhost); pick another port`);
    }
    const size = fargateSizeProblem(svc.cpu, svc.memory);
    if (size) fail(size.field, size.field === "cpu" ? svc.cpu : svc.memory, size.message);
    if (!Number.isInteger(svc.desiredCount) || svc.desiredCount < 0) fail("desiredCount", svc.desiredCount, "must be an integer ≥ 0");
    if (!HEALTH_CHECK_PATH_RE.test(svc.healthCheckPath)) {
      fail("healthCheckPath", svc.healthCheckPath, "must be a URL path of letters, digits and ._~-/?=&%+");
    }
    const tag = imageTagProblem(svc.imageTag);
    if (tag) fail("imageTag", svc.imageTag, tag);
    const reserved = reservedEnvVars(props.database !== undefined);
    for (const key of Object.keys(svc.environment ?? {})) {
      const problem = envVarNameProblem(key, reserved);
      if (problem) throw new Error(`${path}: environment key "${key}" ${problem.message}`);
    }
    if (exec && !props.cluster.executeCommandEnabled) {
      throw new Error(
        `${path}: enableExecuteCommand needs ECS Exec enabled on cluster ${props.cluster.node.path} (its sessions are then encrypted and logged)`,
      );
    }
    if (props.observability.enabled && !props.observability.credentials) {
      throw new Error(`${path}: observability.credentials is required when observability.enabled (the collector authenticates to Grafana Cloud with them)`);
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

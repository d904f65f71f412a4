import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { EcsTaskDefinition, EcsTaskDefinitionVolume, EcsTaskDefinitionVolumeEfsVolumeConfiguration } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import {
  COLLECTOR_PORTS,
  DATABASE_ENV_VARS,
  databaseUserName,
  dbUserProblem,
  envVarNameProblem,
  ENV_VAR_NAME_RE,
  fargateSizeProblem,
  HEALTH_CHECK_PATH_RE,
  iamRoleNameProblem,
  logRetentionProblem,
  LogRetentionDays,
  permissionStatementProblem,
  reservedEnvVars,
} from "../core/aws-facts";
import { awsLogs, AwsLogsTarget, ContainerDefinition } from "../core/container-definition";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { GrantableRef, PolicyStatement } from "../core/iam";
import { jsonDocument } from "../core/json-document";
import { terraformLiteral } from "../core/literal";
import { EncryptedLogGroup } from "../core/log-group";
import { NamingContext, physicalName } from "../core/naming";
import { partitionOf } from "../core/partition";
import { ResolvedSecretReference, resolveSecretReference, SecretReference } from "../core/secret-reference";
import { DatabaseRef } from "../database/database-ref";
import { GrafanaCredentials } from "../observability/grafana-credentials";
import { OtelCollector } from "../observability/otel-collector";
import { TaskRoles } from "./task-roles";

/** Telemetry export of a task. */
export interface WorkloadObservability {
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

/** One app secret, injected by ECS as an environment variable when a task starts. */
export interface AppSecret {
  /** The environment variable's name. */
  readonly name: string;
  /** Where the value is read (see core/secret-reference.ts). */
  readonly reference: SecretReference;
  /**
   * The customer-managed KMS key ARN the secret or parameter is encrypted with: the
   * execution role may then decrypt with it, through that service only.
   * @default none (an AWS managed key, which needs no grant)
   */
  readonly kmsKeyArn?: string;
}

/**
 * A persistent volume of the task: an EFS access point, mounted as its file system says
 * (`FileSystemRef.volumeConfiguration`: TLS and IAM authorization). Granting the mount
 * and admitting NFS are the file system's business (the service does both).
 */
export interface TaskVolume {
  /** Volume name in the task definition, unique in the task. */
  readonly name: string;
  /** Absolute path the app container mounts it at. */
  readonly containerPath: string;
  /** Mount read-only. */
  readonly readOnly: boolean;
  /** The task definition volume's `efs_volume_configuration`. */
  readonly efs: EcsTaskDefinitionVolumeEfsVolumeConfiguration;
}

/** Properties of a {@link WorkloadTask}. */
export interface WorkloadTaskProps {
  /** Project and environment, for physical names. */
  readonly naming: NamingContext;
  /** Region of the stack (awslogs, IAM conditions, short secret references). */
  readonly region: string;
  /** The account the tasks run in (from a resource ARN, e.g. the cluster's): trust conditions and short secret references. */
  readonly accountId: string;
  /** Workload name (service or job), a lowercase DNS label: the family `<project>-<env>-<name>`, its roles and log group. */
  readonly name: string;
  /** The app image, `<repository url>:<tag>`. */
  readonly image: string;
  /**
   * Grants the execution role pull access to the image (`RepositoryRef.grantPull`).
   * Returns the policy, so the task's starter can depend on it.
   */
  readonly grantPull: (grantee: GrantableRef) => IamRolePolicy;
  /** Task CPU units: a Fargate size together with `memory`. */
  readonly cpu: number;
  /** Task memory, MiB: one of the sizes Fargate allows for `cpu`. */
  readonly memory: number;
  /**
   * Port the app container listens on; with it comes the container health check.
   * @default none: a worker or job, without port mapping or health check
   */
  readonly port?: number;
  /**
   * URL path the container health check requests on `port`.
   * @default "/health" (only with `port`)
   */
  readonly healthCheckPath?: string;
  /**
   * Plain environment variables of the app container (never secrets).
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Secrets injected as environment variables; the execution role may read exactly these.
   * @default none
   */
  readonly secrets?: readonly AppSecret[];
  /**
   * Allow statements for the task role, the app's own AWS permissions. Broad ones are
   * refused (`permissionStatementProblem`).
   * @default none
   */
  readonly permissions?: readonly {
    readonly actions: readonly string[];
    readonly resources: readonly string[];
    readonly conditions?: PolicyStatement["Condition"];
  }[];
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
   * Persistent EFS volumes.
   * @default none
   */
  readonly volumes?: readonly TaskVolume[];
  /**
   * The database the app logs in to, as its own user {@link WorkloadTask.databaseUser}.
   * @default none
   */
  readonly database?: DatabaseRef;
  /**
   * The PostgreSQL user the app logs in as.
   * @default `name` with '-' → '_'
   */
  readonly databaseUser?: string;
  /** Days the log group keeps app and collector logs. */
  readonly logRetentionDays: LogRetentionDays;
  /** KMS key that encrypts the log group. */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Statements for ECS Exec; with them the app container's root filesystem is writable
   * (the SSM agent needs it) and the task role gets them.
   * @default none: exec off, read-only root filesystem
   */
  readonly executeCommandStatements?: readonly PolicyStatement[];
  /** OpenTelemetry export. */
  readonly observability: WorkloadObservability;
  /**
   * Where the task runs: `FARGATE`, or `EC2` (container instances of a capacity provider,
   * still in awsvpc mode); cpu and memory follow the launch type's rules.
   * @default "FARGATE"
   */
  readonly compatibility?: "FARGATE" | "EC2";
  /**
   * CPU architecture of the image (and, on EC2, of the instances).
   * @default "X86_64"
   */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
}

/**
 * What ECS runs for a service or a job: the log group, the execution and task roles
 * with their grants (image pull, logs, secrets, database login, the app's own
 * permissions, ECS Exec), the containers (app + OpenTelemetry collector) and the task
 * definition. Every grant's policy is in {@link WorkloadTask.grants}, so whatever
 * starts tasks (an ECS service, a schedule) can depend on all of them.
 *
 * Give it the id `Default` (as `FargateService` does): cdktf leaves that id out of
 * logical ids, so its resources keep the addresses they had as the owner's children.
 */
export class WorkloadTask extends Construct {
  /** The app container's name. */
  static readonly APP_CONTAINER_NAME = "app";
  /** The writable scratch volume mounted at /tmp (root filesystem is read-only). */
  static readonly TMP_VOLUME = "tmp";

  /** The task definition family, `<project>-<env>-<name>`. */
  public readonly family: string;
  /** `/ecs/<project>-<env>/<name>`: app and collector logs. */
  public readonly logGroup: EncryptedLogGroup;
  /** Both roles and their policies. */
  public readonly roles: TaskRoles;
  /** Role the ECS agent uses to start tasks. */
  public readonly executionRole: TaskRoles["executionRole"];
  /** Role the application code gets. */
  public readonly taskRole: TaskRoles["taskRole"];
  /** The collector sidecar, when observability is enabled. */
  public readonly collector?: OtelCollector;
  /** The container definitions, as written into the task definition. */
  public readonly containerDefinitions: readonly ContainerDefinition[];
  /** The task definition. */
  public readonly taskDefinition: EcsTaskDefinition;
  /** Task definition ARN (with revision). */
  public readonly taskDefinitionArn: string;
  /** The PostgreSQL user the app logs in as, when it uses the database. */
  public readonly databaseUser?: string;
  /** Every inline policy the roles were given. */
  public readonly grants: readonly IamRolePolicy[];

  constructor(scope: Construct, id: string, props: WorkloadTaskProps) {
    super(scope, id);
    const exec = (props.executeCommandStatements ?? []).length > 0;
    const telemetry = props.observability;
    WorkloadTask.validate(this.node.path, props);
    this.family = physicalName(props.naming, props.name);

    this.logGroup = new EncryptedLogGroup(this, "logs", {
      name: `/ecs/${physicalName(props.naming)}/${props.name}`,
      logRetentionDays: props.logRetentionDays,
      encryptionKey: props.encryptionKey,
    });

    // --- roles ----------------------------------------------------------------------
    const secrets = (props.secrets ?? []).map((s) => ({
      ...s,
      resolved: resolveSecretReference(this, s.reference, { region: props.region, account: props.accountId }),
    }));
    const secretArns: string[] = [];
    const readStatements: PolicyStatement[] = [];
    if (telemetry.enabled && telemetry.credentials) {
      secretArns.push(telemetry.credentials.secretArn);
      readStatements.push(...telemetry.credentials.decryptStatements());
    }
    secretArns.push(...unique(secrets.filter((s) => s.resolved.service === "secretsmanager").flatMap((s) => s.resolved.grantResources)));
    const parameterArns = unique(secrets.filter((s) => s.resolved.service === "ssm").flatMap((s) => s.resolved.grantResources));
    readStatements.push(...this.keyStatements(props, secrets));
    this.roles = new TaskRoles(this, "roles", {
      naming: props.naming,
      serviceName: props.name,
      region: props.region,
      accountId: props.accountId,
      injectedSecretArns: secretArns,
      injectedParameterArns: parameterArns,
      secretReadStatements: readStatements,
      executeCommandStatements: exec ? props.executeCommandStatements : undefined,
      permissionStatements: (props.permissions ?? []).map((p, i) => ({
        Sid: `App${i}`,
        Effect: "Allow" as const,
        Action: [...p.actions],
        Resource: [...p.resources],
        ...(p.conditions ? { Condition: p.conditions } : {}),
      })),
    });
    this.executionRole = this.roles.executionRole;
    this.taskRole = this.roles.taskRole;
    const grants: IamRolePolicy[] = [props.grantPull(this.executionRole), this.logGroup.grantWrite(this.executionRole)];
    for (const policy of [this.roles.secretsPolicy, this.roles.executeCommandPolicy, this.roles.permissionsPolicy]) if (policy) grants.push(policy);
    if (props.database) {
      // The app's code connects, so the task role (not the execution role) holds the grant,
      // for this workload's own database user only.
      this.databaseUser = props.databaseUser ?? databaseUserName(props.name);
      try {
        grants.push(props.database.grantConnect(this.taskRole, this.databaseUser));
      } catch (err) {
        throw new Error(
          `${this.node.path}: ${props.name} logs in to the database as "${this.databaseUser}", which the database refuses: ${(err as Error).message}`,
        );
      }
    }
    this.grants = grants;

    // --- containers -----------------------------------------------------------------
    const logs: AwsLogsTarget = { logGroupName: this.logGroup.logGroupName, region: props.region, streamPrefix: props.name };
    if (telemetry.enabled && telemetry.credentials) {
      this.collector = new OtelCollector(this, "otel", {
        image: telemetry.collectorImage,
        otlpEndpoint: telemetry.otlpEndpoint,
        envName: props.naming.envName,
        credentials: telemetry.credentials,
        logs,
      });
    }
    const app = this.appContainer(props, secrets, logs, exec);
    this.containerDefinitions = this.collector ? [app, this.collector.containerDefinition] : [app];

    const volumes: EcsTaskDefinitionVolume[] = [{ name: WorkloadTask.TMP_VOLUME }];
    for (const v of props.volumes ?? []) {
      volumes.push({ name: v.name, efsVolumeConfiguration: v.efs });
    }
    this.taskDefinition = new EcsTaskDefinition(this, "task", {
      family: this.family,
      networkMode: "awsvpc",
      requiresCompatibilities: [props.compatibility ?? "FARGATE"],
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture ?? "X86_64" },
      executionRoleArn: this.executionRole.roleArn,
      taskRoleArn: this.taskRole.roleArn,
      volume: volumes,
      // jsonencode, not a JSON string: the definitions hold references (log group, secrets,
      // image tag variable), which a JSON string cannot carry through `cdktf synth --hcl`.
      containerDefinitions: jsonDocument(this.containerDefinitions),
      // Old revisions stay ACTIVE, so an operator can still roll back to one by hand.
      skipDestroy: true,
    });
    this.taskDefinitionArn = this.taskDefinition.arn;
  }

  /**
   * `kms:Decrypt` on each customer-managed key that encrypts an app secret, only when
   * Secrets Manager or SSM asks on the execution role's behalf (kms:ViaService).
   * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
   */
  private keyStatements(props: WorkloadTaskProps, secrets: readonly (AppSecret & { resolved: ResolvedSecretReference })[]): PolicyStatement[] {
    const dnsSuffix = () => partitionOf(this).dnsSuffix;
    const byKey = new Map<string, Set<string>>();
    for (const s of secrets) {
      if (!s.kmsKeyArn) continue;
      byKey.set(s.kmsKeyArn, (byKey.get(s.kmsKeyArn) ?? new Set()).add(s.resolved.service));
    }
    return [...byKey.entries()].map(([key, services], i) => {
      // The key decrypts where the secret lives: its own region (a secret and its key
      // share one), which may differ from the stack's for a cross-region secret ARN.
      const region = /^arn:[^:]+:kms:([^:]+):/.exec(key)?.[1] ?? props.region;
      return {
        Sid: `DecryptAppSecrets${i}`,
        Effect: "Allow" as const,
        Action: ["kms:Decrypt"],
        Resource: [key],
        Condition: { StringEquals: { "kms:ViaService": [...services].sort().map((svc) => `${svc}.${region}.${dnsSuffix()}`) } },
      };
    });
  }

  private appContainer(
    props: WorkloadTaskProps,
    secrets: readonly (AppSecret & { resolved: ResolvedSecretReference })[],
    logs: AwsLogsTarget,
    exec: boolean,
  ): ContainerDefinition {
    const env: { name: string; value: string }[] = Object.entries(props.environment ?? {}).map(([name, value]) => ({
      name,
      value: terraformLiteral(value),
    }));
    env.push({ name: "OTEL_SERVICE_NAME", value: props.name }, { name: "OTEL_RESOURCE_ATTRIBUTES", value: `deployment.environment=${props.naming.envName}` });
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
    const port = props.port;
    const mounts = [
      { sourceVolume: WorkloadTask.TMP_VOLUME, containerPath: "/tmp", readOnly: false },
      ...(props.volumes ?? []).map((v) => ({ sourceVolume: v.name, containerPath: terraformLiteral(v.containerPath), readOnly: v.readOnly })),
    ];
    return {
      name: WorkloadTask.APP_CONTAINER_NAME,
      image: props.image,
      essential: true,
      ...(props.entryPoint ? { entryPoint: props.entryPoint.map(terraformLiteral) } : {}),
      ...(props.command ? { command: props.command.map(terraformLiteral) } : {}),
      ...(port !== undefined
        ? {
            portMappings: [{ containerPort: port, protocol: "tcp" as const, name: "http" }],
            // Runs inside the container: the image must ship curl (distroless images need
            // another probe). Single quotes keep the path away from the shell.
            healthCheck: {
              command: ["CMD-SHELL", `curl -fsS 'http://localhost:${port}${props.healthCheckPath ?? "/health"}' || exit 1`],
              interval: 30,
              timeout: 5,
              retries: 3,
              startPeriod: 30,
            },
          }
        : {}),
      environment: env,
      // ECS resolves these at task start with the execution role (granted exactly these).
      ...(secrets.length > 0 ? { secrets: secrets.map((s) => ({ name: s.name, valueFrom: s.resolved.valueFrom })) } : {}),
      // `user` is left to the image's USER: forcing a uid here would break images whose
      // files belong to another uid; build images with a non-root USER.
      // ECS Exec's SSM agent cannot run in a read-only root (aws/containers-roadmap#1359),
      // so only an exec-enabled workload trades it away; `npm run check` then reports ECS.5
      // until the trade is suppressed with a reason.
      readonlyRootFilesystem: !exec,
      privileged: false,
      mountPoints: mounts,
      // An init process reaps zombies and forwards signals (AWS recommends it for ECS Exec).
      linuxParameters: { initProcessEnabled: true },
      ...(this.collector ? { dependsOn: [{ containerName: OtelCollector.CONTAINER_NAME, condition: "START" as const }] } : {}),
      logConfiguration: awsLogs(logs),
    };
  }

  /**
   * Throws on props the task cannot be built from. The same predicates as the config
   * schema (core/aws-facts): a config that validates never fails here; these guard the
   * construct when it is used without our config. Owners call it before creating
   * anything of their own.
   */
  static validate(path: string, props: Omit<WorkloadTaskProps, "grantPull" | "image" | "accountId" | "encryptionKey">): void {
    const fail = (prop: string, value: unknown, problem: string): never => {
      throw new Error(`${path}: ${prop} ${problem}, got ${JSON.stringify(value)}`);
    };
    const budget = iamRoleNameProblem(props.naming.project, props.naming.envName, props.name);
    if (budget) fail("name", props.name, budget);
    if (props.port !== undefined) {
      if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) fail("port", props.port, "must be 1–65535");
      if (props.observability.enabled && COLLECTOR_PORTS.includes(props.port)) {
        fail("port", props.port, `is taken by the OpenTelemetry collector sidecar (${COLLECTOR_PORTS.join(", ")} on localhost); pick another port`);
      }
    } else if (props.healthCheckPath !== undefined) {
      fail("healthCheckPath", props.healthCheckPath, "needs a port to probe");
    }
    if (props.healthCheckPath !== undefined && !HEALTH_CHECK_PATH_RE.test(props.healthCheckPath)) {
      fail("healthCheckPath", props.healthCheckPath, "must be a URL path of letters, digits and ._~-/?=&%+");
    }
    // EC2 tasks take any cpu/memory that fits an instance (the config checks the fit).
    const size = (props.compatibility ?? "FARGATE") === "FARGATE" ? fargateSizeProblem(props.cpu, props.memory) : undefined;
    if (size) fail(size.field, size.field === "cpu" ? props.cpu : props.memory, size.message);
    if (props.compatibility === "EC2" && !(Number.isInteger(props.cpu) && props.cpu >= 128 && Number.isInteger(props.memory) && props.memory >= 128)) {
      fail("cpu/memory", `${props.cpu}/${props.memory}`, "must be integers ≥ 128 (CPU units, MiB) on EC2");
    }
    const retention = logRetentionProblem(props.logRetentionDays);
    if (retention) fail("logRetentionDays", props.logRetentionDays, retention);
    if (props.database) {
      const user = props.databaseUser ?? databaseUserName(props.name);
      const problem = dbUserProblem(user);
      if (problem) throw new Error(`${path}: ${props.name} logs in to the database as "${user}", which the database refuses: ${problem}`);
    }
    const reserved = reservedEnvVars(props.database !== undefined);
    for (const key of Object.keys(props.environment ?? {})) {
      const problem = envVarNameProblem(key, reserved);
      if (problem) throw new Error(`${path}: environment key "${key}" ${problem.message}`);
    }
    const secretNames = new Set<string>();
    for (const s of props.secrets ?? []) {
      if (!ENV_VAR_NAME_RE.test(s.name)) fail("secrets", s.name, "names must be letters, digits and '_', not starting with a digit");
      if (reserved.includes(s.name)) fail("secrets", s.name, `must not name a variable the platform sets (${reserved.join(", ")})`);
      if (s.name in (props.environment ?? {})) fail("secrets", s.name, "is also a plain environment variable");
      if (secretNames.has(s.name)) fail("secrets", s.name, "is declared twice");
      secretNames.add(s.name);
    }
    (props.permissions ?? []).forEach((p, i) => {
      const problem = permissionStatementProblem(p);
      if (problem)
        fail(`permissions[${i}].${problem.field}`, problem.index === undefined ? p[problem.field] : p[problem.field][problem.index], problem.message);
    });
    for (const [prop, list] of [
      ["command", props.command],
      ["entryPoint", props.entryPoint],
    ] as const) {
      if (list !== undefined && (list.length === 0 || list.some((a) => a === ""))) fail(prop, list, "must be a non-empty list of non-empty strings");
    }
    const volumeNames = new Set<string>([WorkloadTask.TMP_VOLUME]);
    for (const v of props.volumes ?? []) {
      if (volumeNames.has(v.name)) fail("volumes", v.name, "volume names must be unique (and not tmp)");
      volumeNames.add(v.name);
      if (!/^\/[^\0]*[^/]$/.test(v.containerPath) || v.containerPath.split("/").includes("..") || /^\/tmp(\/|$)/.test(v.containerPath)) {
        fail("volumes", v.containerPath, "container paths must be absolute, without '..', a trailing '/' or /tmp");
      }
    }
    if (props.observability.enabled && !props.observability.credentials) {
      throw new Error(`${path}: observability.credentials is required when observability.enabled (the collector authenticates to Grafana Cloud with them)`);
    }
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

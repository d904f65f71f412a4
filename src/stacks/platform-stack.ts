import { Construct } from "constructs";
import { S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { addLegacyMoves, setLegacyId } from "../core/legacy-address";
import { EnvironmentConfig } from "../config";
import { EcsCluster } from "../compute/ecs-cluster";
import { FargateService } from "../compute/fargate-service";
import { NamingContext } from "../core/naming";
import { PlatformKey } from "../core/platform-key";
import { PermissionsBoundary } from "../core/permissions-boundary";
import { arnOf } from "../core/partition";
import { workloadBoundaryName } from "../core/aws-facts";
import { PostgresDatabase } from "../database/postgres-database";
import { PrivateNamespace } from "../discovery/private-namespace";
import { ApiRecord } from "../dns/api-record";
import { ApiCustomDomain } from "../edge/api-custom-domain";
import { HttpApi } from "../edge/http-api";
import { RestApi } from "../edge/rest-api";
import { RestApiCustomDomain } from "../edge/rest-api-custom-domain";
import { ServiceListener, ServiceLoadBalancer } from "../edge/service-load-balancer";
import { BlueGreenDeployment } from "../compute/blue-green-deployment";
import { Ec2Capacity } from "../compute/ec2-capacity";
import { Network } from "../network/network";
import { GrafanaCredentials } from "../observability/grafana-credentials";
import { imageTagVariable, imageTagVariableName } from "../compute/image-tag";
import { WorkloadTask } from "../compute/workload-task";
import { GrantableRef } from "../core/iam";
import { ScheduledJob } from "../jobs/scheduled-job";
import { SharedFileSystem } from "../storage/shared-file-system";
import { ServiceRepository } from "../registry/service-repository";
import { AlertTopic } from "../observability/alert-topic";
import {
  apiRouteOptions,
  fargateServiceProps,
  listenerPorts,
  logRetention,
  postgresDatabaseProps,
  rateLimitFor,
  restRouteOptions,
  serviceCapacityProps,
  workloadAccessProps,
  zoneSettingsFor,
} from "./environment-props";
import { stateKeyAlias } from "./state-bootstrap-stack";
import { pipelineEnvironments, stateKeyOf } from "./accounts";
import { EnvironmentAlerts, environmentAlerts } from "./environment-alerts";

/** Properties of a {@link PlatformStack}. */
export interface PlatformStackProps {
  /** The environment's resolved config. */
  readonly env: EnvironmentConfig;
}

/**
 * One environment of the platform (`dev`, `staging` or `prod`): the guide's whole
 * architecture, wired. The stack id is the environment name, so `cdktf deploy prod`
 * deploys prod.
 */
export class PlatformStack extends TerraformStack {
  /** The environment this stack deploys. */
  public readonly env: EnvironmentConfig;
  /** The environment's KMS key (logs, ECR, RDS). */
  public readonly key: PlatformKey;
  /** VPC, subnets, NAT, routes, endpoints, flow logs. */
  public readonly network: Network;
  /** One image repository per service, and per job without a service. */
  public readonly repositories: Readonly<Record<string, ServiceRepository>>;
  /** PostgreSQL, present when a service sets `database: true`. */
  public readonly database?: PostgresDatabase;
  /** The environment's ECS cluster. */
  public readonly cluster: EcsCluster;
  /** Cloud Map private DNS namespace the services register in. */
  public readonly namespace: PrivateNamespace;
  /** The Fargate services, by config name. */
  public readonly services: Readonly<Record<string, FargateService>>;
  /** HTTP API, VPC link, integrations, routes, stage (`api.kind: "http"`). */
  public readonly api?: HttpApi;
  /** REST API, VPC link v1, usage plans and API keys (`api.kind: "rest"`). */
  public readonly restApi?: RestApi;
  /** Custom domain, ACM certificate and its Cloudflare validation. */
  public readonly apiDomain: ApiCustomDomain | RestApiCustomDomain;
  /** The EC2 capacity provider, where `ecs.ec2` is set. */
  public readonly ec2Capacity?: Ec2Capacity;
  /** The internal NLB in front of the public services (`api.targets: "loadBalancer"`). */
  public readonly loadBalancer?: ServiceLoadBalancer;
  /** CodeDeploy of each blue/green service, by config name. */
  public readonly blueGreen: Record<string, BlueGreenDeployment> = {};
  /** The Grafana Cloud credentials secret, present when observability is enabled. */
  public readonly grafanaCredentials?: GrafanaCredentials;
  /** The EFS file system, present when a service mounts a volume. */
  public readonly fileSystem?: SharedFileSystem;
  /** The scheduled jobs, by config name: each one's task and schedule. */
  public readonly jobs: Readonly<Record<string, { readonly task: WorkloadTask; readonly schedule: ScheduledJob }>>;
  /**
   * The boundary every role of the stack carries, where the pipeline deploys the
   * environment (`ci.github`): the account's `<project>-workload-boundary`, created by its
   * bootstrap, the only one its deploy role may create roles under.
   */
  public readonly permissionsBoundaryArn?: string;
  /** The alert topic, the alarms and the dashboard (README: Alerts and dashboard). */
  public readonly alerts: EnvironmentAlerts;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const env = props.env;
    this.env = env;
    if (id !== env.envName) {
      throw new Error(`${this.node.path}: stack id must be the environment name "${env.envName}", got "${id}"`);
    }

    const stateRole = env.config.state.roleArn ?? env.settings.assumeRoleArn;
    new S3Backend(this, {
      bucket: env.stateBucket,
      key: stateKeyOf(env.project, env.envName),
      region: env.stateRegion,
      encrypt: true,
      // Without kms_key_id, `encrypt` sends SSE-S3 on every write, overriding the bucket's
      // KMS default; with it the backend sends aws:kms + this key on the state and the
      // lock-file PutObject (terraform internal/backend/remote-state/s3/client.go). The
      // backend accepts `alias/<name>` (validate.go); S3 resolves the alias in the
      // account of the principal that writes the state:
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (SSEKMSKeyId)
      kmsKeyId: stateKeyAlias(env.project),
      // State in another account (state.roleArn), or in the environment's (its role).
      ...(stateRole ? { assumeRole: { roleArn: stateRole, sessionName: `${env.project}-${env.envName}-state` } } : {}),
    });
    // Native S3 locking (terraform ≥ 1.10); cdktf 0.21 has no typed prop for it.
    this.addOverride("terraform.backend.s3.use_lockfile", true);

    new AwsProvider(this, "aws", {
      region: env.region,
      defaultTags: [{ tags: { project: env.project, environment: env.envName, "managed-by": "cdktf" } }],
      // With the environment's account the provider refuses other credentials before any
      // change (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#allowed_account_ids).
      ...(env.settings.account ? { allowedAccountIds: [env.settings.account] } : {}),
      ...(env.settings.assumeRoleArn ? { assumeRole: [{ roleArn: env.settings.assumeRoleArn, sessionName: `${env.project}-${env.envName}-cdktf` }] } : {}),
    });
    // The token comes from CLOUDFLARE_API_TOKEN, read by the provider itself: never in code or state.
    new CloudflareProvider(this, "cloudflare", {});
    if (pipelineEnvironments(env.config).includes(env.envName)) {
      const account = env.settings.account;
      if (account === undefined) throw new Error(`${this.node.path}: the pipeline deploys ${env.envName}, which names no account (the config requires one)`);
      // Every role, whichever construct makes it: the deploy role may create no other kind.
      this.permissionsBoundaryArn = arnOf(this, { service: "iam", account, resource: `policy/${workloadBoundaryName(env.project)}` });
      PermissionsBoundary.of(this).apply(this.permissionsBoundaryArn);
    }

    const naming: NamingContext = { project: env.project, envName: env.envName };
    const settings = env.settings;
    const logRetentionDays = logRetention(settings.logRetentionDays);
    this.key = new PlatformKey(this, "key", {
      naming,
      region: env.region,
      // The alert topic's publishers: alarms, and the jobs' failed-run rules.
      alertTopic: { topicName: AlertTopic.topicNameFor(naming), eventRules: env.jobs.length > 0 },
    });

    this.network = new Network(this, "network", {
      naming,
      region: env.region,
      vpcCidr: settings.vpcCidr,
      azs: env.azs,
      natGateways: settings.natGateways,
      interfaceEndpoints: settings.interfaceEndpoints,
      enableExecuteCommand: settings.ecs.enableExecuteCommand,
      flowLogRetentionDays: logRetention(settings.flowLogRetentionDays),
      encryptionKey: this.key,
    });

    // Constructs named by the user live under scopes of their own, so no service name
    // can collide with a platform construct ("network") or with another's ("x", "repo-x").
    const repositoryScope = new Construct(this, "repositories");
    setLegacyId(repositoryScope, null);
    this.repositories = Object.fromEntries([
      ...env.services.map((svc) => {
        const repository = new ServiceRepository(repositoryScope, svc.name, { naming, serviceName: svc.name, encryptionKey: this.key });
        setLegacyId(repository, `repo-${svc.name}`);
        return [svc.name, repository] as const;
      }),
      // A job without a service runs an image of its own (names are unique across both).
      ...env.jobs
        .filter((job) => job.service === undefined)
        .map((job) => [job.name, new ServiceRepository(repositoryScope, job.name, { naming, serviceName: job.name, encryptionKey: this.key })] as const),
    ]);

    if (env.services.some((svc) => svc.database)) {
      this.database = new PostgresDatabase(this, "database", {
        naming,
        network: this.network,
        encryptionKey: this.key,
        logRetentionDays,
        ...postgresDatabaseProps(settings.database),
      });
    }

    this.cluster = new EcsCluster(this, "cluster", {
      naming,
      region: env.region,
      containerInsights: settings.ecs.containerInsights,
      preferSpot: settings.ecs.preferSpot,
      enableExecuteCommand: settings.ecs.enableExecuteCommand,
      encryptionKey: this.key,
      logRetentionDays,
    });
    // EC2 capacity next to Fargate, where the environment asks for it.
    const ec2 = settings.ecs.ec2;
    this.ec2Capacity = ec2
      ? new Ec2Capacity(this, "ec2-capacity", {
          naming,
          network: this.network,
          cluster: this.cluster,
          encryptionKey: this.key,
          instanceTypes: ec2.instanceTypes,
          minSize: ec2.minSize,
          maxSize: ec2.maxSize,
          spot: ec2.spot,
          targetCapacityPercent: ec2.targetCapacityPercent,
          rootVolumeGiB: ec2.rootVolumeGiB,
        })
      : undefined;
    if (this.ec2Capacity) this.cluster.addCapacityProvider(this.ec2Capacity);
    this.namespace = new PrivateNamespace(this, "namespace", { naming, vpcId: this.network.vpcId });
    // The secret exists only where a collector reads it.
    this.grafanaCredentials = env.observability.enabled
      ? new GrafanaCredentials(this, "grafana-credentials", { naming, region: env.region, encryptionKey: this.key })
      : undefined;
    const grafana = this.grafanaCredentials;

    // One EFS file system per environment, only where a service mounts a volume; backed
    // up wherever the database is protected from deletion (the environment's data matters).
    this.fileSystem = env.services.some((svc) => svc.volumes.length > 0)
      ? new SharedFileSystem(this, "file-system", { naming, network: this.network, encryptionKey: this.key, backups: settings.database.deletionProtection })
      : undefined;
    const fileSystem = this.fileSystem;

    const services: Record<string, FargateService> = {};
    const serviceScope = new Construct(this, "services");
    setLegacyId(serviceScope, null);
    for (const svc of env.services) {
      services[svc.name] = new FargateService(serviceScope, svc.name, {
        naming,
        region: env.region,
        ...fargateServiceProps(svc),
        ...serviceCapacityProps(svc, this.ec2Capacity),
        ...(fileSystem && svc.volumes.length > 0
          ? { volumes: svc.volumes.map((v) => ({ name: v.name, containerPath: v.path, readOnly: v.readOnly, fileSystem })) }
          : {}),
        cluster: this.cluster,
        network: this.network,
        repository: this.repositories[svc.name],
        namespace: this.namespace,
        database: svc.database ? this.database : undefined,
        logRetentionDays,
        encryptionKey: this.key,
        autoscaling: settings.autoscaling,
        observability: { ...env.observability, credentials: grafana },
      });
    }
    for (const svc of env.services) {
      for (const caller of svc.allowFrom) {
        services[svc.name].allowFrom(services[caller], `${caller} calls ${svc.name}`);
      }
    }
    this.services = services;
    this.jobs = this.scheduledJobs(grafana);

    // --- the edge: an NLB in front of the public services where targets are loadBalancer,
    // then the HTTP or REST API, its custom domain and Cloudflare record -------------------
    const publicServices = env.services.filter((s) => s.expose === "public");
    const endpointOf = (name: string) => {
      const endpoint = services[name].endpoint;
      if (!endpoint) throw new Error(`${this.node.path}: public service ${name} has no port`);
      return endpoint;
    };
    const apiSettings = settings.api;
    const listeners: Record<string, ServiceListener> = {};
    if (apiSettings.targets === "loadBalancer") {
      this.loadBalancer = new ServiceLoadBalancer(this, "load-balancer", {
        naming,
        network: this.network,
        // Protected wherever the environment's data is.
        deletionProtection: settings.database.deletionProtection,
      });
      const ports = listenerPorts(publicServices.map((svc) => svc.name));
      for (const svc of publicServices) {
        const listener = this.loadBalancer.addService(endpointOf(svc.name), {
          listenerPort: ports[svc.name],
          healthCheckPath: svc.healthCheckPath,
          blueGreen: svc.deployment === "blueGreen",
        });
        listeners[svc.name] = listener;
        services[svc.name].attachToTargetGroup({ targetGroupArn: listener.targetGroup.arn, dependencies: [listener.listener] });
        if (svc.deployment === "blueGreen" && listener.alternateTargetGroup) {
          this.blueGreen[svc.name] = new BlueGreenDeployment(services[svc.name], "blue-green", {
            naming,
            serviceName: svc.name,
            clusterName: this.cluster.clusterName,
            ecsServiceName: services[svc.name].serviceName,
            productionListenerArn: listener.listenerArn,
            targetGroups: [{ name: listener.targetGroup.name }, { name: listener.alternateTargetGroup.name }],
          });
        }
      }
    }
    const loadBalancer = this.loadBalancer;
    if (apiSettings.kind === "rest") {
      if (!loadBalancer) throw new Error(`${this.node.path}: a REST API needs api.targets "loadBalancer" (the config refuses anything else)`);
      const api = new RestApi(this, "rest-api", {
        naming,
        vpcLinkTarget: { loadBalancerArn: loadBalancer.loadBalancerArn, dnsName: loadBalancer.dnsName },
        throttle: apiSettings.throttle,
        detailedMetrics: apiSettings.detailedMetrics,
        tracing: apiSettings.tracing,
        logRetentionDays,
        encryptionKey: this.key,
        // The region's API Gateway CloudWatch role is an account-wide setting: the bootstrap stack owns it.
        cloudWatchRole: "existing",
      });
      for (const svc of publicServices) api.addService({ name: svc.name }, restRouteOptions(svc, listeners[svc.name].listenerPort));
      for (const profile of apiSettings.clientProfiles) api.addClientProfile(profile);
      for (const client of apiSettings.clients) api.addClient(client);
      this.restApi = api;
      this.apiDomain = new RestApiCustomDomain(this, "api-domain", {
        api,
        host: env.domain.apiHost,
        zoneName: env.domain.name,
        zoneId: env.domain.cloudflareZoneId,
      });
    } else {
      const api = new HttpApi(this, "api", {
        naming,
        network: this.network,
        throttle: apiSettings.throttle,
        detailedMetrics: apiSettings.detailedMetrics,
        logRetentionDays,
        encryptionKey: this.key,
      });
      // Only public services get routes (and the VPC link's admission): internal ones are
      // reachable from their allowFrom callers only, workers from nothing.
      for (const svc of publicServices) {
        const listener = listeners[svc.name];
        api.addService(endpointOf(svc.name), {
          ...apiRouteOptions(svc),
          ...(listener && loadBalancer ? { loadBalancer: { listenerArn: listener.listenerArn, listenerPort: listener.listenerPort, loadBalancer } } : {}),
        });
      }
      this.api = api;
      this.apiDomain = new ApiCustomDomain(this, "api-domain", {
        api,
        host: env.domain.apiHost,
        zoneName: env.domain.name,
        zoneId: env.domain.cloudflareZoneId,
      });
    }
    new ApiRecord(this, "api-record", { domain: this.apiDomain, zoneName: env.domain.name, zoneId: env.domain.cloudflareZoneId });
    // Zone-wide objects: only the zoneSettingsOwner environment's stack creates them.
    zoneSettingsFor(this, "zone-settings", env);
    rateLimitFor(this, "rate-limit", env);

    this.alerts = environmentAlerts(this, {
      env,
      encryptionKey: this.key,
      network: this.network,
      cluster: this.cluster,
      services: this.services,
      api: this.api,
      restApi: this.restApi,
      database: this.database,
      jobs: this.jobs,
    });

    this.outputs();
    // Resources that moved under the new scopes keep their state (see CHANGELOG 0.2.0).
    addLegacyMoves(this);
  }

  /**
   * Each job (`jobs[]`): a task built like a service's, and its schedule. With `service`
   * the job runs that service's image and tag, with its entry point, environment,
   * secrets, database login, permissions and volumes (its own roles, granted the same);
   * without, it gets its own
   * repository and `image_tag_<job>` variable, like a service.
   */
  private scheduledJobs(credentials: GrafanaCredentials | undefined): Record<string, { readonly task: WorkloadTask; readonly schedule: ScheduledJob }> {
    const env = this.env;
    const naming: NamingContext = { project: env.project, envName: env.envName };
    const jobs: Record<string, { task: WorkloadTask; schedule: ScheduledJob }> = {};
    if (env.jobs.length === 0) return jobs;
    // Not "jobs": that is the output's id.
    const jobScope = new Construct(this, "scheduled-jobs");
    for (const job of env.jobs) {
      const scope = new Construct(jobScope, job.name);
      const service = job.service ? this.services[job.service] : undefined;
      const serviceConfig = job.service ? env.services.find((svc) => svc.name === job.service) : undefined;
      let image: string;
      let grantPull: (grantee: GrantableRef) => IamRolePolicy;
      if (service && job.service) {
        const repository = this.repositories[job.service];
        image = service.image;
        grantPull = (grantee) => repository.grantPull(grantee);
      } else {
        const repository = this.repositories[job.name];
        const tag = imageTagVariable(scope, "image-tag", {
          workloadName: job.name,
          defaultTag: job.imageTag,
          description: `Image tag of job ${job.name}; CI overrides it: cdktf deploy ${env.envName} --var ${imageTagVariableName(job.name)}=<tag>`,
        });
        image = `${repository.repositoryUrl}:${tag.stringValue}`;
        grantPull = (grantee) => repository.grantPull(grantee);
      }
      const database = serviceConfig?.database ? this.database : undefined;
      // A job of a service mounts the service's volumes, through the same access points
      // (a cleanup job sees the files the service wrote).
      const fileSystem = this.fileSystem;
      const mounts =
        fileSystem && job.service && serviceConfig
          ? serviceConfig.volumes.map((v) => ({ ...v, accessPoint: fileSystem.accessPoint(job.service!, v.name) }))
          : [];
      const task = new WorkloadTask(scope, "task", {
        naming,
        region: env.region,
        accountId: this.cluster.accountId,
        name: job.name,
        image,
        grantPull,
        cpu: job.cpu,
        memory: job.memory,
        command: job.command,
        ...(serviceConfig?.entryPoint ? { entryPoint: serviceConfig.entryPoint } : {}),
        ...(fileSystem && mounts.length > 0
          ? { volumes: mounts.map((m) => ({ name: m.name, containerPath: m.path, readOnly: m.readOnly, efs: fileSystem.volumeConfiguration(m.accessPoint) })) }
          : {}),
        environment: serviceConfig?.environment ?? {},
        ...workloadAccessProps(job),
        database,
        // The service's own login: a job of the service works on the service's data.
        ...(database && service?.databaseUser ? { databaseUser: service.databaseUser } : {}),
        logRetentionDays: logRetention(env.settings.logRetentionDays),
        encryptionKey: this.key,
        observability: { ...env.observability, credentials },
      });
      const mountGrants = fileSystem ? mounts.map((m) => fileSystem.grantMount(task.taskRole, m.accessPoint, { readOnly: m.readOnly })) : [];
      const schedule = new ScheduledJob(scope, "schedule", {
        naming,
        name: job.name,
        region: env.region,
        schedule: job.schedule,
        timezone: job.timezone,
        cluster: this.cluster,
        task: {
          taskDefinitionArn: task.taskDefinitionArn,
          taskDefinitionFamily: task.family,
          executionRole: task.executionRole,
          taskRole: task.taskRole,
          // Its grants, and the mount targets of its volumes: a run could start before them.
          dependencies: [...task.grants, ...mountGrants, ...(fileSystem && mounts.length > 0 ? fileSystem.mountDependencies : [])],
        },
        network: this.network,
        preferSpot: env.settings.ecs.preferSpot,
      });
      database?.allowFrom(schedule, `job ${job.name} to the database`);
      if (fileSystem && mounts.length > 0) fileSystem.allowFrom(schedule, `job ${job.name} mounts the EFS volumes of ${job.service}`);
      jobs[job.name] = { task, schedule };
    }
    return jobs;
  }

  private outputs(): void {
    const out = (name: string, value: unknown, description: string) => new TerraformOutput(this, name, { value, description });
    out("vpc_id", this.network.vpcId, "VPC id");
    out("private_subnet_ids", this.network.privateSubnetIds, "Private (workload) subnets, in AZ order");
    out("database_subnet_ids", this.network.databaseSubnetIds, "Isolated database subnets, in AZ order");
    out("nat_public_ips", this.network.natPublicIps, "Egress IPs of the NAT gateways (allow-list these at third parties)");
    out(
      "repository_urls",
      Object.fromEntries(Object.entries(this.repositories).map(([name, repo]) => [name, repo.repositoryUrl])),
      "ECR repository URL per service",
    );
    out("cluster_name", this.cluster.clusterName, "ECS cluster name");
    out("cluster_arn", this.cluster.clusterArn, "ECS cluster ARN (for IAM policies and `aws ecs` calls that take the ARN)");
    // A map, like repository_urls: a script reads one service's name by its config name
    // instead of relying on list order.
    out(
      "service_names",
      Object.fromEntries(Object.entries(this.services).map(([name, svc]) => [name, svc.serviceName])),
      "ECS service name per service (config name → ECS service name)",
    );
    out("namespace_name", this.namespace.namespaceName, "Cloud Map private DNS namespace");
    if (Object.keys(this.jobs).length > 0) {
      out(
        "jobs",
        Object.fromEntries(
          Object.entries(this.jobs).map(([name, job]) => [
            name,
            { task_definition_family: job.task.family, security_group_id: job.schedule.securityGroupId, schedule_name: job.schedule.scheduleName },
          ]),
        ),
        "Per job: the task definition family, security group and schedule name (README: run a job by hand)",
      );
    }
    if (this.fileSystem) out("file_system_id", this.fileSystem.fileSystemId, "EFS file system of the services' volumes");
    out("api_url", this.apiDomain.url, "Public API URL (through Cloudflare)");
    out("api_id", this.api ? this.api.apiId : this.restApi!.apiId, this.api ? "HTTP API id" : "REST API id");
    if (this.restApi && Object.keys(this.restApi.apiKeyIds).length > 0) {
      out(
        "api_key_ids",
        this.restApi.apiKeyIds,
        "API key id per client (the value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text)",
      );
    }
    if (this.loadBalancer) out("load_balancer_dns_name", this.loadBalancer.dnsName, "Internal NLB in front of the public services");
    out("custom_domain_target", this.apiDomain.targetDomainName, "API Gateway regional domain the Cloudflare CNAME points to");
    out(
      "alerts_topic_arn",
      this.alerts.topic.topicArn,
      "SNS topic of the environment's alarms (subscribe PagerDuty, Slack, … to it; README: Alerts and dashboard)",
    );
    out("dashboard_url", this.alerts.dashboard.dashboardUrl, "The environment's CloudWatch dashboard");
    if (this.grafanaCredentials) {
      const secret = this.grafanaCredentials;
      out(
        "grafana_secret_arn",
        secret.secretArn,
        "Grafana Cloud OTLP credentials secret (set it once: aws secretsmanager put-secret-value --secret-id <this>)",
      );
      out("grafana_secret_name", secret.secretName, `Name of that secret (generated from the prefix ${secret.secretNamePrefix})`);
    }
    if (this.database) {
      out("database_endpoint", this.database.endpoint, "PostgreSQL endpoint (host:port)");
      out("database_secret_arn", this.database.masterUserSecretArn, "ARN of the RDS-managed master user secret (operators only: apps log in with IAM auth)");
      out(
        "database_users",
        Object.fromEntries(Object.values(this.services).flatMap((svc) => (svc.databaseUser ? [[svc.name, svc.databaseUser]] : []))),
        "PostgreSQL user each database service logs in as (IAM auth); create each once (README: database app contract)",
      );
    }
  }
}

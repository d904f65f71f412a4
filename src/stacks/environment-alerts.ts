import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { EnvironmentConfig } from "../config/environment";
import { EcsCluster } from "../compute/ecs-cluster";
import { FargateService } from "../compute/fargate-service";
import { WorkloadTask } from "../compute/workload-task";
import { NamingContext } from "../core/naming";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { PostgresDatabase } from "../database/postgres-database";
import { HttpApi } from "../edge/http-api";
import { RestApi } from "../edge/rest-api";
import { ScheduledJob } from "../jobs/scheduled-job";
import { Network } from "../network/network";
import { AlertTopic } from "../observability/alert-topic";
import { ApiAlarms, ApiMetricsRef } from "../observability/api-alarms";
import { DatabaseAlarms } from "../observability/database-alarms";
import { EnvironmentDashboard } from "../observability/environment-dashboard";
import { JobAlarms } from "../observability/job-alarms";
import { NatAlarms } from "../observability/nat-alarms";
import { ServiceAlarms } from "../observability/service-alarms";

/** What the environment's alerting watches: the stack's constructs. */
export interface EnvironmentAlertsProps {
  readonly env: EnvironmentConfig;
  readonly encryptionKey: EncryptionKeyRef;
  readonly network: Network;
  readonly cluster: EcsCluster;
  readonly services: Readonly<Record<string, FargateService>>;
  readonly api?: HttpApi;
  readonly restApi?: RestApi;
  readonly database?: PostgresDatabase;
  readonly jobs: Readonly<Record<string, { readonly task: WorkloadTask; readonly schedule: ScheduledJob }>>;
}

/** The environment's alerting, as built (README: Alerts and dashboard). */
export interface EnvironmentAlerts {
  readonly topic: AlertTopic;
  readonly services: Readonly<Record<string, ServiceAlarms>>;
  readonly api: ApiAlarms;
  readonly database?: DatabaseAlarms;
  readonly nat: NatAlarms;
  readonly jobs: Readonly<Record<string, JobAlarms>>;
  readonly dashboard: EnvironmentDashboard;
  /** Every alarm, in the order above. */
  readonly alarms: readonly CloudwatchMetricAlarm[];
}

/**
 * Config → the alerting constructs (issue 15, part 1): the alert topic with the
 * environment's emails, the alarms of every service, the API, the database, each NAT
 * gateway and each job, with the environment's thresholds (`env.alerts`), and the
 * dashboard. Everything lives under one `alerts` scope: adding it changes no other
 * construct's address.
 */
export function environmentAlerts(scope: Construct, props: EnvironmentAlertsProps): EnvironmentAlerts {
  const { env } = props;
  const t = env.alerts.thresholds;
  const naming: NamingContext = { project: env.project, envName: env.envName };
  const root = new Construct(scope, "alerts");
  const hasJobs = Object.keys(props.jobs).length > 0;

  const topic = new AlertTopic(root, "topic", {
    naming,
    region: env.region,
    encryptionKey: props.encryptionKey,
    emails: env.alerts.emails,
    eventRules: hasJobs,
  });

  // Constructs named by the user live under scopes of their own (no clash with "api").
  const serviceScope = new Construct(root, "services");
  const services = Object.fromEntries(
    env.services.map((svc) => [
      svc.name,
      new ServiceAlarms(serviceScope, svc.name, {
        naming,
        topic,
        name: svc.name,
        clusterName: props.cluster.clusterName,
        serviceName: props.services[svc.name].serviceName,
        minimumTasks: svc.minCapacity,
        cpuPercent: t.serviceCpuPercent,
        memoryPercent: t.serviceMemoryPercent,
      }),
    ]),
  );

  const apiRef: ApiMetricsRef = props.api
    ? { kind: "http", apiId: props.api.apiId, stage: props.api.stage.name }
    : { kind: "rest", apiName: props.restApi!.api.name, stage: props.restApi!.stageName };
  const api = new ApiAlarms(root, "api", {
    naming,
    topic,
    api: apiRef,
    serverErrorPercent: t.api5xxPercent,
    ...(t.api4xxPercent !== undefined ? { clientErrorPercent: t.api4xxPercent } : {}),
    latencyP99Ms: t.apiLatencyP99Ms,
  });

  const db = props.database;
  const database = db
    ? new DatabaseAlarms(root, "database", {
        naming,
        topic,
        instanceIdentifier: db.instance.identifier,
        instanceClass: env.settings.database.instanceClass,
        allocatedStorageGiB: env.settings.database.allocatedStorage,
        cpuPercent: t.dbCpuPercent,
        freeStoragePercent: t.dbFreeStoragePercent,
        connectionsPercent: t.dbConnectionsPercent,
        ...(t.dbMaxConnections !== undefined ? { maxConnections: t.dbMaxConnections } : {}),
        freeableMemoryPercent: t.dbFreeableMemoryPercent,
        ...(t.dbFreeableMemoryMiB !== undefined ? { freeableMemoryMiB: t.dbFreeableMemoryMiB } : {}),
      })
    : undefined;

  // One NAT gateway per AZ (or one for all): the AZ names them, as in the network.
  const natGateways = props.network.natGateways.map((gw, i) => ({
    name: props.network.natGatewayStrategy === "perAz" ? env.azs[i] : env.azs[0],
    natGatewayId: gw.id,
  }));
  const nat = new NatAlarms(root, "nat", { naming, topic, gateways: natGateways, packetDropPercent: t.natPacketDropPercent });

  const jobScope = new Construct(root, "jobs");
  const jobs = Object.fromEntries(
    Object.entries(props.jobs).map(([name, job]) => [
      name,
      new JobAlarms(jobScope, name, {
        naming,
        topic,
        name,
        clusterArn: props.cluster.clusterArn,
        taskDefinitionArnWithoutRevision: job.task.taskDefinition.arnWithoutRevision,
        scheduleGroupName: job.schedule.scheduleGroupName,
        logGroupName: job.task.logGroup.logGroupName,
      }),
    ]),
  );

  const alarms = [
    ...Object.values(services).flatMap((s) => s.alarms),
    ...api.alarms,
    ...(database ? database.alarms : []),
    ...nat.alarms,
    ...Object.values(jobs).flatMap((j) => j.alarms),
  ];
  const dashboard = new EnvironmentDashboard(root, "dashboard", {
    naming,
    region: env.region,
    api: apiRef,
    services: env.services.map((svc) => ({ name: svc.name, clusterName: props.cluster.clusterName, serviceName: props.services[svc.name].serviceName })),
    ...(db ? { databaseIdentifier: db.instance.identifier } : {}),
    natGateways,
    jobs: Object.entries(jobs).map(([name, j]) => ({ name, scheduleGroupName: props.jobs[name].schedule.scheduleGroupName, failedRuleName: j.rule.name })),
    alarmArns: alarms.map((a) => a.arn),
  });

  return { topic, services, api, database, nat, jobs, dashboard, alarms };
}

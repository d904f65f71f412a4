import { Construct } from "constructs";
import { Fn } from "cdktf";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { jsonDocument } from "../core/json-document";
import { NamingContext, physicalName } from "../core/naming";
import { partitionOf } from "../core/partition";
import { apiDimensions, ApiMetricsRef } from "./api-alarms";
import { NatGatewayMetricsRef } from "./nat-alarms";

/** A service on the dashboard. */
export interface DashboardServiceRef {
  /** Its config name (the line's label). */
  readonly name: string;
  readonly clusterName: string;
  readonly serviceName: string;
}

/** A job on the dashboard. */
export interface DashboardJobRef {
  readonly name: string;
  /** Its schedule group (Scheduler's metrics). */
  readonly scheduleGroupName: string;
  /** Its failed-run rule (EventBridge's metrics). */
  readonly failedRuleName: string;
}

/** Properties of an {@link EnvironmentDashboard}. */
export interface EnvironmentDashboardProps {
  /** Project and environment: the dashboard is `<project>-<env>`. */
  readonly naming: NamingContext;
  /** The region whose metrics the widgets show. */
  readonly region: string;
  /** The API. */
  readonly api: ApiMetricsRef;
  /** The services, in config order. */
  readonly services: readonly DashboardServiceRef[];
  /** The database's identifier, where there is one. @default no database widgets */
  readonly databaseIdentifier?: string;
  /** The NAT gateways. @default [] */
  readonly natGateways?: readonly NatGatewayMetricsRef[];
  /** The scheduled jobs. @default [] */
  readonly jobs?: readonly DashboardJobRef[];
  /** ARNs of the environment's alarms, shown by state at the top. @default [] */
  readonly alarmArns?: readonly string[];
}

/** A metric line: `[namespace, name, dim, value, …, { options }]`, CloudWatch's dashboard form. */
type MetricLine = unknown[];

/** One widget before layout. */
interface Widget {
  readonly width: number;
  readonly height: number;
  readonly type: "metric" | "alarm" | "text";
  readonly properties: Record<string, unknown>;
}

/**
 * One CloudWatch dashboard per environment: the alarms' states, the API (requests,
 * errors, latency), each service (CPU, memory, running and desired tasks), the database
 * (CPU, connections, freeable memory, free storage), the NAT gateways (traffic, errors)
 * and the jobs (runs started, dropped, failed). The body is `jsonencode(…)`, so the
 * resource references inside (cluster, service, API, database, gateways) survive the HCL
 * synth. Body format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
export class EnvironmentDashboard extends Construct {
  /** The alarm status widget shows at most 100 alarms: more go to further widgets. */
  static readonly ALARMS_PER_WIDGET = 100;
  /** The dashboard grid's width. */
  static readonly GRID_WIDTH = 24;

  public readonly dashboard: CloudwatchDashboard;
  /** `<project>-<env>`. */
  public readonly dashboardName: string;
  /** The dashboard in the console of the stack's partition. */
  public readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: EnvironmentDashboardProps) {
    super(scope, id);
    const name = physicalName(props.naming);
    const region = props.region;
    const widgets: Widget[] = [];
    const metric = (title: string, metrics: MetricLine[], options: Record<string, unknown> = {}, width = 8): Widget => ({
      type: "metric",
      width,
      height: 6,
      properties: { title, region, view: "timeSeries", stacked: false, period: 60, stat: "Average", metrics, ...options },
    });

    // --- alarms ---------------------------------------------------------------------
    const alarmArns = props.alarmArns ?? [];
    for (let i = 0; i < alarmArns.length; i += EnvironmentDashboard.ALARMS_PER_WIDGET) {
      const batch = alarmArns.slice(i, i + EnvironmentDashboard.ALARMS_PER_WIDGET);
      widgets.push({ type: "alarm", width: EnvironmentDashboard.GRID_WIDTH, height: 4, properties: { title: `Alarms of ${name}`, alarms: batch } });
    }

    // --- API ------------------------------------------------------------------------
    const apiDims = Object.entries(apiDimensions(props.api)).flat();
    const api = (metricName: string, options: Record<string, unknown>): MetricLine => ["AWS/ApiGateway", metricName, ...apiDims, options];
    const [err4, err5] = props.api.kind === "http" ? ["4xx", "5xx"] : ["4XXError", "5XXError"];
    widgets.push(
      metric("API requests", [api("Count", { stat: "Sum", label: "requests" })]),
      metric("API errors", [api(err5, { stat: "Sum", label: "5xx" }), api(err4, { stat: "Sum", label: "4xx" })]),
      metric("API latency (ms)", [api("Latency", { stat: "p50", label: "p50" }), api("Latency", { stat: "p99", label: "p99" })]),
    );

    // --- services -------------------------------------------------------------------
    const service = (namespace: string, metricName: string, svc: DashboardServiceRef, options: Record<string, unknown> = {}): MetricLine => [
      namespace,
      metricName,
      "ClusterName",
      svc.clusterName,
      "ServiceName",
      svc.serviceName,
      { label: svc.name, ...options },
    ];
    if (props.services.length > 0) {
      widgets.push(
        metric(
          "Services: CPU (%)",
          props.services.map((s) => service("AWS/ECS", "CPUUtilization", s)),
        ),
        metric(
          "Services: memory (%)",
          props.services.map((s) => service("AWS/ECS", "MemoryUtilization", s)),
        ),
        metric(
          "Services: running / desired tasks",
          props.services.flatMap((s) => [
            service("ECS/ContainerInsights", "RunningTaskCount", s, { label: `${s.name} running` }),
            service("ECS/ContainerInsights", "DesiredTaskCount", s, { label: `${s.name} desired` }),
          ]),
        ),
      );
    }

    // --- database -------------------------------------------------------------------
    if (props.databaseIdentifier !== undefined) {
      const db = (metricName: string, options: Record<string, unknown> = {}): MetricLine => [
        "AWS/RDS",
        metricName,
        "DBInstanceIdentifier",
        props.databaseIdentifier,
        options,
      ];
      widgets.push(
        metric("Database: CPU (%)", [db("CPUUtilization")], {}, 6),
        metric("Database: connections", [db("DatabaseConnections", { stat: "Maximum" })], {}, 6),
        metric("Database: freeable memory (bytes)", [db("FreeableMemory")], {}, 6),
        metric("Database: free storage (bytes)", [db("FreeStorageSpace", { stat: "Minimum" })], { period: 300 }, 6),
      );
    }

    // --- NAT ------------------------------------------------------------------------
    const nats = props.natGateways ?? [];
    if (nats.length > 0) {
      const nat = (metricName: string, gw: NatGatewayMetricsRef, label: string): MetricLine => [
        "AWS/NATGateway",
        metricName,
        "NatGatewayId",
        gw.natGatewayId,
        { label, stat: "Sum" },
      ];
      widgets.push(
        metric(
          "NAT: bytes out to the internet",
          nats.map((gw) => nat("BytesOutToDestination", gw, gw.name)),
        ),
        metric(
          "NAT: port allocation errors, dropped packets",
          nats.flatMap((gw) => [nat("ErrorPortAllocation", gw, `${gw.name} port errors`), nat("PacketsDropCount", gw, `${gw.name} dropped`)]),
        ),
        metric(
          "NAT: active connections",
          nats.map((gw) => ["AWS/NATGateway", "ActiveConnectionCount", "NatGatewayId", gw.natGatewayId, { label: gw.name, stat: "Maximum" }]),
        ),
      );
    }

    // --- jobs -----------------------------------------------------------------------
    const jobs = props.jobs ?? [];
    if (jobs.length > 0) {
      const scheduler = (metricName: string, job: DashboardJobRef): MetricLine => [
        "AWS/Scheduler",
        metricName,
        "ScheduleGroup",
        job.scheduleGroupName,
        { label: job.name, stat: "Sum" },
      ];
      widgets.push(
        metric(
          "Jobs: runs started",
          jobs.map((j) => scheduler("InvocationAttemptCount", j)),
          { period: 300 },
        ),
        metric(
          "Jobs: runs dropped (never started)",
          jobs.map((j) => scheduler("InvocationDroppedCount", j)),
          { period: 300 },
        ),
        metric(
          "Jobs: failed runs",
          jobs.map((j) => ["AWS/Events", "TriggeredRules", "RuleName", j.failedRuleName, { label: j.name, stat: "Sum" }]),
          { period: 300 },
        ),
      );
    }

    this.dashboardName = name;
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: name,
      dashboardBody: jsonDocument({ widgets: layout(widgets) }),
    });
    // The console's host differs per partition (China, GovCloud).
    const host = Fn.lookup(
      { aws: `${region}.console.aws.amazon.com`, "aws-cn": `${region}.console.amazonaws.cn`, "aws-us-gov": `${region}.console.amazonaws-us-gov.com` },
      partitionOf(this).partition,
      `${region}.console.aws.amazon.com`,
    );
    this.dashboardUrl = `https://${host}/cloudwatch/home?region=${region}#dashboards/dashboard/${this.dashboard.dashboardName}`;
  }
}

/** Places widgets left to right in rows of the 24-column grid. */
function layout(widgets: readonly Widget[]): Record<string, unknown>[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return widgets.map((w) => {
    if (x + w.width > EnvironmentDashboard.GRID_WIDTH) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { type: w.type, x, y, width: w.width, height: w.height, properties: w.properties };
    x += w.width;
    rowHeight = Math.max(rowHeight, w.height);
    return placed;
  });
}

import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { TerraformOutput, Testing } from "cdktf";
import { EnvironmentDashboard, EnvironmentDashboardProps } from "../../src/observability/environment-dashboard";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { hclParseError } from "../support/hcl";
import { refOf, resourceOf, TfJson } from "../support/synth";
import { synthJson, testStack } from "../support/test-stack";
import { NAMING } from "./alarm-fixtures";

describe("EnvironmentDashboard", () => {
  const build = (props: Partial<EnvironmentDashboardProps> = {}, alarmCount = 2) => {
    const stack = testStack();
    const cluster = new EcsCluster(stack, "cluster", { name: "acme-prod" });
    const alarms = Array.from(
      { length: alarmCount },
      (_, i) =>
        new CloudwatchMetricAlarm(stack, `alarm-${i}`, {
          alarmName: `acme-prod-a${i}`,
          comparisonOperator: "GreaterThanThreshold",
          evaluationPeriods: 1,
          threshold: 0,
          metricName: "m",
          namespace: "n",
          period: 60,
          statistic: "Sum",
        }),
    );
    const dashboard = new EnvironmentDashboard(stack, "dashboard", {
      naming: NAMING,
      region: "eu-west-1",
      api: { kind: "http", apiId: cluster.id, stage: "$default" },
      services: [{ name: "orders", clusterName: cluster.name, serviceName: cluster.name }],
      databaseIdentifier: cluster.arn,
      natGateways: [{ name: "eu-west-1a", natGatewayId: cluster.id }],
      jobs: [{ name: "report", scheduleGroupName: cluster.name, failedRuleName: cluster.name }],
      alarmArns: alarms.map((a) => a.arn),
      ...props,
    });
    const json = synthJson(stack);
    const body = decodeJson(resourceOf(json, dashboard.dashboard).dashboard_body) as { widgets: TfJson[] };
    return { stack, cluster, alarms, dashboard, json, body };
  };
  const titles = (body: { widgets: TfJson[] }) => body.widgets.map((w) => w.properties.title);

  it("is <project>-<env>, with its body as jsonencode (references survive the HCL synth)", () => {
    // GIVEN / WHEN a dashboard
    const { json, dashboard, stack } = build();
    const resource = resourceOf(json, dashboard.dashboard);
    // THEN named, and the body is a jsonencode expression that terraform fmt parses in HCL
    expect(resource.dashboard_name).toBe("acme-prod");
    expect(resource.dashboard_body).toMatch(/^\$\{jsonencode\(/);
    expect(hclParseError(Testing.synthHcl(stack))).toBeUndefined();
  });

  it("shows the alarms' states first, then the API, the services, the database, the NAT gateways and the jobs", () => {
    // GIVEN / WHEN a dashboard of everything
    const { body, alarms } = build();
    // THEN these widgets, in this order
    expect(titles(body)).toEqual([
      "Alarms of acme-prod",
      "API requests",
      "API errors",
      "API latency (ms)",
      "Services: CPU (%)",
      "Services: memory (%)",
      "Services: running / desired tasks",
      "Database: CPU (%)",
      "Database: connections",
      "Database: freeable memory (bytes)",
      "Database: free storage (bytes)",
      "NAT: bytes out to the internet",
      "NAT: port allocation errors, dropped packets",
      "NAT: active connections",
      "Jobs: runs started",
      "Jobs: runs dropped (never started)",
      "Jobs: failed runs",
    ]);
    expect(body.widgets[0]).toMatchObject({ type: "alarm", properties: { alarms: alarms.map((a) => refOf(a, "arn")) } });
  });

  it("lays the widgets out on the 24-column grid, without overlap", () => {
    // GIVEN / WHEN / THEN every widget within the grid, rows stacked
    const { body } = build();
    const cells = new Set<string>();
    for (const w of body.widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++)
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  it("names each metric by the resources' references and the region", () => {
    // GIVEN / WHEN a dashboard
    const { body, cluster } = build();
    const byTitle = Object.fromEntries(body.widgets.map((w) => [w.properties.title, w.properties]));
    // THEN the API by ApiId and Stage, the services by cluster and service, the database, NAT and jobs by theirs
    expect(byTitle["API requests"]).toMatchObject({
      region: "eu-west-1",
      metrics: [["AWS/ApiGateway", "Count", "ApiId", refOf(cluster, "id"), "Stage", "$default", { stat: "Sum", label: "requests" }]],
    });
    expect(byTitle["Services: CPU (%)"].metrics).toEqual([
      ["AWS/ECS", "CPUUtilization", "ClusterName", refOf(cluster, "name"), "ServiceName", refOf(cluster, "name"), { label: "orders" }],
    ]);
    expect(byTitle["Services: running / desired tasks"].metrics.map((m: unknown[]) => m[1])).toEqual(["RunningTaskCount", "DesiredTaskCount"]);
    expect(byTitle["Database: connections"].metrics).toEqual([
      ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", refOf(cluster, "arn"), { stat: "Maximum" }],
    ]);
    expect(byTitle["NAT: bytes out to the internet"].metrics).toEqual([
      ["AWS/NATGateway", "BytesOutToDestination", "NatGatewayId", refOf(cluster, "id"), { label: "eu-west-1a", stat: "Sum" }],
    ]);
    expect(byTitle["Jobs: runs dropped (never started)"].metrics).toEqual([
      ["AWS/Scheduler", "InvocationDroppedCount", "ScheduleGroup", refOf(cluster, "name"), { label: "report", stat: "Sum" }],
    ]);
    expect(byTitle["Jobs: failed runs"].metrics[0].slice(0, 3)).toEqual(["AWS/Events", "TriggeredRules", "RuleName"]);
  });

  it("uses a REST API's metric names and dimensions", () => {
    // GIVEN / WHEN a REST API
    const { body } = build({ api: { kind: "rest", apiName: "acme-prod-api", stage: "live" } });
    const errors = body.widgets.find((w) => w.properties.title === "API errors")!;
    // THEN 5XXError and 4XXError by ApiName and Stage
    expect(errors.properties.metrics.map((m: unknown[]) => m.slice(0, 6))).toEqual([
      ["AWS/ApiGateway", "5XXError", "ApiName", "acme-prod-api", "Stage", "live"],
      ["AWS/ApiGateway", "4XXError", "ApiName", "acme-prod-api", "Stage", "live"],
    ]);
  });

  it("leaves out what the environment lacks: database, NAT gateways, jobs", () => {
    // GIVEN / WHEN an environment without them
    const { body } = build({ databaseIdentifier: undefined, natGateways: [], jobs: [] });
    // THEN no such widgets
    expect(titles(body).filter((t: string) => /^(Database|NAT|Jobs)/.test(t))).toEqual([]);
  });

  it("splits more than 100 alarms over several alarm widgets", () => {
    // GIVEN / WHEN 101 alarms / THEN two alarm widgets, of 100 and 1
    const { body } = build({}, 101);
    const alarmWidgets = body.widgets.filter((w) => w.type === "alarm");
    expect(alarmWidgets.map((w) => w.properties.alarms.length)).toEqual([100, 1]);
  });

  it("links to itself in the console of the stack's partition", () => {
    // GIVEN / WHEN a dashboard / THEN the URL picks the console host by partition and names the dashboard by reference
    const { dashboard, stack } = build();
    new TerraformOutput(stack, "url", { value: dashboard.dashboardUrl });
    const url = synthJson(stack).output.url.value as string;
    expect(url).toContain(`lookup({"aws" = "eu-west-1.console.aws.amazon.com", "aws-cn" = "eu-west-1.console.amazonaws.cn"`);
    expect(url).toContain(`, ${PARTITION.slice(2, -1)}, "eu-west-1.console.aws.amazon.com")}`);
    expect(url).toMatch(/^https:\/\/\$\{lookup\(.*\)\}\/cloudwatch\/home\?region=eu-west-1#dashboards\/dashboard\/\$\{[^}]+\}$/);
    expect(url.endsWith(`dashboard/${refOf(dashboard.dashboard, "dashboard_name")}`)).toBe(true);
  });
});

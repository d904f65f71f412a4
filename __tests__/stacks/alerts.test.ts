import { Testing } from "cdktf";
import { PROFILES } from "../../src/config/defaults";
import { hclParseError } from "../support/hcl";
import { decodeJson } from "../support/json-document";
import { exampleConfig, REST_EXAMPLE, WORKLOADS_EXAMPLE } from "../support/examples";
import { resources, synthApp, testConfig, TfJson } from "../support/synth";

/**
 * Issue 15, part 1, at stack level: what each environment's stack gets from `alerts` and
 * the profiles, wired to the resources it watches.
 */

const EMAILS = { alerts: { emails: ["ops@acme.io"] }, environments: { prod: { alerts: { emails: ["pager@acme.io", "ops@acme.io"] } } } };

/** The one resource of `type` whose construct path ends with `suffix`, by name and body. */
function byPath(json: TfJson, type: string, suffix: string): { name: string; body: TfJson } {
  const found = Object.entries(resources(json, type)).filter(([, body]) => (body["//"]?.metadata?.path as string).endsWith(suffix));
  expect(found.map(([name]) => name)).toHaveLength(1);
  return { name: found[0][0], body: found[0][1] };
}
const ref = (type: string, name: string, attr: string) => `\${${type}.${name}.${attr}}`;
const alarmsOf = (json: TfJson) => Object.fromEntries(Object.values(resources(json, "aws_cloudwatch_metric_alarm")).map((a) => [a.alarm_name, a]));

describe("alerts in the environment stacks", () => {
  const { stacks } = synthApp(testConfig(EMAILS));

  it.each(["dev", "staging", "prod"])("%s: every alarm notifies the environment's topic on ALARM and OK, by reference", (env) => {
    // GIVEN the stack / WHEN its alarms are read
    const json = stacks[env];
    const topic = byPath(json, "aws_sns_topic", "/alerts/topic/topic");
    const alarms = Object.values(resources(json, "aws_cloudwatch_metric_alarm"));
    // THEN there are alarms, each with both actions on the topic's ARN reference, named <project>-<env>-…
    expect(alarms.length).toBeGreaterThan(10);
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual([ref("aws_sns_topic", topic.name, "arn")]);
      expect(alarm.ok_actions).toEqual([ref("aws_sns_topic", topic.name, "arn")]);
      expect(alarm.alarm_name).toMatch(new RegExp(`^platform-${env}-`));
    }
    // AND the topic is <project>-<env>-alerts, encrypted with the environment's key
    expect(topic.body.name).toBe(`platform-${env}-alerts`);
    expect(topic.body.kms_master_key_id).toMatch(/^\$\{element\(\[aws_kms_key\.key_[^.]+\.arn, aws_kms_key_policy\.key_policy_[^.]+\.key_id\], 0\)\}$/);
  });

  it("subscribes the top-level emails, and an environment's own list instead where it has one", () => {
    // GIVEN top-level ops@, and prod's pager@ + ops@ / WHEN synthesized
    const endpoints = (env: string) => Object.values(resources(stacks[env], "aws_sns_topic_subscription")).map((s) => [s.protocol, s.endpoint]);
    // THEN dev gets the top-level list, prod its own
    expect(endpoints("dev")).toEqual([["email", "ops@acme.io"]]);
    expect(endpoints("prod").sort()).toEqual([
      ["email", "ops@acme.io"],
      ["email", "pager@acme.io"],
    ]);
  });

  it.each(["dev", "staging", "prod"] as const)("%s: thresholds are its profile's", (env) => {
    // GIVEN the default config's stack / WHEN the alarms are read
    const alarms = alarmsOf(stacks[env]);
    const t = PROFILES[env].alerts.thresholds;
    // THEN each alarm's threshold comes from the profile
    expect(alarms[`platform-${env}-service-orders-cpu-high`].threshold).toBe(t.serviceCpuPercent);
    expect(alarms[`platform-${env}-service-catalog-memory-high`].threshold).toBe(t.serviceMemoryPercent);
    expect(alarms[`platform-${env}-api-5xx-rate`].threshold).toBe(t.api5xxPercent);
    expect(alarms[`platform-${env}-api-latency-p99`].threshold).toBe(t.apiLatencyP99Ms);
    expect(alarms[`platform-${env}-database-cpu-high`].threshold).toBe(t.dbCpuPercent);
    expect(alarms[`platform-${env}-api-4xx-rate`]).toBeUndefined();
    // AND the running-tasks floor is the environment's autoscaling minimum
    expect(alarms[`platform-${env}-service-orders-running-tasks-low`].threshold).toBe(PROFILES[env].autoscaling.minCapacity);
  });

  it("derives the database thresholds from each profile's class and storage", () => {
    // dev: db.t4g.micro (1 GiB → 112 connections), 20 GiB; prod: db.m7g.large (8 GiB → 901), 50 GiB
    const dev = alarmsOf(stacks.dev);
    const prod = alarmsOf(stacks.prod);
    expect(dev["platform-dev-database-connections-high"].threshold).toBe(Math.floor(112 * 0.9));
    expect(prod["platform-prod-database-connections-high"].threshold).toBe(Math.floor(901 * 0.8));
    expect(dev["platform-dev-database-free-storage-low"].threshold).toBe(2 * 1024 ** 3);
    expect(prod["platform-prod-database-free-storage-low"].threshold).toBe(5 * 1024 ** 3);
    expect(dev["platform-dev-database-freeable-memory-low"].threshold).toBe(Math.floor(0.05 * 1024 ** 3));
  });

  it("watches the stack's own resources: cluster and services, the API and its stage, the database, each NAT gateway", () => {
    // GIVEN prod / WHEN the alarms' dimensions are read
    const json = stacks.prod;
    const alarms = alarmsOf(json);
    const cluster = byPath(json, "aws_ecs_cluster", "/cluster/cluster");
    const orders = byPath(json, "aws_ecs_service", "/services/orders/service");
    const api = byPath(json, "aws_apigatewayv2_api", "/api/api");
    const stage = byPath(json, "aws_apigatewayv2_stage", "/api/stage");
    const db = byPath(json, "aws_db_instance", "/database/instance");
    // THEN each alarm's dimensions are references to them
    expect(alarms["platform-prod-service-orders-running-tasks-low"].dimensions).toEqual({
      ClusterName: ref("aws_ecs_cluster", cluster.name, "name"),
      ServiceName: ref("aws_ecs_service", orders.name, "name"),
    });
    expect(alarms["platform-prod-api-latency-p99"].dimensions).toEqual({
      ApiId: ref("aws_apigatewayv2_api", api.name, "id"),
      Stage: ref("aws_apigatewayv2_stage", stage.name, "name"),
    });
    expect(alarms["platform-prod-database-cpu-high"].dimensions).toEqual({ DBInstanceIdentifier: ref("aws_db_instance", db.name, "identifier") });
    // AND one pair per NAT gateway (prod: one per AZ), by the gateway's id
    const nats = Object.keys(resources(json, "aws_nat_gateway")).sort();
    expect(nats).toHaveLength(3);
    for (const az of ["a", "b", "c"]) {
      const alarm = alarms[`platform-prod-nat-eu-west-1${az}-port-allocation-errors`];
      const gateway = byPath(json, "aws_nat_gateway", `/network/nat-eu-west-1${az}`);
      expect(alarm.dimensions).toEqual({ NatGatewayId: ref("aws_nat_gateway", gateway.name, "id") });
      expect(alarms[`platform-prod-nat-eu-west-1${az}-packets-dropped`]).toBeDefined();
    }
    // AND dev's single gateway is named by the first AZ
    expect(
      Object.keys(alarmsOf(stacks.dev))
        .filter((n) => n.includes("-nat-"))
        .sort(),
    ).toEqual(["platform-dev-nat-eu-west-1a-packets-dropped", "platform-dev-nat-eu-west-1a-port-allocation-errors"]);
  });

  it("has exactly these alarms in prod of the default config", () => {
    // GIVEN / WHEN / THEN two services × 3, API × 2, database × 4, three NAT gateways × 2
    expect(Object.keys(alarmsOf(stacks.prod)).length).toBe(6 + 2 + 4 + 6);
  });

  it("keys the topic policy and the key policy to this environment's alarms", () => {
    // GIVEN prod / WHEN the policies are read
    const json = stacks.prod;
    const topic = byPath(json, "aws_sns_topic", "/alerts/topic/topic");
    const topicPolicy = decodeJson(byPath(json, "aws_sns_topic_policy", "/alerts/topic/policy").body.policy);
    const keyPolicy = decodeJson(byPath(json, "aws_kms_key_policy", "/key/policy").body.policy);
    // THEN the topic admits cloudwatch.amazonaws.com for alarms named platform-prod-* only (no jobs: no EventBridge)
    expect(topicPolicy.Statement.map((s: TfJson) => s.Sid)).toEqual(["CloudWatchAlarmsOfThisEnvironment"]);
    expect(topicPolicy.Statement[0].Resource).toBe(ref("aws_sns_topic", topic.name, "arn"));
    expect(topicPolicy.Statement[0].Condition.ArnLike["aws:SourceArn"]).toMatch(/:cloudwatch:eu-west-1:.*:alarm:platform-prod-\*$/);
    // AND the key lets CloudWatch use it for platform-prod-alerts only, and not EventBridge
    const sids = keyPolicy.Statement.map((s: TfJson) => s.Sid);
    expect(sids).toContain("CloudWatchAlarmsOfThisEnvironment");
    expect(sids).not.toContain("EventBridgeRulesToTheAlertTopic");
    const cw = keyPolicy.Statement.find((s: TfJson) => s.Sid === "CloudWatchAlarmsOfThisEnvironment");
    expect(cw.Condition.StringEquals["kms:EncryptionContext:aws:sns:topicArn"]).toMatch(/:sns:eu-west-1:.*:platform-prod-alerts$/);
  });

  it("has one dashboard <project>-<env> showing the stack's alarms and resources", () => {
    // GIVEN prod / WHEN the dashboard is read
    const json = stacks.prod;
    const dashboard = byPath(json, "aws_cloudwatch_dashboard", "/alerts/dashboard/dashboard").body;
    const body = decodeJson(dashboard.dashboard_body);
    const cluster = byPath(json, "aws_ecs_cluster", "/cluster/cluster");
    // THEN named, listing every alarm by reference, and the services by the cluster's name
    expect(dashboard.dashboard_name).toBe("platform-prod");
    const alarmRefs = Object.keys(resources(json, "aws_cloudwatch_metric_alarm")).map((n) => ref("aws_cloudwatch_metric_alarm", n, "arn"));
    expect([...body.widgets[0].properties.alarms].sort()).toEqual(alarmRefs.sort());
    const cpu = body.widgets.find((w: TfJson) => w.properties.title === "Services: CPU (%)");
    expect(cpu.properties.metrics.map((m: unknown[]) => m[3])).toEqual([
      ref("aws_ecs_cluster", cluster.name, "name"),
      ref("aws_ecs_cluster", cluster.name, "name"),
    ]);
  });
});

describe("alerts of jobs and of a REST API", () => {
  it("gives each job a failed-run rule to the topic and its alarms, and lets EventBridge publish", () => {
    // GIVEN the workloads example (jobs cleanup and report) / WHEN prod is synthesized
    const json = synthApp(exampleConfig(WORKLOADS_EXAMPLE)).stacks.prod;
    const topic = byPath(json, "aws_sns_topic", "/alerts/topic/topic");
    const rules = Object.values(resources(json, "aws_cloudwatch_event_rule"));
    const targets = Object.values(resources(json, "aws_cloudwatch_event_target"));
    // THEN one rule per job, targeting the topic, and the two alarms per job
    expect(rules.map((r) => r.name).sort()).toEqual(["acme-prod-cleanup-failed", "acme-prod-report-failed"]);
    expect(targets.map((t) => t.arn)).toEqual([ref("aws_sns_topic", topic.name, "arn"), ref("aws_sns_topic", topic.name, "arn")]);
    const alarms = alarmsOf(json);
    for (const job of ["cleanup", "report"]) {
      const group = byPath(json, "aws_scheduler_schedule_group", `/scheduled-jobs/${job}/schedule/group`);
      expect(alarms[`acme-prod-job-${job}-not-started`].dimensions).toEqual({ ScheduleGroup: ref("aws_scheduler_schedule_group", group.name, "name") });
      expect(alarms[`acme-prod-job-${job}-failure-undelivered`]).toBeDefined();
      const rule = rules.find((r) => r.name === `acme-prod-${job}-failed`)!;
      const family = byPath(json, "aws_ecs_task_definition", `/scheduled-jobs/${job}/task/task`);
      expect(decodeJson(rule.event_pattern).detail.taskDefinitionArn).toEqual([
        { prefix: `${ref("aws_ecs_task_definition", family.name, "arn_without_revision")}:` },
      ]);
    }
    // AND the topic and the key admit EventBridge
    expect(decodeJson(byPath(json, "aws_sns_topic_policy", "/alerts/topic/policy").body.policy).Statement.map((s: TfJson) => s.Sid)).toEqual([
      "CloudWatchAlarmsOfThisEnvironment",
      "EventBridgeRulesOfThisEnvironment",
    ]);
    expect(decodeJson(byPath(json, "aws_kms_key_policy", "/key/policy").body.policy).Statement.map((s: TfJson) => s.Sid)).toContain(
      "EventBridgeRulesToTheAlertTopic",
    );
  });

  it("writes HCL that parses: the dashboard, the rules' patterns and message templates survive cdktf synth --hcl", () => {
    // GIVEN prod of the workloads example (two jobs) / WHEN synthesized as HCL
    const hcl = Testing.synthHcl(synthApp(exampleConfig(WORKLOADS_EXAMPLE)).platform.environments.prod);
    // THEN terraform fmt parses it, and the documents are expressions
    expect(hclParseError(hcl)).toBeUndefined();
    expect(hcl).toMatch(/dashboard_body\s+= "\$\{jsonencode\(/);
    expect(hcl).toMatch(/input_template\s+= "\$\{replace\(jsonencode\(/);
  });

  it("watches a REST API by its name and stage", () => {
    // GIVEN the REST example / WHEN prod is synthesized
    const json = synthApp(exampleConfig(REST_EXAMPLE)).stacks.prod;
    const api = byPath(json, "aws_api_gateway_rest_api", "/rest-api/api");
    const stage = byPath(json, "aws_api_gateway_stage", "/rest-api/stage");
    const alarm = alarmsOf(json)["acme-prod-api-5xx-rate"];
    // THEN 5XXError by ApiName and Stage, as a fraction
    expect(alarm).toMatchObject({
      metric_name: "5XXError",
      dimensions: { ApiName: ref("aws_api_gateway_rest_api", api.name, "name"), Stage: ref("aws_api_gateway_stage", stage.name, "stage_name") },
      threshold: PROFILES.prod.alerts.thresholds.api5xxPercent / 100,
    });
  });
});

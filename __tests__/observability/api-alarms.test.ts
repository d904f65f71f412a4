import { ApiAlarms, ApiAlarmsProps, ApiMetricsRef } from "../../src/observability/api-alarms";
import { synthJson } from "../support/test-stack";
import { alarmsByName, alertWorld, expectNotifiesTopic, NAMING } from "./alarm-fixtures";

const HTTP: ApiMetricsRef = { kind: "http", apiId: "${aws_apigatewayv2_api.api.id}", stage: "${aws_apigatewayv2_stage.stage.name}" };
const REST: ApiMetricsRef = { kind: "rest", apiName: "${aws_api_gateway_rest_api.api.name}", stage: "${aws_api_gateway_stage.live.stage_name}" };

describe("ApiAlarms", () => {
  const build = (props: Partial<ApiAlarmsProps> = {}) => {
    const { stack, topic } = alertWorld();
    new ApiAlarms(stack, "api", { naming: NAMING, topic, api: HTTP, serverErrorPercent: 1, latencyP99Ms: 2000, ...props });
    return { topic, byName: alarmsByName(synthJson(stack)) };
  };
  const httpDims = { ApiId: HTTP.apiId, Stage: (HTTP as { stage: string }).stage };
  const restDims = { ApiName: (REST as { apiName: string }).apiName, Stage: REST.stage };

  it("HTTP API: alarms on 5xx as a percentage of requests (metric math), 3 of 5 minutes, silence not breaching", () => {
    // GIVEN / WHEN an HTTP API's alarms
    const { byName, topic } = build();
    const alarm = byName["acme-prod-api-5xx-rate"];
    // THEN 100 * 5xx / Count (0 without requests) above 1, by ApiId and Stage
    const sum = (metric_name: string) => ({ namespace: "AWS/ApiGateway", metric_name, dimensions: httpDims, stat: "Sum", period: 60 });
    expect(alarm).toMatchObject({
      comparison_operator: "GreaterThanThreshold",
      threshold: 1,
      evaluation_periods: 5,
      datapoints_to_alarm: 3,
      treat_missing_data: "notBreaching",
      metric_query: [
        { id: "errors", metric: sum("5xx") },
        { id: "requests", metric: sum("Count") },
        { id: "rate", expression: "IF(requests > 0, 100 * errors / requests, 0)", label: "5xx responses, % of requests", return_data: true },
      ],
    });
    expectNotifiesTopic(alarm, topic);
  });

  it("REST API: alarms on the 5XXError average (already a share), the percentage as a fraction", () => {
    // GIVEN / WHEN a REST API's alarms at 5 %
    const alarm = build({ api: REST, serverErrorPercent: 5 }).byName["acme-prod-api-5xx-rate"];
    // THEN 5XXError by ApiName and Stage, average above 0.05
    expect(alarm).toMatchObject({
      namespace: "AWS/ApiGateway",
      metric_name: "5XXError",
      dimensions: restDims,
      statistic: "Average",
      period: 60,
      threshold: 0.05,
      comparison_operator: "GreaterThanThreshold",
    });
    expect(alarm.metric_query).toBeUndefined();
  });

  it.each([
    ["HTTP", HTTP, httpDims],
    ["REST", REST, restDims],
  ])("%s API: alarms on the p99 latency above the threshold for 5 minutes", (_kind, api, dimensions) => {
    // GIVEN / WHEN the API's alarms
    const { byName, topic } = build({ api });
    const alarm = byName["acme-prod-api-latency-p99"];
    // THEN Latency's p99 above 2000 ms in 5 of 5 minutes
    expect(alarm).toMatchObject({
      namespace: "AWS/ApiGateway",
      metric_name: "Latency",
      dimensions,
      extended_statistic: "p99",
      period: 60,
      comparison_operator: "GreaterThanThreshold",
      threshold: 2000,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      treat_missing_data: "notBreaching",
    });
    expect(alarm.statistic).toBeUndefined();
    expectNotifiesTopic(alarm, topic);
  });

  it("has a 4xx alarm only when given a threshold", () => {
    // GIVEN APIs without and with a 4xx threshold
    const without = build().byName;
    const withRest = build({ api: REST, clientErrorPercent: 20 }).byName;
    const withHttp = build({ clientErrorPercent: 20 }).byName;
    // THEN the 4xx alarm exists only with one: REST on 4XXError (0.2), HTTP on 4xx / Count
    expect(Object.keys(without).sort()).toEqual(["acme-prod-api-5xx-rate", "acme-prod-api-latency-p99"]);
    expect(withRest["acme-prod-api-4xx-rate"]).toMatchObject({ metric_name: "4XXError", threshold: 0.2, evaluation_periods: 5, datapoints_to_alarm: 5 });
    expect(withHttp["acme-prod-api-4xx-rate"].metric_query[0].metric.metric_name).toBe("4xx");
    expect(withHttp["acme-prod-api-4xx-rate"].threshold).toBe(20);
  });

  it.each([
    ["a 5xx threshold of 0", { serverErrorPercent: 0 }, /serverErrorPercent must be a percentage above 0 and at most 100, got 0/],
    ["a 4xx threshold over 100", { clientErrorPercent: 101 }, /clientErrorPercent must be a percentage above 0 and at most 100, got 101/],
    ["a latency above the integration timeout", { latencyP99Ms: 30001 }, /latencyP99Ms must be an integer of milliseconds, 1–30000 .*, got 30001/],
  ])("rejects %s, naming the prop", (_what, props, message) => {
    // GIVEN / WHEN / THEN the construct refuses, as the config does
    expect(() => build(props)).toThrow(message);
  });
});

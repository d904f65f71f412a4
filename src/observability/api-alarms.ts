import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { latencyThresholdProblem, percentProblem } from "../core/alarm-facts";
import { NamingContext, physicalName } from "../core/naming";
import { AlertAlarmSpec, alertAlarm } from "./alert-alarm";
import { AlertTopicRef } from "./alert-topic";

/**
 * The API as its CloudWatch metrics name it. HTTP APIs (v2) publish `5xx`, `4xx`,
 * `Count` and `Latency` by `ApiId` and `Stage`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html);
 * REST APIs (v1) publish `5XXError` and `4XXError` (the share of requests, as an average)
 * and `Latency` by `ApiName` and `Stage`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html).
 */
export type ApiMetricsRef =
  { readonly kind: "http"; readonly apiId: string; readonly stage: string } | { readonly kind: "rest"; readonly apiName: string; readonly stage: string };

/** The `AWS/ApiGateway` dimensions of an API's stage. */
export function apiDimensions(api: ApiMetricsRef): Record<string, string> {
  return api.kind === "http" ? { ApiId: api.apiId, Stage: api.stage } : { ApiName: api.apiName, Stage: api.stage };
}

/** Properties of an {@link ApiAlarms}. */
export interface ApiAlarmsProps {
  /** Project and environment: alarms are `<project>-<env>-api-<what>`. */
  readonly naming: NamingContext;
  /** Where ALARM and OK go. */
  readonly topic: AlertTopicRef;
  /** The API and stage watched. */
  readonly api: ApiMetricsRef;
  /** 5xx responses above this percentage of requests (3 of 5 minutes) is an alarm. */
  readonly serverErrorPercent: number;
  /**
   * 4xx responses above this percentage of requests for 5 minutes is an alarm.
   * @default undefined: no 4xx alarm (clients' mistakes page nobody)
   */
  readonly clientErrorPercent?: number;
  /** p99 latency above this many milliseconds for 5 minutes is an alarm. */
  readonly latencyP99Ms: number;
}

/**
 * The API's alarms: the 5xx rate, the p99 latency (API Gateway's `Latency`, request in to
 * response out, which includes the integration's), and optionally a 4xx spike. Rates are
 * of requests, so a quiet API with one error in a minute still counts: 3 bad minutes of 5
 * are needed to page. Missing data means no traffic: not an error ("notBreaching").
 */
export class ApiAlarms extends Construct {
  static readonly PERIOD_SECONDS = 60;

  public readonly serverErrors: CloudwatchMetricAlarm;
  public readonly clientErrors?: CloudwatchMetricAlarm;
  public readonly latency: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id);
    this.validate(props);
    const name = (what: string) => physicalName(props.naming, `api-${what}`);
    const dimensions = apiDimensions(props.api);
    const period = ApiAlarms.PERIOD_SECONDS;

    this.serverErrors = alertAlarm(this, "5xx", props.topic, {
      alarmName: name("5xx-rate"),
      alarmDescription: `API: 5xx responses above ${props.serverErrorPercent} % of requests in 3 of 5 minutes. Check the services' logs and the API access log.`,
      ...this.errorRate(props.api, "5", props.serverErrorPercent),
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    if (props.clientErrorPercent !== undefined) {
      this.clientErrors = alertAlarm(this, "4xx", props.topic, {
        alarmName: name("4xx-rate"),
        alarmDescription: `API: 4xx responses above ${props.clientErrorPercent} % of requests for 5 minutes: clients are refused (a broken client, auth, throttling).`,
        ...this.errorRate(props.api, "4", props.clientErrorPercent),
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
      });
    }
    this.latency = alertAlarm(this, "latency", props.topic, {
      alarmName: name("latency-p99"),
      alarmDescription: `API: p99 latency above ${props.latencyP99Ms} ms for 5 minutes. Check the services' CPU, the database and their dependencies.`,
      namespace: "AWS/ApiGateway",
      metricName: "Latency",
      dimensions,
      extendedStatistic: "p99",
      period,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.latencyP99Ms,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "notBreaching",
    });
  }

  /** The alarms, for the dashboard. */
  get alarms(): CloudwatchMetricAlarm[] {
    return [this.serverErrors, ...(this.clientErrors ? [this.clientErrors] : []), this.latency];
  }

  /** An error rate in percent: HTTP APIs count errors and requests (metric math); REST's `<n>XXError` average is already the share. */
  private errorRate(api: ApiMetricsRef, digit: "4" | "5", percent: number): Omit<AlertAlarmSpec, "alarmName" | "evaluationPeriods"> {
    const common = { comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" } as const;
    const dimensions = apiDimensions(api);
    if (api.kind === "rest") {
      return {
        ...common,
        namespace: "AWS/ApiGateway",
        metricName: `${digit}XXError`,
        dimensions,
        statistic: "Average",
        period: ApiAlarms.PERIOD_SECONDS,
        // The average of 0/1 per request: a fraction, so the percentage / 100.
        threshold: percent / 100,
      };
    }
    const metric = (metricName: string) => ({ namespace: "AWS/ApiGateway", metricName, dimensions, stat: "Sum", period: ApiAlarms.PERIOD_SECONDS });
    return {
      ...common,
      threshold: percent,
      metricQuery: [
        { id: "errors", metric: metric(`${digit}xx`) },
        { id: "requests", metric: metric("Count") },
        { id: "rate", expression: "IF(requests > 0, 100 * errors / requests, 0)", label: `${digit}xx responses, % of requests`, returnData: true },
      ],
    };
  }

  private validate(props: ApiAlarmsProps): void {
    const fail = (prop: string, value: unknown, problem: string): never => {
      throw new Error(`${this.node.path}: ${prop} ${problem}, got ${JSON.stringify(value)}`);
    };
    for (const key of ["serverErrorPercent", "clientErrorPercent"] as const) {
      const value = props[key];
      const problem = value === undefined ? undefined : percentProblem(value);
      if (problem) fail(key, value, problem);
    }
    const latency = latencyThresholdProblem(props.latencyP99Ms);
    if (latency) fail("latencyP99Ms", props.latencyP99Ms, latency);
  }
}

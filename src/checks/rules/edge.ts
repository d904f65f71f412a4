import { block, blocks, strings, TfJson, TfResource, TfStack } from "../tf";
import { StackRule } from "../types";
import { eachResource, isSet, shown, stackRule } from "./helpers";

const REST_API = "aws_api_gateway_rest_api";

/** Whether two `rest_api_id` values name the same REST API (references to one resource, or equal literals). */
function sameRestApi(stack: TfStack, a: unknown, b: unknown): boolean {
  const ra = stack.target(a, REST_API);
  const rb = stack.target(b, REST_API);
  return ra !== undefined ? ra === rb : a !== undefined && a === b;
}

/** The method settings of a REST stage: same API, and a `stage_name` that references the stage or equals its name. */
function methodSettingsOf(stack: TfStack, stage: TfResource): TfResource[] {
  return stack
    .resources("aws_api_gateway_method_settings")
    .filter(
      (m) =>
        sameRestApi(stack, m.values.rest_api_id, stage.values.rest_api_id) &&
        (stack.references(m.values.stage_name, stage) || (m.values.stage_name !== undefined && m.values.stage_name === stage.values.stage_name)),
    );
}

/** The stage-wide (`*\/*`) settings block of a REST stage, or undefined. */
function stageWideSettings(stack: TfStack, stage: TfResource): TfJson | undefined {
  const all = methodSettingsOf(stack, stage).find((m) => m.values.method_path === "*/*");
  return all ? block(all.values.settings) : undefined;
}

/** The integration of a REST method: its `http_method` references the method, or the same resource and verb. */
function integrationOf(stack: TfStack, method: TfResource): TfResource | undefined {
  return stack
    .resources("aws_api_gateway_integration")
    .find(
      (i) =>
        stack.references(i.values.http_method, method) ||
        (i.values.http_method === method.values.http_method &&
          i.values.resource_id === method.values.resource_id &&
          sameRestApi(stack, i.values.rest_api_id, method.values.rest_api_id)),
    );
}

/** A CORS preflight answered by API Gateway itself: an OPTIONS method with a MOCK integration (no backend is reached). */
function isMockPreflight(stack: TfStack, method: TfResource): boolean {
  return method.values.http_method === "OPTIONS" && integrationOf(stack, method)?.values.type === "MOCK";
}

/**
 * Security policies a REST custom domain may use: the legacy `TLS_1_2`, or an enhanced
 * regional policy whose minimum is TLS 1.2 or 1.3 (`SecurityPolicy_TLS13_1_3_2025_09`,
 * `SecurityPolicy_TLS13_1_2_…`; provider 5.100 accepts only the legacy names).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html
 */
function modernRestPolicy(policy: unknown): boolean {
  return policy === "TLS_1_2" || (typeof policy === "string" && /^SecurityPolicy_TLS13_1_[23]_/.test(policy));
}

export const edgeRules: StackRule[] = [
  stackRule({
    id: "apigw-access-logs",
    title: "API stages write access logs (destination and format)",
    refs: ["CKV_AWS_76", "APIGateway.9"],
    check: eachResource("aws_apigatewayv2_stage", (s) => {
      const logs = block(s.values.access_log_settings);
      return !(isSet(logs.destination_arn) && isSet(logs.format)) && "access_log_settings needs destination_arn and format";
    }),
  }),
  stackRule({
    id: "apigw-default-throttling",
    title: "API stages throttle the default route",
    refs: ["cdk-nag:APIGWDefaultThrottling"],
    check: eachResource("aws_apigatewayv2_stage", (s) => {
      const d = block(s.values.default_route_settings);
      const ok =
        typeof d.throttling_burst_limit === "number" &&
        d.throttling_burst_limit > 0 &&
        typeof d.throttling_rate_limit === "number" &&
        d.throttling_rate_limit > 0;
      return !ok && `default_route_settings throttling is burst ${shown(d.throttling_burst_limit)}, rate ${shown(d.throttling_rate_limit)}: set both > 0`;
    }),
  }),
  stackRule({
    id: "apigw-route-authorization",
    title: "API routes have an authorizer (or the service authenticates: suppress with that reason)",
    refs: ["CKV_AWS_309"],
    // A warning: a public API whose services do their own auth is a legitimate design; the
    // finding documents each public route, and a suppression records why.
    severity: "warning",
    check: eachResource(
      "aws_apigatewayv2_route",
      (r) =>
        (r.values.authorization_type ?? "NONE") === "NONE" &&
        `route ${shown(r.values.route_key)} has authorization_type NONE: requests reach the service unauthenticated`,
    ),
  }),
  stackRule({
    id: "apigw-domain-tls12",
    title: "Custom domains require TLS 1.2",
    refs: ["AWS-0005"],
    check: eachResource("aws_apigatewayv2_domain_name", (d) => {
      const policy = block(d.values.domain_name_configuration).security_policy;
      return policy !== "TLS_1_2" && `domain_name_configuration.security_policy is ${shown(policy)}, must be "TLS_1_2"`;
    }),
  }),
  stackRule({
    id: "apigw-execute-api-disabled",
    title: "APIs behind a custom domain disable the default execute-api endpoint",
    refs: ["guide:API Gateway"],
    check: eachResource("aws_apigatewayv2_api", (api, stack) => {
      const mapped = stack.referrers(api, "aws_apigatewayv2_api_mapping", "api_id").length > 0;
      return (
        mapped &&
        api.values.disable_execute_api_endpoint !== true &&
        "is mapped to a custom domain but disable_execute_api_endpoint is not true: clients could bypass Cloudflare"
      );
    }),
  }),
  stackRule({
    id: "apigw-cors-no-wildcard",
    title: 'CORS never allows origin "*"',
    refs: ["guide:API Gateway"],
    check: eachResource(
      "aws_apigatewayv2_api",
      (api) => strings(block(api.values.cors_configuration).allow_origins).includes("*") && 'cors_configuration.allow_origins includes "*": list the origins',
    ),
  }),
  stackRule({
    id: "apigw-rest-access-logs",
    title: "REST API stages write access logs (destination and format); log-group-kms covers the group's encryption",
    refs: ["CKV_AWS_76", "AWS-0001"],
    check: eachResource("aws_api_gateway_stage", (s) => {
      const logs = block(s.values.access_log_settings);
      return !(isSet(logs.destination_arn) && isSet(logs.format)) && "access_log_settings needs destination_arn and format";
    }),
  }),
  stackRule({
    id: "apigw-rest-execution-logging",
    title: "REST API stages log execution errors: */* method settings with logging_level ERROR or INFO, no method OFF",
    refs: ["APIGateway.1"],
    check: eachResource("aws_api_gateway_stage", (stage, stack) => {
      const problems: string[] = [];
      const level = stageWideSettings(stack, stage)?.logging_level;
      if (level !== "ERROR" && level !== "INFO") {
        problems.push(`stage-wide (*/*) aws_api_gateway_method_settings logging_level is ${shown(level)}, must be "ERROR" or "INFO"`);
      }
      for (const m of methodSettingsOf(stack, stage).filter((x) => x.values.method_path !== "*/*" && block(x.values.settings).logging_level === "OFF")) {
        problems.push(`${m.address} turns execution logging OFF for ${shown(m.values.method_path)}`);
      }
      return problems;
    }),
  }),
  stackRule({
    id: "apigw-rest-default-throttling",
    title: "REST API stages throttle every method (*/* method settings)",
    refs: ["guide:Rate Limiting Configuration"],
    check: eachResource("aws_api_gateway_stage", (stage, stack) => {
      const d = stageWideSettings(stack, stage) ?? {};
      const ok =
        typeof d.throttling_burst_limit === "number" &&
        d.throttling_burst_limit > 0 &&
        typeof d.throttling_rate_limit === "number" &&
        d.throttling_rate_limit > 0;
      return (
        !ok &&
        `stage-wide (*/*) method settings throttle burst ${shown(d.throttling_burst_limit)}, rate ${shown(d.throttling_rate_limit)}: set both > 0 (otherwise only the account's regional limit applies)`
      );
    }),
  }),
  stackRule({
    id: "apigw-rest-method-authorization",
    title: "REST API methods have an authorizer or require an API key (or the service authenticates: suppress with that reason)",
    refs: ["CKV_AWS_59", "AWS-0004"],
    // A warning, as apigw-route-authorization for HTTP routes: a public API whose services
    // authenticate their callers is a legitimate design. CORS preflights answered by a
    // MOCK integration reach no backend.
    severity: "warning",
    check: eachResource(
      "aws_api_gateway_method",
      (m, stack) =>
        (m.values.authorization ?? "NONE") === "NONE" &&
        m.values.api_key_required !== true &&
        !isMockPreflight(stack, m) &&
        `${shown(m.values.http_method)} has authorization NONE and no api_key_required: requests reach the backend unauthenticated and unmetered`,
    ),
  }),
  stackRule({
    id: "apigw-rest-api-key-required",
    title: "Every method of a REST API whose stage a usage plan binds requires an API key",
    refs: ["CKV_AWS_59", "guide:Rate Limiting Configuration"],
    // A usage plan meters only requests that carry a key, and API Gateway asks for one only
    // where api_key_required is true: any other method lets every client past its plan's
    // throttle and quota. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
    check: (stack) => {
      const plansByApi = new Map<string, string[]>();
      for (const plan of stack.resources("aws_api_gateway_usage_plan")) {
        for (const s of blocks(plan.values.api_stages)) {
          for (const api of stack.targets(s.api_id, REST_API)) plansByApi.set(api.address, [...(plansByApi.get(api.address) ?? []), plan.address]);
        }
      }
      return stack.resources("aws_api_gateway_method").flatMap((m) => {
        const api = stack.target(m.values.rest_api_id, REST_API);
        const plans = api ? plansByApi.get(api.address) : undefined;
        if (!plans || m.values.api_key_required === true || isMockPreflight(stack, m)) return [];
        return [
          {
            address: m.address,
            message: `api_key_required is ${shown(m.values.api_key_required)} while ${[...new Set(plans)].join(", ")} bind${plans.length === 1 ? "s" : ""} a stage of ${api!.address}: requests without a key skip every plan's throttle and quota; set api_key_required = true`,
          },
        ];
      });
    },
  }),
  stackRule({
    id: "apigw-rest-tls",
    title: 'REST custom domains are REGIONAL and require TLS 1.2 or newer (security_policy "TLS_1_2")',
    refs: ["CKV_AWS_206", "AWS-0005"],
    check: eachResource("aws_api_gateway_domain_name", (d) => {
      const problems: string[] = [];
      if (!modernRestPolicy(d.values.security_policy)) {
        problems.push(`security_policy is ${shown(d.values.security_policy)}, must be "TLS_1_2" (or an enhanced policy with a TLS 1.2+ minimum)`);
      }
      const types = strings(block(d.values.endpoint_configuration).types);
      if (!(types.length === 1 && types[0] === "REGIONAL")) {
        problems.push(
          `endpoint_configuration.types is ${shown(types.length > 0 ? types : undefined)} (EDGE when unset), must be ["REGIONAL"]: Cloudflare is the edge, and an edge-optimized domain adds a CloudFront distribution in front of it`,
        );
      }
      return problems;
    }),
  }),
  stackRule({
    id: "apigw-rest-execute-api-disabled",
    title: "REST APIs behind a custom domain disable the default execute-api endpoint",
    refs: ["guide:API Gateway"],
    check: eachResource(REST_API, (api, stack) => {
      const mapped =
        stack.referrers(api, "aws_api_gateway_base_path_mapping", "api_id").length > 0 ||
        stack.referrers(api, "aws_apigatewayv2_api_mapping", "api_id").length > 0;
      return (
        mapped &&
        api.values.disable_execute_api_endpoint !== true &&
        "is mapped to a custom domain but disable_execute_api_endpoint is not true: clients could bypass Cloudflare (and its TLS and rate limits) through https://<id>.execute-api.<region>.amazonaws.com/<stage>"
      );
    }),
  }),
  stackRule({
    id: "acm-create-before-destroy",
    title: "ACM certificates are replaced create-before-destroy",
    refs: ["CKV_AWS_233"],
    check: eachResource(
      "aws_acm_certificate",
      (c) =>
        block(c.values.lifecycle).create_before_destroy !== true &&
        "lifecycle.create_before_destroy is not true: a replacement would leave the domain without a certificate",
    ),
  }),
  stackRule({
    id: "acm-transparency-logging",
    title: "ACM certificates keep certificate transparency logging",
    refs: ["CKV_AWS_234"],
    check: eachResource(
      "aws_acm_certificate",
      (c) =>
        block(c.values.options).certificate_transparency_logging_preference === "DISABLED" && "options.certificate_transparency_logging_preference is DISABLED",
    ),
  }),
];

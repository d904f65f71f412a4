import { block, strings } from "../tf";
import { StackRule } from "../types";
import { eachResource, isSet, shown, stackRule } from "./helpers";

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

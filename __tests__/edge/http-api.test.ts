import "cdktf/lib/testing/adapters/jest";
import { TerraformStack, Testing } from "cdktf";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { LogRetentionDays } from "../../src/core/aws-facts";
import { EnvironmentConfig } from "../../src/config/environment";
import { HttpApiProps } from "../../src/edge/http-api";
import { NetworkRef } from "../../src/network/network-ref";
import { ref, resources, TfJson } from "../support/synth";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";
import { FakeService, fakeNamespace, routeOptions, envHttpApi } from "./fakes";

describe("HttpApi", () => {
  const build = (props: Partial<HttpApiProps> = {}, env: EnvironmentConfig = testEnv("prod")) => {
    const stack: TerraformStack = testStack();
    const network: NetworkRef = fakeNetwork(stack);
    const namespace = fakeNamespace(stack, network);
    const api = envHttpApi(stack, env, network, props);
    const service = (name: string, port = 8080) => new FakeService(stack, name, { name, port, network, namespaceId: namespace.id });
    return { stack, api, service };
  };
  const only = (json: TfJson, type: string): TfJson => {
    const all = Object.values(resources(json, type));
    expect(all).toHaveLength(1);
    return all[0];
  };
  /** The synthesized stack, after checking it has exactly one resource of `type` (the matchers look for any). */
  const synthWithOne = (stack: TerraformStack, type: string): string => {
    const json = Testing.synth(stack);
    only(JSON.parse(json), type);
    return json;
  };
  const integrationRef = (name: string) => `integrations/${ref("aws_apigatewayv2_integration", name, "id")}`;

  describe("the API", () => {
    it("is an HTTP API whose execute-api endpoint is off by default, without CORS", () => {
      // GIVEN / WHEN an API with default props
      const { stack } = build();
      // THEN clients can reach it only through the custom domain
      const api = only(synthJson(stack), "aws_apigatewayv2_api");
      expect(api).toMatchObject({ name: "platform-prod-api", protocol_type: "HTTP", disable_execute_api_endpoint: true });
      expect(api.cors_configuration).toBeUndefined();
    });

    it("keeps the execute-api endpoint when asked to", () => {
      // GIVEN / WHEN an API that keeps its execute-api endpoint
      const { stack } = build({ disableExecuteApiEndpoint: false });
      // THEN the one API leaves the endpoint on
      expect(synthWithOne(stack, "aws_apigatewayv2_api")).toHaveResourceWithProperties(Apigatewayv2Api, { disable_execute_api_endpoint: false });
    });

    it("allows exact https CORS origins", () => {
      // GIVEN / WHEN an API with one CORS origin
      const { stack } = build({ corsAllowOrigins: ["https://app.example.com"] });
      // THEN its CORS configuration allows exactly that origin
      expect(Testing.synth(stack)).toHaveResourceWithProperties(Apigatewayv2Api, {
        cors_configuration: expect.objectContaining({ allow_origins: ["https://app.example.com"] }),
      });
    });

    it.each([["*"], ["http://app.example.com"], ["https://app.example.com/"]])("rejects the CORS origin %s", (origin) => {
      // GIVEN a wildcard, http or trailing-slash origin / WHEN building / THEN the error names it
      expect(() => build({ corsAllowOrigins: [origin] })).toThrow(
        new RegExp(`test/api: corsAllowOrigins entries must be exact https origins .* got "${origin.replace(/[*./]/g, "\\$&")}"`),
      );
    });

    it("rejects an empty CORS origin list", () => {
      // GIVEN an empty origin list / WHEN building / THEN the error says so
      expect(() => build({ corsAllowOrigins: [] })).toThrow(/test\/api: corsAllowOrigins must list at least one origin when set, got an empty list/);
    });
  });

  describe("the $default stage", () => {
    it("auto-deploys and writes JSON access logs to an encrypted log group with retention", () => {
      // GIVEN the prod environment
      // WHEN its API is built
      const { stack, api } = build();
      const json = synthJson(stack);
      // THEN the stage is $default, auto-deployed, logging to the group by reference
      const stage = only(json, "aws_apigatewayv2_stage");
      expect(stage).toMatchObject({ name: "$default", auto_deploy: true, api_id: ref("aws_apigatewayv2_api", api.api.friendlyUniqueId, "id") });
      expect(stage.access_log_settings.destination_arn).toBe(ref("aws_cloudwatch_log_group", api.accessLogs.logGroup.friendlyUniqueId, "arn"));
      const format = JSON.parse(stage.access_log_settings.format);
      expect(format).toMatchObject({
        requestId: "$context.requestId",
        ip: "$context.identity.sourceIp",
        routeKey: "$context.routeKey",
        status: "$context.status",
        protocol: "$context.protocol",
        httpMethod: "$context.httpMethod",
        path: "$context.path",
        responseLatency: "$context.responseLatency",
        integrationLatency: "$context.integrationLatency",
        integrationErrorMessage: "$context.integrationErrorMessage",
      });
      expect(Testing.synth(stack)).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: "/aws/apigateway/platform-prod-api/access",
        retention_in_days: 365,
        kms_key_id: "arn:aws:kms:eu-west-1:111122223333:key/test",
      });
    });

    it("throttles every route from the environment's api settings, with detailed metrics in prod", () => {
      // GIVEN / WHEN prod's API
      const { stack } = build();
      // THEN the one stage's default route settings are prod's (matched whole)
      expect(synthWithOne(stack, "aws_apigatewayv2_stage")).toHaveResourceWithProperties(Apigatewayv2Stage, {
        default_route_settings: { throttling_burst_limit: 500, throttling_rate_limit: 250, detailed_metrics_enabled: true },
      });
    });

    it("uses dev's smaller limits and no detailed metrics in dev", () => {
      // GIVEN / WHEN dev's API
      const { stack } = build({}, testEnv("dev"));
      // THEN the one stage's default route settings are dev's (matched whole)
      expect(synthWithOne(stack, "aws_apigatewayv2_stage")).toHaveResourceWithProperties(Apigatewayv2Stage, {
        default_route_settings: { throttling_burst_limit: 50, throttling_rate_limit: 25, detailed_metrics_enabled: false },
      });
    });

    it("has no per-route settings while no service asks for them", () => {
      // GIVEN an API
      const { stack, api, service } = build();
      // WHEN a service without a throttle is added
      api.addService(service("orders"), routeOptions("orders"));
      // THEN the stage has no route_settings
      expect(only(synthJson(stack), "aws_apigatewayv2_stage").route_settings).toBeUndefined();
    });

    it.each([
      [{ burstLimit: 0, rateLimit: 10 }, /throttle\.burstLimit must be an integer > 0, got 0/],
      [{ burstLimit: 2.5, rateLimit: 10 }, /throttle\.burstLimit must be an integer > 0, got 2.5/],
      [{ burstLimit: 10, rateLimit: 0 }, /throttle\.rateLimit must be > 0, got 0/],
      [{ burstLimit: 10, rateLimit: -1 }, /throttle\.rateLimit must be > 0, got -1/],
    ])("rejects the stage throttle %j", (throttle, message) => {
      // GIVEN an invalid stage throttle / WHEN building / THEN the error names the API's path and the value
      expect(() => build({ throttle })).toThrow(message);
      expect(() => build({ throttle })).toThrow(/^test\/api: /);
    });

    it("rejects an access log retention CloudWatch does not offer", () => {
      // GIVEN 42 days / WHEN building / THEN the access-log construct names the prop and the value
      expect(() => build({ logRetentionDays: 42 as LogRetentionDays })).toThrow(/test\/api\/access-logs: logRetentionDays must be one of .* got 42/);
    });
  });

  describe("addService", () => {
    it("creates a private integration to the service's Cloud Map service through the VPC link", () => {
      // GIVEN two services
      const { stack, api, service } = build();
      const orders = service("orders");
      const catalog = service("catalog", 9090);
      // WHEN both are added
      const o = api.addService(orders, routeOptions("orders"));
      const c = api.addService(catalog, routeOptions("catalog"));
      // THEN each integration points at its own service's Cloud Map ARN, through the link
      const integrations = resources(synthJson(stack), "aws_apigatewayv2_integration");
      expect(Object.keys(integrations)).toHaveLength(2);
      for (const [result, svc] of [
        [o, orders],
        [c, catalog],
      ] as const) {
        expect(integrations[result.integration.friendlyUniqueId]).toEqual({
          api_id: ref("aws_apigatewayv2_api", api.api.friendlyUniqueId, "id"),
          description: `${svc.name} via Cloud Map (SRV)`,
          integration_type: "HTTP_PROXY",
          connection_type: "VPC_LINK",
          connection_id: ref("aws_apigatewayv2_vpc_link", api.vpcLink.vpcLink.friendlyUniqueId, "id"),
          integration_uri: ref("aws_service_discovery_service", svc.cloudMap.friendlyUniqueId, "arn"),
          integration_method: "ANY",
          payload_format_version: "1.0",
        });
      }
    });

    it("routes ANY <prefix> and ANY <prefix>/{proxy+} to the service's integration, authorization NONE", () => {
      // GIVEN an API
      const { stack, api, service } = build();
      // WHEN a service is added
      const result = api.addService(service("orders"), routeOptions("orders"));
      // THEN exactly its two routes exist, both to its integration, unauthorized (the service authorizes)
      const routes = resources(synthJson(stack), "aws_apigatewayv2_route");
      expect(
        Object.values(routes)
          .map((r) => r.route_key)
          .sort(),
      ).toEqual(["ANY /orders", "ANY /orders/{proxy+}"]);
      for (const route of Object.values(routes)) {
        expect(route).toEqual({
          api_id: ref("aws_apigatewayv2_api", api.api.friendlyUniqueId, "id"),
          route_key: route.route_key,
          target: integrationRef(result.integration.friendlyUniqueId),
          authorization_type: "NONE",
        });
      }
      expect(Object.keys(result.routes).sort()).toEqual(["ANY /orders", "ANY /orders/{proxy+}"]);
    });

    it("gives $default to the service that owns it", () => {
      // GIVEN an API with one service
      const { stack, api, service } = build();
      api.addService(service("catalog"), routeOptions("catalog"));
      // WHEN a second service claims $default
      const result = api.addService(service("orders"), routeOptions("orders", { defaultRoute: true }));
      // THEN $default goes to its integration, besides both services' two routes
      const routes = Object.values(resources(synthJson(stack), "aws_apigatewayv2_route"));
      const byKey = Object.fromEntries(routes.map((r) => [r.route_key, r.target]));
      expect(byKey.$default).toBe(integrationRef(result.integration.friendlyUniqueId));
      expect(Object.keys(byKey)).toHaveLength(5);
      expect(api.routes.$default).toBe(result.routes.$default);
    });

    it("strips the prefix: {proxy+} maps to /<proxy>, the bare prefix to /, $default forwards unchanged", () => {
      // GIVEN a service with stripPrefix that also owns $default
      const { stack, api, service } = build();
      const orders = service("orders");
      // WHEN it is added
      const result = api.addService(orders, routeOptions("orders", { stripPrefix: true, defaultRoute: true }));
      const json = synthJson(stack);
      const integrations = resources(json, "aws_apigatewayv2_integration");
      const routes = Object.values(resources(json, "aws_apigatewayv2_route"));
      const integrationOf = (key: string) => {
        const target = routes.find((r) => r.route_key === key)?.target as string;
        const name = /aws_apigatewayv2_integration\.([^.]+)\.id/.exec(target)?.[1] as string;
        return integrations[name];
      };
      // THEN each route's integration rewrites the path as documented
      expect(integrationOf("ANY /orders/{proxy+}").request_parameters).toEqual({ "overwrite:path": "/$request.path.proxy" });
      expect(integrationOf("ANY /orders").request_parameters).toEqual({ "overwrite:path": "/" });
      expect(integrationOf("$default").request_parameters).toBeUndefined();
      expect(integrations[result.integration.friendlyUniqueId].request_parameters).toEqual({ "overwrite:path": "/$request.path.proxy" });
      // AND every one of them still goes to this service through the VPC link
      for (const integration of Object.values(integrations)) {
        expect(integration.integration_uri).toBe(ref("aws_service_discovery_service", orders.cloudMap.friendlyUniqueId, "arn"));
        expect(integration.connection_id).toBe(ref("aws_apigatewayv2_vpc_link", api.vpcLink.vpcLink.friendlyUniqueId, "id"));
      }
    });

    it("opens the VPC link to each service's port through the service's allowFrom, and nothing else", () => {
      // GIVEN two services on different ports
      const { stack, api, service } = build();
      const orders = service("orders", 8080);
      const catalog = service("catalog", 9090);
      // WHEN both are added
      api.addService(orders, routeOptions("orders"));
      api.addService(catalog, routeOptions("catalog"));
      const json = synthJson(stack);
      const linkSg = ref("aws_security_group", api.vpcLink.securityGroup.friendlyUniqueId, "id");
      // THEN the link's egress goes to each service group on its port only
      const egress = Object.values(resources(json, "aws_vpc_security_group_egress_rule"));
      expect(egress.map((r) => [r.security_group_id, r.referenced_security_group_id, r.from_port, r.to_port, r.ip_protocol]).sort()).toEqual(
        [
          [linkSg, ref("aws_security_group", catalog.securityGroup.friendlyUniqueId, "id"), 9090, 9090, "tcp"],
          [linkSg, ref("aws_security_group", orders.securityGroup.friendlyUniqueId, "id"), 8080, 8080, "tcp"],
        ].sort(),
      );
      // AND each service admits the link's group on its port
      const ingress = Object.values(resources(json, "aws_vpc_security_group_ingress_rule"));
      expect(ingress.map((r) => [r.security_group_id, r.referenced_security_group_id, r.from_port]).sort()).toEqual(
        [
          [ref("aws_security_group", catalog.securityGroup.friendlyUniqueId, "id"), linkSg, 9090],
          [ref("aws_security_group", orders.securityGroup.friendlyUniqueId, "id"), linkSg, 8080],
        ].sort(),
      );
      // AND nothing may connect to the link itself
      expect(ingress.filter((r) => r.security_group_id === linkSg)).toEqual([]);
      for (const rule of [...egress, ...ingress]) expect(rule.description).toMatch(/^API Gateway VPC link to /);
    });

    it("throttles a service's routes with its own limits, referencing the routes", () => {
      // GIVEN an API
      const { stack, api, service } = build();
      // WHEN a throttled service owning $default and an unthrottled one are added
      const result = api.addService(service("orders"), routeOptions("orders", { defaultRoute: true, throttle: { burstLimit: 20, rateLimit: 10 } }));
      api.addService(service("catalog"), routeOptions("catalog"));
      // THEN the stage has one setting per route of the throttled service, by reference, with its limits
      const settings = only(synthJson(stack), "aws_apigatewayv2_stage").route_settings as TfJson[];
      expect(settings).toHaveLength(3);
      expect(settings.map((s) => s.route_key).sort()).toEqual(
        Object.values(result.routes)
          .map((r) => ref("aws_apigatewayv2_route", r.friendlyUniqueId, "route_key"))
          .sort(),
      );
      for (const s of settings) {
        expect(s).toMatchObject({ throttling_burst_limit: 20, throttling_rate_limit: 10, detailed_metrics_enabled: true });
      }
    });

    it("keeps per-route settings of earlier services when later ones add theirs", () => {
      // GIVEN an API
      const { stack, api, service } = build();
      // WHEN two services with different throttles are added
      api.addService(service("orders"), routeOptions("orders", { throttle: { burstLimit: 20, rateLimit: 10 } }));
      api.addService(service("catalog"), routeOptions("catalog", { throttle: { burstLimit: 4, rateLimit: 2 } }));
      // THEN the stage keeps both services' settings, two routes each
      expect(Testing.synth(stack)).toHaveResourceWithProperties(Apigatewayv2Stage, {
        route_settings: expect.arrayContaining([
          expect.objectContaining({ throttling_burst_limit: 20 }),
          expect.objectContaining({ throttling_burst_limit: 4 }),
        ]),
      });
      expect(only(synthJson(stack), "aws_apigatewayv2_stage").route_settings).toHaveLength(4);
    });

    it.each([
      [{ burstLimit: 0, rateLimit: 1 }, /service orders throttle\.burstLimit must be an integer > 0, got 0/],
      [{ burstLimit: 1, rateLimit: 0 }, /service orders throttle\.rateLimit must be > 0, got 0/],
    ])("rejects the service throttle %j", (throttle, message) => {
      // GIVEN an API / WHEN a service with an invalid throttle is added / THEN the error names the service and value
      const { api, service } = build();
      expect(() => api.addService(service("orders"), routeOptions("orders", { throttle }))).toThrow(message);
    });

    it("rejects a route key another service already has", () => {
      // GIVEN a service on /shop / WHEN another claims /shop / THEN the error names both services
      const { api, service } = build();
      api.addService(service("orders"), routeOptions("orders", { pathPrefix: "/shop" }));
      expect(() => api.addService(service("catalog"), routeOptions("catalog", { pathPrefix: "/shop" }))).toThrow(
        /test\/api: service "catalog": route "ANY \/shop" is already routed to service "orders"; route keys must be unique/,
      );
    });

    it("rejects a second owner of $default", () => {
      // GIVEN a service owning $default / WHEN another claims it / THEN the error names both services
      const { api, service } = build();
      api.addService(service("orders"), routeOptions("orders", { defaultRoute: true }));
      expect(() => api.addService(service("catalog"), routeOptions("catalog", { defaultRoute: true }))).toThrow(
        /service "catalog": route "\$default" is already routed to service "orders"/,
      );
    });

    it.each(["orders", "/orders/", "/", "/orders/{id}", "/or ders", "/$default"])("rejects the pathPrefix %j", (pathPrefix) => {
      // GIVEN an invalid prefix / WHEN the service is added / THEN the error names the service, rule and value
      const { api, service } = build();
      expect(() => api.addService(service("orders"), routeOptions("orders", { pathPrefix }))).toThrow(
        `test/api: service "orders": pathPrefix must start with '/', have no trailing '/' and use URL-safe segments (no '{', '$' or spaces), got ${JSON.stringify(pathPrefix)}`,
      );
    });

    it("creates nothing for a rejected service", () => {
      // GIVEN an API and a service
      const { stack, api, service } = build();
      const orders = service("orders");
      // WHEN adding the service fails validation
      expect(() => api.addService(orders, routeOptions("orders", { pathPrefix: "bad" }))).toThrow();
      // THEN no integration or security group rule was left behind
      const json = synthJson(stack);
      expect(resources(json, "aws_apigatewayv2_integration")).toEqual({});
      expect(resources(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
    });
  });

  describe("with NLB listeners (targets: loadBalancer)", () => {
    it("integrates with the listener, admits the VPC link to the load balancer on the listener port, and not to the service", () => {
      // GIVEN a service fronted by an NLB listener on port 10001
      const { stack, api, service } = build();
      const orders = service("orders");
      const nlbGroup = new SecurityGroup(stack, "nlb-sg", { vpcId: "vpc-1", description: "nlb" });
      const nlb = { node: nlbGroup.node, securityGroupId: nlbGroup.id };
      const listenerArn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/net/platform-prod-nlb/50dc6c495c0c9188/f2f7dc8efc522ab2";
      api.addService(orders, routeOptions("orders", { loadBalancer: { listenerArn, listenerPort: 10001, loadBalancer: nlb } }));
      // WHEN synthesized
      const json = synthJson(stack);
      // THEN the integration's URI is the listener, over the VPC link
      const integration = only(json, "aws_apigatewayv2_integration");
      expect(integration).toMatchObject({ integration_uri: listenerArn, connection_type: "VPC_LINK", integration_type: "HTTP_PROXY" });
      // AND the only ingress the link gets is on the NLB group, on the listener port
      const ingress = Object.values<TfJson>(resources(json, "aws_vpc_security_group_ingress_rule"));
      expect(ingress.map((r) => [r.security_group_id, r.from_port])).toEqual([[ref("aws_security_group", "nlb-sg", "id"), 10001]]);
      const egress = Object.values<TfJson>(resources(json, "aws_vpc_security_group_egress_rule")).filter(
        (r) => r.referenced_security_group_id === ref("aws_security_group", "nlb-sg", "id"),
      );
      expect(egress.map((r) => r.from_port)).toEqual([10001]);
    });
  });
});

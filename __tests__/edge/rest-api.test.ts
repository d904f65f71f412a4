import "cdktf/lib/testing/adapters/jest";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { ApiGatewayVpcLink } from "@cdktf/provider-aws/lib/api-gateway-vpc-link";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { EnvironmentConfig } from "../../src/config/environment";
import { LogRetentionDays } from "../../src/core/aws-facts";
import { escapePath, QuotaPeriod, RestApi, RestApiExecutionLogging, RestApiProps } from "../../src/edge/rest-api";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { ref, refOf, resourceOf, resources, TfJson } from "../support/synth";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";
import { envRestApi, FAKE_NLB_ARN, fakeNlb, restRouteOptions } from "./rest-fakes";

describe("RestApi", () => {
  const build = (props: Partial<RestApiProps> = {}, env: EnvironmentConfig = testEnv("prod")) => {
    const stack: TerraformStack = testStack();
    const nlb: Lb = fakeNlb(stack, fakeNetwork(stack));
    const api = envRestApi(stack, env, nlb, props);
    return { stack, api, nlb };
  };
  const only = (json: TfJson, type: string): TfJson => {
    const all = Object.values(resources(json, type));
    expect(all).toHaveLength(1);
    return all[0];
  };
  /** The route's method and integration, as synthesized. */
  const routeJson = (json: TfJson, api: RestApi, path: string) => {
    const route = api.routes[path];
    expect(route).toBeDefined();
    return { method: resourceOf(json, route.method), integration: resourceOf(json, route.integration) };
  };
  const apiId = (api: RestApi) => refOf(api.api, "id");
  const nlbDns = (nlb: Lb) => refOf(nlb, "dns_name");

  describe("the API and its VPC link", () => {
    it("is a regional REST API whose execute-api endpoint is off and whose keys come in a header", () => {
      // GIVEN / WHEN prod's API with default props
      const { stack, api } = build();
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001));
      // THEN clients reach it only through the custom domain (matched whole)
      expect(only(synthJson(stack), "aws_api_gateway_rest_api")).toEqual({
        name: "platform-prod-api",
        description: "platform-prod: public entry to the services",
        endpoint_configuration: { types: ["REGIONAL"] },
        disable_execute_api_endpoint: true,
        api_key_source: "HEADER",
      });
    });

    it("keeps the execute-api endpoint when asked to", () => {
      // GIVEN / WHEN an API that keeps its endpoint
      const { stack } = build({ disableExecuteApiEndpoint: false });
      // THEN the endpoint stays on
      expect(Testing.synth(stack)).toHaveResourceWithProperties(ApiGatewayRestApi, { disable_execute_api_endpoint: false });
    });

    it("links to the NLB by reference to its ARN (VPC link v1)", () => {
      // GIVEN / WHEN an API in front of a real NLB
      const { stack, api, nlb } = build();
      // THEN the one VPC link targets exactly that NLB
      const json = synthJson(stack);
      const link = only(json, "aws_api_gateway_vpc_link");
      expect(resourceOf(json, api.vpcLink)).toBe(link);
      expect(link).toEqual({
        name: "platform-prod-rest-vpc-link",
        description: expect.stringMatching(/private integrations to the internal NLB/),
        target_arns: [refOf(nlb, "arn")],
      });
    });

    it("accepts a literal NLB ARN", () => {
      // GIVEN / WHEN an API given a well-formed NLB ARN literal
      const stack = testStack();
      new RestApi(stack, "api", {
        naming: testEnv("dev"),
        vpcLinkTarget: { loadBalancerArn: FAKE_NLB_ARN, dnsName: "nlb.example.internal" },
        throttle: { burstLimit: 10, rateLimit: 5 },
        logRetentionDays: 30,
        encryptionKey: { keyArn: "arn:aws:kms:eu-west-1:111122223333:key/test" },
      });
      // THEN the link targets it
      expect(Testing.synth(stack)).toHaveResourceWithProperties(ApiGatewayVpcLink, { target_arns: [FAKE_NLB_ARN] });
    });
  });

  describe("addService: resources, methods and integrations", () => {
    it("creates /<prefix> and /<prefix>/{proxy+} under the root, and intermediate resources for nested prefixes, shared", () => {
      // GIVEN an API
      const { stack, api } = build();
      // WHEN one service at /catalog and two under /v1 are added
      api.addService({ name: "catalog" }, restRouteOptions("catalog", 10001));
      api.addService({ name: "orders" }, restRouteOptions("orders", 10002, { pathPrefix: "/v1/orders" }));
      api.addService({ name: "users" }, restRouteOptions("users", 10003, { pathPrefix: "/v1/users" }));
      const json = synthJson(stack);
      // THEN the resource tree is exactly this, each part under its parent by reference (one shared /v1)
      const all = resources(json, "aws_api_gateway_resource");
      const byId = Object.fromEntries(Object.entries(all).map(([name, r]) => [ref("aws_api_gateway_resource", name, "id"), r]));
      const pathOf = (r: TfJson): string => {
        const parent = byId[r.parent_id];
        if (parent) return `${pathOf(parent)}/${r.path_part}`;
        expect(r.parent_id).toBe(refOf(api.api, "root_resource_id"));
        return `/${r.path_part}`;
      };
      expect(Object.values(all).map(pathOf).sort()).toEqual([
        "/catalog",
        "/catalog/{proxy+}",
        "/v1",
        "/v1/orders",
        "/v1/orders/{proxy+}",
        "/v1/users",
        "/v1/users/{proxy+}",
      ]);
      for (const r of Object.values(all)) expect(r.rest_api_id).toBe(apiId(api));
      // AND methods exist only on the routed resources, not on /v1
      expect(Object.keys(api.routes).sort()).toEqual(["/catalog", "/catalog/{proxy+}", "/v1/orders", "/v1/orders/{proxy+}", "/v1/users", "/v1/users/{proxy+}"]);
      expect(Object.keys(resources(json, "aws_api_gateway_method"))).toHaveLength(6);
    });

    it("puts an open ANY method on each resource, declaring the proxy path parameter on {proxy+}", () => {
      // GIVEN an API without client profiles
      const { stack, api } = build();
      // WHEN a service is added
      const { routes } = api.addService({ name: "orders" }, restRouteOptions("orders", 10001));
      const json = synthJson(stack);
      // THEN each method is ANY on its own resource, authorization NONE, no API key (matched whole)
      expect(routeJson(json, api, "/orders").method).toEqual({
        rest_api_id: apiId(api),
        resource_id: refOf(routes["/orders"].resource!, "id"),
        http_method: "ANY",
        authorization: "NONE",
        api_key_required: false,
      });
      expect(routeJson(json, api, "/orders/{proxy+}").method).toEqual({
        rest_api_id: apiId(api),
        resource_id: refOf(routes["/orders/{proxy+}"].resource!, "id"),
        http_method: "ANY",
        authorization: "NONE",
        api_key_required: false,
        request_parameters: { "method.request.path.proxy": true },
      });
    });

    it("integrates each method as HTTP_PROXY over the VPC link with the NLB's DNS name and the listener port, passing the path through", () => {
      // GIVEN an API in front of a real NLB
      const { stack, api, nlb } = build();
      // WHEN a service on listener 10001 is added without stripPrefix
      const { routes } = api.addService({ name: "orders" }, restRouteOptions("orders", 10001));
      const json = synthJson(stack);
      // THEN the bare prefix goes to /orders and {proxy+} to /orders/{proxy}, the proxy mapped (matched whole)
      const common = {
        rest_api_id: apiId(api),
        type: "HTTP_PROXY",
        integration_http_method: "ANY",
        connection_type: "VPC_LINK",
        connection_id: refOf(api.vpcLink, "id"),
      };
      expect(routeJson(json, api, "/orders").integration).toEqual({
        ...common,
        resource_id: refOf(routes["/orders"].resource!, "id"),
        http_method: refOf(routes["/orders"].method, "http_method"),
        uri: `http://${nlbDns(nlb)}:10001/orders`,
      });
      expect(routeJson(json, api, "/orders/{proxy+}").integration).toEqual({
        ...common,
        resource_id: refOf(routes["/orders/{proxy+}"].resource!, "id"),
        http_method: refOf(routes["/orders/{proxy+}"].method, "http_method"),
        uri: `http://${nlbDns(nlb)}:10001/orders/{proxy}`,
        request_parameters: { "integration.request.path.proxy": "method.request.path.proxy" },
      });
    });

    it.each([
      [false, "/v1/orders", "/v1/orders/{proxy}"],
      [true, "/", "/{proxy}"],
    ])("with stripPrefix %s sends /v1/orders to %s and /v1/orders/{proxy+} to %s", (stripPrefix, bare, proxy) => {
      // GIVEN an API
      const { stack, api, nlb } = build();
      // WHEN a service under a nested prefix is added
      api.addService({ name: "orders" }, restRouteOptions("orders", 10002, { pathPrefix: "/v1/orders", stripPrefix }));
      const json = synthJson(stack);
      // THEN the backend paths are as documented, on the service's listener
      expect(routeJson(json, api, "/v1/orders").integration.uri).toBe(`http://${nlbDns(nlb)}:10002${bare}`);
      expect(routeJson(json, api, "/v1/orders/{proxy+}").integration.uri).toBe(`http://${nlbDns(nlb)}:10002${proxy}`);
      expect(routeJson(json, api, "/v1/orders/{proxy+}").integration.request_parameters).toEqual({
        "integration.request.path.proxy": "method.request.path.proxy",
      });
    });

    it("gives the default route (/ and /{proxy+} at the root) to its service, forwarding paths unchanged even with stripPrefix", () => {
      // GIVEN an API with one ordinary service
      const { stack, api, nlb } = build();
      api.addService({ name: "catalog" }, restRouteOptions("catalog", 10001));
      // WHEN a stripping service claims the default route
      api.addService({ name: "orders" }, restRouteOptions("orders", 10002, { stripPrefix: true, defaultRoute: true }));
      const json = synthJson(stack);
      // THEN / is a method on the API's root resource and /{proxy+} a resource under it, both to the service, unchanged
      const root = routeJson(json, api, "/");
      expect(root.method.resource_id).toBe(refOf(api.api, "root_resource_id"));
      expect(root.integration.resource_id).toBe(refOf(api.api, "root_resource_id"));
      expect(root.integration.uri).toBe(`http://${nlbDns(nlb)}:10002/`);
      expect(api.routes["/"].resource).toBeUndefined();
      const rootProxy = routeJson(json, api, "/{proxy+}");
      expect(resourceOf(json, api.routes["/{proxy+}"].resource!)).toEqual({
        rest_api_id: apiId(api),
        parent_id: refOf(api.api, "root_resource_id"),
        path_part: "{proxy+}",
      });
      expect(rootProxy.integration.uri).toBe(`http://${nlbDns(nlb)}:10002/{proxy}`);
      expect(rootProxy.integration.request_parameters).toEqual({ "integration.request.path.proxy": "method.request.path.proxy" });
      // AND the service's own prefix is still stripped
      expect(routeJson(json, api, "/orders").integration.uri).toBe(`http://${nlbDns(nlb)}:10002/`);
      expect(Object.keys(api.routes).sort()).toEqual(["/", "/catalog", "/catalog/{proxy+}", "/orders", "/orders/{proxy+}", "/{proxy+}"]);
    });
  });

  describe("the deployment and the stage", () => {
    it("redeploys on any change: the trigger hashes every resource, method and integration, and the deployment is replaced before destroyed", () => {
      // GIVEN an API
      const { stack, api } = build();
      // WHEN a service under a nested prefix is added
      const { routes } = api.addService({ name: "orders" }, restRouteOptions("orders", 10001, { pathPrefix: "/v1/orders" }));
      const deployment = only(synthJson(stack), "aws_api_gateway_deployment");
      // THEN the deployment belongs to the API, is replaced before destroyed, and its trigger is one sha1 over jsonencode
      expect(deployment.rest_api_id).toBe(apiId(api));
      expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
      const trigger: string = deployment.triggers.redeployment;
      expect(trigger).toMatch(/^\$\{sha1\(jsonencode\(\[.*\]\)\)\}$/s);
      // AND it covers each resource, and each method and integration with the values a deployment snapshots
      const inner = (r: { terraformResourceType: string; friendlyUniqueId: string }, attr: string) =>
        `${r.terraformResourceType}.${r.friendlyUniqueId}.${attr}`;
      for (const path of ["/v1", "/v1/orders", "/v1/orders/{proxy+}"]) {
        const resource = path === "/v1" ? undefined : routes[path].resource;
        if (resource) expect(trigger).toContain(inner(resource, "id"));
      }
      for (const route of Object.values(routes)) {
        for (const attr of ["id", "api_key_required", "authorization"]) expect(trigger).toContain(inner(route.method, attr));
        for (const attr of ["id", "uri", "connection_id", "request_parameters"]) expect(trigger).toContain(inner(route.integration, attr));
      }
      expect(trigger.match(/aws_api_gateway_resource\.[^.]+\.id/g)).toHaveLength(3);
    });

    it("serves the deployment on the 'live' stage with JSON access logs in an encrypted group with retention, after the account's CloudWatch role", () => {
      // GIVEN / WHEN prod's API
      const { stack, api } = build();
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001));
      const json = synthJson(stack);
      // THEN the stage references the deployment and the access log group
      const stage = resourceOf(json, api.stage);
      expect(stage).toMatchObject({
        rest_api_id: apiId(api),
        stage_name: "live",
        deployment_id: refOf(api.deployment, "id"),
        xray_tracing_enabled: false,
        depends_on: [`aws_api_gateway_account.${api.cloudWatchRole!.account.friendlyUniqueId}`],
      });
      expect(stage.access_log_settings.destination_arn).toBe(refOf(api.accessLogs.logGroup, "arn"));
      expect(JSON.parse(stage.access_log_settings.format)).toMatchObject({
        requestId: "$context.requestId",
        extendedRequestId: "$context.extendedRequestId",
        ip: "$context.identity.sourceIp",
        httpMethod: "$context.httpMethod",
        path: "$context.path",
        resourcePath: "$context.resourcePath",
        status: "$context.status",
        responseLatency: "$context.responseLatency",
        integrationLatency: "$context.integration.latency",
        integrationError: "$context.integration.error",
        apiKeyId: "$context.identity.apiKeyId",
      });
      expect(Testing.synth(stack)).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: "/aws/apigateway/platform-prod-api/access",
        retention_in_days: 365,
        kms_key_id: "arn:aws:kms:eu-west-1:111122223333:key/test",
      });
      // AND stageName is a reference to it (what mappings and plans use to wait for the stage)
      new TerraformOutput(stack, "stage", { value: api.stageName });
      expect(synthJson(stack).output.stage.value).toBe(refOf(api.stage, "stage_name"));
    });

    it("turns X-Ray tracing on when asked", () => {
      // GIVEN / WHEN an API with tracing
      const { stack } = build({ tracing: true });
      // THEN the stage traces
      expect(Testing.synth(stack)).toHaveResourceWithProperties(ApiGatewayStage, { xray_tracing_enabled: true });
    });

    it.each([
      ["prod", 500, 250, true],
      ["dev", 50, 25, false],
    ] as const)("throttles every method of %s's stage (*/*) from its api settings, metrics %s, execution logs at ERROR", (envName, burst, rate, metrics) => {
      // GIVEN / WHEN the environment's API
      const { stack, api } = build({}, testEnv(envName));
      const json = synthJson(stack);
      // THEN the stage-wide method settings are exactly these, after the stage and the execution log group
      expect(resourceOf(json, api.methodSettings)).toEqual({
        rest_api_id: apiId(api),
        stage_name: refOf(api.stage, "stage_name"),
        method_path: "*/*",
        settings: {
          throttling_burst_limit: burst,
          throttling_rate_limit: rate,
          metrics_enabled: metrics,
          logging_level: "ERROR",
          data_trace_enabled: false,
        },
        depends_on: [`aws_cloudwatch_log_group.${api.executionLogs!.logGroup.friendlyUniqueId}`],
      });
      expect(Object.keys(resources(json, "aws_api_gateway_method_settings"))).toHaveLength(1);
    });

    it("creates the execution log group API Gateway writes to, encrypted and with retention", () => {
      // GIVEN / WHEN prod's API
      const { stack, api } = build();
      // THEN the group has API Gateway's name for the API's stage
      expect(resourceOf(synthJson(stack), api.executionLogs!.logGroup)).toEqual({
        name: `API-Gateway-Execution-Logs_${apiId(api)}/live`,
        retention_in_days: 365,
        kms_key_id: "arn:aws:kms:eu-west-1:111122223333:key/test",
      });
    });

    it("with execution logging OFF creates no execution log group", () => {
      // GIVEN / WHEN an API without execution logging
      const { stack, api } = build({ executionLogging: "OFF" });
      const json = synthJson(stack);
      // THEN only the access log group exists and the settings log nothing
      expect(api.executionLogs).toBeUndefined();
      expect(Object.values(resources(json, "aws_cloudwatch_log_group")).map((g) => g.name)).toEqual(["/aws/apigateway/platform-prod-api/access"]);
      expect(resourceOf(json, api.methodSettings).settings.logging_level).toBe("OFF");
      expect(resourceOf(json, api.methodSettings).depends_on).toBeUndefined();
    });

    it("throttles a service's methods with its own limits, one setting per method path (JSON-pointer escaped)", () => {
      // GIVEN an API
      const { stack, api } = build();
      // WHEN a throttled service owning the default route and an unthrottled one are added
      const { routes } = api.addService(
        { name: "orders" },
        restRouteOptions("orders", 10001, { pathPrefix: "/v1/orders", defaultRoute: true, throttle: { burstLimit: 20, rateLimit: 10 } }),
      );
      api.addService({ name: "catalog" }, restRouteOptions("catalog", 10002));
      const json = synthJson(stack);
      // THEN each of its four methods has its own settings, on the stage, with its limits
      const paths = Object.values(routes).map((r) => resourceOf(json, r.settings!).method_path);
      expect(paths.sort()).toEqual(["~1/ANY", "~1v1~1orders/ANY", "~1v1~1orders~1{proxy+}/ANY", "~1{proxy+}/ANY"].sort());
      for (const route of Object.values(routes)) {
        expect(resourceOf(json, route.settings!)).toMatchObject({
          stage_name: refOf(api.stage, "stage_name"),
          settings: { throttling_burst_limit: 20, throttling_rate_limit: 10, metrics_enabled: true, logging_level: "ERROR" },
        });
      }
      // AND the other service has none of its own (the stage's */* applies)
      expect(api.routes["/catalog"].settings).toBeUndefined();
      expect(Object.keys(resources(json, "aws_api_gateway_method_settings"))).toHaveLength(5);
    });

    it("escapes '~' before '/' in method paths, so different paths never share one", () => {
      // GIVEN / WHEN paths with '~' / THEN RFC 6901 escaping keeps them apart
      expect(escapePath("/a~1b")).toBe("~1a~01b");
      expect(escapePath("/a/b")).toBe("~1a~1b");
      expect(escapePath("/")).toBe("~1");
    });

    it("rejects an API without services when the app is validated", () => {
      // GIVEN an API without services / WHEN synthesized with validations / THEN the error says why
      const { stack } = build();
      expect(() => Testing.synth(stack, true)).toThrow(/test\/api: a REST API needs at least one service \(addService\)/);
    });
  });

  describe("the region's CloudWatch role", () => {
    it("creates a role only API Gateway assumes, with AWS's push-to-CloudWatch policy, and sets it on the account once attached", () => {
      // GIVEN / WHEN prod's API with the default (create)
      const { stack, api } = build();
      const json = synthJson(stack);
      const role = api.cloudWatchRole!;
      // THEN the role trusts API Gateway only
      const roleJson = resourceOf(json, role.role.role);
      expect(roleJson.name).toBe("platform-prod-apigw-cloudwatch");
      expect(decodeJson(roleJson.assume_role_policy).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
      // AND it has exactly the managed policy, in the stack's partition
      expect(Testing.synth(stack)).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        role: refOf(role.role.role, "name"),
        policy_arn: `arn:${PARTITION}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
      });
      expect(resources(json, "aws_iam_role_policy")).toEqual({});
      // AND the account setting names it, after the attachment
      expect(resourceOf(json, role.account)).toEqual({
        cloudwatch_role_arn: refOf(role.role.role, "arn"),
        depends_on: [`aws_iam_role_policy_attachment.${role.policyAttachment.friendlyUniqueId}`],
      });
    });

    it("creates none with cloudWatchRole 'existing', and the stage waits for nothing", () => {
      // GIVEN / WHEN an API relying on the account's existing role
      const { stack, api } = build({ cloudWatchRole: "existing" });
      // THEN no role or account setting is created
      expect(api.cloudWatchRole).toBeUndefined();
      expect(Testing.synth(stack)).not.toHaveResource(ApiGatewayAccount);
      expect(resources(synthJson(stack), "aws_iam_role")).toEqual({});
      expect(resourceOf(synthJson(stack), api.stage).depends_on).toBeUndefined();
    });
  });

  describe("client profiles and clients", () => {
    it("binds one usage plan per profile to the API's stage, with its throttle and quota", () => {
      // GIVEN an API with a service
      const { stack, api } = build();
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001));
      // WHEN two profiles are added, one with a quota
      const partner = api.addClientProfile({ name: "partner", rateLimit: 50, burstLimit: 100, quota: { limit: 100000, period: "MONTH" } });
      const free = api.addClientProfile({ name: "free", rateLimit: 2, burstLimit: 5 });
      const json = synthJson(stack);
      // THEN each plan is bound to the stage by reference, with its limits (matched whole)
      expect(resourceOf(json, partner)).toEqual({
        name: "platform-prod-partner",
        description: expect.stringMatching(/^Client profile partner/),
        api_stages: [{ api_id: apiId(api), stage: refOf(api.stage, "stage_name") }],
        throttle_settings: { burst_limit: 100, rate_limit: 50 },
        quota_settings: { limit: 100000, period: "MONTH" },
      });
      expect(resourceOf(json, free)).toEqual({
        name: "platform-prod-free",
        description: expect.stringMatching(/^Client profile free/),
        api_stages: [{ api_id: apiId(api), stage: refOf(api.stage, "stage_name") }],
        throttle_settings: { burst_limit: 5, rate_limit: 2 },
      });
      expect(api.usagePlans).toEqual({ partner, free });
    });

    it("gives each client a generated, enabled API key in its profile's plan, and exposes only the key ids", () => {
      // GIVEN an API with two profiles
      const { stack, api } = build();
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001));
      const partner = api.addClientProfile({ name: "partner", rateLimit: 50, burstLimit: 100 });
      const free = api.addClientProfile({ name: "free", rateLimit: 2, burstLimit: 5 });
      // WHEN two clients are added
      const acme = api.addClient({ name: "acme", profile: "partner" });
      const hobby = api.addClient({ name: "hobby", profile: "free" });
      const json = synthJson(stack);
      // THEN each key is named for the client, enabled, and has no value set (API Gateway generates it)
      expect(resourceOf(json, acme.apiKey)).toEqual({ name: "platform-prod-acme", description: "Client acme (profile partner)", enabled: true });
      expect(resourceOf(json, hobby.apiKey)).toEqual({ name: "platform-prod-hobby", description: "Client hobby (profile free)", enabled: true });
      // AND each plan key references its key and its profile's plan
      expect(resourceOf(json, acme.usagePlanKey)).toEqual({ key_id: refOf(acme.apiKey, "id"), key_type: "API_KEY", usage_plan_id: refOf(partner, "id") });
      expect(resourceOf(json, hobby.usagePlanKey)).toEqual({ key_id: refOf(hobby.apiKey, "id"), key_type: "API_KEY", usage_plan_id: refOf(free, "id") });
      // AND the ids, never the values, are exposed for outputs
      for (const client of Object.keys(api.apiKeyIds)) new TerraformOutput(stack, `key-${client}`, { value: api.apiKeyIds[client] });
      const outputs = synthJson(stack).output;
      expect(Object.fromEntries(Object.entries<TfJson>(outputs).map(([k, o]) => [k, o.value]))).toEqual({
        "key-acme": refOf(acme.apiKey, "id"),
        "key-hobby": refOf(hobby.apiKey, "id"),
      });
      expect(JSON.stringify(synthJson(stack))).not.toMatch(/aws_api_gateway_api_key\.[^.]+\.value/);
    });

    it.each([
      ["before", true],
      ["after", false],
    ])("requires an API key on every method once a profile exists (profile added %s the services)", (_when, profileFirst) => {
      // GIVEN an API
      const { stack, api } = build();
      // WHEN a profile is added before or after the services
      if (profileFirst) api.addClientProfile({ name: "partner", rateLimit: 50, burstLimit: 100 });
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001, { defaultRoute: true }));
      api.addService({ name: "catalog" }, restRouteOptions("catalog", 10002));
      if (!profileFirst) api.addClientProfile({ name: "partner", rateLimit: 50, burstLimit: 100 });
      // THEN every method requires a key
      const methods = Object.values(resources(synthJson(stack), "aws_api_gateway_method"));
      expect(methods).toHaveLength(6);
      for (const m of methods) expect(m.api_key_required).toBe(true);
    });

    it("requires no API key without profiles", () => {
      // GIVEN / WHEN an API with services and no profile
      const { stack, api } = build();
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001, { defaultRoute: true }));
      // THEN no method requires a key, and no plan or key exists
      const json = synthJson(stack);
      for (const m of Object.values(resources(json, "aws_api_gateway_method"))) expect(m.api_key_required).toBe(false);
      expect(resources(json, "aws_api_gateway_usage_plan")).toEqual({});
      expect(resources(json, "aws_api_gateway_api_key")).toEqual({});
    });
  });

  describe("validation", () => {
    it.each([
      [{ burstLimit: 0, rateLimit: 10 }, /test\/api: throttle\.burstLimit must be an integer > 0, got 0/],
      [{ burstLimit: 2.5, rateLimit: 10 }, /test\/api: throttle\.burstLimit must be an integer > 0, got 2.5/],
      [{ burstLimit: 10, rateLimit: 0 }, /test\/api: throttle\.rateLimit must be > 0, got 0/],
    ])("rejects the stage throttle %j", (throttle, message) => {
      // GIVEN an invalid stage throttle / WHEN building / THEN the error names the API's path and the value
      expect(() => build({ throttle })).toThrow(message);
    });

    it.each([
      ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/alb/0123456789abcdef", "an ALB"],
      ["platform-prod-nlb", "a name"],
    ])("rejects vpcLinkTarget.loadBalancerArn %s (%s)", (arn) => {
      // GIVEN a target that is not an NLB ARN / WHEN building / THEN the error names the prop and the value
      const stack = testStack();
      expect(
        () =>
          new RestApi(stack, "api", {
            naming: testEnv("dev"),
            vpcLinkTarget: { loadBalancerArn: arn, dnsName: "x" },
            throttle: { burstLimit: 10, rateLimit: 5 },
            logRetentionDays: 30,
            encryptionKey: { keyArn: "k" },
          }),
      ).toThrow(`test/api: vpcLinkTarget.loadBalancerArn must be a Network Load Balancer's ARN (a VPC link v1 targets NLBs only), got ${JSON.stringify(arn)}`);
    });

    it("rejects an execution logging level other than OFF or ERROR", () => {
      // GIVEN INFO (cast: the type refuses it) / WHEN building / THEN the error names the prop
      expect(() => build({ executionLogging: "INFO" as RestApiExecutionLogging })).toThrow('test/api: executionLogging must be "OFF" or "ERROR", got "INFO"');
    });

    it("rejects an unknown cloudWatchRole mode", () => {
      // GIVEN a mode the type refuses / WHEN building / THEN the error names the prop
      expect(() => build({ cloudWatchRole: "shared" as "existing" })).toThrow('test/api: cloudWatchRole must be "create" or "existing", got "shared"');
    });

    it("rejects a log retention CloudWatch does not offer", () => {
      // GIVEN 42 days / WHEN building / THEN the access-log construct names the value
      expect(() => build({ logRetentionDays: 42 as LogRetentionDays })).toThrow(/test\/api\/access-logs: logRetentionDays must be one of .* got 42/);
    });

    it.each(["orders", "/orders/", "/", "/orders/{id}", "/or ders", "/$default"])("rejects the pathPrefix %j", (pathPrefix) => {
      // GIVEN an invalid prefix / WHEN the service is added / THEN the error names the service, rule and value
      const { api } = build();
      expect(() => api.addService({ name: "orders" }, restRouteOptions("orders", 10001, { pathPrefix }))).toThrow(
        `test/api: service "orders": pathPrefix must start with '/', have no trailing '/' and use URL-safe segments (no '{', '$' or spaces), got ${JSON.stringify(pathPrefix)}`,
      );
    });

    it.each([0, 65536, 80.5])("rejects the listener port %d", (port) => {
      // GIVEN an invalid port / WHEN the service is added / THEN the error names the service and value
      const { api } = build();
      expect(() => api.addService({ name: "orders" }, restRouteOptions("orders", port))).toThrow(
        `test/api: service "orders": listenerPort must be an integer 1–65535, got ${port}`,
      );
    });

    it.each([
      [{ burstLimit: 0, rateLimit: 1 }, /service orders throttle\.burstLimit must be an integer > 0, got 0/],
      [{ burstLimit: 1, rateLimit: -1 }, /service orders throttle\.rateLimit must be > 0, got -1/],
    ])("rejects the service throttle %j", (throttle, message) => {
      // GIVEN an API / WHEN a service with an invalid throttle is added / THEN the error names the service and value
      const { api } = build();
      expect(() => api.addService({ name: "orders" }, restRouteOptions("orders", 10001, { throttle }))).toThrow(message);
    });

    it("rejects a service added twice", () => {
      // GIVEN a service / WHEN a service of the same name is added at another prefix / THEN the error names it
      const { api } = build();
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001));
      expect(() => api.addService({ name: "orders" }, restRouteOptions("orders", 10002, { pathPrefix: "/v2/orders" }))).toThrow(
        'test/api: service "orders": is already added; service names must be unique',
      );
    });

    it("rejects a path another service already routes", () => {
      // GIVEN a service on /shop / WHEN another claims /shop / THEN the error names both services
      const { api } = build();
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001, { pathPrefix: "/shop" }));
      expect(() => api.addService({ name: "catalog" }, restRouteOptions("catalog", 10002, { pathPrefix: "/shop" }))).toThrow(
        'test/api: service "catalog": path "/shop" is already routed to service "orders"; paths must be unique',
      );
    });

    it("rejects a second owner of the default route", () => {
      // GIVEN a service owning the default route / WHEN another claims it / THEN the error names both
      const { api } = build();
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001, { defaultRoute: true }));
      expect(() => api.addService({ name: "catalog" }, restRouteOptions("catalog", 10002, { defaultRoute: true }))).toThrow(
        'test/api: service "catalog": path "/" (the default route) is already routed to service "orders"; paths must be unique',
      );
    });

    it("creates nothing for a rejected service", () => {
      // GIVEN an API with one service
      const { stack, api } = build();
      api.addService({ name: "orders" }, restRouteOptions("orders", 10001));
      // WHEN a second service fails validation
      expect(() => api.addService({ name: "catalog" }, restRouteOptions("catalog", 0))).toThrow();
      // THEN only the first service's resources exist, and the name stays free
      expect(Object.keys(resources(synthJson(stack), "aws_api_gateway_method"))).toHaveLength(2);
      expect(() => api.addService({ name: "catalog" }, restRouteOptions("catalog", 10002))).not.toThrow();
    });

    it.each([
      [{ name: "Partner", rateLimit: 1, burstLimit: 1 }, 'client profile "Partner": name must be a lowercase DNS label'],
      [{ name: "partner", rateLimit: 0, burstLimit: 1 }, "client profile partner.rateLimit must be > 0, got 0"],
      [{ name: "partner", rateLimit: 1, burstLimit: 1.5 }, "client profile partner.burstLimit must be an integer > 0, got 1.5"],
      [{ name: "partner", rateLimit: 1, burstLimit: 1, quota: { limit: 0, period: "DAY" as QuotaPeriod } }, "quota.limit must be an integer > 0, got 0"],
      [
        { name: "partner", rateLimit: 1, burstLimit: 1, quota: { limit: 10, period: "YEAR" as QuotaPeriod } },
        'quota.period must be one of DAY, WEEK, MONTH, got "YEAR"',
      ],
    ])("rejects the client profile %j", (profile, message) => {
      // GIVEN an invalid profile / WHEN it is added / THEN the error names the API, the profile and the value
      const { api } = build();
      expect(() => api.addClientProfile(profile)).toThrow(message);
      expect(() => api.addClientProfile(profile)).toThrow(/^test\/api: /);
    });

    it("rejects a profile added twice", () => {
      // GIVEN a profile / WHEN one of the same name is added / THEN the error names it
      const { api } = build();
      api.addClientProfile({ name: "partner", rateLimit: 1, burstLimit: 1 });
      expect(() => api.addClientProfile({ name: "partner", rateLimit: 2, burstLimit: 2 })).toThrow(
        'test/api: client profile "partner": is already added; profile names must be unique',
      );
    });

    it("rejects a client with a malformed name", () => {
      // GIVEN a profile / WHEN a client named with an underscore is added / THEN the error names it
      const { api } = build();
      api.addClientProfile({ name: "partner", rateLimit: 1, burstLimit: 1 });
      expect(() => api.addClient({ name: "acme_corp", profile: "partner" })).toThrow('test/api: client "acme_corp": name must be a lowercase DNS label');
    });

    it("rejects a client added twice", () => {
      // GIVEN a client / WHEN one of the same name is added / THEN the error names it
      const { api } = build();
      api.addClientProfile({ name: "partner", rateLimit: 1, burstLimit: 1 });
      api.addClient({ name: "acme", profile: "partner" });
      expect(() => api.addClient({ name: "acme", profile: "partner" })).toThrow('test/api: client "acme": is already added; client names must be unique');
    });

    it("rejects a client naming an unknown profile, listing the known ones", () => {
      // GIVEN one profile / WHEN a client names another / THEN the error names both and says what to do
      const { api } = build();
      api.addClientProfile({ name: "partner", rateLimit: 1, burstLimit: 1 });
      expect(() => api.addClient({ name: "acme", profile: "gold" })).toThrow(
        'test/api: client "acme": profile "gold" is not a client profile of this API (known: partner); add it with addClientProfile first',
      );
    });
  });
});

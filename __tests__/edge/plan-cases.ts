import "cdktf/lib/testing/adapters/jest";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { PlatformKey } from "../../src/core/platform-key";
import { ApiRecord } from "../../src/dns/api-record";
import { ApiCustomDomain } from "../../src/edge/api-custom-domain";
import { ServiceLoadBalancer } from "../../src/edge/service-load-balancer";
import { rateLimitFor, zoneSettingsFor } from "../../src/stacks/environment-props";
import { PlanCase, planned } from "../support/terraform";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";
import { RestApiCustomDomain } from "../../src/edge/rest-api-custom-domain";
import { FakeService, fakeNamespace, routeOptions, envHttpApi } from "./fakes";
import { envRestApi, fakeNlb, restRouteOptions } from "./rest-fakes";

export const EDGE_PLAN_CASES: readonly PlanCase[] = [
  {
    title: "edge + dns: the AWS part of a stack with the API, custom domain and Cloudflare records validates and plans",
    given: () => {
      // GIVEN prod's edge, wired as the platform stack does, with two services
      const env = testEnv("prod", { domain: { rateLimit: { requestsPerPeriod: 100 } } });
      const stack = testStack();
      new CloudflareProvider(stack, "cloudflare", {});
      const network = fakeNetwork(stack);
      const namespace = fakeNamespace(stack, network);
      const key = new PlatformKey(stack, "key", { naming: env, region: env.region });
      const api = envHttpApi(stack, env, network, { encryptionKey: key });
      const orders = new FakeService(stack, "orders", { name: "orders", port: 8080, network, namespaceId: namespace.id });
      const catalog = new FakeService(stack, "catalog", { name: "catalog", port: 9090, network, namespaceId: namespace.id });
      api.addService(orders, routeOptions("orders", { stripPrefix: true, defaultRoute: true, throttle: { burstLimit: 20, rateLimit: 10 } }));
      api.addService(catalog, routeOptions("catalog"));
      const domain = new ApiCustomDomain(stack, "domain", { api, host: env.domain.apiHost, zoneName: env.domain.name, zoneId: env.domain.cloudflareZoneId });
      new ApiRecord(stack, "public-record", { domain, zoneName: env.domain.name, zoneId: env.domain.cloudflareZoneId });
      zoneSettingsFor(stack, "zone-settings", env);
      rateLimitFor(stack, "rate-limit", env);
      return synthJson(stack);
    },
    then: (result, doc) => {
      // THEN the Cloudflare side is really there before the projection drops it
      for (const type of [DnsRecord, ZoneSetting, Ruleset]) expect(JSON.stringify(doc)).toHaveResource(type);
      // AND the plan creates the edge resources
      const { toAdd, planOutput } = planned("edge", result);
      for (const address of [
        "aws_apigatewayv2_api.",
        "aws_apigatewayv2_vpc_link.",
        "aws_apigatewayv2_stage.",
        "aws_apigatewayv2_domain_name.",
        "aws_apigatewayv2_api_mapping.",
        "aws_acm_certificate.",
        "aws_acm_certificate_validation.",
      ]) {
        expect(planOutput).toContain(`.${address}`);
      }
      expect(toAdd).toBeGreaterThan(20);
    },
  },
  {
    title: "service load balancer: an internal NLB fronting a rolling and a blue/green service validates and plans",
    given: () => {
      // GIVEN prod's NLB with access logs and deletion protection, and two services, one blue/green
      const env = testEnv("prod");
      const stack = testStack();
      const network = fakeNetwork(stack);
      const namespace = fakeNamespace(stack, network);
      const nlb = new ServiceLoadBalancer(stack, "nlb", {
        naming: env,
        network,
        deletionProtection: true,
        accessLogs: { bucket: "platform-prod-lb-logs", prefix: "nlb" },
      });
      const orders = new FakeService(stack, "orders", { name: "orders", port: 8080, network, namespaceId: namespace.id });
      const catalog = new FakeService(stack, "catalog", { name: "catalog", port: 9090, network, namespaceId: namespace.id });
      nlb.addService(orders, { listenerPort: 10001, healthCheckPath: "/health" });
      nlb.addService(catalog, { listenerPort: 10002, healthCheckPath: "/ready?deep=1", blueGreen: true });
      return synthJson(stack);
    },
    then: (result) => {
      // THEN terraform accepts it and creates the load balancer, two listeners and three target groups
      const planOutput = planned("service load balancer", result).planOutput ?? "";
      const count = (address: string) => (planOutput.match(new RegExp(`^\\s*# module\\.doc_\\d+\\.${address}\\.\\S+ will be created$`, "gm")) ?? []).length;
      expect(count("aws_lb")).toBe(1);
      expect(count("aws_lb_listener")).toBe(2);
      expect(count("aws_lb_target_group")).toBe(3);
      // AND the plan shows the settings that matter
      expect(planOutput).toMatch(/load_balancer_type\s+= "network"/);
      expect(planOutput).toMatch(/enforce_security_group_inbound_rules_on_private_link_traffic\s+= "off"/);
      expect(planOutput).toMatch(/enable_deletion_protection\s+= true/);
    },
  },
  {
    title: "edge (REST): a REST API with two services, client profiles, API keys and its custom domain validates and plans",
    given: () => {
      // GIVEN prod's REST edge in front of a real internal NLB: two services, two profiles,
      // two clients, the custom domain and its Cloudflare record
      const env = testEnv("prod");
      const stack = testStack();
      new CloudflareProvider(stack, "cloudflare", {});
      const network = fakeNetwork(stack);
      const key = new PlatformKey(stack, "key", { naming: env, region: env.region });
      const api = envRestApi(stack, env, fakeNlb(stack, network), { encryptionKey: key, tracing: true });
      api.addService(
        { name: "orders" },
        restRouteOptions("orders", 10001, { stripPrefix: true, defaultRoute: true, throttle: { burstLimit: 20, rateLimit: 10 } }),
      );
      api.addService({ name: "catalog" }, restRouteOptions("catalog", 10002, { pathPrefix: "/v1/catalog" }));
      api.addClientProfile({ name: "partner", rateLimit: 50, burstLimit: 100, quota: { limit: 100000, period: "MONTH" } });
      api.addClientProfile({ name: "free", rateLimit: 2, burstLimit: 5 });
      api.addClient({ name: "acme", profile: "partner" });
      api.addClient({ name: "hobby", profile: "free" });
      const domain = new RestApiCustomDomain(stack, "domain", {
        api,
        host: env.domain.apiHost,
        zoneName: env.domain.name,
        zoneId: env.domain.cloudflareZoneId,
      });
      new ApiRecord(stack, "public-record", { domain, zoneName: env.domain.name, zoneId: env.domain.cloudflareZoneId });
      return synthJson(stack);
    },
    then: (result, doc) => {
      // THEN the Cloudflare record is really there before the projection drops it
      expect(JSON.stringify(doc)).toHaveResource(DnsRecord);
      // AND the plan creates every REST resource type, one per method, integration and key
      const { toAdd, planOutput } = planned("edge (REST)", result);
      const count = (type: string) => (planOutput!.match(new RegExp(`# module\\.doc_\\d+\\.${type}\\.\\S+ will be created`, "g")) ?? []).length;
      expect(count("aws_api_gateway_rest_api")).toBe(1);
      expect(count("aws_api_gateway_vpc_link")).toBe(1);
      // /orders, /orders/{proxy+}, /{proxy+}, /v1, /v1/catalog, /v1/catalog/{proxy+}
      expect(count("aws_api_gateway_resource")).toBe(6);
      // orders: 2 + the root's 2; catalog: 2
      expect(count("aws_api_gateway_method")).toBe(6);
      expect(count("aws_api_gateway_integration")).toBe(6);
      // */* and the four throttled methods of orders
      expect(count("aws_api_gateway_method_settings")).toBe(5);
      expect(count("aws_api_gateway_usage_plan")).toBe(2);
      expect(count("aws_api_gateway_api_key")).toBe(2);
      expect(count("aws_api_gateway_usage_plan_key")).toBe(2);
      for (const type of [
        "aws_api_gateway_deployment",
        "aws_api_gateway_stage",
        "aws_api_gateway_account",
        "aws_api_gateway_domain_name",
        "aws_api_gateway_base_path_mapping",
        "aws_acm_certificate_validation",
      ]) {
        expect(count(type)).toBe(1);
      }
      expect(toAdd).toBeGreaterThan(40);
    },
  },
];

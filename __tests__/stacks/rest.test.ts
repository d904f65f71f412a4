import { checkStacks } from "../../src/checks/engine";
import { exampleConfig, REST_EXAMPLE } from "../support/examples";
import { synthApp, TfJson } from "../support/synth";

/**
 * The REST flavor (`examples/rest.config.json`), followed by reference: Cloudflare record →
 * REST custom domain → base path mapping → stage → method → integration → VPC link → NLB
 * listener → target group → ECS service; each usage plan → stage, each key → plan; and the
 * blue/green service's CodeDeploy group. Its AWS part is planned with the other stacks.
 */
const config = exampleConfig(REST_EXAMPLE);
const { stacks, platform } = synthApp(config);
const ENVS = ["dev", "staging", "prod"] as const;

const all = (json: TfJson, type: string): [string, TfJson][] => Object.entries(json.resource?.[type] ?? {});
/** The resource a `${type.name.attr}` reference points at. */
function target(json: TfJson, reference: string, type: string): [string, TfJson] {
  const m = new RegExp(`^\\$\\{${type}\\.([^.]+)\\.[a-z_]+\\}$`).exec(reference);
  if (!m) throw new Error(`${reference} is not a reference to ${type}`);
  return [m[1], json.resource[type][m[1]]];
}

describe("the REST example: npm run check", () => {
  it("has no error finding", () => {
    // GIVEN the example's stacks / WHEN every rule runs / THEN no unsuppressed error
    const result = checkStacks(stacks, { suppressions: config.checks.suppress });
    expect(result.findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.stack} ${f.rule} ${f.address}: ${f.message}`)).toEqual([]);
  });

  it("gives the bootstrap stack the account's API Gateway CloudWatch role, and no environment one", () => {
    // GIVEN REST environments / WHEN synthesized / THEN the one account-wide setting lives in bootstrap
    expect(Object.keys(stacks.bootstrap.resource.aws_api_gateway_account ?? {})).toHaveLength(1);
    for (const env of ENVS) expect(stacks[env].resource.aws_api_gateway_account).toBeUndefined();
  });
});

describe.each(ENVS)("the REST flavor in %s", (envName) => {
  const json = stacks[envName];
  const stack = platform.environments[envName];

  it("routes Cloudflare → REST domain → base path mapping → stage → method → integration → VPC link → NLB listener → target group → ECS service", () => {
    // GIVEN the proxied record of the API host
    const [, record] = all(json, "cloudflare_dns_record").find(([, r]) => r.proxied === true)!;
    // THEN it points at the REST custom domain's regional name
    const [domainName, domain] = target(json, record.content, "aws_api_gateway_domain_name");
    expect(domain).toMatchObject({ domain_name: stack.env.domain.apiHost, security_policy: "TLS_1_2", endpoint_configuration: { types: ["REGIONAL"] } });
    // AND the base path mapping binds that domain to the API's stage
    const [, mapping] = all(json, "aws_api_gateway_base_path_mapping").find(
      ([, m]) => m.domain_name === `\${aws_api_gateway_domain_name.${domainName}.domain_name}`,
    )!;
    const [, stage] = target(json, mapping.stage_name, "aws_api_gateway_stage");
    const [apiName] = target(json, mapping.api_id, "aws_api_gateway_rest_api");
    expect(target(json, stage.rest_api_id, "aws_api_gateway_rest_api")[0]).toBe(apiName);
    // AND each service's proxy integration goes over the VPC link to its NLB listener's port
    for (const name of ["orders", "catalog"]) {
      const [, integration] = all(json, "aws_api_gateway_integration").find(([k]) => k.includes(`1${name}1proxy`))!;
      expect(integration).toMatchObject({ type: "HTTP_PROXY", connection_type: "VPC_LINK" });
      const [, link] = target(json, integration.connection_id, "aws_api_gateway_vpc_link");
      const [lbName] = target(json, link.target_arns[0], "aws_lb");
      const port = Number(/:(\d+)\//.exec(integration.uri)![1]);
      expect(integration.uri).toContain(`\${aws_lb.${lbName}.dns_name}:${port}/`);
      const [, listener] = all(json, "aws_lb_listener").find(([, l]) => l.port === port)!;
      expect(listener.load_balancer_arn).toBe(`\${aws_lb.${lbName}.arn}`);
      const [tgName] = target(json, listener.default_action[0].target_group_arn, "aws_lb_target_group");
      const [, service] = all(json, "aws_ecs_service").find(([, s]) => s.name === name)!;
      expect(service.load_balancer).toEqual([{ target_group_arn: `\${aws_lb_target_group.${tgName}.arn}`, container_name: "app", container_port: 8080 }]);
    }
    // AND the NLB is internal, in the private subnets
    const [, lb] = all(json, "aws_lb")[0];
    expect(lb).toMatchObject({ internal: true, load_balancer_type: "network", enable_cross_zone_load_balancing: true });
  });

  it("runs orders blue/green: two target groups, a deployment group naming both and the production listener, the CodeDeploy controller", () => {
    // GIVEN orders, blueGreen / WHEN synthesized
    const [, orders] = all(json, "aws_ecs_service").find(([, s]) => s.name === "orders")!;
    const [, group] = all(json, "aws_codedeploy_deployment_group")[0];
    // THEN the ECS service is CodeDeploy's
    expect(orders.deployment_controller).toEqual({ type: "CODE_DEPLOY" });
    expect(orders.deployment_circuit_breaker).toBeUndefined();
    // AND the deployment group is blue/green with traffic control and automatic rollback, on orders
    expect(group).toMatchObject({
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
      auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE"] },
      ecs_service: { service_name: expect.stringContaining("aws_ecs_service.services_orders_service") },
    });
    // AND it shifts the production listener between the blue group (where ECS registers) and the green one
    const pair = group.load_balancer_info.target_group_pair_info;
    const listener = stack.loadBalancer!.listenerOf("orders")!;
    expect(pair.prod_traffic_route.listener_arns).toEqual([`\${aws_lb_listener.${listener.listener.friendlyUniqueId}.arn}`]);
    expect(pair.target_group).toEqual([
      { name: `\${aws_lb_target_group.${listener.targetGroup.friendlyUniqueId}.name}` },
      { name: `\${aws_lb_target_group.${listener.alternateTargetGroup!.friendlyUniqueId}.name}` },
    ]);
    // AND catalog stays rolling, with its circuit breaker
    const [, catalog] = all(json, "aws_ecs_service").find(([, s]) => s.name === "catalog")!;
    expect(catalog.deployment_controller).toBeUndefined();
    expect(catalog.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
  });

  it(
    envName === "prod" ? "binds each usage plan to the stage and each key to its plan; every method requires a key" : "has no usage plan and requires no key",
    () => {
      // GIVEN the environment's client profiles (prod: partner and free) / WHEN synthesized
      const plans = all(json, "aws_api_gateway_usage_plan");
      const methods = all(json, "aws_api_gateway_method");
      if (envName !== "prod") {
        // THEN (no profiles) nothing is metered and no method asks for a key
        expect(plans).toEqual([]);
        expect(methods.every(([, m]) => m.api_key_required !== true)).toBe(true);
        return;
      }
      // THEN each plan is on this API's stage, with its throttle and quota
      expect(plans.map(([, p]) => p.name).sort()).toEqual(["acme-prod-free", "acme-prod-partner"]);
      for (const [, plan] of plans) {
        expect(plan.api_stages).toEqual([
          { api_id: expect.stringContaining("aws_api_gateway_rest_api."), stage: expect.stringContaining("aws_api_gateway_stage.") },
        ]);
      }
      // AND each client's key is attached to its profile's plan
      const keyOf = (client: string) => all(json, "aws_api_gateway_api_key").find(([, k]) => k.name === `acme-prod-${client}`)![0];
      const planOf = (profile: string) => plans.find(([, p]) => p.name === `acme-prod-${profile}`)![0];
      const pairs = all(json, "aws_api_gateway_usage_plan_key").map(([, k]) => [k.key_id, k.usage_plan_id]);
      expect(pairs.sort()).toEqual(
        [
          [`\${aws_api_gateway_api_key.${keyOf("shop-web")}.id}`, `\${aws_api_gateway_usage_plan.${planOf("partner")}.id}`],
          [`\${aws_api_gateway_api_key.${keyOf("hobbyist")}.id}`, `\${aws_api_gateway_usage_plan.${planOf("free")}.id}`],
        ].sort(),
      );
      // AND no key has a value in the configuration, and every method requires a key
      for (const [, key] of all(json, "aws_api_gateway_api_key")) expect(key.value).toBeUndefined();
      expect(methods.map(([, m]) => m.api_key_required)).toEqual(methods.map(() => true));
      // AND the key ids (never values) are an output
      expect(Object.keys(json.output.api_key_ids.value).sort()).toEqual(["hobbyist", "shop-web"]);
    },
  );
});

describe("X-Ray on the REST stage", () => {
  it("traces prod (api.tracing) and not dev", () => {
    // GIVEN the example (tracing in prod) / WHEN synthesized / THEN only prod's stage traces
    const traced = (env: string) => Object.values<TfJson>(stacks[env].resource.aws_api_gateway_stage).map((s) => s.xray_tracing_enabled === true);
    expect(traced("prod")).toEqual([true]);
    expect(traced("dev")).toEqual([false]);
  });
});

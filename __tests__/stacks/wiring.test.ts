import { decodeJson } from "../support/json-document";
import { synthApp, TfJson } from "../support/synth";

/**
 * The request path of the acceptance criteria, followed by reference through each
 * environment's real stack: Cloudflare record → custom domain → API mapping → API →
 * route → integration → VPC link + Cloud Map service ← ECS service (SRV, container
 * name/port) → task definition → image repository; plus the security-group chain.
 */
const ENVS = ["dev", "staging", "prod"] as const;
const { stacks, platform } = synthApp();

/** `${aws_x.name.attr}` → the addressed resource body (or undefined). */
function target(json: TfJson, reference: string): { type: string; name: string; body: TfJson } | undefined {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z0-9_.[\]]+\}$/.exec(reference);
  if (!m) return undefined;
  const body = json.resource?.[m[1]]?.[m[2]];
  return body ? { type: m[1], name: m[2], body } : undefined;
}
const all = (json: TfJson, type: string): [string, TfJson][] => Object.entries(json.resource?.[type] ?? {});
const idRef = (type: string, name: string, attr = "id") => `\${${type}.${name}.${attr}}`;

describe.each(ENVS)("PlatformStack %s wiring", (envName) => {
  const json = stacks[envName];
  const stack = platform.environments[envName];
  const env = stack.env;

  it("points the proxied Cloudflare record at the API custom domain of its own host", () => {
    // GIVEN / WHEN the environment's stack (synthesized once per run)
    // THEN its one proxied record targets the custom domain serving its own host
    const records = all(json, "cloudflare_dns_record").filter(([, r]) => r.proxied === true);
    expect(records).toHaveLength(1);
    const [, record] = records[0];
    expect(record).toMatchObject({ type: "CNAME", ttl: 1, zone_id: env.domain.cloudflareZoneId });
    expect(record.name).toBe(env.domain.apiHost);
    const domainRef = /^\$\{aws_apigatewayv2_domain_name\.([^.]+)\.domain_name_configuration\[0\]\.target_domain_name\}$/.exec(record.content);
    expect(domainRef).not.toBeNull();
    const domain = json.resource.aws_apigatewayv2_domain_name[domainRef![1]];
    expect(domain.domain_name).toBe(env.domain.apiHost);
    expect(domain.domain_name_configuration).toMatchObject({ endpoint_type: "REGIONAL", security_policy: "TLS_1_2" });
    // The certificate binds only after validation through Cloudflare.
    expect(target(json, domain.domain_name_configuration.certificate_arn)?.type).toBe("aws_acm_certificate_validation");
  });

  it("starts no service before its egress path exists: NAT gateways, private default routes, endpoints", () => {
    // GIVEN the egress resources of the environment's network
    const names = (type: string, keep: (r: TfJson) => boolean = () => true) =>
      all(json, type)
        .filter(([, r]) => keep(r))
        .map(([n]) => `${type}.${n}`);
    const egress = [
      ...names("aws_nat_gateway"),
      ...names("aws_route", (r) => r.destination_cidr_block === "0.0.0.0/0" && r.nat_gateway_id !== undefined),
      ...names("aws_vpc_endpoint"),
    ];
    expect(egress.length).toBeGreaterThanOrEqual(env.settings.interfaceEndpoints.length + 2 + 2);
    // THEN every ECS service waits for all of them
    for (const [, service] of all(json, "aws_ecs_service")) expect(service.depends_on).toEqual(expect.arrayContaining(egress));
  });

  it("maps the domain to the API's $default stage, and the API accepts traffic only through the domain", () => {
    // GIVEN / WHEN the environment's stack
    // THEN the mapping joins domain and $default stage, and execute-api is off
    const [[, mapping]] = all(json, "aws_apigatewayv2_api_mapping");
    const [[apiName, api]] = all(json, "aws_apigatewayv2_api");
    expect(mapping.api_id).toBe(idRef("aws_apigatewayv2_api", apiName));
    expect(target(json, mapping.domain_name)?.type).toBe("aws_apigatewayv2_domain_name");
    const stage = target(json, mapping.stage)!;
    expect(stage.body.name).toBe("$default");
    expect(api.disable_execute_api_endpoint).toBe(true);
  });

  it.each(["orders", "catalog"])("routes %s's prefix through the VPC link to the Cloud Map service its ECS service registers in", (name) => {
    // GIVEN / WHEN the environment's stack
    // THEN the service's routes reach, by reference, the Cloud Map service its ECS service registers in
    const svc = env.services.find((s) => s.name === name)!;
    const routes = all(json, "aws_apigatewayv2_route").filter(
      ([, r]) => r.route_key.endsWith(` ${svc.pathPrefix}`) || r.route_key.endsWith(` ${svc.pathPrefix}/{proxy+}`),
    );
    expect(routes.map(([, r]) => r.route_key).sort()).toEqual([`ANY ${svc.pathPrefix}`, `ANY ${svc.pathPrefix}/{proxy+}`]);
    for (const [, route] of routes) {
      const integrationName = /^integrations\/\$\{aws_apigatewayv2_integration\.([^.]+)\.id\}$/.exec(route.target)?.[1];
      const integration = json.resource.aws_apigatewayv2_integration[integrationName!];
      expect(integration).toMatchObject({ integration_type: "HTTP_PROXY", connection_type: "VPC_LINK", integration_method: "ANY" });
      expect(target(json, integration.connection_id)?.type).toBe("aws_apigatewayv2_vpc_link");
      // integration_uri is the Cloud Map service ARN …
      const discovery = target(json, integration.integration_uri)!;
      expect(discovery.type).toBe("aws_service_discovery_service");
      expect(discovery.body.dns_config.dns_records).toEqual([{ type: "SRV", ttl: expect.any(Number) }]);
      // … that exactly this ECS service registers in, with the container name and port (SRV needs the port).
      const registering = all(json, "aws_ecs_service").filter(
        ([, s]) => s.service_registries?.registry_arn === idRef("aws_service_discovery_service", discovery.name, "arn"),
      );
      expect(registering).toHaveLength(1);
      const [, ecs] = registering[0];
      expect(ecs.name).toBe(name);
      const taskDef = target(json, ecs.task_definition)!;
      const containers = decodeJson(taskDef.body.container_definitions);
      const app = containers.find((c: TfJson) => c.name === ecs.service_registries.container_name);
      expect(app.portMappings[0].containerPort).toBe(ecs.service_registries.container_port);
      expect(ecs.service_registries.container_port).toBe(svc.port);
      expect(app.image).toContain(`\${aws_ecr_repository.${stack.repositories[name].repository.friendlyUniqueId}.repository_url}`);
    }
  });

  it("opens the security-group chain VPC link → services → database, and nothing else between them", () => {
    // GIVEN / WHEN the environment's stack
    // THEN exactly the link → service → database rules exist between those groups
    const sgOf = (friendly: string) => idRef("aws_security_group", friendly);
    const link = sgOf(stack.api!.vpcLink.securityGroup.friendlyUniqueId);
    const orders = sgOf(stack.services.orders.securityGroup.friendlyUniqueId);
    const catalog = sgOf(stack.services.catalog.securityGroup.friendlyUniqueId);
    const db = sgOf(stack.database!.securityGroup.friendlyUniqueId);
    const ingress = all(json, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    const admitted = (sg: string) => ingress.filter((r) => r.security_group_id === sg).map((r) => [r.referenced_security_group_id ?? r.cidr_ipv4, r.from_port]);
    expect(admitted(orders)).toEqual([[link, 8080]]);
    expect(admitted(catalog).sort()).toEqual(
      [
        [link, 8080],
        [orders, 8080],
      ].sort(),
    );
    expect(admitted(db)).toEqual([[orders, 5432]]);
    // No ingress anywhere from the internet.
    expect(ingress.filter((r) => r.cidr_ipv4 === "0.0.0.0/0" || r.cidr_ipv6 === "::/0")).toEqual([]);
  });

  it("lets orders' task role (not its execution role) log in to this instance as orders, and no role or task touches the master secret", () => {
    // GIVEN / WHEN the environment's stack
    // THEN only orders' task role may rds-db:connect as orders, and nothing reads the master secret
    const [[dbName]] = all(json, "aws_db_instance");
    const roleRef = (role: { role: { friendlyUniqueId: string } }) => idRef("aws_iam_role", role.role.friendlyUniqueId, "name");
    const policiesOf = (role: { role: { friendlyUniqueId: string } }) =>
      all(json, "aws_iam_role_policy")
        .filter(([, p]) => p.role === roleRef(role))
        .map(([, p]) => p.policy as string);
    // orders' task role: exactly one rds-db:connect grant, on this instance's resource_id, as user "orders"
    const connect = policiesOf(stack.services.orders.taskRole).filter((p) => p.includes("rds-db:connect"));
    expect(connect).toHaveLength(1);
    expect(connect[0]).toContain(`:rds-db:`);
    expect(connect[0]).toContain(`:dbuser:\${aws_db_instance.${dbName}.resource_id}/orders"`);
    expect(connect[0]).not.toContain("arn:aws:");
    // no execution role, and no catalog role, can connect
    for (const role of [stack.services.orders.executionRole, stack.services.catalog.executionRole, stack.services.catalog.taskRole]) {
      expect(policiesOf(role).join()).not.toContain("rds-db:connect");
    }
    // the master secret is an operator output only: no policy and no container references it
    const master = `aws_db_instance.${dbName}.master_user_secret`;
    expect(JSON.stringify(json.resource.aws_iam_role_policy)).not.toContain(master);
    expect(JSON.stringify(json.resource.aws_ecs_task_definition)).not.toContain(master);
    expect(json.output.database_secret_arn.value).toBe(`\${${master}[0].secret_arn}`);
    // the app container knows where and as whom to connect
    const task = target(json, all(json, "aws_ecs_service").find(([, s]) => s.name === "orders")![1].task_definition)!;
    const app = decodeJson(task.body.container_definitions).find((c: TfJson) => c.name === "app");
    expect(app.secrets).toBeUndefined();
    expect(app.environment).toEqual(
      expect.arrayContaining([
        { name: "DB_HOST", value: `\${aws_db_instance.${dbName}.address}` },
        { name: "DB_USER", value: "orders" },
        { name: "DB_IAM_AUTH", value: "true" },
        { name: "PGSSLMODE", value: "verify-full" },
      ]),
    );
    expect(json.output.database_users.value).toEqual({ orders: "orders" });
  });

  it("exposes the URL of the environment's host", () => {
    // GIVEN / WHEN the environment's stack / THEN api_url is https:// and its host
    expect(json.output.api_url.value).toBe(`https://${env.domain.apiHost}`);
  });
});

describe("PlatformStack across environments", () => {
  it("gives each environment a distinct API host one label below the zone", () => {
    // GIVEN / WHEN every environment / THEN each host is distinct and one label below the zone
    const hosts = ENVS.map((e) => platform.environments[e].env.domain.apiHost);
    expect(hosts).toEqual(["api-dev.example.com", "api-staging.example.com", "api.example.com"]);
  });

  it("manages the zone-wide Cloudflare settings in exactly one stack, with Full (strict)", () => {
    // GIVEN / WHEN every environment's stack / THEN only prod holds the zone settings, SSL Full (strict)
    const owners = ENVS.filter((e) => Object.keys(stacks[e].resource.cloudflare_zone_setting ?? {}).length > 0);
    expect(owners).toEqual(["prod"]);
    const settings = Object.values(stacks.prod.resource.cloudflare_zone_setting) as TfJson[];
    expect(settings.map((s) => [s.setting_id, s.value]).sort()).toEqual([
      ["always_use_https", "on"],
      ["min_tls_version", "1.2"],
      ["ssl", "strict"],
    ]);
  });
});

/**
 * What an environment deploys, read from its synthesized Terraform JSON only (never from
 * the config: the picture shows what `terraform apply` would create). {@link describeStack}
 * answers the questions a reviewer asks of a diagram — what is public, who may call whom,
 * who reaches the database — and `mermaid.ts` draws the answer.
 */
import { block, blocks, TfResource, TfStack } from "../checks/tf";

/** How a service is reached. */
export type ServiceKind = "public" | "internal" | "worker";

/** One ECS service. */
export interface ServiceFacts {
  /** The ECS service name (`orders`). */
  readonly name: string;
  readonly address: string;
  /** public: an API route reaches it; internal: registered in Cloud Map or behind a target group, no route; worker: neither. */
  readonly kind: ServiceKind;
  /** `Fargate`, `Fargate + Spot 80%`, `EC2 (acme-prod-ec2)`. */
  readonly capacity: string;
  readonly deployment: "rolling" | "blue/green";
  /** The API routes that reach it (`ANY /orders`, `ANY /orders/{proxy+}`). */
  readonly routes: readonly string[];
  /** Its security groups' addresses. */
  readonly groups: readonly string[];
  /** Its task definition's address, if resolved. */
  readonly taskDefinition?: string;
}

/** One scheduled job (an `aws_scheduler_schedule` running an ECS task). */
export interface JobFacts {
  /** The job name: its task family without the prefix the services' families share. */
  readonly name: string;
  readonly address: string;
  readonly schedule: string;
  /** The task definition family it runs. */
  readonly family: string;
  readonly groups: readonly string[];
  readonly taskDefinition?: string;
}

/** A principal of the environment that security groups admit: a service or a job. */
export interface Caller {
  readonly kind: "service" | "job";
  readonly name: string;
}

/** A call a security-group ingress rule admits. */
export interface Call {
  readonly from: Caller;
  readonly to: Caller;
  /** The TCP ports admitted (`8080`, `all`). */
  readonly ports: readonly string[];
}

/** The API and what fronts it. */
export interface EdgeFacts {
  /** `HTTP API` or `REST API`. */
  readonly kind: "HTTP" | "REST";
  /** Cloudflare hosts that point at the API's custom domain (`api.example.com`). */
  readonly hosts: readonly string[];
  /** `VPC link (v2)` or `VPC link (v1)`, when the API has one. */
  readonly link?: string;
  /** The internal NLB's name, when routes go through one. */
  readonly loadBalancer?: string;
}

/** One database instance. */
export interface DatabaseFacts {
  readonly address: string;
  /** `postgres 16 · Multi-AZ`. */
  readonly label: string;
  /** Who its security groups admit. */
  readonly admits: readonly Caller[];
}

/** One EFS file system. */
export interface FileSystemFacts {
  readonly address: string;
  /** Mount targets (one per AZ, collapsed). */
  readonly mountTargets: number;
  /** Who mounts it, and which volumes. */
  readonly mounts: readonly { readonly by: Caller; readonly volumes: readonly string[] }[];
}

/** Everything the diagram shows about one environment. */
export interface EnvironmentFacts {
  readonly name: string;
  readonly edge?: EdgeFacts;
  readonly services: readonly ServiceFacts[];
  readonly jobs: readonly JobFacts[];
  /** Calls between services and jobs that security groups admit (a principal's calls to itself are left out). */
  readonly calls: readonly Call[];
  readonly databases: readonly DatabaseFacts[];
  readonly fileSystems: readonly FileSystemFacts[];
  /** NAT gateways and the AZs of the private subnets. */
  readonly nat: { readonly count: number; readonly azs: number };
  /** Interface endpoints' short service names (`ecr.api`, `logs`). */
  readonly interfaceEndpoints: readonly string[];
  /** Gateway endpoints' short service names (`s3`, `dynamodb`). */
  readonly gatewayEndpoints: readonly string[];
  /** The OTLP export of the collector sidecar: the exporter's host, when a task has the collector. */
  readonly otlpExport?: string;
  /** Whether services register in Cloud Map. */
  readonly cloudMap: boolean;
}

/** Reads the facts of one environment stack. */
export function describeStack(stack: TfStack): EnvironmentFacts {
  const ecsServices = stack.resources("aws_ecs_service");
  const routesByService = routesOf(stack, ecsServices);
  const services: ServiceFacts[] = ecsServices
    .map((svc) => {
      const v = svc.values;
      const routes = routesByService.get(svc.address) ?? [];
      const registered =
        blocks(v.service_registries).length > 0 || blocks(v.load_balancer).length > 0 || block(v.service_connect_configuration).enabled === true;
      return {
        name: String(v.name ?? svc.name),
        address: svc.address,
        kind: routes.length > 0 ? "public" : registered ? "internal" : "worker",
        capacity: capacityOf(stack, v.capacity_provider_strategy, v.launch_type),
        deployment: block(v.deployment_controller).type === "CODE_DEPLOY" ? "blue/green" : "rolling",
        routes,
        groups: stack.securityGroups(block(v.network_configuration).security_groups).map((g) => g.address),
        taskDefinition: stack.target(v.task_definition, "aws_ecs_task_definition")?.address,
      } satisfies ServiceFacts;
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const prefix = familyPrefix(stack, services);
  const jobs: JobFacts[] = stack
    .resources("aws_scheduler_schedule")
    .flatMap((schedule) => {
      const target = block(schedule.values.target);
      const ecs = block(target.ecs_parameters);
      if (ecs.task_definition_arn === undefined) return [];
      const task = stack.target(ecs.task_definition_arn, "aws_ecs_task_definition");
      const family = String(task?.values.family ?? schedule.values.name ?? schedule.name);
      return [
        {
          name: prefix && family.startsWith(prefix) && family.length > prefix.length ? family.slice(prefix.length) : family,
          address: schedule.address,
          schedule: String(schedule.values.schedule_expression ?? ""),
          family,
          groups: stack.securityGroups(block(ecs.network_configuration).security_groups).map((g) => g.address),
          taskDefinition: task?.address,
        },
      ];
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const principals: { caller: Caller; groups: readonly string[]; taskDefinition?: string }[] = [
    ...services.map((s) => ({ caller: { kind: "service", name: s.name } as Caller, groups: s.groups, taskDefinition: s.taskDefinition })),
    ...jobs.map((j) => ({ caller: { kind: "job", name: j.name } as Caller, groups: j.groups, taskDefinition: j.taskDefinition })),
  ];
  /** Principals whose groups an ingress rule on one of `groups` admits, with the ports. */
  const admittedBy = (groups: readonly string[]): Map<(typeof principals)[number], Set<string>> => {
    const out = new Map<(typeof principals)[number], Set<string>>();
    for (const address of groups) {
      const group = stack.get(address);
      if (!group) continue;
      for (const rule of stack.securityGroupRules(group)) {
        if (rule.direction !== "ingress") continue;
        for (const p of principals) {
          if (!p.groups.some((g) => stack.rulePeerIs(rule, stack.get(g)!))) continue;
          if (!out.has(p)) out.set(p, new Set());
          out.get(p)!.add(portsOf(rule));
        }
      }
    }
    return out;
  };

  const calls: Call[] = [];
  for (const to of principals) {
    for (const [from, ports] of admittedBy(to.groups)) {
      if (from === to) continue;
      calls.push({ from: from.caller, to: to.caller, ports: [...ports].sort() });
    }
  }

  const databases: DatabaseFacts[] = stack.resources("aws_db_instance").map((db) => {
    const v = db.values;
    const engine = [v.engine, v.engine_version].filter((x) => typeof x === "string" && x !== "").join(" ") || "database";
    const groups = stack.securityGroups(v.vpc_security_group_ids).map((g) => g.address);
    return {
      address: db.address,
      label: `${engine}${v.multi_az === true ? " · Multi-AZ" : ""}`,
      admits: [...admittedBy(groups).keys()].map((p) => p.caller),
    };
  });

  const fileSystems: FileSystemFacts[] = stack.resources("aws_efs_file_system").map((fs) => {
    const mounts = principals.flatMap((p) => {
      const task = p.taskDefinition ? stack.get(p.taskDefinition) : undefined;
      const volumes = task
        ? blocks(task.values.volume)
            .filter((vol) => stack.references(block(vol.efs_volume_configuration).file_system_id, fs))
            .map((vol) => String(vol.name))
        : [];
      return volumes.length > 0 ? [{ by: p.caller, volumes }] : [];
    });
    return {
      address: fs.address,
      mountTargets: stack.resources("aws_efs_mount_target").filter((m) => stack.references(m.values.file_system_id, fs)).length,
      mounts,
    };
  });

  const endpointName = (e: TfResource): string => {
    const name = String(e.values.service_name ?? "");
    // `com.amazonaws.<region>.ecr.api`, possibly behind a `${…}` partition prefix.
    const tail = name
      .replace(/^\$\{[\s\S]*?\}/, "")
      .replace(/^[a-z.]*amazonaws\./, "")
      .replace(/^\./, "");
    return tail.replace(/^[a-z]{2}(-gov)?-[a-z]+-\d+\./, "");
  };
  const endpoints = stack.resources("aws_vpc_endpoint");
  const ofType = (type: string): string[] =>
    endpoints
      .filter((e) => String(e.values.vpc_endpoint_type ?? "Gateway").toLowerCase() === type)
      .map(endpointName)
      .sort();

  return {
    name: stack.name,
    edge: edgeOf(stack),
    services,
    jobs,
    calls,
    databases,
    fileSystems,
    nat: { count: stack.resources("aws_nat_gateway").length, azs: privateAzs(stack) },
    interfaceEndpoints: ofType("interface"),
    gatewayEndpoints: ofType("gateway"),
    otlpExport: otlpExportOf(stack),
    cloudMap: stack.resources("aws_service_discovery_service").length > 0,
  };
}

/** The TCP ports a rule admits, as text. */
function portsOf(rule: { protocol: string; fromPort?: number; toPort?: number }): string {
  if (rule.protocol === "-1") return "all";
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  const range = from === to ? String(from) : `${from}-${to}`;
  return rule.protocol === "tcp" ? range : `${rule.protocol} ${range}`;
}

/** `Fargate`, `Fargate + Spot 80%`, `EC2 (name)`, from a capacity provider strategy. */
function capacityOf(stack: TfStack, strategy: unknown, launchType: unknown): string {
  const items = blocks(strategy);
  if (items.length === 0) {
    if (launchType === "EC2") return "EC2";
    const cluster = stack.resources("aws_ecs_cluster_capacity_providers")[0];
    const fallback = cluster ? blocks(cluster.values.default_capacity_provider_strategy) : [];
    return fallback.length > 0 ? capacityOf(stack, fallback, undefined) : "Fargate";
  }
  const ec2 = items.filter((i) => i.capacity_provider !== "FARGATE" && i.capacity_provider !== "FARGATE_SPOT");
  if (ec2.length > 0) {
    const names = ec2.map((i) => {
      const provider = stack.target(i.capacity_provider, "aws_ecs_capacity_provider");
      return String(provider?.values.name ?? i.capacity_provider);
    });
    return `EC2 (${names.join(", ")})`;
  }
  const weight = (name: string): number => items.filter((i) => i.capacity_provider === name).reduce((n, i) => n + Number(i.weight ?? 0), 0);
  const spot = weight("FARGATE_SPOT");
  const total = spot + weight("FARGATE");
  if (spot === 0) return "Fargate";
  if (spot === total) return "Fargate Spot";
  return `Fargate + Spot ${Math.round((spot / total) * 100)}%`;
}

/** The family prefix the services share (`acme-prod-`): family = prefix + service name. */
function familyPrefix(stack: TfStack, services: readonly ServiceFacts[]): string | undefined {
  for (const s of services) {
    const family = s.taskDefinition ? stack.get(s.taskDefinition)?.values.family : undefined;
    if (typeof family === "string" && family.endsWith(s.name) && family.length > s.name.length) return family.slice(0, family.length - s.name.length);
  }
  return undefined;
}

/** Each ECS service's API routes (HTTP API route keys, REST API methods and resource paths). */
function routesOf(stack: TfStack, ecsServices: readonly TfResource[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (services: readonly TfResource[], route: string): void => {
    for (const s of services) {
      if (!out.has(s.address)) out.set(s.address, []);
      if (!out.get(s.address)!.includes(route)) out.get(s.address)!.push(route);
    }
  };
  /** The ECS services behind a target group. */
  const behindTargetGroups = (groups: readonly TfResource[]): TfResource[] =>
    ecsServices.filter((svc) => blocks(svc.values.load_balancer).some((lb) => groups.some((g) => stack.references(lb.target_group_arn, g))));
  /** The target groups a listener forwards to. */
  const listenerGroups = (listener: TfResource): TfResource[] =>
    blocks(listener.values.default_action).flatMap((a) => [
      ...stack.targets(a.target_group_arn, "aws_lb_target_group"),
      ...blocks(block(a.forward).target_group).flatMap((t) => stack.targets(t.arn, "aws_lb_target_group")),
    ]);

  // HTTP API: route → integration → Cloud Map service (→ ECS service_registries) or NLB listener.
  for (const route of stack.resources("aws_apigatewayv2_route")) {
    const integration = stack.target(route.values.target, "aws_apigatewayv2_integration");
    if (!integration) continue;
    const uri = integration.values.integration_uri;
    const discovery = stack.targets(uri, "aws_service_discovery_service");
    const viaCloudMap = ecsServices.filter((svc) =>
      blocks(svc.values.service_registries).some((r) => discovery.some((d) => stack.references(r.registry_arn, d))),
    );
    const viaListener = behindTargetGroups(stack.targets(uri, "aws_lb_listener").flatMap(listenerGroups));
    add([...viaCloudMap, ...viaListener], String(route.values.route_key));
  }

  // REST API: method → integration (same resource and API) → NLB listener by port in the URI.
  const listeners = stack.resources("aws_lb_listener");
  for (const method of stack.resources("aws_api_gateway_method")) {
    const resource = stack.target(method.values.resource_id, "aws_api_gateway_resource");
    const integration = stack
      .resources("aws_api_gateway_integration")
      .find(
        (i) =>
          stack.references(i.values.http_method, method) ||
          (resource !== undefined && stack.references(i.values.resource_id, resource) && i.values.http_method === method.values.http_method),
      );
    if (!integration) continue;
    const uri = String(integration.values.uri ?? "");
    const lbs = stack.targets(uri, "aws_lb");
    const port = /:(\d+)(?:\/|$)/.exec(uri.replace(/\$\{[^}]*\}/g, ""))?.[1];
    const matched = listeners.filter((l) => lbs.some((lb) => stack.references(l.values.load_balancer_arn, lb)) && String(l.values.port) === port);
    add(behindTargetGroups(matched.flatMap(listenerGroups)), `${method.values.http_method} ${restPath(stack, resource)}`);
  }
  for (const routes of out.values()) routes.sort();
  return out;
}

/** A REST API resource's path (`/orders/{proxy+}`), from its `path_part` chain. */
function restPath(stack: TfStack, resource: TfResource | undefined): string {
  const parts: string[] = [];
  for (let r = resource, depth = 0; r && depth < 50; r = stack.target(r.values.parent_id, "aws_api_gateway_resource"), depth++) {
    parts.unshift(String(r.values.path_part));
  }
  return `/${parts.join("/")}`;
}

/** The API, its Cloudflare hosts, its VPC link and NLB. */
function edgeOf(stack: TfStack): EdgeFacts | undefined {
  const http = stack.resources("aws_apigatewayv2_api")[0];
  const rest = stack.resources("aws_api_gateway_rest_api")[0];
  if (!http && !rest) return undefined;
  const domains = [...stack.resources("aws_apigatewayv2_domain_name"), ...stack.resources("aws_api_gateway_domain_name")];
  const hosts = stack
    .resources("cloudflare_dns_record")
    .filter((r) => domains.some((d) => stack.references(r.values.content, d)))
    .map((r) => String(r.values.name))
    .sort();
  const linkV2 = stack.resources("aws_apigatewayv2_vpc_link")[0];
  const linkV1 = stack.resources("aws_api_gateway_vpc_link")[0];
  const nlb = stack.resources("aws_lb").find((lb) => lb.values.load_balancer_type === "network");
  return {
    kind: http ? "HTTP" : "REST",
    hosts,
    link: linkV2 ? "VPC link (v2)" : linkV1 ? "VPC link (v1)" : undefined,
    loadBalancer: nlb ? String(nlb.values.name ?? nlb.name) : undefined,
  };
}

/** The number of AZs the subnets span. */
function privateAzs(stack: TfStack): number {
  const subnets = stack.resources("aws_subnet");
  const azOf = (s: TfResource): string => String(s.values.availability_zone ?? s.values.availability_zone_id ?? "");
  return new Set(subnets.map(azOf).filter((az) => az !== "")).size;
}

/** The host of the collector sidecar's OTLP exporter (`otlp-gateway-prod-eu-west-2.grafana.net`). */
function otlpExportOf(stack: TfStack): string | undefined {
  for (const task of stack.resources("aws_ecs_task_definition")) {
    for (const c of stack.containers(task) ?? []) {
      const collector = /otel|opentelemetry/i.test(`${c.name ?? ""} ${c.image ?? ""}`) && /collector/i.test(`${c.name ?? ""} ${c.image ?? ""}`);
      if (!collector) continue;
      const config = (c.environment ?? []).map((e) => e.value ?? "").join("\n");
      const endpoint = /exporters:[\s\S]*?endpoint:\s*"?(https?:\/\/[^"\s]+)/.exec(config)?.[1];
      if (endpoint) return new URL(endpoint).host;
      return "OTLP collector";
    }
  }
  return undefined;
}

/**
 * The size of each environment at a glance, for `npm run check`: resources per domain,
 * services, routes and alarms, so a reviewer sees how much a change adds or removes.
 */
import { TfStack } from "./tf";

/** The domain of a top-level construct id (the second segment of a resource's construct path). */
const DOMAINS: Readonly<Record<string, string>> = {
  network: "network",
  services: "compute",
  cluster: "compute",
  "ec2-capacity": "compute",
  repositories: "compute",
  namespace: "compute",
  "scheduled-jobs": "jobs",
  database: "database",
  "file-system": "storage",
  api: "edge",
  "rest-api": "edge",
  "api-domain": "edge",
  "api-record": "edge",
  "load-balancer": "edge",
  "zone-settings": "edge",
  alerts: "observability",
  "grafana-credentials": "observability",
  key: "security",
};

/** One environment's size. */
export interface StackSummary {
  readonly stack: string;
  readonly resources: number;
  /** Domain → resources, largest first. */
  readonly domains: Readonly<Record<string, number>>;
  readonly services: number;
  /** HTTP API routes and REST API methods. */
  readonly routes: number;
  readonly alarms: number;
}

/**
 * The domain of a resource: from its construct path's top-level id (`prod/network/vpc` →
 * network, `prod/services/orders/task` → compute); a top-level id not in the table is its
 * own domain, and a resource without a path is `other`.
 */
export function domainOf(path: unknown): string {
  if (typeof path !== "string") return "other";
  const top = path.split("/")[1];
  return top === undefined ? "other" : (DOMAINS[top] ?? top);
}

/** The summary of one stack. */
export function summarizeStack(stack: TfStack): StackSummary {
  const counts = new Map<string, number>();
  const resources = stack.allResources();
  for (const r of resources) {
    const domain = domainOf(r.values["//"]?.metadata?.path);
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  const domains = Object.fromEntries([...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
  return {
    stack: stack.name,
    resources: resources.length,
    domains,
    services: stack.resources("aws_ecs_service").length,
    routes: stack.resources("aws_apigatewayv2_route").length + stack.resources("aws_api_gateway_method").length,
    alarms: stack.resources("aws_cloudwatch_metric_alarm").length + stack.resources("aws_cloudwatch_composite_alarm").length,
  };
}

/** Whether a stack is a state bootstrap stack (`bootstrap`, `bootstrap-<account>`): not an environment. */
export function isBootstrapStack(name: string): boolean {
  return name === "bootstrap" || name.startsWith("bootstrap-");
}

/** The summaries of the environment stacks (bootstrap stacks left out), in `order`. */
export function summarizeStacks(stacks: readonly TfStack[]): StackSummary[] {
  return stacks.filter((s) => !isBootstrapStack(s.name)).map(summarizeStack);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `prod: 182 resources (network 40, compute 60, …) · 2 services · 4 routes · 21 alarms`. */
export function summaryLine(s: StackSummary): string {
  const domains = Object.entries(s.domains)
    .map(([d, n]) => `${d} ${n}`)
    .join(", ");
  return `${s.stack}: ${plural(s.resources, "resource")} (${domains}) · ${plural(s.services, "service")} · ${plural(s.routes, "route")} · ${plural(s.alarms, "alarm")}`;
}

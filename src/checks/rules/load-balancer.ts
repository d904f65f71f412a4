/**
 * Load balancers as the rules see them: an ELBv2 load balancer (`aws_lb`, or its alias
 * `aws_alb`), its listeners, the target groups they forward to and the ECS services
 * registered in those (their `load_balancer` blocks).
 */
import { block, blocks, replaceExpressions, strings, TfResource, TfStack } from "../tf";

const LB_TYPES = ["aws_lb", "aws_alb"];
const LISTENER_TYPES = ["aws_lb_listener", "aws_alb_listener"];
const TARGET_GROUP_TYPES = ["aws_lb_target_group", "aws_alb_target_group"];

/** Every load balancer of a stack. */
export function loadBalancers(stack: TfStack): TfResource[] {
  return LB_TYPES.flatMap((t) => stack.resources(t));
}

/** Whether a load balancer is a Network Load Balancer (`load_balancer_type` defaults to `application`). */
export function isNetworkLoadBalancer(lb: TfResource): boolean {
  return lb.values.load_balancer_type === "network";
}

/** The security groups a load balancer lists. */
export function loadBalancerGroups(stack: TfStack, lb: TfResource): TfResource[] {
  return stack.securityGroups(lb.values.security_groups);
}

/** The load balancers `value` references (a VPC link's `target_arns`, a listener's `load_balancer_arn`). */
export function loadBalancersIn(stack: TfStack, value: unknown): TfResource[] {
  return LB_TYPES.flatMap((t) => stack.targets(value, t));
}

/** The listener `value` references (an HTTP API integration's `integration_uri`), if any. */
export function listenerIn(stack: TfStack, value: unknown): TfResource | undefined {
  return LISTENER_TYPES.map((t) => stack.target(value, t)).find((l) => l !== undefined);
}

/** The listeners of a load balancer. */
export function listenersOf(stack: TfStack, lb: TfResource): TfResource[] {
  return LISTENER_TYPES.flatMap((t) => stack.referrers(lb, t, "load_balancer_arn"));
}

/** The load balancer a listener belongs to. */
export function loadBalancerOf(stack: TfStack, listener: TfResource): TfResource | undefined {
  return loadBalancersIn(stack, listener.values.load_balancer_arn)[0];
}

/** A listener's port, when literal. */
export function listenerPort(listener: TfResource): number | undefined {
  const p = listener.values.port;
  return typeof p === "number" ? p : typeof p === "string" && /^\d+$/.test(p) ? Number(p) : undefined;
}

/** The target groups a listener's default actions forward to (`target_group_arn`, or `forward.target_group[].arn`). */
export function targetGroupsOf(stack: TfStack, listener: TfResource): TfResource[] {
  const arns = blocks(listener.values.default_action).flatMap((a) => [a.target_group_arn, ...blocks(block(a.forward).target_group).map((t) => t.arn)]);
  return [...new Set(TARGET_GROUP_TYPES.flatMap((t) => stack.targets(arns, t)))];
}

/** An ECS service registered behind a listener, and the container port its target group reaches. */
export interface Backend {
  readonly service: TfResource;
  readonly port?: number;
}

/** The ECS services whose `load_balancer` blocks name one of the listener's target groups. */
export function backendsOf(stack: TfStack, listener: TfResource): Backend[] {
  const groups = targetGroupsOf(stack, listener);
  return stack.resources("aws_ecs_service").flatMap((service) =>
    blocks(service.values.load_balancer)
      .filter((lb) => groups.some((g) => stack.references(lb.target_group_arn, g)))
      .map((lb) => ({ service, port: typeof lb.container_port === "number" ? lb.container_port : undefined })),
  );
}

/** The container ports an ECS service registers in target groups. */
export function loadBalancedPorts(service: TfResource): number[] {
  return blocks(service.values.load_balancer)
    .map((lb) => lb.container_port)
    .filter((p): p is number => typeof p === "number");
}

/**
 * The port of an integration URI (`http://${aws_lb.x.dns_name}:10001/orders`: 10001), the
 * scheme's default when none is written; undefined when it cannot be read offline.
 */
export function uriPort(uri: unknown): number | undefined {
  if (typeof uri !== "string") return undefined;
  const flat = replaceExpressions(uri, () => "host");
  const m = /^(https?):\/\/[^/:?#]+(?::(\d+))?(?:[/?#]|$)/i.exec(flat);
  if (!m) return undefined;
  return m[2] !== undefined ? Number(m[2]) : m[1].toLowerCase() === "https" ? 443 : 80;
}

/** The subnets a load balancer puts its nodes in (`subnets` or `subnet_mapping`). */
export function loadBalancerSubnets(stack: TfStack, lb: TfResource): TfResource[] {
  return stack.targets([...strings(lb.values.subnets), ...blocks(lb.values.subnet_mapping).map((m) => m.subnet_id)], "aws_subnet");
}

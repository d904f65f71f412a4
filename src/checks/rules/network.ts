import { blocks, coversPort, describePorts, isAllPorts, isWorld, Statement, strings, TfResource, TfStack } from "../tf";
import { StackRule, Violation } from "../types";
import { eachResource, NOT_DEV, shown, stackRule } from "./helpers";
import { isNetworkLoadBalancer, loadBalancerGroups, loadBalancers } from "./load-balancer";

/** Resource types whose only job is to declare security group rules (they do not "attach" a group). */
const RULE_TYPES = new Set([
  "aws_security_group",
  "aws_default_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
]);

/** Attribute names through which a resource puts a security group on its network interfaces. */
const ATTACHING_KEYS = new Set(["security_groups", "security_group_ids", "vpc_security_group_ids"]);

function attachingValues(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => attachingValues(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "//") continue;
      if (ATTACHING_KEYS.has(k)) out.push(v);
      else attachingValues(v, out);
    }
  }
  return out;
}

/** The AZ of a subnet, when literal. */
function azOf(subnet: TfResource | undefined): string | undefined {
  const az = subnet?.values.availability_zone ?? subnet?.values.availability_zone_id;
  return typeof az === "string" && !az.includes("${") ? az : undefined;
}

/** Condition keys that tie a request to an account or organization (the endpoint policy's boundary). */
const ACCOUNT_KEYS = [
  "aws:principalaccount",
  "aws:resourceaccount",
  "aws:principalorgid",
  "aws:resourceorgid",
  "aws:principalorgpaths",
  "aws:resourceorgpaths",
];

/** Whether a statement is limited to named accounts: an account/org condition, or only specific AWS principals. */
function accountBound(s: Statement): boolean {
  const byCondition = s.conditions.some(
    (c) =>
      ACCOUNT_KEYS.includes(c.variable.toLowerCase()) &&
      /^(ForAnyValue:|ForAllValues:)?String(Equals|EqualsIgnoreCase|Like)$/.test(c.test) &&
      c.values.length > 0 &&
      c.values.every((v) => v.trim() !== "" && v !== "*"),
  );
  const byPrincipal = (s.principals ?? []).length > 0 && (s.principals ?? []).every((p) => p.kind === "AWS" && p.ids.length > 0 && !p.ids.includes("*"));
  return byCondition || byPrincipal;
}

/**
 * ECR serves image layers from an AWS-owned bucket through presigned URLs, so an account
 * condition on the S3 gateway endpoint would block pulls: AWS's documented exception is a
 * read-only statement on `prod-<region>-starport-layer-bucket`.
 */
const LAYER_BUCKET_RE = /^arn:[^:]+:s3:::prod-[^/]+-starport-layer-bucket\/\*$/;
function isLayerBucketRead(s: Statement): boolean {
  return (
    s.resources.length > 0 &&
    s.resources.every((r) => LAYER_BUCKET_RE.test(r)) &&
    s.actions.length > 0 &&
    s.actions.every((a) => a.toLowerCase() === "s3:getobject") &&
    s.notActions.length === 0
  );
}

/**
 * STS web-identity and SAML federation are unsigned (no principal, so no
 * aws:PrincipalAccount): an endpoint policy bounds them by the roles they may assume,
 * which must all belong to one named account (not `*`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
 */
const FEDERATION_ACTIONS = ["sts:assumerolewithwebidentity", "sts:assumerolewithsaml"];
const ACCOUNT_ROLE_RE = /^arn:[^:]+:iam::(\d{12}|\$\{[^}]+\}):role\//;
function isFederationIntoAccountRoles(s: Statement): boolean {
  return (
    s.actions.length > 0 &&
    s.actions.every((a) => FEDERATION_ACTIONS.includes(a.toLowerCase())) &&
    s.notActions.length === 0 &&
    s.resources.length > 0 &&
    s.resources.every((r) => ACCOUNT_ROLE_RE.test(r))
  );
}

export const networkRules: StackRule[] = [
  stackRule({
    id: "vpc-flow-logs",
    title: "Every VPC has a flow log capturing ALL traffic",
    refs: ["CKV2_AWS_11", "EC2.6"],
    check: eachResource("aws_vpc", (vpc, stack) => {
      const logs = stack.referrers(vpc, "aws_flow_log", "vpc_id");
      if (logs.length === 0) return 'has no aws_flow_log: add one with traffic_type = "ALL"';
      return !logs.some((l) => l.values.traffic_type === "ALL") && `flow logs capture ${logs.map((l) => shown(l.values.traffic_type)).join(", ")}, not "ALL"`;
    }),
  }),
  stackRule({
    id: "vpc-default-sg-closed",
    title: "The VPC's default security group is declared with no rules",
    refs: ["CKV2_AWS_12", "EC2.2"],
    check: (stack) =>
      stack.resources("aws_vpc").flatMap((vpc): Violation[] => {
        const defaults = stack.referrers(vpc, "aws_default_security_group", "vpc_id");
        if (defaults.length === 0) {
          return [
            { address: vpc.address, message: "has no aws_default_security_group: declare it with no ingress/egress so the default group allows nothing" },
          ];
        }
        return defaults
          .filter((d) => blocks(d.values.ingress).length > 0 || blocks(d.values.egress).length > 0)
          .map((d) => ({ address: d.address, message: "has ingress/egress rules: the default security group must allow nothing" }));
      }),
  }),
  stackRule({
    id: "subnet-no-auto-public-ip",
    title: "Subnets do not assign public IPs on launch",
    refs: ["CKV_AWS_130", "EC2.15"],
    check: eachResource(
      "aws_subnet",
      (s) => s.values.map_public_ip_on_launch === true && "map_public_ip_on_launch is true: public subnets host only NAT gateways, which get Elastic IPs",
    ),
  }),
  stackRule({
    id: "route-default-target",
    title: "Default routes go to a NAT gateway or an internet gateway, never an instance or interface",
    refs: ["CKV2_AWS_35"],
    check: (stack) =>
      stack.resources("aws_route_table").flatMap((rt) =>
        stack
          .routesOf(rt)
          .filter((r) => r.destination === "0.0.0.0/0" || r.destination === "::/0")
          .flatMap((r): Violation[] => {
            const kinds = Object.keys(r.targets);
            const allowed = ["nat_gateway_id", "gateway_id", "egress_only_gateway_id"];
            const bad = kinds.filter((k) => !allowed.includes(k));
            if (kinds.length === 0) return [{ address: r.address, message: `default route ${r.destination} has no target` }];
            return bad.length > 0
              ? [{ address: r.address, message: `default route ${r.destination} targets ${bad.join(", ")}: use nat_gateway_id or gateway_id` }]
              : [];
          }),
      ),
  }),
  stackRule({
    id: "no-default-vpc",
    title: "The default VPC is never managed",
    refs: ["CKV_AWS_148"],
    check: (stack) =>
      ["aws_default_vpc", "aws_default_subnet"].flatMap((type) =>
        stack.resources(type).map((r) => ({ address: r.address, message: `${type} is declared: workloads live only in this platform's VPC` })),
      ),
  }),
  stackRule({
    id: "vpc-ecr-endpoints",
    title: "Every VPC has ecr.api and ecr.dkr interface endpoints and an S3 gateway endpoint",
    refs: ["EC2.10", "EC2.55", "EC2.56"],
    check: eachResource("aws_vpc", (vpc, stack) => {
      const missing: string[] = [];
      for (const svc of ["ecr.api", "ecr.dkr"]) {
        if (!stack.endpointsFor(vpc, svc).some((e) => e.values.vpc_endpoint_type === "Interface")) missing.push(`${svc} (Interface)`);
      }
      if (!stack.endpointsFor(vpc, "s3").some((e) => (e.values.vpc_endpoint_type ?? "Gateway") === "Gateway")) missing.push("s3 (Gateway)");
      return missing.length > 0 && `has no VPC endpoint for ${missing.join(", ")}`;
    }),
  }),
  stackRule({
    id: "interface-endpoint-config",
    title: "Interface endpoints have private DNS, subnets and a security group admitting 443",
    refs: ["guide:VPC Endpoints"],
    check: eachResource("aws_vpc_endpoint", (e, stack) => {
      if (e.values.vpc_endpoint_type !== "Interface") return undefined;
      const problems: string[] = [];
      if (e.values.private_dns_enabled !== true) problems.push("private_dns_enabled is not true: the SDKs would keep resolving the public endpoint");
      if (strings(e.values.subnet_ids).length === 0) problems.push("has no subnet_ids");
      const groups = stack.securityGroups(e.values.security_group_ids);
      if (groups.length === 0) problems.push("has no security group: it would get the VPC's default group, which allows nothing");
      else if (!groups.some((g) => stack.securityGroupRules(g).some((r) => r.direction === "ingress" && coversPort(r, 443)))) {
        problems.push("its security groups admit nothing on 443");
      }
      return problems;
    }),
  }),
  stackRule({
    id: "vpc-endpoint-policy",
    title: "VPC endpoints have a policy limited to the environment's account (not the full-access default)",
    refs: ["prowler:vpc_endpoint_connections_trust_boundaries"],
    // An error everywhere: the default policy lets anything in the VPC reach any account's
    // buckets, secrets and registries through the endpoint, in dev as much as in prod (dev
    // runs the same images with the same roles), and a policy costs nothing.
    check: eachResource("aws_vpc_endpoint", (e, stack) => {
      if (e.values.policy === undefined) {
        return "has no policy: the default endpoint policy allows any principal any action on any resource of the service, any account's included; limit it with aws:PrincipalAccount (or aws:ResourceAccount / aws:PrincipalOrgID)";
      }
      const statements = stack.policy(e.values.policy);
      if (!statements) return "policy is not readable offline: write it as JSON (Fn.jsonencode or a data.aws_iam_policy_document)";
      const open = statements.filter((s) => s.effect === "Allow" && !accountBound(s) && !isLayerBucketRead(s) && !isFederationIntoAccountRoles(s));
      return open.map(
        (s) =>
          `statement ${shown(s.sid ?? s.actions.join(","))} allows ${s.actions.join(", ") || "NotAction"} without an account boundary: add a StringEquals condition on aws:PrincipalAccount, aws:ResourceAccount or aws:PrincipalOrgID (the exceptions: ECR's layer bucket on the S3 gateway, s3:GetObject on arn:<partition>:s3:::prod-<region>-starport-layer-bucket/*, and unsigned STS federation into this account's roles, arn:<partition>:iam::<account>:role/*)`,
      );
    }),
  }),
  stackRule({
    id: "sg-descriptions",
    title: "Every security group and rule has a description",
    refs: ["CKV_AWS_23"],
    check: (stack) => [
      ...stack
        .resources("aws_security_group")
        .filter((sg) => typeof sg.values.description !== "string" || sg.values.description.trim() === "" || sg.values.description === "Managed by Terraform")
        .map((sg) => ({ address: sg.address, message: "has no description (say what the group admits and why)" })),
      ...stack
        .allSecurityGroupRules()
        .filter((r) => typeof r.description !== "string" || r.description.trim() === "")
        .map((r) => ({ address: r.address, message: `${r.direction} rule (${describePorts(r)}) has no description` })),
    ],
  }),
  stackRule({
    id: "sg-no-public-ingress",
    title: "No security group admits 0.0.0.0/0 or ::/0 (API Gateway is the only public entry)",
    refs: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "EC2.18", "EC2.19"],
    check: (stack) =>
      stack
        .allSecurityGroupRules()
        .filter((r) => r.direction === "ingress" && isWorld(r))
        .map((r) => ({
          address: r.address,
          message: `ingress from ${[...r.cidrs, ...r.ipv6Cidrs].join(", ")} (${describePorts(r)}): admit security groups, not the internet`,
        })),
  }),
  stackRule({
    id: "sg-egress-restricted",
    title: "Egress to the internet is HTTPS (tcp 443) only, never all ports",
    refs: ["CKV_AWS_382"],
    check: (stack) =>
      stack
        .allSecurityGroupRules()
        .filter((r) => r.direction === "egress" && isWorld(r))
        .filter((r) => isAllPorts(r) || r.protocol !== "tcp" || r.fromPort !== 443 || r.toPort !== 443)
        .map((r) => ({ address: r.address, message: `egress to the internet (${describePorts(r)}): allow tcp 443 only (other tiers by security group)` })),
  }),
  stackRule({
    id: "nlb-internal",
    title: "Network Load Balancers are internal, with security groups that admit nothing from 0.0.0.0/0 or ::/0",
    refs: ["AWS-0053", "prowler:elbv2_internet_facing"],
    // The platform's NLB fronts the services for API Gateway's VPC links: API Gateway
    // behind Cloudflare is the only public entry, so a public NLB (or one anybody may
    // reach) bypasses Cloudflare, the API's TLS, keys and throttling. An NLB takes
    // security groups only if created with one, so a missing group is reported too.
    check: (stack) =>
      loadBalancers(stack)
        .filter(isNetworkLoadBalancer)
        .flatMap((lb): Violation[] => {
          const problems: string[] = [];
          if (lb.values.internal !== true) {
            problems.push("internal is not true: an internet-facing NLB lets clients reach the services without Cloudflare and API Gateway");
          }
          const groups = loadBalancerGroups(stack, lb);
          if (groups.length === 0 && strings(lb.values.security_groups).length === 0) {
            problems.push(
              "has no security_groups: it filters no client, and a group cannot be added later (the NLB would be replaced); give it one that admits its listener ports from the VPC",
            );
          }
          for (const g of groups) {
            for (const r of stack.securityGroupRules(g).filter((x) => x.direction === "ingress" && isWorld(x))) {
              problems.push(`its security group ${g.address} admits ${[...r.cidrs, ...r.ipv6Cidrs].join(", ")} (${describePorts(r)}, ${r.address})`);
            }
          }
          return problems.map((message) => ({ address: lb.address, message }));
        }),
  }),
  stackRule({
    id: "sg-attached",
    title: "Every security group is attached to something",
    refs: ["CKV2_AWS_5"],
    check: (stack) => {
      const attaching = stack
        .allResources()
        .filter((r) => !RULE_TYPES.has(r.type))
        .flatMap((r) => attachingValues(r.values));
      return stack
        .resources("aws_security_group")
        .filter((sg) => !attaching.some((v) => stack.references(v, sg)))
        .map((sg) => ({ address: sg.address, message: "is attached to no resource (service, database, endpoint, VPC link): remove it or attach it" }));
    },
  }),
  stackRule({
    id: "route-table-associations",
    title: "Every subnet has an explicit route table association, and every route table is associated",
    refs: ["guide:Route Tables"],
    check: (stack) => [
      ...stack
        .resources("aws_subnet")
        .filter((s) => stack.routeTablesOf(s).length === 0)
        .map((s) => ({ address: s.address, message: "has no aws_route_table_association: it falls back to the VPC's main route table" })),
      ...stack
        .resources("aws_route_table")
        .filter(
          (rt) =>
            stack.referrers(rt, "aws_route_table_association", "route_table_id").length === 0 &&
            stack.referrers(rt, "aws_main_route_table_association", "route_table_id").length === 0,
        )
        .map((rt) => ({
          address: rt.address,
          message: "is associated with no subnet: its routes apply to nothing (a subnet meant for it uses the main table)",
        })),
    ],
  }),
  stackRule({
    id: "nat-per-az",
    title: "Each private subnet's default route uses a NAT gateway in its own AZ",
    refs: ["guide:VPC Implementation Checklist"],
    environments: NOT_DEV,
    check: (stack) => {
      const setting = natSetting(stack);
      return stack.resources("aws_subnet").flatMap((subnet): Violation[] => {
        const nat = natOf(stack, subnet);
        if (!nat) return [];
        const subnetAz = azOf(subnet);
        const natAz = azOf(stack.target(nat.values.subnet_id, "aws_subnet"));
        if (!subnetAz || !natAz || subnetAz === natAz) return [];
        return [
          {
            address: subnet.address,
            message: `${setting}: this subnet in ${subnetAz} routes through ${nat.address} in ${natAz}, so an outage of ${natAz} cuts its internet egress (image pulls via NAT, telemetry export); set natGateways "perAz"`,
          },
        ];
      });
    },
  }),
];

/**
 * What the stack's NAT layout amounts to, in the config's words where it is one of them:
 * `natGateways "single": 1 NAT gateway for 3 private route tables`, or the counts.
 */
function natSetting(stack: TfStack): string {
  const privateTables = new Map<string, TfResource>();
  const used = new Set<string>();
  for (const subnet of stack.resources("aws_subnet")) {
    for (const rt of stack.routeTablesOf(subnet)) {
      const target = stack.defaultRoute(rt)?.targets.nat_gateway_id;
      const nat = target ? stack.target(target, "aws_nat_gateway") : undefined;
      if (nat) {
        privateTables.set(rt.address, rt);
        used.add(nat.address);
      }
    }
  }
  const declared = stack.resources("aws_nat_gateway").length;
  const tables = `${privateTables.size} private route table${privateTables.size === 1 ? "" : "s"}`;
  if (declared === 1) return `natGateways "single": 1 NAT gateway for ${tables}`;
  return `${used.size} NAT gateway${used.size === 1 ? "" : "s"} in use (of ${declared} declared) for ${tables}`;
}

/** The NAT gateway a subnet's default route targets. */
function natOf(stack: TfStack, subnet: TfResource): TfResource | undefined {
  for (const rt of stack.routeTablesOf(subnet)) {
    const target = stack.defaultRoute(rt)?.targets.nat_gateway_id;
    const nat = target ? stack.target(target, "aws_nat_gateway") : undefined;
    if (nat) return nat;
  }
  return undefined;
}

/**
 * A small typed query layer over synthesized Terraform JSON (`cdk.tf.json`). Rules ask
 * questions of it ("which route table does this subnet use?", "what may this role
 * do?") instead of walking raw JSON, so each rule reads as the checklist row it is.
 *
 * It understands what cdktf synthesizes: blocks as an object or a list of objects,
 * references as `${type.name.attr}` inside strings, policies and container definitions
 * as `${jsonencode({…})}` or as JSON strings (with references inside them),
 * `data.aws_iam_policy_document`.
 */

import { isProfileName, ProfileName } from "../config/fields";
import { decodeJsonencode, isJsonencode } from "./jsonencode";

/** A parsed Terraform JSON document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed Terraform JSON has no static shape; rules narrow it
export type TfJson = Record<string, any>;

/** One resource (or data source) of a stack. */
export interface TfResource {
  readonly stack: string;
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** `aws_vpc.network_vpc_1A2B` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  readonly values: TfJson;
}

/** A `type.name.attr` reference found inside a `${…}` expression. */
export interface TfRef {
  /** `aws_vpc.x` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** First attribute after the name (`arn`, `id`, `domain_name_configuration`), if any. */
  readonly attr?: string;
}

/** One IAM policy principal entry: `{ AWS: [...] }` → kind `AWS`. `"*"` alone is kind `*`. */
export interface Principal {
  readonly kind: string;
  readonly ids: readonly string[];
}

/** An IAM statement in one normalized shape, whatever it was written as. */
export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Undefined for identity policies (no Principal). */
  readonly principals?: readonly Principal[];
  readonly conditions: readonly { test: string; variable: string; values: readonly string[] }[];
}

/** A policy that belongs to a role, and where it came from. */
export interface RolePolicy {
  /** Resource that carries it (`aws_iam_role_policy.x`, the role itself, an attachment). */
  readonly address: string;
  /** Statements, or undefined when the document cannot be read offline (an unknown managed policy). */
  readonly statements?: readonly Statement[];
  /** The managed policy ARN, for attachments. */
  readonly managedArn?: string;
}

/** A security group rule, from any of the four ways Terraform can express one. */
export interface SgRule {
  /** The resource that declares it (the group itself for inline rules). */
  readonly address: string;
  readonly direction: "ingress" | "egress";
  /** `-1` (all), `tcp`, `udp`, `icmp`, … */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrs: readonly string[];
  readonly ipv6Cidrs: readonly string[];
  /** Raw values naming peer security groups (`${aws_security_group.x.id}`). */
  readonly peerGroups: readonly string[];
  readonly prefixLists: readonly string[];
  readonly self: boolean;
  readonly description?: string;
  /** The raw `security_group_id` (for standalone rules) — unresolvable ones still get checked. */
  readonly groupRef?: string;
}

/** One route of a route table, inline or `aws_route`. */
export interface Route {
  readonly address: string;
  readonly destination?: string;
  /** Target attribute → value, e.g. `{ nat_gateway_id: "${aws_nat_gateway.a.id}" }`. */
  readonly targets: Readonly<Record<string, string>>;
}

/** A container of a task definition (the fields the rules read). */
export interface ContainerDefinition {
  readonly name?: string;
  readonly image?: string;
  readonly essential?: boolean;
  readonly readonlyRootFilesystem?: boolean;
  readonly privileged?: boolean;
  readonly environment?: readonly { name?: string; value?: string }[];
  readonly secrets?: readonly { name?: string; valueFrom?: string }[];
  readonly logConfiguration?: { logDriver?: string; options?: Record<string, string> };
  readonly portMappings?: readonly { containerPort?: number; hostPort?: number; protocol?: string }[];
}

const ROUTE_TARGETS = [
  "nat_gateway_id",
  "gateway_id",
  "egress_only_gateway_id",
  "network_interface_id",
  "instance_id",
  "transit_gateway_id",
  "vpc_peering_connection_id",
  "vpc_endpoint_id",
  "local_gateway_id",
  "carrier_gateway_id",
  "core_network_arn",
];

/** Blocks synthesize as an object or a list of objects: always a list here. */
export function blocks(value: unknown): TfJson[] {
  if (Array.isArray(value)) return value.filter((v) => v && typeof v === "object");
  if (value && typeof value === "object") return [value as TfJson];
  return [];
}

/** The first block, or an empty object. */
export function block(value: unknown): TfJson {
  return blocks(value)[0] ?? {};
}

/** A string or list of strings, as a list. */
export function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

/** True for a value that is only a Terraform expression (`${…}`), i.e. not known until plan. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && /^\$\{[\s\S]*\}$/.test(value);
}

/** The `${…}` expressions in a string, braces balanced. */
export function expressionsIn(text: string): string[] {
  const out: string[] = [];
  for (let i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 2)) {
    let depth = 0;
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === "{") depth++;
      else if (text[j] === "}" && --depth === 0) {
        out.push(text.slice(i + 2, j));
        i = j - 1;
        break;
      }
    }
  }
  return out;
}

/** `text` with every `${…}` expression (braces balanced) replaced by what `replace` makes of its inner text. */
export function replaceExpressions(text: string, replace: (expression: string) => string): string {
  let out = "";
  let rest = text;
  for (const expr of expressionsIn(text)) {
    const whole = `\${${expr}}`;
    const at = rest.indexOf(whole);
    out += rest.slice(0, at) + replace(expr);
    rest = rest.slice(at + whole.length);
  }
  return out + rest;
}

const REF_RE = /(?<![\w.])(data\.)?((?:aws|cloudflare)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?(?:\.([A-Za-z_][A-Za-z0-9_]*))?/g;

/** Every `type.name.attr` reference inside `${…}` expressions of `value` (deep). */
export function refsIn(value: unknown): TfRef[] {
  const out: TfRef[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      for (const expr of expressionsIn(v)) {
        for (const m of expr.matchAll(REF_RE)) {
          const data = Boolean(m[1]);
          out.push({ address: `${data ? "data." : ""}${m[2]}.${m[3]}`, type: m[2], name: m[3], attr: m[4] });
        }
      }
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) if (k !== "//") walk(child);
    }
  };
  walk(value);
  return out;
}

/**
 * Parses a JSON document attribute (a policy, container definitions); undefined if it is
 * another expression or invalid. Two forms: `${jsonencode({…})}` (what `Fn.jsonencode`
 * synthesizes; read by {@link decodeJsonencode}), and a JSON string, into which cdktf
 * writes tokens as raw `${…}` expressions whose own quotes are not JSON-escaped
 * (`"arn:${element(split(":", x), 4)}"`), so expressions are swapped for placeholders
 * before parsing and restored after. Both give strings as Terraform JSON-string text.
 */
export function parseJsonString(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  if (isJsonencode(value)) return decodeJsonencode(value);
  if (isExpression(value)) return undefined;
  const expressions: string[] = [];
  let text = "";
  let rest = value;
  for (const expr of expressionsIn(value)) {
    const whole = `\${${expr}}`;
    const at = rest.indexOf(whole);
    // A JSON escape, so the placeholder is legal inside a JSON string.
    text += `${rest.slice(0, at)}\\u0000${expressions.length}\\u0000`;
    expressions.push(whole);
    rest = rest.slice(at + whole.length);
  }
  text += rest;
  const restore = (v: unknown): unknown => {
    // eslint-disable-next-line no-control-regex -- NUL delimits the expression placeholders on purpose
    if (typeof v === "string") return v.replace(/\u0000(\d+)\u0000/g, (_, i) => expressions[Number(i)]);
    if (Array.isArray(v)) return v.map(restore);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [restore(k) as string, restore(x)]));
    return v;
  };
  try {
    return restore(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** IAM-style glob (`*`, `?`), case-insensitive when `caseInsensitive`. */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    caseInsensitive ? "i" : "",
  );
  return re.test(value);
}

/**
 * The profile whose rules a stack gets: the config's (`profiles`, stack name → profile),
 * else a built-in name's own; everything else (bootstrap) is checked as `prod`.
 */
export function environmentOf(stackName: string, profiles: Readonly<Record<string, ProfileName>> = {}): ProfileName {
  return profiles[stackName] ?? (isProfileName(stackName) ? stackName : "prod");
}

/** Normalizes an IAM policy JSON document (object) into statements. */
export function statementsOfDocument(doc: unknown): Statement[] | undefined {
  if (!doc || typeof doc !== "object") return undefined;
  const raw = (doc as TfJson).Statement;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.map((s: TfJson) => ({
    sid: s.Sid,
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals: s.Principal === undefined ? undefined : principalsOf(s.Principal),
    conditions: Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, vars]) =>
      Object.entries(vars ?? {}).map(([variable, values]) => ({
        test,
        variable,
        values: strings(values).concat(typeof values === "boolean" ? [String(values)] : []),
      })),
    ),
  }));
}

function principalsOf(p: unknown): Principal[] {
  if (p === "*") return [{ kind: "*", ids: ["*"] }];
  if (!p || typeof p !== "object") return [];
  return Object.entries(p as Record<string, unknown>).map(([kind, ids]) => ({ kind, ids: strings(ids) }));
}

/** Statements of a `data.aws_iam_policy_document` body. */
function statementsOfDataDocument(values: TfJson): Statement[] {
  return blocks(values.statement).map((s) => ({
    sid: s.sid,
    effect: s.effect === "Deny" ? "Deny" : "Allow",
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    principals:
      s.principals === undefined ? undefined : blocks(s.principals).map((p) => ({ kind: p.type === "*" ? "*" : String(p.type), ids: strings(p.identifiers) })),
    conditions: blocks(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: strings(c.values) })),
  }));
}

/**
 * Managed policies whose documents the rules need to know offline. Only what a task
 * execution role legitimately attaches; anything else counts as unknown.
 */
const KNOWN_MANAGED_POLICIES: Record<string, Statement[]> = {
  "service-role/AmazonECSTaskExecutionRolePolicy": [
    {
      effect: "Allow",
      actions: [
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ],
      notActions: [],
      resources: ["*"],
      notResources: [],
      conditions: [],
    },
  ],
};

/** One synthesized stack, indexed. */
export class TfStack {
  private readonly byType = new Map<string, TfResource[]>();
  private readonly byAddress = new Map<string, TfResource>();

  constructor(
    /** Stack name: the environment name for platform stacks. */
    public readonly name: string,
    /** The whole `cdk.tf.json`. */
    public readonly json: TfJson,
    /** Stack name → profile, from the config (see {@link environmentOf}). */
    private readonly profiles: Readonly<Record<string, ProfileName>> = {},
  ) {
    for (const mode of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries((json[mode] ?? {}) as Record<string, Record<string, TfJson>>)) {
        for (const [name, values] of Object.entries(byName ?? {})) {
          const address = `${mode === "data" ? "data." : ""}${type}.${name}`;
          const r: TfResource = { stack: this.name, mode, type, name, address, values: values ?? {} };
          const key = `${mode === "data" ? "data." : ""}${type}`;
          if (!this.byType.has(key)) this.byType.set(key, []);
          this.byType.get(key)!.push(r);
          this.byAddress.set(address, r);
        }
      }
    }
  }

  /** The profile whose rules apply (see {@link environmentOf}). */
  get environment(): ProfileName {
    return environmentOf(this.name, this.profiles);
  }

  /** Resources of a type (`aws_vpc`), or data sources with a `data.` prefix. */
  resources(type: string): TfResource[] {
    return this.byType.get(type) ?? [];
  }

  /** Every resource (not data sources). */
  allResources(): TfResource[] {
    return [...this.byAddress.values()].filter((r) => r.mode === "resource");
  }

  /** The resource at an address. */
  get(address: string): TfResource | undefined {
    return this.byAddress.get(address);
  }

  /** Resources of this stack that `value` references (optionally only of `type`), once each. */
  targets(value: unknown, type?: string): TfResource[] {
    const seen = new Set<string>();
    const out: TfResource[] = [];
    for (const ref of refsIn(value)) {
      if (type && ref.type !== type) continue;
      const r = this.byAddress.get(ref.address);
      if (r && !seen.has(r.address)) {
        seen.add(r.address);
        out.push(r);
      }
    }
    return out;
  }

  /** The first resource `value` references (optionally of `type`). */
  target(value: unknown, type?: string): TfResource | undefined {
    return this.targets(value, type)[0];
  }

  /** Whether `value` references `target` (with attribute `attr`, when given). */
  references(value: unknown, target: TfResource, attr?: string): boolean {
    return refsIn(value).some((r) => r.address === target.address && (attr === undefined || r.attr === attr));
  }

  /** Resources of `type` whose attribute `key` (or whole body) references `target`. */
  referrers(target: TfResource, type: string, key?: string): TfResource[] {
    return this.resources(type).filter((r) => this.references(key ? r.values[key] : r.values, target));
  }

  /** The AWS provider region a resource runs in (its `provider` alias, else the default provider). */
  regionOf(resource: TfResource): string | undefined {
    const providers = blocks(this.json.provider?.aws);
    const alias = typeof resource.values.provider === "string" ? /^aws\.(.+)$/.exec(resource.values.provider)?.[1] : undefined;
    const p = alias ? providers.find((x) => x.alias === alias) : providers.find((x) => x.alias === undefined);
    return typeof p?.region === "string" ? p.region : undefined;
  }

  /**
   * An IAM policy document: a JSON string, or a reference to a
   * `data.aws_iam_policy_document`. Undefined when it cannot be read offline.
   */
  policy(value: unknown): Statement[] | undefined {
    const parsed = parseJsonString(value);
    if (parsed !== undefined) return statementsOfDocument(parsed);
    if (isExpression(value)) {
      const doc = this.target(value, "aws_iam_policy_document");
      const ref = refsIn(value)[0];
      if (doc && ref?.address.startsWith("data.") && ref.attr === "json") return statementsOfDataDocument(doc.values);
    }
    return undefined;
  }

  /** The container definitions of a task definition; undefined when not a readable JSON string. */
  containers(taskDefinition: TfResource): ContainerDefinition[] | undefined {
    const parsed = parseJsonString(taskDefinition.values.container_definitions);
    return Array.isArray(parsed) ? (parsed as ContainerDefinition[]) : undefined;
  }

  /** Whether `value` names `role` (by reference to any attribute, or by its literal name). */
  private namesRole(value: unknown, role: TfResource): boolean {
    return this.references(value, role) || (typeof value === "string" && value === role.values.name);
  }

  /**
   * A role's effective policy: the union of its inline policies (`aws_iam_role_policy`,
   * `inline_policy` blocks) and attached policies (customer-managed resolved, AWS
   * managed known or marked unreadable).
   */
  rolePolicies(role: TfResource): RolePolicy[] {
    const out: RolePolicy[] = [];
    for (const p of this.resources("aws_iam_role_policy")) {
      if (this.namesRole(p.values.role, role)) out.push({ address: p.address, statements: this.policy(p.values.policy) });
    }
    for (const inline of blocks(role.values.inline_policy)) {
      if (inline.policy !== undefined) out.push({ address: role.address, statements: this.policy(inline.policy) });
    }
    const attached: { address: string; arn: unknown }[] = [];
    for (const a of this.resources("aws_iam_role_policy_attachment")) {
      if (this.namesRole(a.values.role, role)) attached.push({ address: a.address, arn: a.values.policy_arn });
    }
    for (const a of this.resources("aws_iam_policy_attachment")) {
      if (strings(a.values.roles).some((r) => this.namesRole(r, role))) attached.push({ address: a.address, arn: a.values.policy_arn });
    }
    for (const arn of strings(role.values.managed_policy_arns)) attached.push({ address: role.address, arn });
    for (const { address, arn } of attached) {
      const customer = this.target(arn, "aws_iam_policy");
      if (customer) {
        out.push({ address, statements: this.policy(customer.values.policy), managedArn: String(arn) });
      } else {
        const name = typeof arn === "string" ? /:policy\/(.+)$/.exec(arn)?.[1] : undefined;
        out.push({ address, statements: name ? KNOWN_MANAGED_POLICIES[name] : undefined, managedArn: String(arn) });
      }
    }
    return out;
  }

  private sgRules?: SgRule[];

  /** Every security group rule of the stack, whichever resource declares it. */
  allSecurityGroupRules(): SgRule[] {
    // Rules ask for this once per group; the stack does not change while it is checked.
    this.sgRules ??= this.collectSecurityGroupRules();
    return this.sgRules;
  }

  private collectSecurityGroupRules(): SgRule[] {
    const out: SgRule[] = [];
    for (const type of ["aws_security_group", "aws_default_security_group"]) {
      for (const sg of this.resources(type)) {
        for (const direction of ["ingress", "egress"] as const) {
          for (const b of blocks(sg.values[direction])) out.push(inlineRule(sg.address, direction, b, `\${${sg.type}.${sg.name}.id}`));
        }
      }
    }
    for (const r of this.resources("aws_security_group_rule")) {
      const v = r.values;
      out.push({
        address: r.address,
        direction: v.type === "egress" ? "egress" : "ingress",
        protocol: normalizeProtocol(v.protocol),
        fromPort: num(v.from_port),
        toPort: num(v.to_port),
        cidrs: strings(v.cidr_blocks),
        ipv6Cidrs: strings(v.ipv6_cidr_blocks),
        peerGroups: strings(v.source_security_group_id),
        prefixLists: strings(v.prefix_list_ids),
        self: v.self === true,
        description: v.description,
        groupRef: v.security_group_id,
      });
    }
    for (const [type, direction] of [
      ["aws_vpc_security_group_ingress_rule", "ingress"],
      ["aws_vpc_security_group_egress_rule", "egress"],
    ] as const) {
      for (const r of this.resources(type)) {
        const v = r.values;
        out.push({
          address: r.address,
          direction,
          protocol: normalizeProtocol(v.ip_protocol),
          fromPort: num(v.from_port),
          toPort: num(v.to_port),
          cidrs: strings(v.cidr_ipv4),
          ipv6Cidrs: strings(v.cidr_ipv6),
          peerGroups: strings(v.referenced_security_group_id),
          prefixLists: strings(v.prefix_list_id),
          self: false,
          description: v.description,
          groupRef: v.security_group_id,
        });
      }
    }
    return out;
  }

  /** The rules of one security group (inline and standalone). */
  securityGroupRules(sg: TfResource): SgRule[] {
    return this.allSecurityGroupRules().filter((r) => this.references(r.groupRef, sg));
  }

  /** Whether a rule's peer is `group` (by reference), or the rule is `self` on that group. */
  rulePeerIs(rule: SgRule, group: TfResource): boolean {
    if (rule.self && this.references(rule.groupRef, group)) return true;
    return rule.peerGroups.some((p) => this.references(p, group));
  }

  /** Security groups a value lists (`security_groups`, `vpc_security_group_ids`, …). */
  securityGroups(value: unknown): TfResource[] {
    return this.targets(value, "aws_security_group");
  }

  /** Route tables explicitly associated with a subnet. */
  routeTablesOf(subnet: TfResource): TfResource[] {
    return this.resources("aws_route_table_association")
      .filter((a) => this.references(a.values.subnet_id, subnet))
      .flatMap((a) => this.targets(a.values.route_table_id, "aws_route_table"));
  }

  /** Routes of a route table: inline `route` blocks and `aws_route` resources. */
  routesOf(routeTable: TfResource): Route[] {
    const pick = (v: TfJson): Record<string, string> =>
      Object.fromEntries(ROUTE_TARGETS.filter((k) => typeof v[k] === "string" && v[k] !== "").map((k) => [k, v[k] as string]));
    const inline = blocks(routeTable.values.route).map((b) => ({
      address: routeTable.address,
      destination: b.cidr_block || b.ipv6_cidr_block || b.destination_prefix_list_id,
      targets: pick(b),
    }));
    const separate = this.resources("aws_route")
      .filter((r) => this.references(r.values.route_table_id, routeTable))
      .map((r) => ({
        address: r.address,
        destination: r.values.destination_cidr_block || r.values.destination_ipv6_cidr_block || r.values.destination_prefix_list_id,
        targets: pick(r.values),
      }));
    return [...inline, ...separate];
  }

  /** The IPv4 default route of a route table, if any. */
  defaultRoute(routeTable: TfResource): Route | undefined {
    return this.routesOf(routeTable).find((r) => r.destination === "0.0.0.0/0");
  }

  /** Whether a route table sends the default route to an internet gateway (a public subnet's table). */
  routesToInternetGateway(routeTable: TfResource): boolean {
    return this.routesOf(routeTable).some((r) => r.targets.gateway_id !== undefined && this.target(r.targets.gateway_id, "aws_internet_gateway") !== undefined);
  }

  /** Gateway endpoints placed on a route table (by `route_table_ids` or an association resource). */
  gatewayEndpointsOn(routeTable: TfResource): TfResource[] {
    const direct = this.resources("aws_vpc_endpoint").filter((e) => this.references(e.values.route_table_ids, routeTable));
    const associated = this.resources("aws_vpc_endpoint_route_table_association")
      .filter((a) => this.references(a.values.route_table_id, routeTable))
      .flatMap((a) => this.targets(a.values.vpc_endpoint_id, "aws_vpc_endpoint"));
    return [...new Set([...direct, ...associated])];
  }

  /** VPC endpoints of a VPC whose service name ends with `.<suffix>` (`ecr.api`, `s3`). */
  endpointsFor(vpc: TfResource, suffix: string): TfResource[] {
    return this.resources("aws_vpc_endpoint").filter(
      (e) => this.references(e.values.vpc_id, vpc) && typeof e.values.service_name === "string" && e.values.service_name.endsWith(`.${suffix}`),
    );
  }
}

function inlineRule(address: string, direction: "ingress" | "egress", b: TfJson, groupRef: string): SgRule {
  return {
    address,
    direction,
    protocol: normalizeProtocol(b.protocol),
    fromPort: num(b.from_port),
    toPort: num(b.to_port),
    cidrs: strings(b.cidr_blocks),
    ipv6Cidrs: strings(b.ipv6_cidr_blocks),
    peerGroups: strings(b.security_groups),
    prefixLists: strings(b.prefix_list_ids),
    self: b.self === true,
    description: b.description,
    groupRef,
  };
}

function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

function normalizeProtocol(p: unknown): string {
  const s = String(p ?? "").toLowerCase();
  if (s === "-1" || s === "all") return "-1";
  if (s === "6") return "tcp";
  if (s === "17") return "udp";
  return s;
}

/** Whether a rule admits TCP traffic on `port`. */
export function coversPort(rule: SgRule, port: number): boolean {
  if (rule.protocol === "-1") return true;
  if (rule.protocol !== "tcp") return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return from <= port && port <= to;
}

/** A rule's protocol and ports for a message: `tcp 443-443`, `all traffic`. */
export function describePorts(rule: SgRule): string {
  return rule.protocol === "-1" ? "all traffic" : `${rule.protocol} ${rule.fromPort ?? "*"}-${rule.toPort ?? "*"}`;
}

/** Whether a rule opens every port (all protocols, or a TCP/UDP range of 0/1–65535). */
export function isAllPorts(rule: SgRule): boolean {
  if (rule.protocol === "-1") return true;
  return (rule.fromPort ?? 0) <= 1 && (rule.toPort ?? 65535) >= 65535;
}

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/** Whether a rule's peer is the whole internet. */
export function isWorld(rule: SgRule): boolean {
  return [...rule.cidrs, ...rule.ipv6Cidrs].some((c) => WORLD.has(c));
}

/** Every stack of one app, for rules that must see them all. */
export class TfApp {
  constructor(public readonly stacks: readonly TfStack[]) {}
}

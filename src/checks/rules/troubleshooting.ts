/**
 * The guide's "Troubleshooting Methodology", turned into rules that catch each failure
 * before deploy: image pulls (permissions and network path), inter-service traffic
 * (Cloud Map registration, the security-group chain) and API Gateway connectivity
 * (VPC link placement, certificate validation).
 */
import { Cidr, parseCidr, cidrsOverlap } from "../../core/cidr";
import { block, blocks, coversPort, globMatch, isWorld, refsIn, replaceExpressions, SgRule, Statement, strings, TfResource, TfStack } from "../tf";
import { StackRule, Violation } from "../types";
import { describeRule, eachResource, shown, stackRule } from "./helpers";
import {
  backendsOf,
  isNetworkLoadBalancer,
  listenerIn,
  listenerPort,
  listenersOf,
  loadBalancedPorts,
  loadBalancerGroups,
  loadBalancerOf,
  loadBalancers,
  loadBalancersIn,
  loadBalancerSubnets,
  uriPort,
} from "./load-balancer";

const PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];
const LITERAL_ECR_IMAGE_RE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/;

/** A repository an image comes from: the resource, or a literal ARN. */
interface ImageSource {
  readonly label: string;
  readonly repository?: TfResource;
  readonly arn?: string;
}

function ecrSources(stack: TfStack, image: string | undefined): ImageSource[] {
  if (!image) return [];
  const repos = stack.targets(image, "aws_ecr_repository");
  if (repos.length > 0) return repos.map((r) => ({ label: r.address, repository: r }));
  const m = LITERAL_ECR_IMAGE_RE.exec(image);
  return m ? [{ label: m[3], arn: `arn:aws:ecr:${m[2]}:${m[1]}:repository/${m[3]}` }] : [];
}

/** Whether a statement's resources cover `source` (`*`, a reference to its ARN, a matching glob). */
function resourceCovers(stack: TfStack, res: string, source: ImageSource | "*"): boolean {
  if (res === "*") return true;
  if (source === "*") return false;
  if (source.repository) return stack.references(res, source.repository, "arn");
  return source.arn !== undefined && !res.includes("${") && globMatch(res, source.arn);
}

/** Whether `statements` allow `action` on a resource that some Resource entry `covers` (explicit denies win). */
function allows(statements: readonly Statement[], action: string, covers: (resource: string) => boolean): boolean {
  const matches = (s: Statement) => s.actions.some((a) => globMatch(a, action, true)) && s.resources.some(covers);
  return statements.some((s) => s.effect === "Allow" && matches(s)) && !statements.some((s) => s.effect === "Deny" && matches(s));
}

/** A role's statements (every readable policy), and a note naming the policies that cannot be read offline. */
function roleStatements(stack: TfStack, role: TfResource): { statements: Statement[]; hint: string } {
  const policies = stack.rolePolicies(role);
  const unreadable = policies.filter((p) => p.statements === undefined).map((p) => p.managedArn ?? p.address);
  return {
    statements: policies.flatMap((p) => p.statements ?? []),
    hint: unreadable.length > 0 ? ` (unreadable policies: ${unreadable.join(", ")})` : "",
  };
}

/** Egress rules of `groups` that admit tcp `port`. */
function egressOn(stack: TfStack, groups: readonly TfResource[], port: number): SgRule[] {
  return groups.flatMap((g) => stack.securityGroupRules(g)).filter((r) => r.direction === "egress" && coversPort(r, port));
}

/** Whether some rule's CIDR overlaps the VPC's (a literal CIDR egress towards the endpoints). */
function cidrReachesVpc(rule: SgRule, vpc: TfResource | undefined): boolean {
  const vpcCidr = typeof vpc?.values.cidr_block === "string" ? parseCidr(vpc.values.cidr_block) : undefined;
  return rule.cidrs.some((c) => {
    const parsed = parseCidr(c);
    return typeof parsed !== "string" && vpcCidr !== undefined && typeof vpcCidr !== "string" && cidrsOverlap(parsed, vpcCidr);
  });
}

/** The task definition an ECS service runs, when it is in this stack. */
function taskOf(stack: TfStack, service: TfResource): TfResource | undefined {
  return stack.target(service.values.task_definition, "aws_ecs_task_definition");
}

/** The DNS record types (`SRV`, `A`) a Cloud Map service publishes. */
function dnsRecordTypes(discovery: TfResource): unknown[] {
  return blocks(block(discovery.values.dns_config).dns_records).map((r) => r.type);
}

/** The container port an ECS service registers in Cloud Map (or its first port mapping). */
function registeredPorts(stack: TfStack, service: TfResource): number[] {
  const fromRegistries = blocks(service.values.service_registries)
    .map((r) => r.container_port)
    .filter((p): p is number => typeof p === "number");
  if (fromRegistries.length > 0) return fromRegistries;
  const task = taskOf(stack, service);
  return (task ? (stack.containers(task) ?? []) : [])
    .flatMap((c) => c.portMappings ?? [])
    .map((p) => p.containerPort)
    .filter((p): p is number => typeof p === "number");
}

/** ECS services registered in a Cloud Map service. */
function registrants(stack: TfStack, discovery: TfResource): { service: TfResource; registry: Record<string, unknown> }[] {
  return stack.resources("aws_ecs_service").flatMap((service) =>
    blocks(service.values.service_registries)
      .filter((r) => stack.references(r.registry_arn, discovery))
      .map((registry) => ({ service, registry })),
  );
}

/**
 * HTTP API private integrations: integration → VPC link (v2) → a Cloud Map service and the
 * ECS services registered in it, or an NLB listener (`integration_uri` = its ARN).
 */
function privateIntegrations(stack: TfStack) {
  return stack
    .resources("aws_apigatewayv2_integration")
    .filter((i) => i.values.connection_type === "VPC_LINK")
    .map((integration) => {
      const link = stack.target(integration.values.connection_id, "aws_apigatewayv2_vpc_link");
      const discovery = stack.target(integration.values.integration_uri, "aws_service_discovery_service");
      const listener = listenerIn(stack, integration.values.integration_uri);
      return { integration, link, discovery, services: discovery ? registrants(stack, discovery) : [], listener };
    });
}

/**
 * REST API private integrations: integration → VPC link (v1) → the NLBs it targets, and
 * the listener on the port of the integration's `uri` (the link picks the load balancer,
 * the port picks the listener).
 */
function restPrivateIntegrations(stack: TfStack) {
  return stack
    .resources("aws_api_gateway_integration")
    .filter((i) => i.values.connection_type === "VPC_LINK")
    .map((integration) => {
      const link = stack.target(integration.values.connection_id, "aws_api_gateway_vpc_link");
      const loadBalancers = link ? loadBalancersIn(stack, link.values.target_arns) : [];
      const port = uriPort(integration.values.uri);
      const listeners = loadBalancers.flatMap((lb) => listenersOf(stack, lb).filter((l) => port !== undefined && listenerPort(l) === port));
      return { integration, link, loadBalancers, port, listeners };
    });
}

/** Whether `outer` contains `inner` (both literal CIDRs). */
function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && cidrsOverlap(outer, inner);
}

/** A literal IPv4 CIDR, parsed; undefined for an expression or a malformed block. */
function literalCidr(text: unknown): Cidr | undefined {
  if (typeof text !== "string") return undefined;
  const parsed = parseCidr(text);
  return typeof parsed === "string" ? undefined : parsed;
}

/** The VPC a set of subnets lives in (the first subnet's), if in this stack. */
function vpcOfSubnets(stack: TfStack, subnets: readonly TfResource[]): TfResource | undefined {
  return subnets.length > 0 ? stack.target(subnets[0].values.vpc_id, "aws_vpc") : undefined;
}

/**
 * Whether a rule's CIDR entry covers traffic from every subnet in `subnets`: a reference
 * to their VPC's `cidr_block`, or a literal CIDR containing each subnet's literal block.
 */
function cidrCoversSubnets(stack: TfStack, cidr: string, subnets: readonly TfResource[]): boolean {
  if (subnets.length === 0) return false;
  const vpc = vpcOfSubnets(stack, subnets);
  if (vpc && refsIn(cidr).some((r) => r.address === vpc.address && r.attr === "cidr_block")) return true;
  const outer = literalCidr(cidr);
  return (
    outer !== undefined &&
    subnets.every((s) => {
      const inner = literalCidr(s.values.cidr_block);
      return inner !== undefined && cidrContains(outer, inner);
    })
  );
}

/** Whether a CIDR entry stays inside `vpc` (a reference to its `cidr_block`, or a literal block within its literal CIDR). */
function cidrWithinVpc(cidr: string, vpc: TfResource | undefined): boolean {
  if (!vpc) return false;
  if (refsIn(cidr).some((r) => r.address === vpc.address && r.attr === "cidr_block")) return true;
  const outer = literalCidr(vpc.values.cidr_block);
  const inner = literalCidr(cidr);
  return outer !== undefined && inner !== undefined && cidrContains(outer, inner);
}

/**
 * Whether `to` may receive tcp `port` from `from`: an ingress rule on a `to` group from a
 * `from` group, or (when `fromSubnets` is given) from a CIDR covering those subnets —
 * the source a load balancer's or VPC link's nodes have.
 */
function admits(stack: TfStack, to: readonly TfResource[], from: readonly TfResource[], port: number, fromSubnets: readonly TfResource[] = []): boolean {
  return to.some((g) =>
    stack
      .securityGroupRules(g)
      .some(
        (r) =>
          r.direction === "ingress" &&
          coversPort(r, port) &&
          (from.some((f) => stack.rulePeerIs(r, f)) || r.cidrs.some((c) => cidrCoversSubnets(stack, c, fromSubnets))),
      ),
  );
}

/** ECS services whose tasks use a database (their container definitions reference it). */
function databaseUsers(stack: TfStack): { service: TfResource; db: TfResource }[] {
  return stack.resources("aws_ecs_service").flatMap((service) => {
    const task = taskOf(stack, service);
    if (!task) return [];
    const dbs = stack.targets(task.values.container_definitions, "aws_db_instance");
    // The managed secret is referenced through the instance's master_user_secret attribute.
    return dbs.map((db) => ({ service, db }));
  });
}

function dbPort(db: TfResource): number {
  return typeof db.values.port === "number" ? db.values.port : 5432;
}

function serviceGroups(stack: TfStack, service: TfResource): TfResource[] {
  return stack.securityGroups(block(service.values.network_configuration).security_groups);
}

/** Whether `from` may open tcp `port` to `to`: egress on a `from` group towards `to` (by group or CIDR) and ingress on a `to` group from `from`. */
function chainOpen(stack: TfStack, from: readonly TfResource[], to: readonly TfResource[], port: number): { ingress: boolean; egress: boolean } {
  const ingress = to.some((g) =>
    stack.securityGroupRules(g).some((r) => r.direction === "ingress" && coversPort(r, port) && from.some((f) => stack.rulePeerIs(r, f))),
  );
  const egress = from.some((g) =>
    stack.securityGroupRules(g).some((r) => r.direction === "egress" && coversPort(r, port) && (to.some((t) => stack.rulePeerIs(r, t)) || r.cidrs.length > 0)),
  );
  return { ingress, egress };
}

/** Whether a rule's peers are security groups only (no CIDR, prefix list or self), each one `accept` admits. */
function peersOnly(stack: TfStack, r: SgRule, accept: (group: TfResource) => boolean): boolean {
  return (
    r.cidrs.length === 0 &&
    r.ipv6Cidrs.length === 0 &&
    r.prefixLists.length === 0 &&
    r.peerGroups.length > 0 &&
    r.peerGroups.every((p) => stack.securityGroups(p).some(accept))
  );
}

/** The JSON key a Secrets Manager `valueFrom` selects (`arn:…:secret:name:password::` → `password`), if any. */
function jsonKeyOf(valueFrom: string): string | undefined {
  // Drop the expressions first: their own colons (`element(split(":", …))`) are not the ARN's.
  const flat = valueFrom.replace(/\$\{[^}]*\}/g, "X");
  const m = /:secret:[^:]+:([^:]*):[^:]*:[^:]*$/.exec(flat) ?? /^X:([^:]*):[^:]*:[^:]*$/.exec(flat);
  return m && m[1] !== "" ? m[1] : undefined;
}

/** Whether a `valueFrom` is an RDS-managed master user secret: the instance's (or cluster's) `master_user_secret`, or an `rds!…` secret ARN. */
function isRdsManagedSecret(valueFrom: string): boolean {
  return (
    refsIn(valueFrom).some((r) => (r.type === "aws_db_instance" || r.type === "aws_rds_cluster") && r.attr === "master_user_secret") ||
    /:secret:rds![^:]+/.test(valueFrom)
  );
}

/**
 * Terraform text in a form IAM-style globs can compare: each `${…}` expression becomes a
 * placeholder (no `:`, `*` or `?`), the same one for the same expression in every string
 * flattened with one `table`. A secret's `.id` is its ARN, so `.id` and `.arn` of one
 * `aws_secretsmanager_secret` are one placeholder.
 */
function flatten(text: string, table: Map<string, string>): string {
  return replaceExpressions(text, (expr) => {
    const key = expr.trim().replace(/^(aws_secretsmanager_secret\.[A-Za-z0-9_-]+)\.id$/, "$1.arn");
    if (!table.has(key)) table.set(key, `«${table.size}»`);
    return table.get(key)!;
  });
}

/** What a container secret reads: the service, the IAM action ECS calls, and the ARN (flattened) a grant must cover. */
interface SecretTarget {
  readonly service: "secretsmanager" | "ssm";
  readonly action: "secretsmanager:GetSecretValue" | "ssm:GetParameters";
  /** The secret or parameter ARN, ECS's `:jsonKey:versionStage:versionId` suffix stripped; for an SSM parameter named without ARN, `parameter/<name>`. */
  readonly arn: string;
  /** An SSM parameter given by name (same account and region), not ARN. */
  readonly byName?: boolean;
}

const SECRET_REF_TYPES = new Set(["aws_secretsmanager_secret", "aws_secretsmanager_secret_version", "aws_db_instance", "aws_rds_cluster"]);

/**
 * Where a `valueFrom` points, or undefined when that cannot be told offline. ECS takes a
 * Secrets Manager ARN (optionally with `:jsonKey:versionStage:versionId`), an SSM
 * parameter ARN, or an SSM parameter name in the task's region.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
 */
function secretTarget(valueFrom: string, table: Map<string, string>): SecretTarget | undefined {
  const refs = refsIn(valueFrom);
  const flat = flatten(valueFrom, table);
  const secretsManager = refs.some((r) => SECRET_REF_TYPES.has(r.type)) || /^arn:[^:]*:secretsmanager:/.test(flat);
  if (secretsManager) {
    const m = /^(.*:secret:[^:]+):[^:]*:[^:]*:[^:]*$/.exec(flat) ?? /^(«\d+»):[^:]*:[^:]*:[^:]*$/.exec(flat);
    return { service: "secretsmanager", action: "secretsmanager:GetSecretValue", arn: m ? m[1] : flat };
  }
  if (refs.some((r) => r.type === "aws_ssm_parameter") || /^arn:[^:]*:ssm:/.test(flat)) return { service: "ssm", action: "ssm:GetParameters", arn: flat };
  if (!valueFrom.includes("${") && !flat.startsWith("arn:")) {
    return { service: "ssm", action: "ssm:GetParameters", arn: `parameter${flat.startsWith("/") ? "" : "/"}${flat}`, byName: true };
  }
  return undefined;
}

/** Whether a Resource entry of an identity policy covers a secret (IAM wildcards; references compared as text). */
function coversSecret(resource: string, target: SecretTarget, table: Map<string, string>): boolean {
  if (resource === "*") return true;
  const pattern = flatten(resource, table);
  if (target.byName) {
    // A parameter named without ARN lives in the task's own account and region: compare the path.
    const at = pattern.indexOf(":parameter/");
    return at >= 0 && globMatch(pattern.slice(at + 1), target.arn);
  }
  if (globMatch(pattern, target.arn)) return true;
  // A secret ARN written without the six random characters AWS appends (a partial ARN,
  // which ECS accepts) is matched by a grant on `<arn>-??????` or on the full ARN.
  return target.service === "secretsmanager" && !/»$/.test(target.arn) && globMatch(pattern.replace(/-[A-Za-z0-9]{6}$/, "-??????"), `${target.arn}-??????`);
}

export const troubleshootingRules: StackRule[] = [
  stackRule({
    id: "image-pull-permissions",
    title: "Each task's execution role can pull its images (auth token + pull actions on the repository ARN)",
    refs: ["guide:Troubleshooting 1"],
    check: eachResource("aws_ecs_task_definition", (task, stack) => {
      const sources = (stack.containers(task) ?? []).flatMap((c) => ecrSources(stack, c.image));
      if (sources.length === 0) return undefined;
      const roleArn = task.values.execution_role_arn;
      if (roleArn === undefined) return `pulls from ECR (${sources.map((s) => s.label).join(", ")}) but has no execution_role_arn`;
      const role = stack.target(roleArn, "aws_iam_role");
      if (!role) return undefined; // a role from outside the stack: not checkable here
      const { statements, hint } = roleStatements(stack, role);
      const problems: string[] = [];
      if (!allows(statements, "ecr:GetAuthorizationToken", (r) => resourceCovers(stack, r, "*"))) {
        problems.push(`execution role ${role.address} lacks ecr:GetAuthorizationToken on "*"${hint}`);
      }
      for (const source of sources) {
        const missing = PULL_ACTIONS.filter((a) => !allows(statements, a, (r) => resourceCovers(stack, r, source)));
        if (missing.length > 0) problems.push(`execution role ${role.address} lacks ${missing.join(", ")} on ${source.label}${hint}`);
      }
      return [...new Set(problems)];
    }),
  }),
  stackRule({
    id: "container-secret-granted",
    title: "Each container secret is readable by its task's execution role (secretsmanager:GetSecretValue / ssm:GetParameters on its ARN)",
    refs: ["guide:Troubleshooting 1", "docs:ecs-task-execution-role-secrets"],
    // ECS fetches `secrets` with the execution role before any container starts; a
    // missing grant stops the task with ResourceInitializationError, which no image
    // change fixes and the deployment circuit breaker can only roll back.
    check: (stack) =>
      stack.resources("aws_ecs_task_definition").flatMap((task): Violation[] => {
        const secrets = (stack.containers(task) ?? []).flatMap((c) =>
          (c.secrets ?? [])
            .filter((x) => typeof x.valueFrom === "string" && x.valueFrom !== "")
            .map((x) => ({ container: c.name, ...x, valueFrom: x.valueFrom! })),
        );
        if (secrets.length === 0) return [];
        const failure = "the task will fail to start with ResourceInitializationError (unable to retrieve secrets)";
        const roleArn = task.values.execution_role_arn;
        if (roleArn === undefined) {
          return [
            { address: task.address, message: `its containers inject secrets but it has no execution_role_arn, the role ECS reads them with: ${failure}` },
          ];
        }
        const role = stack.target(roleArn, "aws_iam_role");
        if (!role) return []; // a role from outside the stack: not checkable here
        const { statements, hint } = roleStatements(stack, role);
        return secrets.flatMap((x) => {
          const table = new Map<string, string>();
          const target = secretTarget(x.valueFrom, table);
          if (!target) return [];
          if (allows(statements, target.action, (r) => coversSecret(r, target, table))) return [];
          return [
            {
              address: task.address,
              message:
                `container ${shown(x.container)}: secret ${shown(x.name)} (valueFrom ${shown(x.valueFrom)}) is not readable by execution role ${role.address}${hint}: ` +
                `${failure}; allow ${target.action} on the ${target.service === "ssm" ? "parameter" : "secret"}'s ARN` +
                `${target.service === "secretsmanager" ? " (without the ECS :jsonKey:versionStage:versionId suffix; -?????? after a name written without AWS's random suffix)" : ""} ` +
                "in an inline policy of the execution role",
            },
          ];
        });
      }),
  }),
  stackRule({
    id: "image-pull-network",
    title: "Every subnet a service runs in reaches ECR (NAT route, or ecr.api + ecr.dkr endpoints and the S3 gateway endpoint), and its groups allow it",
    refs: ["guide:Troubleshooting 1", "guide:VPC Endpoints"],
    check: eachResource("aws_ecs_service", (service, stack) => {
      const net = block(service.values.network_configuration);
      const subnets = stack.targets(net.subnets, "aws_subnet");
      if (subnets.length === 0) return undefined;
      const groups = serviceGroups(stack, service);
      const vpc = stack.target(subnets[0].values.vpc_id, "aws_vpc");
      const interfaceEndpoints = vpc
        ? ["ecr.api", "ecr.dkr"].map((svc) =>
            stack.endpointsFor(vpc, svc).filter((e) => e.values.vpc_endpoint_type === "Interface" && e.values.private_dns_enabled === true),
          )
        : [[], []];
      const viaEndpoints = interfaceEndpoints.every((list) => list.length > 0);
      const problems: string[] = [];
      let layersViaGateway = false;
      let needsWorld = false;
      for (const subnet of subnets) {
        const tables = stack.routeTablesOf(subnet);
        if (tables.length === 0) {
          problems.push(`subnet ${subnet.address} has no route table association`);
          continue;
        }
        const rt = tables[0];
        const natTarget = stack.defaultRoute(rt)?.targets.nat_gateway_id;
        const nat = natTarget ? stack.target(natTarget, "aws_nat_gateway") : undefined;
        let natOk = natTarget !== undefined;
        if (nat) {
          const natSubnet = stack.target(nat.values.subnet_id, "aws_subnet");
          const natTables = natSubnet ? stack.routeTablesOf(natSubnet) : [];
          natOk = natTables.some((t) => stack.routesToInternetGateway(t));
          if (!natOk) problems.push(`${nat.address} (default route of ${subnet.address}) sits in a subnet without an internet gateway route`);
        }
        const s3Gateway = stack.gatewayEndpointsOn(rt).some((e) => typeof e.values.service_name === "string" && e.values.service_name.endsWith(".s3"));
        layersViaGateway ||= s3Gateway;
        if (!viaEndpoints && !natOk)
          problems.push(
            `subnet ${subnet.address} (${rt.address}) has no NAT default route and the VPC lacks ecr.api + ecr.dkr interface endpoints with private DNS: the ECR API is unreachable`,
          );
        if (!s3Gateway && !natOk)
          problems.push(`subnet ${subnet.address} (${rt.address}) has no S3 gateway endpoint and no NAT default route: image layers (S3) are unreachable`);
        if (!viaEndpoints || !s3Gateway) needsWorld = true;
      }
      // Security groups: private DNS sends ECR API calls to the endpoints; the S3 gateway
      // endpoint sends layer downloads to S3's prefix list; everything else goes via NAT.
      const egress = egressOn(stack, groups, 443);
      const world = egress.some(isWorld);
      if (groups.length > 0) {
        if (needsWorld && !world) problems.push(`its security groups allow no tcp 443 egress to the internet, which its NAT path needs`);
        if (viaEndpoints && !world) {
          const endpointGroups = interfaceEndpoints.flat().flatMap((e) => stack.securityGroups(e.values.security_group_ids));
          const toEndpoints = egress.some((r) => endpointGroups.some((g) => stack.rulePeerIs(r, g)) || cidrReachesVpc(r, vpc));
          if (!toEndpoints) problems.push("its security groups allow no tcp 443 egress to the ECR interface endpoints");
        }
        if (layersViaGateway && !world && !egress.some((r) => r.prefixLists.length > 0)) {
          problems.push("its security groups allow no tcp 443 egress to the S3 prefix list: image layers come from S3 through the gateway endpoint");
        }
        if (viaEndpoints) {
          for (const e of interfaceEndpoints.flat()) {
            const eg = stack.securityGroups(e.values.security_group_ids);
            const admitted = eg.some((g) =>
              stack
                .securityGroupRules(g)
                .some((r) => r.direction === "ingress" && coversPort(r, 443) && (groups.some((sg) => stack.rulePeerIs(r, sg)) || cidrReachesVpc(r, vpc))),
            );
            if (!admitted) problems.push(`endpoint ${e.address} admits no tcp 443 from this service (by group or VPC CIDR)`);
          }
        }
      }
      return [...new Set(problems)];
    }),
  }),
  stackRule({
    id: "discovery-srv-registration",
    title: "Cloud Map services behind API Gateway have SRV records and are registered by an ECS service with container name and port",
    refs: ["guide:Troubleshooting 2", "guide:Troubleshooting 3"],
    check: (stack) => {
      const out: Violation[] = [];
      const seen = new Set<string>();
      for (const { integration, discovery, services } of privateIntegrations(stack)) {
        if (!discovery) continue;
        if (!seen.has(discovery.address)) {
          seen.add(discovery.address);
          const types = dnsRecordTypes(discovery);
          if (!types.includes("SRV")) {
            out.push({
              address: discovery.address,
              message: `dns_records are ${shown(types)}: API Gateway's private integration needs SRV records (AWS_INSTANCE_PORT); A records do not work`,
            });
          }
        }
        if (services.length === 0) {
          out.push({
            address: integration.address,
            message: `targets ${discovery.address}, which no ECS service registers in: requests would find no instance (503)`,
          });
        }
      }
      // Every registration in an SRV service needs the container and its port.
      for (const service of stack.resources("aws_ecs_service")) {
        const task = taskOf(stack, service);
        const containers = task ? stack.containers(task) : undefined;
        for (const registry of blocks(service.values.service_registries)) {
          const discovery = stack.target(registry.registry_arn, "aws_service_discovery_service");
          if (!discovery) continue;
          if (!dnsRecordTypes(discovery).includes("SRV")) continue;
          if (typeof registry.container_name !== "string" || typeof registry.container_port !== "number") {
            out.push({
              address: service.address,
              message: `service_registries for ${discovery.address} needs container_name and container_port (SRV records carry the port)`,
            });
            continue;
          }
          const container = containers?.find((c) => c.name === registry.container_name);
          if (containers && !container) {
            out.push({
              address: service.address,
              message: `service_registries names container ${shown(registry.container_name)}, which its task definition does not have`,
            });
          } else if (container && !(container.portMappings ?? []).some((p) => p.containerPort === registry.container_port)) {
            out.push({
              address: service.address,
              message: `service_registries registers port ${registry.container_port}, which container ${shown(registry.container_name)} does not map`,
            });
          }
        }
      }
      return out;
    },
  }),
  stackRule({
    id: "ecs-no-rotating-db-password",
    title: "Containers do not receive an RDS-managed master password through secrets (it rotates; ECS injects once)",
    refs: ["docs:rds-secrets-manager-rotation", "docs:ecs-secrets-injected-at-start"],
    // RDS rotates a managed master user secret every 7 days by default
    // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html);
    // ECS injects `secrets` when the container starts and never refreshes them
    // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
    // The username in that secret does not rotate, so `:username::` is fine.
    check: (stack) =>
      stack.resources("aws_ecs_task_definition").flatMap((task) =>
        (stack.containers(task) ?? []).flatMap((c) =>
          (c.secrets ?? [])
            .filter((x) => typeof x.valueFrom === "string" && isRdsManagedSecret(x.valueFrom) && jsonKeyOf(x.valueFrom) !== "username")
            .map((x) => ({
              address: task.address,
              message:
                `container ${shown(c.name)}: secret ${shown(x.name)} injects the RDS-managed master password (${shown(x.valueFrom)}); RDS rotates it every 7 days and ECS injects secrets once, at container start, ` +
                "so new connections fail about a week after a deploy: connect with IAM database authentication (rds-db:connect on the task role) or have the app read the secret at run time and re-read it on an authentication failure",
            })),
        ),
      ),
  }),
  stackRule({
    id: "sg-chain",
    title:
      "Security groups open VPC link → service, or VPC link → NLB (listener port) → service (container port), and service → database (DB port); an NLB behind a REST VPC link does not hold PrivateLink traffic to its inbound rules",
    refs: ["guide:Troubleshooting 2"],
    check: (stack) => {
      const out: Violation[] = [];
      // HTTP API → Cloud Map: the VPC link's ENIs reach the tasks directly.
      for (const { link, services } of privateIntegrations(stack)) {
        if (!link) continue;
        const linkGroups = stack.securityGroups(link.values.security_group_ids);
        for (const { service, registry } of services) {
          const port = typeof registry.container_port === "number" ? registry.container_port : registeredPorts(stack, service)[0];
          if (port === undefined) continue;
          const { ingress, egress } = chainOpen(stack, linkGroups, serviceGroups(stack, service), port);
          if (!ingress)
            out.push({ address: service.address, message: `its security groups admit nothing on tcp ${port} from VPC link ${link.address}'s group` });
          if (!egress) out.push({ address: link.address, message: `its security groups allow no egress on tcp ${port} to ${service.address}` });
        }
      }
      // HTTP API → NLB listener: the VPC link's ENIs (in the VPC) reach the load balancer on
      // the listener port, by its group or a CIDR covering their subnets.
      for (const { link, listener } of privateIntegrations(stack)) {
        const lb = link && listener ? loadBalancerOf(stack, listener) : undefined;
        const port = listener ? listenerPort(listener) : undefined;
        if (!link || !listener || !lb || port === undefined) continue;
        const lbGroups = loadBalancerGroups(stack, lb);
        if (lbGroups.length === 0) continue; // it filters nothing (nlb-internal reports that)
        const linkGroups = stack.securityGroups(link.values.security_group_ids);
        if (!admits(stack, lbGroups, linkGroups, port, stack.targets(link.values.subnet_ids, "aws_subnet"))) {
          out.push({
            address: lb.address,
            message: `its security groups admit nothing on tcp ${port} (${listener.address}) from VPC link ${link.address}'s group or subnets`,
          });
        }
        if (!chainOpen(stack, linkGroups, lbGroups, port).egress) {
          out.push({ address: link.address, message: `its security groups allow no egress on tcp ${port} to ${lb.address} (${listener.address})` });
        }
      }
      // REST API → NLB: a VPC link v1 arrives over PrivateLink from API Gateway's addresses,
      // which no rule of the VPC's can name: API Gateway's NLB setup turns the evaluation of
      // PrivateLink traffic off.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-nlb-for-vpclink-using-console.html
      for (const link of stack.resources("aws_api_gateway_vpc_link")) {
        for (const lb of loadBalancersIn(stack, link.values.target_arns)) {
          const enforce = lb.values.enforce_security_group_inbound_rules_on_private_link_traffic;
          if (loadBalancerGroups(stack, lb).length > 0 && enforce !== "off") {
            out.push({
              address: lb.address,
              message: `REST VPC link ${link.address} reaches it over PrivateLink, but enforce_security_group_inbound_rules_on_private_link_traffic is ${shown(enforce)} ("on" when unset): its security groups would drop API Gateway's requests; set it to "off"`,
            });
          }
        }
      }
      // Load balancer → service: every listener's target groups reach the registered tasks on
      // the container port (traffic and health checks obey the NLB's outbound rules).
      for (const lb of loadBalancers(stack)) {
        const lbGroups = loadBalancerGroups(stack, lb);
        const lbSubnets = loadBalancerSubnets(stack, lb);
        for (const listener of listenersOf(stack, lb)) {
          for (const { service, port: containerPort } of backendsOf(stack, listener)) {
            const port = containerPort ?? registeredPorts(stack, service)[0];
            if (port === undefined) continue;
            const groups = serviceGroups(stack, service);
            const { ingress, egress } = chainOpen(stack, lbGroups, groups, port);
            if (!ingress && !admits(stack, groups, lbGroups, port, lbSubnets)) {
              out.push({
                address: service.address,
                message: `its security groups admit nothing on tcp ${port} from ${lb.address}'s group (${listener.address} forwards to it)`,
              });
            }
            if (lbGroups.length > 0 && !egress) {
              out.push({
                address: lb.address,
                message: `its security groups allow no egress on tcp ${port} to ${service.address}: traffic and health checks obey the load balancer's outbound rules`,
              });
            }
          }
        }
      }
      for (const { service, db } of databaseUsers(stack)) {
        const port = dbPort(db);
        const { ingress, egress } = chainOpen(stack, serviceGroups(stack, service), stack.securityGroups(db.values.vpc_security_group_ids), port);
        if (!ingress) out.push({ address: db.address, message: `its security groups admit nothing on tcp ${port} from ${service.address}, which uses it` });
        if (!egress) out.push({ address: service.address, message: `its security groups allow no egress on tcp ${port} to ${db.address}` });
      }
      // Several integrations share a link and a listener: one finding each.
      return out.filter((v, i) => out.findIndex((w) => w.address === v.address && w.message === v.message) === i);
    },
  }),
  stackRule({
    id: "sg-nothing-else-open",
    title: "Database, service, load balancer and VPC link groups admit only their chain peers on their ports",
    refs: ["guide:Troubleshooting 2"],
    check: (stack) => {
      const out: Violation[] = [];
      const report = (rules: SgRule[], what: string) => rules.forEach((r) => out.push({ address: r.address, message: `${what}: ${describeRule(r)}` }));
      // Workload groups: ECS services', and scheduled jobs' (the task a schedule starts
      // runs in the groups of its ECS target's network configuration).
      const serviceGroupAddresses = new Set(
        [
          ...stack.resources("aws_ecs_service").flatMap((s) => serviceGroups(stack, s)),
          ...stack.resources("aws_scheduler_schedule").flatMap((s) => stack.securityGroups(scheduleSecurityGroups(s))),
        ].map((g) => g.address),
      );
      const isServiceGroup = (g: TfResource) => serviceGroupAddresses.has(g.address);
      const single = (r: SgRule, port: number) => r.protocol === "tcp" && r.fromPort === port && r.toPort === port;
      for (const db of stack.resources("aws_db_instance")) {
        const port = dbPort(db);
        for (const g of stack.securityGroups(db.values.vpc_security_group_ids)) {
          report(
            stack.securityGroupRules(g).filter((r) => r.direction === "ingress" && !(single(r, port) && peersOnly(stack, r, isServiceGroup))),
            `database group ${g.address} admits more than tcp ${port} from service groups`,
          );
        }
      }
      const linkGroups = stack.resources("aws_apigatewayv2_vpc_link").flatMap((l) => stack.securityGroups(l.values.security_group_ids));
      const lbGroups = loadBalancers(stack).flatMap((lb) => loadBalancerGroups(stack, lb));
      // A service admits other services (Cloud Map), the VPC link (HTTP API → Cloud Map) and
      // its load balancer (the listener's target group), on its container port.
      const peerOfService = (x: TfResource) => isServiceGroup(x) || linkGroups.includes(x) || lbGroups.includes(x);
      for (const service of stack.resources("aws_ecs_service")) {
        const ports = [...new Set([...registeredPorts(stack, service), ...loadBalancedPorts(service)])];
        for (const g of serviceGroups(stack, service)) {
          report(
            stack.securityGroupRules(g).filter((r) => r.direction === "ingress" && !(ports.some((p) => single(r, p)) && peersOnly(stack, r, peerOfService))),
            `service group ${g.address} admits more than its container port (${ports.join(", ") || "none"}) from the VPC link, its load balancer or services`,
          );
        }
      }
      // A load balancer's group admits its listener ports, from the VPC (the REST API's VPC
      // link arrives over PrivateLink, the HTTP API's ENIs sit in the VPC) or the HTTP API's
      // VPC link group. Groups that are also a service's are judged as the service's.
      const listenerPorts = new Map<string, { group: TfResource; vpc?: TfResource; ports: Set<number> }>();
      for (const lb of loadBalancers(stack)) {
        const ports = listenersOf(stack, lb)
          .map(listenerPort)
          .filter((p): p is number => p !== undefined);
        for (const g of loadBalancerGroups(stack, lb)) {
          if (isServiceGroup(g) || linkGroups.includes(g)) continue;
          const entry = listenerPorts.get(g.address) ?? {
            group: g,
            vpc: stack.target(g.values.vpc_id, "aws_vpc") ?? vpcOfSubnets(stack, loadBalancerSubnets(stack, lb)),
            ports: new Set<number>(),
          };
          ports.forEach((p) => entry.ports.add(p));
          listenerPorts.set(g.address, entry);
        }
      }
      for (const { group, vpc, ports } of listenerPorts.values()) {
        const fromVpcOrLink = (r: SgRule) =>
          r.ipv6Cidrs.length === 0 &&
          r.prefixLists.length === 0 &&
          !r.self &&
          r.cidrs.length + r.peerGroups.length > 0 &&
          r.cidrs.every((c) => cidrWithinVpc(c, vpc)) &&
          r.peerGroups.every((p) => stack.securityGroups(p).some((x) => linkGroups.includes(x)));
        report(
          stack.securityGroupRules(group).filter((r) => r.direction === "ingress" && !([...ports].some((p) => single(r, p)) && fromVpcOrLink(r))),
          `load balancer group ${group.address} admits more than its listener ports (${[...ports].join(", ") || "none"}) from the VPC or a VPC link`,
        );
      }
      for (const g of new Set(linkGroups)) {
        report(
          stack.securityGroupRules(g).filter((r) => r.direction === "ingress"),
          `VPC link group ${g.address} needs no ingress`,
        );
      }
      return out;
    },
  }),
  stackRule({
    id: "worker-admits-nothing",
    title: "A worker (an ECS service without Cloud Map, load balancer or Service Connect) has security groups without ingress",
    refs: ["guide:Service Discovery Configuration"],
    // Nothing can find a worker's tasks (their IPs change with every deployment), so an
    // ingress rule on its group is either a caller that will never connect or an
    // opening nobody needs. Groups shared with a discoverable service are left to
    // sg-nothing-else-open.
    check: (stack) => {
      const services = stack.resources("aws_ecs_service");
      const discoverable = (s: TfResource) => {
        const connect = block(s.values.service_connect_configuration);
        return (
          blocks(s.values.service_registries).length > 0 ||
          blocks(s.values.load_balancer).length > 0 ||
          (connect.enabled === true && blocks(connect.service).length > 0)
        );
      };
      const reachable = new Set(
        services
          .filter(discoverable)
          .flatMap((s) => serviceGroups(stack, s))
          .map((g) => g.address),
      );
      return services
        .filter((s) => !discoverable(s))
        .flatMap((service): Violation[] => {
          const ingress = serviceGroups(stack, service)
            .filter((g) => !reachable.has(g.address))
            .flatMap((g) =>
              stack
                .securityGroupRules(g)
                .filter((r) => r.direction === "ingress")
                .map((r) => `${g.address}: ${describeRule(r)}`),
            );
          return ingress.length === 0
            ? []
            : [
                {
                  address: service.address,
                  message:
                    `a worker (no service_registries, load_balancer or Service Connect): nothing can discover its tasks, yet its security group admits ${ingress.join("; ")}; ` +
                    "remove the ingress (a worker only calls out), or register the service in Cloud Map if something must call it",
                },
              ];
        });
    },
  }),
  stackRule({
    id: "apigw-vpc-link-private",
    title:
      "Private integrations use a VPC link in private subnets with its security group attached (HTTP), or a VPC link to an NLB with a listener on the integration's port (REST)",
    refs: ["guide:Troubleshooting 3"],
    check: (stack) => {
      const out: Violation[] = [];
      for (const { integration, link } of privateIntegrations(stack)) {
        if (!link)
          out.push({ address: integration.address, message: `connection_id ${shown(integration.values.connection_id)} is not a VPC link of this stack` });
      }
      // REST: the VPC link (v1) picks the NLB, the port of the integration's URI its listener.
      for (const { integration, link, loadBalancers: targets, port, listeners } of restPrivateIntegrations(stack)) {
        if (!link) {
          out.push({ address: integration.address, message: `connection_id ${shown(integration.values.connection_id)} is not a VPC link (v1) of this stack` });
        } else if (targets.length > 0 && port === undefined) {
          out.push({ address: integration.address, message: `uri ${shown(integration.values.uri)} is not an http(s) URL whose port can be read` });
        } else if (targets.length > 0 && listeners.length === 0) {
          out.push({
            address: integration.address,
            message: `uri ${shown(integration.values.uri)} calls port ${port}, which no listener of ${targets.map((t) => t.address).join(", ")} (the VPC link's target) has: API Gateway would get no connection`,
          });
        }
      }
      for (const link of stack.resources("aws_api_gateway_vpc_link")) {
        const arns = strings(link.values.target_arns);
        const lbs = loadBalancersIn(stack, link.values.target_arns);
        if (arns.length === 0) out.push({ address: link.address, message: "has no target_arns: a VPC link (v1) targets one Network Load Balancer" });
        for (const lb of lbs.filter((x) => !isNetworkLoadBalancer(x))) {
          out.push({
            address: link.address,
            message: `targets ${lb.address}, whose load_balancer_type is ${shown(lb.values.load_balancer_type)}: a VPC link (v1) accepts only Network Load Balancers`,
          });
        }
      }
      for (const link of stack.resources("aws_apigatewayv2_vpc_link")) {
        if (stack.securityGroups(link.values.security_group_ids).length === 0) {
          out.push({ address: link.address, message: "has no security group of this stack attached: the service group cannot admit it by reference" });
        }
        for (const subnet of stack.targets(link.values.subnet_ids, "aws_subnet")) {
          const tables = stack.routeTablesOf(subnet);
          if (tables.length === 0)
            out.push({ address: link.address, message: `subnet ${subnet.address} has no explicit route table: cannot tell it is private` });
          else if (tables.some((t) => stack.routesToInternetGateway(t))) {
            out.push({ address: link.address, message: `subnet ${subnet.address} routes to an internet gateway: the VPC link belongs in private subnets` });
          }
        }
        if (strings(link.values.subnet_ids).length === 0) out.push({ address: link.address, message: "has no subnet_ids" });
      }
      return out;
    },
  }),
  stackRule({
    id: "apigw-certificate-validated",
    title: "Custom domains use a DNS-validated ACM certificate from the API's region",
    refs: ["guide:Troubleshooting 3", "guide:API Gateway regional compatibility"],
    check: (stack) => [
      ...eachResource("aws_apigatewayv2_domain_name", (domain) =>
        certificateProblems(stack, domain, block(domain.values.domain_name_configuration).certificate_arn, "certificate_arn"),
      )(stack),
      // A REST domain is REGIONAL with regional_certificate_arn (apigw-rest-tls requires it);
      // an edge-optimized one reads certificate_arn, which ACM must issue in us-east-1.
      ...eachResource("aws_api_gateway_domain_name", (domain) =>
        domain.values.regional_certificate_arn !== undefined || domain.values.certificate_arn === undefined
          ? certificateProblems(stack, domain, domain.values.regional_certificate_arn, "regional_certificate_arn")
          : certificateProblems(stack, domain, domain.values.certificate_arn, "certificate_arn", "us-east-1"),
      )(stack),
    ],
  }),
];

/**
 * What is wrong with a custom domain's certificate: not taken from an
 * `aws_acm_certificate_validation` (the domain could be created before issuance), not DNS
 * validated, or not in `region` (the API's, unless given).
 */
function certificateProblems(stack: TfStack, domain: TfResource, arn: unknown, attribute: string, region?: string): string[] | string {
  const validation = stack.target(arn, "aws_acm_certificate_validation");
  if (!validation) {
    return `${attribute} ${shown(arn)} does not reference an aws_acm_certificate_validation: the domain could be created before the certificate is issued`;
  }
  const cert = stack.target(validation.values.certificate_arn, "aws_acm_certificate");
  if (!cert) return `${validation.address} validates no aws_acm_certificate of this stack`;
  const problems: string[] = [];
  if (cert.values.validation_method !== "DNS") problems.push(`${cert.address} validation_method is ${shown(cert.values.validation_method)}, must be "DNS"`);
  const expected = region ?? stack.regionOf(domain);
  const where = region ? "an edge-optimized domain's certificate must be in us-east-1" : "ACM certificates must be in the API's region";
  for (const r of [cert, validation]) {
    const actual = stack.regionOf(r);
    if (actual !== expected)
      problems.push(`${r.address} is in ${shown(actual)} but ${region ? "the domain needs" : "the API is in"} ${shown(expected)}: ${where}`);
  }
  return problems;
}

/** The security groups of the task an EventBridge Scheduler schedule starts (its ECS target's network configuration). */
function scheduleSecurityGroups(schedule: TfResource): unknown {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v) as Record<string, unknown> | undefined;
  return one(one(one(schedule.values.target)?.ecs_parameters)?.network_configuration)?.security_groups;
}

/**
 * The guide's Troubleshooting step 2, inter-service communication: the security-group
 * rules of each `allowFrom` pair and of the API's way in (the VPC link, or the NLB), each
 * Cloud Map service's registered instances and their health, and the SRV records in the
 * namespace's private hosted zone.
 */
import { SecurityGroupRule } from "@aws-sdk/client-ec2";
import { Service } from "@aws-sdk/client-ecs";
import { Cidr, cidrSize, parseCidr } from "../core/cidr";
import { listenerPorts } from "../core/listener-ports";
import { LiveEnvironment } from "./live";
import { CheckResult, fail, GUIDE, guard, pass, remedy, skip } from "./report";

const SECTION = "Service to service";

/** One side of a connection: security groups, or (for a source) the VPC's CIDR. */
interface Side {
  readonly label: string;
  readonly groups: readonly string[];
}

const coversPort = (r: SecurityGroupRule, port: number) =>
  r.IpProtocol === "-1" || ((r.IpProtocol === "tcp" || r.IpProtocol === "6") && (r.FromPort ?? -1) <= port && port <= (r.ToPort ?? -1));

/** Whether `outer` contains all of `inner`. */
function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && outer.network <= inner.network && inner.network + cidrSize(inner) <= outer.network + cidrSize(outer);
}

/** Whether a rule's IPv4 CIDR covers the whole VPC (the address of anything in it). */
function cidrCoversVpc(r: SecurityGroupRule, vpcCidr: string | undefined): boolean {
  if (!r.CidrIpv4 || !vpcCidr) return false;
  const rule = parseCidr(r.CidrIpv4);
  const vpc = parseCidr(vpcCidr);
  return typeof rule !== "string" && typeof vpc !== "string" && cidrContains(rule, vpc);
}

/** Ingress on `to`'s groups from `from`'s groups (or, with `vpcCidr`, from a CIDR covering the VPC) on tcp `port`. */
export function admits(rules: readonly SecurityGroupRule[], to: Side, from: Side, port: number, vpcCidr?: string): boolean {
  return rules.some(
    (r) =>
      !r.IsEgress &&
      to.groups.includes(r.GroupId ?? "") &&
      coversPort(r, port) &&
      (from.groups.includes(r.ReferencedGroupInfo?.GroupId ?? "") || cidrCoversVpc(r, vpcCidr)),
  );
}

/** Egress on `from`'s groups to `to`'s groups, or to a CIDR covering the VPC, on tcp `port`. */
export function sends(rules: readonly SecurityGroupRule[], from: Side, to: Side, port: number, vpcCidr: string | undefined): boolean {
  return rules.some(
    (r) =>
      r.IsEgress &&
      from.groups.includes(r.GroupId ?? "") &&
      coversPort(r, port) &&
      (to.groups.includes(r.ReferencedGroupInfo?.GroupId ?? "") || cidrCoversVpc(r, vpcCidr)),
  );
}

const groupsOf = (service: Service): string[] => service.networkConfiguration?.awsvpcConfiguration?.securityGroups ?? [];
const describe = (side: Side) => `${side.label} (${side.groups.join(", ") || "no security group"})`;

/** One connection's check: ingress on the target and egress on the source. */
async function connectionCheck(
  live: LiveEnvironment,
  check: string,
  from: Side,
  to: Side,
  port: number,
  options: { readonly vpcCidr?: string; readonly acceptVpcCidr?: boolean; readonly fix: string },
): Promise<CheckResult> {
  const rules = await live.securityGroupRules([...from.groups, ...to.groups]);
  const ingress = admits(rules, to, from, port, options.acceptVpcCidr ? options.vpcCidr : undefined);
  const egress = sends(rules, from, to, port, options.vpcCidr);
  if (ingress && egress) return pass(SECTION, check, `${describe(to)} admits ${describe(from)} on tcp ${port}, and the egress of ${from.label} allows it`);
  const problems = [
    ...(ingress ? [] : [`${describe(to)} admits no tcp ${port} from ${from.label}`]),
    ...(egress ? [] : [`${describe(from)} allows no egress to ${to.label} on tcp ${port}`]),
  ];
  return fail(SECTION, check, problems.join("; "), remedy([GUIDE.securityGroups], options.fix));
}

/** The service-to-service checks. */
export async function serviceToServiceChecks(live: LiveEnvironment, progress: (line: string) => void): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const env = live.env;
  const redeploy = `cdktf deploy ${env.envName} restores the rules`;

  // --- security groups: allowFrom pairs --------------------------------------------------
  for (const callee of env.services) {
    for (const caller of callee.allowFrom) {
      const check = `${caller} → ${callee.name} on tcp ${callee.port ?? "?"}`;
      progress(`service to service: ${check}`);
      results.push(
        ...(await guard(SECTION, check, async () => {
          const ecs = await live.ecsServices();
          const to = ecs.services.get(callee.name);
          const from = ecs.services.get(caller);
          if (ecs.clusterMissing || !to || !from || callee.port === undefined)
            return skip(SECTION, check, `no ECS service ${!from ? caller : callee.name} (see Environment)`);
          const vpc = await live.vpc();
          return connectionCheck(live, check, { label: caller, groups: groupsOf(from) }, { label: callee.name, groups: groupsOf(to) }, callee.port, {
            vpcCidr: vpc?.CidrBlock,
            fix: `${callee.name}'s allowFrom admits ${caller}: its group must admit ${caller}'s group on tcp ${callee.port}, and ${caller}'s group allow egress to it; ${redeploy}`,
          });
        })),
      );
    }
  }

  // --- security groups: the API's way in ----------------------------------------------------
  progress("service to service: the API's way in");
  results.push(...(await apiPathChecks(live, redeploy)));

  // --- Cloud Map ---------------------------------------------------------------------------
  progress(`service to service: Cloud Map namespace ${live.names.namespace}`);
  const nsCheck = `Cloud Map namespace ${live.names.namespace}`;
  const namespaceResult = await guard(SECTION, nsCheck, async () => {
    const ns = await live.namespace();
    return ns
      ? pass(SECTION, nsCheck, `${ns.id}, private hosted zone ${ns.hostedZoneId ?? "unknown"}`)
      : fail(
          SECTION,
          nsCheck,
          "not found",
          remedy([GUIDE.discovery], `the stack creates the private DNS namespace ${live.names.namespace}: cdktf deploy ${env.envName}`),
        );
  });
  results.push(...namespaceResult);
  for (const svc of env.services) {
    if (svc.port === undefined) continue;
    progress(`service to service: ${svc.name} in Cloud Map`);
    results.push(...(await guard(SECTION, `${svc.name}: Cloud Map instances`, () => instancesCheck(live, svc.name, svc.port!))));
    results.push(...(await guard(SECTION, `${svc.name}: SRV records`, () => srvCheck(live, svc.name, svc.port!))));
  }
  return results;
}

/** The VPC link (or NLB) → service rules of every public service. */
async function apiPathChecks(live: LiveEnvironment, redeploy: string): Promise<CheckResult[]> {
  const env = live.env;
  const api = env.settings.api;
  const publics = env.services.filter((s) => s.expose === "public" && s.port !== undefined);
  const results: CheckResult[] = [];
  const ports = listenerPorts(publics.map((s) => s.name));
  for (const svc of publics) {
    const port = svc.port!;
    if (api.targets === "cloudMap") {
      const check = `VPC link → ${svc.name} on tcp ${port}`;
      results.push(
        ...(await guard(SECTION, check, async () => {
          const ecs = await live.ecsServices();
          const service = ecs.services.get(svc.name);
          if (!service) return skip(SECTION, check, `no ECS service ${svc.name} (see Environment)`);
          const link = await live.httpVpcLink();
          if (!link) return skip(SECTION, check, `no VPC link ${live.names.vpcLink} (see API Gateway)`);
          const vpc = await live.vpc();
          return connectionCheck(
            live,
            check,
            { label: "the VPC link", groups: link.SecurityGroupIds ?? [] },
            { label: svc.name, groups: groupsOf(service) },
            port,
            {
              vpcCidr: vpc?.CidrBlock,
              fix: `a public service admits the API's VPC link on its port (the link's group allows egress to it); ${redeploy}`,
            },
          );
        })),
      );
      continue;
    }
    // targets "loadBalancer": VPC link → NLB listener, NLB → service.
    const listenerPort = ports[svc.name];
    const lbCheck = `VPC link → NLB listener of ${svc.name} on tcp ${listenerPort}`;
    if (api.kind === "rest") {
      results.push(
        skip(
          SECTION,
          lbCheck,
          "a REST API's VPC link (v1) reaches the NLB over PrivateLink, where the stacks turn the NLB's inbound rules off (API Gateway's advice)",
        ),
      );
    } else {
      results.push(
        ...(await guard(SECTION, lbCheck, async () => {
          const vpc = await live.vpc();
          const link = await live.httpVpcLink();
          const group = vpc?.VpcId ? await live.loadBalancerGroup(vpc.VpcId) : undefined;
          if (!link) return skip(SECTION, lbCheck, `no VPC link ${live.names.vpcLink} (see API Gateway)`);
          if (!group?.GroupId)
            return fail(
              SECTION,
              lbCheck,
              `no security group ${live.names.loadBalancerGroup} in the VPC`,
              remedy([GUIDE.securityGroups], `the internal NLB has its own group; ${redeploy}`),
            );
          return connectionCheck(
            live,
            lbCheck,
            { label: "the VPC link", groups: link.SecurityGroupIds ?? [] },
            { label: "the NLB", groups: [group.GroupId] },
            listenerPort,
            {
              vpcCidr: vpc?.CidrBlock,
              acceptVpcCidr: true,
              fix: `the NLB's group admits the VPC link (or the VPC's CIDR) on each listener port, and the link's group allows egress to it; ${redeploy}`,
            },
          );
        })),
      );
    }
    const nlbCheck = `NLB → ${svc.name} on tcp ${port}`;
    results.push(
      ...(await guard(SECTION, nlbCheck, async () => {
        const ecs = await live.ecsServices();
        const service = ecs.services.get(svc.name);
        if (!service) return skip(SECTION, nlbCheck, `no ECS service ${svc.name} (see Environment)`);
        const vpc = await live.vpc();
        const group = vpc?.VpcId ? await live.loadBalancerGroup(vpc.VpcId) : undefined;
        if (!group?.GroupId)
          return fail(
            SECTION,
            nlbCheck,
            `no security group ${live.names.loadBalancerGroup} in the VPC`,
            remedy([GUIDE.securityGroups], `the internal NLB has its own group; ${redeploy}`),
          );
        return connectionCheck(live, nlbCheck, { label: "the NLB", groups: [group.GroupId] }, { label: svc.name, groups: groupsOf(service) }, port, {
          vpcCidr: vpc?.CidrBlock,
          fix: `each service behind the NLB admits the NLB's group on its container port (traffic and health checks); ${redeploy}`,
        });
      })),
    );
  }
  return results;
}

/** The Cloud Map service of a platform service: its id and ARN, or why there is none. */
async function discoveryService(live: LiveEnvironment, name: string): Promise<{ id: string; arn?: string } | string> {
  const ns = await live.namespace();
  if (!ns) return `no namespace ${live.names.namespace} (see above)`;
  const found = (await live.discoveryServices(ns.id)).find((s) => s.Name === name);
  return found?.Id ? { id: found.Id, ...(found.Arn ? { arn: found.Arn } : {}) } : `no Cloud Map service ${name} in ${ns.name}`;
}

/** A registered instance as `ip:port`. */
const endpointOf = (attributes: Record<string, string> | undefined) => `${attributes?.AWS_INSTANCE_IPV4 ?? "?"}:${attributes?.AWS_INSTANCE_PORT ?? "?"}`;

/** Instances and their health; shared by the API integration check. */
export async function instanceHealth(
  live: LiveEnvironment,
  serviceId: string,
): Promise<{
  readonly count: number;
  readonly healthy: number;
  readonly endpoints: string[];
  readonly withoutPort: number;
  readonly statuses: Record<string, number>;
}> {
  const instances = await live.instances(serviceId);
  const health = instances.length > 0 ? await live.health(serviceId) : {};
  const statuses: Record<string, number> = {};
  for (const i of instances) {
    const status = health[i.Id ?? ""] ?? "UNKNOWN";
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  return {
    count: instances.length,
    healthy: statuses.HEALTHY ?? 0,
    endpoints: instances.map((i) => endpointOf(i.Attributes)),
    withoutPort: instances.filter((i) => !i.Attributes?.AWS_INSTANCE_PORT).length,
    statuses,
  };
}

async function instancesCheck(live: LiveEnvironment, name: string, port: number): Promise<CheckResult> {
  const check = `${name}: Cloud Map instances`;
  const fix = (action: string) => remedy([GUIDE.discovery, GUIDE.cloudMapInstances], action);
  const ecs = await live.ecsServices();
  const service = ecs.services.get(name);
  if (service && service.desiredCount === 0) return skip(SECTION, check, `ECS desires 0 tasks of ${name}: nothing to register`);
  const found = await discoveryService(live, name);
  if (typeof found === "string") return fail(SECTION, check, found, fix(`the stack creates it with SRV records: cdktf deploy ${live.env.envName}`));
  const h = await instanceHealth(live, found.id);
  const tasks = service ? ` (ECS desires ${service.desiredCount ?? "?"}, runs ${service.runningCount ?? "?"})` : " (no ECS service: see Environment)";
  const events = `the service's events say why tasks do not start or register: aws ecs describe-services --cluster ${live.names.cluster} --services ${name} --region ${live.env.region} --query "services[0].events[:5]"`;
  if (h.count === 0) return fail(SECTION, check, `no registered instances in ${found.id}${tasks}`, fix(`ECS registers each running task; ${events}`));
  if (h.withoutPort > 0) {
    return fail(
      SECTION,
      check,
      `${h.withoutPort} of ${h.count} instance(s) carry no AWS_INSTANCE_PORT`,
      fix(`the ECS service must register with container name and port (SRV): cdktf deploy ${live.env.envName} restores its service_registries`),
    );
  }
  const counts = Object.entries(h.statuses)
    .map(([status, n]) => `${n} ${status}`)
    .join(", ");
  if (h.healthy === 0)
    return fail(
      SECTION,
      check,
      `${h.count} registered (${h.endpoints.join(", ")}), none healthy: ${counts}`,
      fix(`ECS reports each task's health check (on port ${port}); ${events}`),
    );
  return pass(SECTION, check, `${h.count} registered (${h.endpoints.join(", ")}): ${counts}`);
}

async function srvCheck(live: LiveEnvironment, name: string, port: number): Promise<CheckResult> {
  const check = `${name}: SRV records`;
  const fqdn = `${name}.${live.names.namespace}`;
  const fix = (action: string) => remedy([GUIDE.discovery], action);
  const ns = await live.namespace();
  if (!ns) return skip(SECTION, check, `no namespace ${live.names.namespace} (see above)`);
  if (!ns.hostedZoneId)
    return fail(SECTION, check, `namespace ${ns.id} has no private hosted zone`, fix(`recreate the namespace: cdktf deploy ${live.env.envName}`));
  const ecs = await live.ecsServices();
  if (ecs.services.get(name)?.desiredCount === 0) return skip(SECTION, check, `ECS desires 0 tasks of ${name}: no records to serve`);
  const sets = await live.srvRecords(ns.hostedZoneId, fqdn);
  const values = sets.flatMap((s) => (s.ResourceRecords ?? []).map((r) => r.Value ?? ""));
  if (values.length === 0) {
    return fail(
      SECTION,
      check,
      `no SRV record ${fqdn} in hosted zone ${ns.hostedZoneId}`,
      fix(`Cloud Map writes one per healthy registered instance (see the instances line); callers resolve ${fqdn} with an SRV lookup, never A`),
    );
  }
  // An SRV value: "<priority> <weight> <port> <target>".
  const ports = [...new Set(values.map((v) => Number(v.split(/\s+/)[2])))];
  if (!ports.includes(port)) {
    return fail(
      SECTION,
      check,
      `${values.length} SRV record(s) for port ${ports.join(", ")}, but ${name} listens on ${port}`,
      fix(`the ECS service registers its container port; cdktf deploy ${live.env.envName} registers the configured port`),
    );
  }
  return pass(SECTION, check, `${values.length} SRV record(s) ${fqdn} → port ${port}`);
}

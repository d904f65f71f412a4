/**
 * The deployed environment as AWS describes it, found by the names and tags the stacks
 * give it. Read-only calls only (Describe*, List*, Get*); each answer is fetched once per
 * run and shared by the checks that need it.
 */
import { DescribeCertificateCommand, CertificateDetail } from "@aws-sdk/client-acm";
import {
  BasePathMapping,
  DomainName as RestDomainName,
  GetBasePathMappingsCommand,
  GetDomainNameCommand as GetRestDomainNameCommand,
  GetRestApisCommand,
  GetVpcLinksCommand as GetRestVpcLinksCommand,
  RestApi,
  VpcLink as RestVpcLink,
} from "@aws-sdk/client-api-gateway";
import {
  Api,
  ApiMapping,
  GetApiMappingsCommand,
  GetApisCommand,
  GetDomainNameCommand,
  GetDomainNameCommandOutput,
  GetIntegrationsCommand,
  GetVpcLinksCommand,
  Integration,
  VpcLink,
} from "@aws-sdk/client-apigatewayv2";
import {
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  NatGateway,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Vpc,
  VpcEndpoint,
} from "@aws-sdk/client-ec2";
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  Service,
  Task,
  TaskDefinition,
} from "@aws-sdk/client-ecs";
import { GetPolicyCommand, GetPolicyVersionCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { ListResourceRecordSetsCommand, ResourceRecordSet } from "@aws-sdk/client-route-53";
import {
  GetInstancesHealthStatusCommand,
  GetNamespaceCommand,
  HealthStatus,
  InstanceSummary,
  ListInstancesCommand,
  ListNamespacesCommand,
  ListServicesCommand,
  ServiceSummary,
} from "@aws-sdk/client-servicediscovery";
import { EnvironmentConfig } from "../config";
import { allPages, call, callOrMissing } from "./aws";
import { DoctorClients } from "./clients";
import { parsePolicyDocument, RoleStatement } from "./iam-policy";
import { environmentNames, EnvironmentNames, PRIVATE_TIER } from "./names";

/** The ECS services the config names, as ECS describes them. */
export interface EcsServices {
  /** The cluster does not exist. */
  readonly clusterMissing: boolean;
  /** ACTIVE services by config name. */
  readonly services: ReadonlyMap<string, Service>;
}

/** The Cloud Map namespace of the environment. */
export interface LiveNamespace {
  readonly id: string;
  readonly name: string;
  /** The Route 53 private hosted zone Cloud Map keeps the records in. */
  readonly hostedZoneId?: string;
}

/** The API's custom domain, whichever flavor. */
export interface LiveDomain {
  readonly certificateArn?: string;
  /** The regional name the Cloudflare CNAME must point at (`d-….execute-api.<region>.amazonaws.com`). */
  readonly targetDomainName?: string;
}

/** Everything the doctor reads from one deployed environment. */
export class LiveEnvironment {
  /** The names the stacks gave the environment's resources. */
  readonly names: EnvironmentNames;
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clients: DoctorClients,
    /** The environment as the config resolves it. */
    readonly env: EnvironmentConfig,
  ) {
    this.names = environmentNames({ project: env.project, envName: env.envName });
  }

  /** Memoizes one answer per key: each call happens at most once per run. */
  private once<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = fetch();
      this.cache.set(key, hit);
    }
    return hit;
  }

  // --- network ----------------------------------------------------------------------

  /** The VPC tagged `Name=<project>-<env>`, `project`, `environment` (the provider's default tags). */
  vpc(): Promise<Vpc | undefined> {
    return this.once("vpc", async () => {
      const out = await call("EC2 DescribeVpcs", () =>
        this.clients.ec2.send(
          new DescribeVpcsCommand({
            Filters: [
              { Name: "tag:Name", Values: [this.names.vpc] },
              { Name: "tag:project", Values: [this.env.project] },
              { Name: "tag:environment", Values: [this.env.envName] },
            ],
          }),
        ),
      );
      return out.Vpcs?.[0];
    });
  }

  /** The private (workload) subnets: `tier=private`. */
  privateSubnets(vpcId: string): Promise<Subnet[]> {
    return this.once("subnets", async () => {
      const out = await call("EC2 DescribeSubnets", () =>
        this.clients.ec2.send(
          new DescribeSubnetsCommand({
            Filters: [
              { Name: "vpc-id", Values: [vpcId] },
              { Name: "tag:tier", Values: [PRIVATE_TIER] },
            ],
          }),
        ),
      );
      return out.Subnets ?? [];
    });
  }

  /** Every route table of the VPC. */
  routeTables(vpcId: string): Promise<RouteTable[]> {
    return this.once("route-tables", () =>
      allPages(
        (NextToken) =>
          call("EC2 DescribeRouteTables", () =>
            this.clients.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }], NextToken })),
          ),
        (p) => p.RouteTables,
        (p) => p.NextToken,
      ),
    );
  }

  /** The VPC's NAT gateways, whatever their state. */
  natGateways(vpcId: string): Promise<NatGateway[]> {
    return this.once("nat-gateways", () =>
      allPages(
        (NextToken) =>
          call("EC2 DescribeNatGateways", () =>
            this.clients.ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: "vpc-id", Values: [vpcId] }], NextToken })),
          ),
        (p) => p.NatGateways,
        (p) => p.NextToken,
      ),
    );
  }

  /** The VPC's endpoints (gateway and interface). */
  vpcEndpoints(vpcId: string): Promise<VpcEndpoint[]> {
    return this.once("vpc-endpoints", () =>
      allPages(
        (NextToken) =>
          call("EC2 DescribeVpcEndpoints", () =>
            this.clients.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }], NextToken })),
          ),
        (p) => p.VpcEndpoints,
        (p) => p.NextToken,
      ),
    );
  }

  /** The rules of the given security groups (ingress and egress). */
  securityGroupRules(groupIds: readonly string[]): Promise<SecurityGroupRule[]> {
    const ids = [...new Set(groupIds)].sort();
    return this.once(`rules:${ids.join(",")}`, () =>
      allPages(
        (NextToken) =>
          call("EC2 DescribeSecurityGroupRules", () =>
            this.clients.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: ids }], NextToken })),
          ),
        (p) => p.SecurityGroupRules,
        (p) => p.NextToken,
      ),
    );
  }

  /** The internal NLB's security group (`Name=<project>-<env>-nlb` in the VPC). */
  loadBalancerGroup(vpcId: string): Promise<SecurityGroup | undefined> {
    return this.once("nlb-group", async () => {
      const out = await call("EC2 DescribeSecurityGroups", () =>
        this.clients.ec2.send(
          new DescribeSecurityGroupsCommand({
            Filters: [
              { Name: "vpc-id", Values: [vpcId] },
              { Name: "tag:Name", Values: [this.names.loadBalancerGroup] },
            ],
          }),
        ),
      );
      return out.SecurityGroups?.[0];
    });
  }

  // --- ECS --------------------------------------------------------------------------

  /** The config's services in the cluster `<project>-<env>` (ECS service name = config name). */
  ecsServices(): Promise<EcsServices> {
    return this.once("ecs-services", async () => {
      const services = new Map<string, Service>();
      const names = this.env.services.map((s) => s.name);
      // DescribeServices takes at most 10 names.
      for (let i = 0; i < names.length; i += 10) {
        const out = await callOrMissing(
          "ECS DescribeServices",
          () => this.clients.ecs.send(new DescribeServicesCommand({ cluster: this.names.cluster, services: names.slice(i, i + 10) })),
          ["ClusterNotFoundException"],
        );
        if (!out) return { clusterMissing: true, services };
        for (const s of out.services ?? []) if (s.serviceName && s.status === "ACTIVE") services.set(s.serviceName, s);
      }
      return { clusterMissing: false, services };
    });
  }

  /** A task definition revision. */
  taskDefinition(arn: string): Promise<TaskDefinition | undefined> {
    return this.once(`task-definition:${arn}`, async () => {
      const out = await call("ECS DescribeTaskDefinition", () => this.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })));
      return out.taskDefinition;
    });
  }

  /** The service's recently stopped tasks (ECS keeps them for about an hour), newest first. */
  stoppedTasks(service: string): Promise<Task[]> {
    return this.once(`stopped:${service}`, async () => {
      const listed = await call("ECS ListTasks", () =>
        this.clients.ecs.send(new ListTasksCommand({ cluster: this.names.cluster, serviceName: service, desiredStatus: "STOPPED", maxResults: 100 })),
      );
      const arns = listed.taskArns ?? [];
      if (arns.length === 0) return [];
      const out = await call("ECS DescribeTasks", () => this.clients.ecs.send(new DescribeTasksCommand({ cluster: this.names.cluster, tasks: arns })));
      return [...(out.tasks ?? [])].sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0));
    });
  }

  // --- IAM --------------------------------------------------------------------------

  /**
   * Every statement of a role's own policies: inline (ListRolePolicies, GetRolePolicy)
   * and attached managed ones at their default version (ListAttachedRolePolicies,
   * GetPolicy, GetPolicyVersion). `undefined` when the role does not exist.
   */
  roleStatements(roleName: string): Promise<RoleStatement[] | undefined> {
    return this.once(`role:${roleName}`, async () => {
      const iam = this.clients.iam;
      const inline = await callOrMissing(
        "IAM ListRolePolicies",
        () =>
          allPages(
            (Marker) => iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker })),
            (p) => p.PolicyNames,
            (p) => (p.IsTruncated ? p.Marker : undefined),
          ),
        ["NoSuchEntityException"],
      );
      if (!inline) return undefined;
      const statements: RoleStatement[] = [];
      for (const PolicyName of inline) {
        const out = await call("IAM GetRolePolicy", () => iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName })));
        for (const statement of parsePolicyDocument(out.PolicyDocument ?? "{}")) statements.push({ policy: PolicyName, statement });
      }
      const attached = await call("IAM ListAttachedRolePolicies", () =>
        allPages(
          (Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker })),
          (p) => p.AttachedPolicies,
          (p) => (p.IsTruncated ? p.Marker : undefined),
        ),
      );
      for (const policy of attached) {
        if (!policy.PolicyArn) continue;
        const meta = await call("IAM GetPolicy", () => iam.send(new GetPolicyCommand({ PolicyArn: policy.PolicyArn })));
        const version = meta.Policy?.DefaultVersionId;
        if (!version) continue;
        const doc = await call("IAM GetPolicyVersion", () => iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.PolicyArn, VersionId: version })));
        for (const statement of parsePolicyDocument(doc.PolicyVersion?.Document ?? "{}")) {
          statements.push({ policy: policy.PolicyName ?? policy.PolicyArn, statement });
        }
      }
      return statements;
    });
  }

  // --- Cloud Map and Route 53 ----------------------------------------------------------

  /** The namespace `<env>.<project>.internal`, with its private hosted zone. */
  namespace(): Promise<LiveNamespace | undefined> {
    return this.once("namespace", async () => {
      const found = await call("Cloud Map ListNamespaces", () =>
        allPages(
          (NextToken) =>
            this.clients.serviceDiscovery.send(
              new ListNamespacesCommand({ Filters: [{ Name: "NAME", Values: [this.names.namespace], Condition: "EQ" }], NextToken }),
            ),
          (p) => p.Namespaces,
          (p) => p.NextToken,
        ),
      );
      const summary = found.find((n) => n.Name === this.names.namespace && n.Type === "DNS_PRIVATE");
      if (!summary?.Id) return undefined;
      let hostedZoneId = summary.Properties?.DnsProperties?.HostedZoneId;
      if (!hostedZoneId) {
        const out = await call("Cloud Map GetNamespace", () => this.clients.serviceDiscovery.send(new GetNamespaceCommand({ Id: summary.Id })));
        hostedZoneId = out.Namespace?.Properties?.DnsProperties?.HostedZoneId;
      }
      return { id: summary.Id, name: this.names.namespace, ...(hostedZoneId ? { hostedZoneId } : {}) };
    });
  }

  /** The namespace's Cloud Map services. */
  discoveryServices(namespaceId: string): Promise<ServiceSummary[]> {
    return this.once("discovery-services", () =>
      call("Cloud Map ListServices", () =>
        allPages(
          (NextToken) =>
            this.clients.serviceDiscovery.send(
              new ListServicesCommand({ Filters: [{ Name: "NAMESPACE_ID", Values: [namespaceId], Condition: "EQ" }], NextToken }),
            ),
          (p) => p.Services,
          (p) => p.NextToken,
        ),
      ),
    );
  }

  /** A Cloud Map service's registered instances. */
  instances(serviceId: string): Promise<InstanceSummary[]> {
    return this.once(`instances:${serviceId}`, () =>
      call("Cloud Map ListInstances", () =>
        allPages(
          (NextToken) => this.clients.serviceDiscovery.send(new ListInstancesCommand({ ServiceId: serviceId, NextToken })),
          (p) => p.Instances,
          (p) => p.NextToken,
        ),
      ),
    );
  }

  /** The health ECS reported for each instance (custom health checks). */
  health(serviceId: string): Promise<Record<string, HealthStatus>> {
    return this.once(`health:${serviceId}`, async () => {
      const status: Record<string, HealthStatus> = {};
      let NextToken: string | undefined;
      for (let page = 0; page < 100; page++) {
        const out = await call("Cloud Map GetInstancesHealthStatus", () =>
          this.clients.serviceDiscovery.send(new GetInstancesHealthStatusCommand({ ServiceId: serviceId, NextToken })),
        );
        Object.assign(status, out.Status ?? {});
        NextToken = out.NextToken;
        if (!NextToken) break;
      }
      return status;
    });
  }

  /** The SRV record sets named `fqdn` in the hosted zone (MULTIVALUE: one set per instance). */
  srvRecords(hostedZoneId: string, fqdn: string): Promise<ResourceRecordSet[]> {
    return this.once(`srv:${fqdn}`, async () => {
      const name = `${fqdn.replace(/\.$/, "")}.`;
      const sets: ResourceRecordSet[] = [];
      let start: { name: string; type?: "SRV"; id?: string } = { name, type: "SRV" };
      for (let page = 0; page < 100; page++) {
        const out = await call("Route 53 ListResourceRecordSets", () =>
          this.clients.route53.send(
            new ListResourceRecordSetsCommand({
              HostedZoneId: hostedZoneId,
              StartRecordName: start.name,
              StartRecordType: start.type,
              StartRecordIdentifier: start.id,
            }),
          ),
        );
        const batch = out.ResourceRecordSets ?? [];
        sets.push(...batch.filter((s) => s.Type === "SRV" && s.Name?.toLowerCase() === name.toLowerCase()));
        // Record sets come sorted by name, then type: past our name and type, there are no more.
        const last = batch[batch.length - 1];
        if (!out.IsTruncated || !out.NextRecordName || (last && (last.Name?.toLowerCase() !== name.toLowerCase() || last.Type !== "SRV"))) break;
        start = { name: out.NextRecordName, type: out.NextRecordType as "SRV" | undefined, id: out.NextRecordIdentifier };
      }
      return sets;
    });
  }

  // --- API Gateway (HTTP, v2) -----------------------------------------------------------

  /** The HTTP API `<project>-<env>-api`. */
  httpApi(): Promise<Api | undefined> {
    return this.once("http-api", async () => {
      const apis = await call("API Gateway GetApis", () =>
        allPages(
          (NextToken) => this.clients.apiGatewayV2.send(new GetApisCommand({ NextToken })),
          (p) => p.Items,
          (p) => p.NextToken,
        ),
      );
      return apis.find((a) => a.Name === this.names.api && a.ProtocolType === "HTTP");
    });
  }

  /** The HTTP API's VPC link `<project>-<env>-vpc-link`. */
  httpVpcLink(): Promise<VpcLink | undefined> {
    return this.once("http-vpc-link", async () => {
      const links = await call("API Gateway GetVpcLinks", () =>
        allPages(
          (NextToken) => this.clients.apiGatewayV2.send(new GetVpcLinksCommand({ NextToken })),
          (p) => p.Items,
          (p) => p.NextToken,
        ),
      );
      return links.find((l) => l.Name === this.names.vpcLink);
    });
  }

  /** The HTTP API's integrations. */
  httpIntegrations(apiId: string): Promise<Integration[]> {
    return this.once("http-integrations", () =>
      call("API Gateway GetIntegrations", () =>
        allPages(
          (NextToken) => this.clients.apiGatewayV2.send(new GetIntegrationsCommand({ ApiId: apiId, NextToken })),
          (p) => p.Items,
          (p) => p.NextToken,
        ),
      ),
    );
  }

  /** The HTTP API's custom domain (v2), or `undefined` when there is none. */
  httpDomain(host: string): Promise<GetDomainNameCommandOutput | undefined> {
    return this.once("http-domain", () =>
      callOrMissing("API Gateway GetDomainName", () => this.clients.apiGatewayV2.send(new GetDomainNameCommand({ DomainName: host })), ["NotFoundException"]),
    );
  }

  /** The API mappings of a custom domain (v2). */
  apiMappings(host: string): Promise<ApiMapping[]> {
    return this.once("api-mappings", () =>
      call("API Gateway GetApiMappings", () =>
        allPages(
          (NextToken) => this.clients.apiGatewayV2.send(new GetApiMappingsCommand({ DomainName: host, NextToken })),
          (p) => p.Items,
          (p) => p.NextToken,
        ),
      ),
    );
  }

  // --- API Gateway (REST, v1) -----------------------------------------------------------

  /** The REST API `<project>-<env>-api`. */
  restApi(): Promise<RestApi | undefined> {
    return this.once("rest-api", async () => {
      const apis = await call("API Gateway GetRestApis", () =>
        allPages(
          (position) => this.clients.apiGateway.send(new GetRestApisCommand({ position, limit: 500 })),
          (p) => p.items,
          (p) => p.position,
        ),
      );
      return apis.find((a) => a.name === this.names.api);
    });
  }

  /** The REST API's VPC link (v1) `<project>-<env>-rest-vpc-link`. */
  restVpcLink(): Promise<RestVpcLink | undefined> {
    return this.once("rest-vpc-link", async () => {
      const links = await call("API Gateway GetVpcLinks", () =>
        allPages(
          (position) => this.clients.apiGateway.send(new GetRestVpcLinksCommand({ position, limit: 500 })),
          (p) => p.items,
          (p) => p.position,
        ),
      );
      return links.find((l) => l.name === this.names.restVpcLink);
    });
  }

  /** The REST API's custom domain (v1), or `undefined` when there is none. */
  restDomain(host: string): Promise<RestDomainName | undefined> {
    return this.once("rest-domain", () =>
      callOrMissing("API Gateway GetDomainName", () => this.clients.apiGateway.send(new GetRestDomainNameCommand({ domainName: host })), ["NotFoundException"]),
    );
  }

  /** The base path mappings of a REST custom domain. */
  basePathMappings(host: string): Promise<BasePathMapping[]> {
    return this.once("base-path-mappings", () =>
      call("API Gateway GetBasePathMappings", () =>
        allPages(
          (position) => this.clients.apiGateway.send(new GetBasePathMappingsCommand({ domainName: host, position, limit: 500 })),
          (p) => p.items,
          (p) => p.position,
        ),
      ),
    );
  }

  /** The API's custom domain, whichever flavor the environment deploys. */
  domain(): Promise<LiveDomain | undefined> {
    return this.once("domain", async () => {
      const host = this.env.domain.apiHost;
      if (this.env.settings.api.kind === "rest") {
        const d = await this.restDomain(host);
        return d ? { certificateArn: d.regionalCertificateArn ?? d.certificateArn, targetDomainName: d.regionalDomainName } : undefined;
      }
      const d = await this.httpDomain(host);
      const config = d?.DomainNameConfigurations?.[0];
      return d ? { certificateArn: config?.CertificateArn, targetDomainName: config?.ApiGatewayDomainName } : undefined;
    });
  }

  /** An ACM certificate. */
  certificate(arn: string): Promise<CertificateDetail | undefined> {
    return this.once(`certificate:${arn}`, async () => {
      // The certificate lives in the API's region (a regional domain takes no other); the client is that region's.
      const out = await call("ACM DescribeCertificate", () => this.clients.acm.send(new DescribeCertificateCommand({ CertificateArn: arn })));
      return out.Certificate;
    });
  }
}

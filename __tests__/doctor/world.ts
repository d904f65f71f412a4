/**
 * A deployed environment as AWS would describe it, for the doctor's tests: `healthyWorld`
 * builds every answer the way the stacks deploy an environment (names, tags, rules,
 * policies), shaped like the SDK's output types, and `installWorld` makes the mocked
 * clients answer from it, applying the request's filters as AWS does. A test breaks the
 * world the way an operator would find it broken, then runs the doctor.
 */
import { ACMClient, CertificateDetail, DescribeCertificateCommand, ResourceNotFoundException } from "@aws-sdk/client-acm";
import {
  APIGatewayClient,
  BasePathMapping,
  DomainName as RestDomainName,
  GetBasePathMappingsCommand,
  GetDomainNameCommand as GetRestDomainNameCommand,
  GetRestApisCommand,
  GetVpcLinksCommand as GetRestVpcLinksCommand,
  NotFoundException as RestNotFoundException,
  RestApi,
  VpcLink as RestVpcLink,
} from "@aws-sdk/client-api-gateway";
import {
  Api,
  ApiGatewayV2Client,
  ApiMapping,
  GetApiMappingsCommand,
  GetApisCommand,
  GetDomainNameCommand,
  GetDomainNameCommandOutput,
  GetIntegrationsCommand,
  GetVpcLinksCommand,
  Integration,
  NotFoundException,
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
  EC2Client,
  Filter,
  NatGateway,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  State,
  Subnet,
  Tag,
  Vpc,
  VpcEndpoint,
} from "@aws-sdk/client-ec2";
import {
  ClientException,
  ClusterNotFoundException,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  Service,
  Task,
  TaskDefinition,
} from "@aws-sdk/client-ecs";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { ListResourceRecordSetsCommand, NoSuchHostedZone, ResourceRecordSet, Route53Client } from "@aws-sdk/client-route-53";
import {
  GetInstancesHealthStatusCommand,
  GetNamespaceCommand,
  HealthStatus,
  InstanceSummary,
  ListInstancesCommand,
  ListNamespacesCommand,
  ListServicesCommand,
  NamespaceSummary,
  ServiceDiscoveryClient,
  ServiceNotFound,
  ServiceSummary,
} from "@aws-sdk/client-servicediscovery";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { EnvironmentConfig } from "../../src/config";
import { listenerPorts } from "../../src/core/listener-ports";
import { FAKE_ACCOUNT } from "../support/fake-arns";

// Every client, also those the CLI creates, answers from these mocks: no request leaves the process.
// The pinned SDK runs on Node 20; its advice to move to Node 22 is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
export const mocks = {
  sts: mockClient(STSClient),
  ecs: mockClient(ECSClient),
  ec2: mockClient(EC2Client),
  iam: mockClient(IAMClient),
  serviceDiscovery: mockClient(ServiceDiscoveryClient),
  route53: mockClient(Route53Client),
  apiGatewayV2: mockClient(ApiGatewayV2Client),
  apiGateway: mockClient(APIGatewayClient),
  acm: mockClient(ACMClient),
};

/** Every mocked call made, across the clients, as `Client.Command` names. */
export function callNames(): string[] {
  return Object.values(mocks).flatMap((m) => m.calls().map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name));
}

const METADATA = { httpStatusCode: 200, requestId: "7c1a3f0e-5b2d-4e8a-9f61-2d3c4b5a6e7f", attempts: 1, totalRetryDelay: 0 };
const NOW = new Date("2026-03-02T09:30:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

/** A deterministic AWS-looking id: `<prefix>-0` and 16 hex digits. */
function awsId(prefix: string, seed: string): string {
  let h = 0x811c9dc5;
  let g = 0x01000193;
  for (const ch of seed) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    g = Math.imul(g ^ ch.charCodeAt(0), 0x811c9dc5) >>> 0;
  }
  return `${prefix}-0${h.toString(16).padStart(8, "0")}${g.toString(16).padStart(8, "0")}`;
}
/** 32 lowercase hex digits, like an ECS task id. */
const taskId = (seed: string) => `${awsId("x", `${seed}a`).slice(3)}${awsId("x", `${seed}b`).slice(3)}`;

/** A role's policies: inline documents by name, and attached managed policies. */
export interface WorldRole {
  readonly inline: Record<string, object>;
  readonly attached: { readonly arn: string; readonly name: string; readonly document: object }[];
}

/** Everything the mocked AWS answers with. */
export interface World {
  readonly env: EnvironmentConfig;
  identity: { Account: string; Arn: string; UserId: string };
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  natGateways: NatGateway[];
  vpcEndpoints: VpcEndpoint[];
  securityGroups: SecurityGroup[];
  securityGroupRules: SecurityGroupRule[];
  clusterExists: boolean;
  services: Service[];
  taskDefinitions: Record<string, TaskDefinition>;
  /** Stopped tasks by ECS service name. */
  stoppedTasks: Record<string, Task[]>;
  roles: Record<string, WorldRole>;
  namespaces: NamespaceSummary[];
  discoveryServices: ServiceSummary[];
  /** By Cloud Map service id. */
  instances: Record<string, InstanceSummary[]>;
  health: Record<string, Record<string, HealthStatus>>;
  /** By hosted zone id. */
  recordSets: Record<string, ResourceRecordSet[]>;
  apis: Api[];
  vpcLinks: VpcLink[];
  /** By API id. */
  integrations: Record<string, Integration[]>;
  /** By host. */
  domains: Record<string, GetDomainNameCommandOutput>;
  apiMappings: Record<string, ApiMapping[]>;
  restApis: RestApi[];
  restVpcLinks: RestVpcLink[];
  restDomains: Record<string, RestDomainName>;
  basePathMappings: Record<string, BasePathMapping[]>;
  certificates: Record<string, CertificateDetail>;
}

/** Ids and names the healthy world uses, for tests that break one thing. */
export interface WorldIds {
  readonly vpcId: string;
  readonly region: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly hostedZoneId: string;
  readonly serviceGroup: (service: string) => string;
  readonly vpcLinkGroup: string;
  readonly nlbGroup: string;
  readonly discoveryServiceId: (service: string) => string;
  readonly privateRouteTables: readonly string[];
  readonly apiId: string;
  readonly vpcLinkId: string;
  readonly certificateArn: string;
  readonly regionalDomainName: string;
  readonly executionRole: (service: string) => string;
  readonly grafanaSecretArn: string;
}

/** The ids of `env`'s healthy world. */
export function worldIds(env: EnvironmentConfig): WorldIds {
  const p = `${env.project}-${env.envName}`;
  const region = env.region;
  return {
    vpcId: awsId("vpc", p),
    region,
    cluster: p,
    namespace: `${env.envName}.${env.project}.internal`,
    hostedZoneId: `Z0${awsId("z", p).slice(3, 19).toUpperCase()}`,
    serviceGroup: (s) => awsId("sg", `${p}-${s}`),
    vpcLinkGroup: awsId("sg", `${p}-vpc-link`),
    nlbGroup: awsId("sg", `${p}-nlb`),
    discoveryServiceId: (s) => `srv-${awsId("x", `${p}-${s}`).slice(3, 19)}`,
    privateRouteTables: env.azs.map((az) => awsId("rtb", `${p}-private-${az}`)),
    apiId: awsId("x", `${p}-api`).slice(3, 13),
    vpcLinkId: env.settings.api.kind === "rest" ? awsId("x", `${p}-rest-vpc-link`).slice(3, 9) : awsId("x", `${p}-vpc-link`).slice(3, 9),
    certificateArn: `arn:aws:acm:${region}:${FAKE_ACCOUNT}:certificate/${awsId("x", `${p}-cert`).slice(3, 11)}-2b7a-4c43-9d1e-0c4f7a0e8f11`,
    regionalDomainName: `d-${awsId("x", `${p}-domain`).slice(3, 13)}.execute-api.${region}.amazonaws.com`,
    executionRole: (s) => `${p}-${s}-exec`,
    grafanaSecretArn: `arn:aws:secretsmanager:${region}:${FAKE_ACCOUNT}:secret:${p}-grafana-otlp-20260301093000123400000001-AbCdEf`,
  };
}

const tags = (env: EnvironmentConfig, extra: Record<string, string>): Tag[] => [
  ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })),
  { Key: "project", Value: env.project },
  { Key: "environment", Value: env.envName },
  { Key: "managed-by", Value: "cdktf" },
];

/** An environment the stacks deployed and that works: every check of the doctor passes. */
export function healthyWorld(env: EnvironmentConfig): World {
  const ids = worldIds(env);
  const p = ids.cluster;
  const region = env.region;
  const vpcCidr = env.settings.vpcCidr;
  const base = vpcCidr.split(".").slice(0, 2).join(".");
  const account = FAKE_ACCOUNT;
  const rest = env.settings.api.kind === "rest";
  const loadBalanced = env.settings.api.targets === "loadBalancer";
  const publics = env.services.filter((s) => s.expose === "public" && s.port !== undefined);
  const ports = listenerPorts(publics.map((s) => s.name));

  // --- network ------------------------------------------------------------------------
  const vpc: Vpc = {
    VpcId: ids.vpcId,
    OwnerId: account,
    InstanceTenancy: "default",
    CidrBlockAssociationSet: [{ AssociationId: awsId("vpc-cidr-assoc", p), CidrBlock: vpcCidr, CidrBlockState: { State: "associated" } }],
    IsDefault: false,
    Tags: tags(env, { Name: p }),
    State: "available",
    CidrBlock: vpcCidr,
    DhcpOptionsId: awsId("dopt", "default"),
  };
  const tiers = ["public", "private", "database"] as const;
  const subnets: Subnet[] = tiers.flatMap((tier, t) =>
    env.azs.map((az, i) => {
      const id = awsId("subnet", `${p}-${tier}-${az}`);
      return {
        AvailabilityZoneId: `euw1-az${i + 1}`,
        OwnerId: account,
        Tags: tags(env, { Name: `${p}-${tier}-${az}`, tier }),
        SubnetArn: `arn:aws:ec2:${region}:${account}:subnet/${id}`,
        SubnetId: id,
        State: "available",
        VpcId: ids.vpcId,
        CidrBlock: `${base}.${t * 64 + i * 16}.0/20`,
        AvailableIpAddressCount: 4086,
        AvailabilityZone: az,
        DefaultForAz: false,
        MapPublicIpOnLaunch: false,
      };
    }),
  );
  const subnetId = (tier: string, az: string) => awsId("subnet", `${p}-${tier}-${az}`);
  const natAzs = env.settings.natGateways === "perAz" ? env.azs : env.settings.natGateways === "single" ? [env.azs[0]] : [];
  const natGateways: NatGateway[] = natAzs.map((az, i) => {
    const id = awsId("nat", `${p}-${az}`);
    return {
      CreateTime: new Date("2026-02-01T10:00:00Z"),
      NatGatewayAddresses: [
        {
          AllocationId: awsId("eipalloc", `${p}-${az}`),
          NetworkInterfaceId: awsId("eni", `${p}-nat-${az}`),
          PrivateIp: `${base}.${i * 16}.${10 + i}`,
          PublicIp: `203.0.113.${10 + i}`,
          IsPrimary: true,
          Status: "succeeded",
        },
      ],
      NatGatewayId: id,
      State: "available",
      SubnetId: subnetId("public", az),
      VpcId: ids.vpcId,
      Tags: tags(env, { Name: `${p}-nat-${az}` }),
      ConnectivityType: "public",
    };
  });
  const natFor = (i: number) => (env.settings.natGateways === "perAz" ? natGateways[i] : natGateways[0]);
  const s3Endpoint = awsId("vpce", `${p}-s3`);
  const localRoute = { DestinationCidrBlock: vpcCidr, GatewayId: "local", Origin: "CreateRouteTable" as const, State: "active" as const };
  const s3Route = { DestinationPrefixListId: "pl-6da54004", GatewayId: s3Endpoint, Origin: "CreateRoute" as const, State: "active" as const };
  const association = (table: string, subnet: string) => ({
    Main: false,
    RouteTableAssociationId: awsId("rtbassoc", `${table}-${subnet}`),
    RouteTableId: table,
    SubnetId: subnet,
    AssociationState: { State: "associated" as const },
  });
  const publicTable = awsId("rtb", `${p}-public`);
  const databaseTable = awsId("rtb", `${p}-database`);
  const mainTable = awsId("rtb", `${p}-main`);
  const routeTables: RouteTable[] = [
    {
      Associations: [{ Main: true, RouteTableAssociationId: awsId("rtbassoc", mainTable), RouteTableId: mainTable, AssociationState: { State: "associated" } }],
      RouteTableId: mainTable,
      Routes: [localRoute],
      Tags: [],
      VpcId: ids.vpcId,
      OwnerId: account,
    },
    {
      Associations: env.azs.map((az) => association(publicTable, subnetId("public", az))),
      RouteTableId: publicTable,
      Routes: [localRoute, { DestinationCidrBlock: "0.0.0.0/0", GatewayId: awsId("igw", p), Origin: "CreateRoute", State: "active" }],
      Tags: tags(env, { Name: `${p}-public` }),
      VpcId: ids.vpcId,
      OwnerId: account,
    },
    ...env.azs.map((az, i): RouteTable => ({
      Associations: [association(ids.privateRouteTables[i], subnetId("private", az))],
      RouteTableId: ids.privateRouteTables[i],
      Routes: [
        localRoute,
        s3Route,
        ...(natGateways.length > 0
          ? [{ DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: natFor(i).NatGatewayId, Origin: "CreateRoute" as const, State: "active" as const }]
          : []),
      ],
      Tags: tags(env, { Name: `${p}-private-${az}` }),
      VpcId: ids.vpcId,
      OwnerId: account,
    })),
    {
      Associations: env.azs.map((az) => association(databaseTable, subnetId("database", az))),
      RouteTableId: databaseTable,
      Routes: [localRoute, s3Route],
      Tags: tags(env, { Name: `${p}-database` }),
      VpcId: ids.vpcId,
      OwnerId: account,
    },
  ];
  const endpointsGroup = awsId("sg", `${p}-vpc-endpoints`);
  const privateSubnets = env.azs.map((az) => subnetId("private", az));
  // EC2 answers endpoint states in lower case, whatever the SDK's enum says.
  const available = "available" as State;
  const vpcEndpoints: VpcEndpoint[] = [
    ...env.settings.interfaceEndpoints.map((svc): VpcEndpoint => ({
      VpcEndpointId: awsId("vpce", `${p}-${svc}`),
      VpcEndpointType: "Interface",
      VpcId: ids.vpcId,
      ServiceName: `com.amazonaws.${region}.${svc}`,
      State: available,
      PolicyDocument: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }),
      RouteTableIds: [],
      SubnetIds: privateSubnets,
      Groups: [{ GroupId: endpointsGroup, GroupName: `${p}-vpc-endpoints-20260201100000000000000001` }],
      IpAddressType: "ipv4",
      DnsOptions: { DnsRecordIpType: "ipv4" },
      PrivateDnsEnabled: true,
      RequesterManaged: false,
      NetworkInterfaceIds: env.azs.map((az) => awsId("eni", `${p}-${svc}-${az}`)),
      DnsEntries: [{ DnsName: `${awsId("vpce", `${p}-${svc}`)}-abcdefgh.${svc}.${region}.vpce.amazonaws.com`, HostedZoneId: "Z2PJOXFJWGMMFZ" }],
      CreationTimestamp: new Date("2026-02-01T10:00:00Z"),
      Tags: tags(env, { Name: `${p}-${svc.replace(/\./g, "-")}` }),
      OwnerId: account,
    })),
    ...(["s3", "dynamodb"] as const).map((svc): VpcEndpoint => ({
      VpcEndpointId: svc === "s3" ? s3Endpoint : awsId("vpce", `${p}-${svc}`),
      VpcEndpointType: "Gateway",
      VpcId: ids.vpcId,
      ServiceName: `com.amazonaws.${region}.${svc}`,
      State: available,
      PolicyDocument: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }),
      RouteTableIds: [...ids.privateRouteTables, databaseTable],
      SubnetIds: [],
      Groups: [],
      PrivateDnsEnabled: false,
      RequesterManaged: false,
      NetworkInterfaceIds: [],
      DnsEntries: [],
      CreationTimestamp: new Date("2026-02-01T10:00:00Z"),
      Tags: tags(env, { Name: `${p}-${svc}-gateway` }),
      OwnerId: account,
    })),
  ];

  // --- security groups, as the stacks wire them ----------------------------------------------
  const group = (id: string, name: string, description: string): SecurityGroup => ({
    GroupId: id,
    GroupName: `${name}-20260201100000000000000001`,
    Description: description,
    VpcId: ids.vpcId,
    OwnerId: account,
    SecurityGroupArn: `arn:aws:ec2:${region}:${account}:security-group/${id}`,
    IpPermissions: [],
    IpPermissionsEgress: [],
    Tags: tags(env, { Name: name }),
  });
  const securityGroups: SecurityGroup[] = [
    ...env.services.map((s) => group(ids.serviceGroup(s.name), `${p}-${s.name}`, `ECS service ${s.name}`)),
    group(endpointsGroup, `${p}-vpc-endpoints`, "Interface VPC endpoints: HTTPS from inside the VPC only"),
    ...(rest ? [] : [group(ids.vpcLinkGroup, `${p}-vpc-link`, "API Gateway VPC link")]),
    ...(loadBalanced ? [group(ids.nlbGroup, `${p}-nlb`, "Internal NLB")] : []),
  ];
  const rules: SecurityGroupRule[] = [];
  const rule = (groupId: string, egress: boolean, port: number, peer: { group?: string; cidr?: string }, description: string) => {
    const id = awsId("sgr", `${groupId}-${egress}-${port}-${peer.group ?? peer.cidr}`);
    rules.push({
      SecurityGroupRuleId: id,
      GroupId: groupId,
      GroupOwnerId: account,
      IsEgress: egress,
      IpProtocol: "tcp",
      FromPort: port,
      ToPort: port,
      ...(peer.cidr ? { CidrIpv4: peer.cidr } : {}),
      ...(peer.group ? { ReferencedGroupInfo: { GroupId: peer.group, UserId: account } } : {}),
      Description: description,
      Tags: [],
      SecurityGroupRuleArn: `arn:aws:ec2:${region}:${account}:security-group-rule/${id}`,
    });
  };
  const connect = (from: string, to: string, port: number, description: string) => {
    rule(to, false, port, { group: from }, description);
    rule(from, true, port, { group: to }, description);
  };
  for (const s of env.services)
    rule(ids.serviceGroup(s.name), true, 443, { cidr: "0.0.0.0/0" }, "HTTPS to AWS APIs (VPC endpoints) and, through the NAT, Grafana Cloud");
  rule(endpointsGroup, false, 443, { cidr: vpcCidr }, "HTTPS from the VPC to AWS service endpoints");
  for (const callee of env.services) {
    for (const caller of callee.allowFrom) connect(ids.serviceGroup(caller), ids.serviceGroup(callee.name), callee.port!, `${caller} calls ${callee.name}`);
  }
  for (const s of publics) {
    if (!loadBalanced) {
      connect(ids.vpcLinkGroup, ids.serviceGroup(s.name), s.port!, `API Gateway VPC link to ${s.name}`);
      continue;
    }
    rule(ids.nlbGroup, false, ports[s.name], { cidr: vpcCidr }, `Listener of ${s.name} from the VPC (API Gateway VPC links)`);
    if (!rest) connect(ids.vpcLinkGroup, ids.nlbGroup, ports[s.name], `API Gateway VPC link to the ${s.name} listener`);
    connect(ids.nlbGroup, ids.serviceGroup(s.name), s.port!, `Service NLB to ${s.name} (traffic and health checks)`);
  }

  // --- ECS ------------------------------------------------------------------------------
  const clusterArn = `arn:aws:ecs:${region}:${account}:cluster/${p}`;
  const namespaceId = `ns-${awsId("x", `${p}-ns`).slice(3, 19)}`;
  const discoveryArn = (s: string) => `arn:aws:servicediscovery:${region}:${account}:service/${ids.discoveryServiceId(s)}`;
  const taskDefinitionArn = (s: string) => `arn:aws:ecs:${region}:${account}:task-definition/${p}-${s}:3`;
  const services: Service[] = env.services.map((s) => ({
    serviceArn: `arn:aws:ecs:${region}:${account}:service/${p}/${s.name}`,
    serviceName: s.name,
    clusterArn,
    loadBalancers: [],
    serviceRegistries: s.port === undefined ? [] : [{ registryArn: discoveryArn(s.name), containerName: "app", containerPort: s.port }],
    status: "ACTIVE",
    desiredCount: s.desiredCount,
    runningCount: s.desiredCount,
    pendingCount: 0,
    capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
    platformVersion: "LATEST",
    platformFamily: "Linux",
    taskDefinition: taskDefinitionArn(s.name),
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
    deployments: [],
    events: [{ id: "c8a1e0b2-3d4f-4a5b-8c6d-7e8f9a0b1c2d", createdAt: minutesAgo(30), message: `(service ${s.name}) has reached a steady state.` }],
    createdAt: new Date("2026-02-01T10:05:00Z"),
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: { awsvpcConfiguration: { subnets: privateSubnets, securityGroups: [ids.serviceGroup(s.name)], assignPublicIp: "DISABLED" } },
    schedulingStrategy: "REPLICA",
    deploymentController: { type: "ECS" },
    createdBy: `arn:aws:iam::${account}:role/deployer`,
    enableECSManagedTags: true,
    propagateTags: "SERVICE",
    enableExecuteCommand: false,
  }));
  const observed = env.observability.enabled;
  const taskDefinitions: Record<string, TaskDefinition> = Object.fromEntries(
    env.services.map((s) => [
      taskDefinitionArn(s.name),
      {
        taskDefinitionArn: taskDefinitionArn(s.name),
        family: `${p}-${s.name}`,
        revision: 3,
        status: "ACTIVE",
        taskRoleArn: `arn:aws:iam::${account}:role/${p}-${s.name}-task`,
        executionRoleArn: `arn:aws:iam::${account}:role/${ids.executionRole(s.name)}`,
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        compatibilities: ["EC2", "FARGATE"],
        cpu: String(s.cpu),
        memory: String(s.memory),
        runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
        volumes: [{ name: "tmp", host: {} }],
        placementConstraints: [],
        requiresAttributes: [{ name: "ecs.capability.secrets.asm.environment-variables" }, { name: "ecs.capability.execution-role-ecr-pull" }],
        registeredAt: new Date("2026-02-01T10:04:00Z"),
        registeredBy: `arn:aws:sts::${account}:assumed-role/deployer/cdktf`,
        containerDefinitions: [
          {
            name: "app",
            image: `${account}.dkr.ecr.${region}.amazonaws.com/${p}/${s.name}:${s.imageTag}`,
            essential: true,
            readonlyRootFilesystem: true,
            portMappings: s.port === undefined ? [] : [{ containerPort: s.port, hostPort: s.port, protocol: "tcp" }],
            environment: [{ name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: "http://127.0.0.1:4318" }],
            mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
            volumesFrom: [],
            secrets: [],
            logConfiguration: {
              logDriver: "awslogs" as const,
              options: { "awslogs-group": `/ecs/${p}/${s.name}`, "awslogs-region": region, "awslogs-stream-prefix": s.name },
            },
          },
          ...(observed
            ? [
                {
                  name: "otel-collector",
                  image: env.observability.collectorImage,
                  essential: false,
                  readonlyRootFilesystem: true,
                  portMappings: [],
                  environment: [],
                  mountPoints: [],
                  volumesFrom: [],
                  secrets: [
                    { name: "GRAFANA_INSTANCE_ID", valueFrom: `${ids.grafanaSecretArn}:instanceId::` },
                    { name: "GRAFANA_API_TOKEN", valueFrom: `${ids.grafanaSecretArn}:apiToken::` },
                  ],
                  logConfiguration: {
                    logDriver: "awslogs" as const,
                    options: { "awslogs-group": `/ecs/${p}/${s.name}`, "awslogs-region": region, "awslogs-stream-prefix": s.name },
                  },
                },
              ]
            : []),
        ],
      },
    ]),
  );
  // A scale-in an hour ago: the ordinary reason a healthy service has stopped tasks.
  const stoppedTasks: Record<string, Task[]> = Object.fromEntries(
    env.services.map((s) => [
      s.name,
      [stoppedTask(env, s.name, "Scaling activity initiated by (deployment ecs-svc/4283071736455837198)", "ServiceSchedulerInitiated")],
    ]),
  );

  // --- IAM: the execution roles' inline policies ----------------------------------------------
  const roles: Record<string, WorldRole> = Object.fromEntries(
    env.services.map((s) => [
      ids.executionRole(s.name),
      {
        inline: {
          [`pull-${s.name}`]: {
            Version: "2012-10-17",
            Statement: [
              { Sid: "EcrAuthorizationTokenCannotBeScoped", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
              {
                Sid: "PullFromThisRepositoryOnly",
                Effect: "Allow",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                Resource: [`arn:aws:ecr:${region}:${account}:repository/${p}/${s.name}`],
              },
            ],
          },
          "write-logs-logs": {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "WriteThisLogGroup",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: [`arn:aws:logs:${region}:${account}:log-group:/ecs/${p}/${s.name}:*`],
              },
            ],
          },
          ...(observed
            ? {
                "read-injected-secrets": {
                  Version: "2012-10-17",
                  Statement: [
                    { Sid: "ReadInjectedSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [ids.grafanaSecretArn] },
                    {
                      Sid: "DecryptGrafanaCredentials",
                      Effect: "Allow",
                      Action: ["kms:Decrypt"],
                      Resource: [`arn:aws:kms:${region}:${account}:key/11111111-2222-3333-4444-555555555555`],
                      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
                    },
                  ],
                },
              }
            : {}),
        },
        attached: [],
      },
    ]),
  );

  // --- Cloud Map and Route 53 -----------------------------------------------------------------
  const discoverable = env.services.filter((s) => s.port !== undefined);
  const namespaces: NamespaceSummary[] = [
    {
      Id: namespaceId,
      Arn: `arn:aws:servicediscovery:${region}:${account}:namespace/${namespaceId}`,
      ResourceOwner: account,
      Name: ids.namespace,
      Type: "DNS_PRIVATE",
      Description: `Service discovery for ${env.project} ${env.envName}: ECS services register here`,
      ServiceCount: discoverable.length,
      Properties: { DnsProperties: { HostedZoneId: ids.hostedZoneId, SOA: { TTL: 15 } }, HttpProperties: { HttpName: ids.namespace } },
      CreateDate: new Date("2026-02-01T10:01:00Z"),
    },
  ];
  const discoveryServices: ServiceSummary[] = discoverable.map((s) => ({
    Id: ids.discoveryServiceId(s.name),
    Arn: discoveryArn(s.name),
    ResourceOwner: account,
    Name: s.name,
    Type: "DNS_HTTP",
    Description: `Tasks of ECS service ${s.name} (registered by ECS)`,
    InstanceCount: s.desiredCount,
    DnsConfig: { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "SRV", TTL: 10 }] },
    HealthCheckCustomConfig: { FailureThreshold: 1 },
    CreateDate: new Date("2026-02-01T10:02:00Z"),
    CreatedByAccount: account,
  }));
  const instances: Record<string, InstanceSummary[]> = {};
  const health: Record<string, Record<string, HealthStatus>> = {};
  const recordSets: ResourceRecordSet[] = [
    { Name: `${ids.namespace}.`, Type: "NS", TTL: 172800, ResourceRecords: [{ Value: "ns-1536.awsdns-00.co.uk." }, { Value: "ns-0.awsdns-00.com." }] },
    {
      Name: `${ids.namespace}.`,
      Type: "SOA",
      TTL: 15,
      ResourceRecords: [{ Value: "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400" }],
    },
  ];
  for (const s of discoverable) {
    const serviceId = ids.discoveryServiceId(s.name);
    instances[serviceId] = [];
    health[serviceId] = {};
    for (let i = 0; i < s.desiredCount; i++) {
      const az = env.azs[i % env.azs.length];
      const id = taskId(`${p}-${s.name}-${i}`);
      const ip = `${base}.${64 + (i % env.azs.length) * 16}.${20 + 10 * discoverable.indexOf(s) + i}`;
      instances[serviceId].push({
        Id: id,
        Attributes: {
          AWS_INSTANCE_IPV4: ip,
          AWS_INSTANCE_PORT: String(s.port),
          AVAILABILITY_ZONE: az,
          REGION: region,
          ECS_SERVICE_NAME: s.name,
          ECS_CLUSTER_NAME: p,
          ECS_TASK_DEFINITION_FAMILY: `${p}-${s.name}`,
        },
        CreatedByAccount: account,
      });
      health[serviceId][id] = "HEALTHY";
      recordSets.push(
        { Name: `${id}.${s.name}.${ids.namespace}.`, Type: "A", SetIdentifier: id, MultiValueAnswer: true, TTL: 10, ResourceRecords: [{ Value: ip }] },
        {
          Name: `${s.name}.${ids.namespace}.`,
          Type: "SRV",
          SetIdentifier: id,
          MultiValueAnswer: true,
          TTL: 10,
          ResourceRecords: [{ Value: `1 1 ${s.port} ${id}.${s.name}.${ids.namespace}` }],
        },
      );
    }
  }

  // --- API Gateway and ACM ---------------------------------------------------------------------
  const host = env.domain.apiHost;
  const nlbArn = `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/net/${p}-nlb/50dc6c495c0c9188`;
  const certificate: CertificateDetail = {
    CertificateArn: ids.certificateArn,
    DomainName: host,
    SubjectAlternativeNames: [host],
    DomainValidationOptions: [
      {
        DomainName: host,
        ValidationDomain: host,
        ValidationStatus: "SUCCESS",
        ResourceRecord: {
          Name: `_3b1f0c5a9d2e4f6a8b7c6d5e4f3a2b1c.${host}.`,
          Type: "CNAME",
          Value: "_9c2e8d7f6a5b4c3d2e1f0a9b8c7d6e5f.xlfgrmvvlj.acm-validations.aws.",
        },
        ValidationMethod: "DNS",
      },
    ],
    Serial: "0a:1b:2c:3d:4e:5f:60:71:82:93:a4:b5:c6:d7:e8:f9",
    Subject: `CN=${host}`,
    Issuer: "Amazon",
    CreatedAt: new Date("2026-02-01T10:00:30Z"),
    IssuedAt: new Date("2026-02-01T10:03:10Z"),
    Status: "ISSUED",
    NotBefore: new Date("2026-02-01T00:00:00Z"),
    NotAfter: new Date("2027-03-02T23:59:59Z"),
    KeyAlgorithm: "RSA_2048",
    SignatureAlgorithm: "SHA256WITHRSA",
    InUseBy: [`arn:aws:apigateway:${region}::/domainnames/${host}`],
    Type: "AMAZON_ISSUED",
    RenewalEligibility: "ELIGIBLE",
    KeyUsages: [{ Name: "DIGITAL_SIGNATURE" }, { Name: "KEY_ENCIPHERMENT" }],
    ExtendedKeyUsages: [
      { Name: "TLS_WEB_SERVER_AUTHENTICATION", OID: "1.3.6.1.5.5.7.3.1" },
      { Name: "TLS_WEB_CLIENT_AUTHENTICATION", OID: "1.3.6.1.5.5.7.3.2" },
    ],
    Options: { CertificateTransparencyLoggingPreference: "ENABLED" },
  };
  const world: World = {
    env,
    identity: {
      Account: account,
      Arn: `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_PlatformDeployer_0123456789abcdef/alice@example.com`,
      UserId: "AROA3XFRBF23EXAMPLE:alice@example.com",
    },
    vpcs: [vpc],
    subnets,
    routeTables,
    natGateways,
    vpcEndpoints,
    securityGroups,
    securityGroupRules: rules,
    clusterExists: true,
    services,
    taskDefinitions,
    stoppedTasks,
    roles,
    namespaces,
    discoveryServices,
    instances,
    health,
    recordSets: { [ids.hostedZoneId]: recordSets },
    apis: [],
    vpcLinks: [],
    integrations: {},
    domains: {},
    apiMappings: {},
    restApis: [],
    restVpcLinks: [],
    restDomains: {},
    basePathMappings: {},
    certificates: { [ids.certificateArn]: certificate },
  };
  if (rest) {
    world.restApis.push({
      id: ids.apiId,
      name: `${p}-api`,
      description: `${p}: public entry to the services`,
      createdDate: new Date("2026-02-01T10:06:00Z"),
      apiKeySource: "HEADER",
      endpointConfiguration: { types: ["REGIONAL"], ipAddressType: "ipv4" },
      disableExecuteApiEndpoint: true,
      rootResourceId: "f2a9c1d3e4",
      tags: { project: env.project, environment: env.envName, "managed-by": "cdktf" },
    });
    world.restVpcLinks.push({
      id: ids.vpcLinkId,
      name: `${p}-rest-vpc-link`,
      targetArns: [nlbArn],
      status: "AVAILABLE",
      statusMessage: "Your vpc link is ready for use",
      tags: {},
    });
    world.restDomains[host] = {
      domainName: host,
      domainNameArn: `arn:aws:apigateway:${region}::/domainnames/${host}`,
      regionalDomainName: ids.regionalDomainName,
      regionalHostedZoneId: "ZLY8HYME6SFDD",
      regionalCertificateArn: ids.certificateArn,
      endpointConfiguration: { types: ["REGIONAL"], ipAddressType: "ipv4" },
      domainNameStatus: "AVAILABLE",
      securityPolicy: "TLS_1_2",
      tags: { Name: host },
    };
    world.basePathMappings[host] = [{ basePath: "(none)", restApiId: ids.apiId, stage: "live" }];
  } else {
    world.apis.push({
      ApiEndpoint: `https://${ids.apiId}.execute-api.${region}.amazonaws.com`,
      ApiId: ids.apiId,
      ApiKeySelectionExpression: "$request.header.x-api-key",
      CreatedDate: new Date("2026-02-01T10:06:00Z"),
      Description: `${p}: public entry to the services`,
      DisableExecuteApiEndpoint: true,
      Name: `${p}-api`,
      ProtocolType: "HTTP",
      RouteSelectionExpression: "$request.method $request.path",
      Tags: { project: env.project, environment: env.envName, "managed-by": "cdktf" },
    });
    world.vpcLinks.push({
      CreatedDate: new Date("2026-02-01T10:03:00Z"),
      Name: `${p}-vpc-link`,
      SecurityGroupIds: [ids.vpcLinkGroup],
      SubnetIds: privateSubnets,
      Tags: {},
      VpcLinkId: ids.vpcLinkId,
      VpcLinkStatus: "AVAILABLE",
      VpcLinkStatusMessage: "VPC link is ready to route traffic",
      VpcLinkVersion: "V2",
    });
    world.integrations[ids.apiId] = publics.map((s) => ({
      ConnectionId: ids.vpcLinkId,
      ConnectionType: "VPC_LINK",
      Description: `${s.name} via ${loadBalanced ? "its NLB listener" : "Cloud Map (SRV)"}`,
      IntegrationId: awsId("x", `${p}-integration-${s.name}`).slice(3, 10),
      IntegrationMethod: "ANY",
      IntegrationType: "HTTP_PROXY",
      IntegrationUri: loadBalanced
        ? `arn:aws:elasticloadbalancing:${region}:${account}:listener/net/${p}-nlb/50dc6c495c0c9188/${awsId("x", s.name).slice(3, 19)}`
        : discoveryArn(s.name),
      PayloadFormatVersion: "1.0",
      TimeoutInMillis: 30000,
    }));
    world.domains[host] = {
      $metadata: METADATA,
      ApiMappingSelectionExpression: "$request.basepath",
      DomainName: host,
      DomainNameArn: `arn:aws:apigateway:${region}::/domainnames/${host}`,
      DomainNameConfigurations: [
        {
          ApiGatewayDomainName: ids.regionalDomainName,
          CertificateArn: ids.certificateArn,
          DomainNameStatus: "AVAILABLE",
          EndpointType: "REGIONAL",
          HostedZoneId: "ZLY8HYME6SFDD",
          IpAddressType: "ipv4",
          SecurityPolicy: "TLS_1_2",
        },
      ],
      Tags: { Name: host },
    };
    world.apiMappings[host] = [{ ApiId: ids.apiId, ApiMappingId: "x7k2p9", ApiMappingKey: "", Stage: "$default" }];
  }
  return world;
}

/** A stopped task of `service`, as DescribeTasks returns it. */
export function stoppedTask(
  env: EnvironmentConfig,
  service: string,
  stoppedReason: string,
  stopCode: Task["stopCode"],
  containerReason?: string,
  minutes = 40,
): Task {
  const p = `${env.project}-${env.envName}`;
  const id = taskId(`${p}-${service}-stopped-${stoppedReason}-${minutes}`);
  const arn = `arn:aws:ecs:${env.region}:${FAKE_ACCOUNT}:task/${p}/${id}`;
  return {
    attachments: [
      {
        id: "5e1f2a3b-4c5d-6e7f-8a9b-0c1d2e3f4a5b",
        type: "ElasticNetworkInterface",
        status: "DELETED",
        details: [{ name: "subnetId", value: awsId("subnet", `${p}-private-${env.azs[0]}`) }],
      },
    ],
    availabilityZone: env.azs[0],
    clusterArn: `arn:aws:ecs:${env.region}:${FAKE_ACCOUNT}:cluster/${p}`,
    connectivity: "CONNECTED",
    containers: [
      {
        containerArn: `arn:aws:ecs:${env.region}:${FAKE_ACCOUNT}:container/${p}/${id}/0b6c4f1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e`,
        taskArn: arn,
        name: "app",
        image: `${FAKE_ACCOUNT}.dkr.ecr.${env.region}.amazonaws.com/${p}/${service}:1.0.0`,
        lastStatus: "STOPPED",
        ...(containerReason ? { reason: containerReason } : { exitCode: 0 }),
        networkInterfaces: [],
        healthStatus: "UNKNOWN",
        cpu: "0",
      },
    ],
    cpu: "256",
    createdAt: minutesAgo(minutes + 5),
    desiredStatus: "STOPPED",
    enableExecuteCommand: false,
    group: `service:${service}`,
    healthStatus: "UNKNOWN",
    lastStatus: "STOPPED",
    launchType: "FARGATE",
    memory: "512",
    platformVersion: "1.4.0",
    platformFamily: "Linux",
    startedBy: "ecs-svc/4283071736455837198",
    stopCode,
    stoppedAt: minutesAgo(minutes),
    stoppedReason,
    stoppingAt: minutesAgo(minutes + 1),
    taskArn: arn,
    taskDefinitionArn: `arn:aws:ecs:${env.region}:${FAKE_ACCOUNT}:task-definition/${p}-${service}:3`,
    version: 4,
    ephemeralStorage: { sizeInGiB: 20 },
  };
}

/** Whether a resource's tags and fields satisfy EC2 filters (`tag:<key>`, `vpc-id`, `group-id`). */
function matchesFilters(resource: { Tags?: Tag[]; VpcId?: string; GroupId?: string }, filters: readonly Filter[] | undefined): boolean {
  return (filters ?? []).every((f) => {
    const values = f.Values ?? [];
    if (f.Name?.startsWith("tag:")) return (resource.Tags ?? []).some((t) => t.Key === f.Name!.slice(4) && values.includes(t.Value ?? ""));
    if (f.Name === "vpc-id") return values.includes(resource.VpcId ?? "");
    if (f.Name === "group-id") return values.includes(resource.GroupId ?? "");
    throw new Error(`the test world does not know the EC2 filter ${f.Name}`);
  });
}

const encodePolicy = (doc: object) => encodeURIComponent(JSON.stringify(doc));

/** Makes every mocked client answer from `world`. */
export function installWorld(world: World): void {
  const m = mocks;
  const ids = worldIds(world.env);
  m.sts.on(GetCallerIdentityCommand).callsFake(() => ({ $metadata: METADATA, ...world.identity }));
  m.sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string; RoleSessionName: string }) => ({
    $metadata: METADATA,
    Credentials: {
      AccessKeyId: "ASIA3XFRBF23EXAMPLE",
      SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      SessionToken: "IQoJb3JpZ2luX2VjEXAMPLE",
      Expiration: new Date(NOW.getTime() + 900_000),
    },
    AssumedRoleUser: {
      AssumedRoleId: `AROA3XFRBF23DEPLOYER:${input.RoleSessionName}`,
      Arn: `${input.RoleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")}/${input.RoleSessionName}`,
    },
  }));

  // EC2
  m.ec2.on(DescribeVpcsCommand).callsFake((input) => ({ $metadata: METADATA, Vpcs: world.vpcs.filter((v) => matchesFilters(v, input.Filters)) }));
  m.ec2.on(DescribeSubnetsCommand).callsFake((input) => ({ $metadata: METADATA, Subnets: world.subnets.filter((s) => matchesFilters(s, input.Filters)) }));
  m.ec2
    .on(DescribeRouteTablesCommand)
    .callsFake((input) => ({ $metadata: METADATA, RouteTables: world.routeTables.filter((t) => matchesFilters(t, input.Filters)) }));
  m.ec2
    .on(DescribeNatGatewaysCommand)
    .callsFake((input) => ({ $metadata: METADATA, NatGateways: world.natGateways.filter((n) => matchesFilters(n, input.Filter)) }));
  m.ec2
    .on(DescribeVpcEndpointsCommand)
    .callsFake((input) => ({ $metadata: METADATA, VpcEndpoints: world.vpcEndpoints.filter((e) => matchesFilters(e, input.Filters)) }));
  m.ec2
    .on(DescribeSecurityGroupsCommand)
    .callsFake((input) => ({ $metadata: METADATA, SecurityGroups: world.securityGroups.filter((g) => matchesFilters(g, input.Filters)) }));
  m.ec2.on(DescribeSecurityGroupRulesCommand).callsFake((input) => ({
    $metadata: METADATA,
    SecurityGroupRules: world.securityGroupRules.filter((r) => matchesFilters(r, input.Filters)),
  }));

  // ECS
  const clusterOk = (cluster: string | undefined) => {
    if (!world.clusterExists || (cluster !== ids.cluster && cluster !== `arn:aws:ecs:${ids.region}:${FAKE_ACCOUNT}:cluster/${ids.cluster}`)) {
      throw new ClusterNotFoundException({ message: "Cluster not found.", $metadata: {} });
    }
  };
  m.ecs.on(DescribeServicesCommand).callsFake((input) => {
    clusterOk(input.cluster);
    const names: string[] = input.services ?? [];
    const found = world.services.filter((s) => names.includes(s.serviceName!));
    return {
      $metadata: METADATA,
      services: found,
      failures: names
        .filter((n) => !found.some((s) => s.serviceName === n))
        .map((n) => ({ arn: `arn:aws:ecs:${ids.region}:${FAKE_ACCOUNT}:service/${ids.cluster}/${n}`, reason: "MISSING" })),
    };
  });
  m.ecs.on(ListTasksCommand).callsFake((input) => {
    clusterOk(input.cluster);
    if (input.desiredStatus !== "STOPPED") throw new Error("the doctor lists stopped tasks only");
    return { $metadata: METADATA, taskArns: (world.stoppedTasks[input.serviceName ?? ""] ?? []).map((t) => t.taskArn!) };
  });
  m.ecs.on(DescribeTasksCommand).callsFake((input) => {
    clusterOk(input.cluster);
    const all = Object.values(world.stoppedTasks).flat();
    return { $metadata: METADATA, tasks: all.filter((t) => input.tasks.includes(t.taskArn)), failures: [] };
  });
  m.ecs.on(DescribeTaskDefinitionCommand).callsFake((input) => {
    const td = world.taskDefinitions[input.taskDefinition];
    if (!td) throw new ClientException({ message: "Unable to describe task definition.", $metadata: {} });
    return { $metadata: METADATA, taskDefinition: td, tags: [] };
  });

  // IAM
  const role = (name: string) => {
    const r = world.roles[name];
    if (!r) throw new NoSuchEntityException({ message: `The role with name ${name} cannot be found.`, $metadata: {} });
    return r;
  };
  m.iam.on(ListRolePoliciesCommand).callsFake((input) => ({ $metadata: METADATA, PolicyNames: Object.keys(role(input.RoleName).inline), IsTruncated: false }));
  m.iam.on(GetRolePolicyCommand).callsFake((input) => {
    const doc = role(input.RoleName).inline[input.PolicyName];
    if (!doc) throw new NoSuchEntityException({ message: `The role policy with name ${input.PolicyName} cannot be found.`, $metadata: {} });
    return { $metadata: METADATA, RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodePolicy(doc) };
  });
  m.iam.on(ListAttachedRolePoliciesCommand).callsFake((input) => ({
    $metadata: METADATA,
    AttachedPolicies: role(input.RoleName).attached.map((a) => ({ PolicyName: a.name, PolicyArn: a.arn })),
    IsTruncated: false,
  }));
  const managed = (arn: string) => {
    const found = Object.values(world.roles)
      .flatMap((r) => r.attached)
      .find((a) => a.arn === arn);
    if (!found) throw new NoSuchEntityException({ message: `Policy ${arn} does not exist or is not attachable.`, $metadata: {} });
    return found;
  };
  m.iam.on(GetPolicyCommand).callsFake((input) => ({
    $metadata: METADATA,
    Policy: { PolicyName: managed(input.PolicyArn).name, Arn: input.PolicyArn, Path: "/", DefaultVersionId: "v4", AttachmentCount: 1, IsAttachable: true },
  }));
  m.iam.on(GetPolicyVersionCommand).callsFake((input) => ({
    $metadata: METADATA,
    PolicyVersion: {
      Document: encodePolicy(managed(input.PolicyArn).document),
      VersionId: input.VersionId,
      IsDefaultVersion: true,
      CreateDate: new Date("2023-06-01T00:00:00Z"),
    },
  }));

  // Cloud Map
  m.serviceDiscovery.on(ListNamespacesCommand).callsFake((input) => ({
    $metadata: METADATA,
    Namespaces: world.namespaces.filter((n) =>
      (input.Filters ?? []).every((f: { Name: string; Values: string[] }) => f.Name !== "NAME" || f.Values.includes(n.Name!)),
    ),
  }));
  m.serviceDiscovery.on(GetNamespaceCommand).callsFake((input) => ({ $metadata: METADATA, Namespace: world.namespaces.find((n) => n.Id === input.Id) }));
  m.serviceDiscovery.on(ListServicesCommand).callsFake((input) => {
    const ns = (input.Filters ?? []).find((f: { Name: string }) => f.Name === "NAMESPACE_ID")?.Values ?? [];
    return { $metadata: METADATA, Services: world.namespaces.some((n) => ns.includes(n.Id)) ? world.discoveryServices : [] };
  });
  const knownService = (id: string) => {
    if (!world.discoveryServices.some((s) => s.Id === id)) throw new ServiceNotFound({ message: `Service not found: ${id}`, $metadata: {} });
  };
  m.serviceDiscovery.on(ListInstancesCommand).callsFake((input) => {
    knownService(input.ServiceId);
    return { $metadata: METADATA, Instances: world.instances[input.ServiceId] ?? [] };
  });
  m.serviceDiscovery.on(GetInstancesHealthStatusCommand).callsFake((input) => {
    knownService(input.ServiceId);
    return { $metadata: METADATA, Status: world.health[input.ServiceId] ?? {} };
  });

  // Route 53: record sets from the start name and type on (Route 53 sorts by name, then type).
  m.route53.on(ListResourceRecordSetsCommand).callsFake((input) => {
    const sets = world.recordSets[input.HostedZoneId];
    if (!sets) throw new NoSuchHostedZone({ message: `No hosted zone found with ID: ${input.HostedZoneId}`, $metadata: {} });
    const start = sets.findIndex((s) => s.Name === input.StartRecordName && (!input.StartRecordType || s.Type === input.StartRecordType));
    return { $metadata: METADATA, ResourceRecordSets: start < 0 ? [] : sets.slice(start), IsTruncated: false, MaxItems: 300 };
  });

  // API Gateway v2
  m.apiGatewayV2.on(GetApisCommand).callsFake(() => ({ $metadata: METADATA, Items: world.apis }));
  m.apiGatewayV2.on(GetVpcLinksCommand).callsFake(() => ({ $metadata: METADATA, Items: world.vpcLinks }));
  m.apiGatewayV2.on(GetIntegrationsCommand).callsFake((input) => {
    if (!world.apis.some((a) => a.ApiId === input.ApiId)) throw new NotFoundException({ message: "Invalid API identifier specified", $metadata: {} });
    return { $metadata: METADATA, Items: world.integrations[input.ApiId] ?? [] };
  });
  m.apiGatewayV2.on(GetDomainNameCommand).callsFake((input) => {
    const d = world.domains[input.DomainName];
    if (!d) throw new NotFoundException({ message: `Invalid domain name identifier specified`, $metadata: {} });
    return d;
  });
  m.apiGatewayV2.on(GetApiMappingsCommand).callsFake((input) => {
    if (!world.domains[input.DomainName]) throw new NotFoundException({ message: `Invalid domain name identifier specified`, $metadata: {} });
    return { $metadata: METADATA, Items: world.apiMappings[input.DomainName] ?? [] };
  });

  // API Gateway v1
  m.apiGateway.on(GetRestApisCommand).callsFake(() => ({ $metadata: METADATA, items: world.restApis }));
  m.apiGateway.on(GetRestVpcLinksCommand).callsFake(() => ({ $metadata: METADATA, items: world.restVpcLinks }));
  m.apiGateway.on(GetRestDomainNameCommand).callsFake((input) => {
    const d = world.restDomains[input.domainName];
    if (!d) throw new RestNotFoundException({ message: "Invalid domain name identifier specified", $metadata: {} });
    return { $metadata: METADATA, ...d };
  });
  m.apiGateway.on(GetBasePathMappingsCommand).callsFake((input) => {
    if (!world.restDomains[input.domainName]) throw new RestNotFoundException({ message: "Invalid domain name identifier specified", $metadata: {} });
    return { $metadata: METADATA, items: world.basePathMappings[input.domainName] ?? [] };
  });

  // ACM
  m.acm.on(DescribeCertificateCommand).callsFake((input) => {
    const c = world.certificates[input.CertificateArn];
    if (!c) throw new ResourceNotFoundException({ message: `Could not find certificate ${input.CertificateArn}.`, $metadata: {} });
    return { $metadata: METADATA, Certificate: c };
  });
}

/** Resets every mock (call before each test). */
export function resetMocks(): void {
  for (const m of Object.values(mocks)) m.reset();
}

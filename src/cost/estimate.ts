/**
 * A monthly cost estimate of one synthesized stack, read from its Terraform JSON only
 * (through {@link TfStack}), priced from the table of the region its AWS provider names.
 *
 * Fixed lines are what the resources cost by existing for a month (730 hours); per-unit
 * lines are prices of usage the JSON cannot know (GB through a NAT gateway, API requests),
 * printed beside the figure and not in it. A line whose price the table lacks keeps its
 * quantity and says which price is missing: it is never counted as 0.
 */
import { block, blocks, isExpression, strings, TfJson, TfResource, TfStack } from "../checks/tf";
import { DAYS_PER_MONTH, FargateArchitecture, HOURS_PER_MONTH, Price, PRICE, PriceTable, priceOf } from "./price-table";
import { PRICE_TABLES } from "./prices";

/** GB a log group is assumed to ingest each month (the JSON cannot know; README: Cost). */
export const LOG_GB_PER_GROUP_MONTH = 1;

/** What the estimate assumes, printed with every report. */
export const ASSUMPTIONS: readonly string[] = [
  `${HOURS_PER_MONTH} hours a month; on-demand list prices in USD, no free tier, no Savings Plans or reservations, no tax`,
  "ECS services run their desired_count all month (autoscaling moves it); a capacity provider strategy puts `base` tasks on its base provider and splits the rest by weight (fractions of a task are an average); FARGATE_SPOT tasks at the Spot price",
  "EC2 capacity: each Auto Scaling group's min_size instances of its first instance type, at the on-demand Linux price (Spot and scaling above min_size are not in the figure; EBS volumes are not priced)",
  "RDS Multi-AZ: two instances (primary and standby) and every allocated GB stored twice",
  `CloudWatch Logs: each log group ingests ${LOG_GB_PER_GROUP_MONTH} GB a month and keeps it for its retention_in_days (stored GB = ${LOG_GB_PER_GROUP_MONTH} GB × days / ${DAYS_PER_MONTH.toFixed(2)})`,
  "Secrets Manager: every aws_secretsmanager_secret, plus one per aws_db_instance with manage_master_user_password",
  "interface endpoints are billed per AZ: one per subnet in subnet_ids; gateway endpoints are free",
  "data processed, requests and stored objects depend on traffic: per-unit lines, not in the total",
];

/** One fixed monthly line. */
export interface CostLine {
  /** What is priced: `NAT gateway`, `Fargate vCPU (on-demand, x86)`. */
  readonly item: string;
  /** How the quantity was counted: `3 NAT gateways × 730 h`. */
  readonly basis: string;
  readonly quantity: number;
  /** Unit of the quantity (the price's `per` when priced). */
  readonly unit: string;
  readonly priceKey: string;
  readonly price?: Price;
  /** quantity × price; absent when unpriced. */
  readonly monthly?: number;
  /** Why there is no figure (a missing price, a quantity only known at apply time). */
  readonly unpriced?: string;
  /** The Terraform addresses the line covers. */
  readonly addresses: readonly string[];
}

/** A usage-dependent price, listed beside the figure. */
export interface UnitLine {
  readonly item: string;
  readonly priceKey: string;
  readonly price?: Price;
  readonly unpriced?: string;
}

/** How an ECS service's tasks split and what its Fargate tasks cost. */
export interface ServiceShare {
  readonly address: string;
  readonly desiredCount: number;
  readonly vcpu?: number;
  readonly memoryGb?: number;
  readonly architecture: FargateArchitecture;
  /** Average tasks on each kind of capacity. */
  readonly tasks: { readonly fargate: number; readonly fargateSpot: number; readonly ec2: number };
  /** Its Fargate vCPU and memory cost a month; absent when a price or the task size is missing. */
  readonly monthly?: number;
}

/** The estimate of one stack. */
export interface StackEstimate {
  readonly stack: string;
  /** The default AWS provider's region. */
  readonly region?: string;
  /** Set when the stack cannot be priced at all: no price table for its region, or no region. */
  readonly error?: string;
  readonly lines: readonly CostLine[];
  readonly perUnit: readonly UnitLine[];
  readonly services: readonly ServiceShare[];
  readonly notes: readonly string[];
  /** Sum of the priced lines. */
  readonly total: number;
  /** One sentence per line without a figure. */
  readonly unpriced: readonly string[];
}

/** Whether a stack is a state bootstrap stack (priced when possible, skipped with a note otherwise). */
export function isBootstrapStack(name: string): boolean {
  return name.startsWith("bootstrap");
}

/** The region of the stack's default (unaliased) AWS provider, if it is a literal. */
export function stackRegion(json: TfJson): string | undefined {
  const provider = blocks(json.provider?.aws).find((p) => p.alias === undefined);
  const region = provider?.region;
  return typeof region === "string" && !isExpression(region) ? region : undefined;
}

/** Estimates one stack against the price tables. */
export function estimateStack(name: string, json: TfJson, tables: Readonly<Record<string, PriceTable>> = PRICE_TABLES): StackEstimate {
  const region = stackRegion(json);
  const empty = { stack: name, region, lines: [], perUnit: [], services: [], notes: [], total: 0, unpriced: [] };
  if (region === undefined) return { ...empty, error: "no region: the stack has no AWS provider with a literal region" };
  const table = tables[region];
  if (!table) {
    const known = Object.keys(tables).sort().join(", ");
    return { ...empty, error: `no prices for ${region}: the price table covers ${known} (src/cost/prices/; README: Cost, "Add a region or a price")` };
  }
  return new Estimator(new TfStack(name, json), table).run();
}

/** Walks one stack and collects its lines. */
class Estimator {
  private readonly lines: CostLine[] = [];
  private readonly perUnit: UnitLine[] = [];
  private readonly services: ServiceShare[] = [];
  private readonly notes: string[] = [];

  constructor(
    private readonly stack: TfStack,
    private readonly table: PriceTable,
  ) {}

  run(): StackEstimate {
    this.network();
    this.database();
    this.fargate();
    this.ec2();
    this.loadBalancers();
    this.keysAndSecrets();
    this.logs();
    this.apis();
    this.storage();
    this.providerRegions();
    const total = this.lines.reduce((sum, l) => sum + (l.monthly ?? 0), 0);
    const unpriced = this.lines.filter((l) => l.unpriced !== undefined).map((l) => `${l.item}: ${l.unpriced}`);
    return {
      stack: this.stack.name,
      region: this.table.region,
      lines: this.lines,
      perUnit: this.perUnit,
      services: this.services,
      notes: this.notes,
      total,
      unpriced,
    };
  }

  private missing(key: string): string {
    return `no price for ${key} in ${this.table.region}`;
  }

  /** Adds a fixed line, priced when the table has `key`. */
  private line(item: string, basis: string, quantity: number, unit: string, key: string, resources: readonly TfResource[], unpriced?: string): void {
    const price = priceOf(this.table, key);
    const addresses = resources.map((r) => r.address);
    if (unpriced !== undefined || !price) {
      this.lines.push({ item, basis, quantity, unit, priceKey: key, price, unpriced: unpriced ?? this.missing(key), addresses });
      return;
    }
    this.lines.push({ item, basis, quantity, unit: price.per, priceKey: key, price, monthly: quantity * price.usd, addresses });
  }

  private unit(item: string, key: string): void {
    const price = priceOf(this.table, key);
    this.perUnit.push(price ? { item, priceKey: key, price } : { item, priceKey: key, unpriced: this.missing(key) });
  }

  private network(): void {
    const nats = this.stack.resources("aws_nat_gateway");
    if (nats.length > 0) {
      this.line(
        "NAT gateway",
        `${count(nats.length, "NAT gateway")} × ${HOURS_PER_MONTH} h`,
        nats.length * HOURS_PER_MONTH,
        "NAT gateway-hour",
        PRICE.natGatewayHour,
        nats,
      );
      this.unit("NAT gateway data processed", PRICE.natGatewayGb);
    }
    const eips = this.stack.resources("aws_eip");
    if (eips.length > 0) {
      const forNat = eips.filter((e) => nats.some((n) => this.stack.references(n.values.allocation_id, e))).length;
      const why = forNat > 0 ? ` (${forNat} for NAT gateways)` : "";
      this.line(
        "Public IPv4 address (Elastic IP)",
        `${count(eips.length, "Elastic IP")}${why} × ${HOURS_PER_MONTH} h`,
        eips.length * HOURS_PER_MONTH,
        "public IPv4 address-hour",
        PRICE.publicIpv4Hour,
        eips,
      );
    }
    const endpoints = this.stack.resources("aws_vpc_endpoint");
    const byType = (t: string) => endpoints.filter((e) => String(e.values.vpc_endpoint_type ?? "Gateway").toLowerCase() === t);
    const iface = byType("interface");
    const known = iface.filter((e) => Array.isArray(e.values.subnet_ids));
    const unknown = iface.filter((e) => !Array.isArray(e.values.subnet_ids));
    if (known.length > 0) {
      const azs = known.reduce((n, e) => n + strings(e.values.subnet_ids).length, 0);
      this.line(
        "Interface endpoint",
        `${count(known.length, "endpoint")} in ${count(azs, "subnet")} (one ENI per AZ) × ${HOURS_PER_MONTH} h`,
        azs * HOURS_PER_MONTH,
        "endpoint-AZ-hour",
        PRICE.interfaceEndpointAzHour,
        known,
      );
    }
    if (unknown.length > 0) {
      this.line(
        "Interface endpoint",
        `${count(unknown.length, "endpoint")}`,
        0,
        "endpoint-AZ-hour",
        PRICE.interfaceEndpointAzHour,
        unknown,
        "its subnet_ids are known only at apply time",
      );
    }
    if (iface.length > 0) this.unit("Interface endpoint data processed", PRICE.interfaceEndpointGb);
    const gateways = byType("gateway");
    if (gateways.length > 0) this.notes.push(`${count(gateways.length, "gateway endpoint")} (S3, DynamoDB): no charge`);
  }

  private database(): void {
    for (const db of this.stack.resources("aws_db_instance")) {
      const v = db.values;
      const engine = typeof v.engine === "string" ? v.engine : "unknown-engine";
      const cls = typeof v.instance_class === "string" ? v.instance_class : "unknown-class";
      const multi = v.multi_az === true;
      const copies = multi ? 2 : 1;
      const deployment = multi ? "Multi-AZ: primary and standby" : "Single-AZ";
      this.line(
        `RDS ${cls} (${engine}, ${multi ? "Multi-AZ" : "Single-AZ"})`,
        `${count(copies, "instance")} (${deployment}) × ${HOURS_PER_MONTH} h`,
        copies * HOURS_PER_MONTH,
        "instance-hour",
        PRICE.rdsInstanceHour(engine, cls),
        [db],
      );
      const gb = num(v.allocated_storage);
      const storageType = typeof v.storage_type === "string" ? v.storage_type : typeof v.iops === "number" ? "io1" : "gp2";
      if (gb === undefined) {
        this.line(
          `RDS storage ${storageType}`,
          "allocated_storage unknown",
          0,
          "GB-month",
          PRICE.rdsStorageGbMonth(storageType),
          [db],
          "allocated_storage is known only at apply time",
        );
      } else {
        const basis = multi ? `${gb} GB × 2 (Multi-AZ)` : `${gb} GB`;
        this.line(`RDS storage ${storageType}`, basis, gb * copies, "GB-month", PRICE.rdsStorageGbMonth(storageType), [db]);
      }
    }
  }

  private fargate(): void {
    type Kind = "fargate" | "fargateSpot";
    const totals = new Map<string, { kind: Kind; arch: FargateArchitecture; vcpu: number; gb: number; tasks: number; services: TfResource[] }>();
    for (const svc of this.stack.resources("aws_ecs_service")) {
      const desired = svc.values.desired_count === undefined ? 0 : num(svc.values.desired_count);
      const td = this.stack.target(svc.values.task_definition, "aws_ecs_task_definition");
      const platform = block(td?.values.runtime_platform);
      const arch: FargateArchitecture = String(platform.cpu_architecture ?? "X86_64").toUpperCase() === "ARM64" ? "arm" : "x86";
      const windows = typeof platform.operating_system_family === "string" && !platform.operating_system_family.toUpperCase().startsWith("LINUX");
      if (desired === undefined) {
        this.line(
          `ECS service ${svc.name}`,
          "desired_count unknown",
          0,
          "task",
          PRICE.fargateVcpuHour(arch),
          [svc],
          "desired_count is known only at apply time",
        );
        continue;
      }
      const strategy = this.strategyOf(svc, td);
      if (strategy === undefined) {
        this.line(
          `ECS service ${svc.name}`,
          `${desired} tasks`,
          0,
          "task",
          PRICE.fargateVcpuHour(arch),
          [svc],
          "no launch_type or capacity provider strategy, here or on its cluster",
        );
        continue;
      }
      const tasks = splitTasks(desired, strategy);
      const vcpu = td ? num(td.values.cpu) : undefined;
      const mem = td ? num(td.values.memory) : undefined;
      const size = vcpu !== undefined && mem !== undefined ? { vcpu: vcpu / 1024, gb: mem / 1024 } : undefined;
      let monthly: number | undefined = 0;
      for (const kind of ["fargate", "fargateSpot"] as const) {
        if (tasks[kind] === 0) continue;
        if (!size || windows) {
          const why = windows ? "Windows Fargate tasks are not in the price table" : "its task definition has no task-level cpu and memory";
          this.line(`ECS service ${svc.name}`, `${fmt(tasks[kind])} tasks`, 0, "task", PRICE.fargateVcpuHour(arch), [svc], why);
          monthly = undefined;
          continue;
        }
        const key = `${kind}.${arch}`;
        const t = totals.get(key) ?? { kind, arch, vcpu: 0, gb: 0, tasks: 0, services: [] };
        t.vcpu += tasks[kind] * size.vcpu;
        t.gb += tasks[kind] * size.gb;
        t.tasks += tasks[kind];
        t.services.push(svc);
        totals.set(key, t);
        const vcpuPrice = priceOf(this.table, kind === "fargate" ? PRICE.fargateVcpuHour(arch) : PRICE.fargateSpotVcpuHour(arch));
        const gbPrice = priceOf(this.table, kind === "fargate" ? PRICE.fargateGbHour(arch) : PRICE.fargateSpotGbHour(arch));
        monthly =
          monthly === undefined || !vcpuPrice || !gbPrice
            ? undefined
            : monthly + tasks[kind] * HOURS_PER_MONTH * (size.vcpu * vcpuPrice.usd + size.gb * gbPrice.usd);
      }
      if (tasks.ec2 > 0) this.notes.push(`${svc.address}: ${fmt(tasks.ec2)} of ${desired} tasks on EC2 capacity, paid for by the EC2 instances line`);
      this.services.push({ address: svc.address, desiredCount: desired, vcpu: size?.vcpu, memoryGb: size?.gb, architecture: arch, tasks, monthly });
    }
    for (const t of totals.values()) {
      const label = `${t.kind === "fargate" ? "on-demand" : "Spot"}, ${t.arch}`;
      const product = t.kind === "fargate" ? "Fargate" : "Fargate Spot";
      const tasks = `${fmt(t.tasks)} tasks of ${count(new Set(t.services).size, "service")}`;
      const vcpuKey = t.kind === "fargate" ? PRICE.fargateVcpuHour(t.arch) : PRICE.fargateSpotVcpuHour(t.arch);
      const gbKey = t.kind === "fargate" ? PRICE.fargateGbHour(t.arch) : PRICE.fargateSpotGbHour(t.arch);
      this.line(
        `${product} vCPU (${label})`,
        `${fmt(t.vcpu)} vCPU (${tasks}) × ${HOURS_PER_MONTH} h`,
        t.vcpu * HOURS_PER_MONTH,
        "vCPU-hour",
        vcpuKey,
        t.services,
      );
      this.line(`${product} memory (${label})`, `${fmt(t.gb)} GB (${tasks}) × ${HOURS_PER_MONTH} h`, t.gb * HOURS_PER_MONTH, "GB-hour", gbKey, t.services);
    }
    const jobs = this.stack.resources("aws_scheduler_schedule").filter((s) => blocks(s.values.target).some((t) => t.ecs_parameters !== undefined));
    if (jobs.length > 0) this.notes.push(`${count(jobs.length, "scheduled job")}: Fargate per run, which the JSON cannot know; not in the figure`);
  }

  /** The service's capacity: its strategy, its launch_type, or its cluster's default strategy. */
  private strategyOf(svc: TfResource, td: TfResource | undefined): Strategy[] | undefined {
    const own = blocks(svc.values.capacity_provider_strategy);
    if (own.length > 0) return own.map(strategyEntry);
    const launchType = svc.values.launch_type;
    if (typeof launchType === "string") {
      const lt = launchType.toUpperCase();
      return lt === "FARGATE" ? [{ kind: "fargate", base: 0, weight: 1 }] : lt === "EC2" ? [{ kind: "ec2", base: 0, weight: 1 }] : [];
    }
    const cluster = this.stack.target(svc.values.cluster, "aws_ecs_cluster");
    if (cluster) {
      const providers = this.stack.resources("aws_ecs_cluster_capacity_providers").find((c) => this.stack.references(c.values.cluster_name, cluster));
      const defaults = blocks(providers?.values.default_capacity_provider_strategy ?? cluster.values.default_capacity_provider_strategy);
      if (defaults.length > 0) return defaults.map(strategyEntry);
    }
    // No strategy anywhere: ECS launches on EC2, unless the task can only run on Fargate.
    const compat = td ? strings(td.values.requires_compatibilities) : [];
    if (compat.length === 1 && compat[0] === "FARGATE") return [{ kind: "fargate", base: 0, weight: 1 }];
    return undefined;
  }

  private ec2(): void {
    for (const asg of this.stack.resources("aws_autoscaling_group")) {
      const min = num(asg.values.min_size);
      const type = this.firstInstanceType(asg);
      const item = `EC2 ${type ?? "instances"} (Auto Scaling group ${asg.name})`;
      if (type === undefined) {
        this.line(
          item,
          "instance type unknown",
          0,
          "instance-hour",
          PRICE.ec2InstanceHour("unknown"),
          [asg],
          "no instance type in its launch template or overrides",
        );
        continue;
      }
      if (min === undefined) {
        this.line(item, "min_size unknown", 0, "instance-hour", PRICE.ec2InstanceHour(type), [asg], "min_size is known only at apply time");
        continue;
      }
      const policy = block(block(asg.values.mixed_instances_policy).instances_distribution);
      const onDemandPct = num(policy.on_demand_percentage_above_base_capacity);
      if (onDemandPct !== undefined && onDemandPct < 100) {
        this.notes.push(`${asg.address} buys Spot above its on-demand base: priced at on-demand, an upper bound`);
      }
      this.line(item, `${count(min, "instance")} (min_size) × ${HOURS_PER_MONTH} h`, min * HOURS_PER_MONTH, "instance-hour", PRICE.ec2InstanceHour(type), [
        asg,
      ]);
    }
    for (const inst of this.stack.resources("aws_instance")) {
      const type = typeof inst.values.instance_type === "string" ? inst.values.instance_type : "unknown";
      this.line(`EC2 ${type}`, `1 instance × ${HOURS_PER_MONTH} h`, HOURS_PER_MONTH, "instance-hour", PRICE.ec2InstanceHour(type), [inst]);
    }
  }

  /** The first instance type an ASG launches: its first override, else its launch template's (or configuration's). */
  private firstInstanceType(asg: TfResource): string | undefined {
    const mixed = block(block(asg.values.mixed_instances_policy).launch_template);
    const override = blocks(mixed.override).find((o) => typeof o.instance_type === "string");
    if (override) return override.instance_type;
    const spec = block(mixed.launch_template_specification);
    const template =
      this.stack.target(asg.values.launch_template, "aws_launch_template") ??
      this.stack.target(spec.launch_template_id ?? spec.launch_template_name, "aws_launch_template") ??
      this.stack.target(asg.values.launch_configuration, "aws_launch_configuration");
    const type = template?.values.instance_type;
    return typeof type === "string" && !isExpression(type) ? type : undefined;
  }

  private loadBalancers(): void {
    const lbs = [...this.stack.resources("aws_lb"), ...this.stack.resources("aws_alb")];
    const of = (t: string) => lbs.filter((lb) => String(lb.values.load_balancer_type ?? "application") === t);
    const nlbs = of("network");
    if (nlbs.length > 0) {
      this.line(
        "Network Load Balancer",
        `${count(nlbs.length, "load balancer")} × ${HOURS_PER_MONTH} h`,
        nlbs.length * HOURS_PER_MONTH,
        "load balancer-hour",
        PRICE.nlbHour,
        nlbs,
      );
      this.unit("Network Load Balancer capacity (NLCU)", PRICE.nlcuHour);
    }
    const albs = of("application");
    if (albs.length > 0) {
      this.line(
        "Application Load Balancer",
        `${count(albs.length, "load balancer")} × ${HOURS_PER_MONTH} h`,
        albs.length * HOURS_PER_MONTH,
        "load balancer-hour",
        PRICE.albHour,
        albs,
      );
    }
  }

  private keysAndSecrets(): void {
    const keys = this.stack.resources("aws_kms_key");
    if (keys.length > 0) {
      const rotating = keys.filter((k) => k.values.enable_key_rotation === true).length;
      this.line("KMS key", count(keys.length, "key"), keys.length, "key-month", PRICE.kmsKeyMonth, keys);
      if (rotating > 0)
        this.notes.push(`key rotation is on for ${count(rotating, "KMS key")}: each yearly rotation adds a key-month charge (KMS pricing page)`);
    }
    const secrets = this.stack.resources("aws_secretsmanager_secret");
    const dbs = this.stack.resources("aws_db_instance").filter((d) => d.values.manage_master_user_password === true);
    const n = secrets.length + dbs.length;
    if (n > 0) {
      const parts = [secrets.length > 0 ? count(secrets.length, "secret") : "", dbs.length > 0 ? count(dbs.length, "RDS-managed master password") : ""];
      this.line("Secrets Manager secret", parts.filter(Boolean).join(" + "), n, "secret-month", PRICE.secretMonth, [...secrets, ...dbs]);
    }
  }

  private logs(): void {
    const groups = this.stack.resources("aws_cloudwatch_log_group");
    if (groups.length === 0) return;
    this.line(
      "CloudWatch Logs ingestion (assumed)",
      `${count(groups.length, "log group")} × ${LOG_GB_PER_GROUP_MONTH} GB`,
      groups.length * LOG_GB_PER_GROUP_MONTH,
      "GB ingested",
      PRICE.logsIngestionGb,
      groups,
    );
    this.unit("CloudWatch Logs ingestion above the assumption", PRICE.logsIngestionGb);
    const infrequent = groups.filter((g) => String(g.values.log_group_class ?? "STANDARD").toUpperCase() !== "STANDARD");
    const standard = groups.filter((g) => !infrequent.includes(g));
    const forever = standard.filter((g) => !(num(g.values.retention_in_days) ?? 0));
    const kept = standard.filter((g) => !forever.includes(g));
    if (kept.length > 0) {
      const days = kept.map((g) => num(g.values.retention_in_days) ?? 0);
      const gb = days.reduce((s, d) => s + (LOG_GB_PER_GROUP_MONTH * d) / DAYS_PER_MONTH, 0);
      const spans = [...new Set(days)].sort((a, b) => a - b).join("/");
      this.line(
        "CloudWatch Logs storage (assumed)",
        `${count(kept.length, "log group")} × ${LOG_GB_PER_GROUP_MONTH} GB/month kept ${spans} days = ${fmt(gb)} GB`,
        gb,
        "GB-month stored",
        PRICE.logsStorageGbMonth,
        kept,
      );
    }
    if (forever.length > 0) {
      this.line(
        "CloudWatch Logs storage (never expires)",
        count(forever.length, "log group"),
        0,
        "GB-month stored",
        PRICE.logsStorageGbMonth,
        forever,
        "no retention_in_days: storage grows every month",
      );
    }
    if (infrequent.length > 0) {
      this.line(
        "CloudWatch Logs (Infrequent Access)",
        count(infrequent.length, "log group"),
        0,
        "GB-month stored",
        PRICE.logsStorageGbMonth,
        infrequent,
        "the Infrequent Access class is not in the price table",
      );
    }
  }

  private apis(): void {
    const http = this.stack.resources("aws_apigatewayv2_api").filter((a) => String(a.values.protocol_type ?? "").toUpperCase() === "HTTP");
    const websocket = this.stack.resources("aws_apigatewayv2_api").filter((a) => String(a.values.protocol_type ?? "").toUpperCase() === "WEBSOCKET");
    if (http.length > 0) this.unit("API Gateway HTTP API requests (first 300 million)", PRICE.httpApiMillionRequests);
    if (this.stack.resources("aws_api_gateway_rest_api").length > 0)
      this.unit("API Gateway REST API requests (first 333 million)", PRICE.restApiMillionRequests);
    if (websocket.length > 0) this.notes.push(`${count(websocket.length, "WebSocket API")}: messages and connection minutes are not priced`);
  }

  private storage(): void {
    if (this.stack.resources("aws_s3_bucket").length > 0) this.unit("S3 Standard storage", PRICE.s3StandardGbMonth);
    const efs = this.stack.resources("aws_efs_file_system").length;
    if (efs > 0) this.notes.push(`${count(efs, "EFS file system")}: storage per GB used, not priced`);
  }

  /** Resources on an aliased provider in another region are priced at the stack's region: say so. */
  private providerRegions(): void {
    const elsewhere = this.stack.allResources().filter((r) => {
      const region = this.stack.regionOf(r);
      return region !== undefined && region !== this.table.region && typeof r.values.provider === "string";
    });
    if (elsewhere.length > 0) {
      this.notes.push(`${count(elsewhere.length, "resource")} on a provider in another region, priced at ${this.table.region}'s prices`);
    }
  }
}

/** One entry of a capacity provider strategy. */
export interface Strategy {
  readonly kind: "fargate" | "fargateSpot" | "ec2";
  readonly base: number;
  readonly weight: number;
}

function strategyEntry(b: TfJson): Strategy {
  const provider = String(b.capacity_provider ?? "");
  const kind = provider === "FARGATE" ? "fargate" : provider === "FARGATE_SPOT" ? "fargateSpot" : "ec2";
  return { kind, base: num(b.base) ?? 0, weight: num(b.weight) ?? 0 };
}

/**
 * How `count` tasks spread over a strategy, as ECS does it: the provider with a `base`
 * gets that many first, the rest is split in proportion to the weights (an average: a
 * fraction of a task is the share of the month it runs there).
 */
export function splitTasks(count: number, strategy: readonly Strategy[]): { fargate: number; fargateSpot: number; ec2: number } {
  const out = { fargate: 0, fargateSpot: 0, ec2: 0 };
  let rest = count;
  for (const s of strategy) {
    const base = Math.min(s.base, rest);
    out[s.kind] += base;
    rest -= base;
  }
  const weights = strategy.reduce((sum, s) => sum + s.weight, 0);
  if (rest > 0 && strategy.length > 0) {
    // ECS needs a weight above 0 somewhere; without one the rest stays with the first provider.
    if (weights === 0) out[strategy[0].kind] += rest;
    else for (const s of strategy) out[s.kind] += (rest * s.weight) / weights;
  }
  return out;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

function count(n: number, noun: string): string {
  return `${fmt(n)} ${noun}${n === 1 ? "" : "s"}`;
}

/** A quantity: whole numbers as they are, fractions to two places. */
export function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

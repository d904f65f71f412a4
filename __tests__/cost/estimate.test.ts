import { CostLine, estimateStack, splitTasks, StackEstimate } from "../../src/cost/estimate";
import { DAYS_PER_MONTH, HOURS_PER_MONTH, PRICE } from "../../src/cost/price-table";
import { EU_WEST_1, US_EAST_1 } from "../../src/cost/prices";
import { TfJson } from "../support/synth";
import { copy, smallStack, usd } from "./fixtures";

const H = HOURS_PER_MONTH;
const us = (key: string) => usd(US_EAST_1, key);
const eu = (key: string) => usd(EU_WEST_1, key);

/** The line named `item`, failing when there is none or several. */
function line(e: StackEstimate, item: string): CostLine {
  const found = e.lines.filter((l) => l.item === item);
  if (found.length !== 1) throw new Error(`${found.length} lines named ${item}: ${e.lines.map((l) => l.item).join(", ")}`);
  return found[0];
}

/** The Fargate lines' sum (on-demand and Spot, vCPU and memory). */
function fargate(e: StackEstimate): number {
  return e.lines.filter((l) => l.item.startsWith("Fargate")).reduce((s, l) => s + (l.monthly ?? 0), 0);
}

describe("estimateStack", () => {
  it("prices a known small stack to the figure its table entries give", () => {
    // GIVEN the hand-made us-east-1 stack (see fixtures.ts)
    // WHEN it is estimated
    const e = estimateStack("dev", smallStack());
    // THEN every line is priced and the total is the sum the table's entries give
    expect(e.error).toBeUndefined();
    expect(e.unpriced).toEqual([]);
    const vcpu = 2 * 0.5 + 1 * 0.25;
    const gb = 2 * 1 + 1 * 0.5;
    const expected =
      H * us(PRICE.natGatewayHour) +
      H * us(PRICE.publicIpv4Hour) +
      2 * H * us(PRICE.interfaceEndpointAzHour) +
      H * us(PRICE.rdsInstanceHour("postgres", "db.t4g.micro")) +
      20 * us(PRICE.rdsStorageGbMonth("gp3")) +
      vcpu * H * us(PRICE.fargateVcpuHour("x86")) +
      gb * H * us(PRICE.fargateGbHour("x86")) +
      1 * us(PRICE.kmsKeyMonth) +
      2 * us(PRICE.secretMonth) +
      2 * 1 * us(PRICE.logsIngestionGb) +
      ((30 + 365) / DAYS_PER_MONTH) * us(PRICE.logsStorageGbMonth);
    expect(e.total).toBeCloseTo(expected, 9);
    // and the lines carry quantities, not just money
    expect(line(e, "Interface endpoint")).toMatchObject({ quantity: 2 * H, unit: "endpoint-AZ-hour", addresses: ["aws_vpc_endpoint.ecr"] });
    expect(line(e, "Secrets Manager secret")).toMatchObject({ quantity: 2, basis: "1 secret + 1 RDS-managed master password" });
    expect(line(e, "Fargate vCPU (on-demand, x86)").quantity).toBeCloseTo(vcpu * H, 9);
    expect(e.notes).toContain("1 gateway endpoint (S3, DynamoDB): no charge");
  });

  it("lists usage-dependent prices beside the total, not in it", () => {
    // GIVEN / WHEN the small stack
    const e = estimateStack("dev", smallStack());
    // THEN NAT and endpoint data and HTTP API requests are per-unit lines at the table's prices
    expect(e.perUnit.map((u) => [u.item, u.price?.usd])).toEqual([
      ["NAT gateway data processed", us(PRICE.natGatewayGb)],
      ["Interface endpoint data processed", us(PRICE.interfaceEndpointGb)],
      ["CloudWatch Logs ingestion above the assumption", us(PRICE.logsIngestionGb)],
      ["API Gateway HTTP API requests (first 300 million)", us(PRICE.httpApiMillionRequests)],
    ]);
  });

  it("raises the Fargate lines by exactly a service's share when its desired_count doubles", () => {
    // GIVEN the small stack, and a copy whose api service runs twice the tasks
    const before = estimateStack("dev", smallStack());
    const doubled = copy(smallStack());
    doubled.resource.aws_ecs_service.api.desired_count = 4;
    // WHEN both are estimated
    const after = estimateStack("dev", doubled);
    // THEN the Fargate lines grow by the api service's share, which the table gives
    const share = before.services.find((s) => s.address === "aws_ecs_service.api")!.monthly!;
    expect(share).toBeCloseTo(2 * H * (0.5 * us(PRICE.fargateVcpuHour("x86")) + 1 * us(PRICE.fargateGbHour("x86"))), 9);
    expect(fargate(after) - fargate(before)).toBeCloseTo(share, 9);
    expect(after.total - before.total).toBeCloseTo(share, 9);
  });

  it("doubles RDS instance hours and storage for Multi-AZ", () => {
    // GIVEN the small stack Single-AZ and Multi-AZ
    const multi = copy(smallStack());
    multi.resource.aws_db_instance.db.multi_az = true;
    // WHEN both are estimated
    const single = estimateStack("dev", smallStack());
    const double = estimateStack("dev", multi);
    // THEN both RDS lines double, at the Single-AZ price
    const instance = (e: StackEstimate) => e.lines.find((l) => l.item.startsWith("RDS db.t4g.micro"))!;
    expect(instance(single)).toMatchObject({ quantity: H, item: "RDS db.t4g.micro (postgres, Single-AZ)" });
    expect(instance(double)).toMatchObject({ quantity: 2 * H, item: "RDS db.t4g.micro (postgres, Multi-AZ)" });
    expect(instance(double).monthly).toBeCloseTo(2 * H * us(PRICE.rdsInstanceHour("postgres", "db.t4g.micro")), 9);
    expect(line(double, "RDS storage gp3")).toMatchObject({ quantity: 40, basis: "20 GB × 2 (Multi-AZ)" });
    expect(line(double, "RDS storage gp3").monthly).toBeCloseTo(2 * line(single, "RDS storage gp3").monthly!, 9);
    // and the doubled instance price is what the source gives for Multi-AZ
    expect(instance(double).monthly).toBeCloseTo(H * us(PRICE.rdsInstanceMultiAzHour("postgres", "db.t4g.micro")), 9);
  });

  it("refuses a region without a price table, naming it", () => {
    // GIVEN the small stack in ap-south-1 / WHEN estimated
    const e = estimateStack("dev", smallStack("ap-south-1"));
    // THEN it says so and guesses nothing
    expect(e.error).toMatch(/^no prices for ap-south-1: the price table covers eu-west-1, us-east-1/);
    expect(e).toMatchObject({ total: 0, lines: [], perUnit: [] });
  });

  it("refuses a stack without a literal provider region", () => {
    // GIVEN a provider whose region is an expression / WHEN estimated / THEN an error, no figure
    const json: TfJson = { provider: { aws: [{ region: "${var.region}" }] }, resource: {} };
    expect(estimateStack("dev", json).error).toMatch(/no AWS provider with a literal region/);
  });

  it("lists an unknown instance class and type as unpriced, not as 0", () => {
    // GIVEN a db class and an ASG instance type no table has
    const json = copy(smallStack());
    json.resource.aws_db_instance.db.instance_class = "db.x9.huge";
    json.resource.aws_launch_template = { lt: { instance_type: "z9.mega" } };
    json.resource.aws_autoscaling_group = { asg: { min_size: 2, max_size: 4, launch_template: { id: "${aws_launch_template.lt.id}" } } };
    // WHEN estimated
    const e = estimateStack("dev", json);
    // THEN both lines keep their quantity, have no figure, and say which price is missing
    const db = line(e, "RDS db.x9.huge (postgres, Single-AZ)");
    expect(db).toMatchObject({ quantity: H, unpriced: "no price for rds.postgres.db.x9.huge.single-az-hour in us-east-1" });
    expect(db.monthly).toBeUndefined();
    expect(line(e, "EC2 z9.mega (Auto Scaling group asg)")).toMatchObject({ quantity: 2 * H, unpriced: "no price for ec2.z9.mega.linux-hour in us-east-1" });
    expect(e.unpriced).toEqual([
      "RDS db.x9.huge (postgres, Single-AZ): no price for rds.postgres.db.x9.huge.single-az-hour in us-east-1",
      "EC2 z9.mega (Auto Scaling group asg): no price for ec2.z9.mega.linux-hour in us-east-1",
    ]);
    // and the total is the priced lines' sum: the unknown ones count as nothing, not as 0 dollars
    expect(e.total).toBeCloseTo(
      e.lines.reduce((s, l) => s + (l.monthly ?? 0), 0),
      9,
    );
    expect(e.total).toBeCloseTo(estimateStack("dev", smallStack()).total - H * us(PRICE.rdsInstanceHour("postgres", "db.t4g.micro")), 9);
  });

  it("prices an ASG at min_size × its first instance type, and leaves its services' tasks to it", () => {
    // GIVEN an ASG whose first override is m7g.large, and the worker service on its capacity provider
    const json = copy(smallStack());
    json.resource.aws_launch_template = { lt: { instance_type: "c7g.large" } };
    json.resource.aws_autoscaling_group = {
      asg: {
        min_size: 2,
        max_size: 6,
        mixed_instances_policy: {
          instances_distribution: { on_demand_percentage_above_base_capacity: 100 },
          launch_template: {
            launch_template_specification: { launch_template_id: "${aws_launch_template.lt.id}" },
            override: [{ instance_type: "m7g.large" }, { instance_type: "c7g.large" }],
          },
        },
      },
    };
    json.resource.aws_ecs_capacity_provider = { ec2: { name: "ec2" } };
    json.resource.aws_ecs_service.worker.capacity_provider_strategy = [{ capacity_provider: "${aws_ecs_capacity_provider.ec2.name}", weight: 1 }];
    // WHEN estimated
    const e = estimateStack("dev", json);
    // THEN the EC2 line is 2 × 730 h of m7g.large, and the worker is not on Fargate
    expect(line(e, "EC2 m7g.large (Auto Scaling group asg)").monthly).toBeCloseTo(2 * H * us(PRICE.ec2InstanceHour("m7g.large")), 9);
    expect(e.services.find((s) => s.address === "aws_ecs_service.worker")!.tasks).toEqual({ fargate: 0, fargateSpot: 0, ec2: 1 });
    expect(line(e, "Fargate vCPU (on-demand, x86)").quantity).toBeCloseTo(2 * 0.5 * H, 9);
  });

  it("prices an NLB's hours and lists its NLCU price per unit", () => {
    // GIVEN an internal NLB / WHEN estimated / THEN 730 h at the NLB price, NLCU per unit
    const json = copy(smallStack());
    json.resource.aws_lb = { nlb: { load_balancer_type: "network", internal: true } };
    const e = estimateStack("dev", json);
    expect(line(e, "Network Load Balancer").monthly).toBeCloseTo(H * us(PRICE.nlbHour), 9);
    expect(e.perUnit.find((u) => u.priceKey === PRICE.nlcuHour)?.price?.usd).toBe(us(PRICE.nlcuHour));
  });

  it("marks what the JSON cannot know: an apply-time desired_count, subnets, a log group that never expires", () => {
    // GIVEN expressions where numbers would be, and a log group without retention
    const json = copy(smallStack());
    json.resource.aws_ecs_service.api.desired_count = "${var.count}";
    json.resource.aws_vpc_endpoint.ecr.subnet_ids = "${var.subnets}";
    delete json.resource.aws_cloudwatch_log_group.b.retention_in_days;
    // WHEN estimated
    const e = estimateStack("dev", json);
    // THEN each is an unpriced line saying why
    expect(e.unpriced).toEqual([
      "Interface endpoint: its subnet_ids are known only at apply time",
      "ECS service api: desired_count is known only at apply time",
      "CloudWatch Logs storage (never expires): no retention_in_days: storage grows every month",
    ]);
  });
});

describe("splitTasks (capacity provider strategy)", () => {
  const fargate = (base: number, weight: number) => ({ kind: "fargate" as const, base, weight });
  const spot = (weight: number) => ({ kind: "fargateSpot" as const, base: 0, weight });

  it.each([
    // [desired, strategy, expected]
    ["base 1 then 1:4", 2, [fargate(1, 1), spot(4)], { fargate: 1.2, fargateSpot: 0.8, ec2: 0 }],
    ["base 1 then 1:4, ten tasks", 10, [fargate(1, 1), spot(4)], { fargate: 2.8, fargateSpot: 7.2, ec2: 0 }],
    ["base above the count", 1, [fargate(2, 1), spot(4)], { fargate: 1, fargateSpot: 0, ec2: 0 }],
    ["Spot only", 3, [spot(1)], { fargate: 0, fargateSpot: 3, ec2: 0 }],
    ["weight 0 on Spot", 4, [fargate(0, 1), spot(0)], { fargate: 4, fargateSpot: 0, ec2: 0 }],
    ["no tasks", 0, [fargate(1, 1), spot(4)], { fargate: 0, fargateSpot: 0, ec2: 0 }],
  ])("%s", (_what, desired, strategy, expected) => {
    // GIVEN a strategy / WHEN the tasks are split / THEN base first, the rest by weight
    const got = splitTasks(desired as number, strategy as Parameters<typeof splitTasks>[1]);
    for (const k of ["fargate", "fargateSpot", "ec2"] as const) expect(got[k]).toBeCloseTo((expected as Record<string, number>)[k], 9);
  });

  it("prices the Spot share at the Spot rate and the rest on demand", () => {
    // GIVEN an eu-west-1 stack whose api service runs 6 tasks: base 1 on FARGATE, then FARGATE 1 : FARGATE_SPOT 4
    const json = copy(smallStack("eu-west-1"));
    json.resource.aws_ecs_service.api.desired_count = 6;
    json.resource.aws_ecs_service.api.capacity_provider_strategy = [
      { capacity_provider: "FARGATE", base: 1, weight: 1 },
      { capacity_provider: "FARGATE_SPOT", weight: 4 },
    ];
    // WHEN estimated
    const e = estimateStack("dev", json);
    // THEN 2 api tasks on demand (1 base + 1 of 5), 4 on Spot; the worker's 1 task on demand
    expect(e.services.find((s) => s.address === "aws_ecs_service.api")!.tasks).toEqual({ fargate: 2, fargateSpot: 4, ec2: 0 });
    expect(line(e, "Fargate Spot vCPU (Spot, x86)").monthly).toBeCloseTo(4 * 0.5 * H * eu(PRICE.fargateSpotVcpuHour("x86")), 9);
    expect(line(e, "Fargate Spot memory (Spot, x86)").monthly).toBeCloseTo(4 * 1 * H * eu(PRICE.fargateSpotGbHour("x86")), 9);
    expect(line(e, "Fargate vCPU (on-demand, x86)").monthly).toBeCloseTo((2 * 0.5 + 0.25) * H * eu(PRICE.fargateVcpuHour("x86")), 9);
    // and the service's share is the sum of both
    const share =
      2 * H * (0.5 * eu(PRICE.fargateVcpuHour("x86")) + 1 * eu(PRICE.fargateGbHour("x86"))) +
      4 * H * (0.5 * eu(PRICE.fargateSpotVcpuHour("x86")) + 1 * eu(PRICE.fargateSpotGbHour("x86")));
    expect(e.services.find((s) => s.address === "aws_ecs_service.api")!.monthly).toBeCloseTo(share, 9);
  });
});

import { estimateStack, StackEstimate } from "../../src/cost/estimate";
import { HOURS_PER_MONTH, PRICE } from "../../src/cost/price-table";
import { EU_WEST_1, US_EAST_1 } from "../../src/cost/prices";
import { synthApp, testConfig, TfJson } from "../support/synth";
import { copy, usd } from "./fixtures";

const H = HOURS_PER_MONTH;

function fargate(e: StackEstimate): number {
  return e.lines.filter((l) => l.item.startsWith("Fargate")).reduce((s, l) => s + (l.monthly ?? 0), 0);
}

describe("cost of the default config (real synth)", () => {
  const eu = synthApp(testConfig()).stacks;
  const us = synthApp(testConfig({ region: "us-east-1" })).stacks;

  it.each([
    ["eu-west-1", eu],
    ["us-east-1", us],
  ])("gives dev and prod figures in %s, prod above dev", (region, stacks) => {
    // GIVEN the default config synthesized in a region with a price table
    // WHEN dev and prod are estimated
    const dev = estimateStack("dev", (stacks as Record<string, TfJson>).dev);
    const prod = estimateStack("prod", (stacks as Record<string, TfJson>).prod);
    // THEN both are priced in that region, and prod (3 NAT gateways, Multi-AZ, no Spot) costs more
    for (const e of [dev, prod]) {
      expect(e.error).toBeUndefined();
      expect(e.region).toBe(region);
      expect(e.total).toBeGreaterThan(0);
    }
    expect(prod.total).toBeGreaterThan(dev.total);
  });

  it("prices dev's Spot share: base 1 on FARGATE, then 1:4 with FARGATE_SPOT", () => {
    // GIVEN dev in eu-west-1 (two services, desired_count 2, the dev profile's strategy)
    const dev = estimateStack("dev", eu.dev);
    // THEN each service runs 1.2 tasks on demand and 0.8 on Spot, at 0.25 vCPU / 0.5 GB
    expect(dev.services.map((s) => s.tasks)).toEqual([
      { fargate: 1.2, fargateSpot: 0.8, ec2: 0 },
      { fargate: 1.2, fargateSpot: 0.8, ec2: 0 },
    ]);
    const p = (key: string) => usd(EU_WEST_1, key);
    const perService =
      H *
      (1.2 * (0.25 * p(PRICE.fargateVcpuHour("x86")) + 0.5 * p(PRICE.fargateGbHour("x86"))) +
        0.8 * (0.25 * p(PRICE.fargateSpotVcpuHour("x86")) + 0.5 * p(PRICE.fargateSpotGbHour("x86"))));
    expect(fargate(dev)).toBeCloseTo(2 * perService, 9);
  });

  it("prices prod's NAT gateways, their EIPs and the interface endpoints in every AZ (us-east-1)", () => {
    // GIVEN prod in us-east-1: 3 NAT gateways with 3 EIPs, 4 interface endpoints in 3 private subnets
    const prod = estimateStack("prod", us.prod);
    const p = (key: string) => usd(US_EAST_1, key);
    const item = (name: string) => prod.lines.find((l) => l.item === name)!;
    // THEN each line is its count × 730 h × the table's price
    expect(item("NAT gateway").monthly).toBeCloseTo(3 * H * p(PRICE.natGatewayHour), 9);
    expect(item("Public IPv4 address (Elastic IP)").monthly).toBeCloseTo(3 * H * p(PRICE.publicIpv4Hour), 9);
    expect(item("Interface endpoint").monthly).toBeCloseTo(4 * 3 * H * p(PRICE.interfaceEndpointAzHour), 9);
    // and the Multi-AZ db.m7g.large, which no stored source priced, is listed unpriced
    expect(prod.unpriced).toContain("RDS db.m7g.large (postgres, Multi-AZ): no price for rds.postgres.db.m7g.large.single-az-hour in us-east-1");
  });

  it("raises prod's Fargate lines by exactly one service's share when its desired_count doubles", () => {
    // GIVEN prod (us-east-1), and a copy with the first service's desired_count doubled
    const before = estimateStack("prod", us.prod);
    const json = copy(us.prod);
    const [name, service] = Object.entries(json.resource.aws_ecs_service as Record<string, TfJson>)[0];
    service.desired_count = 2 * service.desired_count;
    // WHEN both are estimated
    const after = estimateStack("prod", json);
    // THEN the Fargate lines grow by that service's share and nothing else moves
    const share = before.services.find((s) => s.address === `aws_ecs_service.${name}`)!.monthly!;
    expect(share).toBeGreaterThan(0);
    expect(fargate(after) - fargate(before)).toBeCloseTo(share, 9);
    expect(after.total - before.total).toBeCloseTo(share, 9);
  });

  it("prices the bootstrap stack's KMS key and lists S3 per unit", () => {
    // GIVEN the bootstrap stack (us-east-1) / WHEN estimated / THEN one key-month, S3 storage per unit
    const boot = estimateStack("bootstrap", us.bootstrap);
    expect(boot.lines.map((l) => [l.item, l.monthly])).toEqual([["KMS key", usd(US_EAST_1, PRICE.kmsKeyMonth)]]);
    expect(boot.perUnit.map((u) => u.item)).toEqual(["S3 Standard storage"]);
  });
});

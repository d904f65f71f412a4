import { HOURS_PER_MONTH, PRICE } from "../../src/cost/price-table";
import { US_EAST_1 } from "../../src/cost/prices";
import { CliWorkspace } from "../support/cli-workspace";
import { TfJson } from "../support/synth";
import { copy, smallStack, usd } from "./fixtures";

describe("npm run cost (CLI)", () => {
  let workspace: CliWorkspace;
  beforeAll(() => {
    workspace = new CliWorkspace("cost-cli", "src/cost/cli.ts");
  });
  afterAll(() => workspace.remove());
  const synthOut = (stacks: Record<string, TfJson>): string => workspace.synthOut(stacks);
  const cost = (args: string[], config: unknown = {}) => workspace.run(args, config);

  it("prints a table per environment, the per-unit lines, a total and the assumptions; exit 0", () => {
    // GIVEN an output folder with the small us-east-1 stack as dev
    const r = cost(["--out", synthOut({ dev: smallStack() })]);
    // THEN exit 0, a dev table with the NAT line at the table's price, the total, per-unit lines, 730 h stated
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dev \(us-east-1\)$/m);
    expect(r.stdout).toMatch(/^\s+item\s+quantity\s+unit price\s+monthly$/m);
    const nat = (HOURS_PER_MONTH * usd(US_EAST_1, PRICE.natGatewayHour)).toFixed(2);
    expect(r.stdout).toMatch(new RegExp(`^\\s+NAT gateway\\s+1 NAT gateway × 730 h\\s+\\$0\\.045/NAT gateway-hour\\s+\\$${nat.replace(".", "\\.")}$`, "m"));
    expect(r.stdout).toMatch(/^\s+total \$[\d,]+\.\d\d\/month$/m);
    expect(r.stdout).toMatch(/^\s+per unit \(depends on traffic; not in the total\):$/m);
    expect(r.stdout).toMatch(/^\s+NAT gateway data processed\s+\$0\.045\/GB processed$/m);
    expect(r.stdout).toMatch(/730 hours a month/);
    expect(r.stdout).toMatch(/^prices from/m);
  });

  it("estimates only the environments named, in that order", () => {
    // GIVEN dev and prod / WHEN only prod is asked for / THEN only prod is printed
    const r = cost(["prod", "--out", synthOut({ dev: smallStack(), prod: smallStack() })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^prod \(us-east-1\)$/m);
    expect(r.stdout).not.toMatch(/^dev /m);
  });

  it("prints the --json shape: environments with lines, per-unit prices, services; totals computed from the table", () => {
    // GIVEN the small stack, and a copy with the api service's tasks doubled
    const doubled = copy(smallStack());
    doubled.resource.aws_ecs_service.api.desired_count = 4;
    const r = cost(["--json", "--out", synthOut({ dev: smallStack(), prod: doubled })]);
    // THEN exit 0 and the documented keys
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["currency", "hoursPerMonth", "assumptions", "environments", "total", "complete"]);
    expect(doc).toMatchObject({ currency: "USD", hoursPerMonth: 730, complete: true });
    expect(doc.environments.map((e: { name: string }) => e.name)).toEqual(["dev", "prod"]);
    const [dev, prod] = doc.environments;
    expect(Object.keys(dev)).toEqual(["name", "region", "error", "skipped", "total", "complete", "lines", "perUnit", "services", "unpriced", "notes"]);
    expect(Object.keys(dev.lines[0])).toEqual(["item", "basis", "quantity", "unit", "priceKey", "price", "monthly", "unpriced", "addresses"]);
    expect(Object.keys(dev.lines[0].price)).toEqual(["usd", "per", "source", "date"]);
    expect(Object.keys(dev.perUnit[0])).toEqual(["item", "priceKey", "price", "unpriced"]);
    expect(dev.lines[0]).toMatchObject({
      item: "NAT gateway",
      quantity: 730,
      priceKey: PRICE.natGatewayHour,
      unpriced: null,
      addresses: ["aws_nat_gateway.nat"],
    });
    expect(dev.lines[0].monthly).toBeCloseTo(730 * usd(US_EAST_1, PRICE.natGatewayHour), 6);
    // and prod costs dev plus the api service's share (two more tasks of 0.5 vCPU / 1 GB)
    const api = dev.services.find((s: { address: string }) => s.address === "aws_ecs_service.api");
    expect(api.monthly).toBeCloseTo(2 * 730 * (0.5 * usd(US_EAST_1, PRICE.fargateVcpuHour("x86")) + usd(US_EAST_1, PRICE.fargateGbHour("x86"))), 6);
    expect(prod.total - dev.total).toBeCloseTo(api.monthly, 6);
    expect(doc.total).toBeCloseTo(dev.total + prod.total, 6);
  });

  it("says plainly when a region has no prices, and exits 1", () => {
    // GIVEN a stack in ap-south-1 next to a priced one
    const r = cost(["--out", synthOut({ dev: smallStack(), prod: smallStack("ap-south-1") })]);
    // THEN exit 1, the region named on stdout and stderr, dev still estimated
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^prod: no prices for ap-south-1: the price table covers eu-west-1, us-east-1/m);
    expect(r.stderr).toMatch(/^prod: no prices for ap-south-1/m);
    expect(r.stdout).toMatch(/^dev \(us-east-1\)$/m);
  });

  it("lists a bootstrap stack it cannot price as skipped, and still exits 0", () => {
    // GIVEN a bootstrap stack in ap-south-1 / WHEN estimated / THEN skipped with a note, exit 0
    const r = cost(["--json", "--out", synthOut({ dev: smallStack(), bootstrap: smallStack("ap-south-1") })]);
    expect(r.code).toBe(0);
    const boot = JSON.parse(r.stdout).environments.find((e: { name: string }) => e.name === "bootstrap");
    expect(boot).toMatchObject({ skipped: true, error: expect.stringMatching(/^no prices for ap-south-1/) });
  });

  it("estimates the default config by synthesizing it: dev and prod get figures", () => {
    // GIVEN no --out (the CLI synthesizes the embedded defaults) / WHEN --json
    const r = cost(["--json", "dev", "prod"]);
    // THEN exit 0, both environments priced in eu-west-1, prod above dev
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^config: .*config-\d+\.json · environments: dev, staging, prod\n$/);
    const [dev, prod] = JSON.parse(r.stdout).environments;
    expect([dev.name, prod.name]).toEqual(["dev", "prod"]);
    expect(dev).toMatchObject({ region: "eu-west-1", error: null });
    expect(dev.total).toBeGreaterThan(0);
    expect(prod.total).toBeGreaterThan(dev.total);
  });

  it.each([
    ["an unknown option", ["--bogus"], /Unknown option '--bogus'/],
    ["--out without a value", ["--out"], /'--out <value>' argument missing/],
    ["--out on a folder without stacks/", ["--out", "/nonexistent-synth-dir"], /not a cdktf output folder/],
    ["an environment that is not a stack", ["qa", "--out", "OUT"], /no stack named qa: the stacks are dev/],
  ])("exits 2 on %s", (_what, args, message) => {
    // GIVEN a bad command line (table) / WHEN run / THEN exit 2 with the message
    const r = cost((args as string[]).map((a) => (a === "OUT" ? synthOut({ dev: smallStack() }) : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it("prints its usage with --help and exits 0", () => {
    const r = cost(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run cost -- \[<env>\.\.\.\] \[--out DIR\] \[--json\]/);
  });
});

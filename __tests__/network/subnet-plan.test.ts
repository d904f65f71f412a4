import { cidrSize, mustParseCidr } from "../../src/core/cidr";
import { MAX_AZS, MIN_AZS, planSubnets, SUBNET_TIERS } from "../../src/network/subnet-plan";
import { overlappingPairs } from "./support";

describe("planSubnets", () => {
  it("lays a /16 over 3 AZs out as private half, database and public quarters", () => {
    // GIVEN prod's default VPC block and AZ count
    // WHEN the subnets are planned
    const plan = planSubnets("10.30.0.0/16", 3);
    // THEN each tier owns its block, one subnet per AZ, private twice the size of the others
    expect(plan.prefixes).toEqual({ private: 19, database: 20, public: 20 });
    expect(plan.cidrs.private).toEqual(["10.30.0.0/19", "10.30.32.0/19", "10.30.64.0/19"]);
    expect(plan.cidrs.database).toEqual(["10.30.128.0/20", "10.30.144.0/20", "10.30.160.0/20"]);
    expect(plan.cidrs.public).toEqual(["10.30.192.0/20", "10.30.208.0/20", "10.30.224.0/20"]);
  });

  it("gives each of 2 AZs a quarter of the private half", () => {
    // GIVEN a /16 over 2 AZs / WHEN planned / THEN private /18s, database and public /19s
    const plan = planSubnets("10.10.0.0/16", 2);
    expect(plan.cidrs.private).toEqual(["10.10.0.0/18", "10.10.64.0/18"]);
    expect(plan.cidrs.database).toEqual(["10.10.128.0/19", "10.10.160.0/19"]);
    expect(plan.cidrs.public).toEqual(["10.10.192.0/19", "10.10.224.0/19"]);
  });

  // Every VPC size the config allows, with every AZ count, wherever AWS's /28 floor allows it.
  const cases: [string, number][] = [];
  for (let prefix = 16; prefix <= 24; prefix++) {
    for (let azs = MIN_AZS; azs <= MAX_AZS; azs++) {
      if (prefix + 2 + Math.ceil(Math.log2(azs)) <= 28) cases.push([`10.0.0.0/${prefix}`, azs]);
    }
  }

  it.each(cases)("%s over %i AZs: private largest, all inside the VPC, none overlapping", (vpcCidr, azCount) => {
    // GIVEN a VPC block and an AZ count
    const vpc = mustParseCidr(vpcCidr);
    // WHEN planned
    const plan = planSubnets(vpcCidr, azCount);
    const all = SUBNET_TIERS.flatMap((tier) => plan.cidrs[tier].map((c) => mustParseCidr(c)));
    // THEN every tier has one subnet per AZ of its prefix, at least a /28
    for (const tier of SUBNET_TIERS) {
      expect(plan.cidrs[tier]).toHaveLength(azCount);
      plan.cidrs[tier].forEach((c) => expect(mustParseCidr(c).prefix).toBe(plan.prefixes[tier]));
      expect(plan.prefixes[tier]).toBeLessThanOrEqual(28);
    }
    // AND private subnets are strictly larger than public and database ones
    expect(plan.prefixes.private).toBeLessThan(plan.prefixes.public);
    expect(plan.prefixes.private).toBeLessThan(plan.prefixes.database);
    // AND every subnet lies in the VPC and overlaps no other
    all.forEach((c) => {
      expect(c.network).toBeGreaterThanOrEqual(vpc.network);
      expect(c.network + cidrSize(c)).toBeLessThanOrEqual(vpc.network + cidrSize(vpc));
    });
    expect(overlappingPairs(SUBNET_TIERS.flatMap((tier) => plan.cidrs[tier]))).toEqual([]);
  });

  it("fits 4 AZs in a /24 and 6 AZs in a /23", () => {
    // GIVEN the smallest VPCs for 4 and 6 AZs / WHEN planned / THEN public and database reach the /28 floor
    expect(planSubnets("10.0.0.0/24", 4).prefixes).toEqual({ private: 27, database: 28, public: 28 });
    expect(planSubnets("10.0.0.0/23", 6).prefixes).toEqual({ private: 27, database: 28, public: 28 });
  });

  it("rejects a VPC too small for the AZs, naming the smallest VPC that fits", () => {
    // GIVEN VPCs below the /28 floor for their AZs / WHEN planned / THEN the error names the VPC that would fit
    expect(() => planSubnets("10.0.0.0/24", 5)).toThrow(
      "vpcCidr 10.0.0.0/24 is too small for 5 AZs: public and database subnets would be /29, but AWS subnets must be /28 or larger; use a /23 or larger VPC, or fewer AZs",
    );
    expect(() => planSubnets("10.0.0.0/25", 3)).toThrow(/too small for 3 AZs: .* use a \/24 or larger VPC/);
  });

  it("rejects a malformed CIDR with the parser's reason", () => {
    // GIVEN host bits set, or no address / WHEN planned / THEN the error names the value and the reason
    expect(() => planSubnets("10.0.0.1/16", 2)).toThrow('vpcCidr must be an IPv4 CIDR block, got "10.0.0.1/16": host bits must be zero');
    expect(() => planSubnets("ten/16", 2)).toThrow(/vpcCidr must be an IPv4 CIDR block, got "ten\/16"/);
  });

  it("rejects a block larger than AWS's /16 VPC limit", () => {
    // GIVEN a /15 / WHEN planned / THEN the error names AWS's limit and the value
    expect(() => planSubnets("10.0.0.0/15", 2)).toThrow('vpcCidr must be /16 or smaller (AWS\'s largest VPC), got "10.0.0.0/15"');
  });

  it.each([1, 7, 2.5])("rejects azCount %p", (azCount) => {
    // GIVEN too few, too many or fractional AZs / WHEN planned / THEN the error names the range and the value
    expect(() => planSubnets("10.0.0.0/16", azCount)).toThrow(`azCount must be an integer 2–6, got ${azCount}`);
  });
});

import { formatCidr, parseCidr, subnetCidr } from "../core/cidr";
import { MAX_AZS, MIN_AZS, subnetFitProblem, SUBNET_SMALLEST_PREFIX, VPC_LARGEST_PREFIX } from "../core/aws-facts";

/** The three subnet tiers of every AZ. */
export type SubnetTier = "public" | "private" | "database";

/** Subnet tiers in the order they are planned and created. */
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "database"];

export { MAX_AZS, MIN_AZS };
/** AWS's largest VPC block. */
export const LARGEST_VPC_PREFIX = VPC_LARGEST_PREFIX;
/** AWS's smallest subnet (16 addresses, 11 usable: AWS reserves 5 per subnet). */
export const SMALLEST_SUBNET_PREFIX = SUBNET_SMALLEST_PREFIX;

/** Concrete subnet CIDRs for one VPC: one subnet per tier per AZ, in AZ order. */
export interface SubnetPlan {
  /** The VPC block the plan carves up. */
  readonly vpcCidr: string;
  /** Number of AZs planned. */
  readonly azCount: number;
  /** Prefix length of every subnet of a tier. */
  readonly prefixes: Readonly<Record<SubnetTier, number>>;
  /** The tier's subnet CIDRs, index = AZ index. */
  readonly cidrs: Readonly<Record<SubnetTier, readonly string[]>>;
}

/**
 * Splits `vpcCidr` into a public, a private and a database subnet for each of
 * `azCount` AZs, in TypeScript so tests and users see concrete, non-overlapping values.
 *
 * Layout (each tier owns one contiguous block, so a tier can be named by one CIDR in
 * NACLs or on-premises routes):
 *
 * | tier     | block of the VPC | why                                         |
 * |----------|------------------|---------------------------------------------|
 * | private  | first half       | workloads: every Fargate task takes an IP   |
 * | database | third quarter    | RDS instances (and their Multi-AZ standby)  |
 * | public   | last quarter     | NAT gateways (and, later, load balancers)   |
 *
 * Each tier block is divided into `2^ceil(log2(azCount))` equal slots (subnet `i` takes
 * slot `i`), so private subnets are always twice the size of the others. Subnets must be
 * /28 or larger (AWS): a /24 VPC holds up to 4 AZs, a /23 up to 6. Anything that cannot
 * fit throws an error that names the smallest VPC that would.
 *
 * Example, `10.30.0.0/16` over 3 AZs: private `10.30.0.0/19`, `10.30.32.0/19`,
 * `10.30.64.0/19`; database `10.30.128.0/20`, `…144.0/20`, `…160.0/20`; public
 * `10.30.192.0/20`, `…208.0/20`, `…224.0/20`.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  const vpc = parseCidr(vpcCidr);
  if (typeof vpc === "string") {
    throw new Error(`vpcCidr must be an IPv4 CIDR block, got "${vpcCidr}": ${vpc}`);
  }
  if (vpc.prefix < LARGEST_VPC_PREFIX) {
    throw new Error(`vpcCidr must be /${LARGEST_VPC_PREFIX} or smaller (AWS's largest VPC), got "${vpcCidr}"`);
  }
  if (!Number.isInteger(azCount) || azCount < MIN_AZS || azCount > MAX_AZS) {
    throw new Error(`azCount must be an integer ${MIN_AZS}–${MAX_AZS}, got ${azCount}`);
  }
  const slotBits = Math.ceil(Math.log2(azCount));
  const prefixes: Record<SubnetTier, number> = {
    private: vpc.prefix + 1 + slotBits,
    database: vpc.prefix + 2 + slotBits,
    public: vpc.prefix + 2 + slotBits,
  };
  const fit = subnetFitProblem(vpc.prefix, azCount);
  if (fit) throw new Error(`vpcCidr ${vpcCidr} ${fit}`);
  const blocks: Record<SubnetTier, ReturnType<typeof subnetCidr>> = {
    private: subnetCidr(vpc, vpc.prefix + 1, 0),
    database: subnetCidr(vpc, vpc.prefix + 2, 2),
    public: subnetCidr(vpc, vpc.prefix + 2, 3),
  };
  const carve = (tier: SubnetTier): string[] => Array.from({ length: azCount }, (_, i) => formatCidr(subnetCidr(blocks[tier], prefixes[tier], i)));
  return {
    vpcCidr,
    azCount,
    prefixes,
    cidrs: { public: carve("public"), private: carve("private"), database: carve("database") },
  };
}

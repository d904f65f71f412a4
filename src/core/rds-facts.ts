import { CMR_VCPU, GIB_PER_VCPU } from "./ec2-facts";
/**
 * RDS instance-class facts the database alarms need: a class's memory, and the
 * `max_connections` RDS for PostgreSQL derives from it by default. The config schema
 * (`alerts` rules) and the `DatabaseAlarms` construct both use these, so a class the
 * platform does not know is a config error, never a guess.
 *
 * Memory per class follows the RDS instance class tables (the same as the EC2 type of
 * the same name): https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
 * Only the burstable (t3, t4g), general-purpose (m) and memory-optimized (r) families
 * RDS for PostgreSQL offers are listed; anything else is unknown.
 */

/** Bytes in a GiB. */
export const GIB = 1024 ** 3;

/** The burstable classes' memory by size, GiB (db.t3 and db.t4g alike). */
const T_SIZES_GIB: Readonly<Record<string, number>> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 };
const T_FAMILIES = ["t3", "t4g"];

/** The m and r families RDS for PostgreSQL offers (generation + attributes). */
const M_FAMILIES = ["m5", "m5d", "m6g", "m6gd", "m6i", "m6id", "m7g", "m7i", "m8g"];
const R_FAMILIES = ["r5", "r5b", "r5d", "r6g", "r6gd", "r6i", "r6id", "r7g", "r7i", "r8g"];
/** vCPUs per size of the m and r families: EC2's sizes from large up, and the two RDS adds. */
const MR_VCPU: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Object.entries(CMR_VCPU).filter(([size]) => size !== "medium")),
  "32xlarge": 128,
  "48xlarge": 192,
};

/** The memory of an RDS instance class in GiB (`db.m7g.large` → 8), or undefined when the platform does not know the class. */
export function rdsClassMemoryGiB(instanceClass: string): number | undefined {
  const m = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, family, size] = m;
  if (T_FAMILIES.includes(family)) return T_SIZES_GIB[size];
  const cls = M_FAMILIES.includes(family) ? "m" : R_FAMILIES.includes(family) ? "r" : undefined;
  const vcpu = MR_VCPU[size];
  return cls && vcpu ? vcpu * GIB_PER_VCPU[cls] : undefined;
}

/**
 * RDS for PostgreSQL's default `max_connections`: `LEAST({DBInstanceClassMemory/9531392}, 5000)`.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
 */
export const POSTGRES_MAX_CONNECTIONS_CAP = 5000;
/** The divisor of that formula, bytes per connection. */
export const POSTGRES_BYTES_PER_CONNECTION = 9531392;
/** The highest `max_connections` PostgreSQL accepts. https://www.postgresql.org/docs/current/runtime-config-connection.html */
export const POSTGRES_MAX_CONNECTIONS_LIMIT = 262143;

/**
 * The default `max_connections` of a class with `memoryGiB` of memory. RDS computes it
 * from `DBInstanceClassMemory`, the memory left after the OS and RDS's own processes,
 * which is somewhat below the nominal memory used here: the result is an upper bound
 * (db.t4g.micro: 112 from 1 GiB; the instance reports a little less). The connections
 * alarm's percentage leaves the headroom; `alerts.thresholds.dbMaxConnections` sets the
 * real figure (`SHOW max_connections;`) where it matters.
 */
export function postgresDefaultMaxConnections(memoryGiB: number): number {
  return Math.min(Math.floor((memoryGiB * GIB) / POSTGRES_BYTES_PER_CONNECTION), POSTGRES_MAX_CONNECTIONS_CAP);
}

/**
 * EC2 instance-type facts for ECS container instances: what a type name says about its
 * architecture, vCPUs and memory, and whether a task fits it. The config schema and the
 * `Ec2Capacity` construct both use these (see `aws-facts.ts` for why facts live in one
 * place). Only the general-purpose, compute- and memory-optimized families the platform
 * supports are known; anything else is a problem, not a guess.
 *
 * Sizes and memory follow the EC2 instance type specifications:
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html (m, t),
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html (c),
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html (r).
 */

/** What an instance type is: `m7g.large` → family `m`, generation 7, arm64, 2 vCPU, 8192 MiB. */
export interface InstanceTypeFacts {
  /** The family class letter(s): `c`, `m`, `r` or `t`. */
  readonly family: string;
  /** The generation digit: 7 for `m7g`. */
  readonly generation: number;
  /** `arm64` for Graviton (a `g` right after the generation digit), else `x86_64`. */
  readonly architecture: "x86_64" | "arm64";
  readonly vcpu: number;
  /** Nominal memory, as EC2 advertises it. */
  readonly memoryMiB: number;
}

/** `<family><generation><attributes>.<size>`, e.g. `m7gd.2xlarge`. */
const TYPE_RE = /^([a-z]+)(\d)([a-z]*)\.([a-z0-9]+)$/;

/** The c/m/r generations the platform knows. */
const CMR_GENERATIONS = [5, 6, 7, 8];
/** Attributes accepted on c/m/r: AMD (a), local NVMe (d), Graviton (g, gd), Intel (i), network-optimized (n). */
const CMR_ATTRIBUTES = ["", "a", "d", "g", "gd", "i", "n"];
/** GiB of memory per vCPU by family class (c, m, r: the same in EC2 and RDS). */
export const GIB_PER_VCPU: Readonly<Record<string, number>> = { c: 2, m: 4, r: 8 };
/** vCPUs per size of c/m/r (`medium` exists only for some, e.g. the Graviton families). */
export const CMR_VCPU: Readonly<Record<string, number>> = {
  medium: 1,
  large: 2,
  xlarge: 4,
  "2xlarge": 8,
  "4xlarge": 16,
  "8xlarge": 32,
  "12xlarge": 48,
  "16xlarge": 64,
  "24xlarge": 96,
};
/** The burstable families and their sizes (vCPU, GiB); `nano` (0.5 GiB) is too small for an ECS instance. */
const T_FAMILIES = ["t3", "t3a", "t4g"];
const T_SIZES: Readonly<Record<string, { vcpu: number; gib: number }>> = {
  micro: { vcpu: 2, gib: 1 },
  small: { vcpu: 2, gib: 2 },
  medium: { vcpu: 2, gib: 4 },
  large: { vcpu: 2, gib: 8 },
  xlarge: { vcpu: 4, gib: 16 },
  "2xlarge": { vcpu: 8, gib: 32 },
};

/**
 * The share of nominal memory counted as usable by tasks. The ECS agent registers the
 * memory the OS reports (less than EC2's nominal amount: platform overhead and the
 * kernel take some — an m4.large's 8 GiB registers as about 7985 MiB), minus
 * `ECS_RESERVED_MEMORY` (default 0), and the agent and system processes still need room.
 * 90 % is a conservative floor for the instance sizes known here.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html
 */
export const EC2_USABLE_MEMORY_SHARE = 0.9;

/** CPU units per vCPU, as ECS counts them. */
export const CPU_UNITS_PER_VCPU = 1024;

function parse(type: string): { family: string; generation: number; attributes: string; size: string } | undefined {
  const m = TYPE_RE.exec(type);
  return m ? { family: m[1], generation: Number(m[2]), attributes: m[3], size: m[4] } : undefined;
}

/** Facts of a known instance type, or undefined (see {@link instanceTypeProblem} for why). */
export function instanceTypeFacts(type: string): InstanceTypeFacts | undefined {
  const p = parse(type);
  if (!p || instanceTypeProblem(type) !== undefined) return undefined;
  const architecture = p.attributes.startsWith("g") ? "arm64" : "x86_64";
  if (p.family === "t") {
    const size = T_SIZES[p.size];
    return { family: "t", generation: p.generation, architecture, vcpu: size.vcpu, memoryMiB: size.gib * 1024 };
  }
  const vcpu = CMR_VCPU[p.size];
  return { family: p.family, generation: p.generation, architecture, vcpu, memoryMiB: vcpu * GIB_PER_VCPU[p.family] * 1024 };
}

/** What is wrong with an instance type name, or undefined when it is one the platform knows. */
export function instanceTypeProblem(type: string): string | undefined {
  const p = parse(type);
  if (!p) return "must look like <family><generation><attributes>.<size>, e.g. m7g.large";
  const name = `${p.family}${p.generation}${p.attributes}`;
  if (p.family === "t") {
    if (!T_FAMILIES.includes(name)) return `is not a known family: burstable types must be one of ${T_FAMILIES.join(", ")}`;
    if (!(p.size in T_SIZES)) return `has an unknown size for ${name}: use one of ${Object.keys(T_SIZES).join(", ")}`;
    return undefined;
  }
  const known = `c, m or r of generation ${CMR_GENERATIONS[0]}–${CMR_GENERATIONS[CMR_GENERATIONS.length - 1]} with no attribute or ${CMR_ATTRIBUTES.filter(Boolean).join(", ")} (or t3, t3a, t4g)`;
  if (!(p.family in GIB_PER_VCPU) || !CMR_GENERATIONS.includes(p.generation) || !CMR_ATTRIBUTES.includes(p.attributes)) {
    return `is not a known family: use ${known}`;
  }
  // Graviton (g) and current Intel (i) families start with the 6th generation.
  if ((p.attributes.startsWith("g") || p.attributes === "i") && p.generation < 6)
    return `is not a known family: ${name} does not exist (${p.attributes} starts at generation 6)`;
  if (!(p.size in CMR_VCPU)) return `has an unknown size for ${name}: use one of ${Object.keys(CMR_VCPU).join(", ")}`;
  // Combinations EC2 does not have (the table above is generative): the plain families
  // stop at the 5th generation (m6, c7 are m6i, c7i, …), d and n only come with the 5th
  // (m5d, c5n), medium is Graviton's only, and Graviton 2 and 3 stop at 16xlarge. c5 has
  // 9xlarge and 18xlarge instead of 8xlarge and 16xlarge.
  // https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
  const missing =
    (p.attributes === "" && p.generation !== 5) ||
    ((p.attributes === "d" || p.attributes === "n") && p.generation !== 5) ||
    (p.size === "medium" && !p.attributes.startsWith("g")) ||
    (p.attributes.startsWith("g") && p.generation < 8 && ["24xlarge", "32xlarge", "48xlarge"].includes(p.size)) ||
    (name === "c5" && ["8xlarge", "16xlarge"].includes(p.size));
  if (missing) return `does not exist: EC2 has no ${type} (see https://docs.aws.amazon.com/ec2/latest/instancetypes/ for the sizes of ${name})`;
  return undefined;
}

/**
 * The architecture of a set of instance types: `x86_64`, `arm64`, or `mixed` when both
 * occur (one launch template has one AMI, so mixed is an error for the caller). Types that
 * do not parse are ignored; an empty list is `x86_64`.
 */
export function architectureOf(types: readonly string[]): "x86_64" | "arm64" | "mixed" {
  const archs = new Set(
    types.flatMap((t) => {
      const p = parse(t);
      return p ? [p.attributes.startsWith("g") ? "arm64" : "x86_64"] : [];
    }),
  );
  if (archs.size > 1) return "mixed";
  return archs.has("arm64") ? "arm64" : "x86_64";
}

/** What tasks may use of an instance: all of its CPU, {@link EC2_USABLE_MEMORY_SHARE} of its memory. */
export function usableResources(facts: InstanceTypeFacts): { cpuUnits: number; memoryMiB: number } {
  return { cpuUnits: facts.vcpu * CPU_UNITS_PER_VCPU, memoryMiB: Math.floor(facts.memoryMiB * EC2_USABLE_MEMORY_SHARE) };
}

/** The smallest of `types` (least memory, then fewest vCPUs; the first on a tie), or undefined when a type is unknown or none is given. */
export function smallestInstanceType(types: readonly string[]): ({ type: string } & InstanceTypeFacts) | undefined {
  const all = types.map((type) => ({ type, facts: instanceTypeFacts(type) }));
  if (all.length === 0 || all.some((t) => t.facts === undefined)) return undefined;
  const sorted = [...all].sort((a, b) => a.facts!.memoryMiB - b.facts!.memoryMiB || a.facts!.vcpu - b.facts!.vcpu);
  return { type: sorted[0].type, ...sorted[0].facts! };
}

/**
 * Whether a task of `cpu` units and `memory` MiB fits every one of `types` (the Auto
 * Scaling group may launch any of them, so the smallest decides), counting only the
 * usable share of memory (see {@link EC2_USABLE_MEMORY_SHARE}); a message when not.
 */
export function ec2TaskFitProblem(cpu: number, memory: number, types: readonly string[]): string | undefined {
  if (types.length === 0) return "has no instance types to fit";
  for (const type of types) {
    const problem = instanceTypeProblem(type);
    if (problem) return `instance type "${type}" ${problem}`;
  }
  const smallest = smallestInstanceType(types)!;
  const tooBig = types
    .map((type) => ({ type, facts: instanceTypeFacts(type)! }))
    .find(({ facts }) => cpu > usableResources(facts).cpuUnits || memory > usableResources(facts).memoryMiB);
  if (!tooBig) return undefined;
  const usable = usableResources(tooBig.facts);
  return (
    `a task of ${cpu} CPU units and ${memory} MiB does not fit ${tooBig.type} (${tooBig.facts.vcpu} vCPU = ${usable.cpuUnits} units, ` +
    `${tooBig.facts.memoryMiB} MiB of which about ${usable.memoryMiB} MiB are left for tasks); the smallest type is ${smallest.type}: ` +
    `make the task smaller or choose larger instance types`
  );
}

/** Capacity provider names must not start with these (ECS reserves them).
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html */
export const RESERVED_CAPACITY_PROVIDER_PREFIXES = ["aws", "ecs", "fargate"] as const;

/** The problem with a capacity provider name (`<project>-<env>-ec2`), or undefined. */
export function capacityProviderNameProblem(name: string): string | undefined {
  const reserved = RESERVED_CAPACITY_PROVIDER_PREFIXES.find((p) => name.toLowerCase().startsWith(p));
  return reserved ? `must not start with "${reserved}" (reserved by ECS)` : undefined;
}

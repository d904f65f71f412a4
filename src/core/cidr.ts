/**
 * IPv4 CIDR arithmetic, done in TypeScript rather than with Terraform's `cidrsubnet`
 * so that tests (and config validation) see concrete values.
 */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0–32. */
  readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns an error string when it is not a canonical IPv4 CIDR. */
export function parseCidr(text: string): Cidr | string {
  const m = CIDR_RE.exec(text);
  if (!m) return "must be an IPv4 CIDR block like 10.0.0.0/16";
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return "each octet must be 0–255";
  const prefix = Number(m[5]);
  if (prefix > 32) return "prefix must be 0–32";
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((address & mask) >>> 0 !== address) {
    return `host bits must be zero (did you mean ${formatCidr({ network: (address & mask) >>> 0, prefix })}?)`;
  }
  return { network: address, prefix };
}

/** Parses a CIDR the caller already validated; throws otherwise. */
export function mustParseCidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") throw new Error(`invalid CIDR ${JSON.stringify(text)}: ${parsed}`);
  return parsed;
}

/** `a.b.c.d/n` form of a block. */
export function formatCidr(cidr: Cidr): string {
  const n = cidr.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${cidr.prefix}`;
}

/** Number of addresses in the block. */
export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const aEnd = a.network + cidrSize(a) - 1;
  const bEnd = b.network + cidrSize(b) - 1;
  return a.network <= bEnd && b.network <= aEnd;
}

/**
 * The `index`-th sub-block of `newPrefix` inside `parent` — what Terraform's
 * `cidrsubnet(parent, newPrefix - parent.prefix, index)` computes.
 */
export function subnetCidr(parent: Cidr, newPrefix: number, index: number): Cidr {
  if (newPrefix < parent.prefix || newPrefix > 32) {
    throw new Error(`cannot carve a /${newPrefix} out of ${formatCidr(parent)}`);
  }
  const count = 2 ** (newPrefix - parent.prefix);
  if (index < 0 || index >= count) {
    throw new Error(`${formatCidr(parent)} holds ${count} /${newPrefix} blocks; index ${index} is out of range`);
  }
  return { network: parent.network + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

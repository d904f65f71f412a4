/** Prints estimates: a table per environment, or JSON for machines. */
import { ASSUMPTIONS, CostLine, fmt, isBootstrapStack, StackEstimate } from "./estimate";
import { HOURS_PER_MONTH, Price } from "./price-table";

/** What `--json` prints. */
export interface CostReport {
  readonly currency: "USD";
  readonly hoursPerMonth: number;
  readonly assumptions: readonly string[];
  readonly environments: readonly JsonEnvironment[];
  /** Sum of the priced environments' totals (bootstrap stacks included). */
  readonly total: number;
  /** True when every line of every priced environment has a figure and no environment failed. */
  readonly complete: boolean;
}

interface JsonPrice {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
  readonly date: string;
}

interface JsonEnvironment {
  readonly name: string;
  readonly region: string | null;
  /** Why the environment has no figure (no price table for its region); null when priced. */
  readonly error: string | null;
  /** A bootstrap stack that could not be priced: listed, not failed. */
  readonly skipped: boolean;
  readonly total: number;
  readonly complete: boolean;
  readonly lines: readonly {
    readonly item: string;
    readonly basis: string;
    readonly quantity: number;
    readonly unit: string;
    readonly priceKey: string;
    readonly price: JsonPrice | null;
    readonly monthly: number | null;
    readonly unpriced: string | null;
    readonly addresses: readonly string[];
  }[];
  readonly perUnit: readonly { readonly item: string; readonly priceKey: string; readonly price: JsonPrice | null; readonly unpriced: string | null }[];
  readonly services: readonly {
    readonly address: string;
    readonly desiredCount: number;
    readonly vcpu: number | null;
    readonly memoryGb: number | null;
    readonly architecture: string;
    readonly tasks: { readonly fargate: number; readonly fargateSpot: number; readonly ec2: number };
    readonly monthly: number | null;
  }[];
  readonly unpriced: readonly string[];
  readonly notes: readonly string[];
}

/** Money in the JSON: to a millionth of a dollar, so sums do not carry float noise. */
function money(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function jsonPrice(p: Price | undefined): JsonPrice | null {
  return p ? { usd: p.usd, per: p.per, source: p.source, date: p.date } : null;
}

/** Whether a stack failed (not a skipped bootstrap stack). */
export function failed(e: StackEstimate): boolean {
  return e.error !== undefined && !isBootstrapStack(e.stack);
}

/** The report behind `--json`. */
export function costReport(estimates: readonly StackEstimate[]): CostReport {
  const environments = estimates.map((e): JsonEnvironment => ({
    name: e.stack,
    region: e.region ?? null,
    error: e.error ?? null,
    skipped: e.error !== undefined && isBootstrapStack(e.stack),
    total: money(e.total),
    complete: e.error === undefined && e.unpriced.length === 0,
    lines: e.lines.map((l) => ({
      item: l.item,
      basis: l.basis,
      quantity: money(l.quantity),
      unit: l.unit,
      priceKey: l.priceKey,
      price: jsonPrice(l.price),
      monthly: l.monthly === undefined ? null : money(l.monthly),
      unpriced: l.unpriced ?? null,
      addresses: l.addresses,
    })),
    perUnit: e.perUnit.map((u) => ({ item: u.item, priceKey: u.priceKey, price: jsonPrice(u.price), unpriced: u.unpriced ?? null })),
    services: e.services.map((s) => ({
      address: s.address,
      desiredCount: s.desiredCount,
      vcpu: s.vcpu ?? null,
      memoryGb: s.memoryGb ?? null,
      architecture: s.architecture,
      tasks: { fargate: money(s.tasks.fargate), fargateSpot: money(s.tasks.fargateSpot), ec2: money(s.tasks.ec2) },
      monthly: s.monthly === undefined ? null : money(s.monthly),
    })),
    unpriced: e.unpriced,
    notes: e.notes,
  }));
  return {
    currency: "USD",
    hoursPerMonth: HOURS_PER_MONTH,
    assumptions: ASSUMPTIONS,
    environments,
    total: money(estimates.reduce((sum, e) => sum + e.total, 0)),
    complete: environments.every((e) => e.complete || e.skipped),
  };
}

/** `$1,234.56` */
export function dollars(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A unit price as the source gives it: `$0.045/NAT gateway-hour`. */
function unitPrice(p: Price): string {
  return `$${p.usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 10 })}/${p.per}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function padStart(s: string, n: number): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

function tableRows(lines: readonly CostLine[]): string[] {
  const rows = lines.map((l) => [l.item, l.basis, l.price ? unitPrice(l.price) : "no price", l.monthly === undefined ? "unpriced" : dollars(l.monthly)]);
  const head = ["item", "quantity", "unit price", "monthly"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmtRow = (r: string[]) => `  ${pad(r[0], widths[0])}  ${pad(r[1], widths[1])}  ${pad(r[2], widths[2])}  ${padStart(r[3], widths[3])}`.trimEnd();
  return [fmtRow(head), ...rows.map(fmtRow)];
}

/** The tables for a terminal. */
export function costText(estimates: readonly StackEstimate[]): string {
  const out: string[] = [];
  out.push(`Monthly estimate from on-demand list prices (USD, ${HOURS_PER_MONTH} hours a month). An estimate, not a quote: see the assumptions below.`);
  for (const e of estimates) {
    out.push("");
    if (e.error !== undefined) {
      out.push(isBootstrapStack(e.stack) ? `${e.stack}: skipped, ${e.error}` : `${e.stack}: ${e.error}`);
      continue;
    }
    out.push(`${e.stack} (${e.region})`);
    if (e.lines.length > 0) out.push(...tableRows(e.lines));
    const incomplete = e.unpriced.length > 0 ? ` — ${fmt(e.unpriced.length)} line${e.unpriced.length === 1 ? "" : "s"} unpriced, not in it` : "";
    out.push(`  total ${dollars(e.total)}/month${incomplete}`);
    for (const u of e.unpriced) out.push(`    unpriced: ${u}`);
    if (e.perUnit.length > 0) {
      out.push("  per unit (depends on traffic; not in the total):");
      const width = Math.max(...e.perUnit.map((u) => u.item.length));
      for (const u of e.perUnit) out.push(`    ${pad(u.item, width)}  ${u.price ? unitPrice(u.price) : u.unpriced}`);
    }
    for (const n of e.notes) out.push(`  note: ${n}`);
  }
  const priced = estimates.filter((e) => e.error === undefined);
  const anyUnpriced = priced.some((e) => e.unpriced.length > 0);
  out.push("");
  const overall = dollars(priced.reduce((s, e) => s + e.total, 0));
  out.push(
    priced.length > 0
      ? `overall ${overall}/month for ${priced.map((e) => e.stack).join(", ")}${anyUnpriced ? " (priced lines only)" : ""}`
      : "overall: no stack priced",
  );
  out.push("assumptions:");
  for (const a of ASSUMPTIONS) out.push(`  - ${a}`);
  const sources = new Map<string, string>();
  for (const e of priced) for (const l of [...e.lines, ...e.perUnit]) if (l.price) sources.set(l.price.source, l.price.date);
  if (sources.size > 0) {
    out.push("prices from (date shown on the page, else the day it was read):");
    for (const [source, date] of [...sources].sort()) out.push(`  ${date}  ${source}`);
  }
  return out.join("\n");
}

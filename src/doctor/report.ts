/**
 * The doctor's checklist: one line per check (✔ passed, ✘ failed with the guide's
 * remediation next to it, – skipped with why), grouped by the guide's troubleshooting
 * steps, and a count at the end.
 */
import { AwsCallError } from "./aws";

/** The sections, in the order they print: what was found, then the guide's three troubleshooting steps. */
export const SECTIONS = ["Environment", "Images", "Service to service", "API Gateway"] as const;
/** One of {@link SECTIONS}. */
export type Section = (typeof SECTIONS)[number];

/** What a check found. */
export type Outcome = "pass" | "fail" | "skip";

/** One line of the checklist. */
export interface CheckResult {
  readonly section: Section;
  /** What was checked, e.g. `orders: ECR pull grant of platform-dev-orders-exec`. */
  readonly name: string;
  readonly outcome: Outcome;
  /** What was found (pass, fail) or why the check did not run (skip). */
  readonly detail: string;
  /** The guide's remediation, with what to do here; failures only. */
  readonly remedy?: string;
}

/** The marks a checklist line starts with. */
export const MARKS: Readonly<Record<Outcome, string>> = { pass: "✔", fail: "✘", skip: "–" };

/** A place in the deployment guide and what it says there. */
export interface GuideStep {
  /** The guide's section, e.g. `Troubleshooting 1 (image pull failures)`. */
  readonly where: string;
  /** The guide's words. */
  readonly says: string;
}

/**
 * The deployment guide's remediations (its Troubleshooting Methodology, and its API
 * Gateway and Task IAM Roles sections), quoted so a reader finds them in the guide.
 */
export const GUIDE = {
  ecrPermissions: { where: "Troubleshooting 1 (image pull failures)", says: "Validate ECR IAM permissions for task execution role" },
  egress: { where: "Troubleshooting 1 (image pull failures)", says: "Verify VPC endpoint or NAT gateway configuration" },
  executionRole: {
    where: "Task IAM Roles",
    says: "The execution role authorizes ECS container agent operations (image pulling, log delivery)",
  },
  securityGroups: { where: "Troubleshooting 2 (inter-service communication)", says: "Examine security group ingress/egress rules" },
  discovery: { where: "Troubleshooting 2 (inter-service communication)", says: "Verify service discovery registration and DNS resolution" },
  vpcLink: { where: "Troubleshooting 3 (API Gateway connectivity failures)", says: "Validate VPC link configuration and status" },
  cloudMapInstances: { where: "Troubleshooting 3 (API Gateway connectivity failures)", says: "Verify Cloud Map service instance registration" },
  certificate: {
    where: "API Gateway, Configure custom domain with ACM certificate",
    says: "ACM certificates must be provisioned in the same region as the API Gateway deployment",
  },
  mapping: { where: "API Gateway, Configure custom domain with ACM certificate", says: "Define API mappings to the configured HTTP API" },
  sslMode: {
    where: "API Gateway, Configure custom domain with ACM certificate",
    says: 'For Cloudflare-managed domains with proxying enabled, ensure SSL/TLS encryption mode is at minimum "Full (strict)"',
  },
  record: {
    where: "API Gateway, Configure custom domain with ACM certificate",
    says: "Cloudflare-managed domains with proxying enabled (orange cloud) front the custom domain",
  },
} as const satisfies Record<string, GuideStep>;

/**
 * A remediation: the guide's words, by section (`guide, <where>: <says>; <says>`), then
 * what to do in this platform.
 */
export function remedy(steps: readonly GuideStep[], action: string): string {
  const bySection = new Map<string, string[]>();
  for (const step of steps) bySection.set(step.where, [...(bySection.get(step.where) ?? []), step.says]);
  const quoted = [...bySection.entries()].map(([where, says]) => `guide, ${where}: ${says.join("; ")}`).join(" | ");
  return `${quoted} — ${action}`;
}

export const pass = (section: Section, name: string, detail: string): CheckResult => ({ section, name, outcome: "pass", detail });
export const fail = (section: Section, name: string, detail: string, remedy: string): CheckResult => ({ section, name, outcome: "fail", detail, remedy });
export const skip = (section: Section, name: string, why: string): CheckResult => ({ section, name, outcome: "skip", detail: why });

/** Counts per outcome. */
export function countOutcomes(results: readonly CheckResult[]): Readonly<Record<Outcome, number>> {
  const counts: Record<Outcome, number> = { pass: 0, fail: 0, skip: 0 };
  for (const r of results) counts[r.outcome]++;
  return counts;
}

/**
 * Runs one check; an AWS call it could not make fails the check with the call and AWS's
 * error (an AccessDenied shows which read permission the credentials lack).
 */
export async function guard(section: Section, name: string, run: () => Promise<CheckResult | CheckResult[]>): Promise<CheckResult[]> {
  try {
    const result = await run();
    return Array.isArray(result) ? result : [result];
  } catch (err) {
    if (!(err instanceof AwsCallError)) throw err;
    return [
      fail(
        section,
        name,
        `could not check: ${err.message}`,
        "the doctor reads with Describe*, List* and Get* calls: give the credentials read access (the deploy role has it; AWS's ReadOnlyAccess policy covers every call)",
      ),
    ];
  }
}

/** One checklist line: `  ✔ name: detail`, `  ✘ name: detail → remedy`, `  – name: skipped: why`. */
export function formatLine(r: CheckResult): string {
  switch (r.outcome) {
    case "pass":
      return `  ${MARKS.pass} ${r.name}: ${r.detail}`;
    case "fail":
      return `  ${MARKS.fail} ${r.name}: ${r.detail}${r.remedy ? ` → ${r.remedy}` : ""}`;
    case "skip":
      return `  ${MARKS.skip} ${r.name}: skipped: ${r.detail}`;
  }
}

/** The checklist: each section's heading and lines (sections without checks are left out), then the counts. */
export function formatReport(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const section of SECTIONS) {
    const own = results.filter((r) => r.section === section);
    if (own.length === 0) continue;
    lines.push(section, ...own.map(formatLine));
  }
  const counts = countOutcomes(results);
  lines.push("", `${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped`);
  return `${lines.join("\n")}\n`;
}

/**
 * How a `checks.suppress[]` entry names findings: `rule` is any id a finding shows (the
 * rule id or one of its refs), `address` any of the address forms a person can write.
 */
import { globMatch } from "./tf";
import { Rule, Suppression } from "./types";

/** What a suppression's address is matched against: where a finding is. */
export interface FindingLocation {
  readonly stack: string;
  /** Terraform address, e.g. `aws_ecs_task_definition.orders_task_C02AF858`. */
  readonly address: string;
  /** Construct path from the resource's `//` metadata, e.g. `prod/orders/task` (stack first). */
  readonly path?: string;
}

/**
 * The rules a suppression's `rule` names, or why it names none.
 *
 * - A rule id (`ecs-readonly-root-filesystem`) names that rule.
 * - A scanner control id from a finding's refs (`ECS.5`, `CKV_AWS_336`, `AWS-0005`) names
 *   every rule that implements the control. A control split into several rules (e.g.
 *   `CKV_AWS_133`: backups ≥ 1 day everywhere, ≥ 7 in prod) is one control to the person
 *   who writes its id — the way `checkov:skip=CKV_AWS_133` skips the whole check — so
 *   it suppresses all of them.
 * - A guide section (`guide:Troubleshooting 2`) is a chapter, not a control: it may name a
 *   rule only when exactly one rule cites it. When several do, suppressing all of them is
 *   not what anyone plainly means, so the suppression is rejected with the rule ids to pick.
 *
 * Ids compare case-insensitively (`ecs.5` = `ECS.5`).
 */
export function rulesNamedBy(id: string, rules: readonly Rule[]): { rules: Rule[] } | { problem: string } {
  const want = id.trim().toLowerCase();
  const byId = rules.filter((r) => r.id.toLowerCase() === want);
  if (byId.length > 0) return { rules: byId };
  const byRef = rules.filter((r) => r.refs.some((ref) => ref.toLowerCase() === want));
  if (byRef.length === 0) {
    return { problem: `names no rule id or control id of a finding (\`npm run check -- --json\` lists each rule's id and refs)` };
  }
  if (byRef.length > 1 && want.startsWith("guide:")) {
    return { problem: `is a guide section cited by ${byRef.length} rules (${byRef.map((r) => r.id).join(", ")}): name the one rule to suppress` };
  }
  return { rules: byRef };
}

/**
 * Whether a suppression's `address` names a finding's location. Forms:
 *
 * - `aws_db_instance.database_instance_D7FC2283` — a Terraform address, in every stack;
 * - `prod/aws_db_instance.database_instance_D7FC2283` — the same, in one stack;
 * - `prod/database/instance` — a construct path, as in the synthesized `//` metadata
 *   (and printed with each finding);
 * - `dev/orders` — every resource of stack `dev` whose construct path has a segment
 *   `orders`: a service's resources wherever the construct tree puts them
 *   (`dev/orders/…`, `dev/services/orders/…`). Path segments match as a contiguous run
 *   anywhere in the path, so `dev/orders/task` also finds `dev/services/orders/task`;
 * - globs in any part: `*` and `?` within a name or segment (`dev/*`,
 *   `aws_ecs_task_definition.*`, `prod/aws_s3_bucket.*`); a stack segment `*` means
 *   every stack (so `*`, a slash and `orders` names the orders service everywhere).
 *
 * A form without `/` is a Terraform address; with `/`, the first segment is the stack.
 * Globs are case-sensitive, like Terraform addresses and construct ids.
 */
export function addressMatches(pattern: string, at: FindingLocation): boolean {
  const p = pattern.trim();
  const slash = p.indexOf("/");
  if (slash < 0) return globMatch(p, at.address);
  const stack = p.slice(0, slash);
  const rest = p.slice(slash + 1);
  if (!globMatch(stack, at.stack)) return false;
  if (globMatch(rest, at.address)) return true;
  if (!at.path) return false;
  const segments = at.path.split("/");
  if (segments[0] === at.stack) segments.shift();
  const wanted = rest.split("/");
  for (let i = 0; i + wanted.length <= segments.length; i++) {
    if (wanted.every((w, j) => globMatch(w, segments[i + j]))) return true;
  }
  return false;
}

/** A suppression that can never match, and why. */
export interface InvalidSuppression {
  readonly suppression: Suppression;
  readonly problem: string;
}

/** Suppressions resolved against the rules that run. */
export class SuppressionSet {
  private readonly resolved: { suppression: Suppression; ruleIds: Set<string> }[] = [];
  /** Suppressions whose `rule` names nothing (unknown id, ambiguous guide section). */
  public readonly invalid: readonly InvalidSuppression[];

  constructor(suppressions: readonly Suppression[], rules: readonly Rule[]) {
    const invalid: InvalidSuppression[] = [];
    for (const s of suppressions) {
      const named = rulesNamedBy(s.rule, rules);
      if ("problem" in named) invalid.push({ suppression: s, problem: named.problem });
      else this.resolved.push({ suppression: s, ruleIds: new Set(named.rules.map((r) => r.id)) });
    }
    this.invalid = invalid;
  }

  /** Every suppression that covers a finding of `ruleId` at `at`, in config order. */
  matching(ruleId: string, at: FindingLocation): Suppression[] {
    return this.resolved.filter((r) => r.ruleIds.has(ruleId) && addressMatches(r.suppression.address, at)).map((r) => r.suppression);
  }
}

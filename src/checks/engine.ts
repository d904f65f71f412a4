import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import type { ProfileName } from "../config/fields";
import { ALL_RULES } from "./rules";
import { InvalidSuppression, SuppressionSet } from "./suppress";
import { TfApp, TfJson, TfStack } from "./tf";
import { Finding, Rule, Suppression, Violation } from "./types";

/** What to check with. */
export interface CheckOptions {
  /** @default ALL_RULES */
  readonly rules?: readonly Rule[];
  /** `checks.suppress[]` of the config. @default none */
  readonly suppressions?: readonly Suppression[];
  /**
   * Each environment stack's profile (`environments.<env>.profile`), whose rules it gets.
   * @default a stack named dev or staging gets that profile's, every other stack prod's
   */
  readonly profiles?: Readonly<Record<string, ProfileName>>;
}

/** The outcome of a check run. */
export interface CheckResult {
  readonly rules: readonly Rule[];
  /** Every finding, suppressed ones included (marked), sorted by stack, rule order, address. */
  readonly findings: readonly Finding[];
  /** Suppressions that matched nothing (stale: the resource or the problem is gone). Invalid ones are not repeated here. */
  readonly unusedSuppressions: readonly Suppression[];
  /** Suppressions whose `rule` names no rule (unknown id, or a guide section several rules cite): they fail the run. */
  readonly invalidSuppressions: readonly InvalidSuppression[];
  /** True when an unsuppressed error finding or an invalid suppression exists: `npm run check` exits 1. */
  readonly failed: boolean;
}

/** Runs the rules over stacks (name → synthesized JSON) and applies suppressions. */
export function checkStacks(stacks: Readonly<Record<string, TfJson>>, options: CheckOptions = {}): CheckResult {
  const rules = options.rules ?? ALL_RULES;
  const suppressions = options.suppressions ?? [];
  const all = Object.entries(stacks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, json]) => new TfStack(name, json, options.profiles));
  const raw: Finding[] = [];
  for (const rule of rules) {
    const applicable = all.filter((s) => rule.environments.includes(s.environment));
    const found: { stack: string; violation: Violation }[] = [];
    try {
      if (rule.scope === "stack") {
        for (const stack of applicable) for (const v of rule.check(stack)) found.push({ stack: stack.name, violation: v });
      } else if (applicable.length > 0) {
        for (const v of rule.check(new TfApp(applicable))) found.push({ stack: v.stack, violation: v });
      }
    } catch (err) {
      // A rule that crashes on unexpected JSON must not pass silently.
      found.push({ stack: "(all)", violation: { address: "(rule)", message: `the rule failed to run: ${(err as Error).message}` } });
    }
    for (const { stack, violation } of found) {
      raw.push({ rule: rule.id, refs: rule.refs, stack, address: violation.address, severity: rule.severity, message: violation.message });
    }
  }
  const suppressionSet = new SuppressionSet(suppressions, rules);
  const byName = new Map(all.map((s) => [s.name, s]));
  const used = new Set<Suppression>();
  const findings = raw.map((f): Finding => {
    const path = constructPath(byName.get(f.stack), f.address);
    const located: Finding = path ? { ...f, path } : f;
    // Every matching entry counts as used (a broad and a narrow entry may overlap); the first one's reason shows.
    const matching = suppressionSet.matching(f.rule, located);
    if (matching.length === 0) return located;
    matching.forEach((s) => used.add(s));
    return { ...located, suppressed: true, reason: matching[0].reason };
  });
  const order = new Map(rules.map((r, i) => [r.id, i]));
  findings.sort((a, b) => a.stack.localeCompare(b.stack) || order.get(a.rule)! - order.get(b.rule)! || a.address.localeCompare(b.address));
  return {
    rules,
    findings,
    unusedSuppressions: suppressions.filter((s) => !used.has(s) && !suppressionSet.invalid.some((i) => i.suppression === s)),
    invalidSuppressions: suppressionSet.invalid,
    failed: findings.some((f) => f.severity === "error" && !f.suppressed) || suppressionSet.invalid.length > 0,
  };
}

/**
 * The construct path cdktf records in a resource's `//` metadata (`prod/orders/task`), if
 * any, without `Default` segments: cdktf leaves that id out of addresses, and constructs
 * use it to add a layer (a service's WorkloadTask) without moving anything, so a path a
 * suppression names stays the same too.
 */
function constructPath(stack: TfStack | undefined, address: string): string | undefined {
  const path = stack?.get(address)?.values["//"]?.metadata?.path;
  return typeof path === "string"
    ? path
        .split("/")
        .filter((segment) => segment !== "Default")
        .join("/")
    : undefined;
}

/** A synth output folder that cannot be read. */
export class SynthOutputError extends Error {}

/** Reads `<dir>/stacks/<name>/cdk.tf.json` of a cdktf output folder. */
export function readSynthOutput(dir: string): Record<string, TfJson> {
  const stacksDir = join(dir, "stacks");
  if (!existsSync(stacksDir) || !statSync(stacksDir).isDirectory()) {
    throw new SynthOutputError(`${dir} is not a cdktf output folder: ${stacksDir} does not exist (run \`npm run synth\` or pass --out cdktf.out)`);
  }
  const stacks: Record<string, TfJson> = {};
  for (const name of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, name, "cdk.tf.json");
    if (!existsSync(file)) continue;
    try {
      stacks[name] = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new SynthOutputError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (Object.keys(stacks).length === 0) throw new SynthOutputError(`${stacksDir} holds no stacks/<name>/cdk.tf.json`);
  return stacks;
}

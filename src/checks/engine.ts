import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { ALL_RULES } from "./rules";
import { TfApp, TfJson, TfStack } from "./tf";
import { Finding, Rule, Suppression, Violation } from "./types";

/** What to check with. */
export interface CheckOptions {
  /** @default ALL_RULES */
  readonly rules?: readonly Rule[];
  /** `checks.suppress[]` of the config. @default none */
  readonly suppressions?: readonly Suppression[];
}

/** The outcome of a check run. */
export interface CheckResult {
  readonly rules: readonly Rule[];
  /** Every finding, suppressed ones included (marked), sorted by stack, rule order, address. */
  readonly findings: readonly Finding[];
  /** Suppressions that matched nothing (stale: the resource or the problem is gone). */
  readonly unusedSuppressions: readonly Suppression[];
  /** True when an unsuppressed error finding exists: `npm run check` exits 1. */
  readonly failed: boolean;
}

/** Runs the rules over stacks (name → synthesized JSON) and applies suppressions. */
export function checkStacks(stacks: Readonly<Record<string, TfJson>>, options: CheckOptions = {}): CheckResult {
  const rules = options.rules ?? ALL_RULES;
  const suppressions = options.suppressions ?? [];
  const all = Object.entries(stacks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, json]) => new TfStack(name, json));
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
  const used = new Set<Suppression>();
  const findings = raw.map((f): Finding => {
    const s = suppressions.find((x) => x.rule === f.rule && (x.address === f.address || x.address === `${f.stack}/${f.address}`));
    if (!s) return f;
    used.add(s);
    return { ...f, suppressed: true, reason: s.reason };
  });
  const order = new Map(rules.map((r, i) => [r.id, i]));
  findings.sort((a, b) => a.stack.localeCompare(b.stack) || order.get(a.rule)! - order.get(b.rule)! || a.address.localeCompare(b.address));
  return {
    rules,
    findings,
    unusedSuppressions: suppressions.filter((s) => !used.has(s)),
    failed: findings.some((f) => f.severity === "error" && !f.suppressed),
  };
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

import { CheckResult } from "./engine";
import { StackSummary, summaryLine } from "./summary";

/**
 * The `--json` document: the rules run and every finding (suppressed ones marked), invalid
 * suppressions if any, and each environment's `summary` when given.
 */
export function reportJson(result: CheckResult, summary?: readonly StackSummary[]): string {
  return JSON.stringify(
    {
      rules: result.rules.map((r) => ({ id: r.id, refs: r.refs, severity: r.severity })),
      findings: result.findings.map((f) => ({
        rule: f.rule,
        refs: f.refs,
        stack: f.stack,
        address: f.address,
        ...(f.path ? { path: f.path } : {}),
        severity: f.severity,
        message: f.message,
        ...(f.suppressed ? { suppressed: true, reason: f.reason } : {}),
      })),
      // Only when there are some: they are why a run without error findings still fails.
      ...(result.invalidSuppressions.length > 0
        ? { invalidSuppressions: result.invalidSuppressions.map(({ suppression: s, problem }) => ({ rule: s.rule, address: s.address, problem })) }
        : {}),
      ...(summary ? { summary } : {}),
    },
    null,
    2,
  );
}

/** A readable report: each environment's size (when given), one block per finding grouped by stack, then a summary line. */
export function reportText(result: CheckResult, stackNames: readonly string[], summary: readonly StackSummary[] = []): string {
  const lines: string[] = summary.map(summaryLine);
  const stacks = [...new Set([...stackNames, ...result.findings.map((f) => f.stack)])];
  for (const stack of stacks) {
    const findings = result.findings.filter((f) => f.stack === stack);
    lines.push(`${stack}: ${findings.length === 0 ? "no findings" : `${findings.length} finding${findings.length === 1 ? "" : "s"}`}`);
    const width = Math.max(0, ...findings.map((f) => f.rule.length));
    for (const f of findings) {
      const mark = f.suppressed ? "SUPPRESSED" : f.severity.toUpperCase();
      lines.push(`  ${mark.padEnd(10)} ${f.rule.padEnd(width)}  ${f.address}${f.path ? ` (${f.path})` : ""}`);
      lines.push(`  ${"".padEnd(10)} ${"".padEnd(width)}  ${f.message} [${f.refs.join(", ")}]`);
      if (f.suppressed) lines.push(`  ${"".padEnd(10)} ${"".padEnd(width)}  suppressed: ${f.reason}`);
    }
  }
  for (const { suppression: s, problem } of result.invalidSuppressions) {
    lines.push(`error: suppression of ${JSON.stringify(s.rule)} at ${s.address}: ${JSON.stringify(s.rule)} ${problem}`);
  }
  for (const s of result.unusedSuppressions) {
    lines.push(`note: suppression of ${s.rule} at ${s.address} matched nothing (stale? remove it from checks.suppress)`);
  }
  const open = result.findings.filter((f) => !f.suppressed);
  const errors = open.filter((f) => f.severity === "error").length;
  const warnings = open.filter((f) => f.severity === "warning").length;
  const suppressed = result.findings.length - open.length;
  const invalid = result.invalidSuppressions.length;
  lines.push(
    `${result.failed ? "FAILED" : "passed"}: ${result.rules.length} rules on ${stacks.length} stacks — ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}, ${suppressed} suppressed` +
      (invalid > 0 ? `, ${invalid} invalid suppression${invalid === 1 ? "" : "s"}` : ""),
  );
  return lines.join("\n");
}

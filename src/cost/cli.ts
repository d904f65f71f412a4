/**
 * `npm run cost [-- <env>...] [--json] [--out DIR]`: a monthly estimate per environment
 * from the synthesized Terraform JSON and the dated price tables in ./prices/.
 *
 * Without `--out` it synthesizes every stack from the config into a temp folder; with
 * `--out DIR` it reads an existing cdktf output (`DIR/stacks/<name>/cdk.tf.json`).
 * Exit codes: 0 estimated (unpriced lines are listed, not failures), 1 an environment
 * whose region has no price table (or no region), or an invalid config, 2 a usage error or
 * an unreadable output folder.
 */
import { stackCliArguments } from "../cli-args";
import { stacksForCli } from "../synth-stacks";
import { estimateStack, isBootstrapStack } from "./estimate";
import { costReport, costText, failed } from "./report";

const USAGE = `usage: npm run cost -- [<env>...] [--out DIR] [--json]

  <env>       the environments to estimate (default: every stack, bootstrap included)
  --out DIR   estimate an existing synth output (DIR/stacks/<name>/cdk.tf.json) instead of synthesizing
  --json      print {"currency", "hoursPerMonth", "assumptions", "environments", "total", "complete"}
  --help      show this help

exit codes: 0 estimated (unpriced lines are listed, not failures), 1 an environment whose
region has no price table, or an invalid config, 2 usage error`;

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[]): number {
  const args = stackCliArguments(argv, USAGE, ["json"]);
  if (typeof args === "number") return args;
  const read = stacksForCli(args.out);
  if (typeof read === "number") return read;
  const { stacks, order } = read;
  const names = Object.keys(stacks);
  const unknown = args.positionals.filter((p) => !names.includes(p));
  if (unknown.length > 0) {
    process.stderr.write(`no stack named ${unknown.join(", ")}: the stacks are ${names.join(", ")}\n\n${USAGE}\n`);
    return 2;
  }
  // The order asked for; else the config's environments, then any other stack, bootstrap stacks last.
  const rank = (n: string) => (isBootstrapStack(n) ? 2 : order.includes(n) ? 0 : 1);
  const byRank = (a: string, b: string) => rank(a) - rank(b) || (rank(a) === 0 ? order.indexOf(a) - order.indexOf(b) : a.localeCompare(b));
  const selected = args.positionals.length > 0 ? [...new Set(args.positionals)] : [...names].sort(byRank);
  const estimates = selected.map((name) => estimateStack(name, stacks[name]));
  process.stdout.write(`${args.flags.json ? JSON.stringify(costReport(estimates), null, 2) : costText(estimates)}\n`);
  const errors = estimates.filter(failed);
  for (const e of errors) process.stderr.write(`${e.stack}: ${e.error}\n`);
  return errors.length > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

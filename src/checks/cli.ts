/**
 * `npm run check [-- --out DIR] [--json]`: the platform's own policy checker.
 *
 * Without `--out` it synthesizes every stack from the config into a temp folder; with
 * `--out DIR` it checks an existing cdktf output (`DIR/stacks/<name>/cdk.tf.json`).
 * Exit codes: 0 clean (warnings and suppressed findings allowed), 1 an unsuppressed
 * error finding or an invalid config, 2 a usage error or an unreadable output folder.
 */
import { stackCliArguments } from "../cli-args";
import { synthesizeStacks } from "../synth-stacks";
import { ConfigError, describeLoadedConfig, loadConfigWithSource, PlatformConfig } from "../config";
import { reportFatal } from "../fatal";
import { checkStacks, readSynthOutput, SynthOutputError } from "./engine";
import { reportJson, reportText } from "./report";
import { summarizeStacks } from "./summary";
import { TfJson, TfStack } from "./tf";

const USAGE = `usage: npm run check -- [--out DIR] [--json]

  --out DIR   check an existing synth output (DIR/stacks/<name>/cdk.tf.json) instead of synthesizing
  --json      print {"rules":[…],"findings":[…],"summary":[…]} instead of a table
  --help      show this help

exit codes: 0 no unsuppressed error, 1 errors found or invalid config, 2 usage error`;

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[]): number {
  const args = stackCliArguments(argv, USAGE, ["json"], false);
  if (typeof args === "number") return args;
  let config: PlatformConfig;
  try {
    const loaded = loadConfigWithSource();
    config = loaded.config;
    process.stderr.write(`${describeLoadedConfig(loaded)}\n`);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  let stacks: Record<string, TfJson>;
  try {
    stacks = args.out !== undefined ? readSynthOutput(args.out) : synthesizeStacks(config);
  } catch (err) {
    if (err instanceof SynthOutputError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    return reportFatal(err);
  }
  const profiles = Object.fromEntries(Object.entries(config.environments).map(([name, env]) => [name, env.profile]));
  const result = checkStacks(stacks, { suppressions: config.checks.suppress, profiles });
  // Each environment's size, in the config's order (then any other stack by name).
  const order = Object.keys(config.environments);
  const rank = (n: string): number => (order.includes(n) ? order.indexOf(n) : order.length);
  const names = Object.keys(stacks).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const summary = summarizeStacks(names.map((name) => new TfStack(name, stacks[name])));
  process.stdout.write(`${args.flags.json ? reportJson(result, summary) : reportText(result, Object.keys(stacks).sort(), summary)}\n`);
  return result.failed ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

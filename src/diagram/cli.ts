/**
 * `npm run diagram [-- <env>...] [--out DIR] [--readme]`: one Mermaid diagram per environment,
 * computed from the synthesized Terraform JSON (never from the config), written to
 * `cdktf.out/diagrams/<env>.md` (or `DIR/diagrams/<env>.md` with `--out DIR`).
 *
 * Without `--out` it synthesizes every stack from the config into a temp folder; with `--out
 * DIR` it reads an existing cdktf output. `--readme` instead rewrites README.md's Architecture
 * diagram from the default config's prod stack. Exit codes: 0 written, 1 an invalid config, 2
 * a usage error or an unreadable output folder.
 */
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { stackCliArguments } from "../cli-args";
import { stacksForCli, synthesizeStacks } from "../synth-stacks";
import { TfStack } from "../checks/tf";
import { loadConfig } from "../config";
import { reportFatal } from "../fatal";
import { isBootstrapStack } from "../checks/summary";
import { describeStack } from "./model";
import { renderMarkdown, renderMermaid } from "./mermaid";
import { README_ENVIRONMENT, withReadmeDiagram } from "./readme";

const USAGE = `usage: npm run diagram -- [<env>...] [--out DIR] [--readme]

  <env>       the environments to draw (default: every environment stack; bootstrap has none)
  --out DIR   read an existing synth output (DIR/stacks/<name>/cdk.tf.json) instead of
              synthesizing, and write DIR/diagrams/<env>.md (default: cdktf.out/diagrams/)
  --readme    rewrite README.md's Architecture diagram from the default config's ${README_ENVIRONMENT} stack
  --help      show this help

exit codes: 0 written, 1 invalid config, 2 usage error`;

/** The README's diagram, generated: the default config (embedded defaults, no user file), its prod stack. */
export function defaultConfigDiagram(): string {
  const stacks = synthesizeStacks(loadConfig({ overrides: {}, env: {} }));
  return renderMermaid(describeStack(new TfStack(README_ENVIRONMENT, stacks[README_ENVIRONMENT])));
}

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[], cwd = process.cwd()): number {
  const args = stackCliArguments(argv, USAGE, ["readme"]);
  if (typeof args === "number") return args;
  if (args.flags.readme) {
    if (args.out !== undefined || args.positionals.length > 0) {
      process.stderr.write(`--readme draws the default config's ${README_ENVIRONMENT} stack: it takes no <env> or --out\n\n${USAGE}\n`);
      return 2;
    }
    try {
      const file = resolve(__dirname, "..", "..", "README.md");
      writeFileSync(file, withReadmeDiagram(readFileSync(file, "utf8"), defaultConfigDiagram()));
      process.stdout.write(`${file}\n`);
      return 0;
    } catch (err) {
      return reportFatal(err);
    }
  }
  const read = stacksForCli(args.out);
  if (typeof read === "number") return read;
  const { stacks, order } = read;
  const names = Object.keys(stacks).filter((n) => !isBootstrapStack(n));
  const unknown = args.positionals.filter((p) => !names.includes(p));
  if (unknown.length > 0) {
    process.stderr.write(`no environment stack named ${unknown.join(", ")}: the environments are ${names.join(", ")}\n\n${USAGE}\n`);
    return 2;
  }
  // The order asked for; else the config's environment order, then any other stack by name.
  const rank = (n: string): number => (order.includes(n) ? order.indexOf(n) : order.length);
  const selected = args.positionals.length > 0 ? [...new Set(args.positionals)] : [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const dir = join(args.out ?? resolve(cwd, "cdktf.out"), "diagrams");
  try {
    mkdirSync(dir, { recursive: true });
    for (const name of selected) {
      const file = join(dir, `${name}.md`);
      writeFileSync(file, renderMarkdown(describeStack(new TfStack(name, stacks[name]))));
      process.stdout.write(`${file}\n`);
    }
  } catch (err) {
    return reportFatal(err);
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

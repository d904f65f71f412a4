/**
 * `npm run check [-- --out DIR] [--json]`: the platform's own policy checker.
 *
 * Without `--out` it synthesizes every stack from the config into a temp folder; with
 * `--out DIR` it checks an existing cdktf output (`DIR/stacks/<name>/cdk.tf.json`).
 * Exit codes: 0 clean (warnings and suppressed findings allowed), 1 an unsuppressed
 * error finding or an invalid config, 2 a usage error or an unreadable output folder.
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parseArgs } from "util";
import { ConfigError, describeConfigSource, loadConfigWithSource, PlatformConfig } from "../config";
import { reportFatal } from "../fatal";
import { checkStacks, readSynthOutput, SynthOutputError } from "./engine";
import { reportJson, reportText } from "./report";
import { TfJson } from "./tf";

const USAGE = `usage: npm run check -- [--out DIR] [--json]

  --out DIR   check an existing synth output (DIR/stacks/<name>/cdk.tf.json) instead of synthesizing
  --json      print {"rules":[…],"findings":[…]} instead of a table
  --help      show this help

exit codes: 0 no unsuppressed error, 1 errors found or invalid config, 2 usage error`;

/** Synthesizes every stack of the app into a temp folder and reads them back. */
function synthesize(config: PlatformConfig): Record<string, TfJson> {
  // Loaded lazily: `--out` must not pay for loading the constructs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: `--out` must not load cdktf
  const { App } = require("cdktf") as typeof import("cdktf");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: `--out` must not load the constructs
  const { buildPlatform } = require("../app") as typeof import("../app");
  const outdir = mkdtempSync(join(tmpdir(), "platform-check-"));
  try {
    const app = new App({ outdir });
    buildPlatform(app, config);
    app.synth();
    return readSynthOutput(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[]): number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: { out: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.out !== undefined && args.out.trim() === "") {
    process.stderr.write(`--out needs a folder\n\n${USAGE}\n`);
    return 2;
  }
  let config: PlatformConfig;
  try {
    const loaded = loadConfigWithSource();
    config = loaded.config;
    process.stderr.write(`${describeConfigSource(loaded.source)}\n`);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  let stacks: Record<string, TfJson>;
  try {
    stacks = args.out !== undefined ? readSynthOutput(args.out) : synthesize(config);
  } catch (err) {
    if (err instanceof SynthOutputError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    return reportFatal(err);
  }
  const profiles = Object.fromEntries(Object.entries(config.environments).map(([name, env]) => [name, env.profile]));
  const result = checkStacks(stacks, { suppressions: config.checks.suppress, profiles });
  process.stdout.write(`${args.json ? reportJson(result) : reportText(result, Object.keys(stacks).sort())}\n`);
  return result.failed ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

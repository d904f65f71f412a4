import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { readSynthOutput, SynthOutputError } from "./checks/engine";
import type { TfJson } from "./checks/tf";
import { ConfigError, describeLoadedConfig, loadConfigWithSource, PlatformConfig } from "./config";
import { reportFatal } from "./fatal";

/** Synthesizes every stack of the app into a temp folder and reads them back (what `npm run check` and `npm run cost` read without `--out`). */
export function synthesizeStacks(config: PlatformConfig): Record<string, TfJson> {
  // Loaded lazily: `--out` must not pay for loading the constructs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: `--out` must not load cdktf
  const { App } = require("cdktf") as typeof import("cdktf");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: `--out` must not load the constructs
  const { buildPlatform } = require("./app") as typeof import("./app");
  const outdir = mkdtempSync(join(tmpdir(), "platform-synth-"));
  try {
    const app = new App({ outdir });
    buildPlatform(app, config);
    app.synth();
    return readSynthOutput(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Stacks for a CLI that reads synthesized Terraform (`npm run cost`, `npm run diagram`). */
export interface CliStacks {
  /** Stack name → its `cdk.tf.json`. */
  readonly stacks: Record<string, TfJson>;
  /** The config's environment order, when a config was read (not with `--out`). */
  readonly order: string[];
}

/**
 * The stacks of `--out DIR`, or of the config synthesized (after printing which config it
 * is); or the exit code after printing why not: 2 for an unreadable output folder, 1 for an
 * invalid config.
 */
export function stacksForCli(out: string | undefined): CliStacks | number {
  try {
    if (out !== undefined) return { stacks: readSynthOutput(out), order: [] };
    const loaded = loadConfigWithSource();
    process.stderr.write(`${describeLoadedConfig(loaded)}\n`);
    return { stacks: synthesizeStacks(loaded.config), order: Object.keys(loaded.config.environments) };
  } catch (err) {
    if (err instanceof SynthOutputError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    return reportFatal(err);
  }
}

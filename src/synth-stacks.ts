import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { readSynthOutput } from "./checks/engine";
import type { TfJson } from "./checks/tf";
import type { PlatformConfig } from "./config";

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

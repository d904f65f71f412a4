import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { TfJson } from "./synth";

const ROOT = resolve(__dirname, "..", "..");

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A temp folder for the tests of a CLI that reads synthesized stacks (`npm run check`,
 * `npm run cost`): it writes cdktf output folders and config files, and runs the CLI as npm
 * does (`node scripts/app.js <cli>`). Create it in `beforeAll`, `remove()` it in `afterAll`.
 */
export class CliWorkspace {
  private readonly dir: string;
  private n = 0;

  constructor(
    prefix: string,
    /** The CLI's source, from the project root: `src/checks/cli.ts`. */
    private readonly cli: string,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  }

  /** Writes stacks as a cdktf output folder (`stacks/<name>/cdk.tf.json`) and returns its path. */
  synthOut(stacks: Record<string, TfJson>): string {
    const out = join(this.dir, `out-${this.n++}`);
    for (const [name, json] of Object.entries(stacks)) {
      mkdirSync(join(out, "stacks", name), { recursive: true });
      writeFileSync(join(out, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
    }
    return out;
  }

  /** Runs the CLI with `args` and `config` as its INFRA_CONFIG file (default: nothing beyond the embedded defaults). */
  run(args: readonly string[], config: unknown = {}): CliRun {
    const configFile = join(this.dir, `config-${this.n++}.json`);
    writeFileSync(configFile, JSON.stringify(config));
    const r = spawnSync(process.execPath, ["scripts/app.js", this.cli, ...args], {
      cwd: ROOT,
      env: { ...process.env, INFRA_CONFIG: configFile },
      encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { buildPlatform, PlatformApp } from "../../src/app";
import { loadConfig, PlatformConfig } from "../../src/config";

/** A synthesized Terraform JSON document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON has no static shape; tests index it freely
export type TfJson = Record<string, any>;

/** The config with `overrides` deep-merged over the defaults (no file is read). */
export function testConfig(overrides: unknown = {}): PlatformConfig {
  return loadConfig({ overrides, env: {} });
}

/** Builds the whole app in a temp dir and returns each stack's full JSON (backend and providers included). */
export function synthApp(config: PlatformConfig = testConfig()): { stacks: Record<string, TfJson>; platform: PlatformApp } {
  const outdir = mkdtempSync(join(tmpdir(), "platform-synth-"));
  try {
    const app = new App({ outdir, skipValidation: false });
    const platform = buildPlatform(app, config);
    app.synth();
    const stacks: Record<string, TfJson> = {};
    for (const name of ["bootstrap", "dev", "staging", "prod"]) {
      stacks[name] = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    }
    return { stacks, platform };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** `resource[type]` as a map of name → body (empty when absent). */
export function resources(json: TfJson, type: string): Record<string, TfJson> {
  return json.resource?.[type] ?? {};
}

/** The `${type.name.attr}` reference string cdktf synthesizes. */
export function ref(type: string, name: string, attr: string): string {
  return `\${${type}.${name}.${attr}}`;
}

import { createHash } from "crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { buildPlatform, PlatformApp } from "../../src/app";
import { loadConfig, PlatformConfig } from "../../src/config";
import { keepBuiltInEnvironments } from "./environments";

/** A synthesized Terraform JSON document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON has no static shape; tests index it freely
export type TfJson = Record<string, any>;

/** The config with `overrides` deep-merged over the defaults, built-in environments kept (no file is read). */
export function testConfig(overrides: unknown = {}): PlatformConfig {
  return loadConfig({ overrides: keepBuiltInEnvironments(overrides), env: {} });
}

/**
 * The whole app, synthesized in a temp dir: each stack's full JSON (backend and
 * providers included) and the constructs.
 *
 * Synthesizing the app costs seconds and many suites ask for the same config, so the
 * stacks are cached for the run (jest's globalSetup gives every run its own folder,
 * shared by the workers): one synth per distinct config, not one per suite. Every call
 * parses its own copy, so a test may change what it gets. `platform` is built only
 * when read, by a synth of its own: the constructs cannot go through a file.
 */
export function synthApp(config: PlatformConfig = testConfig()): { stacks: Record<string, TfJson>; platform: PlatformApp } {
  const cacheDir = process.env.PLATFORM_TEST_TMPDIR && join(process.env.PLATFORM_TEST_TMPDIR, "synth-cache");
  const file = cacheDir && join(cacheDir, `${createHash("sha256").update(JSON.stringify(config)).digest("hex")}.json`);
  let text: string;
  let platform: PlatformApp | undefined;
  if (file && existsSync(file)) {
    text = readFileSync(file, "utf8");
  } else {
    const synthesized = synthFresh(config);
    platform = synthesized.platform;
    text = JSON.stringify(synthesized.stacks);
    if (file && cacheDir) {
      mkdirSync(cacheDir, { recursive: true });
      // Written aside and renamed: a worker reading it meanwhile sees all of it or nothing.
      const part = `${file}.${process.pid}`;
      writeFileSync(part, text);
      renameSync(part, file);
    }
  }
  const stacks: Record<string, TfJson> = JSON.parse(text);
  return {
    stacks,
    get platform(): PlatformApp {
      platform ??= synthFresh(config).platform;
      return platform;
    },
  };
}

/** One synth of the whole app in a temp dir, removed afterwards. */
function synthFresh(config: PlatformConfig): { stacks: Record<string, TfJson>; platform: PlatformApp } {
  const outdir = mkdtempSync(join(tmpdir(), "platform-synth-"));
  try {
    const app = new App({ outdir, skipValidation: false });
    const platform = buildPlatform(app, config);
    app.synth();
    // Every stack the app wrote (bootstraps per account, environments by the config's names).
    const manifest: { stacks: Record<string, { synthesizedStackPath: string }> } = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    const stacks: Record<string, TfJson> = {};
    for (const [name, stack] of Object.entries(manifest.stacks)) {
      stacks[name] = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"));
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

/** A construct's underlying resource, as the tests name it (`construct.role`, `construct.secret`…). */
export interface ResourceLike {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
}

/** The `${type.name.attr}` reference to a resource, as cdktf synthesizes it. */
export function refOf(resource: ResourceLike, attr: string): string {
  return ref(resource.terraformResourceType, resource.friendlyUniqueId, attr);
}

/** The synthesized body of `resource` in `json` (undefined when absent). */
export function resourceOf(json: TfJson, resource: ResourceLike): TfJson {
  return resources(json, resource.terraformResourceType)[resource.friendlyUniqueId];
}

/** The single resource of `type` in `json`, by name and body; fails the test unless there is exactly one. */
export function onlyResource(json: TfJson, type: string): { name: string; body: TfJson } {
  const entries = Object.entries(resources(json, type));
  expect(entries.map(([name]) => name)).toHaveLength(1);
  return { name: entries[0][0], body: entries[0][1] };
}

/** Matches a string that begins with `prefix` taken literally; a failure shows the prefix. */
export function startingWith(prefix: string): ReturnType<typeof expect.stringMatching> {
  return expect.stringMatching(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
}

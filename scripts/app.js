#!/usr/bin/env node
// The app runner cdktf calls (cdktf.json "app"), also used by the npm scripts:
// `node scripts/app.js [entry.ts] [args…]` (entry defaults to main.ts). It bundles the
// TypeScript entry with esbuild — transpile only, dependencies stay external — and runs
// it as a module: faster than a require hook that transpiles file by file.
// Type-checking belongs to `npm run build` / `npm test`.
//
// The bundle is cached under node_modules/.cache/platform-app, keyed by the content of
// every TypeScript source it could include (main.ts, src/, scripts/), this file and
// esbuild's version: a synth after no change skips esbuild (about 0.2 s, most of it
// starting its process). A new bundle is written aside and renamed into place, so
// parallel runs never read half a file; where the cache cannot be written, the runner
// bundles in memory as before.
const Module = require("module");
const { createHash } = require("crypto");
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("fs");
const { dirname, join, resolve } = require("path");

const root = resolve(__dirname, "..");
const given = process.argv[2] && process.argv[2].endsWith(".ts") ? process.argv.splice(2, 1)[0] : undefined;
const entry = resolve(root, given || "main.ts");
const debug = Boolean(process.env.DEBUG);
/** Bundles kept in the cache. */
const KEEP = 16;

/** Every .ts file the bundle may include, sorted (the cache key reads their content). */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []))
    .sort();
}

function build() {
  const { buildSync } = require("esbuild");
  const { outputFiles } = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    logLevel: "warning",
    // Stack traces name the TypeScript files and lines, not the bundle's. Only DEBUG=1
    // prints a trace (src/fatal.ts), so only then is the map built (about 0.3 CPU-s a run).
    sourcemap: debug ? "inline" : false,
    sourcesContent: false,
  });
  return outputFiles[0].text;
}

function cachedBundle() {
  const hash = createHash("sha256");
  hash.update(`${entry}\0${debug}\0${require("esbuild/package.json").version}\0`);
  hash.update(readFileSync(__filename));
  for (const file of [join(root, "main.ts"), ...sources(join(root, "src")), ...sources(join(root, "scripts"))]) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(file));
  }
  const dir = join(root, "node_modules", ".cache", "platform-app");
  const file = join(dir, `${hash.digest("hex")}.js`);
  try {
    return readFileSync(file, "utf8");
  } catch {
    // not cached yet
  }
  const text = build();
  try {
    mkdirSync(dir, { recursive: true });
    const part = `${file}.${process.pid}`;
    writeFileSync(part, text);
    renameSync(part, file);
    // Keep the newest few: every edit of a source makes a new entry.
    const entries = readdirSync(dir)
      .filter((name) => name.endsWith(".js"))
      .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of entries.slice(KEEP)) rmSync(old.path, { force: true });
  } catch {
    // read-only tree: in memory only
  }
  return text;
}

const text = process.env.PLATFORM_APP_NO_CACHE ? build() : cachedBundle();
if (debug) {
  process.setSourceMapsEnabled(true);
} else {
  // cdktf records a stack trace for every token it creates (shown only when a token
  // fails to resolve, a platform bug that DEBUG=1 reruns to see). Formatting thousands of
  // them is 5–10 % of a synth: without DEBUG, only real errors get their frames.
  Error.prepareStackTrace = (error, frames) => (error instanceof Error ? [String(error), ...frames.map((frame) => `    at ${frame}`)].join("\n") : "");
}
const mod = new Module(entry, module);
mod.filename = entry;
mod.paths = Module._nodeModulePaths(dirname(entry));
// The entry is the main module, as if node had run it (`require.main === module` holds).
process.mainModule = mod;
mod._compile(text, entry);

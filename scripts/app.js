#!/usr/bin/env node
// The app runner cdktf calls (cdktf.json "app"), also used by the npm scripts:
// `node scripts/app.js [entry.ts] [args…]` (entry defaults to main.ts). It bundles the
// TypeScript entry in memory with esbuild — transpile only, dependencies stay external —
// and runs it as a module. Faster than a require hook that transpiles file by file on
// every synth, and nothing is written, so parallel runs cannot race on an output file.
// Type-checking belongs to `npm run build` / `npm test`.
const Module = require("module");
const { buildSync } = require("esbuild");
const { dirname, resolve } = require("path");

const root = resolve(__dirname, "..");
const given = process.argv[2] && process.argv[2].endsWith(".ts") ? process.argv.splice(2, 1)[0] : undefined;
const entry = resolve(root, given || "main.ts");
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
  sourcemap: process.env.DEBUG ? "inline" : false,
  sourcesContent: false,
});
if (process.env.DEBUG) process.setSourceMapsEnabled(true);
const mod = new Module(entry, module);
mod.filename = entry;
mod.paths = Module._nodeModulePaths(dirname(entry));
// The entry is the main module, as if node had run it (`require.main === module` holds).
process.mainModule = mod;
mod._compile(outputFiles[0].text, entry);

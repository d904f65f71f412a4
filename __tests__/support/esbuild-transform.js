// Jest transform: TypeScript to CommonJS with esbuild, file by file, transpile only. It also
// turns the ES modules of the ESM-only packages jest.config.js lets through (GitHub's
// workflow parser) into CommonJS: jest 29 loads ES modules only under
// --experimental-vm-modules.
// Type-checking is `tsc --noEmit`, which `npm test` runs before jest (ts-jest ran with
// `diagnostics: false`, so it reported nothing either). esbuild transpiles a test file in
// about a millisecond where ts-jest builds a TypeScript program per worker. The inline
// source map keeps failures and stack traces pointing at the .ts lines.
// Limits: no `jest.mock` hoisting (babel-jest/ts-jest do it; no test uses jest.mock) and
// no `const enum` across files (isolatedModules in tsconfig already forbids it).
const { createHash } = require("crypto");
const { readFileSync } = require("fs");
const { join } = require("path");
const { transformSync, version } = require("esbuild");

const tsconfig = readFileSync(join(__dirname, "..", "..", "tsconfig.json"), "utf8");
const self = readFileSync(__filename, "utf8");

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, {
      loader: sourcePath.endsWith(".tsx") ? "tsx" : sourcePath.endsWith(".ts") ? "ts" : "js",
      format: "cjs",
      target: "node20",
      platform: "node",
      sourcemap: "external",
      sourcefile: sourcePath,
      sourcesContent: true,
      tsconfigRaw: tsconfig,
    });
    return { code, map };
  },
  getCacheKey(sourceText, sourcePath) {
    return createHash("sha1").update(version).update(self).update(tsconfig).update(sourcePath).update("\0").update(sourceText).digest("hex");
  },
};

/** The ESM-only packages the tests load (@actions/workflow-parser and its expressions). */
const ESM_ONLY = "(@actions/(?:workflow-parser|expressions))";

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Transpile only, with esbuild (ts-jest built a TypeScript program per worker):
  // type-checking is `npm run build` (tsc), run by `npm test` first.
  transform: {
    "^.+\\.ts$": "<rootDir>/__tests__/support/esbuild-transform.js",
    [`/node_modules/${ESM_ONLY}/.+\\.js$`]: "<rootDir>/__tests__/support/esbuild-transform.js",
  },
  // GitHub's workflow parser (__tests__/ci/workflow.test.ts) ships ES modules only, and its
  // "exports" only for `import`, which jest's CommonJS resolver does not match: map its entry
  // points to their files, and let the transform above make them CommonJS (the default
  // skips node_modules).
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  moduleNameMapper: {
    [`^${ESM_ONLY}$`]: "<rootDir>/node_modules/$1/dist/index.js",
    [`^${ESM_ONLY}/(.+)$`]: "<rootDir>/node_modules/$1/dist/$2.js",
  },
  setupFilesAfterEnv: ["<rootDir>/setup.js", "<rootDir>/__tests__/support/fast-creation-stacks.js"],
  // One temp folder per run, removed at the end (cdktf's Testing helpers leak theirs).
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  // The terraform tests run init/plan per environment.
  testTimeout: 240000,
  // Two workers on two cores (jest's default, cores - 1, runs one suite at a time): a
  // suite waiting on terraform or a child app leaves a core to the other.
  maxWorkers: 2,
  // The longest suites first (terraform, the child-process suites), so no core waits at the end.
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
};

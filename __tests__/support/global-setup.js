// Every temp folder of a test run (cdktf's Testing.app and Testing.synth make one per
// call and never delete it, thousands per run) goes under one folder, removed at the end.
const { mkdtempSync } = require("fs");
const { tmpdir } = require("os");
const { join } = require("path");

module.exports = async () => {
  const dir = mkdtempSync(join(tmpdir(), "platform-tests-"));
  process.env.PLATFORM_TEST_TMPDIR = dir;
  // Workers start after this and inherit the environment: os.tmpdir() reads TMPDIR.
  process.env.TMPDIR = dir;
};

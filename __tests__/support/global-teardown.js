const { rmSync } = require("fs");

module.exports = async () => {
  const dir = process.env.PLATFORM_TEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
};

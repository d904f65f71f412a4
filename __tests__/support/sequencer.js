// The order jest starts suites in. On a fresh clone jest has no timings yet and starts the
// largest files first, which may leave the longest suites (terraform, child processes)
// for the end, with one core idle meanwhile. These start first, longest first; the rest
// follow as jest would order them.
const Sequencer = require("@jest/test-sequencer").default;

const FIRST = [
  "__tests__/terraform.test.ts",
  "__tests__/stacks/cli-synth.test.ts",
  "__tests__/e2e/main-matrix.test.ts",
  "__tests__/stacks/service-names.test.ts",
  "__tests__/checks/cli.test.ts",
];

class HeavyFirst extends Sequencer {
  sort(tests) {
    const rank = (t) => {
      const i = FIRST.findIndex((f) => t.path.endsWith(f));
      return i < 0 ? FIRST.length : i;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = HeavyFirst;

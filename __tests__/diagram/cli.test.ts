import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { CliWorkspace } from "../support/cli-workspace";
import { synthApp, testConfig } from "../support/synth";

/** `npm run diagram` as npm runs it: reads --out, writes <out>/diagrams/<env>.md, exit codes. */
describe("npm run diagram (CLI)", () => {
  let workspace: CliWorkspace;
  beforeAll(() => {
    workspace = new CliWorkspace("diagram-cli", "src/diagram/cli.ts");
  });
  afterAll(() => workspace.remove());
  const { stacks } = synthApp(testConfig());

  it("writes one diagram per environment of --out, prints the paths, and skips bootstrap", () => {
    // GIVEN a synth output with bootstrap, dev and prod / WHEN drawn
    const out = workspace.synthOut({ bootstrap: stacks.bootstrap, dev: stacks.dev, prod: stacks.prod });
    const r = workspace.run(["--out", out]);
    // THEN exit 0, dev.md and prod.md written and printed, no bootstrap.md
    expect(r.code).toBe(0);
    const written = r.stdout.trim().split("\n");
    expect(written).toEqual([join(out, "diagrams", "dev.md"), join(out, "diagrams", "prod.md")]);
    expect(readFileSync(written[1], "utf8")).toMatch(/^```mermaid\nflowchart LR\n/m);
    expect(existsSync(join(out, "diagrams", "bootstrap.md"))).toBe(false);
  });

  it("draws only the environments named, and refuses an unknown one: exit 2", () => {
    // GIVEN the same output / WHEN asked for prod, then for qa
    const out = workspace.synthOut({ dev: stacks.dev, prod: stacks.prod });
    const one = workspace.run(["--out", out, "prod"]);
    expect(one.code).toBe(0);
    expect(one.stdout.trim()).toBe(join(out, "diagrams", "prod.md"));
    const unknown = workspace.run(["--out", out, "qa"]);
    // THEN qa is a usage error naming the stacks there are
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/qa/);
    expect(unknown.stderr).toMatch(/dev, prod/);
  });
});

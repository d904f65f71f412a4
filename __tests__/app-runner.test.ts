import { spawnSync } from "child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

/**
 * scripts/app.js caches the esbuild bundle by the content of every source: a project of
 * its own (main.ts importing src/value.ts) shows a hit, a miss after an edit, and no
 * stale bundle.
 */
describe("the app runner's bundle cache", () => {
  const ROOT = resolve(__dirname, "..");
  const project = mkdtempSync(join(tmpdir(), "app-runner-"));
  const cache = join(project, "node_modules", ".cache", "platform-app");
  beforeAll(() => {
    mkdirSync(join(project, "scripts"));
    mkdirSync(join(project, "src"));
    mkdirSync(join(project, "node_modules"));
    copyFileSync(join(ROOT, "scripts", "app.js"), join(project, "scripts", "app.js"));
    // esbuild and its platform binary, from this project's install
    symlinkSync(join(ROOT, "node_modules", "esbuild"), join(project, "node_modules", "esbuild"));
    symlinkSync(join(ROOT, "node_modules", "@esbuild"), join(project, "node_modules", "@esbuild"));
    writeFileSync(join(project, "main.ts"), 'import { value } from "./src/value";\nconsole.log(value);\n');
    writeFileSync(join(project, "src", "value.ts"), 'export const value: string = "one";\n');
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  const run = (env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(project, "scripts", "app.js")], { cwd: project, encoding: "utf8", env: { ...process.env, DEBUG: "", ...env } });
    return { out: r.stdout.trim(), status: r.status, stderr: r.stderr };
  };
  const entries = () => readdirSync(cache).filter((f) => f.endsWith(".js")).length;

  it("bundles once, reuses the bundle, and bundles again after a source changes", () => {
    // GIVEN a fresh project / WHEN the app runs twice / THEN one cache entry, the same output
    expect(run()).toMatchObject({ out: "one", status: 0 });
    expect(entries()).toBe(1);
    expect(run()).toMatchObject({ out: "one", status: 0 });
    expect(entries()).toBe(1);
    // WHEN a source changes / THEN the new code runs, from a new entry
    writeFileSync(join(project, "src", "value.ts"), 'export const value: string = "two";\n');
    expect(run()).toMatchObject({ out: "two", status: 0 });
    expect(entries()).toBe(2);
    // AND PLATFORM_APP_NO_CACHE bundles in memory, writing nothing
    expect(run({ PLATFORM_APP_NO_CACHE: "1" })).toMatchObject({ out: "two", status: 0 });
    expect(entries()).toBe(2);
  });
});

import { spawnSync } from "child_process";
import { join, resolve } from "path";
import { ConfigError } from "../../src/config";
import { reportFatal } from "../../src/fatal";

describe("reportFatal", () => {
  const capture = (err: unknown, env: Record<string, string> = {}) => {
    let text = "";
    const code = reportFatal(err, env, (t) => (text += t));
    return { code, text };
  };

  it("prints a config error's problems as they are, exit 1", () => {
    // GIVEN a config error / WHEN the app fails on it / THEN its problems as written, exit 1
    const { code, text } = capture(new ConfigError("infra.config.json", ["services[0].port: got 0 — must be 1–65535"]));
    expect(code).toBe(1);
    expect(text).toBe("Invalid config (infra.config.json):\n  - services[0].port: got 0 — must be 1–65535\n");
  });

  it("prints one line with the construct path for a construct error, and no stack trace", () => {
    // GIVEN an error a construct threw (a platform bug: the config should have caught it)
    const err = new Error("prod/services/orders: service.port must be 1–65535, got 0");
    // WHEN it reaches the top
    const { code, text } = capture(err);
    // THEN one error line naming the construct path, a hint, and no "at …" frames
    expect(code).toBe(1);
    expect(text.split("\n")[0]).toBe("Error: prod/services/orders: service.port must be 1–65535, got 0");
    expect(text).toMatch(/DEBUG=1/);
    expect(text).not.toMatch(/^\s+at /m);
  });

  it("prints the stack trace when DEBUG is set", () => {
    // GIVEN any error and DEBUG / WHEN the app fails on it / THEN the stack trace is printed
    const { text } = capture(new Error("boom"), { DEBUG: "1" });
    expect(text).toMatch(/^\s+at .*fatal\.test\.ts/m);
  });
});

const ROOT = resolve(__dirname, "..", "..");

describe("the app runner (scripts/app.js) on an escaping error", () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), join("__tests__", "fixtures", "throwing-app.ts")], {
      cwd: ROOT,
      env: { ...process.env, DEBUG: "", ...env },
      encoding: "utf8",
    });

  it("prints one line and exits 1 without DEBUG", () => {
    // GIVEN the real app failing on a construct error / WHEN run without DEBUG / THEN one line, exit 1
    const r = run({});
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe('Error: vpcCidr must be /16 or smaller (AWS\'s largest VPC), got "10.0.0.0/8"');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("with DEBUG=1, prints the trace with the TypeScript file and line (source maps)", () => {
    // GIVEN the same failure / WHEN run with DEBUG=1 / THEN the trace names the .ts file and line
    const r = run({ DEBUG: "1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^\s+at planSubnets \(.*src\/network\/subnet-plan\.ts:\d+:\d+\)$/m);
  });
});

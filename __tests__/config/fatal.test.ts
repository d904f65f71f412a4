import { ConfigError } from "../../src/config";
import { reportFatal } from "../../src/fatal";

describe("reportFatal", () => {
  const capture = (err: unknown, env: Record<string, string> = {}) => {
    let text = "";
    const code = reportFatal(err, env, (t) => (text += t));
    return { code, text };
  };

  it("prints a config error's problems as they are, exit 1", () => {
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
    const { text } = capture(new Error("boom"), { DEBUG: "1" });
    expect(text).toMatch(/^\s+at .*fatal\.test\.ts/m);
  });
});

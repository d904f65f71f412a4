import { ConfigError, loadConfig } from "../../src/config";
import { keepBuiltInEnvironments } from "./environments";

/** The ConfigError lines for a user file `overrides` merged over the defaults, built-in environments kept (fails when the config is accepted). */
export function errorLines(overrides: unknown): string[] {
  try {
    loadConfig({ overrides: keepBuiltInEnvironments(overrides), env: {} });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.slice();
  }
  throw new Error(`config was accepted: ${JSON.stringify(overrides)}`);
}

/** The ConfigError lines for a user file as written: its `environments` replaces the default map. */
export function errorLinesAsWritten(file: unknown): string[] {
  try {
    loadConfig({ overrides: file, env: {} });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.slice();
  }
  throw new Error(`config was accepted: ${JSON.stringify(file)}`);
}

/** A table row of invalid configs: [what, user file, field path, the value as the message shows it (undefined: an unknown key), what is allowed]. */
export type InvalidConfigCase = [string, unknown, string, string | undefined, RegExp];

/** THEN of an {@link InvalidConfigCase}: a line names the path, shows the value (or says the key is unknown), and says what is allowed. */
export function expectInvalidConfig(overrides: unknown, path: string, value: string | undefined, allowed: RegExp): void {
  const lines = errorLines(overrides).filter((l) => l.startsWith(`${path}: `));
  expect(lines.length).toBeGreaterThan(0);
  const line = lines.find((l) => allowed.test(l));
  expect(line ?? lines[0]).toMatch(allowed);
  if (value === undefined) expect(line).toMatch(/: unknown key/);
  else expect(line).toContain(`${path}: got ${value} — `);
}

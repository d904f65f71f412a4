import { ConfigError, loadConfig } from "../../src/config";

/** The ConfigError lines for a user file `overrides` merged over the defaults (fails when the config is accepted). */
export function errorLines(overrides: unknown): string[] {
  try {
    loadConfig({ overrides, env: {} });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.slice();
  }
  throw new Error(`config was accepted: ${JSON.stringify(overrides)}`);
}

/** A table row of invalid configs: [what, user file, field path, the value as the message shows it (undefined: an unknown key), what is allowed]. */
export type InvalidConfigCase = [string, unknown, string, string | undefined, RegExp];

import { LoadConfigOptions, loadConfig, PlatformConfig, PROFILE_NAMES } from "../../src/config";

/**
 * A user file whose `environments` keeps the built-in dev, staging and prod around the
 * ones it names: most tests change one environment's setting and mean the others to stay.
 * A user's own file replaces the map (README); tests of that call `loadConfig` directly.
 */
export function keepBuiltInEnvironments(overrides: unknown): unknown {
  if (typeof overrides !== "object" || overrides === null || !("environments" in overrides)) return overrides;
  const environments = (overrides as { environments: unknown }).environments;
  if (typeof environments !== "object" || environments === null || Array.isArray(environments)) return overrides;
  const builtIn = Object.fromEntries(PROFILE_NAMES.map((name) => [name, {}]));
  return { ...overrides, environments: { ...builtIn, ...environments } };
}

/** `loadConfig` with {@link keepBuiltInEnvironments} applied to the user file. */
export function loadTestConfig(options: LoadConfigOptions): PlatformConfig {
  return loadConfig({ ...options, overrides: keepBuiltInEnvironments(options.overrides) });
}

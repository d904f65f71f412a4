import { parseArgs } from "util";
import { ConfigError, describeConfigSource, LoadedConfig } from "./config";
import { reportFatal } from "./fatal";

/** Where a CLI writes. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * The positional arguments of a CLI that takes exactly `names` (and `--help`): the values,
 * or the exit code when there is nothing to run — 0 after printing `usage` for `--help`, 2
 * after printing the problem and `usage` to stderr.
 */
export function positionalArguments(argv: readonly string[], names: readonly string[], usage: string, out: CliOutput): string[] | number {
  const fail = (problem: string): number => {
    out.stderr(`${problem}\n\n${usage}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { help: { type: "boolean", default: false } }, strict: true, allowPositionals: true });
  } catch (err) {
    return fail((err as Error).message);
  }
  if (parsed.values.help) {
    out.stdout(`${usage}\n`);
    return 0;
  }
  if (parsed.positionals.length !== names.length) return fail(`expected ${names.join(" ")}, got ${parsed.positionals.length} argument(s)`);
  return parsed.positionals;
}

/** What {@link loadEnvironmentConfig} needs of a CLI. */
export interface ConfigCliDeps extends CliOutput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly loadConfig: (env: Readonly<Record<string, string | undefined>>) => LoadedConfig;
}

/**
 * The config of a CLI that acts on one environment, after the line that names its source:
 * or the exit code — 1 for an invalid config (its problems printed), 2 for an environment
 * the config does not declare (with `usage`).
 */
export function loadEnvironmentConfig(envName: string, usage: string, deps: ConfigCliDeps): LoadedConfig | number {
  let loaded: LoadedConfig;
  try {
    loaded = deps.loadConfig(deps.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      deps.stderr(`${err.message}\n`);
      return 1;
    }
    return reportFatal(err, deps.env, deps.stderr);
  }
  deps.stderr(`${describeConfigSource(loaded.source)}\n`);
  const environments = Object.keys(loaded.config.environments);
  if (!environments.includes(envName)) {
    deps.stderr(`unknown environment ${JSON.stringify(envName)}: the config declares ${environments.join(", ")}\n\n${usage}\n`);
    return 2;
  }
  return loaded;
}

/** What a CLI over synthesized stacks was asked (`npm run check|cost|diagram`). */
export interface StackCliArgs {
  readonly positionals: readonly string[];
  /** `--out DIR`: an existing synth output instead of a synth. */
  readonly out?: string;
  /** The boolean options named in `flags`, by name. */
  readonly flags: Readonly<Record<string, boolean>>;
}

/**
 * Parses `--out DIR`, `--help` and the boolean `flags` of a CLI over synthesized stacks:
 * the arguments, or the exit code — 0 after printing `usage` for `--help`, 2 after printing
 * the problem and `usage` (an unknown option, an empty `--out`, positionals where
 * `positionals` is false).
 */
export function stackCliArguments(argv: readonly string[], usage: string, flags: readonly string[], positionals = true): StackCliArgs | number {
  const fail = (problem: string): number => {
    process.stderr.write(`${problem}\n\n${usage}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        out: { type: "string" },
        help: { type: "boolean", default: false },
        ...Object.fromEntries(flags.map((flag) => [flag, { type: "boolean" as const, default: false }])),
      },
      strict: true,
      allowPositionals: positionals,
    });
  } catch (err) {
    return fail((err as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const out = typeof values.out === "string" ? values.out : undefined;
  if (out !== undefined && out.trim() === "") return fail("--out needs a folder");
  return { positionals: parsed.positionals, out, flags: Object.fromEntries(flags.map((flag) => [flag, values[flag] === true])) };
}

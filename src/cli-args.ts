import { parseArgs } from "util";

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

import { ConfigError } from "./config";

/**
 * What a command prints when it cannot go on, and its exit code (1).
 *
 * A config error lists every problem with its config path. Anything else escaping
 * synth is a platform bug (the config is meant to reject every input a construct
 * would): one line with the construct path the construct put in its message, and how
 * to get the stack trace (`DEBUG=1`), instead of a trace into a bundle that does not
 * exist on disk.
 */
export function reportFatal(
  err: unknown,
  env: Readonly<Record<string, string | undefined>> = process.env,
  write: (text: string) => void = (text) => void process.stderr.write(text),
): number {
  if (err instanceof ConfigError) {
    write(`${err.message}\n`);
    return 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  const firstLine = message.split("\n")[0];
  write(`Error: ${firstLine}\n`);
  if (env.DEBUG) {
    write(`${err instanceof Error ? err.stack : message}\n`);
  } else {
    write("This is a bug in the platform, not in your config: please report it with the output of DEBUG=1.\n");
  }
  return 1;
}

/**
 * `npm run ci -- <command>`: what .github/workflows/platform.yml asks the config (see
 * ./pipeline.ts). The workflow runs it as `npm run --silent ci -- …`, so stdout carries
 * only the answer; the config line and problems go to stderr.
 *
 * Exit codes: 0 done, 1 the config or the input cannot be used (each problem on its own
 * line), 2 a usage error.
 */
import { readFileSync } from "fs";
import { parseArgs } from "util";
import { ConfigError, describeConfigSource, LoadedConfig, loadConfigWithSource, PlatformConfig } from "../config";
import { reportFatal } from "../fatal";
import { imageTagArguments, PipelineError, pipelineEnvironments, runSummary } from "./pipeline";

const USAGE = `usage: npm run ci -- <command>

  environments [--github-output]
      the environments the pipeline diffs and deploys (ci.github), in deploy order, as JSON:
      name, region, account, deployRoleArn, planRoleArn. --github-output prints
      environments=<json> and count=<n> lines for $GITHUB_OUTPUT
  image-vars [--] <image_tags>…
      "orders=1.4.2 catalog=abc123" (whitespace or commas) as cdktf deploy arguments,
      one per line: --var, image_tag_orders=1.4.2, …; nothing for an empty input
  summary <title> <log file>
      a cdktf diff/deploy log as Markdown for $GITHUB_STEP_SUMMARY
  --help  show this help

exit codes: 0 done, 1 config or input problem, 2 usage error`;

/** What the CLI talks to; tests replace parts of it. */
export interface CiCliDeps {
  /** Environment variables (INFRA_CONFIG). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The config and where it came from. */
  readonly loadConfig: (env: Readonly<Record<string, string | undefined>>) => LoadedConfig;
  readonly readFile: (path: string) => string;
}

const DEFAULT_DEPS: CiCliDeps = {
  env: process.env,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  loadConfig: (env) => loadConfigWithSource({ env }),
  readFile: (path) => readFileSync(path, "utf8"),
};

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[], overrides: Partial<CiCliDeps> = {}): number {
  const deps: CiCliDeps = { ...DEFAULT_DEPS, ...overrides };
  const usage = (problem: string): number => {
    deps.stderr(`${problem}\n\n${USAGE}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { "github-output": { type: "boolean", default: false }, help: { type: "boolean", default: false } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  if (parsed.values.help) {
    deps.stdout(`${USAGE}\n`);
    return 0;
  }
  const [command, ...args] = parsed.positionals;
  if (command === undefined) return usage("expected a command: environments, image-vars or summary");
  if (parsed.values["github-output"] && command !== "environments") return usage(`--github-output belongs to environments, not ${command}`);

  if (command === "summary") {
    if (args.length !== 2) return usage(`summary expects <title> <log file>, got ${args.length} argument(s)`);
    let log: string;
    try {
      log = deps.readFile(args[1]);
    } catch (err) {
      deps.stderr(`cannot read ${args[1]}: ${(err as Error).message}\n`);
      return 1;
    }
    deps.stdout(runSummary(args[0], log));
    return 0;
  }
  if (command !== "environments" && command !== "image-vars") return usage(`unknown command ${JSON.stringify(command)}`);
  if (command === "environments" && args.length > 0) return usage(`environments takes no argument, got ${args.join(" ")}`);

  let config: PlatformConfig;
  try {
    const loaded = deps.loadConfig(deps.env);
    deps.stderr(`${describeConfigSource(loaded.source)}\n`);
    config = loaded.config;
  } catch (err) {
    if (err instanceof ConfigError) {
      deps.stderr(`${err.message}\n`);
      return 1;
    }
    return reportFatal(err, deps.env, deps.stderr);
  }
  try {
    if (command === "environments") {
      const environments = pipelineEnvironments(config);
      deps.stdout(
        parsed.values["github-output"]
          ? `environments=${JSON.stringify(environments)}\ncount=${environments.length}\n`
          : `${JSON.stringify(environments, null, 2)}\n`,
      );
    } else {
      const vars = imageTagArguments(config, args.join(" "));
      deps.stdout(vars.map((arg) => `${arg}\n`).join(""));
    }
    return 0;
  } catch (err) {
    if (err instanceof PipelineError) {
      deps.stderr(`${err.message}\n`);
      return 1;
    }
    return reportFatal(err, deps.env, deps.stderr);
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

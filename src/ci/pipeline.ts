/**
 * What the committed GitHub Actions workflow (.github/workflows/platform.yml) reads from
 * the config at run time, so the workflow itself stays generic: it names no environment,
 * account or service, and nothing in it goes stale when the config changes.
 *
 * - {@link pipelineEnvironments}: the environments the pipeline diffs and deploys, in
 *   deploy order, each with its region, account and the ARNs of the roles bootstrap creates
 *   for GitHub's OIDC tokens.
 * - {@link imageTagArguments}: a workflow_dispatch `image_tags` input as `cdktf deploy`
 *   arguments (`--var image_tag_<name>=<tag>`).
 * - {@link runSummary}: a `cdktf diff`/`deploy` log as Markdown for the job summary.
 */
import { PlatformConfig } from "../config";
import { deployRoleName, imageTagProblem, partitionOfRegion, planRoleName } from "../core/aws-facts";
import { imageTagVariableName } from "../core/naming";
import { PIPELINE_DEPLOY_SLOTS } from "../config/fields";

/** How many environments the workflow deploys (see PIPELINE_DEPLOY_SLOTS, which the config enforces). */
export const DEPLOY_SLOTS = PIPELINE_DEPLOY_SLOTS;

/** A problem the pipeline cannot go on with; the message is one line per problem. */
export class PipelineError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "PipelineError";
  }
}

/** One environment as the workflow's jobs use it. */
export interface PipelineEnvironment {
  /** The environment's name: its stack, its GitHub environment and its concurrency group. */
  readonly name: string;
  /** Where its stack deploys (`environments.<env>.region`, else the top-level region). */
  readonly region: string;
  /** Its AWS account (required for pipeline environments by the config schema). */
  readonly account: string;
  /** The role `deploy` jobs assume (`<project>-<env>-deploy`, trusted for `environment:<env>`). */
  readonly deployRoleArn: string;
  /** The read-only role pull requests' `diff` jobs assume (`<project>-<env>-plan`). */
  readonly planRoleArn: string;
}

/** Guidance when the config has no `ci.github`: what to add, and where the roles come from. */
export const NO_CI_GITHUB =
  'ci.github is not set: add "ci": { "github": { "repository": "<owner>/<name>" } } to the config ' +
  "(each pipeline environment needs an account), deploy the bootstrap stacks to create the OIDC provider and roles, " +
  "then the workflow diffs and deploys (README: The pipeline)";

/**
 * The environments the pipeline diffs and deploys: `ci.github.environments` (default: all
 * declared), in the order of `environments`, which is the deploy order.
 * @throws PipelineError without `ci.github`, or with more environments than deploy jobs
 */
export function pipelineEnvironments(config: PlatformConfig): PipelineEnvironment[] {
  const github = config.ci.github;
  if (github === undefined) throw new PipelineError([NO_CI_GITHUB]);
  const listed = github.environments ?? Object.keys(config.environments);
  const names = Object.keys(config.environments).filter((name) => listed.includes(name));
  const missing = names.filter((name) => config.environments[name].account === undefined);
  if (missing.length > 0) {
    // The schema refuses this already; kept so an ARN never says "undefined".
    throw new PipelineError(missing.map((name) => `environments.${name}.account is required for an environment the pipeline deploys (ci.github)`));
  }
  if (names.length > DEPLOY_SLOTS) {
    throw new PipelineError([
      `ci.github deploys ${names.length} environments (${names.join(", ")}); the workflow has ${DEPLOY_SLOTS} deploy jobs: ` +
        `list at most ${DEPLOY_SLOTS} in ci.github.environments, or add deploy jobs to .github/workflows/platform.yml and raise PIPELINE_DEPLOY_SLOTS in src/config/fields.ts`,
    ]);
  }
  return names.map((name) => {
    const env = config.environments[name];
    const region = env.region ?? config.region;
    const account = env.account!;
    const roleArn = (role: string) => `arn:${partitionOfRegion(region)}:iam::${account}:role/${role}`;
    return {
      name,
      region,
      account,
      deployRoleArn: roleArn(deployRoleName(config.project, name)),
      planRoleArn: roleArn(planRoleName(config.project, name)),
    };
  });
}

/** The workloads whose image tag `cdktf deploy` takes: every service, and every job with its own image. */
function taggedWorkloads(config: PlatformConfig): string[] {
  return [...config.services.map((s) => s.name), ...config.jobs.filter((j) => j.service === undefined).map((j) => j.name)];
}

/**
 * An `image_tags` input (`orders=1.4.2 catalog=abc123`, separated by whitespace or commas)
 * as `cdktf deploy` arguments, one argv element each: `--var`, `image_tag_orders=1.4.2`, ….
 * An empty input gives none (the config's tags deploy).
 * @throws PipelineError listing every entry that is not `<declared workload>=<valid tag>`
 */
export function imageTagArguments(config: PlatformConfig, input: string): string[] {
  const workloads = taggedWorkloads(config);
  const problems: string[] = [];
  const tags = new Map<string, string>();
  for (const entry of input.split(/[\s,]+/).filter((e) => e !== "")) {
    const eq = entry.indexOf("=");
    if (eq <= 0) {
      problems.push(`image_tags: ${JSON.stringify(entry)} is not <service>=<tag> (e.g. orders=1.4.2)`);
      continue;
    }
    const name = entry.slice(0, eq);
    const tag = entry.slice(eq + 1);
    if (!workloads.includes(name)) {
      const job = config.jobs.find((j) => j.name === name);
      const dashed = workloads.find((w) => w.replace(/-/g, "_") === name);
      problems.push(
        job?.service !== undefined
          ? `image_tags: job ${JSON.stringify(name)} runs service ${job.service}'s image: tag ${job.service} instead`
          : `image_tags: unknown service ${JSON.stringify(name)}` +
              (dashed ? ` (did you mean ${JSON.stringify(dashed)}? name it as the config does)` : "") +
              `; the config declares ${workloads.join(", ")}`,
      );
      continue;
    }
    const problem = imageTagProblem(tag);
    if (problem) {
      problems.push(`image_tags: ${name}=${tag} — ${problem}`);
      continue;
    }
    const earlier = tags.get(name);
    if (earlier !== undefined && earlier !== tag) {
      problems.push(`image_tags: ${name} is given twice (${earlier} and ${tag}): give each service one tag`);
      continue;
    }
    tags.set(name, tag);
  }
  if (problems.length > 0) throw new PipelineError(problems);
  return [...tags].flatMap(([name, tag]) => ["--var", `${imageTagVariableName(name)}=${tag}`]);
}

/** GitHub refuses a step summary above 1 MiB; the log stays whole in the job log. */
export const SUMMARY_LIMIT = 1024 * 1024;

const ANSI_RE = /\x1b\[[0-9;?]*[A-Za-z]/g; // eslint-disable-line no-control-regex -- terminal colour codes are control characters
const KEY_LINE_RE = /(Plan: \d+ to add, \d+ to change, \d+ to destroy\.|No changes\..*|Apply complete!.*|Changes to Outputs:|Error: .*)$/;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A `cdktf diff` or `cdktf deploy` log as Markdown for `$GITHUB_STEP_SUMMARY`: a heading,
 * the plan's verdict lines ("Plan: …", "No changes.", "Apply complete! …", "Error: …"),
 * then the whole log, colour codes stripped, in a collapsed `<details>` block (cut to stay
 * under GitHub's 1 MiB limit, saying so).
 */
export function runSummary(title: string, log: string, limit = SUMMARY_LIMIT): string {
  const lines = log.replace(ANSI_RE, "").replace(/\r/g, "").split("\n");
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  const verdicts = [...new Set(lines.map((line) => KEY_LINE_RE.exec(line)?.[1]).filter((v): v is string => v !== undefined))];
  const head = [`### ${title}`, ""];
  if (verdicts.length > 0) head.push(...verdicts.map((v) => `- \`${v.replace(/`/g, "'")}\``));
  else head.push("No plan line in the output: see the details below or the job log.");
  head.push("", `<details><summary>Full output (${lines.length} lines)</summary>`, "", "<pre>");
  const tail = ["</pre>", "</details>", ""];
  const budget = limit - Buffer.byteLength([...head, ...tail, ""].join("\n")) - 200;
  const body: string[] = [];
  let used = 0;
  for (const line of lines) {
    const escaped = escapeHtml(line);
    const size = Buffer.byteLength(escaped) + 1;
    if (used + size > budget) {
      body.push(`… cut after ${body.length} of ${lines.length} lines to fit GitHub's summary limit; the job log has the rest`);
      break;
    }
    body.push(escaped);
    used += size;
  }
  return [...head, ...body, ...tail].join("\n");
}

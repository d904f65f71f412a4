import { readFileSync } from "fs";
import { join } from "path";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { parse } from "yaml";
import { DEPLOY_SLOTS, PipelineEnvironment, pipelineEnvironments } from "../../src/ci/pipeline";
import { loadPipelineConfig } from "./fixtures";

/**
 * .github/workflows/platform.yml: valid for GitHub, and deploying what `npm run ci --
 * environments` lists, in that order. The workflow is generic (it reads the environments at
 * run time), so these tests run its deploy jobs' expressions against the CLI's output for
 * the acceptance config (dev, qa, prod) the way GitHub would.
 */
const WORKFLOW_PATH = join(__dirname, "../../.github/workflows/platform.yml");
const RAW = readFileSync(WORKFLOW_PATH, "utf8");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed workflow is untyped YAML
type Yaml = any;
type Job = Record<string, Yaml>;
const WORKFLOW = parse(RAW) as { on: Yaml; permissions: Yaml; concurrency: Yaml; jobs: Record<string, Job> };

/** The environments the CLI prints for the acceptance config. */
const ENVIRONMENTS = pipelineEnvironments(loadPipelineConfig().config);

/** The expression every deploy job reads its environment with. */
const SLOT_RE = /^fromJSON\(needs\.environments\.outputs\.environments\)\[(\d+)\]\.(name|region|account|deployRoleArn|planRoleArn)$/;

/**
 * A workflow value with its `${{ … }}` parts evaluated against the environments job's
 * outputs, for the expressions a deploy job may use there (an index into the list, or
 * `count >= k`). Anything else throws: a test must not pass over an expression it does not
 * understand.
 */
function evaluate(value: string, environments: readonly PipelineEnvironment[]): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    const m = SLOT_RE.exec(expr);
    if (!m) throw new Error(`unexpected expression ${expr}`);
    const env = environments[Number(m[1])];
    return env === undefined ? "" : String(env[m[2] as keyof PipelineEnvironment]);
  });
}

/** Whether a deploy job's `if` lets it run on a push to main, given the outputs. */
function runsOnMain(job: Job, count: number): boolean {
  const m = /^github\.event_name != 'pull_request' && github\.ref == 'refs\/heads\/main' && needs\.environments\.outputs\.count >= (\d+)$/.exec(job.if);
  if (!m) throw new Error(`unexpected deploy condition ${job.if}`);
  return count >= Number(m[1]);
}

/** The deploy jobs in the order `needs` runs them; throws unless they form one chain. */
function deployChain(jobs: Record<string, Job>): string[] {
  const deploys = Object.keys(jobs).filter((id) => id.startsWith("deploy"));
  const needs = (id: string): string[] => [jobs[id].needs ?? []].flat();
  const before = (id: string): Set<string> => {
    const seen = new Set<string>();
    const walk = (j: string) => needs(j).forEach((n) => (seen.has(n) ? undefined : (seen.add(n), walk(n))));
    walk(id);
    return new Set([...seen].filter((n) => deploys.includes(n)));
  };
  const ordered = [...deploys].sort((a, b) => before(a).size - before(b).size);
  ordered.forEach((id, i) => {
    // The i-th job waits for exactly the i before it: no two deploy jobs can run at once.
    if (before(id).size !== i || !ordered.slice(0, i).every((earlier) => before(id).has(earlier))) {
      throw new Error(`${id} is not chained after ${ordered.slice(0, i).join(", ") || "nothing"}`);
    }
  });
  return ordered;
}

/** The environments a push to main deploys, in order: each running slot's `environment`. */
function deployedOnMain(jobs: Record<string, Job>, environments: readonly PipelineEnvironment[]): string[] {
  return deployChain(jobs)
    .filter((id) => runsOnMain(jobs[id], environments.length))
    .map((id) => evaluate(jobs[id].environment, environments));
}

/**
 * The errors GitHub's own parser (@actions/workflow-parser, what the Actions language service
 * runs) finds in a workflow: the schema's while parsing, then the conversion's (`needs`,
 * `if` expressions…), which it runs only when parsing found none.
 */
async function workflowErrors(content: string) {
  const { context, value } = parseWorkflow({ name: "platform.yml", content }, new NoOperationTraceWriter());
  if (value !== undefined) await convertWorkflowTemplate(context, value);
  return context.errors.getErrors();
}

const deployIds = () => Object.keys(WORKFLOW.jobs).filter((id) => id.startsWith("deploy"));
const usesOf = (job: Job): string[] => (job.steps as Job[]).filter((s) => s.uses).map((s) => String(s.uses).split("@")[0]);

describe("platform.yml against GitHub's workflow parser", () => {
  it("is a valid workflow", async () => {
    // GIVEN the committed workflow / WHEN parsed and converted as GitHub's language service does
    // THEN no error
    expect(await workflowErrors(RAW)).toEqual([]);
  });

  it.each([
    ["an unknown top-level key", "defaults:", "default:", "Unexpected value 'default'"],
    ["an event that does not exist", "  pull_request:", "  pull_requests:", "Unexpected value 'pull_requests'"],
    ["a permission value that does not exist", "  contents: read", "  contents: maybe", "Unexpected value 'maybe'"],
    // A missing key is reported on the first line of the job.
    ["a job without runs-on", "    runs-on: ubuntu-24.04", null, "Required property is missing: runs-on", "    name: environments"],
    ["a step with neither run nor uses", "      - run: npm ci", "      - runs: npm ci", "There's not enough info to determine what you meant"],
    [
      "an unknown context in an expression",
      "          CLOUDFLARE_API_TOKEN: ${{ secrets.CLOUDFLARE_PLAN_API_TOKEN }}",
      "          CLOUDFLARE_API_TOKEN: ${{ secret.CLOUDFLARE_PLAN_API_TOKEN }}",
      "Unrecognized named-value: 'secret'",
    ],
    // Found by the conversion only (convertWorkflowTemplate), not by the schema:
    [
      "a need of a job that does not exist",
      "    needs: [environments, deploy-1]",
      "    needs: [environments, deploy-0]",
      "Job 'deploy-2' depends on unknown job 'deploy-0'",
    ],
    [
      "deploy jobs that need each other in a cycle",
      "    needs: [environments, test]",
      "    needs: [environments, deploy-6]",
      "Job 'deploy-1' depends on job 'deploy-6' which creates a cycle",
    ],
    [
      "an if with an incomplete expression",
      "        if: github.event_name == 'workflow_dispatch'",
      "        if: github.event_name == 'workflow_dispatch' &&",
      "Unexpected end of expression",
    ],
  ])("rejects the workflow with %s", async (_, line, replacement, message, errorLine = replacement!) => {
    // GIVEN the workflow with its first line `line` replaced (null: removed)
    const lines = RAW.split("\n");
    expect(lines).toContain(line);
    lines.splice(lines.indexOf(line), 1, ...(replacement === null ? [] : [replacement]));
    const broken = lines.join("\n");
    // WHEN validated / THEN an error that says what is wrong, on the line where it is
    const errors = await workflowErrors(broken);
    expect(errors.filter((e) => e.message.includes(message)).map((e) => e.range?.start.line)).toContain(lines.indexOf(errorLine) + 1);
  });
});

describe("platform.yml deploys what the config lists, in config order", () => {
  it("deploys dev, qa, prod one after another on a push to main", () => {
    // GIVEN the CLI's environments for the acceptance config / WHEN the deploy jobs run on main
    // THEN they deploy the environments in the CLI's (the config's) order, each once
    expect(ENVIRONMENTS.map((e) => e.name)).toEqual(["dev", "qa", "prod"]);
    expect(deployedOnMain(WORKFLOW.jobs, ENVIRONMENTS)).toEqual(["dev", "qa", "prod"]);
  });

  it(`has ${DEPLOY_SLOTS} deploy jobs (DEPLOY_SLOTS), chained: deploy-1 after test, each after the one before`, () => {
    // GIVEN / WHEN the deploy jobs / THEN as many as the CLI allows environments, in one chain
    expect(deployIds()).toHaveLength(DEPLOY_SLOTS);
    expect(deployChain(WORKFLOW.jobs)).toEqual(Array.from({ length: DEPLOY_SLOTS }, (_, i) => `deploy-${i + 1}`));
    expect(WORKFLOW.jobs["deploy-1"].needs).toEqual(["environments", "test"]);
    for (let k = 2; k <= DEPLOY_SLOTS; k++) expect(WORKFLOW.jobs[`deploy-${k}`].needs).toEqual(["environments", `deploy-${k - 1}`]);
  });

  it("deploys every environment for any count up to DEPLOY_SLOTS, and skips the slots past it", () => {
    // GIVEN 1 … DEPLOY_SLOTS environments / WHEN the deploy jobs run on main / THEN each once, in order
    for (let n = 1; n <= DEPLOY_SLOTS; n++) {
      const environments = Array.from({ length: n }, (_, i) => ({ ...ENVIRONMENTS[0], name: `env${i}` }));
      expect(deployedOnMain(WORKFLOW.jobs, environments)).toEqual(environments.map((e) => e.name));
    }
  });

  it("would catch a slot that reads the wrong environment or runs out of turn (the check can fail)", () => {
    // GIVEN copies of the workflow with deploy-2 reading index 2, and with deploy-3 not waiting for deploy-2
    const swapped = structuredClone(WORKFLOW.jobs);
    swapped["deploy-2"].environment = swapped["deploy-3"].environment;
    const unchained = structuredClone(WORKFLOW.jobs);
    unchained["deploy-3"].needs = ["environments", "deploy-1"];
    // WHEN simulated / THEN the order is wrong, or the chain is refused
    expect(deployedOnMain(swapped, ENVIRONMENTS)).toEqual(["dev", "prod", "prod"]);
    expect(() => deployChain(unchained)).toThrow("deploy-3 is not chained after");
  });

  it("runs each deploy in the GitHub environment of the same name, one at a time per environment", () => {
    // GIVEN each slot that runs for the acceptance config / WHEN its settings are evaluated
    deployChain(WORKFLOW.jobs)
      .filter((id) => runsOnMain(WORKFLOW.jobs[id], ENVIRONMENTS.length))
      .forEach((id, i) => {
        const job = WORKFLOW.jobs[id];
        const expected = ENVIRONMENTS[i];
        const at = (value: string) => evaluate(value, ENVIRONMENTS);
        // THEN environment = the env name (so prod can require reviewers), a concurrency group per env that never cancels a running deploy
        expect(at(job.environment)).toBe(expected.name);
        expect(at(job.concurrency.group)).toBe(`platform-deploy-${expected.name}`);
        expect(job.concurrency["cancel-in-progress"]).toBe(false);
        // and the job's variables are that environment's
        expect(Object.fromEntries(Object.entries(job.env as Record<string, string>).map(([k, v]) => [k, at(v)]))).toEqual({
          ENVIRONMENT: expected.name,
          TARGET_REGION: expected.region,
          TARGET_ACCOUNT: expected.account,
          DEPLOY_ROLE_ARN: expected.deployRoleArn,
        });
      });
  });

  it("never deploys on a pull request nor from another branch than main", () => {
    // GIVEN / WHEN each deploy job's condition / THEN it requires a non-PR event on refs/heads/main
    for (const id of deployIds()) {
      expect(WORKFLOW.jobs[id].if).toMatch(/^github\.event_name != 'pull_request' && github\.ref == 'refs\/heads\/main' && /);
    }
    expect(WORKFLOW.on.push).toEqual({ branches: ["main"] });
    expect(Object.keys(WORKFLOW.on).sort()).toEqual(["pull_request", "push", "workflow_dispatch"]);
    expect(WORKFLOW.on.workflow_dispatch.inputs.image_tags).toMatchObject({ type: "string", required: false, default: "" });
  });

  it("runs the same steps in every deploy job: OIDC with the deploy role, the environment's Cloudflare token, the image tags", () => {
    // GIVEN deploy-1's steps
    const steps = WORKFLOW.jobs["deploy-1"].steps as Job[];
    // THEN every slot runs exactly them (slots differ by their environment only)
    for (const id of deployIds()) expect(WORKFLOW.jobs[id].steps).toEqual(steps);
    // and credentials come from the deploy role of the job's environment, pinned to its account
    const aws = steps.find((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(aws.with).toMatchObject({
      "role-to-assume": "${{ env.DEPLOY_ROLE_ARN }}",
      "aws-region": "${{ env.TARGET_REGION }}",
      "allowed-account-ids": "${{ env.TARGET_ACCOUNT }}",
    });
    expect(aws.with).not.toHaveProperty("aws-access-key-id");
    // and the deploy reads the environment secret, the dispatch input through the CLI, and deploys the job's environment
    const deploy = steps.find((s) => s.id === "deploy")!;
    expect(deploy.env).toEqual({ CLOUDFLARE_API_TOKEN: "${{ secrets.CLOUDFLARE_API_TOKEN }}", IMAGE_TAGS: "${{ inputs.image_tags }}" });
    expect(deploy.run).toContain('npm run --silent ci -- image-vars -- "$IMAGE_TAGS" > "$RUNNER_TEMP/image-vars"');
    expect(deploy.run).toContain('npx cdktf deploy "$ENVIRONMENT" --auto-approve --no-color "${image_vars[@]}"');
    // the dispatch input never lands in a script unquoted (only through the IMAGE_TAGS variable)
    expect(RAW.split("\n").filter((line) => line.includes("inputs.image_tags") && !/^\s+IMAGE_TAGS: \$\{\{ inputs\.image_tags \}\}$/.test(line))).toEqual([]);
  });

  it("gets the environments from the CLI, and checks a dispatch's image tags before any deploy", () => {
    // GIVEN the environments job
    const job = WORKFLOW.jobs.environments;
    // THEN its outputs are the CLI's lines, and the image tags are validated there
    expect(job.outputs).toEqual({ environments: "${{ steps.config.outputs.environments }}", count: "${{ steps.config.outputs.count }}" });
    const config = (job.steps as Job[]).find((s) => s.id === "config")!;
    expect(config.run).toBe('npm run --silent ci -- environments --github-output | tee -a "$GITHUB_OUTPUT"');
    const tags = (job.steps as Job[]).find((s) => String(s.run).includes("image-vars"))!;
    expect(tags.if).toBe("github.event_name == 'workflow_dispatch'");
  });
});

describe("platform.yml on pull requests", () => {
  it("tests: npm ci, npm test, npm run check, on node 22 with the npm cache", () => {
    // GIVEN / WHEN the test job / THEN its commands, in order
    const steps = WORKFLOW.jobs.test.steps as Job[];
    expect(steps.filter((s) => s.run && !s.name).map((s) => s.run)).toEqual(["npm ci", "npm test", "npm run check"]);
    expect(steps.find((s) => String(s.uses).startsWith("actions/setup-node@"))!.with).toEqual({ "node-version": 22, cache: "npm" });
  });

  it("diffs every listed environment with its read-only plan role, not on forks, plan in the job summary", () => {
    // GIVEN the diff job
    const job = WORKFLOW.jobs.diff;
    // THEN a matrix over the CLI's environments, only for branches of this repository
    expect(job.needs).toBe("environments");
    expect(job.strategy.matrix.target).toBe("${{ fromJSON(needs.environments.outputs.environments) }}");
    expect(job.strategy["fail-fast"]).toBe(false);
    expect(job.if).toContain("github.event_name == 'pull_request'");
    expect(job.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    const steps = job.steps as Job[];
    expect(steps.find((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"))!.with).toMatchObject({
      "role-to-assume": "${{ matrix.target.planRoleArn }}",
      "aws-region": "${{ matrix.target.region }}",
      "allowed-account-ids": "${{ matrix.target.account }}",
    });
    // with the repository's read-only Cloudflare token, and the summary written even when the diff fails
    const diff = steps.find((s) => s.id === "diff")!;
    expect(diff.env).toEqual({ CLOUDFLARE_API_TOKEN: "${{ secrets.CLOUDFLARE_PLAN_API_TOKEN }}" });
    expect(diff.run).toContain('npx cdktf diff "$ENVIRONMENT"');
    const summary = steps[steps.indexOf(diff) + 1];
    expect(summary.if).toBe("always() && steps.diff.outcome != 'skipped'");
    expect(summary.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    // terraform without the wrapper, so cdktf reads terraform's own output
    expect(steps.find((s) => String(s.uses).startsWith("hashicorp/setup-terraform@"))!.with).toEqual({
      terraform_version: "~1.11.0",
      terraform_wrapper: false,
    });
  });
});

describe("platform.yml supply chain and permissions", () => {
  it("reads contents at the top and grants id-token: write only to the jobs that assume a role", () => {
    // GIVEN / WHEN the permissions / THEN contents: read at the top, nothing else
    expect(WORKFLOW.permissions).toEqual({ contents: "read" });
    for (const [id, job] of Object.entries(WORKFLOW.jobs)) {
      const assumesRole = usesOf(job).includes("aws-actions/configure-aws-credentials");
      // THEN a job that assumes a role adds id-token: write and keeps contents: read; the others inherit the top
      if (assumesRole) expect([id, job.permissions]).toEqual([id, { contents: "read", "id-token": "write" }]);
      else expect([id, job.permissions]).toEqual([id, undefined]);
    }
  });

  it("pins every action to a full commit SHA with its release in a comment", () => {
    // GIVEN every `uses:` line of the file
    const lines = RAW.split("\n").filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(lines.length).toBeGreaterThanOrEqual(4 * (2 + DEPLOY_SLOTS));
    // THEN owner/repo@<40 hex> # vX.Y.Z, and only the four actions the pipeline needs
    for (const line of lines) expect(line).toMatch(/^\s*(-\s+)?uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    const pins = new Map<string, Set<string>>();
    for (const line of lines) {
      const [, action, pin] = /uses: ([^@]+)@(.*)$/.exec(line)!;
      pins.set(action, (pins.get(action) ?? new Set()).add(pin));
    }
    expect([...pins.keys()].sort()).toEqual(["actions/checkout", "actions/setup-node", "aws-actions/configure-aws-credentials", "hashicorp/setup-terraform"]);
    // and one version of each action everywhere
    for (const [action, versions] of pins) expect([action, versions.size]).toEqual([action, 1]);
  });

  it("does not leave the GitHub token in the checkout, nor cache npm on a job that holds deploy credentials", () => {
    // GIVEN / WHEN every checkout and the deploy jobs' setup-node / THEN persist-credentials false, no cache
    for (const job of Object.values(WORKFLOW.jobs)) {
      for (const step of (job.steps as Job[]).filter((s) => String(s.uses).startsWith("actions/checkout@"))) {
        expect(step.with).toEqual({ "persist-credentials": false });
      }
    }
    for (const id of deployIds()) {
      const node = (WORKFLOW.jobs[id].steps as Job[]).find((s) => String(s.uses).startsWith("actions/setup-node@"))!;
      expect(node.with).toEqual({ "node-version": 22, "package-manager-cache": false });
    }
  });
});

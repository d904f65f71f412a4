import { execFile } from "child_process";
import { createHash } from "crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { promisify } from "util";
import { TfJson } from "./synth";

const run = promisify(execFile);

/** Where terraform and the offline AWS provider mirror live on these machines. */
export const TERRAFORM_BIN = process.env.TERRAFORM_BIN ?? "/usr/local/bin/terraform";
export const PLUGIN_DIR = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";

/**
 * `describe` for a suite that runs terraform. Where terraform or the provider mirror is
 * missing the suite is skipped and says why (DESIGN.md); on these machines it always runs.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  const reason = terraformUnavailableReason();
  if (reason) {
    console.warn(`SKIPPING "${name}": ${reason}. Install terraform ≥ 1.10 and a hashicorp/aws 5.100.0 plugin mirror to run it.`);
  }
  (reason ? describe.skip : describe)(name, body);
}

/** Why the terraform tests cannot run here, or undefined when they can. */
export function terraformUnavailableReason(): string | undefined {
  if (!existsSync(TERRAFORM_BIN)) return `terraform not found at ${TERRAFORM_BIN} (set TERRAFORM_BIN)`;
  if (!existsSync(join(PLUGIN_DIR, "registry.terraform.io", "hashicorp", "aws"))) {
    return `no hashicorp/aws provider mirror under ${PLUGIN_DIR} (set TF_PLUGIN_DIR)`;
  }
  return undefined;
}

const PLACEHOLDER = "cloudflare-placeholder";
const DROPPED_PROVIDER_KEYS = ["assume_role", "profile", "allowed_account_ids", "shared_config_files", "shared_credentials_files"];

/**
 * The AWS part of a stack: what `terraform validate`/`plan` can check offline. The
 * Cloudflare provider is not in the mirror, so its blocks go; references to them become
 * placeholder literals of the same shape (a splat or `for` stays a list). The backend
 * goes (it needs a real bucket) and the AWS provider gets fake keys with `skip_*` flags.
 */
export function awsPart(stack: TfJson): TfJson {
  const json: TfJson = JSON.parse(JSON.stringify(stack));
  delete json.terraform?.backend;
  delete json.terraform?.required_providers?.cloudflare;
  for (const block of ["resource", "data"]) {
    for (const type of Object.keys(json[block] ?? {})) {
      if (type.startsWith("cloudflare_")) delete json[block][type];
    }
    if (json[block] && Object.keys(json[block]).length === 0) delete json[block];
  }
  if (json.provider) {
    delete json.provider.cloudflare;
    for (const aws of json.provider.aws ?? []) {
      for (const key of DROPPED_PROVIDER_KEYS) delete aws[key];
      Object.assign(aws, {
        access_key: "AKIAIOSFODNN7EXAMPLE",
        secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
      });
    }
  }
  return replaceCloudflareRefs(json) as TfJson;
}

function replaceCloudflareRefs(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value
      .filter((v) => !(typeof v === "string" && /^(cloudflare_[a-z_]+\.)/.test(v))) // depends_on entries
      .map(replaceCloudflareRefs);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceCloudflareRefs(v)]));
  }
  if (typeof value === "string" && value.includes("cloudflare_")) {
    const whole = /^\$\{(.*)\}$/s.exec(value);
    if (whole && /cloudflare_/.test(whole[1]) && (/\[\*\]/.test(whole[1]) || /^\s*\[\s*for\b/.test(whole[1]))) {
      return `\${["${PLACEHOLDER}"]}`;
    }
    return value.replace(/\bcloudflare_[a-z_]+\.[A-Za-z0-9_-]+(\[[^\]]*\])?(\.[A-Za-z0-9_]+(\[[^\]]*\])?)*/g, `"${PLACEHOLDER}"`);
  }
  return value;
}

/** What terraform said for one stack. */
export interface TerraformResult {
  readonly ok: boolean;
  /** The failing step and terraform's output, when not ok. */
  readonly error?: string;
  /** Resources to add, from the plan summary. */
  readonly toAdd?: number;
  readonly planOutput?: string;
}

/**
 * Runs init (offline mirror) and plan (which validates first) on a Terraform JSON
 * document in a fresh temp dir; with `plan: false`, init and validate only. The init is
 * a copy of one done once per run for the same providers (see `initTemplate`).
 */
export async function validateAndPlan(json: TfJson, options: { plan?: boolean } = {}): Promise<TerraformResult> {
  const dir = mkdtempSync(join(tmpdir(), "platform-tf-"));
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: "/dev/null",
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    TF_INPUT: "0",
  };
  const step = async (name: string, args: string[]): Promise<string> => {
    try {
      const { stdout, stderr } = await run(TERRAFORM_BIN, args, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
      return stdout + stderr;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`terraform ${name} failed:\n${e.stderr || ""}\n${e.stdout || e.message}`);
    }
  };
  try {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(json, null, 2));
    await initFrom(await initTemplate(json, env), dir);
    // `plan` validates the configuration first (same checks, same diagnostics) and stops
    // on an invalid one, so `validate` runs only when there is no plan: one provider
    // launch (its schema load is most of a small plan's cost) instead of two.
    if (options.plan === false) {
      await step("validate", ["validate", "-no-color"]);
      return { ok: true };
    }
    const plan = await step("plan", ["plan", "-refresh=false", "-lock=false", "-input=false", "-no-color"]);
    const m = /Plan: (\d+) to add/.exec(plan);
    return { ok: true, toAdd: m ? Number(m[1]) : 0, planOutput: plan };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const INIT_ARGS = ["init", "-backend=false", `-plugin-dir=${PLUGIN_DIR}`, "-input=false", "-no-color"];

/**
 * A folder where `terraform init` ran for the providers `json` needs, done once per test
 * run and shared by the workers (jest's globalSetup gives each run its own folder): init
 * only installs providers (`-backend=false`, and these documents have no modules), so
 * its `.terraform` and lock file serve every document that needs the same providers.
 * A document with modules, or a run without the shared folder, gets its own init.
 */
async function initTemplate(json: TfJson, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const shared = process.env.PLATFORM_TEST_TMPDIR;
  if (!shared || json.module) return undefined;
  // Providers named by required_providers, provider blocks, and resource/data type prefixes.
  const names = new Set<string>([...Object.keys(json.terraform?.required_providers ?? {}), ...Object.keys(json.provider ?? {})]);
  for (const block of ["resource", "data"]) for (const type of Object.keys(json[block] ?? {})) names.add(type.split("_")[0]);
  names.delete("terraform"); // terraform_data and friends: built in, nothing to install
  const needs: TfJson = {
    terraform: {
      ...(json.terraform?.required_version ? { required_version: json.terraform.required_version } : {}),
      required_providers: json.terraform?.required_providers ?? {},
    },
    provider: Object.fromEntries([...names].sort().map((n) => [n, [{}]])),
  };
  const text = JSON.stringify(needs);
  const template = join(shared, "tf-init", createHash("sha256").update(text).digest("hex"));
  if (existsSync(join(template, "done"))) return template;
  mkdirSync(join(shared, "tf-init"), { recursive: true });
  const staging = mkdtempSync(join(shared, "tf-init", "staging-"));
  writeFileSync(join(staging, "main.tf.json"), text);
  try {
    await run(TERRAFORM_BIN, INIT_ARGS, { cwd: staging, env, maxBuffer: 64 * 1024 * 1024 });
  } catch {
    rmSync(staging, { recursive: true, force: true });
    return undefined; // the document's own init reports the error
  }
  writeFileSync(join(staging, "done"), "");
  try {
    renameSync(staging, template);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another worker was first: same content
  }
  return template;
}

/** `dir` initialized: a copy of `template`'s `.terraform` and lock file, or a real init. */
async function initFrom(template: string | undefined, dir: string): Promise<void> {
  if (template) {
    cpSync(join(template, ".terraform"), join(dir, ".terraform"), { recursive: true, verbatimSymlinks: true });
    copyFileSync(join(template, ".terraform.lock.hcl"), join(dir, ".terraform.lock.hcl"));
    return;
  }
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" };
  try {
    await run(TERRAFORM_BIN, INIT_ARGS, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`terraform init failed:\n${e.stderr || ""}\n${e.stdout || e.message}`);
  }
}

/**
 * `validateAndPlan` for several documents in one terraform run: each document becomes a
 * module of one root (`module.doc_0`, `module.doc_1`, …), so terraform starts once and
 * loads the AWS provider's schema once, instead of once per document. Each document
 * keeps its own provider configuration. A document's `toAdd` counts the instances the
 * plan creates under its module (what `Plan: N to add` counts for a root). If any
 * document fails, all fail with terraform's output, whose diagnostics name the module;
 * the error starts with which module is which document. A document's `planOutput` is
 * its module's part of the plan: its resource changes (`# module.doc_N.… will be
 * created` and the block after it), the warnings in its file (`on doc_N/…`) and its
 * outputs (which the root re-exports, since terraform shows only the root's).
 */
export async function planTogether(docs: Record<string, TfJson>): Promise<Record<string, TerraformResult>> {
  const names = Object.keys(docs);
  const dir = mkdtempSync(join(tmpdir(), "platform-tf-"));
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_INPUT: "0" };
  const legend = names.map((n, i) => `module.doc_${i} = ${n}`).join(", ");
  try {
    const root: TfJson = { module: {} };
    names.forEach((name, i) => {
      mkdirSync(join(dir, `doc_${i}`));
      writeFileSync(join(dir, `doc_${i}`, "main.tf.json"), JSON.stringify(docs[name], null, 2));
      root.module[`doc_${i}`] = { source: `./doc_${i}` };
      // A module's outputs are not in the plan: the root re-exports them as `doc_N__name`.
      for (const [output, body] of Object.entries<TfJson>(docs[name].output ?? {})) {
        root.output ??= {};
        root.output[`doc_${i}__${output}`] = { value: `\${module.doc_${i}.${output}}`, ...(body.sensitive ? { sensitive: true } : {}) };
      }
    });
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(root, null, 2));
    let plan: string;
    try {
      await initFrom(undefined, dir);
      const { stdout, stderr } = await run(TERRAFORM_BIN, ["plan", "-refresh=false", "-lock=false", "-input=false", "-no-color"], {
        cwd: dir,
        env,
        maxBuffer: 256 * 1024 * 1024,
      });
      plan = stdout + stderr;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      const error = `(${legend})\n${e.message.startsWith("terraform init") ? e.message : `terraform plan failed:\n${e.stderr || ""}\n${e.stdout || e.message}`}`;
      return Object.fromEntries(names.map((n) => [n, { ok: false, error }]));
    }
    const toAdd = names.map((_, i) => (plan.match(new RegExp(`^\\s*# module\\.doc_${i}\\..+ will be created$`, "gm")) ?? []).length);
    // The per-module counts must add up to terraform's own summary.
    const total = Number(/Plan: (\d+) to add/.exec(plan)?.[1] ?? 0);
    const sum = toAdd.reduce((a, b) => a + b, 0);
    if (sum !== total) {
      const error = `(${legend})\nper-module creations (${toAdd.join(" + ")} = ${sum}) do not add up to the plan's ${total} to add:\n${plan}`;
      return Object.fromEntries(names.map((n) => [n, { ok: false, error }]));
    }
    const summary = plan.search(/^Plan: /m);
    const blocks = (summary >= 0 ? plan.slice(0, summary) : plan).split(/^(?= {2}# )/m);
    // Warnings (check blocks) name their file: `on doc_N/main.tf.json line …`.
    const diagnostics = plan.split(/^(?=(?:Warning|Error): )/m).filter((d) => /^(?:Warning|Error): /.test(d));
    // Re-exported outputs, under their own names again (`+ name = value`).
    // The section runs to the next unindented line; an entry (`  + doc_N__name = …`)
    // runs to the next entry, a heredoc value over several lines.
    const section = /^Changes to Outputs:\n([\s\S]*?)(?=^\S|(?![\s\S]))/m.exec(plan)?.[1] ?? "";
    const entries = section.split(/^(?= {2}[+~-] \w)/m);
    // (terraform aligns the `=` of all the root's outputs: one space, as a root of its own would have it with one output)
    const outputs = (i: number) =>
      entries.filter((e) => e.startsWith(`  + doc_${i}__`)).map((e) => e.replace(new RegExp(`^( {2}\\+ )doc_${i}__(\\S+) +=`), "$1$2 ="));
    const own = (i: number) =>
      [...blocks.filter((b) => b.startsWith(`  # module.doc_${i}.`)), ...diagnostics.filter((d) => d.includes(` doc_${i}/`)), ...outputs(i)].join("");
    return Object.fromEntries(names.map((name, i) => [name, { ok: true, toAdd: toAdd[i], planOutput: own(i) }]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One document of the run's one terraform plan (`__tests__/terraform.test.ts` plans every
 * case of every domain as modules of one root: terraform and the AWS provider start once
 * per test run, not once per suite), and what its domain expects of the result.
 */
export interface PlanCase {
  /** The test's title. */
  readonly title: string;
  /** GIVEN: the synthesized document, whole; the plan gets its AWS part (`awsPart`). */
  readonly given: () => TfJson | Promise<TfJson>;
  /** THEN: assertions on terraform's result (and on the document, where it matters). */
  readonly then: (result: TerraformResult, doc: TfJson) => void;
}

/** The result, or a failure naming the case and carrying terraform's output. */
export function planned(title: string, result: TerraformResult | undefined): TerraformResult {
  if (!result) throw new Error(`${title}: not planned`);
  if (!result.ok) throw new Error(`${title}: ${result.error}`);
  return result;
}

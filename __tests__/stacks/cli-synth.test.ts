import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { addressesOf, hclParseError, terraformJsonFromHcl } from "../support/hcl";
import { TfJson } from "../support/synth";
import { awsPart, describeWithTerraform, planTogether, TerraformResult } from "../support/terraform";

/** What a user runs: the cdktf CLI with this project's cdktf.json (app runner included). */
describe("cdktf synth (the CLI, as a user runs it)", () => {
  const root = resolve(__dirname, "..", "..");
  const cdktf = join(root, "node_modules", ".bin", "cdktf");
  const STACKS = ["bootstrap", "dev", "staging", "prod"];
  const FILES = ["cdk.tf", "cdk.tf.json"];

  // One --output folder, synthesized as JSON, then HCL, then JSON again: a user switching formats.
  const out = mkdtempSync(join(tmpdir(), "cli-synth-"));
  interface Step {
    status: number | null;
    output: string;
    /** Which of cdk.tf / cdk.tf.json each stack folder holds after the step. */
    files: Record<string, string[]>;
    /** Each stack's stack file, as written by the step. */
    text: Record<string, string>;
  }
  const steps: Step[] = [];

  beforeAll(() => {
    for (const args of [[], ["--hcl"], []]) {
      const r = spawnSync(cdktf, ["synth", "--output", out, ...args], {
        cwd: root,
        // An empty file, so an infra.config.json of the project does not change what is tested.
        env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", INFRA_CONFIG: join(root, "__tests__", "fixtures", "embedded-defaults.config.json") },
        encoding: "utf8",
      });
      const present = (stack: string) => FILES.filter((f) => existsSync(join(out, "stacks", stack, f)));
      const file = args.includes("--hcl") ? "cdk.tf" : "cdk.tf.json";
      const read = (stack: string) => (existsSync(join(out, "stacks", stack, file)) ? readFileSync(join(out, "stacks", stack, file), "utf8") : "");
      steps.push({
        status: r.status,
        output: `${r.stdout}\n${r.stderr}`,
        files: Object.fromEntries(STACKS.map((s) => [s, present(s)])),
        text: Object.fromEntries(STACKS.map((s) => [s, read(s)])),
      });
    }
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const only = (file: string) => Object.fromEntries(STACKS.map((s) => [s, [file]]));

  it("writes cdk.tf.json for every stack into the --output folder", () => {
    // GIVEN the app / WHEN cdktf synth --output runs (beforeAll, step 1) / THEN each stack folder holds cdk.tf.json only
    const [first] = steps;
    expect({ status: first.status, output: first.output }).toMatchObject({ status: 0 });
    expect(first.files).toEqual(only("cdk.tf.json"));
    for (const stack of STACKS) {
      expect(JSON.parse(first.text[stack])["//"].metadata.stackName).toBe(stack);
    }
  });

  it("writes HCL (cdk.tf) with --hcl and removes the cdk.tf.json an earlier synth left", () => {
    // GIVEN step 1's output / WHEN synth --hcl runs (step 2) / THEN each folder holds cdk.tf only
    const hcl = steps[1];
    expect({ status: hcl.status, output: hcl.output }).toMatchObject({ status: 0 });
    expect(hcl.files).toEqual(only("cdk.tf"));
    expect(hcl.text.prod).toMatch(/key\s+= "platform\/prod\/terraform.tfstate"/);
  });

  // The embedded defaults hold placeholders, so every stack carries the placeholder check.
  it.each(STACKS)("%s: cdk.tf holds the placeholder check of cdk.tf.json", async (stack) => {
    // GIVEN / WHEN step 2's HCL / THEN it holds the placeholder check, meaning what the JSON's does
    const hcl = steps[1].text[stack];
    expect(hcl).toMatch(/^check "config_placeholders" \{\n\s+assert \{\n/m);
    const json = JSON.parse(steps[0].text[stack]);
    expect(json.check.config_placeholders.assert).toHaveLength(1);
    // Read back as Terraform JSON: the same condition and message, the same local.
    const fromHcl = await terraformJsonFromHcl(hcl);
    expect(fromHcl.check).toEqual({ config_placeholders: [json.check.config_placeholders] });
    expect(fromHcl.locals).toEqual([expect.objectContaining({ config_placeholders: json.locals.config_placeholders })]);
  });

  it("writes cdk.tf.json again on a plain synth and removes the cdk.tf the --hcl synth left", () => {
    // GIVEN step 2's output / WHEN a plain synth runs again (step 3) / THEN each folder holds cdk.tf.json only
    const again = steps[2];
    expect({ status: again.status, output: again.output }).toMatchObject({ status: 0 });
    expect(again.files).toEqual(only("cdk.tf.json"));
    // Same stacks either way: the second JSON synth equals the first.
    expect(again.text).toEqual(steps[0].text);
  });

  describeWithTerraform("its HCL output (terraform)", () => {
    const results: Record<string, { hclJson: TfJson; result: TerraformResult }> = {};
    const PLANNED = "dev";

    beforeAll(async () => {
      const parsed = STACKS.filter((s) => steps[1].text[s] !== "" && hclParseError(steps[1].text[s]) === undefined);
      const hclJsons: Record<string, TfJson> = {};
      for (const stack of parsed) hclJsons[stack] = await terraformJsonFromHcl(steps[1].text[stack]);
      // All in one terraform run, one module each (the provider starts once). A plan
      // validates first, and the placeholder check only speaks at plan time.
      const planned = await planTogether(Object.fromEntries(parsed.map((stack) => [stack, awsPart(hclJsons[stack])])));
      for (const stack of parsed) results[stack] = { hclJson: hclJsons[stack], result: planned[stack] };
    });

    it.each(STACKS)("%s: cdk.tf parses (terraform fmt)", (stack) => {
      // GIVEN / WHEN step 2's HCL / THEN terraform fmt parses it
      expect(steps[1].text[stack]).not.toBe("");
      expect(hclParseError(steps[1].text[stack])).toBeUndefined();
    });

    it.each(STACKS)("%s: cdk.tf holds the resources of cdk.tf.json, and its AWS part passes terraform validate", (stack) => {
      // GIVEN / WHEN step 2's HCL, read back by terraform / THEN same resources as the JSON, and the AWS part validates
      const { hclJson, result } = results[stack] ?? {};
      expect(hclJson).toBeDefined();
      expect(addressesOf(hclJson).sort()).toEqual(addressesOf(JSON.parse(steps[0].text[stack])).sort());
      if (!result.ok) throw new Error(`${stack}: ${result.error}`);
    });

    it(`${PLANNED}: the plan of cdk.tf warns that the stack was built from placeholders`, () => {
      // GIVEN / WHEN the planned stack's HCL / THEN the plan warns, naming the placeholder keys
      const { result } = results[PLANNED] ?? {};
      expect(result).toMatchObject({ ok: true });
      // The warning's message (terraform wraps it), so a failure does not print the whole plan.
      const warning = /(?:^|\n)Warning: Check block assertion failed\n[\s\S]*?\n\n(This stack[\s\S]*?)(?:\n\n|\n?$)/.exec(result.planOutput ?? "");
      expect(warning?.[1].replace(/\s+/g, " ")).toMatch(
        /placeholder config values: state\.bucket = "[^"]+", domain\.cloudflareZoneId = "0+", domain\.name = "example\.com"\. Set them/,
      );
    });
  });
});

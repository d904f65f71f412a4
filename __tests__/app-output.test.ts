import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, TerraformStack } from "cdktf";
import { removeStaleStackFiles } from "../src/app-output";

describe("removeStaleStackFiles", () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), "app-output-"));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  /** Synthesizes one stack `s` into `outdir` the way the cdktf CLI asks for it (SYNTH_HCL_OUTPUT), after `before` left files there. */
  const synth = (hcl: boolean, before: string[]) => {
    const folder = join(outdir, "stacks", "s");
    mkdirSync(folder, { recursive: true });
    for (const name of before) writeFileSync(join(folder, name), "stale");
    const saved = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = String(hcl); // read by App and TerraformStack when constructed
    try {
      const app = new App({ outdir });
      new TerraformStack(app, "s");
      app.synth();
      const removed = removeStaleStackFiles(app);
      return { removed, files: readdirSync(folder).sort(), folder };
    } finally {
      if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = saved;
    }
  };

  it("removes an older cdk.tf (and its metadata.json) after a JSON synth", () => {
    // GIVEN an HCL output / WHEN synthesized as JSON / THEN only cdk.tf.json remains
    const { removed, files, folder } = synth(false, ["cdk.tf", "metadata.json"]);
    expect(files).toEqual(["cdk.tf.json"]);
    expect(removed.sort()).toEqual([join(folder, "cdk.tf"), join(folder, "metadata.json")]);
  });

  it("removes an older cdk.tf.json after an HCL synth and keeps the HCL's metadata.json", () => {
    // GIVEN a JSON output / WHEN synthesized as HCL / THEN cdk.tf and its metadata.json remain
    const { removed, files, folder } = synth(true, ["cdk.tf.json"]);
    expect(files).toEqual(["cdk.tf", "metadata.json"]);
    expect(removed).toEqual([join(folder, "cdk.tf.json")]);
  });

  it("removes nothing when the folder holds one format only", () => {
    // GIVEN a folder with one format / WHEN synthesized in it / THEN nothing is removed
    expect(synth(false, []).removed).toEqual([]);
    expect(existsSync(join(outdir, "stacks", "s", "cdk.tf.json"))).toBe(true);
  });
});

import { existsSync, rmSync } from "fs";
import { basename, dirname, join } from "path";
import { App, Manifest } from "cdktf";

/** The two stack files cdktf writes: `cdk.tf.json` by default, `cdk.tf` for `cdktf synth --hcl`. */
const JSON_FILE = "cdk.tf.json";
const HCL_FILE = "cdk.tf";

/**
 * Leaves exactly one Terraform format in each stack folder of the synth output. cdktf
 * writes `cdk.tf` (with `--hcl`, which the CLI passes to the app as
 * `SYNTH_HCL_OUTPUT=true`) or `cdk.tf.json`, but never removes the other one from an
 * earlier synth; Terraform then loads both, and `cdktf diff`/`deploy` fail on duplicate
 * blocks. Call after `app.synth()`: the manifest says which file each stack got, and the
 * other format (with `metadata.json`, which only HCL output uses) is removed.
 * Returns the removed paths.
 */
export function removeStaleStackFiles(app: App): string[] {
  const removed: string[] = [];
  for (const stack of Object.values(app.manifest.stacks)) {
    const written = join(app.outdir, stack.synthesizedStackPath);
    const stale = basename(written) === HCL_FILE ? [JSON_FILE] : [HCL_FILE, Manifest.stackMetadataPath];
    for (const name of stale) {
      const path = join(dirname(written), name);
      if (existsSync(path)) {
        rmSync(path);
        removed.push(path);
      }
    }
  }
  return removed;
}

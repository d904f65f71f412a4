import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

/** What a user runs: the cdktf CLI with this project's cdktf.json (app runner included). */
describe("cdktf synth (the CLI, as a user runs it)", () => {
  const root = resolve(__dirname, "..", "..");
  const cdktf = join(root, "node_modules", ".bin", "cdktf");
  const synth = (args: string[]) => {
    const out = mkdtempSync(join(tmpdir(), "cli-synth-"));
    const r = spawnSync(cdktf, ["synth", "--output", out, ...args], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", INFRA_CONFIG: "" },
      encoding: "utf8",
    });
    return { out, status: r.status, output: `${r.stdout}\n${r.stderr}` };
  };
  const STACKS = ["bootstrap", "dev", "staging", "prod"];

  it("writes cdk.tf.json for every stack into the --output folder", () => {
    const { out, status, output } = synth([]);
    try {
      expect({ status, output }).toMatchObject({ status: 0 });
      for (const stack of STACKS) {
        const json = JSON.parse(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8"));
        expect(json["//"].metadata.stackName).toBe(stack);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("writes HCL (cdk.tf) with --hcl", () => {
    const { out, status, output } = synth(["--hcl"]);
    try {
      expect({ status, output }).toMatchObject({ status: 0 });
      for (const stack of STACKS) {
        expect(existsSync(join(out, "stacks", stack, "cdk.tf"))).toBe(true);
      }
      expect(readFileSync(join(out, "stacks", "prod", "cdk.tf"), "utf8")).toMatch(/key\s+= "platform\/prod\/terraform.tfstate"/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const ROOT = resolve(__dirname, "..", "..");

/**
 * The app as a user runs it (`cdktf synth` runs `node scripts/app.js` with
 * CDKTF_OUTDIR set): a bad config stops it before any stack is written.
 */
describe("main.ts with INFRA_CONFIG (end to end)", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "config-e2e-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  let n = 0;
  const synth = (configPath: string) => {
    const outdir = join(work, `out-${n++}`);
    const r = spawnSync(process.execPath, ["scripts/app.js"], {
      cwd: ROOT,
      env: { ...process.env, INFRA_CONFIG: configPath, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, outdir };
  };
  const file = (name: string, text: string) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ["a missing INFRA_CONFIG file", () => join(work, "missing.json"), /INFRA_CONFIG: cannot read ".*missing\.json" \(ENOENT\)/],
    [
      "an unreadable INFRA_CONFIG (a directory)",
      () => (mkdirSync(join(work, "adir"), { recursive: true }), join(work, "adir")),
      /INFRA_CONFIG: cannot read .* \(EISDIR\)/,
    ],
    ["invalid JSON", () => file("invalid.json", '{"project": "acme",}'), /INFRA_CONFIG: ".*invalid\.json" is not valid JSON/],
    [
      "a schema violation",
      () => file("cidr.json", JSON.stringify({ environments: { prod: { vpcCidr: "10.0.0.0/8" } } })),
      /environments\.prod\.vpcCidr: got "10\.0\.0\.0\/8" — prefix must be between \/16 and \/24/,
    ],
    [
      "a cross-field violation",
      () => file("nat.json", JSON.stringify({ environments: { dev: { natGateways: "none" } } })),
      /environments\.dev\.natGateways: got "none"/,
    ],
    ["an unknown key", () => file("typo.json", JSON.stringify({ servcies: [] })), /servcies: unknown key \(a typo\?\)/],
    [
      "a suppression without reason",
      () => file("supp.json", JSON.stringify({ checks: { suppress: [{ rule: "x", address: "y" }] } })),
      /checks\.suppress\[0\]\.reason: got nothing/,
    ],
  ])("fails on %s with the field path in stderr and writes no stack", (_what, makeConfig, message) => {
    // GIVEN a bad config WHEN the app runs
    const r = synth((makeConfig as () => string)());
    // THEN it exits non-zero, says what is wrong where, and wrote no stack
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message as RegExp);
    expect(existsSync(join(r.outdir, "stacks"))).toBe(false);
  });

  it("writes all four stacks from a minimal valid file", () => {
    // GIVEN a file that only sets the project / WHEN the app runs
    const r = synth(file("valid.json", JSON.stringify({ project: "acme" })));
    // THEN it names the file, exits 0 and writes every stack, keyed by the project
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`config: ${join(work, "valid.json")} · environments: dev, staging, prod\n`);
    expect(r.code).toBe(0);
    const missing = ["bootstrap", "dev", "staging", "prod"].filter((stack) => !existsSync(join(r.outdir, "stacks", stack, "cdk.tf.json")));
    expect(missing).toEqual([]);
    const prod = JSON.parse(readFileSync(join(r.outdir, "stacks", "prod", "cdk.tf.json"), "utf8"));
    expect(prod.terraform.backend.s3.key).toBe("acme/prod/terraform.tfstate");
  });
});

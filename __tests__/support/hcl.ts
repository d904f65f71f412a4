import { spawnSync } from "child_process";
// The HCL parser cdktf itself uses (hashicorp/hcl compiled to wasm); installed with cdktf-cli.
import { parse } from "@cdktf/hcl2json";
import { TfJson } from "./synth";
import { TERRAFORM_BIN } from "./terraform";

/** Why `terraform fmt` rejected `hcl`, or undefined when it parses. */
export function hclParseError(hcl: string): string | undefined {
  const r = spawnSync(TERRAFORM_BIN, ["fmt", "-no-color", "-"], {
    input: hcl,
    encoding: "utf8",
    env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
  });
  return r.status === 0 ? undefined : `terraform fmt exit ${r.status}: ${r.stderr || r.error?.message}`;
}

/**
 * A synthesized `cdk.tf` as the same configuration in Terraform's JSON syntax, so the
 * projections and runners written for `cdk.tf.json` (`awsPart`, `validateAndPlan`) apply
 * to the HCL output too. hcl2json writes every expression as a `${…}` template and every
 * block as a list, which Terraform's JSON syntax accepts except where it wants a literal:
 * the `terraform` block (backend, required_providers), variable `type` and the
 * addresses of `moved` blocks.
 */
export async function terraformJsonFromHcl(hcl: string): Promise<TfJson> {
  const json: TfJson = await parse("cdk.tf", hcl);
  const terraform = single(json.terraform);
  if (terraform) {
    const backend = single(terraform.backend);
    json.terraform = {
      ...terraform,
      ...(backend ? { backend: Object.fromEntries(Object.entries(backend).map(([type, body]) => [type, single(body)])) } : {}),
      ...(terraform.required_providers ? { required_providers: single(terraform.required_providers) } : {}),
    };
  }
  for (const blocks of Object.values<TfJson[]>(json.variable ?? {})) {
    for (const v of blocks) {
      if (typeof v.type === "string") v.type = v.type.replace(/^\$\{([\s\S]*)\}$/, "$1");
    }
  }
  const bare = (v: unknown) => (typeof v === "string" ? v.replace(/^\$\{([\s\S]*)\}$/, "$1") : v);
  for (const moved of (json.moved ?? []) as TfJson[]) {
    moved.from = bare(moved.from);
    moved.to = bare(moved.to);
  }
  return json;
}

/** The one block of a list hcl2json wrote (an object stays as it is). */
function single(value: unknown): TfJson | undefined {
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new Error(`expected one block, got ${value.length}`);
    return value[0];
  }
  return value as TfJson | undefined;
}

/** `type.name` of every resource and data source (`data.type.name`) of a Terraform JSON document. */
export function addressesOf(json: TfJson): string[] {
  return ["resource", "data"].flatMap((mode) =>
    Object.entries<TfJson>(json[mode] ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${mode === "data" ? "data." : ""}${type}.${name}`)),
  );
}

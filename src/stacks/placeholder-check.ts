import { TerraformLocal, TerraformStack } from "cdktf";
import type { Placeholder } from "../config/defaults";
import { TerraformCheck } from "./terraform-check";

/**
 * A Terraform `check` block that fails, as a plan warning, while the stack was built
 * from placeholder config values (the embedded example zone id, bucket or domain):
 * `terraform plan` / `cdktf diff` then names the keys to set before anyone applies.
 * A check's condition must reference something in the configuration, hence the local.
 * A {@link TerraformCheck}, not a stack override: `cdktf synth --hcl` drops those.
 * https://developer.hashicorp.com/terraform/language/checks
 */
export function addPlaceholderCheck(stack: TerraformStack, placeholders: readonly Placeholder[]): void {
  if (placeholders.length === 0) return;
  const keys = new TerraformLocal(
    stack,
    "config_placeholders",
    placeholders.map((p) => `${p.path} = ${JSON.stringify(p.value)}`),
  );
  // Construct ids are unique per scope; the block keeps the local's name.
  const check = new TerraformCheck(stack, "config_placeholders_check", {
    assertions: [
      {
        condition: `\${length(${keys.fqn}) == 0}`,
        errorMessage:
          `This stack was synthesized from placeholder config values: \${join(", ", ${keys.fqn})}. ` +
          "Set them in infra.config.json (or the file INFRA_CONFIG names) and synthesize again before applying.",
      },
    ],
  });
  check.overrideLogicalId("config_placeholders");
}

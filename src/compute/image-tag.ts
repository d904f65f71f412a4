import { Construct } from "constructs";
import { Fn, TerraformVariable } from "cdktf";
import { IMAGE_TAG_RE } from "../core/aws-facts";
import { imageTagVariableName } from "../core/naming";

export { imageTagVariableName };

/**
 * The deploy-time image tag of a service or job: a variable named
 * `image_tag_<name>` (CI passes `--var image_tag_<name>=<tag>`), defaulting to the
 * config's tag, and refusing what Docker would refuse before anything is planned.
 */
export function imageTagVariable(
  scope: Construct,
  id: string,
  props: { readonly workloadName: string; readonly defaultTag: string; readonly description: string },
): TerraformVariable {
  const variable = new TerraformVariable(scope, id, { type: "string", default: props.defaultTag, description: props.description });
  variable.overrideLogicalId(imageTagVariableName(props.workloadName));
  variable.addValidation({
    condition: Fn.can(Fn.regex(IMAGE_TAG_RE.source, variable.stringValue)),
    errorMessage: "An image tag is 1–128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'.",
  });
  return variable;
}

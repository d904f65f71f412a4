import { physicalNameOf } from "./aws-facts";

/** Physical names from one helper, so every resource of a stack reads `<project>-<env>-<name>`. */
export interface NamingContext {
  readonly project: string;
  readonly envName: string;
}

/** `<project>-<env>` or `<project>-<env>-<name>`. */
export function physicalName(ctx: NamingContext, name?: string): string {
  return physicalNameOf(ctx.project, ctx.envName, name);
}

/**
 * The Terraform variable that holds a workload's (service's, or job's with its own image)
 * image tag: `image_tag_<name with - → _>`. CI and `npm run release` name it too, so the
 * rule lives here, away from the constructs.
 */
export function imageTagVariableName(workloadName: string): string {
  return `image_tag_${workloadName.replace(/-/g, "_")}`;
}

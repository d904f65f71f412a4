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

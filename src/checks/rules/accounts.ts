import { blocks, TfStack } from "../tf";
import { StackRule, Violation } from "../types";
import { PROD_ONLY, stackRule } from "./helpers";

/**
 * The account an environment's AWS provider is pinned to (`allowed_account_ids`), if any.
 * Bootstrap stacks are left out: their account follows from the environments' and from
 * `state.roleArn` (README: Multi-account).
 */
function unpinnedEnvironment(stack: TfStack): Violation[] {
  if (stack.name === "bootstrap" || stack.name.startsWith("bootstrap-")) return [];
  const providers = blocks(stack.json.provider?.aws).filter((p) => p.alias === undefined);
  const unpinned = providers.filter((p) => !Array.isArray(p.allowed_account_ids) || p.allowed_account_ids.length === 0);
  return unpinned.map(() => ({
    address: "provider.aws",
    message: `the AWS provider has no allowed_account_ids: \`cdktf deploy ${stack.name}\` with another account's credentials would build ${stack.name} there; set environments.${stack.name}.account`,
  }));
}

/**
 * Account guard: AWS keeps environments in separate accounts (Well-Architected SEC01-BP01,
 * https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_securely_operate_multi_accounts.html), and a
 * pinned provider refuses other credentials before any change
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#allowed_account_ids).
 */
export const accountRules: StackRule[] = [
  stackRule({
    id: "environment-account-pinned",
    title: "Each environment names its AWS account (environments.<env>.account)",
    refs: ["SEC01-BP01"],
    severity: "warning",
    environments: ["dev", "staging"],
    check: unpinnedEnvironment,
  }),
  stackRule({
    id: "prod-account-pinned",
    title: "A prod-profile environment names its AWS account (environments.<env>.account)",
    refs: ["SEC01-BP01"],
    environments: PROD_ONLY,
    check: unpinnedEnvironment,
  }),
];

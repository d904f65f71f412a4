import type { ProfileName } from "../config/fields";
import type { TfApp, TfStack } from "./tf";

/** `error` fails `npm run check` (unless suppressed); `warning` only prints. */
export type Severity = "error" | "warning";

/** One problem a rule found in one resource. */
export interface Finding {
  /** Rule id, e.g. `rds-not-public`. */
  readonly rule: string;
  /** Scanner / benchmark ids the rule maps to (`CKV_AWS_17`, `RDS.2`). */
  readonly refs: readonly string[];
  /** Stack name (`dev`, `prod`, `bootstrap`). */
  readonly stack: string;
  /** Terraform address of the resource, e.g. `aws_db_instance.database_instance_1A2B3C`. */
  readonly address: string;
  /** Construct path of the resource (`prod/database/instance`), when the JSON records one. */
  readonly path?: string;
  readonly severity: Severity;
  /** What is wrong and what satisfies the rule. */
  readonly message: string;
  /** Set when a `checks.suppress[]` entry matches: the finding prints but does not fail. */
  readonly suppressed?: boolean;
  /** The suppression's reason. */
  readonly reason?: string;
}

/** What a rule reports: the engine adds rule id, refs, severity (and the stack, for stack rules). */
export interface Violation {
  readonly address: string;
  readonly message: string;
}

/** A violation of an app-level rule names its stack. */
export interface AppViolation extends Violation {
  readonly stack: string;
}

interface RuleBase {
  /** Stable kebab-case id; `checks.suppress[].rule` names it (or one of its refs). */
  readonly id: string;
  /** One line: what must hold. */
  readonly title: string;
  /** Scanner ids (checkov, Security Hub, trivy) or the guide section it comes from. */
  readonly refs: readonly string[];
  readonly severity: Severity;
  /**
   * Environments the rule applies to. Dev relaxes only cost items (multi-AZ, NAT per
   * AZ, deletion protection, long log retention), by leaving dev out here — never by
   * suppressing. A stack that is not `dev` or `staging` (prod, bootstrap, anything
   * else) is checked as `prod`, the strictest.
   */
  readonly environments: readonly ProfileName[];
}

/** A rule that looks at one stack at a time. */
export interface StackRule extends RuleBase {
  readonly scope: "stack";
  check(stack: TfStack): Violation[];
}

/** A rule that sees every stack of the app at once (e.g. zone settings owned by exactly one stack). */
export interface AppRule extends RuleBase {
  readonly scope: "app";
  check(app: TfApp): AppViolation[];
}

/** Any rule. */
export type Rule = StackRule | AppRule;

/** A `checks.suppress[]` entry of the config (forms: see `./suppress`). */
export interface Suppression {
  /** A rule id or a control id from its refs (`ECS.5`, `CKV_AWS_336`). */
  readonly rule: string;
  /**
   * A Terraform address (`aws_db_instance.db`), `<stack>/<address>`, a construct path
   * (`prod/database/instance`), `<stack>/<service>`, or a glob of any of them.
   */
  readonly address: string;
  readonly reason: string;
}

import { PROFILE_NAMES, ProfileName } from "../../config/schema";
import { describePorts, refsIn, SgRule, Statement, TfResource, TfStack } from "../tf";
import { AppRule, StackRule, Violation } from "../types";

/** Every profile. */
export const ALL_ENVIRONMENTS: readonly ProfileName[] = PROFILE_NAMES;
/** The staging and prod profiles: where dev's cost relaxations do not apply. */
export const NOT_DEV: readonly ProfileName[] = ["staging", "prod"];
/** The prod profile only. */
export const PROD_ONLY: readonly ProfileName[] = ["prod"];

type StackRuleSpec = Omit<StackRule, "scope" | "environments" | "severity"> & Partial<Pick<StackRule, "environments" | "severity">>;
type AppRuleSpec = Omit<AppRule, "scope" | "environments" | "severity"> & Partial<Pick<AppRule, "environments" | "severity">>;

/** A stack rule; severity `error` and every environment unless stated. */
export function stackRule(spec: StackRuleSpec): StackRule {
  return { severity: "error", environments: ALL_ENVIRONMENTS, ...spec, scope: "stack" };
}

/** An app-level rule (sees every stack); severity `error` unless stated. */
export function appRule(spec: AppRuleSpec): AppRule {
  return { severity: "error", environments: ALL_ENVIRONMENTS, ...spec, scope: "app" };
}

/** What a per-resource check returns: nothing (compliant), one message or several. */
export type Verdict = string | readonly string[] | undefined | false | null;

/** Runs `fn` on every resource of `type`; each message becomes a violation at that resource. */
export function eachResource(type: string, fn: (r: TfResource, stack: TfStack) => Verdict): (stack: TfStack) => Violation[] {
  return (stack) =>
    stack.resources(type).flatMap((r) => {
      const verdict = fn(r, stack);
      if (!verdict) return [];
      return (typeof verdict === "string" ? [verdict] : verdict).map((message) => ({ address: r.address, message }));
    });
}

/** `value` for a message: JSON, or "unset". */
export function shown(value: unknown): string {
  return value === undefined ? "unset" : JSON.stringify(value);
}

/** Whether a value is a non-empty string (a literal or an expression). */
export function isSet(value: unknown): boolean {
  return typeof value === "string" ? value.trim() !== "" : value !== undefined && value !== null;
}

/** Whether a resource-policy statement allows a `*` principal (anyone). */
export function admitsAnyone(s: Statement): boolean {
  return s.effect === "Allow" && (s.principals ?? []).some((p) => p.ids.includes("*"));
}

/** A security group rule for a message: `tcp 2049-2049 from aws_security_group.x, 10.0.0.0/16`. */
export function describeRule(r: SgRule): string {
  const peer = [...r.cidrs, ...r.ipv6Cidrs, ...r.peerGroups.map((p) => refsIn(p)[0]?.address ?? p), ...r.prefixLists, ...(r.self ? ["self"] : [])].join(", ");
  return `${describePorts(r)} from ${peer || "nothing"}`;
}

import { z } from "zod";
import { DNS_LABEL_RE, imageTagProblem } from "../core/aws-facts";

/** Field schemas and helpers shared by the config's schema modules. */

/** The environments this app deploys, in order. Stack names are these names. */
export const ENVIRONMENT_NAMES = ["dev", "staging", "prod"] as const;
/** One of {@link ENVIRONMENT_NAMES}. */
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** A lowercase DNS label, `what` naming it in the message. */
export const dnsLabel = (what: string) =>
  z.string().regex(DNS_LABEL_RE, `${what} must be a lowercase DNS label: 1–63 characters of a–z, 0–9 and '-', starting with a letter, not ending with '-'`);

/** A zod refinement from an aws-facts predicate (message or undefined). */
export const fact =
  <T>(problem: (value: T) => string | undefined) =>
  (value: T, ctx: z.RefinementCtx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  };

/**
 * A Docker tag. Repositories are IMMUTABLE, so a moving tag such as `latest` could be
 * pushed once and never rolled forward: deploy versions or commit SHAs.
 */
export const imageTag = z.string().superRefine(fact(imageTagProblem));

/** The tag deployed when none is set (`services[].imageTag`, `jobs[].imageTag`). */
export const DEFAULT_IMAGE_TAG = "1.0.0";

/** A config path, as zod issues take it. */
export type IssuePath = (string | number)[];

/** Adds a custom issue at `path`. */
export function issue(ctx: z.RefinementCtx, path: IssuePath, message: string): void {
  ctx.addIssue({ code: "custom", path, message });
}

/**
 * Keys an object refuses with a reason of their own, not just "unknown key (a typo?)": the
 * loader prints the reason instead, and never the value (it may be a secret someone pasted).
 * Kept out of the JSON Schema: editors see an ordinary unknown key.
 */
export const refusedKeys = z.registry<{ readonly reasons: Readonly<Record<string, string>> }>();

/** Registers `reasons` (key → why it is refused) on `schema`, and returns it. */
export function refuseKeys<T extends z.core.$ZodType>(schema: T, reasons: Readonly<Record<string, string>>): T {
  refusedKeys.add(schema, { reasons });
  return schema;
}

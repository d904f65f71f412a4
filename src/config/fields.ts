import { z } from "zod";
import { DNS_LABEL_RE, imageTagProblem } from "../core/aws-facts";

/** Field schemas and helpers shared by the config's schema modules. */

/**
 * The built-in profiles (`environments.<env>.profile`): the defaults an environment starts
 * from. They are also the environments of the embedded defaults, each its own profile.
 */
export const PROFILE_NAMES = ["dev", "staging", "prod"] as const;
/** One of {@link PROFILE_NAMES}. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Whether `name` is a built-in profile's name. */
export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/**
 * How many environments the committed workflow deploys one after another: it has this many
 * deploy jobs (`deploy-1` … `deploy-N`), each needing the one before, because GitHub
 * documents the order in which a matrix's jobs are created but not the order in which they
 * start. The config refuses more pipeline environments; a test keeps the workflow and this
 * number equal.
 */
export const PIPELINE_DEPLOY_SLOTS = 6;

/** An environment's name (a key of `environments`): also its stack's name. */
export type EnvironmentName = string;

/**
 * Environment names are short: they sit in every physical name, `<project>-<env>-<svc>-exec`
 * among them, which IAM limits to 64 characters.
 */
export const ENVIRONMENT_NAME_MAX_LENGTH = 12;

/** Names a stack of its own already has. */
const RESERVED_ENVIRONMENT_NAMES = ["bootstrap"];

/** Why `name` cannot name an environment, or undefined. */
export function environmentNameProblem(name: string): string | undefined {
  if (!DNS_LABEL_RE.test(name) || name.length > ENVIRONMENT_NAME_MAX_LENGTH) {
    return `must be a lowercase DNS label of 1–${ENVIRONMENT_NAME_MAX_LENGTH} characters (a–z, 0–9 and '-', starting with a letter, not ending with '-'): it names the stack and starts every physical name`;
  }
  if (RESERVED_ENVIRONMENT_NAMES.includes(name)) return `is the name of the state stack (bootstrap): name the environment otherwise`;
  return reservedNameProblem(name);
}

/**
 * DNS labels that are also properties of every JavaScript object (`constructor`): names
 * become construct ids and object keys, where such a name collides with what every object
 * already has.
 */
export const RESERVED_OBJECT_KEYS: readonly string[] = Object.getOwnPropertyNames(Object.prototype).filter((name) => DNS_LABEL_RE.test(name));

/** Why `name` cannot be used as a name the platform keys objects and constructs by, or undefined. */
export function reservedNameProblem(name: string): string | undefined {
  return RESERVED_OBJECT_KEYS.includes(name)
    ? `is reserved: "${name}" is a property of every JavaScript object, which the app keys names by; pick another name`
    : undefined;
}

/** A lowercase DNS label, `what` naming it in the message; never a {@link RESERVED_OBJECT_KEYS} name. */
export const dnsLabel = (what: string) =>
  z
    .string()
    .regex(DNS_LABEL_RE, `${what} must be a lowercase DNS label: 1–63 characters of a–z, 0–9 and '-', starting with a letter, not ending with '-'`)
    .superRefine((name, ctx) => {
      const problem = reservedNameProblem(name);
      if (problem) ctx.addIssue({ code: "custom", message: `${what} ${problem}` });
    });

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

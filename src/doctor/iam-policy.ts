/**
 * Enough of IAM's policy evaluation to tell whether a role's own policies allow an
 * action on a resource: an Allow statement matches (Action/NotAction, Resource/NotResource,
 * IAM's `*` and `?` wildcards) and no Deny statement does. Conditions are not evaluated
 * (a conditional Allow counts as allowing), nor are permissions boundaries, SCPs or
 * resource policies: a grant missing here is missing for sure; one present here can
 * still be refused elsewhere.
 */

/** One statement of an identity policy, as IAM returns it. */
export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: unknown;
}

/** A statement and the policy it came from (for messages). */
export interface RoleStatement {
  readonly policy: string;
  readonly statement: IamStatement;
}

/**
 * The statements of a policy document as IAM's Get* calls return it: URL-encoded JSON
 * (RFC 3986), with `Statement` an object or a list. Throws on a document that is not JSON.
 */
export function parsePolicyDocument(text: string): IamStatement[] {
  const json = text.trimStart().startsWith("{") ? text : decodeURIComponent(text);
  const doc = JSON.parse(json) as { Statement?: IamStatement | IamStatement[] };
  const statements = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.filter((s) => s.Effect === "Allow" || s.Effect === "Deny");
}

/** IAM's wildcard match: `*` any run of characters, `?` any one character. */
export function iamGlob(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

const list = (value: string | readonly string[] | undefined): readonly string[] => (value === undefined ? [] : typeof value === "string" ? [value] : value);

function matchesAction(s: IamStatement, action: string): boolean {
  // Action names are case-insensitive in IAM.
  if (s.Action !== undefined) return list(s.Action).some((a) => iamGlob(a, action, true));
  if (s.NotAction !== undefined) return !list(s.NotAction).some((a) => iamGlob(a, action, true));
  return false;
}

function matchesResource(s: IamStatement, covers: (pattern: string) => boolean): boolean {
  if (s.Resource !== undefined) return list(s.Resource).some(covers);
  if (s.NotResource !== undefined) return !list(s.NotResource).some(covers);
  return false;
}

/**
 * Whether `statements` allow `action` on a resource: `covers(pattern)` says whether a
 * Resource entry covers it (pass {@link coversArn} for a plain ARN).
 */
export function isAllowed(statements: readonly RoleStatement[], action: string, covers: (pattern: string) => boolean): boolean {
  const applies = (s: IamStatement) => matchesAction(s, action) && matchesResource(s, covers);
  return (
    statements.some((r) => r.statement.Effect === "Allow" && applies(r.statement)) &&
    !statements.some((r) => r.statement.Effect === "Deny" && applies(r.statement))
  );
}

/** The Deny statements' policies that refuse `action` (for messages), if any. */
export function denyingPolicies(statements: readonly RoleStatement[], action: string, covers: (pattern: string) => boolean): string[] {
  return [
    ...new Set(
      statements
        .filter((r) => r.statement.Effect === "Deny" && matchesAction(r.statement, action) && matchesResource(r.statement, covers))
        .map((r) => r.policy),
    ),
  ];
}

/** A Resource matcher for one ARN. */
export function coversArn(arn: string): (pattern: string) => boolean {
  return (pattern) => iamGlob(pattern, arn);
}

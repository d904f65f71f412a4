import { parseJsonString } from "../../src/checks/tf";

/**
 * The value of a synthesized JSON document attribute (a policy, a trust policy, container
 * definitions), read the way the checker reads it: `${jsonencode({…})}` or a JSON string
 * with raw `${…}` references inside. Strings come back as Terraform JSON-string text:
 * references as `${…}` (with their own quotes), template escapes `$${`/`%%{` kept.
 * Throws when the attribute is not a readable document, so a test cannot pass on nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers pick T; the default is free indexing, as for TfJson
export function decodeJson<T = any>(text: unknown): T {
  const value = parseJsonString(text);
  if (value === undefined) throw new Error(`not a readable JSON document: ${JSON.stringify(text)?.slice(0, 300)}`);
  return value as T;
}

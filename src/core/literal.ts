import { Token } from "cdktf";

/**
 * A config-sourced string made safe to embed in a synthesized Terraform string.
 * Terraform reads every JSON string as a template, so a literal `${` or `%{`
 * (an OpenTelemetry `${env:VAR}` reference, a user's environment value) would be
 * evaluated as an interpolation or directive; `$${` and `%%{` are their escapes.
 * Only for literals: a string holding cdktf tokens must keep its `${…}` references.
 */
export function terraformLiteral(text: string): string {
  if (Token.isUnresolved(text)) {
    throw new Error(`terraformLiteral: expected a literal string, got one with unresolved tokens: ${text}`);
  }
  // Function replacers: in a replacement *string*, `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

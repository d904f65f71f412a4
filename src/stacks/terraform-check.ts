import { Construct } from "constructs";
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization } from "cdktf";

const TERRAFORM_CHECK = Symbol.for("platform/TerraformCheck");

/** One `assert` block of a {@link TerraformCheck}. */
export interface TerraformCheckAssertion {
  /**
   * The condition, as cdktf writes expressions: a `${…}` template (tokens allowed).
   * Terraform requires it to reference something in the configuration.
   */
  readonly condition: string;
  /** The warning text when the condition is false: a template, `${…}` interpolations allowed. */
  readonly errorMessage: string;
}

/** Properties of a {@link TerraformCheck}. */
export interface TerraformCheckConfig {
  readonly assertions: readonly TerraformCheckAssertion[];
}

/**
 * A Terraform `check` block (https://developer.hashicorp.com/terraform/language/checks):
 * `terraform plan` evaluates its assertions and warns `Check block assertion failed`
 * for each false one. The block is named by the logical id (`overrideLogicalId` sets it).
 *
 * cdktf 0.21 has no check element, and its HCL stack renderer
 * (`TerraformStack.toHclTerraform`) prints only the block kinds it knows (resource,
 * data, provider, terraform, module, output, moved, import, locals, variable): a `check`
 * fragment, from an element or a stack `addOverride`, is silently dropped from `cdk.tf`.
 * So the first check of a stack wraps that stack's `toHclTerraform` once, appending
 * every check of the stack rendered by {@link renderCheckHcl}. The JSON synth needs no
 * help: `toTerraform` fragments are deep-merged as they are.
 */
export class TerraformCheck extends TerraformElement {
  readonly assertions: readonly TerraformCheckAssertion[];

  constructor(scope: Construct, id: string, config: TerraformCheckConfig) {
    super(scope, id, "check");
    Object.defineProperty(this, TERRAFORM_CHECK, { value: true });
    if (config.assertions.length === 0) throw new Error(`${this.node.path}: a check needs at least one assertion`);
    this.assertions = config.assertions;
    renderChecksInHcl(this.cdktfStack);
  }

  /** Like cdktf's `isTerraformOutput`: a brand, so it holds across copies of this module. */
  static isTerraformCheck(x: unknown): x is TerraformCheck {
    return x !== null && typeof x === "object" && TERRAFORM_CHECK in x;
  }

  override toTerraform(): { check: Record<string, CheckBody> } {
    return {
      check: {
        [this.friendlyUniqueId]: {
          assert: this.assertions.map((a) => ({ condition: a.condition, error_message: a.errorMessage })),
        },
      },
    };
  }

  /**
   * The same block as {@link toTerraform}: the stack's HCL renderer skips it, and the
   * wrapper that {@link renderChecksInHcl} installs renders it (tokens resolved) instead.
   */
  override toHclTerraform(): { check: Record<string, CheckBody> } {
    return this.toTerraform();
  }
}

/** A check block's body as in Terraform's JSON syntax. */
export interface CheckBody {
  readonly assert: readonly { readonly condition: string; readonly error_message: string }[];
}

const RENDERS_CHECKS = Symbol.for("platform/TerraformCheck.renderChecksInHcl");
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Makes `stack.toHclTerraform()` end with the stack's checks (once per stack). */
function renderChecksInHcl(stack: TerraformStack): void {
  if (RENDERS_CHECKS in stack) return;
  Object.defineProperty(stack, RENDERS_CHECKS, { value: true });
  const renderStack = stack.toHclTerraform.bind(stack);
  stack.toHclTerraform = () => {
    const rendered = renderStack();
    const checks = stack.node
      .findAll()
      .filter(TerraformCheck.isTerraformCheck)
      .filter((check) => check.cdktfStack === stack)
      .map((check) => Tokenization.resolve(check.toHclTerraform(), { scope: stack, preparing: false, resolver: RESOLVER }))
      .flatMap((fragment: { check: Record<string, CheckBody> }) => Object.entries(fragment.check))
      .map(([name, body]) => renderCheckHcl(name, body));
    return checks.length === 0 ? rendered : { ...rendered, hcl: [rendered.hcl, ...checks].join("\n\n") };
  };
}

/**
 * `check "<name>" { assert { … } … }` in HCL native syntax, from the (resolved) JSON-syntax
 * body. Each value is a template as in Terraform JSON; see {@link hclExpression}.
 */
export function renderCheckHcl(name: string, body: CheckBody): string {
  const asserts = body.assert.map((a) =>
    ["  assert {", `    condition     = ${hclExpression(a.condition)}`, `    error_message = ${hclExpression(a.error_message)}`, "  }"].join("\n"),
  );
  return [`check ${JSON.stringify(name)} {`, ...asserts, "}"].join("\n");
}

/**
 * A Terraform JSON-syntax string (a template) as an HCL expression: a template that is
 * one whole interpolation (`${a == b}`) becomes the bare expression, like Terraform reads
 * it; any other becomes a quoted template. The template language is the same in both
 * syntaxes (`${…}`, `%{…}`, and their `$${` / `%%{` escapes pass through); only the
 * literal text needs HCL string escapes. Interpolations are copied as they are: their
 * string literals (`join(", ", …)`) are code, not text to escape.
 */
export function hclExpression(template: string): string {
  const parts = templateParts(template);
  if (parts.length === 1 && parts[0].interpolation) return template.slice(2, -1).trim();
  const body = parts.map((p) => (p.interpolation ? p.text : escapeLiteral(p.text))).join("");
  return `"${body}"`;
}

interface TemplatePart {
  readonly text: string;
  /** A `${…}` interpolation (text includes the delimiters), else literal text. */
  readonly interpolation: boolean;
}

/** Splits a template into literal text and `${…}` interpolations (nested strings and braces allowed). */
function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("$${", i)) {
      literal += "$${";
      i += 3;
    } else if (template.startsWith("${", i)) {
      if (literal) parts.push({ text: literal, interpolation: false });
      literal = "";
      const end = interpolationEnd(template, i + 2);
      parts.push({ text: template.slice(i, end), interpolation: true });
      i = end;
    } else {
      literal += template[i++];
    }
  }
  if (literal) parts.push({ text: literal, interpolation: false });
  return parts;
}

/** The index just past the `}` closing the interpolation whose expression starts at `from`. */
function interpolationEnd(s: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      i = quotedStringEnd(s, i + 1);
      continue;
    }
    if (c === "{") depth++;
    if (c === "}" && --depth === 0) return i + 1;
    i++;
  }
  throw new Error(`unterminated interpolation in template: ${s}`);
}

/** The index just past the `"` closing a quoted string (in an expression) whose text starts at `from`. */
function quotedStringEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    if (s[i] === "\\") i += 2;
    else if (s[i] === '"') return i + 1;
    else if (s.startsWith("$${", i)) i += 3;
    else if (s.startsWith("${", i)) i = interpolationEnd(s, i + 2);
    else i++;
  }
  throw new Error(`unterminated string in template: ${s}`);
}

/** Literal template text as the inside of an HCL quoted string. */
function escapeLiteral(text: string): string {
  // eslint-disable-next-line no-control-regex -- matches the control characters HCL strings must escape
  return text.replace(/[\\"\n\r\t]|[\u0000-\u001f]/g, (c) => {
    switch (c) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }
  });
}

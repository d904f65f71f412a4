import { Fn, IResolvable, IResolveContext, Token, Tokenization } from "cdktf";

/**
 * A JSON document attribute (IAM policy, trust policy, key policy, container definitions,
 * lifecycle policy) as a Terraform `jsonencode({…})` expression, so the document survives
 * `cdktf synth --hcl` (a JSON string with raw `${…}` references inside is mangled by the
 * HCL renderer) and reads the same in `cdk.tf.json`. Terraform builds the JSON at plan.
 *
 * Strings inside are Terraform string text, as for any other cdktf attribute: cdktf tokens
 * become references, and `$${` / `%%{` stand for a literal `${` / `%{` (see
 * `terraformLiteral`). cdktf's jsonencode rendering writes each string into an HCL quoted
 * string but only escapes `${` and newlines: a `"` or `\` would end or break the string,
 * and an already escaped `$${` would be escaped twice. Every string is prepared here so
 * the value Terraform builds is exactly the text given (tested with `"`, `\`, `$${`, `%%{`
 * and a newline through `terraform apply`, from both the JSON and the HCL synth).
 *
 * A string that is nothing but one token is written as that bare expression, so it keeps
 * the type of what it refers to: `Token.asString(5432)` or a number attribute becomes a
 * JSON number. Where the document needs a string (ECS environment values), pass a
 * literal (`String(n)`) or `Fn.tostring(…)`.
 */
export function jsonDocument(value: unknown): string {
  return Fn.jsonencode(new OnePassArgument(prepare(value, "$")));
}

/** What a cdktf expression renders a `jsonencode` argument's parts with (its `resolveArg`). */
interface ArgumentRenderer {
  resolveArg(context: IResolveContext, arg: unknown): unknown;
}

/**
 * cdktf's own renderer of function arguments, borrowed from one `jsonencode` call. Its
 * `resolveArg` resolves the whole value at every level of nesting before descending
 * (a document of depth d resolves each leaf d times); {@link OnePassArgument} walks the
 * structure itself and hands it only the leaves, so the text is the same and the work is
 * linear (a third of an environment's synth time, before). `json-document.test.ts`
 * compares the two renderings on every kind of value.
 */
const RENDERER = Tokenization.reverse(Fn.jsonencode(""))[0] as unknown as ArgumentRenderer;

/** A prepared document, as the `jsonencode` argument: rendered in one pass (see {@link RENDERER}). */
class OnePassArgument implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly value: unknown) {}

  resolve(context: IResolveContext): string {
    // cdktf resolves the text returned here once more (its tokens become references) in this
    // context, which the surrounding function call told to warn about `${` escapes: the text
    // is the rendered argument, escapes included on purpose (cdktf's own rendering is
    // resolved the same way, after the call has restored the flag).
    context.warnEscapes = false;
    return render(context, this.value);
  }

  toString(): string {
    return Token.asString(this);
  }
}

/** The HCL text of a prepared value: objects and lists here, everything else (strings, numbers, tokens) by cdktf. */
function render(context: IResolveContext, value: unknown): string {
  if (Array.isArray(value) && !Token.isUnresolved(value)) return `[${value.map((v) => render(context, v)).join(", ")}]`;
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !Tokenization.isResolvable(value) && !Token.isUnresolved(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([key, v]) => `"${key}" = ${render(context, v)}`).join(", ")}}`;
  }
  return `${RENDERER.resolveArg(context, value)}`;
}

function prepare(value: unknown, path: string): unknown {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`jsonDocument: ${path} must be a finite number, got ${value}`);
    return value;
  }
  if (typeof value === "string") return hclStringText(value, path);
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      // cdktf renders a null list item as nothing (`[, "x"]`), which Terraform cannot parse.
      if (v === null || v === undefined) throw new Error(`jsonDocument: ${path}[${i}] is ${v}: lists cannot hold null here`);
      return prepare(v, `${path}[${i}]`);
    });
  }
  if (Tokenization.isResolvable(value)) return value;
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      // Like JSON.stringify: an undefined property is left out.
      if (v !== undefined) out[hclKeyText(key, path)] = prepare(v, `${path}.${key}`);
    }
    return out;
  }
  throw new Error(`jsonDocument: ${path} is a ${typeof value}, which JSON cannot hold`);
}

/** A `${` that is neither escaped (`$${`) nor a cdktf token: a hand-written interpolation. */
const RAW_INTERPOLATION = /(?<!\$)\$\{(?!TfToken\[)/;

/** Escapes for HCL quoted strings: `\`, `"` and control characters. */
function escapeHclQuoted(text: string): string {
  return (
    text
      .replace(/\\/g, "\\\\")
      .replace(/"/g, '\\"')
      .replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r")
      .replace(/\t/g, "\\t")
      // eslint-disable-next-line no-control-regex -- matches the control characters JSON must escape
      .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
  );
}

function hclStringText(text: string, path: string): string {
  if (RAW_INTERPOLATION.test(text)) {
    // In a JSON string attribute it would be a live reference, inside jsonencode cdktf makes
    // it literal text: refuse rather than silently change what it means.
    throw new Error(
      `jsonDocument: ${path} holds a hand-written "\${": pass references as cdktf tokens and literal text escaped ("$\${", terraformLiteral), got ${JSON.stringify(text)}`,
    );
  }
  // cdktf turns every literal `${` into `$${` itself: undo the escape it would double.
  return escapeHclQuoted(text).replace(/\$\$\{(?!TfToken\[)/g, () => "${");
}

function hclKeyText(key: string, path: string): string {
  // cdktf writes keys verbatim between quotes (no `${` escaping): only plain escapes apply.
  if (/(?<![$%])[$%]\{/.test(key)) throw new Error(`jsonDocument: ${path} has a key with "\${" or "%{": ${JSON.stringify(key)}`);
  return escapeHclQuoted(key);
}

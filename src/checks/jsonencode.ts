/**
 * Reads the `${jsonencode({…})}` strings cdktf synthesizes for `Fn.jsonencode` of a
 * literal object or list (IAM policies, container definitions) back into the value, so
 * rules and tests read such a document exactly as they read a JSON string.
 *
 * The argument is an HCL expression: objects `{"k" = v, …}` (or `k: v`, newline- or
 * comma-separated), tuples `[a, b]`, quoted templates, numbers, `true`/`false`/`null`,
 * and bare expressions (`aws_iam_role.r.arn`, `element(split(":", x), 4)`).
 *
 * Strings come back as Terraform JSON-string text, i.e. what the same document written
 * as a JSON string would hold: references stay `${…}` (a bare expression `aws_x.y.arn`
 * becomes `"${aws_x.y.arn}"`), the template escapes `$${` and `%%{` stay escaped, and HCL
 * string escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\uNNNN`, `\UNNNNNNNN`) are decoded.
 */

const PREFIX = "${jsonencode(";
const SUFFIX = ")}";

/** Whether `text` is one whole `${jsonencode(…)}` expression (readable or not). */
export function isJsonencode(text: string): boolean {
  return text.startsWith(PREFIX) && text.endsWith(SUFFIX);
}

/**
 * The value of a `${jsonencode({…})}` / `${jsonencode([…])}` string; undefined when `text`
 * is not one, or its argument is not a literal object or list (`jsonencode(local.x)`,
 * a `for` expression, a heredoc) that can be read without Terraform.
 */
export function decodeJsonencode(text: string): unknown {
  if (!isJsonencode(text)) return undefined;
  const parser = new Parser(text.slice(PREFIX.length, -SUFFIX.length));
  try {
    parser.skipSpace();
    if (parser.peek() !== "{" && parser.peek() !== "[") return undefined;
    const value = parser.value(false);
    parser.skipSpace();
    return parser.atEnd() ? value : undefined;
  } catch (err) {
    if (err instanceof Unreadable) return undefined;
    throw err;
  }
}

class Unreadable extends Error {}

const NUMBER_RE = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const IDENTIFIER_RE = /[A-Za-z_][A-Za-z0-9_-]*/y;
const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? "";
  }

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  /** Skips spaces, tabs and newlines; true when a newline was among them. */
  skipSpace(): boolean {
    let newline = false;
    while (!this.atEnd() && /\s/.test(this.peek())) {
      if (this.peek() === "\n") newline = true;
      this.pos++;
    }
    return newline;
  }

  /** One value; `inObject` makes a newline end a bare expression (HCL attribute syntax). */
  value(inObject: boolean): unknown {
    this.skipSpace();
    const c = this.peek();
    if (c === "{") return this.object();
    if (c === "[") return this.tuple();
    if (c === '"') return this.template();
    const raw = this.bareExpression(inObject).trim();
    if (raw === "") throw new Unreadable(`expected a value at ${this.pos}`);
    if (NUMBER_RE.test(raw)) return Number(raw);
    if (raw === "true") return true;
    if (raw === "false") return false;
    if (raw === "null") return null;
    return `\${${raw}}`;
  }

  private object(): Record<string, unknown> {
    this.pos++; // {
    this.refuseForExpression();
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skipSpace();
      if (this.peek() === "}") {
        this.pos++;
        return out;
      }
      const key = this.key();
      this.skipSpace();
      if (this.peek() !== "=" && this.peek() !== ":") throw new Unreadable(`expected '=' after key ${key}`);
      this.pos++;
      // Like JSON.parse: an own property even for "__proto__".
      Object.defineProperty(out, key, { value: this.value(true), enumerable: true, writable: true, configurable: true });
      const newline = this.skipSpace();
      if (this.peek() === ",") this.pos++;
      else if (this.peek() !== "}" && !newline) throw new Unreadable(`expected ',' or '}' at ${this.pos}`);
    }
  }

  private tuple(): unknown[] {
    this.pos++; // [
    this.refuseForExpression();
    const out: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === "]") {
        this.pos++;
        return out;
      }
      out.push(this.value(false));
      this.skipSpace();
      if (this.peek() === ",") this.pos++;
      else if (this.peek() !== "]") throw new Unreadable(`expected ',' or ']' at ${this.pos}`);
    }
  }

  /** `{for …}` / `[for …]` builds its value in Terraform: nothing literal to read. */
  private refuseForExpression(): void {
    this.skipSpace();
    if (/^for\s/.test(this.src.slice(this.pos, this.pos + 4))) throw new Unreadable("for expression");
  }

  private key(): string {
    if (this.peek() === '"') return this.template();
    IDENTIFIER_RE.lastIndex = this.pos;
    const m = IDENTIFIER_RE.exec(this.src);
    if (!m) throw new Unreadable(`expected a key at ${this.pos}`);
    this.pos += m[0].length;
    return m[0];
  }

  /** A quoted template, as Terraform JSON-string text (interpolations and escapes kept). */
  template(): string {
    this.pos++; // opening quote
    let out = "";
    for (;;) {
      if (this.atEnd()) throw new Unreadable("unterminated string");
      const c = this.peek();
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === "\n") throw new Unreadable("newline in a quoted string");
      if (c === "\\") {
        out += this.escape();
        continue;
      }
      if ((c === "$" || c === "%") && this.peek(1) === c && this.peek(2) === "{") {
        out += `${c}${c}{`; // `$${` / `%%{`: a literal, still escaped
        this.pos += 3;
        continue;
      }
      if ((c === "$" || c === "%") && this.peek(1) === "{") {
        const start = this.pos;
        this.skipInterpolation();
        out += this.src.slice(start, this.pos);
        continue;
      }
      out += c;
      this.pos++;
    }
  }

  private escape(): string {
    const e = this.peek(1);
    if (e in SIMPLE_ESCAPES) {
      this.pos += 2;
      return SIMPLE_ESCAPES[e];
    }
    const digits = e === "u" ? 4 : e === "U" ? 8 : 0;
    const hex = this.src.slice(this.pos + 2, this.pos + 2 + digits);
    if (digits === 0 || !new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) throw new Unreadable(`bad escape \\${e}`);
    this.pos += 2 + digits;
    return String.fromCodePoint(parseInt(hex, 16));
  }

  /** Past a `${…}` or `%{…}` sequence: braces balanced, quoted strings inside skipped whole. */
  private skipInterpolation(): void {
    this.pos++; // $ or %
    let depth = 0;
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === '"') {
        this.template();
        continue;
      }
      this.pos++;
      if (c === "{") depth++;
      else if (c === "}" && --depth === 0) return;
    }
    throw new Unreadable("unterminated interpolation");
  }

  /** The source text of an expression up to the `,` / closing bracket (or newline in an object) that ends it. */
  private bareExpression(inObject: boolean): string {
    const start = this.pos;
    let depth = 0;
    while (!this.atEnd()) {
      const c = this.peek();
      if (depth === 0 && (c === "," || c === "}" || c === "]" || c === ")" || (inObject && c === "\n"))) break;
      if (c === '"') {
        this.template();
        continue;
      }
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") depth--;
      this.pos++;
    }
    return this.src.slice(start, this.pos);
  }
}

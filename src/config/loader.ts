import { existsSync, readFileSync } from "fs";
import { isAbsolute, resolve } from "path";
import type { z } from "zod";
import { DEFAULT_CONFIG, PROFILES } from "./defaults";
import { environmentNameProblem, isProfileName, PROFILE_NAMES, refusedKeys } from "./fields";
import { ConfigSchema, PlatformConfig } from "./schema";

/** The file read from the project root when `INFRA_CONFIG` is not set. */
export const DEFAULT_CONFIG_FILE = "infra.config.json";

/** A config that cannot be used. The message lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(
    /** Where the config came from (file path, or "embedded defaults"). */
    public readonly source: string,
    /** One line per problem: `<field path>: got <value> — <what is allowed>`. */
    public readonly problems: readonly string[],
  ) {
    super(`Invalid config (${source}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Where to look for the config and what to merge. */
export interface LoadConfigOptions {
  /** Directory that holds `infra.config.json`. @default process.cwd() */
  readonly cwd?: string;
  /** Environment variables (reads `INFRA_CONFIG`). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Use this object as the user's file instead of reading one (tests).
   * @default undefined: read the file
   */
  readonly overrides?: unknown;
}

/** Where a loaded config came from. */
export interface LoadedConfig {
  readonly config: PlatformConfig;
  /** The file read (absolute path), `"embedded defaults"`, or `"overrides"` (tests). */
  readonly source: string;
}

/** The source a config has when no file was read. */
export const EMBEDDED_DEFAULTS = "embedded defaults";

/**
 * Loads the user's config (the file `INFRA_CONFIG` names, else `infra.config.json`
 * if present), deep-merges it over the embedded defaults and validates the result.
 * Throws {@link ConfigError} on any problem; the caller must not create stacks then.
 */
export function loadConfig(options: LoadConfigOptions = {}): PlatformConfig {
  return loadConfigWithSource(options).config;
}

/** {@link loadConfig}, also saying which file was used. */
export function loadConfigWithSource(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let source = EMBEDDED_DEFAULTS;
  let user: unknown = options.overrides;
  if (user === undefined) {
    const named = env.INFRA_CONFIG;
    const path = named ? (isAbsolute(named) ? named : resolve(cwd, named)) : resolve(cwd, DEFAULT_CONFIG_FILE);
    if (named || existsSync(path)) {
      source = path;
      user = readJsonFile(path, named ? "INFRA_CONFIG" : DEFAULT_CONFIG_FILE);
    }
  } else {
    source = "overrides";
  }
  if (user !== undefined && (typeof user !== "object" || user === null || Array.isArray(user))) {
    throw new ConfigError(source, [`(root): got ${describe(user)} — the config must be a JSON object`]);
  }
  const merged = mergeOverDefaults(user ?? {}, source);
  return { config: validateConfig(merged, source), source };
}

/**
 * The user's file over the embedded defaults. `environments` is the exception: the user's
 * map, when given, replaces the default one (its keys are the environments deployed, in
 * its order), and each environment deep-merges over its profile (`profile`, else the
 * built-in profile of its name). An environment without a usable profile is reported on
 * its own: the rest of the config cannot be checked against defaults it does not have.
 */
export function mergeOverDefaults(user: object, source = "config"): unknown {
  const { environments: userEnvironments, ...rest } = user as { environments?: unknown };
  const merged = deepMerge(DEFAULT_CONFIG, rest) as Record<string, unknown>;
  const environments = userEnvironments === undefined ? DEFAULT_CONFIG.environments : userEnvironments;
  if (!isPlainObject(environments)) return { ...merged, environments };
  const problems: string[] = [];
  const resolved: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(environments)) {
    // A name no stack can take is reported here: an object key like `__proto__` would not
    // even reach the schema.
    const nameProblem = environmentNameProblem(name);
    if (nameProblem) {
      problems.push(`${formatPath(["environments", name])}: got ${describe(name)} — as an environment name ${nameProblem}`);
      continue;
    }
    if (!isPlainObject(entry)) {
      Object.defineProperty(resolved, name, { value: entry, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const profile = entry.profile ?? (isProfileName(name) ? name : undefined);
    const allowed = PROFILE_NAMES.map((p) => JSON.stringify(p)).join(", ");
    if (profile === undefined) {
      problems.push(
        `${formatPath(["environments", name, "profile"])}: got nothing — is required for an environment not named ${PROFILE_NAMES.join(", ")}: one of ${allowed}, the built-in defaults it starts from`,
      );
    } else if (typeof profile !== "string" || !isProfileName(profile)) {
      problems.push(`${formatPath(["environments", name, "profile"])}: got ${describe(profile)} — must be one of ${allowed}`);
    } else {
      // The profile's alert thresholds are not merged here: the top-level alerts sit between
      // them and the environment's own (alerts-schema.ts effectiveAlerts).
      const base = Object.fromEntries(Object.entries(PROFILES[profile]).filter(([key]) => key !== "alerts"));
      Object.defineProperty(resolved, name, {
        value: deepMerge(base, { ...entry, profile }),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { ...merged, environments: resolved };
}

/**
 * The one line every synth and check prints first, so a mistyped file name cannot
 * silently deploy the embedded example values.
 */
export function describeConfigSource(source: string, cwd = process.cwd()): string {
  if (source === EMBEDDED_DEFAULTS) {
    return `config: embedded defaults (no ${DEFAULT_CONFIG_FILE} in ${cwd} and INFRA_CONFIG not set)`;
  }
  return `config: ${source}`;
}

/**
 * {@link describeConfigSource} plus the environments the config deploys: a file's
 * `environments` replaces the default map, so the line says which stacks there are.
 */
export function describeLoadedConfig(loaded: LoadedConfig, cwd = process.cwd()): string {
  return `${describeConfigSource(loaded.source, cwd)} · environments: ${Object.keys(loaded.config.environments).join(", ")}`;
}

/** Validates an already merged config object. */
export function validateConfig(merged: unknown, source = "config"): PlatformConfig {
  const result = ConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  const shown = withoutRefusedValues(merged, result.error.issues);
  throw new ConfigError(
    source,
    result.error.issues.flatMap((issue) => formatIssue(issue, shown)),
  );
}

/**
 * `input` with the value of every refused key (see `refuseKeys`) replaced, so no message
 * prints it, also where it shows the object around it (an API key's value in a client).
 */
function withoutRefusedValues(input: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const hidden = issues.flatMap((issue) => {
    if (issue.code !== "unrecognized_keys") return [];
    const refused = refusedKeysAt(issue.path);
    return issue.keys.filter((key) => Object.prototype.hasOwnProperty.call(refused, key)).map((key) => [...issue.path, key]);
  });
  if (hidden.length === 0) return input;
  const copy: unknown = JSON.parse(JSON.stringify(input));
  for (const path of hidden) {
    const parent = valueAt(copy, path.slice(0, -1));
    if (parent !== null && typeof parent === "object") (parent as Record<PropertyKey, unknown>)[path[path.length - 1]] = "(value hidden)";
  }
  return copy;
}

function readJsonFile(path: string, origin: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(path, [`${origin}: cannot read ${JSON.stringify(path)} (${code}) — name an existing, readable JSON file`]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [`${origin}: ${JSON.stringify(path)} is not valid JSON (${(err as Error).message})`]);
  }
}

/** Formats a path the way a user writes it: `environments.prod.vpcCidr`, `services[1].cpu`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function formatIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  if (issue.code === "unrecognized_keys") {
    const refused = refusedKeysAt(issue.path);
    return issue.keys.map((key) =>
      // A refused key's value is never printed: it may be a secret (an API key's value).
      Object.prototype.hasOwnProperty.call(refused, key)
        ? `${formatPath([...issue.path, key])}: got (value hidden) — ${refused[key]}`
        : `${formatPath([...issue.path, key])}: unknown key (a typo?) — allowed here: ${allowedKeys(issue.path)}`,
    );
  }
  const value = valueAt(input, issue.path);
  let message = issue.message;
  if (issue.code === "invalid_value" && "values" in issue) {
    message = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  } else if (issue.code === "invalid_type" && value === undefined) {
    message = `is required (${issue.expected})`;
  } else if (issue.code === "invalid_type") {
    message = `must be ${issue.expected}`;
  }
  const params = issue.code === "custom" ? (issue.params as { redact?: boolean; key?: boolean } | undefined) : undefined;
  // A problem of a key (an environment's name) shows the key, not the object under it.
  const shown = params?.redact === true ? "(value hidden)" : params?.key === true ? describe(issue.path[issue.path.length - 1]) : describe(value);
  return [`${formatPath(issue.path)}: got ${shown} — ${message}`];
}

function allowedKeys(path: readonly PropertyKey[]): string {
  const shape = shapeAt(ConfigSchema, path);
  return shape ? Object.keys(shape).join(", ") : "see infra.schema.json";
}

/** The keys the object at `path` refuses with a reason of their own (see `refuseKeys`). */
function refusedKeysAt(path: readonly PropertyKey[]): Readonly<Record<string, string>> {
  const node = schemaAt(ConfigSchema, path);
  return (node && refusedKeys.get(node)?.reasons) ?? {};
}

/**
 * Walks the schema along a value path, unwrapping optional/default wrappers, arrays and
 * records (`secrets.<NAME>`), and taking a union's object form (`{ from, kmsKeyArn }`).
 */
function shapeAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): Record<string, unknown> | undefined {
  const node = schemaAt(schema, path);
  return node ? (node._zod.def as { shape?: Record<string, unknown> }).shape : undefined;
}

/** The schema node at a value path, unwrapped (see {@link shapeAt}). */
function schemaAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let cur: z.core.$ZodType | undefined = schema;
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    const def = s._zod.def as { type: string; innerType?: z.core.$ZodType; options?: z.core.$ZodType[]; in?: z.core.$ZodType };
    if (def.innerType) return unwrap(def.innerType);
    // A transform (an environment's account from its role) pipes the object into a function.
    if (def.type === "pipe" && def.in) return unwrap(def.in);
    if (def.type === "union") return def.options?.map(unwrap).find((o) => o._zod.def.type === "object") ?? s;
    return s;
  };
  for (const key of path) {
    if (!cur) return undefined;
    const def = unwrap(cur)._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType };
    cur = typeof key === "number" ? def.element : def.type === "record" ? def.valueType : def.shape?.[key as string];
  }
  return cur ? unwrap(cur) : undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Objects merge key by key; arrays and scalars from `over` replace `base`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      // Own keys only, and defined rather than assigned: a JSON `"__proto__"` key must stay
      // a plain (unknown, so rejected) key instead of replacing the object's prototype.
      const merged = Object.prototype.hasOwnProperty.call(base, key) ? deepMerge(base[key], value) : value;
      Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return over === undefined ? base : over;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

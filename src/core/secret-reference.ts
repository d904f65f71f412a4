import { Construct } from "constructs";
import { arnOf } from "./partition";

/**
 * Where an app secret comes from, as a user writes it (`services[].secrets`):
 *
 * - a Secrets Manager secret ARN, `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`,
 *   optionally with the ECS suffix `:<jsonKey>:<versionStage>:<versionId>` (empty parts allowed);
 * - an SSM parameter ARN, `arn:<partition>:ssm:<region>:<account>:parameter/<path>`;
 * - a short form, resolved in the environment's own account and region:
 *   `secretsmanager:<name>`, `secretsmanager:<name>#<jsonKey>` or `ssm:/<path>`.
 *
 * ECS resolves `valueFrom` when a task starts, with the execution role:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
 */

/** Secrets Manager secret names: 1–512 of letters, digits and /_+=.@- (CreateSecret's Name). */
const SECRET_NAME_RE = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** A JSON key, version stage or version id of the ECS suffix: no ':' (the separator) and no spaces. */
const SUFFIX_PART_RE = /^[^:\s]*$/;
/**
 * SSM parameter names: letters, digits and ._-/ (PutParameter's Name), at most 15 levels,
 * 2048 characters for the whole ARN; not starting with `aws` or `ssm` (reserved).
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
 */
const PARAMETER_PATH_RE = /^\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,14}$/;
const ARN_HEAD_RE = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):(secretsmanager|ssm):([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):(.+)$/;
/** A KMS key ARN (`key/<id>`; aliases cannot be granted kms:Decrypt by ARN). */
export const KMS_KEY_ARN_RE = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):kms:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:key\/[A-Za-z0-9-]{1,128}$/;

/** A parsed secret reference. */
export type SecretReference =
  | {
      readonly kind: "secretsmanager";
      /** A full ARN as written, or undefined for the short form (name in the environment's account and region). */
      readonly arn?: string;
      /** The secret's name (the part after `secret:`, without the ECS suffix). */
      readonly name: string;
      /** The ECS suffix after the ARN (`jsonKey:versionStage:versionId`), when a key or version is named. */
      readonly jsonKey?: string;
      readonly versionStage?: string;
      readonly versionId?: string;
    }
  | {
      readonly kind: "ssm";
      /** A full ARN as written, or undefined for the short form. */
      readonly arn?: string;
      /** The parameter's path, starting with '/'. */
      readonly path: string;
    };

/** The reference `text` means, or a message saying what is allowed. */
export function parseSecretReference(text: string): SecretReference | { readonly problem: string } {
  const allowed =
    "must be a Secrets Manager secret ARN (optionally with the ECS suffix :<jsonKey>:<versionStage>:<versionId>), an SSM parameter ARN, " +
    "secretsmanager:<name>, secretsmanager:<name>#<jsonKey> or ssm:/<path>";
  const short = /^(secretsmanager|ssm):(.*)$/.exec(text);
  if (short && short[1] === "secretsmanager") {
    const [name, jsonKey, ...rest] = short[2].split("#");
    if (rest.length > 0 || !SECRET_NAME_RE.test(name) || (jsonKey !== undefined && (jsonKey === "" || !SUFFIX_PART_RE.test(jsonKey)))) {
      return { problem: `${allowed}; a secret name is 1–512 of letters, digits and /_+=.@-, and a JSON key has no ':' or spaces` };
    }
    // ECS passes the short form on as a partial ARN, and Secrets Manager reads a name
    // ending in '-' and six characters as the random suffix of a complete ARN, then
    // finds no secret (or another one).
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen
    if (/-[A-Za-z0-9]{6}$/.test(name)) {
      return {
        problem: `the secret name "${name}" ends like the six random characters Secrets Manager appends to ARNs ("-" and six letters or digits), so it would be read as a complete ARN: give the secret's full ARN instead`,
      };
    }
    return { kind: "secretsmanager", name, ...(jsonKey !== undefined ? { jsonKey } : {}) };
  }
  if (short && short[1] === "ssm") {
    return parameterPathProblem(short[2]) ? { problem: `${allowed}; ${parameterPathProblem(short[2])}` } : { kind: "ssm", path: short[2] };
  }
  const arn = ARN_HEAD_RE.exec(text);
  if (!arn) return { problem: allowed };
  const [, , service, , , resource] = arn;
  if (service === "ssm") {
    const path = /^parameter(\/.*)$/.exec(resource)?.[1];
    const problem = path === undefined ? "an SSM parameter ARN ends in parameter/<path>" : parameterPathProblem(path);
    return problem ? { problem: `${allowed}; ${problem}` } : { kind: "ssm", arn: text, path: path! };
  }
  // secret:<name>[:<jsonKey>:<versionStage>:<versionId>] — ECS wants all three suffix parts when any is given.
  const parts = /^secret:(.+)$/.exec(resource)?.[1].split(":");
  if (!parts || !SECRET_NAME_RE.test(parts[0]) || (parts.length !== 1 && parts.length !== 4) || !parts.slice(1).every((p) => SUFFIX_PART_RE.test(p))) {
    return { problem: `${allowed}; after secret:<name> the ECS suffix has exactly three parts, jsonKey:versionStage:versionId (empty allowed)` };
  }
  const [name, jsonKey, versionStage, versionId] = parts;
  return {
    kind: "secretsmanager",
    arn: parts.length === 1 ? text : `${arn[0].slice(0, arn[0].length - resource.length)}secret:${name}`,
    name,
    ...(jsonKey ? { jsonKey } : {}),
    ...(versionStage ? { versionStage } : {}),
    ...(versionId ? { versionId } : {}),
  };
}

function parameterPathProblem(path: string): string | undefined {
  if (!PARAMETER_PATH_RE.test(path)) return "a parameter path starts with '/' and has up to 15 levels of letters, digits and ._-";
  if (/^\/(aws|ssm)/i.test(path)) return "parameter paths starting with /aws or /ssm are reserved by AWS";
  return undefined;
}

/** The problem with a secret reference (the config's predicate), or undefined. */
export function secretReferenceProblem(text: string): string | undefined {
  const parsed = parseSecretReference(text);
  return "problem" in parsed ? parsed.problem : undefined;
}

/** Where the reference is read, for a task in `region` of `account` (references allowed). */
export interface ResolvedSecretReference {
  /** The container definition's `valueFrom`. */
  readonly valueFrom: string;
  /** What the execution role must be allowed to read: the secret or parameter, not a key or version. */
  readonly grantResources: readonly string[];
  /** The IAM action that reads it. */
  readonly action: "secretsmanager:GetSecretValue" | "ssm:GetParameters";
  /** `secretsmanager` or `ssm`: the service a customer-managed key is used through (kms:ViaService). */
  readonly service: "secretsmanager" | "ssm";
}

/**
 * The ARNs of a reference. A short Secrets Manager form names the secret without the six
 * random characters AWS appends to its ARN: ECS accepts that partial ARN as `valueFrom`,
 * and the grant matches the full ARN with `-??????`, as AWS recommends.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html#auth-and-access_examples_wildcard
 */
export function resolveSecretReference(scope: Construct, ref: SecretReference, where: { region: string; account: string }): ResolvedSecretReference {
  if (ref.kind === "ssm") {
    const arn = ref.arn ?? arnOf(scope, { service: "ssm", region: where.region, account: where.account, resource: `parameter${ref.path}` });
    return { valueFrom: arn, grantResources: [arn], action: "ssm:GetParameters", service: "ssm" };
  }
  const base = ref.arn ?? arnOf(scope, { service: "secretsmanager", region: where.region, account: where.account, resource: `secret:${ref.name}` });
  const suffixed = ref.jsonKey !== undefined || ref.versionStage !== undefined || ref.versionId !== undefined;
  return {
    valueFrom: suffixed ? `${base}:${ref.jsonKey ?? ""}:${ref.versionStage ?? ""}:${ref.versionId ?? ""}` : base,
    // The secret's real ARN ends in `-` and six random characters. A short form names the
    // secret, so only `-??????` matches; a full ARN may or may not carry the suffix (a name
    // may itself end like one), so it is granted as written and with `-??????`.
    grantResources: ref.arn ? [base, `${base}-??????`] : [`${base}-??????`],
    action: "secretsmanager:GetSecretValue",
    service: "secretsmanager",
  };
}

import { z } from "zod";
import {
  ENV_VAR_NAME_RE,
  fargateSizeProblem,
  IAM_RESOURCE_RE,
  iamRoleNameProblem,
  isIamConditionOperator,
  JOB_ROLE_SUFFIXES,
  permissionStatementProblem,
  reservedEnvVars,
} from "../core/aws-facts";
import { KMS_KEY_ARN_RE, secretReferenceProblem } from "../core/secret-reference";
import { scheduleExpressionProblem, scheduleNameProblem, timeZoneProblem, VOLUME_NAME_RE, volumePathProblem } from "../core/workload-facts";
import { dnsLabel, fact, imageTag, issue, IssuePath } from "./fields";

/**
 * The config of issue 11's workloads: app secrets, task-role permissions, command and
 * entry point, volumes (all on `services[]`), and scheduled `jobs[]`. The service keys
 * are wired into `ServiceSchema` in schema.ts; cross-field rules that need the whole
 * config (job ↔ service) are {@link checkJobs}, called from `ConfigSchema`.
 */

// ---------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------

const REFERENCE_FORMS =
  "a Secrets Manager secret ARN (optionally with the ECS suffix :<jsonKey>:<versionStage>:<versionId>), an SSM parameter ARN, `secretsmanager:<name>`, `secretsmanager:<name>#<jsonKey>` or `ssm:/<path>` (the short forms in the environment's own account and region)";

/** One app secret: a reference, or a reference with the customer-managed KMS key that encrypts it. */
export const SecretSchema = z.union(
  [
    z.string().describe(`Where the value comes from: ${REFERENCE_FORMS}.`),
    z.strictObject({
      from: z.string().describe(`Where the value comes from: ${REFERENCE_FORMS}. Required.`),
      kmsKeyArn: z
        .string()
        .optional()
        .describe(
          "ARN of the customer-managed KMS key the secret or parameter is encrypted with, arn:<partition>:kms:<region>:<account>:key/<key id> (not an alias): the task execution role gets kms:Decrypt on it, through Secrets Manager or SSM only. Default: absent (an AWS managed key, nothing to grant).",
        ),
    }),
  ],
  { error: 'must be a secret reference (a string) or { "from": <reference>, "kmsKeyArn": <KMS key ARN> }' },
);

/** App secrets by environment variable name. */
export const SecretsSchema = z.record(z.string(), SecretSchema);

/** One secret as written. */
export type SecretConfig = z.infer<typeof SecretSchema>;

/**
 * Checks one map of secrets: each name is a variable name the platform does not set, each
 * reference parses, each key is a KMS key ARN. Credential-like names are the point here,
 * so unlike `environment` they are not refused.
 */
export function checkSecretMap(
  secrets: Readonly<Record<string, SecretConfig>> | undefined,
  path: IssuePath,
  reserved: readonly string[],
  ctx: z.RefinementCtx,
): void {
  for (const [name, secret] of Object.entries(secrets ?? {})) {
    if (!ENV_VAR_NAME_RE.test(name)) {
      issue(ctx, [...path, name], "is not a valid variable name: letters, digits and '_', not starting with a digit");
    } else if (reserved.includes(name)) {
      issue(ctx, [...path, name], `is set by the platform: choose another name (platform-set: ${reserved.join(", ")})`);
    }
    const from = typeof secret === "string" ? secret : secret.from;
    const problem = secretReferenceProblem(from);
    if (problem) issue(ctx, typeof secret === "string" ? [...path, name] : [...path, name, "from"], problem);
    if (typeof secret !== "string" && secret.kmsKeyArn !== undefined && !KMS_KEY_ARN_RE.test(secret.kmsKeyArn)) {
      issue(
        ctx,
        [...path, name, "kmsKeyArn"],
        "must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>: an alias ARN cannot be granted kms:Decrypt",
      );
    }
  }
}

// ---------------------------------------------------------------------------------
// Task-role permissions
// ---------------------------------------------------------------------------------

/** One Allow statement for the task role. */
export const PermissionSchema = z.strictObject({
  actions: z
    .array(z.string())
    .describe(
      "IAM actions, `service:Action` with * and ? wildcards, e.g. s3:GetObject. On resource `*`, neither `*` nor `<service>:*` nor iam:PassRole, sts:AssumeRole or IAM writes. Required, at least one.",
    ),
  resources: z.array(z.string()).describe('Resource ARNs the actions apply to, or "*" for actions that take no resource. Required, at least one.'),
  conditions: z
    .record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())])))
    .optional()
    .describe(
      'IAM condition block: operator → condition key → value or values, e.g. { "StringEquals": { "aws:ResourceTag/team": "shop" } }. Default: absent (no condition).',
    ),
});

/** Allow statements for the task role. */
export const PermissionsSchema = z.array(PermissionSchema);

/** One statement as written. */
export type PermissionConfig = z.infer<typeof PermissionSchema>;

/** Checks a permissions list: not empty, and every statement passes the task-role rule. */
export function checkPermissions(statements: readonly PermissionConfig[] | undefined, path: IssuePath, ctx: z.RefinementCtx): void {
  if (statements === undefined) return;
  if (statements.length === 0) {
    issue(ctx, path, "is an empty list: omit permissions instead (the task role then has only what the platform grants)");
    return;
  }
  statements.forEach((statement, j) => {
    const problem = permissionStatementProblem(statement);
    if (problem) issue(ctx, [...path, j, problem.field, ...(problem.index === undefined ? [] : [problem.index])], problem.message);
    statement.resources.forEach((resource, k) => {
      if (!IAM_RESOURCE_RE.test(resource))
        issue(ctx, [...path, j, "resources", k], 'must be "*" or an ARN, arn:<partition>:<service>:<region>:<account>:<resource>');
    });
    for (const operator of Object.keys(statement.conditions ?? {})) {
      if (!isIamConditionOperator(operator)) {
        issue(
          ctx,
          [...path, j, "conditions", operator],
          "must be an IAM condition operator (StringEquals, ArnLike, Bool, …; IfExists suffix and ForAnyValue:/ForAllValues: allowed)",
        );
      }
    }
  });
}

// ---------------------------------------------------------------------------------
// Command, entry point, volumes
// ---------------------------------------------------------------------------------

/** An argument vector (`command`, `entryPoint`): at least one non-empty string; `hint` ends the message when it has none. */
export const argv = (hint: string) => z.array(z.string().min(1, "must not be an empty string")).min(1, `must list at least one argument: ${hint}`);

/** A persistent EFS volume of a service. */
export const VolumeSchema = z.strictObject({
  name: z
    .string()
    .regex(VOLUME_NAME_RE, "must be 1–32 characters of a–z, 0–9 and '-', starting with a letter")
    .describe(
      "Volume name, 1–32 characters of a–z, 0–9 and '-', starting with a letter; unique in the service. Names the EFS access point and its directory, so renaming it starts an empty volume. Required.",
    ),
  path: z
    .string()
    .superRefine(fact(volumePathProblem))
    .describe(
      "Absolute container path the volume is mounted at, e.g. /data/uploads: no '..' segments, no trailing '/', not '/', not /tmp or under it (the platform's scratch volume); unique in the service. Required.",
    ),
  readOnly: z.boolean().default(false).describe("Mount the volume read-only in the container. Default false."),
});

/** Checks a service's volumes: names and paths unique. */
export function checkVolumes(volumes: readonly { name: string; path: string }[], path: IssuePath, ctx: z.RefinementCtx): void {
  volumes.forEach((volume, j) => {
    const sameName = volumes.findIndex((v) => v.name === volume.name);
    if (sameName < j)
      issue(ctx, [...path, j, "name"], `duplicates volume ${JSON.stringify(volume.name)} (volumes[${sameName}]): names must be unique in a service`);
    const samePath = volumes.findIndex((v) => v.path === volume.path);
    if (samePath < j) issue(ctx, [...path, j, "path"], `is also the path of volumes[${samePath}]: mount each volume at a path of its own`);
  });
}

// ---------------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------------

/** A scheduled job: a one-off ECS task started by EventBridge Scheduler. */
export const JobSchema = z
  .strictObject({
    name: dnsLabel("job name").describe(
      "Unique job name, a lowercase DNS label (1–63 characters of a–z, 0–9 and '-', starting with a letter), not a service's name: names the schedule, task definition and roles; `<project>-<env>-<name>-exec` must fit IAM's 64 characters and `<project>-<env>-<name>` EventBridge Scheduler's 64. Required.",
    ),
    schedule: z
      .string()
      .superRefine(fact(scheduleExpressionProblem))
      .describe(
        "EventBridge Scheduler expression: `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)` with '?' in exactly one day field, `rate(<n> minute|minutes|hour|hours|day|days)` with n ≥ 1, or `at(yyyy-mm-ddThh:mm:ss)` (once). Required.",
      ),
    timezone: z
      .string()
      .superRefine((zone, ctx) => {
        const problem = timeZoneProblem(zone);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .default("UTC")
      .describe("IANA time zone the cron or at expression is read in, e.g. Europe/Paris (Scheduler follows its daylight saving time). Default `UTC`."),
    command: argv("a job needs the command it runs").describe(
      'The container command (replaces the image\'s CMD), at least one non-empty argument, e.g. ["node", "dist/cleanup.js"]. Required.',
    ),
    service: z
      .string()
      .optional()
      .describe(
        "A declared service whose image and tag, database access, secrets and permissions the job runs with (the job's own secrets and permissions are added). Default: absent (the job's own repository, `<job>`, and only its own secrets and permissions).",
      ),
    cpu: z
      .number()
      .int()
      .default(256)
      .describe("Fargate task CPU units (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384, with a memory valid for it. Default 256."),
    memory: z.number().int().default(512).describe("Fargate task memory, MiB, valid for the cpu (as services[].memory). Default 512."),
    secrets: SecretsSchema.default({}).describe(
      "App secrets of the job, environment variable name → reference (as services[].secrets), merged over its service's. Default {} (none).",
    ),
    permissions: PermissionsSchema.optional().describe(
      "Allow statements for the job's task role (as services[].permissions), added to its service's; not an empty list. Default: absent (none of its own).",
    ),
    imageTag: imageTag
      .optional()
      .describe(
        "Image tag of the job's own repository: a version or commit SHA, never `latest`. Not with `service` (the job runs that service's tag). Default `1.0.0`.",
      ),
  })
  .superRefine((job, ctx) => {
    const size = fargateSizeProblem(job.cpu, job.memory);
    if (size) issue(ctx, [size.field], size.message);
    if (job.service !== undefined && job.imageTag !== undefined) {
      issue(ctx, ["imageTag"], `must not be set with service: the job runs the image and tag of service ${job.service}`);
    }
    checkPermissions(job.permissions, ["permissions"], ctx);
  });

/** One job as written. */
export type JobConfig = z.infer<typeof JobSchema>;

/**
 * The job rules that need the whole config: unique names apart from the services', the
 * service named, the physical names' length budgets (in `tightestEnv`, the longest
 * environment name), and the secret names the job's service makes platform-set.
 */
export function checkJobs(
  cfg: {
    readonly project: string;
    readonly services: readonly {
      name: string;
      database: boolean;
      environment: Record<string, string>;
      overrides: Partial<Record<string, { environment?: Record<string, string> } | undefined>>;
    }[];
    readonly jobs: readonly JobConfig[];
  },
  tightestEnv: string,
  ctx: z.RefinementCtx,
): void {
  const serviceNames = cfg.services.map((s) => s.name);
  const jobNames = cfg.jobs.map((j) => j.name);
  cfg.jobs.forEach((job, i) => {
    const at = (...rest: IssuePath): IssuePath => ["jobs", i, ...rest];
    if (jobNames.indexOf(job.name) !== i) {
      issue(ctx, at("name"), `duplicates job ${JSON.stringify(job.name)}: names must be unique`);
    } else if (serviceNames.includes(job.name)) {
      issue(ctx, at("name"), `is also a service's name: a job and a service of one name would share the repository and role names`);
    }
    const budget = iamRoleNameProblem(cfg.project, tightestEnv, job.name, JOB_ROLE_SUFFIXES, "job");
    if (budget) issue(ctx, at("name"), budget);
    const schedule = scheduleNameProblem(cfg.project, tightestEnv, job.name);
    if (schedule) issue(ctx, at("name"), schedule);
    const service = job.service === undefined ? undefined : cfg.services.find((s) => s.name === job.service);
    if (job.service !== undefined && !service) issue(ctx, at("service"), `names no declared service; declared: ${serviceNames.join(", ")}`);
    checkSecretMap(job.secrets, at("secrets"), reservedEnvVars(service?.database ?? false), ctx);
    // The job runs with its service's plain environment (in every environment): a secret
    // of the same name would set one variable twice.
    if (service) {
      const plain = new Set([...Object.keys(service.environment), ...Object.values(service.overrides).flatMap((o) => Object.keys(o?.environment ?? {}))]);
      for (const name of Object.keys(job.secrets ?? {})) {
        if (plain.has(name)) {
          issue(
            ctx,
            at("secrets", name),
            `is a plain environment variable of service ${service.name}, which the job runs with: rename the secret or the variable`,
          );
        }
      }
    }
  });
}

import { z } from "zod";
import { cidrsOverlap, parseCidr } from "../core/cidr";
import { architectureOf, capacityProviderNameProblem, ec2TaskFitProblem, instanceTypeProblem } from "../core/ec2-facts";
import {
  ACM_DOMAIN_NAME_MAX_LENGTH,
  azNameProblem,
  azProblem,
  COLLECTOR_PORTS,
  databaseUserName,
  dbUserProblem,
  ECS_MAX_TASKS_PER_SERVICE,
  ENDPOINTS_NEEDED_WITHOUT_NAT,
  envVarNameProblem,
  fargateSizeProblem,
  HEALTH_CHECK_PATH_RE,
  HOSTNAME_RE,
  ACCOUNT_ID_RE,
  BLUE_GREEN_ROLE_SUFFIXES,
  elbNameProblem,
  IAM_ROLE_ARN_RE,
  GITHUB_REPOSITORY_RE,
  partitionOfRegion,
  deployRoleName,
  planRoleName,
  roleAccountOf,
  iamRoleNameProblem,
  physicalNameOf,
  SERVICE_ROLE_SUFFIXES,
  INTERFACE_ENDPOINT_SERVICES,
  logRetentionProblem,
  MAX_AZS,
  MIN_AZS,
  PATH_PREFIX_RE,
  pinnedImageProblem,
  POSTGRES_ENGINE_VERSIONS,
  projectNameProblem,
  RDS_BACKUP_RETENTION_MAX_DAYS,
  RDS_BACKUP_RETENTION_MIN_DAYS,
  RDS_INSTANCE_CLASS_RE,
  RDS_MONITORING_INTERVALS,
  RDS_STORAGE_MAX_GIB,
  RDS_STORAGE_MIN_GIB,
  REGION_RE,
  reservedEnvVars,
  stateBucketNameProblem,
  subnetFitProblem,
  vpcCidrProblem,
} from "../core/aws-facts";
import { DEFAULT_CONFIG, PROFILES } from "./defaults";
import {
  DEFAULT_IMAGE_TAG,
  dnsLabel,
  EnvironmentName,
  environmentNameProblem,
  fact,
  imageTag,
  issue,
  PIPELINE_DEPLOY_SLOTS,
  PROFILE_NAMES,
  ProfileName,
} from "./fields";
import {
  API_KINDS,
  API_TARGETS,
  burstSize,
  checkApi,
  checkBlueGreenTargets,
  checkDeploymentExposure,
  ClientProfileSchema,
  ClientSchema,
  DEPLOYMENT_STRATEGIES,
  requestRate,
} from "./api-schema";
import { AlertsSchema, checkAlerts } from "./alerts-schema";
import { argv, checkJobs, checkPermissions, checkSecretMap, checkVolumes, JobSchema, PermissionsSchema, SecretsSchema, VolumeSchema } from "./workload-schema";

/**
 * The config schema. One zod schema is the single source of truth: it validates the
 * merged config (defaults + the user's file), types it (`PlatformConfig`), and
 * generates `infra.schema.json` for editor completion (`npm run schema`).
 *
 * Every object is strict: an unknown key (a typo) is an error, not silently ignored.
 * Defaults live in `defaults.ts`, not here, because several differ per environment.
 */

export { PROFILE_NAMES, type EnvironmentName, type ProfileName } from "./fields";

/** The longest declared environment name, which leaves the least room in physical names: length budgets are checked there. */
function tightestEnvironment(names: readonly string[]): string {
  return [...names].sort((x, y) => y.length - x.length)[0] ?? "";
}

/** How a service is reached (`services[].expose`). */
export const SERVICE_EXPOSURES = ["public", "internal", "none"] as const;

/** The path the container health check probes when `healthCheckPath` is not set. */
export const DEFAULT_HEALTH_CHECK_PATH = "/health";

const cidrBlock = z.string().superRefine(fact(vpcCidrProblem));

const logRetention = z.number().int().superRefine(fact(logRetentionProblem));

const port = z.number().int().min(1, "must be 1–65535").max(65535, "must be 1–65535");

/** A task count: at most the default ECS quota of tasks per service. */
const taskCount = (min: number) =>
  z
    .number()
    .int()
    .min(min, `must be ≥ ${min}`)
    .max(ECS_MAX_TASKS_PER_SERVICE, `must be ≤ ${ECS_MAX_TASKS_PER_SERVICE}, the default ECS quota of tasks per service`);
const minCapacity = taskCount(0);
const maxCapacity = taskCount(1);

const throttle = z.strictObject({
  burstLimit: burstSize.describe("Requests allowed in a burst (the token bucket's size), an integer > 0. No default: set it with rateLimit."),
  rateLimit: requestRate.describe("Steady-state requests per second, > 0 (fractions allowed). No default: set it with burstLimit."),
});

/** Where a service's tasks run. */
export const CAPACITIES = ["fargate", "fargateSpot", "ec2"] as const;
/** One of {@link CAPACITIES}. */
export type Capacity = (typeof CAPACITIES)[number];

/** Settings of a service that an environment may override. */
const serviceOverride = z.strictObject({
  cpu: z
    .number()
    .int()
    .optional()
    .describe("Fargate task CPU units in this environment, a valid pair with memory (see the service's cpu). Default: the service's cpu."),
  memory: z
    .number()
    .int()
    .optional()
    .describe("Fargate task memory in this environment, MiB, valid for the cpu (see the service's memory). Default: the service's memory."),
  desiredCount: taskCount(0)
    .optional()
    .describe("Tasks at creation in this environment, 0–5000; autoscaling owns the count afterwards. Default: the service's desiredCount."),
  imageTag: imageTag.optional().describe("Image tag deployed in this environment: a version or commit SHA, never `latest`. Default: the service's imageTag."),
  environment: z
    .record(z.string(), z.string())
    .optional()
    .describe("Environment variables merged over the service's `environment` in this environment (same name rules). Default: none."),
  secrets: SecretsSchema.optional().describe(
    "App secrets merged over the service's `secrets` in this environment, variable name → reference (same rules). Default: none.",
  ),
  minCapacity: minCapacity
    .optional()
    .describe("Fewest tasks of this service in this environment, 0–5000, ≤ maxCapacity. Default: environments.<env>.autoscaling.minCapacity."),
  maxCapacity: maxCapacity
    .optional()
    .describe("Most tasks of this service in this environment, 1–5000, ≥ minCapacity. Default: environments.<env>.autoscaling.maxCapacity."),
  deployment: z
    .enum(DEPLOYMENT_STRATEGIES)
    .optional()
    .describe(
      'How a new task definition rolls out in this environment: "rolling" or "blueGreen" (needs environments.<env>.api.targets "loadBalancer"; public services only). Default: the service\'s deployment.',
    ),
  capacity: z
    .enum(CAPACITIES)
    .optional()
    .describe(
      'Where this service\'s tasks run in this environment: "fargate", "fargateSpot" or "ec2" (needs environments.<env>.ecs.ec2). Default: the service\'s capacity.',
    ),
});

/** One containerized service, declared once and deployed to every environment. */
export const ServiceSchema = z
  .strictObject({
    name: dnsLabel("service name").describe(
      "Unique service name, a lowercase DNS label (1–63 characters of a–z, 0–9 and '-', starting with a letter): names the ECR repository, ECS service and Cloud Map service; `<project>-<env>-<name>-exec` must fit IAM's 64 characters. Required, no default.",
    ),
    port: port
      .optional()
      .describe(
        "TCP port the app container listens on, 1–65535; not 4317 or 4318 while observability.enabled (the collector sidecar's). Required for public and internal services; not set on a worker (expose `none`).",
      ),
    expose: z
      .enum(SERVICE_EXPOSURES)
      .default("public")
      .describe(
        "How the service is reached: `public` (an API route under pathPrefix, and Cloud Map), `internal` (Cloud Map only, for the services its allowFrom names; no pathPrefix, throttle, stripPrefix or defaultRoute) or `none` (a worker: no port, no route, no callers). Default `public`.",
      ),
    cpu: z
      .number()
      .int()
      .default(256)
      .describe("Fargate task CPU units (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384, with a memory valid for it. Default 256."),
    memory: z
      .number()
      .int()
      .default(512)
      .describe(
        "Fargate task memory, MiB, valid for the cpu: 256 → 512, 1024 or 2048; 512 → 1024–4096; 1024 → 2048–8192; 2048 → 4096–16384 (steps of 1024; see FARGATE_SIZES). Default 512.",
      ),
    pathPrefix: z
      .string()
      .regex(PATH_PREFIX_RE, "must start with '/', have no trailing '/' and use URL-safe segments")
      .optional()
      .describe(
        "Public path prefix routed to this service, e.g. `/orders`: starts with '/', no trailing '/', URL-safe segments; unique, and no prefix of another public service's. Required for a public service; not set on internal services and workers.",
      ),
    healthCheckPath: z
      .string()
      .regex(HEALTH_CHECK_PATH_RE, "must start with '/' and use only letters, digits and ._~-/?=&%+ (it runs in a shell health check)")
      .optional()
      .describe(
        "HTTP path the container health check probes with curl (the image must ship curl): starts with '/', only letters, digits and ._~-/?=&%+. Cloud Map takes task health from ECS. Not set on a worker (no port to probe). Default `/health`.",
      ),
    desiredCount: taskCount(0)
      .default(2)
      .describe("Tasks to run when the service is created, 0–5000 (the default ECS quota per service); autoscaling owns the count afterwards. Default 2."),
    database: z
      .boolean()
      .default(false)
      .describe(
        "Give the service the environment's PostgreSQL database: it logs in with IAM authentication as its own user (its name with '-' → '_') and gets DB_HOST, DB_PORT, DB_NAME, DB_USER, … as environment, no password. Default false.",
      ),
    allowFrom: z
      .array(z.string())
      .default([])
      .describe(
        "Names of other declared services allowed to call this one on its port, each once, not itself; empty on a worker (expose `none`, no port). Default [] (no service-to-service callers).",
      ),
    environment: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        "Plain environment variables of the app container, name → value (names of letters, digits and '_'). Credential-like names and the ones the platform sets (OTEL_*, and DB_* and PGSSLMODE on database services) are rejected. Default {}.",
      ),
    imageTag: imageTag
      .default(DEFAULT_IMAGE_TAG)
      .describe(
        "Image tag deployed: a version or commit SHA, at most 128 characters, never `latest` (repositories are immutable); `--var image_tag_<service>=…` overrides it at deploy time. Default `1.0.0`.",
      ),
    stripPrefix: z
      .boolean()
      .default(false)
      .describe(
        "Strip `pathPrefix` before forwarding (`/orders/a/b` → `/a/b`, `/orders` → `/`); the `$default` route always forwards the path unchanged. Default false.",
      ),
    defaultRoute: z
      .boolean()
      .default(false)
      .describe("This service also owns the API's `$default` route (requests no other route matches); at most one service. Default false."),
    throttle: throttle
      .optional()
      .describe(
        "Throttling of this service's routes, instead of the stage-wide environments.<env>.api.throttle; public services only. Default: absent (the stage's).",
      ),
    capacity: z
      .enum(CAPACITIES)
      .default("fargate")
      .describe(
        'Where the tasks run: "fargate" (the environment\'s ecs.preferSpot decides the Spot share, as before), "fargateSpot" (all on FARGATE_SPOT) or "ec2" ' +
          "(the environment's EC2 capacity provider, environments.<env>.ecs.ec2, which must exist; cpu and memory must fit its smallest instance type). " +
          'overrides.<env>.capacity sets it per environment. Default "fargate".',
      ),
    deployment: z
      .enum(DEPLOYMENT_STRATEGIES)
      .default("rolling")
      .describe(
        'How a new task definition rolls out: "rolling" (ECS replaces tasks in place, with the deployment circuit breaker) or "blueGreen" ' +
          "(CodeDeploy starts a second task set behind a second target group of the load balancer, shifts the listener's traffic to it and rolls back on failure; " +
          'new images ship with `npm run release`). blueGreen is for public services only and needs environments.<env>.api.targets "loadBalancer" in every ' +
          'environment where it applies (overrides.<env>.deployment wins). Default "rolling".',
      ),
    secrets: SecretsSchema.default({}).describe(
      "App secrets, injected by ECS as environment variables when a task starts: variable name → a reference (" +
        "Secrets Manager or SSM Parameter Store ARN, `secretsmanager:<name>[#<jsonKey>]`, `ssm:/<path>`) or { from, kmsKeyArn }. " +
        "Names are variable names the platform does not set and not also in `environment`; a rotated value reaches the app at the next task start. Default {} (none).",
    ),
    permissions: PermissionsSchema.optional().describe(
      "Allow statements for the service's task role, each { actions, resources, conditions? }: no `*` or `<service>:*` on resource `*`, no iam:PassRole, " +
        "sts:AssumeRole or IAM writes on `*`; not an empty list. Default: absent (only what the platform grants).",
    ),
    command: argv("omit command to keep the image's CMD")
      .optional()
      .describe(
        'The container command, replacing the image\'s CMD: at least one non-empty argument, e.g. ["node", "dist/worker.js"]. Default: the image\'s CMD.',
      ),
    entryPoint: argv("omit entryPoint to keep the image's ENTRYPOINT")
      .optional()
      .describe("The container entry point, replacing the image's ENTRYPOINT: at least one non-empty argument. Default: the image's ENTRYPOINT."),
    volumes: z
      .array(VolumeSchema)
      .default([])
      .describe(
        "Persistent volumes on the environment's EFS file system, each { name, path, readOnly }: names and paths unique in the service. Default [] (none).",
      ),
    overrides: z
      .record(z.string(), serviceOverride)
      .default({})
      .describe("Per-environment overrides of this service, keyed by declared environment name, each over the service-level settings. Default {} (none)."),
  })
  .superRefine((svc, ctx) => {
    // Fargate sizes are pairs; on EC2 a task takes any size its instances fit (checked
    // against the environment's instance types with the config). The service's own size is
    // checked with the declared environments (checkServicesPerEnvironment); an override's here.
    const overridden = Object.keys(svc.overrides);
    for (const env of overridden) {
      const o = svc.overrides[env];
      if (o && (o.cpu !== undefined || o.memory !== undefined)) {
        checkTaskSize(o.cpu ?? svc.cpu, o.memory ?? svc.memory, ["overrides", env], onEc2In(svc, env), ctx);
      }
    }
    // Per-environment overrides carry environment variables too: check them the same way.
    const envMaps: [(string | number)[], Record<string, string> | undefined][] = [
      [["environment"], svc.environment],
      ...overridden.map((env): [(string | number)[], Record<string, string> | undefined] => [
        ["overrides", env, "environment"],
        svc.overrides[env]?.environment,
      ]),
    ];
    const reserved = reservedEnvVars(svc.database);
    for (const [path, vars] of envMaps) {
      for (const key of Object.keys(vars ?? {})) {
        const problem = envVarNameProblem(key, reserved);
        // A credential-like key's value is a secret: the error message must not print it.
        if (problem) ctx.addIssue({ code: "custom", path: [...path, key], message: problem.message, params: { redact: problem.redact === true } });
      }
    }
    checkExposure(svc, ctx);
    checkSecretMap(svc.secrets, ["secrets"], reserved, ctx);
    for (const env of overridden) checkSecretMap(svc.overrides[env]?.secrets, ["overrides", env, "secrets"], reserved, ctx);
    checkSecretsArePlainNowhere(svc, ctx);
    checkPermissions(svc.permissions, ["permissions"], ctx);
    checkVolumes(svc.volumes, ["volumes"], ctx);
    checkDeploymentExposure(svc, ctx);
  });

type ServiceInput = z.infer<typeof ServiceSchema>;

/** Whether `svc` runs on EC2 in `env` (the override's capacity, else the service's). */
function onEc2In(
  svc: { readonly capacity: Capacity; readonly overrides: Readonly<Record<string, { readonly capacity?: Capacity } | undefined>> },
  env: string,
): boolean {
  return (svc.overrides[env]?.capacity ?? svc.capacity) === "ec2";
}

/** A task size by the rules of where it runs: Fargate's pairs, or EC2's ranges. */
function checkTaskSize(cpu: number, memory: number, path: (string | number)[], ec2: boolean, ctx: z.RefinementCtx): void {
  if (ec2) checkEc2Size(cpu, memory, path, ctx);
  else checkFargateSize(cpu, memory, path, ctx);
}

/**
 * The keys each exposure needs and refuses: a public service is an API route (pathPrefix
 * and port); an internal one is reached over Cloud Map only (port, no route keys); a
 * worker (`none`) has no port, so nothing to route to, probe or admit.
 */
function checkExposure(svc: ServiceInput, ctx: z.RefinementCtx): void {
  if (svc.expose === "public") {
    if (svc.port === undefined) issue(ctx, ["port"], 'is required for a public service (expose "public", the default): the API route forwards to it');
    if (svc.pathPrefix === undefined) {
      issue(
        ctx,
        ["pathPrefix"],
        'is required for a public service (expose "public", the default): it is the API route; use expose "internal" for a service reached over Cloud Map only',
      );
    }
    return;
  }
  const what = svc.expose === "internal" ? 'an internal service (expose "internal")' : 'a worker (expose "none")';
  const noRoute = "it has no API route";
  if (svc.expose === "internal" && svc.port === undefined) {
    issue(ctx, ["port"], `is required for ${what}: its callers reach it on this port through Cloud Map`);
  }
  if (svc.expose === "none") {
    if (svc.port !== undefined) issue(ctx, ["port"], `must not be set on ${what}: nothing calls a worker; use expose "internal" for a service others call`);
    if (svc.healthCheckPath !== undefined) issue(ctx, ["healthCheckPath"], `must not be set on ${what}: it has no port for the health check to probe`);
    if (svc.allowFrom.length > 0) issue(ctx, ["allowFrom"], `must be empty on ${what}: it has no port, so it admits no callers`);
  }
  if (svc.pathPrefix !== undefined)
    issue(ctx, ["pathPrefix"], `must not be set on ${what}: ${noRoute}${svc.expose === "internal" ? "; it is reached over Cloud Map only" : ""}`);
  if (svc.stripPrefix) issue(ctx, ["stripPrefix"], `must not be true on ${what}: ${noRoute} whose prefix could be stripped`);
  if (svc.defaultRoute) issue(ctx, ["defaultRoute"], `must not be true on ${what}: ${noRoute}, so it cannot own the $default route`);
  if (svc.throttle !== undefined) issue(ctx, ["throttle"], `must not be set on ${what}: ${noRoute} to throttle`);
}

/**
 * A variable is a secret or a plain value, never both: in each environment, a secret
 * (service-wide or the environment's override) must not also be in the environment's
 * merged `environment`. Reported once, at the secret.
 */
function checkSecretsArePlainNowhere(svc: ServiceInput, ctx: z.RefinementCtx): void {
  const reported = new Set<string>();
  for (const env of [undefined, ...Object.keys(svc.overrides)]) {
    const o = env === undefined ? undefined : svc.overrides[env];
    const plain = { ...svc.environment, ...o?.environment };
    for (const name of new Set([...Object.keys(svc.secrets), ...Object.keys(o?.secrets ?? {})])) {
      if (!Object.prototype.hasOwnProperty.call(plain, name)) continue;
      const fromOverride = o?.secrets !== undefined && Object.prototype.hasOwnProperty.call(o.secrets, name);
      const path = fromOverride ? ["overrides", env!, "secrets", name] : ["secrets", name];
      const key = path.join(".");
      if (reported.has(key)) continue;
      reported.add(key);
      const plainAt =
        o?.environment !== undefined && Object.prototype.hasOwnProperty.call(o.environment, name) ? `overrides.${env}.environment` : "environment";
      const where = env === undefined ? "" : ` in ${env}`;
      issue(ctx, path, `is also a plain environment variable${where} (${plainAt}.${name}): a variable is either a secret or a plain value`);
    }
  }
}

function checkFargateSize(cpu: number, memory: number, path: (string | number)[], ctx: z.RefinementCtx): void {
  const problem = fargateSizeProblem(cpu, memory);
  if (problem) ctx.addIssue({ code: "custom", path: [...path, problem.field], message: problem.message });
}

/**
 * A task size on EC2: 128–196608 CPU units and at least 128 MiB (the instance fit is
 * checked with the environment's instance types).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size
 */
function checkEc2Size(cpu: number, memory: number, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (cpu < 128 || cpu > 196608) ctx.addIssue({ code: "custom", path: [...path, "cpu"], message: "must be 128–196608 CPU units on EC2 (1024 = 1 vCPU)" });
  if (memory < 128) ctx.addIssue({ code: "custom", path: [...path, "memory"], message: "must be at least 128 MiB" });
}

/** An environment's EC2 capacity provider (`environments.<env>.ecs.ec2`). */
const Ec2CapacitySchema = z
  .strictObject({
    instanceTypes: z
      .array(z.string().superRefine(fact(instanceTypeProblem)))
      .min(1, "must name at least one instance type")
      .describe(
        "EC2 instance types of the Auto Scaling group, all of one architecture (x86_64, or arm64: Graviton, a 'g' after the generation, e.g. m7g.large); families c, m, r (generations 5–8) and t3, t3a, t4g. Tasks must fit the smallest. Required.",
      ),
    minSize: z.number().int().min(0, "must be ≥ 0").max(1000, "must be ≤ 1000").describe("Fewest instances, 0–1000. Required."),
    maxSize: z.number().int().min(1, "must be ≥ 1").max(1000, "must be ≤ 1000").describe("Most instances, 1–1000, ≥ minSize. Required."),
    spot: z.boolean().default(false).describe("Run Spot instances (capacity-optimized allocation, drained on interruption). Default false."),
    targetCapacityPercent: z
      .number()
      .int()
      .min(1, "must be 1–100")
      .max(100, "must be 1–100")
      .default(100)
      .describe("Managed scaling's target: how full the instances are kept, percent (100 = no spare capacity). Default 100."),
    rootVolumeGiB: z
      .number()
      .int()
      .min(30, "must be ≥ 30 GiB (the ECS-optimized Amazon Linux 2023 AMI's root)")
      .max(16384, "must be ≤ 16384 GiB")
      .default(30)
      .describe("Encrypted gp3 root volume of each instance, GiB, 30–16384. Default 30."),
  })
  .superRefine((ec2, ctx) => {
    if (ec2.maxSize < ec2.minSize) ctx.addIssue({ code: "custom", path: ["maxSize"], message: `must be ≥ minSize (${ec2.minSize})` });
    if (ec2.instanceTypes.every((t) => instanceTypeProblem(t) === undefined) && architectureOf(ec2.instanceTypes) === "mixed") {
      ctx.addIssue({
        code: "custom",
        path: ["instanceTypes"],
        message: "must all be of one architecture: x86_64 or arm64 (Graviton), not both (one AMI and one image per group)",
      });
    }
  });

/** Per-environment settings. */
export const EnvironmentSchema = z
  .strictObject({
    profile: z
      .enum(PROFILE_NAMES)
      .describe(
        'The built-in defaults this environment starts from: "dev" (cheap: one NAT, single-AZ database, 30-day logs, Spot preferred), "staging" (prod\'s topology: NAT per AZ, Multi-AZ database, 90-day logs) or "prod" (the strictest: three AZs, 365-day logs, enhanced Container Insights); everything else the environment sets deep-merges over it, and `npm run check` applies the profile\'s rules. Default: the environment\'s name for dev, staging and prod; required for any other name.',
      ),
    account: z
      .string()
      .regex(ACCOUNT_ID_RE, "must be a 12-digit AWS account id")
      .optional()
      .describe(
        "The AWS account this environment deploys to, 12 digits: its provider gets allowed_account_ids = [account], so a deploy with another account's credentials fails before anything changes. Default: absent (any account).",
      ),
    region: z
      .string()
      .regex(REGION_RE, "must be an AWS region name like eu-west-1")
      .optional()
      .describe(
        "AWS region of this environment (its VPC, API, certificate and everything else). Default: the top-level region, where bootstrap keeps the state bucket.",
      ),
    assumeRoleArn: z
      .string()
      .regex(IAM_ROLE_ARN_RE, "must be an IAM role ARN like arn:aws:iam::123456789012:role/deployer")
      .optional()
      .describe(
        "IAM role the environment's provider (and S3 backend, unless state.roleArn is set) assumes to deploy, in the environment's account. Default: absent (the caller's credentials).",
      ),
    vpcCidr: cidrBlock.describe(
      "VPC IPv4 CIDR, /16–/24, disjoint from the other environments' and outside 0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16, 224.0.0.0/4 and 240.0.0.0/4; it must hold /28 subnets of three tiers in every AZ. Default: dev 10.10.0.0/16, staging 10.20.0.0/16, prod 10.30.0.0/16.",
    ),
    azCount: z
      .number()
      .int()
      .min(MIN_AZS, `must be ${MIN_AZS}–${MAX_AZS}`)
      .max(MAX_AZS, `must be ${MIN_AZS}–${MAX_AZS}`)
      .describe(`Availability zones used, ${MIN_AZS}–${MAX_AZS}, and no more than the region has (eu-west-1: 3). Default: dev 2, staging 2, prod 3.`),
    azs: z
      .array(z.string())
      .optional()
      .describe(
        "Explicit AZ names, exactly azCount distinct zones of the region. Default: the region's first azCount zones (`eu-west-1a`, `b`, …; ap-northeast-1 has no `b`). Required in us-west-1, whose AZ names differ per account, and in regions the AZ table of src/core/aws-facts.ts does not list.",
      ),
    natGateways: z
      .enum(["single", "perAz", "none"])
      .describe(
        "NAT strategy: `perAz` (one NAT gateway per AZ), `single` (one shared) or `none` (no internet egress: needs observability.enabled false and the ecr.api, ecr.dkr, logs and secretsmanager endpoints). Default: dev single, staging perAz, prod perAz.",
      ),
    interfaceEndpoints: z
      .array(z.enum(INTERFACE_ENDPOINT_SERVICES))
      .describe(
        `VPC interface endpoints created in the private subnets, each once, of: ${INTERFACE_ENDPOINT_SERVICES.join(", ")} (\`ssmmessages\` is added when ECS Exec is on). Default: ecr.api, ecr.dkr, logs, secretsmanager in every environment.`,
      ),
    flowLogRetentionDays: logRetention.describe(
      "Retention of the VPC flow logs, days: a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, …, 365, …, 3653). Default: dev 30, staging 90, prod 365.",
    ),
    logRetentionDays: logRetention.describe(
      "Retention of the service, API access and database logs, days: a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, …, 365, …, 3653). Default: dev 30, staging 90, prod 365.",
    ),
    database: z
      .strictObject({
        instanceClass: z
          .string()
          .regex(RDS_INSTANCE_CLASS_RE, "must be an RDS instance class like db.t4g.micro")
          .describe("RDS instance class, `db.<family>.<size>`, e.g. db.t4g.micro. Default: dev db.t4g.micro, staging db.t4g.small, prod db.m7g.large."),
        allocatedStorage: z
          .number()
          .int()
          .min(RDS_STORAGE_MIN_GIB, `must be ${RDS_STORAGE_MIN_GIB}–${RDS_STORAGE_MAX_GIB} GiB`)
          .max(RDS_STORAGE_MAX_GIB, `must be ${RDS_STORAGE_MIN_GIB}–${RDS_STORAGE_MAX_GIB} GiB`)
          .describe(`Initial gp3 storage, GiB, ${RDS_STORAGE_MIN_GIB}–${RDS_STORAGE_MAX_GIB}. Default: dev 20, staging 20, prod 50.`),
        maxAllocatedStorage: z
          .number()
          .int()
          .max(RDS_STORAGE_MAX_GIB, `must be ≤ ${RDS_STORAGE_MAX_GIB} GiB`)
          .describe(`Storage autoscaling ceiling, GiB, from allocatedStorage to ${RDS_STORAGE_MAX_GIB}. Default: dev 100, staging 200, prod 500.`),
        multiAz: z
          .boolean()
          .describe("Run a synchronous standby in another AZ, for failover (about twice the instance cost). Default: dev false, staging true, prod true."),
        deletionProtection: z
          .boolean()
          .describe("Refuse deletion of the instance; a final snapshot is kept wherever this is on. Default: dev false, staging true, prod true."),
        backupRetentionDays: z
          .number()
          .int()
          .min(RDS_BACKUP_RETENTION_MIN_DAYS, `must be ${RDS_BACKUP_RETENTION_MIN_DAYS}–${RDS_BACKUP_RETENTION_MAX_DAYS}`)
          .max(RDS_BACKUP_RETENTION_MAX_DAYS, `must be ${RDS_BACKUP_RETENTION_MIN_DAYS}–${RDS_BACKUP_RETENTION_MAX_DAYS}`)
          .describe(`Days of automated backups kept, ${RDS_BACKUP_RETENTION_MIN_DAYS}–${RDS_BACKUP_RETENTION_MAX_DAYS}. Default: dev 1, staging 7, prod 14.`),
        monitoringInterval: z
          .union(RDS_MONITORING_INTERVALS.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<5>, ...z.ZodLiteral<number>[]], {
            error: `must be one of ${RDS_MONITORING_INTERVALS.join(", ")} (seconds)`,
          })
          .describe(`Enhanced monitoring interval, seconds: one of ${RDS_MONITORING_INTERVALS.join(", ")}. Default: dev 60, staging 60, prod 30.`),
        // The loader names the allowed values of an enum itself ("must be one of …").
        engineVersion: z
          .enum(POSTGRES_ENGINE_VERSIONS)
          .describe(
            "PostgreSQL major version under RDS standard support, a string without a minor (" +
              POSTGRES_ENGINE_VERSIONS.join(", ") +
              '): RDS applies minors itself. Raising it upgrades the instance: set allowMajorVersionUpgrade for that deploy (README: major version upgrades). Default "16" in every environment.',
          ),
        allowMajorVersionUpgrade: z
          .boolean()
          .describe(
            "Allow this deploy to upgrade the database to a new major engineVersion. While true, database changes apply immediately (downtime), not in the maintenance window: set it back to false after the upgrade. Default false.",
          ),
      })
      .describe("RDS PostgreSQL settings of this environment: one instance, shared by the services with `database: true`."),
    ecs: z
      .strictObject({
        containerInsights: z
          .enum(["enabled", "enhanced"])
          .describe(
            "CloudWatch Container Insights of the cluster: `enabled`, or `enhanced` (adds per-task and per-container metrics, costs more). Default: dev enabled, staging enabled, prod enhanced.",
          ),
        preferSpot: z
          .boolean()
          .describe(
            "Default capacity provider strategy: true puts four of five tasks on FARGATE_SPOT above a base of one on-demand task; false runs all on FARGATE. Default: dev true, staging false, prod false.",
          ),
        enableExecuteCommand: z
          .boolean()
          .describe(
            "Allow ECS Exec (interactive shells into tasks), logged to an encrypted log group. It makes the app container's root filesystem writable, so `npm run check` reports ECS.5 until suppressed with a reason. Default false in every environment.",
          ),
        ec2: Ec2CapacitySchema.optional().describe(
          'An EC2 capacity provider for services with capacity "ec2": { instanceTypes, minSize, maxSize, spot?, targetCapacityPercent?, rootVolumeGiB? } (README: EC2 capacity). Default: absent (Fargate only).',
        ),
      })
      .describe("ECS cluster settings of this environment."),
    autoscaling: z
      .strictObject({
        minCapacity: minCapacity.describe("Fewest tasks of each service, 0–5000. Default: dev 1, staging 2, prod 2."),
        maxCapacity: maxCapacity.describe("Most tasks of each service, 1–5000, ≥ minCapacity. Default: dev 2, staging 4, prod 10."),
        cpuTargetPercent: z
          .number()
          .min(10, "must be 10–95")
          .max(95, "must be 10–95")
          .describe("Average CPU utilization each service scales to hold, percent, 10–95. Default: dev 70, staging 70, prod 60."),
        memoryTargetPercent: z
          .number()
          .min(10, "must be 10–95")
          .max(95, "must be 10–95")
          .describe("Average memory utilization each service scales to hold, percent, 10–95. Default: dev 80, staging 80, prod 75."),
      })
      .describe("Target-tracking autoscaling of every service's task count in this environment (per service: services[].overrides.<env>)."),
    api: z
      .strictObject({
        kind: z
          .enum(API_KINDS)
          .describe(
            'API Gateway flavor: "http" (an HTTP API, API Gateway v2) or "rest" (a regional REST API, v1: the one with usage plans and API keys; needs targets "loadBalancer"). Default "http" in every environment.',
          ),
        targets: z
          .enum(API_TARGETS)
          .describe(
            'What the API\'s private integration reaches: "cloudMap" (the services\' Cloud Map registrations through a VPC link v2; kind "http" only) or ' +
              '"loadBalancer" (an internal Network Load Balancer in the private subnets with one listener and ip target group per public service; ' +
              'required by kind "rest" and by blue/green deployments). Services keep their Cloud Map registration for service-to-service calls either way. Default "cloudMap" in every environment.',
          ),
        throttle: throttle.describe(
          "Stage-wide throttling of every route (http) or method (rest), all clients together; services[].throttle replaces it for a service's routes. Default: dev 50 burst / 25 per second, staging 100 / 50, prod 500 / 250.",
        ),
        detailedMetrics: z
          .boolean()
          .describe("Per-route (http) or per-method (rest) CloudWatch metrics of the stage (billed per metric). Default: dev false, staging false, prod true."),
        tracing: z
          .boolean()
          .default(false)
          .describe('AWS X-Ray tracing of the REST stage (sampled requests; billed per trace). kind "rest" only: HTTP APIs have no X-Ray. Default false.'),
        clientProfiles: z
          .array(ClientProfileSchema)
          .default([])
          .describe(
            "Client profiles, each a usage plan `<project>-<env>-<name>` on the stage with its per-client throttle and quota, { name, rateLimit, burstLimit, quota? }; names unique. " +
              'kind "rest" only (usage plans and API keys exist only on REST APIs); while any exists, every method requires an API key. Default [] (none).',
          ),
        clients: z
          .array(ClientSchema)
          .default([])
          .describe(
            "API clients, each { name, profile }: one generated API key `<project>-<env>-<name>` on its profile's usage plan; names unique, profile a declared clientProfiles name. " +
              'kind "rest" only. Key values are never in config or outputs: the outputs carry key ids (README: Client profiles and API keys). Default [] (none).',
          ),
      })
      .describe("API Gateway settings of this environment: the API's flavor, its integration targets, throttling, metrics, and client profiles."),
    alerts: AlertsSchema.optional().describe(
      "This environment's alerting, over the top-level alerts: its emails replace the top-level list; its thresholds merge key by key over the top-level ones and the profile's. Default: the top-level alerts.",
    ),
  })
  .superRefine((env, ctx) => {
    // The provider assumes the role and then must be in the account it allows.
    const roleAccount = env.assumeRoleArn === undefined ? undefined : roleAccountOf(env.assumeRoleArn);
    if (env.account !== undefined && roleAccount !== undefined && roleAccount !== env.account) {
      ctx.addIssue({
        code: "custom",
        path: ["assumeRoleArn"],
        message: `is a role of account ${roleAccount}, but account is ${env.account}: allowed_account_ids would refuse every plan; assume a role of ${env.account}`,
      });
    }
    if (env.azs !== undefined && env.azs.length !== env.azCount) {
      ctx.addIssue({
        code: "custom",
        path: ["azs"],
        message: `must list exactly azCount (${env.azCount}) availability zones, got ${env.azs.length}`,
      });
    }
    if (env.azs && new Set(env.azs).size !== env.azs.length) {
      ctx.addIssue({ code: "custom", path: ["azs"], message: "must not repeat an availability zone" });
    }
    if (new Set(env.interfaceEndpoints).size !== env.interfaceEndpoints.length) {
      ctx.addIssue({ code: "custom", path: ["interfaceEndpoints"], message: "must not repeat an endpoint service" });
    }
    if (env.database.maxAllocatedStorage < env.database.allocatedStorage) {
      ctx.addIssue({
        code: "custom",
        path: ["database", "maxAllocatedStorage"],
        message: `must be ≥ allocatedStorage (${env.database.allocatedStorage})`,
      });
    }
    if (env.autoscaling.maxCapacity < env.autoscaling.minCapacity) {
      ctx.addIssue({
        code: "custom",
        path: ["autoscaling", "maxCapacity"],
        message: `must be ≥ minCapacity (${env.autoscaling.minCapacity})`,
      });
    }
    checkApi(env.api, ["api"], ctx);
  })
  // The account of the role the provider assumes is the environment's account: its provider
  // is pinned to it, and the state role trusts it, as if `account` were written.
  .transform((env) => (env.account === undefined && env.assumeRoleArn !== undefined ? { ...env, account: roleAccountOf(env.assumeRoleArn) } : env));

/** The whole config file. */
export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("`$schema` lets editors find infra.schema.json; ignored otherwise. Optional, no default."),
    project: z
      .string()
      .superRefine(fact(projectNameProblem))
      .describe(
        "Project name, 1–20 characters of a–z, 0–9 and '-' (starting with a letter, no '--'): prefixes every physical name and the state key, so it is short enough for IAM's 64-character role names. Not starting with `sg-` (it starts security group names). Default `platform`.",
      ),
    region: z
      .string()
      .regex(REGION_RE, "must be an AWS region name like eu-west-1")
      .describe("AWS region of every environment, e.g. eu-west-1 (the API and its ACM certificate must share it). Default `eu-west-1`."),
    state: z
      .strictObject({
        bucket: z
          .string()
          .superRefine(fact(stateBucketNameProblem))
          .describe(
            "S3 bucket of the Terraform state, created by the `bootstrap` stack: S3 naming rules, at most 58 characters (its access logs go to `<bucket>-logs`). Default `platform-terraform-state-example`, a placeholder: set your own.",
          ),
        roleArn: z
          .string()
          .regex(IAM_ROLE_ARN_RE, "must be an IAM role ARN like arn:aws:iam::123456789012:role/terraform-state")
          .optional()
          .describe(
            "IAM role the environments' S3 backends assume to read and write state, when the state bucket lives in another account than the one they deploy to. Default: absent (an environment's backend uses its assumeRoleArn, else the caller's credentials).",
          ),
      })
      .describe("Remote Terraform state (S3 backend)."),
    domain: z
      .strictObject({
        name: z
          .string()
          .regex(HOSTNAME_RE, "must be a lowercase host name like example.com (IDNs in punycode: xn--…)")
          .describe(
            "The Cloudflare zone's domain, e.g. example.com (IDNs in punycode: xn--…); API hosts are one label under it and must fit ACM's 64 characters. Default `example.com`, a placeholder.",
          ),
        cloudflareZoneId: z
          .string()
          .regex(/^[a-f0-9]{32}$/, "must be a Cloudflare zone id: 32 lowercase hex characters")
          .describe("The Cloudflare zone's id, 32 lowercase hex characters (dashboard → the domain → Overview → API). Default: 32 zeros, a placeholder."),
        apiSubdomain: dnsLabel("apiSubdomain").describe(
          "API host label, a lowercase DNS label: `<apiSubdomain>.<domain>` in prod, `<apiSubdomain>-<env>.<domain>` elsewhere (one level deep: Cloudflare's Universal SSL covers one); each host at most 64 characters. Default `api`.",
        ),
        zoneSettingsOwner: z
          .string()
          .describe(
            "The one declared environment whose stack manages the zone-wide Cloudflare settings (ssl strict, always_use_https, min_tls_version 1.2) and the rate limit. Default `prod`.",
          ),
        rateLimit: z
          .strictObject({
            requestsPerPeriod: z
              .number()
              .int()
              .positive("must be > 0")
              .describe(
                "Requests one client IP may send per period (counted per Cloudflare data center) before it is blocked, an integer > 0. Required in rateLimit.",
              ),
            periodSeconds: z
              .union([z.literal(10), z.literal(60), z.literal(120), z.literal(300), z.literal(600), z.literal(3600)], {
                error: "must be one of 10, 60, 120, 300, 600, 3600 (seconds; the Free plan allows 10)",
              })
              .default(10)
              .describe(
                "Counting period, seconds: 10, 60, 120, 300, 600 or 3600. The Free plan allows 10 only; 60 needs Pro, 120–600 Business, 3600 Enterprise. Default 10.",
              ),
          })
          .optional()
          .describe(
            "Cloudflare rate limiting of the services' path prefixes, per client IP; zone-wide, so created by the zoneSettingsOwner stack only (one http_ratelimit ruleset per zone). Default: absent (off).",
          ),
      })
      .describe("Public domain, managed in Cloudflare."),
    observability: z
      .strictObject({
        enabled: z
          .boolean()
          .describe(
            "Run the OpenTelemetry collector sidecar in every task (ports 4317 and 4318) and export telemetry to Grafana Cloud; needs internet egress (natGateways not `none`). Default true.",
          ),
        otlpEndpoint: z
          .string()
          .url({ error: "must be an https:// URL", abort: true })
          .regex(/^https:\/\//, "must be an https:// URL")
          .describe("Grafana Cloud OTLP gateway of your stack, an https:// URL. Default `https://otlp-gateway-prod-eu-west-2.grafana.net/otlp`."),
        collectorImage: z
          .string()
          .superRefine(fact(pinnedImageProblem))
          .describe(
            "Pinned OpenTelemetry collector image: a version tag or digest, never `latest`. Default `ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.116.1`.",
          ),
      })
      .describe("OpenTelemetry export to Grafana Cloud."),
    services: z
      .array(ServiceSchema)
      .min(1, "must declare at least one service")
      .describe("The services, at least one, each deployed to every environment. Default: `orders` (uses the database) and `catalog`, both on port 8080."),
    environments: z
      .record(z.string(), EnvironmentSchema)
      .describe(
        "The environments, keyed by name (a lowercase DNS label of at most 12 characters, not `bootstrap`): one stack each, deployed in this order. Each starts from its profile's defaults. A file's `environments` replaces the default map, so list every environment you deploy. Default: dev, staging and prod, each on its own profile.",
      ),
    checks: z
      .strictObject({
        suppress: z
          .array(
            z.strictObject({
              rule: z
                .string()
                .min(1, "must name a rule id (`npm run check -- --json` lists them)")
                .describe(
                  "Rule of the accepted finding: any id the finding shows, the rule id (ecs-no-public-ip) or one of its refs (ECS.5, CKV_AWS_333). Required.",
                ),
              address: z
                .string()
                .min(1, "must name a resource address like aws_db_instance.x, or <stack>/<address>")
                .describe(
                  "Where the finding is: a Terraform address (aws_db_instance.x, every stack), <stack>/<address> (prod/aws_db_instance.x), " +
                    "a construct path as printed with the finding (prod/database/instance), <stack>/<service> (dev/orders: every resource " +
                    "whose construct path has that segment), or a glob of these with * and ? (dev/*, */orders, aws_ecs_task_definition.*). Required.",
                ),
              reason: z
                .string()
                .trim()
                .min(1, "a suppression needs a reason")
                .describe("Why the finding is accepted, non-blank text; `npm run check` prints it with the suppressed finding. Required."),
            }),
          )
          .describe("Findings of `npm run check` to accept, each with a reason; a suppression matching nothing is reported as stale. Default [] (none)."),
      })
      .describe("Policy checks (`npm run check`)."),
    jobs: z
      .array(JobSchema)
      .default([])
      .describe(
        "Scheduled jobs, each an ECS task EventBridge Scheduler starts on its schedule in every environment, with its own image or a service's. Default [] (none).",
      ),
    ci: z
      .strictObject({
        github: z
          .strictObject({
            repository: z
              .string()
              .regex(GITHUB_REPOSITORY_RE, "must be a GitHub repository, owner/name")
              .describe(
                "The GitHub repository, `owner/name`, whose Actions deploy the platform: each deploy role trusts its `environment:<env>` jobs only, each plan role its pull requests. Required in ci.github.",
              ),
            environments: z
              .array(z.string())
              .optional()
              .describe(
                "Environments the pipeline diffs and deploys, declared names, each once, each with an account; deployed in the order of `environments`. Default: every declared environment.",
              ),
          })
          .optional()
          .describe(
            "GitHub Actions delivery (README: The pipeline): each account's bootstrap creates GitHub's OIDC provider and per environment a deploy and a plan role; .github/workflows/platform.yml uses them. Default: absent (no CI roles).",
          ),
      })
      .default({})
      .describe("Continuous delivery. Default {} (none)."),
    alerts: AlertsSchema.optional().describe(
      "Alerting of every environment (README: Alerts and dashboard): { emails, thresholds }; environments.<env>.alerts refines it per environment. Default: no emails, the profiles' thresholds.",
    ),
  })
  .superRefine((cfg, ctx) => {
    checkServices(cfg.services, ctx);
    checkEnvironmentNames(cfg, ctx);
    checkEnvironments(cfg, ctx);
    checkAccounts(cfg, ctx);
    checkPartitions(cfg, ctx);
    checkServicesPerEnvironment(cfg, ctx);
    checkBlueGreenTargets(cfg, ctx);
    checkJobs(cfg, tightestEnvironment(Object.keys(cfg.environments)), ctx);
    checkAlerts(cfg, ctx);
  });

/**
 * The environments' names (the map's keys) name stacks and start physical names; every
 * key that names an environment elsewhere must be declared.
 */
function checkEnvironmentNames(cfg: z.infer<typeof ConfigSchema>, ctx: z.RefinementCtx): void {
  const names = Object.keys(cfg.environments);
  const declared = `declared: ${names.join(", ")}`;
  if (names.length === 0) issue(ctx, ["environments"], "must declare at least one environment");
  for (const name of names) {
    const problem = environmentNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", path: ["environments", name], message: `as an environment name ${problem}`, params: { key: true } });
  }
  if (names.length > 0 && !names.includes(cfg.domain.zoneSettingsOwner)) {
    const byDefault =
      cfg.domain.zoneSettingsOwner === DEFAULT_CONFIG.domain.zoneSettingsOwner ? ` (${DEFAULT_CONFIG.domain.zoneSettingsOwner} is the default)` : "";
    issue(
      ctx,
      ["domain", "zoneSettingsOwner"],
      `names no declared environment${byDefault}; ${declared}: set it to the one whose stack owns the zone-wide Cloudflare settings`,
    );
  }
  cfg.services.forEach((svc, i) => {
    for (const env of Object.keys(svc.overrides)) {
      if (!names.includes(env)) issue(ctx, ["services", i, "overrides", env], `names no declared environment; ${declared}`);
    }
  });
}

/**
 * One partition: roles cannot be assumed across partitions, so every environment's region,
 * `assumeRoleArn` and `state.roleArn` must be in the partition of the top-level region,
 * where the state bucket is. https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
 */
function checkPartitions(cfg: z.infer<typeof ConfigSchema>, ctx: z.RefinementCtx): void {
  const partition = partitionOfRegion(cfg.region);
  // (An ARN that is not one has its own error.)
  const arnPartition = (arn: string) => IAM_ROLE_ARN_RE.exec(arn)?.[1] ?? partition;
  const refuse = (path: (string | number)[], theirs: string | undefined) =>
    issue(
      ctx,
      path,
      `is in partition ${theirs}, but the state bucket's region ${cfg.region} is in ${partition}: credentials and roles do not cross partitions; keep every environment and role in ${partition}`,
    );
  if (cfg.state.roleArn !== undefined && arnPartition(cfg.state.roleArn) !== partition) refuse(["state", "roleArn"], arnPartition(cfg.state.roleArn));
  for (const [name, env] of Object.entries(cfg.environments)) {
    if (env.region !== undefined && partitionOfRegion(env.region) !== partition) refuse(["environments", name, "region"], partitionOfRegion(env.region));
    if (env.assumeRoleArn !== undefined && arnPartition(env.assumeRoleArn) !== partition)
      refuse(["environments", name, "assumeRoleArn"], arnPartition(env.assumeRoleArn));
  }
}

/**
 * Accounts: several accounts share one state bucket only through `state.roleArn` (the S3
 * backend resolves the state key's alias in the writer's account, and the bucket grants no
 * other account); the pipeline's roles are created in each environment's account.
 */
function checkAccounts(cfg: z.infer<typeof ConfigSchema>, ctx: z.RefinementCtx): void {
  const names = Object.keys(cfg.environments);
  const accounts = new Map<string, string[]>();
  for (const name of names) {
    const account = cfg.environments[name].account;
    if (account !== undefined) accounts.set(account, [...(accounts.get(account) ?? []), name]);
  }
  if (accounts.size > 1 && cfg.state.roleArn === undefined) {
    const list = [...accounts].map(([account, envs]) => `${envs.join(", ")}: ${account}`).join("; ");
    issue(
      ctx,
      ["state", "roleArn"],
      `is required when environments deploy to several accounts (${list}): every backend reaches the one state bucket through this role of the bucket's account; bootstrap creates it`,
    );
  }
  const github = cfg.ci.github;
  if (github === undefined) return;
  const listed = github.environments ?? names;
  github.environments?.forEach((env, j) => {
    if (!names.includes(env)) issue(ctx, ["ci", "github", "environments", j], `names no declared environment; declared: ${names.join(", ")}`);
    else if (github.environments!.indexOf(env) !== j)
      issue(ctx, ["ci", "github", "environments", j], `repeats ${JSON.stringify(env)}: list each environment once`);
  });
  if (github.environments?.length === 0) issue(ctx, ["ci", "github", "environments"], "must list at least one environment (omit it for every environment)");
  const deployed = names.filter((name) => listed.includes(name));
  if (deployed.length > PIPELINE_DEPLOY_SLOTS) {
    issue(
      ctx,
      github.environments === undefined ? ["ci", "github"] : ["ci", "github", "environments"],
      `deploys ${deployed.length} environments (${deployed.join(", ")}); the workflow has ${PIPELINE_DEPLOY_SLOTS} deploy jobs: list at most ${PIPELINE_DEPLOY_SLOTS} in ci.github.environments, or add deploy jobs to .github/workflows/platform.yml and raise PIPELINE_DEPLOY_SLOTS in src/config/fields.ts`,
    );
  }
  for (const env of listed) {
    if (names.includes(env) && cfg.environments[env].account === undefined) {
      issue(
        ctx,
        ["environments", env, "account"],
        "is required for an environment the pipeline deploys (ci.github): its deploy and plan roles are created in that account, and the workflow names them by ARN",
      );
    }
    // The pipeline deploys as <project>-<env>-deploy, inside its permissions boundary; a role
    // the provider assumes on top would deploy outside it, and the read-only plan role of a
    // pull request must not be able to assume a deployer.
    if (names.includes(env) && cfg.environments[env].assumeRoleArn !== undefined) {
      issue(
        ctx,
        ["environments", env, "assumeRoleArn"],
        `must not be set for an environment the pipeline deploys (ci.github): the pipeline deploys as ${deployRoleName(cfg.project, env)} within its permissions boundary and diffs as the read-only ${planRoleName(cfg.project, env)}, and neither may assume another role; remove it (run local deploys with that account's credentials, e.g. AWS_PROFILE), or leave ${env} out of ci.github.environments`,
      );
    }
  }
}

function checkServices(services: z.infer<typeof ServiceSchema>[], ctx: z.RefinementCtx): void {
  const names = services.map((s) => s.name);
  // The HTTP API, its domain and DNS record exist in every environment, and API Gateway
  // refuses to deploy an API without a route ("Unable to deploy API because no routes
  // exist in this API"), so one service at least must be public.
  if (services.length > 0 && !services.some((s) => s.expose === "public")) {
    ctx.addIssue({
      code: "custom",
      path: ["services"],
      message: 'has no public service (expose "public", the default): the API needs at least one route to deploy',
    });
  }
  services.forEach((svc, i) => {
    if (names.indexOf(svc.name) !== i) {
      ctx.addIssue({ code: "custom", path: ["services", i, "name"], message: `duplicates service ${JSON.stringify(svc.name)}: names must be unique` });
    }
    svc.allowFrom.forEach((caller, j) => {
      if (svc.allowFrom.indexOf(caller) !== j) {
        ctx.addIssue({ code: "custom", path: ["services", i, "allowFrom", j], message: `repeats ${JSON.stringify(caller)}: list each caller once` });
      } else if (!names.includes(caller)) {
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "allowFrom", j],
          message: `names no declared service; declared: ${names.join(", ")}`,
        });
      } else if (caller === svc.name) {
        ctx.addIssue({ code: "custom", path: ["services", i, "allowFrom", j], message: "a service need not allow itself" });
      }
    });
    // Only public services have API routes: an internal service's pathPrefix is an error of its own.
    const prefix = svc.expose === "public" ? svc.pathPrefix : undefined;
    if (prefix === undefined) return;
    services.forEach((other, k) => {
      if (k === i || other.expose !== "public" || other.pathPrefix === undefined) return;
      if (other.pathPrefix === prefix && k < i) {
        ctx.addIssue({ code: "custom", path: ["services", i, "pathPrefix"], message: `duplicates the pathPrefix of service ${other.name}` });
      } else if (other.pathPrefix !== prefix && other.pathPrefix.startsWith(prefix + "/")) {
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "pathPrefix"],
          message: `is a prefix of service ${other.name}'s pathPrefix ${other.pathPrefix}: one route would shadow the other`,
        });
      }
    });
  });
  const defaults = services.filter((s) => s.defaultRoute);
  if (defaults.length > 1) {
    ctx.addIssue({
      code: "custom",
      path: ["services", services.indexOf(defaults[1]), "defaultRoute"],
      message: `only one service may own the $default route; ${defaults.map((s) => s.name).join(", ")} all claim it`,
    });
  }
}

/**
 * The public API host of an environment: `<apiSubdomain>.<domain>` in prod,
 * `<apiSubdomain>-<env>.<domain>` elsewhere — one DNS label under the zone, because
 * Cloudflare's Universal SSL covers one level of subdomain only.
 */
export function apiHostFor(domain: { readonly name: string; readonly apiSubdomain: string }, envName: EnvironmentName): string {
  const label = envName === "prod" ? domain.apiSubdomain : `${domain.apiSubdomain}-${envName}`;
  return `${label}.${domain.name}`;
}

/** Says so when an environment's CIDR is its profile's default, which the user never wrote. */
function inheritedCidr(env: { readonly profile: ProfileName; readonly vpcCidr: string }): string {
  return env.vpcCidr === PROFILES[env.profile].vpcCidr ? ` (this is the ${env.profile} profile's default: set a vpcCidr of its own)` : "";
}

function checkEnvironments(cfg: z.infer<typeof ConfigSchema>, ctx: z.RefinementCtx): void {
  // Only valid blocks are compared: a bad CIDR already has its own issue.
  const parsed = Object.keys(cfg.environments).map((name) => {
    const text = cfg.environments[name].vpcCidr;
    return { name, cidr: vpcCidrProblem(text) === undefined ? parseCidr(text) : "invalid" };
  });
  parsed.forEach((a, i) => {
    parsed.slice(0, i).forEach((b) => {
      if (typeof a.cidr !== "string" && typeof b.cidr !== "string" && cidrsOverlap(a.cidr, b.cidr)) {
        ctx.addIssue({
          code: "custom",
          path: ["environments", a.name, "vpcCidr"],
          message: `overlaps environments.${b.name}.vpcCidr (${cfg.environments[b.name].vpcCidr}): environments need disjoint CIDRs${inheritedCidr(cfg.environments[a.name])}`,
        });
      }
    });
  });
  for (const { name, cidr } of parsed) {
    const env = cfg.environments[name];
    // The EC2 capacity provider is `<project>-<env>-ec2`, under ECS's reserved prefixes.
    if (env.ecs.ec2) {
      const provider = physicalNameOf(cfg.project, name, "ec2");
      const problem = capacityProviderNameProblem(provider);
      if (problem)
        ctx.addIssue({ code: "custom", path: ["project"], message: `makes the ${name} EC2 capacity provider's name "${provider}", which ${problem}` });
    }
    // The internal NLB is `<project>-<env>-nlb`: ELB refuses names over 32 characters and
    // names starting with `internal-` (a project called `internal`).
    if (env.api.targets === "loadBalancer") {
      const nlb = physicalNameOf(cfg.project, name, "nlb");
      const problem = elbNameProblem(nlb, "load balancer");
      if (problem) ctx.addIssue({ code: "custom", path: ["project"], message: `makes the ${name} load balancer's name "${nlb}", which ${problem}` });
    }
    // The subnet plan must fit: every tier's subnets /28 or larger.
    if (typeof cidr !== "string") {
      const fit = subnetFitProblem(cidr.prefix, env.azCount);
      if (fit) ctx.addIssue({ code: "custom", path: ["environments", name, "vpcCidr"], message: fit });
    }
    env.azs?.forEach((az, j) => {
      const problem = azNameProblem(env.region ?? cfg.region, az);
      if (problem) ctx.addIssue({ code: "custom", path: ["environments", name, "azs", j], message: problem });
    });
    const az = azProblem(env.region ?? cfg.region, env.azCount, env.azs);
    if (az) ctx.addIssue({ code: "custom", path: ["environments", name, az.path], message: az.message });
    if (env.natGateways === "none" && cfg.observability.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["environments", name, "natGateways"],
        message:
          'is "none", but observability.enabled exports telemetry to Grafana Cloud over the internet: use "single" or "perAz", or set observability.enabled to false',
      });
    }
    if (env.natGateways === "none" && usesParameterSecrets(cfg, name) && !env.interfaceEndpoints.includes("ssm")) {
      ctx.addIssue({
        code: "custom",
        path: ["environments", name, "interfaceEndpoints"],
        message: 'must include ssm when natGateways is "none" and a secret comes from SSM Parameter Store: the ECS agent has no other way to read it',
      });
    }
    if (env.natGateways === "none") {
      for (const needed of ENDPOINTS_NEEDED_WITHOUT_NAT) {
        if (!env.interfaceEndpoints.includes(needed)) {
          ctx.addIssue({
            code: "custom",
            path: ["environments", name, "interfaceEndpoints"],
            message: `must include ${needed} when natGateways is "none": tasks in private subnets have no other way to reach it`,
          });
        }
      }
    }
    // The API host is the ACM certificate's domain name (its common name): at most 64
    // characters (RFC 5280), and its first label is one DNS label (≤ 63).
    const host = apiHostFor(cfg.domain, name);
    const label = host.slice(0, host.length - cfg.domain.name.length - 1);
    if (label.length > 63) {
      ctx.addIssue({
        code: "custom",
        path: ["domain", "apiSubdomain"],
        message: `makes the ${name} API host label "${label}" ${label.length} characters; a DNS label has at most 63`,
      });
    } else if (host.length > ACM_DOMAIN_NAME_MAX_LENGTH) {
      ctx.addIssue({
        code: "custom",
        path: ["domain", "name"],
        message: `makes the ${name} API host "${host}" ${host.length} characters; an ACM certificate's domain name may have at most ${ACM_DOMAIN_NAME_MAX_LENGTH}: use a shorter domain or apiSubdomain`,
      });
    }
  }
}

/** What depends on a service and the settings around it: the collector's ports, capacities as each environment resolves them. */
function checkServicesPerEnvironment(cfg: z.infer<typeof ConfigSchema>, ctx: z.RefinementCtx): void {
  cfg.services.forEach((svc, i) => {
    // A worker has no port, so nothing to clash with.
    if (cfg.observability.enabled && svc.port !== undefined && COLLECTOR_PORTS.includes(svc.port)) {
      ctx.addIssue({
        code: "custom",
        path: ["services", i, "port"],
        message: `is taken by the OpenTelemetry collector sidecar (${COLLECTOR_PORTS.join(", ")} on the task's localhost) while observability.enabled: pick another port`,
      });
    }
    // The service's own size follows Fargate's rule if an environment runs it on Fargate
    // without a size of its own; EC2's ranges otherwise.
    const names = Object.keys(cfg.environments);
    const sized = (env: string) => svc.overrides[env]?.cpu !== undefined || svc.overrides[env]?.memory !== undefined;
    checkTaskSize(
      svc.cpu,
      svc.memory,
      ["services", i],
      names.every((env) => sized(env) || onEc2In(svc, env)),
      ctx,
    );
    // EC2 capacity: the environment has it, and the task fits its smallest instance type.
    const withoutProvider: EnvironmentName[] = [];
    for (const env of names) {
      const o = svc.overrides[env];
      if ((o?.capacity ?? svc.capacity) !== "ec2") continue;
      const ec2 = cfg.environments[env]?.ecs.ec2;
      if (!ec2) {
        if (o?.capacity === undefined) withoutProvider.push(env);
        else {
          ctx.addIssue({
            code: "custom",
            path: ["services", i, "overrides", env, "capacity"],
            message: `needs an EC2 capacity provider in ${env}: add environments.${env}.ecs.ec2, or use "fargate"`,
          });
        }
        continue;
      }
      const fit = ec2TaskFitProblem(o?.cpu ?? svc.cpu, o?.memory ?? svc.memory, ec2.instanceTypes);
      if (fit) {
        ctx.addIssue({
          code: "custom",
          path: o?.cpu !== undefined || o?.memory !== undefined ? ["services", i, "overrides", env] : ["services", i, "memory"],
          message: `in ${env}: ${fit}`,
        });
      }
    }
    if (withoutProvider.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["services", i, "capacity"],
        message: `needs an EC2 capacity provider in ${withoutProvider.join(", ")}: add environments.<env>.ecs.ec2 there, or use "fargate" (overrides.<env>.capacity sets it per environment)`,
      });
    }
    // Physical names derived from the service name must fit AWS's limits in every environment.
    // The longest environment name leaves the least room: report that one.
    // A blue/green service also has a CodeDeploy role, `<project>-<env>-<service>-codedeploy`.
    const blueGreen = svc.deployment === "blueGreen" || Object.values(svc.overrides).some((o) => o?.deployment === "blueGreen");
    const budget = iamRoleNameProblem(cfg.project, tightestEnvironment(names), svc.name, blueGreen ? BLUE_GREEN_ROLE_SUFFIXES : SERVICE_ROLE_SUFFIXES);
    if (budget) ctx.addIssue({ code: "custom", path: ["services", i, "name"], message: budget });
    // A database service logs in as its own PostgreSQL user, named after it.
    const dbUser = svc.database ? dbUserProblem(databaseUserName(svc.name)) : undefined;
    if (dbUser) {
      ctx.addIssue({ code: "custom", path: ["services", i, "name"], message: `names the database user "${databaseUserName(svc.name)}", which ${dbUser}` });
    }
    // An override may set one bound only; the other comes from the environment's autoscaling.
    for (const env of names) {
      const o = svc.overrides[env];
      if (o?.minCapacity === undefined && o?.maxCapacity === undefined) continue;
      const defaults = cfg.environments[env].autoscaling;
      const min = o.minCapacity ?? defaults.minCapacity;
      const max = o.maxCapacity ?? defaults.maxCapacity;
      if (max >= min) continue;
      if (o.maxCapacity !== undefined) {
        const from = o.minCapacity === undefined ? `, from environments.${env}.autoscaling.minCapacity` : "";
        ctx.addIssue({ code: "custom", path: ["services", i, "overrides", env, "maxCapacity"], message: `must be ≥ minCapacity (${min}${from})` });
      } else {
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "overrides", env, "minCapacity"],
          message: `must be ≤ maxCapacity (${max}, from environments.${env}.autoscaling.maxCapacity)`,
        });
      }
    }
  });
}

/** The validated config. */
export type PlatformConfig = z.infer<typeof ConfigSchema>;
/** One validated service. */
export type ServiceConfig = z.infer<typeof ServiceSchema>;
/** One validated environment's settings. */
export type EnvironmentSettings = z.infer<typeof EnvironmentSchema>;
/** One validated job. */
export type { JobConfig } from "./workload-schema";
/** An environment's EC2 capacity settings. */
export type Ec2CapacityConfig = z.infer<typeof Ec2CapacitySchema>;
/** Per-route throttle settings. */
export type ThrottleConfig = z.infer<typeof throttle>;
/** One client profile (usage plan) and one client (API key) as validated, and the API's enums. */
export type { ApiKind, ApiTargets, ClientConfig, ClientProfileConfig, DeploymentStrategy } from "./api-schema";
export { API_KINDS, API_TARGETS, DEPLOYMENT_STRATEGIES } from "./api-schema";

/** Whether a service or job of environment `envName` reads a secret from SSM Parameter Store. */
function usesParameterSecrets(cfg: z.infer<typeof ConfigSchema>, envName: EnvironmentName): boolean {
  const fromSsm = (secret: string | { from: string }) => /^(ssm:|arn:[^:]+:ssm:)/.test(typeof secret === "string" ? secret : secret.from);
  const maps = [...cfg.services.flatMap((svc) => [svc.secrets, svc.overrides[envName]?.secrets]), ...cfg.jobs.map((job) => job.secrets)];
  return maps.some((m) => Object.values(m ?? {}).some(fromSsm));
}

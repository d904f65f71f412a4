/**
 * The guide's Troubleshooting step 1, container image pull failures: why the recent
 * tasks of each service stopped, whether its execution role may pull its images and read
 * its injected secrets, and whether the private subnets reach ECR (a NAT route, or the
 * ECR endpoints with private DNS and the S3 gateway).
 */
import { RouteTable, VpcEndpoint } from "@aws-sdk/client-ec2";
import { Service, Task, TaskDefinition } from "@aws-sdk/client-ecs";
import { ENDPOINTS_NEEDED_WITHOUT_NAT } from "../core/aws-facts";
import { coversArn, denyingPolicies, iamGlob, isAllowed, RoleStatement } from "./iam-policy";
import { LiveEnvironment } from "./live";
import { PRIVATE_TIER } from "./names";
import { CheckResult, fail, GUIDE, guard, pass, remedy, skip } from "./report";

const SECTION = "Images";

/** The stop reasons of the guide's image pull failures, as ECS writes them (the text before the first colon). */
export const IMAGE_FAILURES = {
  CannotPullContainerError: "the image could not be pulled",
  ResourceInitializationError: "the task could not fetch its secrets or registry auth before starting",
} as const;
/** One of the keys of {@link IMAGE_FAILURES}. */
export type ImageFailure = keyof typeof IMAGE_FAILURES;

/** The image failure a stopped task shows (in its stoppedReason or a container's reason), if any. */
export function imageFailureOf(task: Task): { readonly kind: ImageFailure; readonly reason: string } | undefined {
  const reasons = [task.stoppedReason, ...(task.containers ?? []).map((c) => c.reason)].filter((r): r is string => typeof r === "string");
  for (const kind of Object.keys(IMAGE_FAILURES) as ImageFailure[]) {
    const reason = reasons.find((r) => r.includes(kind));
    if (reason) return { kind, reason };
  }
  return undefined;
}

/** What the text of a pull or initialization failure points at, when it says. */
export function likelyCause(reason: string): string | undefined {
  if (/: not found|manifest unknown|does not exist/i.test(reason)) return "the image tag is not in the repository: push it, or deploy a tag that exists";
  if (/i\/o timeout|dial tcp|context deadline exceeded|connection (refused|reset)|no such host|network/i.test(reason)) {
    return "the network path timed out: see the egress line";
  }
  if (/AccessDenied|not authorized|403 Forbidden|UnrecognizedClient/i.test(reason)) return "access was denied: see the grant lines";
  return undefined;
}

/** An ECR repository an image comes from: `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<name>:<tag>`. */
export function ecrRepositoryOf(image: string): { readonly account: string; readonly region: string; readonly name: string } | undefined {
  const m = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image);
  return m ? { account: m[1], region: m[2], name: m[3] } : undefined;
}

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`). */
export const partitionOfArn = (arn: string): string => /^arn:([^:]+):/.exec(arn)?.[1] ?? "aws";
/** The last path segment of a role ARN: its name. */
export const roleNameOf = (arn: string): string => arn.slice(arn.lastIndexOf("/") + 1);

/** What one container secret reads: the IAM action ECS calls and the ARN a grant must cover. */
export interface SecretTarget {
  readonly action: "secretsmanager:GetSecretValue" | "ssm:GetParameters";
  readonly arn: string;
}

/**
 * Where a container secret's `valueFrom` points: a Secrets Manager ARN (ECS's
 * `:jsonKey:versionStage:versionId` suffix dropped), an SSM parameter ARN, or an SSM
 * parameter name in the task's account and region.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
 */
export function secretTargetOf(valueFrom: string, where: { partition: string; region: string; account: string }): SecretTarget {
  const secret = /^(arn:[^:]+:secretsmanager:[^:]+:\d+:secret:[^:]+)(?::.*)?$/.exec(valueFrom);
  if (secret) return { action: "secretsmanager:GetSecretValue", arn: secret[1] };
  if (/^arn:[^:]+:ssm:/.test(valueFrom)) return { action: "ssm:GetParameters", arn: valueFrom };
  const name = valueFrom.startsWith("/") ? valueFrom.slice(1) : valueFrom;
  return { action: "ssm:GetParameters", arn: `arn:${where.partition}:ssm:${where.region}:${where.account}:parameter/${name}` };
}

/** Whether a Resource entry covers a secret; a secret ARN written without AWS's 6 random characters matches a grant on the full ARN. */
function coversSecret(target: SecretTarget): (pattern: string) => boolean {
  return (pattern) =>
    iamGlob(pattern, target.arn) ||
    (target.action === "secretsmanager:GetSecretValue" && iamGlob(pattern.replace(/-[A-Za-z0-9]{6}$/, "-??????"), `${target.arn}-??????`));
}

/** The service's running task definition, its execution role and that role's statements. */
interface ServiceTask {
  readonly definition: TaskDefinition;
  readonly roleArn?: string;
  readonly statements?: RoleStatement[];
}

async function serviceTask(live: LiveEnvironment, service: Service): Promise<ServiceTask | undefined> {
  if (!service.taskDefinition) return undefined;
  const definition = await live.taskDefinition(service.taskDefinition);
  if (!definition) return undefined;
  const roleArn = definition.executionRoleArn;
  return { definition, roleArn, statements: roleArn ? await live.roleStatements(roleNameOf(roleArn)) : undefined };
}

/** The image checks: the egress path once, then per service its stopped tasks and its execution role's grants. */
export async function imageChecks(live: LiveEnvironment, progress: (line: string) => void): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  progress("images: egress path from the private subnets");
  results.push(...(await guard(SECTION, "egress path from the private subnets", () => egressCheck(live))));
  for (const svc of live.env.services) {
    progress(`images: ${svc.name}`);
    results.push(...(await guard(SECTION, `${svc.name}: recent stopped tasks`, () => stoppedTasksCheck(live, svc.name))));
    results.push(...(await guard(SECTION, `${svc.name}: execution role grants`, () => grantChecks(live, svc.name))));
  }
  return results;
}

/** Why a per-service check cannot run: no cluster or no ECS service. */
async function missingService(live: LiveEnvironment, name: string): Promise<string | Service> {
  const ecs = await live.ecsServices();
  if (ecs.clusterMissing) return `no ECS cluster ${live.names.cluster} (see Environment)`;
  return ecs.services.get(name) ?? `no ECS service ${name} in ${live.names.cluster} (see Environment)`;
}

async function stoppedTasksCheck(live: LiveEnvironment, name: string): Promise<CheckResult> {
  const check = `${name}: recent stopped tasks`;
  const service = await missingService(live, name);
  if (typeof service === "string") return skip(SECTION, check, service);
  const tasks = await live.stoppedTasks(name);
  if (tasks.length === 0) return pass(SECTION, check, "none stopped recently (ECS keeps stopped tasks for about an hour)");
  const failures = tasks.map(imageFailureOf).filter((f): f is NonNullable<typeof f> => f !== undefined);
  if (failures.length === 0) {
    return pass(
      SECTION,
      check,
      `no CannotPullContainerError or ResourceInitializationError among ${tasks.length} stopped (latest: ${tasks[0].stoppedReason ?? "no reason given"})`,
    );
  }
  const latest = failures[0];
  const kinds = [...new Set(failures.map((f) => f.kind))];
  const cause = likelyCause(latest.reason);
  const reason = latest.reason.length > 400 ? `${latest.reason.slice(0, 400)}…` : latest.reason;
  const restart = `once fixed, start new tasks: aws ecs update-service --cluster ${live.names.cluster} --service ${name} --force-new-deployment --region ${live.env.region}`;
  const steps = kinds.includes("CannotPullContainerError") ? [GUIDE.ecrPermissions, GUIDE.egress] : [GUIDE.executionRole, GUIDE.egress];
  const what = kinds.map((k) => `${k} (${IMAGE_FAILURES[k]})`).join(" and ");
  return fail(
    SECTION,
    check,
    `${failures.length} of ${tasks.length} stopped with ${what}; latest: "${reason}"${cause ? `; likely ${cause}` : ""}`,
    remedy(
      steps,
      kinds.includes("CannotPullContainerError")
        ? `the grant and egress lines say which${cause?.startsWith("the image tag") ? "; push the tag to the service's repository (README: Deploying for real)" : ""}; ${restart}`
        : `the execution role must read each injected secret (and registry auth), through the secretsmanager/ssm and ecr.api endpoints or a NAT: the grant and egress lines say which; ${restart}`,
    ),
  );
}

/** The ECR pull grant and the secrets grant of the service's execution role. */
async function grantChecks(live: LiveEnvironment, name: string): Promise<CheckResult[]> {
  const pullCheck = `${name}: ECR pull grant`;
  const secretsCheck = `${name}: secrets grant`;
  const service = await missingService(live, name);
  if (typeof service === "string") return [skip(SECTION, pullCheck, service), skip(SECTION, secretsCheck, service)];
  const task = await serviceTask(live, service);
  const redeploy = `cdktf deploy ${live.env.envName} restores the role's policies`;
  if (!task?.roleArn) {
    const why = `the service's task definition ${service.taskDefinition ?? "(none)"} names no execution role`;
    const fix = remedy([GUIDE.ecrPermissions], `every platform task has one (<project>-<env>-<service>-exec); ${redeploy}`);
    return [fail(SECTION, pullCheck, why, fix), fail(SECTION, secretsCheck, why, fix)];
  }
  const role = roleNameOf(task.roleArn);
  if (!task.statements) {
    const why = `the execution role ${role} does not exist`;
    const fix = remedy([GUIDE.ecrPermissions], redeploy);
    return [fail(SECTION, `${pullCheck} of ${role}`, why, fix), fail(SECTION, `${secretsCheck} of ${role}`, why, fix)];
  }
  return [
    ecrGrantCheck(live, `${pullCheck} of ${role}`, task.definition, task.roleArn, task.statements),
    secretsGrantCheck(live, `${secretsCheck} of ${role}`, task.definition, task.roleArn, task.statements),
  ];
}

/** The pull actions ECS needs on a repository, and the token action it needs on `*` (guide: Task IAM Roles). */
export const ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"] as const;
export const ECR_TOKEN_ACTION = "ecr:GetAuthorizationToken";

function ecrGrantCheck(live: LiveEnvironment, check: string, definition: TaskDefinition, roleArn: string, statements: RoleStatement[]): CheckResult {
  const partition = partitionOfArn(roleArn);
  const repositories = [
    ...new Map(
      (definition.containerDefinitions ?? [])
        .map((c) => (c.image ? ecrRepositoryOf(c.image) : undefined))
        .filter((r): r is NonNullable<typeof r> => r !== undefined)
        .map((r) => [`arn:${partition}:ecr:${r.region}:${r.account}:repository/${r.name}`, r.name]),
    ).entries(),
  ];
  if (repositories.length === 0) return skip(SECTION, check, `${definition.family ?? "the task definition"} pulls no image from ECR`);
  const missing: string[] = [];
  const denied = new Set<string>();
  if (!isAllowed(statements, ECR_TOKEN_ACTION, coversArn("*"))) missing.push(`${ECR_TOKEN_ACTION} on "*"`);
  denyingPolicies(statements, ECR_TOKEN_ACTION, coversArn("*")).forEach((p) => denied.add(p));
  for (const [arn] of repositories) {
    const lacking = ECR_PULL_ACTIONS.filter((action) => !isAllowed(statements, action, coversArn(arn)));
    if (lacking.length > 0) missing.push(`${lacking.join(", ")} on ${arn}`);
    for (const action of ECR_PULL_ACTIONS) denyingPolicies(statements, action, coversArn(arn)).forEach((p) => denied.add(p));
  }
  const names = repositories.map(([, name]) => name).join(", ");
  if (missing.length === 0) return pass(SECTION, check, `may pull ${names} (${ECR_TOKEN_ACTION} and ${ECR_PULL_ACTIONS.join(", ")})`);
  const services = [...new Set(repositories.map(([, name]) => name.slice(name.lastIndexOf("/") + 1)))];
  return fail(
    SECTION,
    check,
    `lacks ${missing.join("; ")}${denied.size > 0 ? ` (denied by ${[...denied].join(", ")})` : ""}`,
    remedy(
      [GUIDE.ecrPermissions],
      `it needs ${ECR_TOKEN_ACTION} on "*" and ${ECR_PULL_ACTIONS.join(", ")} on the repository; cdktf deploy ${live.env.envName} restores its ${services.map((s) => `pull-${s}`).join(", ")} policy`,
    ),
  );
}

function secretsGrantCheck(live: LiveEnvironment, check: string, definition: TaskDefinition, roleArn: string, statements: RoleStatement[]): CheckResult {
  const where = { partition: partitionOfArn(roleArn), region: live.env.region, account: /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? "" };
  const secrets = (definition.containerDefinitions ?? []).flatMap((c) =>
    (c.secrets ?? []).filter((s) => s.valueFrom).map((s) => ({ container: c.name ?? "?", name: s.name ?? "?", target: secretTargetOf(s.valueFrom!, where) })),
  );
  if (secrets.length === 0) return skip(SECTION, check, `${definition.family ?? "the task definition"} injects no secrets`);
  const missing = secrets.filter((s) => !isAllowed(statements, s.target.action, coversSecret(s.target)));
  if (missing.length === 0) return pass(SECTION, check, `may read the ${secrets.length} injected secret(s) (${secrets.map((s) => s.name).join(", ")})`);
  return fail(
    SECTION,
    check,
    `lacks ${missing.map((s) => `${s.target.action} on ${s.target.arn} (${s.name} of ${s.container})`).join("; ")}`,
    remedy(
      [GUIDE.executionRole],
      `ECS reads each secret with the execution role at task start, or the task stops with ResourceInitializationError; cdktf deploy ${live.env.envName} restores its read-injected-secrets policy`,
    ),
  );
}

/** The interface endpoints and the gateway an image pull needs without a NAT (ecr.api, ecr.dkr, logs, secretsmanager + S3). */
const NEEDED_INTERFACES: readonly string[] = ENDPOINTS_NEEDED_WITHOUT_NAT;

const endpointFor = (endpoints: readonly VpcEndpoint[], region: string, service: string, type: "Interface" | "Gateway") =>
  endpoints.filter((e) => e.VpcEndpointType === type && e.ServiceName?.endsWith(`.${region}.${service}`));
// EC2 answers endpoint states in lower case ("available"); the SDK's enum spells them capitalized.
const isAvailable = (state: string | undefined) => state?.toLowerCase() === "available";

/** Whether a route table sends 0.0.0.0/0 to a NAT gateway that is available, and which. */
function natRouteOf(table: RouteTable, availableNats: ReadonlySet<string>): string | undefined {
  const route = (table.Routes ?? []).find((r) => r.DestinationCidrBlock === "0.0.0.0/0" && r.NatGatewayId);
  return route?.NatGatewayId && route.State !== "blackhole" && availableNats.has(route.NatGatewayId) ? route.NatGatewayId : undefined;
}

async function egressCheck(live: LiveEnvironment): Promise<CheckResult> {
  const check = "egress path from the private subnets";
  const vpc = await live.vpc();
  if (!vpc?.VpcId) return skip(SECTION, check, `no VPC ${live.names.vpc} (see Environment)`);
  const vpcId = vpc.VpcId;
  const region = live.env.region;
  const env = live.env.envName;
  const subnets = await live.privateSubnets(vpcId);
  const fix = (extra: string) =>
    remedy(
      [GUIDE.egress],
      `each private route table needs 0.0.0.0/0 to an available NAT gateway, or the ${NEEDED_INTERFACES.join(", ")} interface endpoints with private DNS and the S3 gateway endpoint on the table${extra}; cdktf deploy ${env} restores what the config declares (natGateways "${live.env.settings.natGateways}", interfaceEndpoints ${live.env.settings.interfaceEndpoints.join(", ") || "none"})`,
    );
  if (subnets.length === 0) return fail(SECTION, check, `no subnet tagged tier=${PRIVATE_TIER} in ${vpcId}`, fix(""));
  const [tables, nats, endpoints] = [await live.routeTables(vpcId), await live.natGateways(vpcId), await live.vpcEndpoints(vpcId)];
  const availableNats = new Set(nats.filter((n) => n.State === "available" && n.NatGatewayId).map((n) => n.NatGatewayId!));

  // Images from outside ECR (the collector's, on ghcr.io) come only through a NAT.
  const ecs = await live.ecsServices();
  const foreignImages = new Set<string>();
  for (const service of ecs.services.values()) {
    const definition = service.taskDefinition ? await live.taskDefinition(service.taskDefinition) : undefined;
    for (const c of definition?.containerDefinitions ?? []) if (c.image && !ecrRepositoryOf(c.image)) foreignImages.add(c.image);
  }

  const interfaceProblems = NEEDED_INTERFACES.flatMap((svc) => {
    const found = endpointFor(endpoints, region, svc, "Interface");
    if (found.length === 0) return [`${svc} missing`];
    if (!found.some((e) => isAvailable(e.State))) return [`${svc} ${found[0].State ?? "not available"}`];
    if (!found.some((e) => isAvailable(e.State) && e.PrivateDnsEnabled)) return [`${svc} without private DNS`];
    return [];
  });
  const s3 = endpointFor(endpoints, region, "s3", "Gateway").filter((e) => isAvailable(e.State));

  const mainTable = tables.find((t) => (t.Associations ?? []).some((a) => a.Main));
  const problems: string[] = [];
  const natsUsed = new Set<string>();
  let viaEndpoints = 0;
  for (const subnet of subnets) {
    const table = tables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId === subnet.SubnetId)) ?? mainTable;
    const where = `${subnet.SubnetId} (${subnet.AvailabilityZone ?? "?"})`;
    if (!table) {
      problems.push(`${where}: no route table`);
      continue;
    }
    const nat = natRouteOf(table, availableNats);
    if (nat) {
      natsUsed.add(nat);
      continue;
    }
    const tableProblems = [
      ...interfaceProblems,
      ...(s3.some((e) => (e.RouteTableIds ?? []).includes(table.RouteTableId ?? "")) ? [] : [`S3 gateway not on ${table.RouteTableId}`]),
    ];
    if (foreignImages.size > 0)
      tableProblems.push(
        `${foreignImages.size === 1 ? "the image" : "the images"} ${[...foreignImages].join(", ")} (not in ECR) ${foreignImages.size === 1 ? "comes" : "come"} only through a NAT`,
      );
    if (tableProblems.length === 0) {
      viaEndpoints++;
      continue;
    }
    problems.push(`${where} via ${table.RouteTableId}: no 0.0.0.0/0 route to an available NAT gateway, and ${tableProblems.join(", ")}`);
  }
  if (problems.length > 0) {
    const expected = live.env.settings.natGateways !== "none" ? ` (the config's natGateways "${live.env.settings.natGateways}" puts a NAT route in each)` : "";
    return fail(SECTION, check, `${problems.join("; ")}${expected}`, fix(foreignImages.size > 0 ? ", and a NAT for images outside ECR" : ""));
  }
  const paths = [
    ...(natsUsed.size > 0 ? [`${subnets.length - viaEndpoints} through NAT ${[...natsUsed].join(", ")}`] : []),
    ...(viaEndpoints > 0 ? [`${viaEndpoints} through the ${NEEDED_INTERFACES.join(", ")} endpoints (private DNS) and the S3 gateway`] : []),
  ];
  return pass(SECTION, check, `${subnets.length} private subnet(s) reach ECR: ${paths.join("; ")}`);
}

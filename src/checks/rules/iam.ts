import { IAM_ACTION_RE, permissionStatementProblem } from "../../core/aws-facts";
import { block, blocks, globMatch, refsIn, replaceExpressions, Statement, strings, TfResource, TfStack } from "../tf";
import { StackRule, Violation } from "../types";
import { eachResource, shown, stackRule } from "./helpers";

/**
 * Actions that IAM cannot scope to a resource: `Resource: "*"` is the only valid form.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/ — "Resource types: none".
 */
export const UNSCOPABLE_ACTIONS = [
  "ecr:GetAuthorizationToken",
  // ECS Exec: the SSM agent's channels.
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
  // Metrics and traces (the OpenTelemetry collector); scoped by namespace conditions instead.
  "cloudwatch:PutMetricData",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
  "logs:DescribeLogGroups",
];

const ADMIN_POLICY_RE = /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;
const POWER_USER_RE = /:policy\/PowerUserAccess$/;

const POLICY_ATTACHMENTS = ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"];

/**
 * The managed policies of a stack that serve as permissions boundaries and nothing else:
 * named by a role's `permissions_boundary` or by an `iam:PermissionsBoundary` condition,
 * and attached to no one. A boundary only caps what a role's own policies grant (its
 * `Allow "*"` grants nothing), so it is no identity policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export function boundaryPolicies(stack: TfStack): Set<string> {
  const named = new Set<string>();
  for (const role of stack.resources("aws_iam_role")) {
    for (const p of stack.targets(role.values.permissions_boundary, "aws_iam_policy")) named.add(p.address);
  }
  for (const p of stack.resources("aws_iam_policy")) {
    for (const s of stack.policy(p.values.policy) ?? []) {
      for (const c of s.conditions.filter((x) => x.variable.toLowerCase() === "iam:permissionsboundary")) {
        for (const target of stack.targets(c.values, "aws_iam_policy")) named.add(target.address);
      }
    }
  }
  for (const type of POLICY_ATTACHMENTS) {
    for (const a of stack.resources(type)) for (const p of stack.targets(a.values.policy_arn, "aws_iam_policy")) named.delete(p.address);
  }
  for (const role of stack.resources("aws_iam_role")) {
    for (const p of stack.targets(role.values.managed_policy_arns, "aws_iam_policy")) named.delete(p.address);
  }
  return named;
}

/** Identity policies of a stack: where they live and their statements (undefined when unreadable). Permissions boundaries are not among them. */
function identityPolicies(stack: TfStack): { address: string; statements?: readonly Statement[] }[] {
  const out: { address: string; statements?: readonly Statement[] }[] = [];
  const boundaries = boundaryPolicies(stack);
  for (const type of ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"]) {
    for (const p of stack.resources(type)) if (!boundaries.has(p.address)) out.push({ address: p.address, statements: stack.policy(p.values.policy) });
  }
  for (const role of stack.resources("aws_iam_role")) {
    for (const inline of blocks(role.values.inline_policy)) {
      if (inline.policy !== undefined) out.push({ address: role.address, statements: stack.policy(inline.policy) });
    }
  }
  return out;
}

function wildcardProblems(s: Statement): string[] {
  if (s.effect !== "Allow") return [];
  const problems: string[] = [];
  const label = s.sid ? `statement ${s.sid}` : `statement [${s.actions.join(", ")}]`;
  const wild = s.actions.filter((a) => a === "*" || /^[^:]+:\*$/.test(a));
  if (wild.length > 0) problems.push(`${label} allows ${wild.join(", ")}: list the actions it needs`);
  if (s.notActions.length > 0) problems.push(`${label} uses NotAction with Allow: it grants everything else`);
  if (s.resources.includes("*")) {
    const scopable = s.actions.filter((a) => !UNSCOPABLE_ACTIONS.some((u) => u.toLowerCase() === a.toLowerCase()));
    if (scopable.length > 0) problems.push(`${label} grants ${scopable.join(", ")} on Resource "*": scope it to the resource ARNs`);
  }
  return problems;
}

/** The service principal ECS tasks assume their task and execution roles as. */
const ECS_TASKS = "ecs-tasks.amazonaws.com";

/** An account root principal, `arn:<partition>:iam::<12 digits>:root` (the partition may be an expression). */
function isAccountRoot(id: string): boolean {
  return /^arn:[^:]+:iam::\d{12}:root$/.test(replaceExpressions(id, () => "partition"));
}

/** What an `aud`/`sub` condition of a web-identity trust must be: `StringEquals`, exact values. */
function exactClaim(s: Statement, claim: "aud" | "sub"): { variable: string; values: readonly string[] } | undefined {
  const c = s.conditions.find((x) => x.test === "StringEquals" && x.variable.endsWith(`:${claim}`));
  return c && c.values.length > 0 && c.values.every((v) => v.length > 0 && !/[*?]/.test(v)) ? c : undefined;
}

/** GitHub Actions' OIDC issuer, as its condition keys start. */
const GITHUB_ISSUER = "token.actions.githubusercontent.com";

/** Whether a role's trust policy lets `service` assume it. */
export function trustsService(stack: TfStack, role: TfResource, service: string): boolean {
  return (stack.policy(role.values.assume_role_policy) ?? []).some(
    (s) => s.effect === "Allow" && (s.principals ?? []).some((p) => p.kind === "Service" && p.ids.includes(service)),
  );
}

/** How a statement is named in a message: its Sid, or its actions. */
function statementLabel(s: Statement): string {
  return s.sid ? `statement ${s.sid}` : `statement [${s.actions.join(", ")}]`;
}

/**
 * What `permissionStatementProblem` (the config's own rule for `permissions[]`) says of an
 * Allow statement. Service prefixes are case-insensitive in IAM, so they are lowercased;
 * actions that are not literal IAM actions (a `${…}` expression) are left out rather than
 * reported as malformed, so one of them cannot hide a broad grant beside it.
 */
function broadGrant(s: Statement): string | undefined {
  const actions = s.actions.map((a) => a.replace(/^[^:]+:/, (prefix) => prefix.toLowerCase())).filter((a) => IAM_ACTION_RE.test(a));
  if (s.effect !== "Allow" || actions.length === 0 || s.resources.length === 0) return undefined;
  const problem = permissionStatementProblem({ actions, resources: s.resources });
  if (!problem || problem.field !== "actions" || problem.index === undefined) return undefined;
  return `${statementLabel(s)}: ${shown(actions[problem.index])} ${problem.message}`;
}

/** Whether a PassRole resource names roles: a reference to a role of the stack, or a role ARN without wildcards in the name. */
function namesRoles(resource: string): boolean {
  if (refsIn(resource).some((r) => r.type === "aws_iam_role")) return true;
  const literal = replaceExpressions(resource, () => "x");
  return /^arn:[^:]+:iam::[^:]+:role\/[^*?]+$/.test(literal);
}

export const iamRules: StackRule[] = [
  stackRule({
    id: "iam-trust-one-service",
    title: "Roles trust exactly one AWS service principal, named account roots, or one OIDC provider; never *",
    refs: ["CKV_AWS_60", "CKV_AWS_61"],
    check: eachResource("aws_iam_role", (role, stack) => {
      const statements = stack.policy(role.values.assume_role_policy);
      if (!statements) return "assume_role_policy is not readable offline: write it as a JSON string";
      return statements
        .filter((s) => s.effect === "Allow")
        .flatMap((s) => {
          const principals = s.principals ?? [];
          const ids = principals.flatMap((p) => p.ids.map((id) => `${p.kind}:${id}`));
          const one = principals.length === 1 && principals[0].ids.length === 1 && principals[0].ids[0] !== "*";
          // One AWS service (a workload's role); one OIDC provider (a pipeline's role: its
          // claims are oidc-trust-scoped's); or named accounts, whose IAM decides who of them
          // may assume it (the state role every account's backend assumes).
          if (one && (principals[0].kind === "Service" || principals[0].kind === "Federated")) return [];
          if (principals.length === 1 && principals[0].kind === "AWS" && principals[0].ids.length > 0 && principals[0].ids.every(isAccountRoot)) return [];
          return [
            `trust policy admits ${ids.join(", ") || "no principal"}: trust one service principal such as ecs-tasks.amazonaws.com, one OIDC provider, or named account roots (arn:<partition>:iam::<account>:root)`,
          ];
        });
    }),
  }),
  stackRule({
    id: "oidc-trust-scoped",
    title: "Roles an OIDC provider may assume pin the audience and the exact subject (GitHub: sts.amazonaws.com and repo:<owner>/<name>:…)",
    refs: ["CKV_AWS_358", "docs:github-oidc-aws"],
    check: eachResource("aws_iam_role", (role, stack) =>
      (stack.policy(role.values.assume_role_policy) ?? [])
        .filter((s) => s.effect === "Allow" && (s.principals ?? []).some((p) => p.kind === "Federated"))
        .flatMap((s) => {
          const problems: string[] = [];
          const aud = exactClaim(s, "aud");
          const sub = exactClaim(s, "sub");
          // Without a sub condition, a role trusting GitHub's provider trusts every repository on GitHub.
          if (!aud) problems.push("trusts an OIDC provider without a StringEquals condition on <issuer>:aud with exact values");
          if (!sub)
            problems.push(
              "trusts an OIDC provider without a StringEquals condition on <issuer>:sub with exact values (no * or ?): any subject of the issuer could assume it",
            );
          if (aud?.variable.startsWith(GITHUB_ISSUER) && !aud.values.every((v) => v === "sts.amazonaws.com")) {
            problems.push(`audience ${aud.values.map((v) => shown(v)).join(", ")}: GitHub's tokens for AWS carry "sts.amazonaws.com"`);
          }
          const loose = sub?.variable.startsWith(GITHUB_ISSUER) ? sub.values.filter((v) => !/^repo:[^/:]+\/[^/:]+:.+$/.test(v)) : [];
          if (loose.length > 0)
            problems.push(`subject ${loose.map((v) => shown(v)).join(", ")} names no repository: use repo:<owner>/<name>:environment:<env> (or :pull_request)`);
          return problems;
        }),
    ),
  }),
  stackRule({
    id: "iam-no-wildcards",
    title: 'Identity policies use no "*" or "svc:*" actions and no Resource "*" where the action can be scoped',
    refs: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290", "IAM.1", "IAM.21"],
    check: (stack) =>
      identityPolicies(stack).flatMap(({ address, statements }): Violation[] => {
        if (!statements) return [{ address, message: "policy is not readable offline (an expression): write it as a JSON string so it can be checked" }];
        return statements.flatMap(wildcardProblems).map((message) => ({ address, message }));
      }),
  }),
  stackRule({
    id: "iam-no-admin-policies",
    title: "No AdministratorAccess or IAMFullAccess attachments; PowerUserAccess only on a role with a permissions boundary that no AWS service assumes",
    refs: ["CKV_AWS_274"],
    check: (stack) => {
      const out: Violation[] = [];
      // A pipeline's deploy role (ci.github): PowerUserAccess, capped by a boundary that
      // keeps its IAM rights from minting more (AWS's delegation pattern); never a workload's.
      const delegated = (role: TfResource | undefined) =>
        role !== undefined &&
        typeof role.values.permissions_boundary === "string" &&
        role.values.permissions_boundary.length > 0 &&
        !(stack.policy(role.values.assume_role_policy) ?? []).some((s) => (s.principals ?? []).some((p) => p.kind === "Service"));
      for (const type of POLICY_ATTACHMENTS) {
        for (const a of stack.resources(type)) {
          const arn = a.values.policy_arn;
          if (typeof arn !== "string" || !ADMIN_POLICY_RE.test(arn)) continue;
          const roles = type === "aws_iam_role_policy_attachment" ? [stack.target(a.values.role, "aws_iam_role")] : [undefined];
          if (POWER_USER_RE.test(arn) && roles.every(delegated)) continue;
          out.push({
            address: a.address,
            message: POWER_USER_RE.test(arn)
              ? `attaches ${arn} to a role without a permissions boundary, or one an AWS service assumes: grant the actions the workload needs, or bound the role (deploy roles)`
              : `attaches ${arn}: grant the actions the workload needs`,
          });
        }
      }
      for (const role of stack.resources("aws_iam_role")) {
        for (const arn of strings(role.values.managed_policy_arns).filter((x) => ADMIN_POLICY_RE.test(x))) {
          if (POWER_USER_RE.test(arn) && delegated(role)) continue;
          out.push({ address: role.address, message: `managed_policy_arns includes ${arn}` });
        }
      }
      return out;
    },
  }),
  stackRule({
    id: "task-role-no-broad-permissions",
    title: 'Roles ECS tasks assume grant no "*" / "svc:*" on "*", and no iam:PassRole, sts:AssumeRole or IAM writes on "*"',
    refs: ["CKV_AWS_63", "CKV_AWS_286", "CKV_AWS_289", "guide:Task IAM Roles"],
    // The same predicate refuses these statements in `services[].permissions[]`
    // (core/aws-facts.ts), so config and checker cannot drift; this rule also catches
    // what reaches a task role through an escape hatch or a hand edit.
    check: (stack) =>
      stack
        .resources("aws_iam_role")
        .filter((role) => trustsService(stack, role, ECS_TASKS))
        .flatMap((role) =>
          stack.rolePolicies(role).flatMap(({ address, statements }): Violation[] =>
            (statements ?? []).flatMap((s) => {
              const problem = broadGrant(s);
              return problem ? [{ address, message: `role ${role.address} (assumed by ECS tasks): ${problem}` }] : [];
            }),
          ),
        ),
  }),
  stackRule({
    id: "scheduler-role-scoped",
    title: 'Scheduler roles that run ECS tasks allow ecs:RunTask on task definitions (not "*") and iam:PassRole on named roles only',
    refs: ["CKV_AWS_286", "CKV_AWS_355"],
    check: eachResource("aws_scheduler_schedule", (schedule, stack) => {
      const target = block(schedule.values.target);
      if (blocks(target.ecs_parameters).length === 0) return undefined;
      const role = stack.target(target.role_arn, "aws_iam_role");
      if (!role) return undefined; // a role from outside the stack: not checkable here
      const problems: string[] = [];
      for (const { address, statements } of stack.rolePolicies(role)) {
        for (const s of (statements ?? []).filter((x) => x.effect === "Allow")) {
          const grants = (action: string) => s.actions.some((a) => globMatch(a, action, true));
          const where = `${statementLabel(s)} of ${address}`;
          if (grants("ecs:RunTask") && s.resources.includes("*")) {
            problems.push(
              `role ${role.address}: ${where} allows ecs:RunTask on "*", so the schedule could start any task definition (with its roles): name the job's task definition (arn_without_revision + ":*")`,
            );
          }
          const unnamed = grants("iam:PassRole") ? s.resources.filter((r) => !namesRoles(r)) : [];
          if (unnamed.length > 0) {
            problems.push(
              `role ${role.address}: ${where} allows iam:PassRole on ${unnamed.map((r) => shown(r)).join(", ")}: pass only the job's execution and task roles, by ARN`,
            );
          }
        }
      }
      return problems;
    }),
  }),
];

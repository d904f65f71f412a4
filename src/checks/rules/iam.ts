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

/** Identity policies of a stack: where they live and their statements (undefined when unreadable). */
function identityPolicies(stack: TfStack): { address: string; statements?: readonly Statement[] }[] {
  const out: { address: string; statements?: readonly Statement[] }[] = [];
  for (const type of ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"]) {
    for (const p of stack.resources(type)) out.push({ address: p.address, statements: stack.policy(p.values.policy) });
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
    title: "Roles trust exactly one AWS service principal, never *",
    refs: ["CKV_AWS_60", "CKV_AWS_61"],
    check: eachResource("aws_iam_role", (role, stack) => {
      const statements = stack.policy(role.values.assume_role_policy);
      if (!statements) return "assume_role_policy is not readable offline: write it as a JSON string";
      return statements
        .filter((s) => s.effect === "Allow")
        .flatMap((s) => {
          const principals = s.principals ?? [];
          const ids = principals.flatMap((p) => p.ids.map((id) => `${p.kind}:${id}`));
          const oneService = principals.length === 1 && principals[0].kind === "Service" && principals[0].ids.length === 1 && principals[0].ids[0] !== "*";
          return oneService ? [] : [`trust policy admits ${ids.join(", ") || "no principal"}: trust one service principal such as ecs-tasks.amazonaws.com`];
        });
    }),
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
    title: "No AdministratorAccess, IAMFullAccess or PowerUserAccess attachments",
    refs: ["CKV_AWS_274"],
    check: (stack) => {
      const out: Violation[] = [];
      for (const type of ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"]) {
        for (const a of stack.resources(type)) {
          if (typeof a.values.policy_arn === "string" && ADMIN_POLICY_RE.test(a.values.policy_arn)) {
            out.push({ address: a.address, message: `attaches ${a.values.policy_arn}: grant the actions the workload needs` });
          }
        }
      }
      for (const role of stack.resources("aws_iam_role")) {
        for (const arn of strings(role.values.managed_policy_arns).filter((x) => ADMIN_POLICY_RE.test(x))) {
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

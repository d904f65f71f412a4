import { ALL_RULES } from "../../src/checks/rules";
import { addressMatches, FindingLocation, rulesNamedBy } from "../../src/checks/suppress";

describe("rulesNamedBy (checks.suppress[].rule)", () => {
  const ids = (id: string) => {
    const named = rulesNamedBy(id, ALL_RULES);
    return "rules" in named ? named.rules.map((r) => r.id) : named.problem;
  };

  it("accepts the rule id and every control id a finding prints, in any case", () => {
    // GIVEN a rule id or a control id, in any case / WHEN resolved / THEN the rule(s) it names
    expect(ids("ecs-readonly-root-filesystem")).toEqual(["ecs-readonly-root-filesystem"]);
    expect(ids("ECS.5")).toEqual(["ecs-readonly-root-filesystem"]);
    expect(ids("CKV_AWS_336")).toEqual(["ecs-readonly-root-filesystem"]);
    expect(ids("ckv_aws_336")).toEqual(["ecs-readonly-root-filesystem"]);
    expect(ids("CKV_AWS_206")).toEqual(["apigw-rest-tls"]);
  });

  it("takes a control that several rules implement as the whole control", () => {
    // GIVEN a control several rules implement / WHEN resolved / THEN all of them
    // CKV_AWS_133 is one checkov check; the platform splits it by environment.
    expect(ids("CKV_AWS_133")).toEqual(["rds-backup-retention", "rds-backup-retention-prod"]);
    expect(ids("RDS.11")).toEqual(["rds-backup-retention", "rds-backup-retention-prod"]);
    // AWS-0005 is one trivy check over both flavors' custom domains (HTTP and REST).
    expect(ids("AWS-0005")).toEqual(["apigw-domain-tls12", "apigw-rest-tls"]);
  });

  it("accepts a guide section only when one rule cites it", () => {
    // GIVEN a guide section / WHEN resolved / THEN the one rule citing it, or an error when several do
    expect(ids("guide:Route Tables")).toEqual(["route-table-associations"]);
    expect(ids("guide:Troubleshooting 2")).toMatch(
      /guide section cited by 3 rules \(discovery-srv-registration, sg-chain, sg-nothing-else-open\): name the one rule/,
    );
  });

  it("rejects an id no finding shows", () => {
    // GIVEN an unknown id / WHEN resolved / THEN an error saying it names nothing
    expect(ids("CKV_AWS_999")).toMatch(/names no rule id or control id/);
  });
});

describe("addressMatches (checks.suppress[].address)", () => {
  const task: FindingLocation = { stack: "dev", address: "aws_ecs_task_definition.orders_task_C02AF858", path: "dev/orders/task" };
  // Where the lead's refactor puts user-named constructs: under a scope of their own.
  const scoped: FindingLocation = { stack: "dev", address: "aws_ecs_task_definition.services_orders_task_1A2B3C4D", path: "dev/services/orders/task" };
  const repo: FindingLocation = { stack: "dev", address: "aws_ecr_repository.repositories_orders_repository_5E6F", path: "dev/repositories/orders/repository" };
  const dbRule: FindingLocation = {
    stack: "dev",
    address: "aws_vpc_security_group_ingress_rule.database_in-from-orders-5432_B9ED",
    path: "dev/database/in-from-orders-5432",
  };
  const prodTask: FindingLocation = { ...task, stack: "prod", path: "prod/orders/task" };
  const noPath: FindingLocation = { stack: "dev", address: "aws_ecs_task_definition.orders" };

  it.each([
    ["the exact Terraform address, every stack", "aws_ecs_task_definition.orders_task_C02AF858", [task, prodTask]],
    ["the stack-qualified Terraform address", "dev/aws_ecs_task_definition.orders_task_C02AF858", [task]],
    ["the construct path", "dev/orders/task", [task, scoped]],
    ["<env>/<service>: every resource with that path segment, wherever the tree puts it", "dev/orders", [task, scoped, repo]],
    ["a service in every environment", "*/orders", [task, scoped, repo, prodTask]],
    ["a whole stack", "dev/*", [task, scoped, repo, dbRule, noPath]],
    ["a resource type, every stack", "aws_ecs_task_definition.*", [task, scoped, prodTask, noPath]],
    ["a resource type in one stack", "prod/aws_ecs_task_definition.*", [prodTask]],
    ["a segment glob", "dev/in-from-*", [dbRule]],
  ] as const)("matches %s (%s)", (_what, pattern, expected) => {
    // GIVEN a pattern (table) / WHEN matched against every location / THEN exactly the expected ones match
    const all = [task, scoped, repo, dbRule, prodTask, noPath];
    expect(all.filter((at) => addressMatches(pattern, at))).toEqual(expected);
  });

  it("matches whole segments only: a service name inside another id is not that service", () => {
    // GIVEN a service name inside another id / WHEN matched / THEN it does not match
    expect(addressMatches("dev/orders", dbRule)).toBe(false);
    expect(addressMatches("dev/order", task)).toBe(false);
    expect(addressMatches("staging/orders", task)).toBe(false);
  });
});

import { checkStacks } from "../../src/checks/engine";
import { refsIn, TfStack } from "../../src/checks/tf";
import { synthApp, testConfig, TfJson } from "../support/synth";

/**
 * The acceptance scenarios: a violation injected into the real synthesized prod stack
 * (what a hand edit or an escape hatch could do) is reported with the right rule and
 * address. Resources are picked by type and relationship, not by generated names.
 */
/** The defaults with prod pinned to an account: without one, prod-account-pinned is the defaults' one error. */
const PINNED = { environments: { prod: { account: "111122223333" } } };

describe("violations injected into the synthesized prod stack", () => {
  const { stacks } = synthApp(testConfig(PINNED));
  const copy = (): TfJson => JSON.parse(JSON.stringify(stacks.prod));
  const first = (json: TfJson, type: string): [string, TfJson] => {
    const entry = Object.entries(json.resource?.[type] ?? {})[0] as [string, TfJson] | undefined;
    if (!entry) throw new Error(`the prod stack has no ${type}`);
    return entry;
  };
  const found = (json: TfJson) =>
    checkStacks({ ...stacks, prod: json })
      .findings.filter((f) => f.stack === "prod")
      .map((f) => [f.rule, f.address]);

  it("starts clean: no error in the real stacks", () => {
    // GIVEN / WHEN the real stacks are checked / THEN no error
    const errors = checkStacks(stacks).findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => `${f.stack} ${f.rule} ${f.address}`)).toEqual([]);
  });

  it("a public database → rds-not-public", () => {
    // GIVEN a copy of prod / WHEN its database is made public / THEN rds-not-public names it
    const json = copy();
    const [name, db] = first(json, "aws_db_instance");
    db.publicly_accessible = true;
    expect(found(json)).toContainEqual(["rds-not-public", `aws_db_instance.${name}`]);
  });

  it("an open ingress → sg-no-public-ingress and sg-nothing-else-open", () => {
    // GIVEN a copy of prod / WHEN an ingress from 0.0.0.0/0 is added / THEN both rules name it
    const json = copy();
    const [name, rule] = first(json, "aws_vpc_security_group_ingress_rule");
    delete rule.referenced_security_group_id;
    rule.cidr_ipv4 = "0.0.0.0/0";
    const findings = found(json);
    expect(findings).toContainEqual(["sg-no-public-ingress", `aws_vpc_security_group_ingress_rule.${name}`]);
    expect(findings).toContainEqual(["sg-nothing-else-open", `aws_vpc_security_group_ingress_rule.${name}`]);
  });

  it("A records instead of SRV → discovery-srv-registration on each Cloud Map service", () => {
    // GIVEN a copy of prod / WHEN Cloud Map registers A records / THEN each service is named
    const json = copy();
    const names = Object.keys(json.resource.aws_service_discovery_service);
    for (const name of names) json.resource.aws_service_discovery_service[name].dns_config.dns_records = [{ ttl: 10, type: "A" }];
    const findings = found(json);
    for (const name of names) expect(findings).toContainEqual(["discovery-srv-registration", `aws_service_discovery_service.${name}`]);
  });

  it("an execution role without ECR pull → image-pull-permissions on its task definition", () => {
    // GIVEN a copy of prod / WHEN an execution role loses ECR pull / THEN its task definition is named
    const json = copy();
    const [taskName, task] = first(json, "aws_ecs_task_definition");
    const role = refsIn(task.execution_role_arn)[0].address;
    const policies = json.resource.aws_iam_role_policy as Record<string, TfJson>;
    for (const [name, p] of Object.entries(policies)) {
      if (refsIn(p.role)[0]?.address === role && String(p.policy).includes("ecr:")) delete policies[name];
    }
    expect(found(json)).toContainEqual(["image-pull-permissions", `aws_ecs_task_definition.${taskName}`]);
  });

  it("an execution role without its secret grant → container-secret-granted on its task definition", () => {
    // GIVEN a copy of prod / WHEN an execution role loses secretsmanager:GetSecretValue / THEN its task definition is named
    const json = copy();
    const [taskName, task] = first(json, "aws_ecs_task_definition");
    const role = refsIn(task.execution_role_arn)[0].address;
    const policies = json.resource.aws_iam_role_policy as Record<string, TfJson>;
    for (const [name, p] of Object.entries(policies)) {
      if (refsIn(p.role)[0]?.address === role && String(p.policy).includes("secretsmanager:GetSecretValue")) delete policies[name];
    }
    // One finding per secret the collector injects (the Grafana instance id and token), none for the other task.
    const addresses = found(json)
      .filter(([rule]) => rule === "container-secret-granted")
      .map(([, address]) => address);
    expect(addresses.length).toBeGreaterThan(0);
    expect(new Set(addresses)).toEqual(new Set([`aws_ecs_task_definition.${taskName}`]));
  });

  it("a route table without association → route-table-associations, and the service loses its ECR path", () => {
    // GIVEN a copy of prod / WHEN an association is removed / THEN the table is named, and the service's ECR path is lost
    const json = copy();
    const stack = new TfStack("prod", json);
    // The route table of a subnet an ECS service runs in.
    const [, service] = first(json, "aws_ecs_service");
    const subnet = stack.target(service.network_configuration.subnets, "aws_subnet")!;
    const [rt] = stack.routeTablesOf(subnet);
    const associations = json.resource.aws_route_table_association as Record<string, TfJson>;
    for (const [name, a] of Object.entries(associations)) if (refsIn(a.route_table_id)[0]?.address === rt.address) delete associations[name];
    const findings = found(json);
    expect(findings).toContainEqual(["route-table-associations", rt.address]);
    expect(findings).toContainEqual(["route-table-associations", subnet.address]);
    expect(findings.filter(([rule]) => rule === "image-pull-network").length).toBeGreaterThan(0);
  });

  it("a service without HTTPS egress → image-pull-network (ECR endpoints and S3 unreachable)", () => {
    // GIVEN a copy of prod / WHEN a service's 443 egress is removed / THEN image-pull-network names the service
    const json = copy();
    const stack = new TfStack("prod", json);
    const [serviceName, service] = first(json, "aws_ecs_service");
    const groups = stack.securityGroups(service.network_configuration.security_groups);
    const rules = json.resource.aws_vpc_security_group_egress_rule as Record<string, TfJson>;
    for (const [name, r] of Object.entries(rules)) if (r.from_port === 443 && groups.some((g) => stack.references(r.security_group_id, g))) delete rules[name];
    expect(found(json)).toContainEqual(["image-pull-network", `aws_ecs_service.${serviceName}`]);
  });

  it("a service group that no longer admits the VPC link → sg-chain", () => {
    // GIVEN a copy of prod / WHEN the services stop admitting the link / THEN sg-chain names a service, not the link
    const json = copy();
    const stack = new TfStack("prod", json);
    const [linkName, link] = first(json, "aws_apigatewayv2_vpc_link");
    const linkGroups = stack.securityGroups(link.security_group_ids);
    const rules = json.resource.aws_vpc_security_group_ingress_rule as Record<string, TfJson>;
    for (const [name, r] of Object.entries(rules)) if (linkGroups.some((g) => stack.references(r.referenced_security_group_id, g))) delete rules[name];
    const findings = found(json);
    expect(findings).toContainEqual(["sg-chain", expect.stringMatching(/^aws_ecs_service\./)]);
    // The link keeps its egress to the services, so only the ingress half of the chain is reported.
    expect(findings).not.toContainEqual(["sg-chain", `aws_apigatewayv2_vpc_link.${linkName}`]);
  });
});

describe("suppressions written the way the README shows, on the synthesized stacks", () => {
  it("ECS.5 at prod/orders accepts the orders service's writable root (ECS Exec) and nothing else", () => {
    // GIVEN prod with ECS Exec on, which makes every app container's root writable
    const config = testConfig({ environments: { prod: { ecs: { enableExecuteCommand: true } } } });
    const { stacks } = synthApp(config);
    // WHEN the orders service's finding is suppressed by control id and <env>/<service>
    const suppressions = [{ rule: "ECS.5", address: "prod/orders", reason: "ECS Exec for incident INC-42" }];
    const findings = checkStacks(stacks, { suppressions }).findings.filter((f) => f.rule === "ecs-readonly-root-filesystem");
    // THEN orders' task definition is suppressed, catalog's still fails
    expect(findings.map((f) => [f.stack, f.path, f.suppressed ?? false])).toEqual([
      ["prod", expect.stringMatching(/^prod\/(.+\/)?catalog\/task$/), false],
      ["prod", expect.stringMatching(/^prod\/(.+\/)?orders\/task$/), true],
    ]);
  });
});

describe('nat-per-az on a synthesized prod with natGateways "single"', () => {
  it("states the setting: 1 NAT gateway for 3 private route tables", () => {
    // GIVEN prod with a single NAT / WHEN checked / THEN the finding states the setting it found
    const { stacks } = synthApp(testConfig({ environments: { prod: { natGateways: "single" } } }));
    const findings = checkStacks(stacks).findings.filter((f) => f.rule === "nat-per-az");
    // Two of the three AZs route through the NAT gateway of the first.
    expect(findings).toHaveLength(2);
    for (const f of findings)
      expect(f.message).toMatch(
        /^natGateways "single": 1 NAT gateway for 3 private route tables: this subnet in eu-west-1[bc] routes through aws_nat_gateway\.\S+ in eu-west-1a/,
      );
  });
});

describe("the synthesized app in cn-north-1", () => {
  it("starts clean too: the endpoint rules find ecr.api, ecr.dkr and the S3 gateway under China's names", () => {
    // GIVEN the app in China, where ecr.api and ecr.dkr are named by a partition conditional
    const { stacks } = synthApp(testConfig({ ...PINNED, region: "cn-north-1" }));
    const ecrApi = Object.values<TfJson>(stacks.prod.resource.aws_vpc_endpoint)
      .map((e) => e.service_name)
      .filter((n: string) => n.endsWith(".ecr.api"));
    expect(ecrApi).toEqual(['${(data.aws_partition.aws-partition.partition == "aws-cn") ? "cn.com.amazonaws" : "com.amazonaws"}.cn-north-1.ecr.api']);
    // THEN no error, in particular none from vpc-ecr-endpoints or image-pull-network
    const errors = checkStacks(stacks).findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => `${f.stack} ${f.rule} ${f.address}`)).toEqual([]);
  });
});

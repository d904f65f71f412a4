import { blocks, coversPort, environmentOf, expressionsIn, isAllPorts, parseJsonString, refsIn, replaceExpressions, TfStack } from "../../src/checks/tf";
import { compliantStack, res } from "./fixtures";

describe("TfStack (query layer)", () => {
  const stack = () => new TfStack("prod", compliantStack());

  it("finds references inside expressions, with names that contain '-' and index brackets", () => {
    // GIVEN strings as cdktf synthesizes them
    const value = [
      "${aws_iam_role.db_monitoring-role_1A2B.arn}",
      'x-${trimsuffix(aws_apigatewayv2_domain_name.api.domain_name_configuration[0].target_domain_name, ".")}',
    ];
    // THEN each reference is parsed into address and attribute
    expect(refsIn(value)).toEqual([
      { address: "aws_iam_role.db_monitoring-role_1A2B", type: "aws_iam_role", name: "db_monitoring-role_1A2B", attr: "arn" },
      { address: "aws_apigatewayv2_domain_name.api", type: "aws_apigatewayv2_domain_name", name: "api", attr: "domain_name_configuration" },
    ]);
    expect(refsIn("${data.aws_iam_policy_document.tls.json}")[0]).toMatchObject({ address: "data.aws_iam_policy_document.tls", attr: "json" });
    // Literal text outside ${…} is not a reference.
    expect(refsIn("aws_vpc.main.id")).toEqual([]);
    expect(expressionsIn("a${ {for k, v in x: k => v} }b${y}")).toEqual([" {for k, v in x: k => v} ", "y"]);
  });

  it("parses JSON strings that carry raw expressions with unescaped quotes (as cdktf writes tokens)", () => {
    // GIVEN a policy string with a raw expression / WHEN parsed / THEN the expression is kept whole
    const text = '{"Principal":{"AWS":"arn:aws:iam::${element(split(":", aws_kms_key.k.arn), 4)}:root"}}';
    expect(parseJsonString(text)).toEqual({ Principal: { AWS: 'arn:aws:iam::${element(split(":", aws_kms_key.k.arn), 4)}:root' } });
    expect(parseJsonString("${jsonencode(local.x)}")).toBeUndefined();
    expect(parseJsonString("{not json")).toBeUndefined();
  });

  it("replaces each whole expression, nested braces and quoted colons included", () => {
    // GIVEN an ARN template as cdktf writes it / WHEN its expressions are replaced / THEN the literal text around them stays
    const arn = 'arn:${data.aws_partition.p.partition}:ssm:eu-west-1:${element(split(":", aws_kms_key.k.arn), 4)}:parameter/${var.name}';
    expect(replaceExpressions(arn, (expr) => `[${expr}]`)).toBe(
      'arn:[data.aws_partition.p.partition]:ssm:eu-west-1:[element(split(":", aws_kms_key.k.arn), 4)]:parameter/[var.name]',
    );
    expect(replaceExpressions("no expression", () => "x")).toBe("no expression");
  });

  it("normalizes blocks written as an object or a list", () => {
    // GIVEN a block as an object, a list or nothing / WHEN normalized / THEN always a list
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks([{ a: 1 }, { a: 2 }])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(blocks(undefined)).toEqual([]);
  });

  it("resolves a role's effective policy: inline policies by name or id reference, and attachments", () => {
    // GIVEN a role with inline policies and attachments / WHEN its policy is resolved / THEN every statement is found
    const s = stack();
    const policies = s.rolePolicies(s.get("aws_iam_role.execution")!);
    expect(policies.map((p) => p.address).sort()).toEqual([
      "aws_iam_role_policy.execution_auth",
      "aws_iam_role_policy.execution_logs",
      "aws_iam_role_policy.execution_pull",
      "aws_iam_role_policy.execution_secret",
    ]);
    const monitoring = s.rolePolicies(s.get("aws_iam_role.monitoring")!);
    expect(monitoring).toEqual([
      {
        address: "aws_iam_role_policy_attachment.monitoring",
        managedArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        statements: undefined, // not known offline
      },
    ]);
  });

  it("reads policies from data.aws_iam_policy_document", () => {
    // GIVEN a policy from a policy document data source / WHEN resolved / THEN its statements are read
    const json = compliantStack();
    json.data = {
      aws_iam_policy_document: {
        d: {
          statement: [
            {
              effect: "Deny",
              actions: ["s3:*"],
              principals: [{ type: "*", identifiers: ["*"] }],
              condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
            },
          ],
        },
      },
    };
    const statements = new TfStack("prod", json).policy("${data.aws_iam_policy_document.d.json}");
    expect(statements).toEqual([
      expect.objectContaining({
        effect: "Deny",
        actions: ["s3:*"],
        principals: [{ kind: "*", ids: ["*"] }],
        conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }),
    ]);
  });

  it("collects security group rules from inline blocks, aws_security_group_rule and aws_vpc_security_group_*_rule", () => {
    // GIVEN rules in every form terraform accepts / WHEN collected / THEN each appears once with its direction and protocol
    const json = compliantStack();
    res(json, "aws_security_group", "orders").egress = [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["10.0.0.0/16"], description: "inline" }];
    json.resource.aws_security_group_rule = {
      legacy: {
        type: "ingress",
        security_group_id: "${aws_security_group.orders.id}",
        protocol: "6",
        from_port: 8080,
        to_port: 8081,
        source_security_group_id: "${aws_security_group.link.id}",
        description: "legacy",
      },
    };
    const s = new TfStack("prod", json);
    const rules = s.securityGroupRules(s.get("aws_security_group.orders")!);
    expect(rules.map((r) => [r.address, r.direction, r.protocol]).sort()).toEqual([
      ["aws_security_group.orders", "egress", "-1"],
      ["aws_security_group_rule.legacy", "ingress", "tcp"],
      ["aws_vpc_security_group_egress_rule.orders_https", "egress", "tcp"],
      ["aws_vpc_security_group_egress_rule.orders_to_db", "egress", "tcp"],
      ["aws_vpc_security_group_egress_rule.orders_to_efs", "egress", "tcp"],
      ["aws_vpc_security_group_ingress_rule.orders_from_link", "ingress", "tcp"],
    ]);
    const legacy = rules.find((r) => r.address === "aws_security_group_rule.legacy")!;
    expect(coversPort(legacy, 8081)).toBe(true);
    expect(coversPort(legacy, 8082)).toBe(false);
    expect(s.rulePeerIs(legacy, s.get("aws_security_group.link")!)).toBe(true);
    expect(isAllPorts(rules.find((r) => r.address === "aws_security_group.orders")!)).toBe(true);
  });

  it("follows subnets to route tables, routes, NAT gateways and gateway endpoints", () => {
    // GIVEN the compliant stack / WHEN a subnet is followed / THEN its table, routes, NAT and gateway endpoints are found
    const s = stack();
    const [rt] = s.routeTablesOf(s.get("aws_subnet.private_a")!);
    expect(rt.address).toBe("aws_route_table.private_a");
    expect(s.defaultRoute(rt)).toEqual({
      address: "aws_route.private_a_default",
      destination: "0.0.0.0/0",
      targets: { nat_gateway_id: "${aws_nat_gateway.nat_a.id}" },
    });
    expect(s.routesToInternetGateway(rt)).toBe(false);
    expect(s.routesToInternetGateway(s.get("aws_route_table.public")!)).toBe(true);
    expect(s.gatewayEndpointsOn(rt).map((e) => e.address)).toEqual(["aws_vpc_endpoint.s3"]);
    expect(s.endpointsFor(s.get("aws_vpc.vpc")!, "ecr.dkr").map((e) => e.address)).toEqual(["aws_vpc_endpoint.ecr_dkr"]);
  });

  it.each([
    ["China's literal name", "cn.com.amazonaws.cn-north-1.ecr.dkr"],
    [
      "the partition conditional the platform synthesizes",
      '${(data.aws_partition.aws-partition.partition == "aws-cn") ? "cn.com.amazonaws" : "com.amazonaws"}.cn-north-1.ecr.dkr',
    ],
  ])("finds endpoints by service whatever the prefix: %s", (_, serviceName) => {
    // GIVEN an ecr.dkr endpoint not named com.amazonaws.<region>.ecr.dkr
    const json = compliantStack();
    res(json, "aws_vpc_endpoint", "ecr_dkr").service_name = serviceName;
    const s = new TfStack("prod", json);
    // THEN it is still the VPC's ecr.dkr endpoint, and not an ecr.api one
    expect(s.endpointsFor(s.get("aws_vpc.vpc")!, "ecr.dkr").map((e) => e.address)).toEqual(["aws_vpc_endpoint.ecr_dkr"]);
    expect(s.endpointsFor(s.get("aws_vpc.vpc")!, "ecr.api").map((e) => e.address)).toEqual(["aws_vpc_endpoint.ecr_api"]);
  });

  it("parses container definitions and finds a resource's region through its provider alias", () => {
    // GIVEN a task definition under an aliased provider / WHEN read / THEN its containers and the alias's region
    const json = compliantStack();
    json.provider.aws.push({ alias: "us_east_1", region: "us-east-1" });
    res(json, "aws_acm_certificate", "cert").provider = "aws.us_east_1";
    const s = new TfStack("prod", json);
    expect(s.containers(s.get("aws_ecs_task_definition.orders")!)![0]).toMatchObject({ name: "app", portMappings: [{ containerPort: 8080 }] });
    expect(s.regionOf(s.get("aws_acm_certificate.cert")!)).toBe("us-east-1");
    expect(s.regionOf(s.get("aws_apigatewayv2_domain_name.api")!)).toBe("eu-west-1");
  });

  it("maps stack names to the environment whose rules apply (unknown names are checked as prod)", () => {
    // GIVEN stack names / WHEN mapped / THEN known environments are themselves, the rest prod
    expect(["dev", "staging", "prod", "bootstrap", "test"].map((name) => environmentOf(name))).toEqual(["dev", "staging", "prod", "prod", "prod"]);
  });

  it("maps a named environment to its configured profile, and a built-in name to the profile the config gives it", () => {
    // GIVEN qa on the staging profile and a stack named dev on the prod profile
    const profiles = { qa: "staging", dev: "prod" } as const;
    // WHEN mapped / THEN the config's profile wins; undeclared names stay strict
    expect(["qa", "dev", "perf"].map((name) => environmentOf(name, profiles))).toEqual(["staging", "prod", "prod"]);
  });
});

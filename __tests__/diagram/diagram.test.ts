import { spawnSync } from "child_process";
import { join } from "path";
import { TfStack } from "../../src/checks/tf";
import { describeStack } from "../../src/diagram/model";
import { nodeId, renderMermaid } from "../../src/diagram/mermaid";
import { EC2_EXAMPLE, exampleConfig, REST_EXAMPLE, WORKLOADS_EXAMPLE } from "../support/examples";
import { synthApp, testConfig, TfJson } from "../support/synth";
import { isInside, MermaidFlowchart, parseFlowchart } from "./mermaid-text";

/** The resources of a type, name → body. */
const resourcesOf = (json: TfJson, type: string): [string, TfJson][] => Object.entries((json.resource?.[type] ?? {}) as Record<string, TfJson>);
/** `type.name` addresses referenced anywhere in a value. */
const refs = (value: unknown, type: string): string[] =>
  [...JSON.stringify(value ?? null).matchAll(new RegExp(`\\b${type}\\.([A-Za-z0-9_-]+)`, "g"))].map((m) => m[1]);

/**
 * What security groups admit, computed here from the raw JSON (not by src/diagram): each
 * ingress rule as (group it opens, peer group), from standalone ingress rules, legacy
 * `aws_security_group_rule`s and inline blocks.
 */
function ingressPairs(json: TfJson): [string, string][] {
  const out: [string, string][] = [];
  for (const [, r] of resourcesOf(json, "aws_vpc_security_group_ingress_rule")) {
    for (const to of refs(r.security_group_id, "aws_security_group"))
      for (const from of refs(r.referenced_security_group_id, "aws_security_group")) out.push([to, from]);
  }
  for (const [, r] of resourcesOf(json, "aws_security_group_rule")) {
    if (r.type !== "ingress") continue;
    for (const to of refs(r.security_group_id, "aws_security_group"))
      for (const from of refs(r.source_security_group_id, "aws_security_group")) out.push([to, from]);
  }
  for (const [name, sg] of resourcesOf(json, "aws_security_group")) {
    for (const from of refs(sg.ingress, "aws_security_group")) out.push([name, from]);
  }
  return out;
}

/** ECS service name → its security group names. */
function serviceGroups(json: TfJson): Map<string, string[]> {
  return new Map(resourcesOf(json, "aws_ecs_service").map(([, s]) => [String(s.name), refs(s.network_configuration, "aws_security_group")]));
}

/** The service calls the groups admit: `from->to`, each service to another. */
function expectedServiceCalls(json: TfJson): string[] {
  const groups = serviceGroups(json);
  const pairs = ingressPairs(json);
  const out = new Set<string>();
  for (const [to, toGroups] of groups) {
    for (const [from, fromGroups] of groups) {
      if (from === to) continue;
      if (pairs.some(([opened, peer]) => toGroups.includes(opened) && fromGroups.includes(peer))) out.add(`${from}->${to}`);
    }
  }
  return [...out].sort();
}

/** The services whose groups a database's groups admit. */
function expectedDatabaseClients(json: TfJson): string[] {
  const dbGroups = resourcesOf(json, "aws_db_instance").flatMap(([, db]) => refs(db.vpc_security_group_ids, "aws_security_group"));
  const pairs = ingressPairs(json);
  return [...serviceGroups(json)]
    .filter(([, groups]) => pairs.some(([opened, peer]) => dbGroups.includes(opened) && groups.includes(peer)))
    .map(([name]) => name)
    .sort();
}

/** The diagram's service nodes, by service name (the label's first line). */
function serviceNodes(chart: MermaidFlowchart): Map<string, string> {
  return new Map([...chart.nodes.values()].filter((n) => n.id.startsWith("svc_")).map((n) => [n.lines[0], n.id]));
}

function diagramOf(name: string, json: TfJson): { text: string; chart: MermaidFlowchart } {
  const text = renderMermaid(describeStack(new TfStack(name, json)));
  return { text, chart: parseFlowchart(text) };
}

/** The service → service edges of a diagram, as `from->to` by service name. */
function serviceEdges(chart: MermaidFlowchart): string[] {
  const byId = new Map([...serviceNodes(chart)].map(([name, id]) => [id, name]));
  return chart.edges
    .filter((e) => byId.has(e.from) && byId.has(e.to))
    .map((e) => `${byId.get(e.from)}->${byId.get(e.to)}`)
    .sort();
}

/** The names of the services with an edge into a database node. */
function databaseEdges(chart: MermaidFlowchart): string[] {
  const byId = new Map([...serviceNodes(chart)].map(([name, id]) => [id, name]));
  return chart.edges
    .filter((e) => byId.has(e.from) && e.to.startsWith("db_") && chart.nodes.get(e.to)?.shape === "cylinder")
    .map((e) => byId.get(e.from)!)
    .sort();
}

const CONFIGS: [string, () => Record<string, TfJson>][] = [
  ["the default config", () => synthApp(testConfig()).stacks],
  ["examples/workloads.config.json", () => synthApp(exampleConfig(WORKLOADS_EXAMPLE)).stacks],
];

describe.each(CONFIGS)("the diagram of each environment of %s", (_, synth) => {
  let stacks: Record<string, TfJson>;
  beforeAll(() => {
    stacks = Object.fromEntries(Object.entries(synth()).filter(([name]) => !name.startsWith("bootstrap")));
  });

  it("has every ECS service as a node, and nothing else as a service", () => {
    expect(Object.keys(stacks).sort()).toEqual(["dev", "prod", "staging"]);
    for (const [name, json] of Object.entries(stacks)) {
      // GIVEN the stack's ECS services / WHEN drawn / THEN one service node each, inside the private tier
      const { chart } = diagramOf(name, json);
      const names = resourcesOf(json, "aws_ecs_service").map(([, s]) => String(s.name));
      expect(names.length).toBeGreaterThan(0);
      expect([...serviceNodes(chart).keys()].sort()).toEqual([...names].sort());
      for (const id of serviceNodes(chart).values()) expect(isInside(chart, id, "tier_private")).toBe(true);
    }
  });

  it("draws every call the security groups admit between services, and no other", () => {
    for (const [name, json] of Object.entries(stacks)) {
      // GIVEN the calls computed from the ingress rules / WHEN drawn / THEN exactly those service → service edges
      const expected = expectedServiceCalls(json);
      expect(expected).toContain("orders->catalog");
      expect(serviceEdges(diagramOf(name, json).chart)).toEqual(expected);
    }
  });

  it("draws an edge to the database from each service its group admits, and from no other", () => {
    for (const [name, json] of Object.entries(stacks)) {
      // GIVEN the database's admitted services / WHEN drawn / THEN exactly those edges into the database node, in the database tier
      const { chart } = diagramOf(name, json);
      const expected = expectedDatabaseClients(json);
      expect(expected).toEqual(["orders"]);
      expect(databaseEdges(chart)).toEqual(expected);
      expect(isInside(chart, "db_0", "tier_database")).toBe(true);
    }
  });

  it("routes the edge from the Cloudflare host through the API and the VPC link to each public service", () => {
    for (const [name, json] of Object.entries(stacks)) {
      // GIVEN the proxied record and the HTTP API routes / WHEN drawn
      const { chart } = diagramOf(name, json);
      const host = resourcesOf(json, "cloudflare_dns_record").find(([, r]) => r.proxied === true)![1].name;
      // THEN cf (with the host) → api → link, and link → each routed service labelled with its route keys
      expect(chart.nodes.get("cf")!.lines).toContain(host);
      expect(chart.edges).toEqual(
        expect.arrayContaining([expect.objectContaining({ from: "cf", to: "api" }), expect.objectContaining({ from: "api", to: "link" })]),
      );
      const keys = resourcesOf(json, "aws_apigatewayv2_route").map(([, r]) => String(r.route_key));
      const labelled = chart.edges.filter((e) => e.from === "link" && e.to.startsWith("svc_")).flatMap((e) => e.label);
      expect(labelled.sort()).toEqual(keys.sort());
    }
  });

  it("is valid Mermaid by mermaid's own parser", () => {
    // GIVEN every environment's diagram / WHEN mermaid.parse reads it (in a child node with a DOM shim) / THEN a flowchart, no error
    const texts = Object.entries(stacks).map(([name, json]) => diagramOf(name, json).text);
    expect(mermaidParse(texts)).toEqual(texts.map(() => ({ type: "flowchart-v2" })));
  });
});

describe("the diagram of examples/workloads.config.json (every service kind, volumes, jobs)", () => {
  let prod: TfJson;
  let chart: MermaidFlowchart;
  beforeAll(() => {
    prod = synthApp(exampleConfig(WORKLOADS_EXAMPLE)).stacks.prod;
    chart = diagramOf("prod", prod).chart;
  });

  it("marks each service's kind, capacity and deployment", () => {
    // GIVEN orders (routed), catalog (Cloud Map only), mailer (no port) / THEN public, internal, worker
    const line = (service: string) => chart.nodes.get(serviceNodes(chart).get(service)!)!.lines[1];
    expect(line("orders")).toBe("public · Fargate · rolling");
    expect(line("catalog")).toBe("internal · Fargate · rolling");
    expect(line("mailer")).toBe("worker · Fargate · rolling");
    expect(chart.classes.get("worker")).toEqual(["svc_mailer"]);
  });

  it("draws each scheduled job with its task family, and the EFS mounts of the task definitions", () => {
    // GIVEN two schedules / THEN a job node each naming its family
    const families = resourcesOf(prod, "aws_ecs_task_definition").map(([, t]) => String(t.family));
    for (const job of ["cleanup", "report"]) {
      const node = chart.nodes.get(`job_${job}`)!;
      expect(node.lines[0]).toBe(`job ${job}`);
      expect(families).toContain(node.lines[2].replace(/^task /, ""));
    }
    // AND mounts from each task definition with an EFS volume: orders and cleanup (uploads), catalog (seed); mailer none
    const mounts = chart.edges.filter((e) => e.to === "efs_0").map((e) => `${e.from} ${e.label.join(" ")}`);
    expect(mounts.sort()).toEqual(["job_cleanup mounts uploads", "svc_catalog mounts seed", "svc_orders mounts uploads"]);
    expect(chart.nodes.get("efs_0")!.lines).toEqual(["EFS", "mount targets ×3 (per AZ)"]);
  });

  it("collapses NAT per AZ in prod, single in dev, in the public tier", () => {
    expect(chart.nodes.get("nat")!.lines).toEqual(["NAT ×3 (per AZ)"]);
    expect(isInside(chart, "nat", "tier_public")).toBe(true);
    const dev = diagramOf("dev", synthApp(exampleConfig(WORKLOADS_EXAMPLE)).stacks.dev).chart;
    expect(dev.nodes.get("nat")!.lines).toEqual(["NAT (single)"]);
  });

  it("shows the interface endpoints and the OTLP export to Grafana", () => {
    expect(chart.nodes.get("vpce")!.lines).toEqual(["Interface endpoints", "ecr.api, ecr.dkr, logs, secretsmanager"]);
    expect(chart.nodes.get("grafana")!.lines).toEqual(["Grafana Cloud", "otlp-gateway-prod-eu-west-2.grafana.net"]);
  });

  it("follows the security groups, not the config: a rule added to the JSON is a new edge", () => {
    // GIVEN prod plus an ingress rule that lets mailer call catalog (the config says nothing of it)
    const json = JSON.parse(JSON.stringify(prod)) as TfJson;
    const group = (service: string) =>
      refs(resourcesOf(json, "aws_ecs_service").find(([, s]) => s.name === service)![1].network_configuration, "aws_security_group")[0];
    json.resource.aws_security_group_rule = {
      extra: {
        type: "ingress",
        protocol: "tcp",
        from_port: 9000,
        to_port: 9000,
        security_group_id: `\${aws_security_group.${group("catalog")}.id}`,
        source_security_group_id: `\${aws_security_group.${group("mailer")}.id}`,
      },
    };
    // WHEN drawn / THEN mailer → catalog appears, labelled with the port, and matches the independent computation
    const after = diagramOf("prod", json).chart;
    expect(serviceEdges(after)).toEqual(["mailer->catalog", "orders->catalog"]);
    expect(serviceEdges(after)).toEqual(expectedServiceCalls(json));
    expect(after.edges.find((e) => e.from === "svc_mailer" && e.to === "svc_catalog")!.label).toEqual([":9000"]);
  });
});

describe("node ids and labels", () => {
  it("are Mermaid-safe whatever the name", () => {
    // GIVEN names with dots, dashes, a keyword / THEN letters, digits and _ only, prefixed
    expect(nodeId("svc", "end")).toBe("svc_end");
    expect(nodeId("svc", "a-b.c d")).toBe("svc_a_b_c_d");
  });

  it("keeps two services whose names sanitize alike apart, and parses", () => {
    // GIVEN services "a-b" and "a.b" that both sanitize to svc_a_b
    const facts = {
      ...describeStack(new TfStack("x", { resource: {} })),
      services: ["a-b", "a.b"].map((name) => ({
        name,
        address: name,
        kind: "worker" as const,
        capacity: "Fargate",
        deployment: "rolling" as const,
        routes: [],
        groups: [],
      })),
    };
    const text = renderMermaid(facts);
    const chart = parseFlowchart(text);
    // THEN two nodes, and mermaid reads the text
    expect([...serviceNodes(chart).keys()].sort()).toEqual(["a-b", "a.b"]);
    expect(mermaidParse([text])).toEqual([{ type: "flowchart-v2" }]);
  });
});

/** mermaid.parse of each text, in a child node (mermaid is ESM-only and needs a DOM shim). */
function mermaidParse(texts: readonly string[]): unknown[] {
  const r = spawnSync(process.execPath, [join(__dirname, "..", "support", "mermaid-parse.mjs")], { input: JSON.stringify(texts), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`mermaid-parse.mjs failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown[];
}

describe("the edge, deployments and capacity as the stacks deploy them", () => {
  it("draws examples/rest.config.json's prod: REST API → VPC link v1 → NLB → services, orders blue/green", () => {
    // GIVEN prod of the REST example (REST on an NLB, orders on CodeDeploy) / WHEN drawn
    const { chart } = diagramOf("prod", synthApp(exampleConfig(REST_EXAMPLE)).stacks.prod);
    // THEN the REST API reaches the services through the v1 link and the NLB, and orders is blue/green
    expect(chart.nodes.get("api")?.lines[0]).toBe("REST API");
    expect(chart.nodes.get("link")?.lines[0]).toBe("VPC link (v1)");
    const edges = chart.edges.map((e) => `${e.from}->${e.to}`);
    expect(edges).toEqual(expect.arrayContaining(["api->link", "link->nlb", "nlb->svc_orders", "nlb->svc_catalog"]));
    expect(edges).not.toContain("link->svc_orders");
    expect(chart.nodes.get("svc_orders")?.lines[1]).toMatch(/· blue\/green$/);
    expect(chart.nodes.get("svc_catalog")?.lines[1]).toMatch(/· rolling$/);
  });

  it("draws examples/ec2.config.json's catalog on the EC2 capacity provider in prod and on Fargate in dev", () => {
    // GIVEN the EC2 example / WHEN prod and dev are drawn / THEN catalog's capacity follows each stack
    const { stacks } = synthApp(exampleConfig(EC2_EXAMPLE));
    expect(diagramOf("prod", stacks.prod).chart.nodes.get("svc_catalog")?.lines[1]).toMatch(/EC2 \(acme-prod-ec2\)/);
    expect(diagramOf("dev", stacks.dev).chart.nodes.get("svc_catalog")?.lines[1]).not.toMatch(/EC2/);
  });
});

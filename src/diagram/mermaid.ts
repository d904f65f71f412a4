/**
 * Draws an environment's facts ({@link EnvironmentFacts}) as a Mermaid flowchart, grouped by
 * tier: the edge outside the VPC, then public subnets (NAT), private subnets (VPC link, NLB,
 * ECS services and jobs, EFS, interface endpoints) and database subnets. What repeats per AZ
 * is one node with a count, so the picture stays readable at ten services.
 *
 * The text uses a small subset of Mermaid on purpose (one statement a line: `subgraph id["…"]`,
 * `end`, `id["…"]` / `id[("…")]` / `id(["…"])` nodes, `a -->|"…"| b` and `a -.->|"…"| b`
 * edges, `classDef`, `class`), which the tests parse back into nodes and edges.
 */
import { Caller, EnvironmentFacts } from "./model";

/** A Mermaid-safe node id: letters, digits and `_`, with a prefix so no id is a keyword (`end`). */
export function nodeId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** Label text safe inside `"…"`: `#`, quotes and markup characters become Mermaid entity codes (`#quot;`). */
export function escapeLabel(text: string): string {
  return text.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/** Lines of a label, escaped and joined with Mermaid's line break. */
function label(...lines: (string | undefined)[]): string {
  return lines
    .filter((l): l is string => l !== undefined && l !== "")
    .map(escapeLabel)
    .join("<br/>");
}

/** Ids for every service and job, unique even when two names sanitize alike. */
function callerIds(facts: EnvironmentFacts): (c: Caller) => string {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  const all: Caller[] = [
    ...facts.services.map((s) => ({ kind: "service", name: s.name }) as Caller),
    ...facts.jobs.map((j) => ({ kind: "job", name: j.name }) as Caller),
  ];
  for (const c of all) {
    const base = nodeId(c.kind === "service" ? "svc" : "job", c.name);
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(`${c.kind}:${c.name}`, id);
  }
  return (c) => ids.get(`${c.kind}:${c.name}`)!;
}

/** `×3 (per AZ)`, `(single)`: how many of a per-AZ thing there are. */
function perAz(count: number, azs: number): string {
  if (count === 1) return azs > 1 ? "(single)" : "";
  return count === azs ? `×${count} (per AZ)` : `×${count}`;
}

/** The Mermaid flowchart of one environment. */
export function renderMermaid(facts: EnvironmentFacts): string {
  const id = callerIds(facts);
  const out: string[] = ["flowchart LR"];
  const edges: string[] = [];
  const edge = (from: string, to: string, text?: string, dotted = false): void => {
    edges.push(`  ${from} ${dotted ? "-.->" : "-->"}${text ? `|"${text}"|` : ""} ${to}`);
  };

  const e = facts.edge;
  if (e) {
    out.push(`  cf(["${label("Cloudflare proxy", ...e.hosts)}"])`);
    out.push(`  api["${label(`${e.kind} API`, "custom domain")}"]`);
    edge("cf", "api", "HTTPS");
  }
  if (facts.otlpExport) out.push(`  grafana(["${label("Grafana Cloud", facts.otlpExport)}"])`);

  out.push(`  subgraph vpc["${label(`VPC · ${facts.nat.azs} AZ${facts.nat.azs === 1 ? "" : "s"}`)}"]`);
  if (facts.nat.count > 0) {
    out.push(`    subgraph tier_public["Public subnets"]`);
    out.push(`      nat["${label(`NAT ${perAz(facts.nat.count, facts.nat.azs)}`.trim())}"]`);
    out.push(`    end`);
  }
  out.push(`    subgraph tier_private["Private subnets"]`);
  if (e?.link) out.push(`      link["${label(e.link)}"]`);
  if (e?.loadBalancer) out.push(`      nlb["${label("Internal NLB", e.loadBalancer)}"]`);
  const hasCompute = facts.services.length + facts.jobs.length > 0;
  if (hasCompute) {
    out.push(`      subgraph ecs["ECS cluster"]`);
    for (const s of facts.services) {
      out.push(`        ${id({ kind: "service", name: s.name })}["${label(s.name, `${s.kind} · ${s.capacity} · ${s.deployment}`)}"]`);
    }
    for (const j of facts.jobs) {
      out.push(`        ${id({ kind: "job", name: j.name })}["${label(`job ${j.name}`, j.schedule, `task ${j.family}`)}"]`);
    }
    out.push(`      end`);
  }
  facts.fileSystems.forEach((fs, i) => {
    out.push(`      efs_${i}[("${label("EFS", fs.mountTargets > 0 ? `mount targets ${perAz(fs.mountTargets, facts.nat.azs) || "×1"}` : undefined)}")]`);
  });
  if (facts.interfaceEndpoints.length > 0) out.push(`      vpce["${label("Interface endpoints", facts.interfaceEndpoints.join(", "))}"]`);
  out.push(`    end`);
  if (facts.databases.length > 0) {
    out.push(`    subgraph tier_database["Database subnets"]`);
    facts.databases.forEach((db, i) => out.push(`      db_${i}[("${label("RDS", db.label)}")]`));
    out.push(`    end`);
  }
  if (facts.gatewayEndpoints.length > 0) out.push(`    gwe["${label("Gateway endpoints", facts.gatewayEndpoints.join(", "))}"]`);
  out.push(`  end`);
  // Cloud Map shows where the API discovers services through it (HTTP API, no NLB).
  const discovers = facts.cloudMap && e?.link !== undefined && e.loadBalancer === undefined;
  if (discovers) out.push(`  cm["${label("Cloud Map", "SRV records")}"]`);

  // The edge: API → link → (NLB →) public services, labelled with their routes.
  if (e) {
    let entry = "api";
    if (e.link) {
      edge(entry, "link");
      entry = "link";
    }
    if (e.loadBalancer) {
      edge(entry, "nlb");
      entry = "nlb";
    } else if (discovers) {
      edge("link", "cm", "discovers", true);
    }
    for (const s of facts.services.filter((x) => x.routes.length > 0)) edge(entry, id({ kind: "service", name: s.name }), label(...s.routes));
  }
  // Calls that security groups admit.
  for (const c of facts.calls) edge(id(c.from), id(c.to), label(c.ports.map((p) => `:${p}`).join(", ")));
  facts.databases.forEach((db, i) => {
    for (const c of db.admits) edge(id(c), `db_${i}`, "SQL");
  });
  facts.fileSystems.forEach((fs, i) => {
    for (const m of fs.mounts) edge(id(m.by), `efs_${i}`, label(`mounts ${m.volumes.join(", ")}`), true);
  });
  if (hasCompute && facts.interfaceEndpoints.length > 0) edge("ecs", "vpce", "AWS APIs", true);
  if (hasCompute && facts.otlpExport) {
    if (facts.nat.count > 0) {
      edge("ecs", "nat", "OTLP", true);
      edge("nat", "grafana", undefined, true);
    } else {
      edge("ecs", "grafana", "OTLP", true);
    }
  }

  const classes: [string, string[]][] = [
    ["public", facts.services.filter((s) => s.kind === "public").map((s) => id({ kind: "service", name: s.name }))],
    ["internal", facts.services.filter((s) => s.kind === "internal").map((s) => id({ kind: "service", name: s.name }))],
    ["worker", facts.services.filter((s) => s.kind === "worker").map((s) => id({ kind: "service", name: s.name }))],
    ["job", facts.jobs.map((j) => id({ kind: "job", name: j.name }))],
  ];
  out.push(...edges);
  out.push(
    "  classDef public fill:#dbeafe,stroke:#1d4ed8",
    "  classDef internal fill:#dcfce7,stroke:#15803d",
    "  classDef worker fill:#fef3c7,stroke:#b45309",
    "  classDef job fill:#f3e8ff,stroke:#7e22ce",
  );
  for (const [cls, ids] of classes) if (ids.length > 0) out.push(`  class ${ids.join(",")} ${cls}`);
  return out.join("\n");
}

/** The legend printed under each diagram. */
export const LEGEND = [
  "- **Services**: name, then kind · capacity · deployment. *public* (blue): an API route reaches it; *internal* (green): registered in Cloud Map or behind a target group, no route; *worker* (amber): neither. Capacity is the capacity provider strategy (`Fargate + Spot 80%` = the Spot share of the weights); deployment is `blue/green` for CodeDeploy, else `rolling`.",
  "- **Solid arrows**: the edge and its routes per service, and every call a security-group ingress rule admits (`:port`), between services and jobs and to the database (`SQL`). A call a group does not admit is not drawn.",
  "- **Dotted arrows**: EFS mounts (task definition volumes), AWS APIs through the interface endpoints, the OpenTelemetry export through NAT to Grafana Cloud.",
  "- What repeats per AZ is one node with a count (`NAT ×3 (per AZ)`, EFS mount targets).",
].join("\n");

/** The Markdown file of one environment: the diagram and its legend. */
export function renderMarkdown(facts: EnvironmentFacts): string {
  return [
    `# ${facts.name}`,
    "",
    `Generated by \`npm run diagram\` from the synthesized Terraform of \`${facts.name}\` (not from the config): what \`terraform apply\` would create.`,
    "",
    "```mermaid",
    renderMermaid(facts),
    "```",
    "",
    LEGEND,
    "",
  ].join("\n");
}

import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * The folder graph of src/: which folder may import which. Shared building blocks live
 * in core/ (facts, naming, IAM, log groups, container definitions); config/ is the
 * user's schema and is translated into construct props in stacks/ only, so every
 * construct can be used from another CDKTF app without our config.
 */
const SRC = path.join(__dirname, "../../src");

/** Allowed targets per folder (a folder may always import itself). `*` = anything. */
/** Entry points (CLIs): they may also import the root (app.ts, fatal.ts). */
const ENTRY_POINTS: readonly string[] = [
  path.join("checks", "cli.ts"),
  path.join("release", "cli.ts"),
  path.join("ci", "cli.ts"),
  path.join("doctor", "cli.ts"),
  path.join("cost", "cli.ts"),
  path.join("diagram", "cli.ts"),
];

const ALLOWED: Readonly<Record<string, readonly string[] | "*">> = {
  core: [],
  config: ["core"],
  checks: ["config", "core"],
  // npm run release: AWS SDK calls named after the config, no constructs.
  release: ["config", "core"],
  // ci: what the GitHub workflow reads from the config (npm run ci), and the delivery
  // pipeline's account-wide IAM constructs (OIDC provider, boundaries, deploy/plan/state roles).
  ci: ["config", "core"],
  // npm run doctor: read-only AWS SDK calls named after the config, no constructs.
  doctor: ["config", "core"],
  // npm run cost: reads the synthesized JSON through checks/tf, no constructs.
  cost: ["checks", "config", "core"],
  // npm run diagram: draws the synthesized JSON through checks/tf, no constructs.
  diagram: ["checks", "config", "core"],
  network: ["core"],
  registry: ["core"],
  discovery: ["core"],
  dns: ["core"],
  observability: ["core"],
  database: ["core", "network"],
  storage: ["core", "network"],
  compute: ["core", "network", "registry", "discovery", "database", "storage", "observability"],
  edge: ["core", "network", "compute", "dns"],
  jobs: ["core", "network", "compute"],
  stacks: "*",
  // app.ts, fatal.ts, app-output.ts: the entry points.
  ".": "*",
};

interface Edge {
  readonly file: string;
  readonly specifier: string;
  readonly from: string;
  readonly to: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The top folder of a file (or folder: `../config` is its index) under src/ ("." for files at the root). */
function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  const isFolder = fs.existsSync(file) && fs.statSync(file).isDirectory();
  return parts.length === 1 && !isFolder ? "." : parts[0];
}

/** Every relative import of every file under src/ (`import`, `import type`, `export … from`, `require`). */
function folderEdges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    return info.importedFiles
      .map((f) => f.fileName)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => {
        const target = path.resolve(path.dirname(file), specifier);
        return { file: path.relative(SRC, file), specifier, from: folderOf(file), to: folderOf(target) };
      });
  });
}

/** A cycle in the folder graph, as a path `a → b → a`, or undefined. */
function findCycle(edges: readonly Edge[]): string[] | undefined {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(e.to);
  }
  const state = new Map<string, "open" | "done">();
  const walk = (node: string, trail: string[]): string[] | undefined => {
    if (state.get(node) === "open") return [...trail.slice(trail.indexOf(node)), node];
    if (state.get(node) === "done") return undefined;
    state.set(node, "open");
    for (const to of next.get(node) ?? []) {
      const cycle = walk(to, [...trail, node]);
      if (cycle) return cycle;
    }
    state.set(node, "done");
    return undefined;
  };
  for (const node of next.keys()) {
    const cycle = walk(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("src/ folder imports", () => {
  const edges = folderEdges();

  it("parses the imports of every folder (a test that finds none cannot fail)", () => {
    // GIVEN the source tree WHEN its imports are parsed THEN every folder of the rule table shows up
    const folders = new Set(edges.map((e) => e.from));
    expect([...folders].sort()).toEqual(expect.arrayContaining(Object.keys(ALLOWED).filter((f) => f !== ".")));
    // and multi-line imports are seen (fargate-service imports aws-facts over several lines)
    expect(edges).toContainEqual(expect.objectContaining({ file: path.join("compute", "fargate-service.ts"), specifier: "../core/aws-facts" }));
  });

  it("every folder is in the rule table", () => {
    // GIVEN / WHEN the src/ import edges
    const unknown = [...new Set(edges.map((e) => e.from))].filter((f) => !(f in ALLOWED));
    // THEN every importing folder has a rule
    expect(unknown).toEqual([]);
  });

  it("imports only follow allowed folder edges", () => {
    // GIVEN the rule table WHEN each import is checked THEN none crosses a forbidden edge
    const forbidden = edges
      .filter((e) => e.from !== e.to)
      .filter((e) => !(ENTRY_POINTS.includes(e.file) && e.to === "."))
      .filter((e) => {
        const allowed = ALLOWED[e.from];
        return allowed !== "*" && !(allowed ?? []).includes(e.to);
      })
      .map((e) => `${e.file} imports ${e.specifier} (${e.from} → ${e.to})`);
    expect(forbidden).toEqual([]);
  });

  it("finds a cycle such as the one compute ↔ observability had", () => {
    // GIVEN / WHEN the two edges of 0.1.0 (log groups in observability, container definitions in compute)
    const edge = (from: string, to: string): Edge => ({ file: `${from}/x.ts`, specifier: `../${to}/y`, from, to });
    // THEN the check reports them
    expect(findCycle([edge("compute", "observability"), edge("observability", "compute")])).toEqual(["compute", "observability", "compute"]);
    expect(findCycle([edge("compute", "observability"), edge("observability", "core")])).toBeUndefined();
  });

  it("the folder graph has no cycle", () => {
    // GIVEN / WHEN the src/ folder graph without the entry points' edges
    // The entry points' imports of the root are the app's top, not a folder edge.
    // THEN it has no cycle
    expect(findCycle(edges.filter((e) => !(ENTRY_POINTS.includes(e.file) && e.to === ".")))).toBeUndefined();
  });

  it("constructs take their own props: no domain folder imports config/", () => {
    // GIVEN / WHEN the src/ import edges
    const offenders = edges
      .filter((e) => e.to === "config" && !["config", "stacks", "checks", "release", "ci", "doctor", "cost", "diagram", "."].includes(e.from))
      .map((e) => `${e.file} imports ${e.specifier}`);
    // THEN only config, stacks, the CLIs (checks, release, ci, doctor, cost, diagram) and the root import config/
    expect(offenders).toEqual([]);
  });
});

/**
 * A parser for the subset of Mermaid flowchart syntax that src/diagram/mermaid.ts emits (one
 * statement a line), so the tests assert nodes and edges rather than a snapshot. A line it does
 * not understand is an error: the subset cannot grow unnoticed.
 */

/** A node: id, shape and label (`<br/>` lines, entity codes decoded). */
export interface MermaidNode {
  readonly id: string;
  readonly shape: "box" | "cylinder" | "stadium";
  readonly lines: readonly string[];
  /** The innermost subgraph it is declared in. */
  readonly subgraph?: string;
}

/** An edge; `label` lines decoded. */
export interface MermaidEdge {
  readonly from: string;
  readonly to: string;
  readonly dotted: boolean;
  readonly label: readonly string[];
}

export interface MermaidFlowchart {
  readonly nodes: ReadonlyMap<string, MermaidNode>;
  readonly edges: readonly MermaidEdge[];
  /** Subgraph id → its parent (undefined at the top). */
  readonly subgraphs: ReadonlyMap<string, string | undefined>;
  /** class name → node ids. */
  readonly classes: ReadonlyMap<string, readonly string[]>;
}

const decode = (text: string): string[] =>
  text.split("<br/>").map((l) =>
    l
      .replace(/#quot;/g, '"')
      .replace(/#lt;/g, "<")
      .replace(/#gt;/g, ">")
      .replace(/#35;/g, "#"),
  );

const ID = "[A-Za-z][A-Za-z0-9_]*";
const NODE = new RegExp(`^(${ID})(\\["|\\[\\("|\\(\\[")(.*?)("\\]|"\\)\\]|"\\]\\))$`);
const EDGE = new RegExp(`^(${ID}) (-->|-\\.->)(?:\\|"(.*?)"\\|)? (${ID})$`);
const SUBGRAPH = new RegExp(`^subgraph (${ID})\\["(.*)"\\]$`);

export function parseFlowchart(text: string): MermaidFlowchart {
  const lines = text.split("\n");
  if (lines[0] !== "flowchart LR") throw new Error(`not a flowchart: ${lines[0]}`);
  const nodes = new Map<string, MermaidNode>();
  const edges: MermaidEdge[] = [];
  const subgraphs = new Map<string, string | undefined>();
  const classes = new Map<string, string[]>();
  const stack: string[] = [];
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = SUBGRAPH.exec(line))) {
      if (subgraphs.has(m[1]) || nodes.has(m[1])) throw new Error(`duplicate id ${m[1]}`);
      subgraphs.set(m[1], stack[stack.length - 1]);
      stack.push(m[1]);
    } else if (line === "end") {
      if (!stack.pop()) throw new Error("end without subgraph");
    } else if ((m = NODE.exec(line))) {
      const shape = m[2] === '["' ? "box" : m[2] === '[("' ? "cylinder" : "stadium";
      const close = { box: '"]', cylinder: '")]', stadium: '"])' }[shape];
      if (m[4] !== close) throw new Error(`mismatched brackets: ${line}`);
      if (nodes.has(m[1]) || subgraphs.has(m[1])) throw new Error(`duplicate id ${m[1]}`);
      nodes.set(m[1], { id: m[1], shape, lines: decode(m[3]), subgraph: stack[stack.length - 1] });
    } else if ((m = EDGE.exec(line))) {
      edges.push({ from: m[1], dotted: m[2] === "-.->", label: m[3] === undefined ? [] : decode(m[3]), to: m[4] });
    } else if ((m = /^classDef \w+ .+$/.exec(line))) {
      // styles only
    } else if ((m = new RegExp(`^class ((?:${ID},)*${ID}) (\\w+)$`).exec(line))) {
      classes.set(m[2], [...(classes.get(m[2]) ?? []), ...m[1].split(",")]);
    } else {
      throw new Error(`line outside the emitted subset: ${JSON.stringify(raw)}`);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed subgraph ${stack.join(" > ")}`);
  for (const e of edges) {
    for (const end of [e.from, e.to]) if (!nodes.has(end) && !subgraphs.has(end)) throw new Error(`edge ${e.from} → ${e.to}: ${end} is not declared`);
  }
  return { nodes, edges, subgraphs, classes };
}

/** Whether `node` sits inside `subgraph` (at any depth). */
export function isInside(chart: MermaidFlowchart, node: string, subgraph: string): boolean {
  for (let s = chart.nodes.get(node)?.subgraph; s !== undefined; s = chart.subgraphs.get(s)) if (s === subgraph) return true;
  return false;
}

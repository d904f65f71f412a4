// Parses Mermaid diagrams with mermaid's own parser: node __tests__/support/mermaid-parse.mjs
// reads a JSON array of diagram texts on stdin and prints a JSON array of results
// ({ "type": "flowchart-v2" } or { "error": "…" }). mermaid is ESM-only and needs a DOM for
// DOMPurify (happy-dom); a child process keeps both out of jest's CommonJS workers.
import process from "node:process";
import { Window } from "happy-dom";

const window = new Window();
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ type: parsed.diagramType });
  } catch (err) {
    results.push({ error: String(err?.message ?? err) });
  }
}
process.stdout.write(JSON.stringify(results));
await window.happyDOM.close();

import { readFileSync } from "fs";
import { join } from "path";
import { defaultConfigDiagram } from "../../src/diagram/cli";
import { README_MARKER, readmeDiagram, withReadmeDiagram } from "../../src/diagram/readme";
import { parseFlowchart } from "./mermaid-text";

describe("README's Architecture diagram", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

  it("is the generated diagram of the default config's prod stack (run `npm run diagram -- --readme` when this fails)", () => {
    // GIVEN README / WHEN the default config is synthesized and drawn / THEN README's copy is identical, marked as generated
    expect(readmeDiagram(readme)).toBe(defaultConfigDiagram());
    expect(readme).toContain(`${README_MARKER}\n\`\`\`mermaid\n`);
    expect(parseFlowchart(readmeDiagram(readme)).nodes.has("svc_orders")).toBe(true);
  });

  it("is replaced in place: only the Architecture block changes, once, and the marker is not repeated", () => {
    // GIVEN a README with another mermaid block after the Architecture section
    const doc = "# X\n\n## Architecture\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\ntext\n\n## Other\n\n```mermaid\nflowchart LR\n  c --> d\n```\n";
    // WHEN replaced twice
    const once = withReadmeDiagram(doc, "flowchart LR\n  x --> y");
    const twice = withReadmeDiagram(once, "flowchart LR\n  x --> y");
    // THEN the Architecture block is the new text, the other block untouched, the marker there once
    expect(readmeDiagram(once)).toBe("flowchart LR\n  x --> y");
    expect(once).toContain("```mermaid\nflowchart LR\n  c --> d\n```");
    expect(twice).toBe(once);
    expect(once.split(README_MARKER).length).toBe(2);
  });

  it("refuses a README without an Architecture diagram", () => {
    expect(() => readmeDiagram("# X\n\n## Architecture\n\ntext\n\n## Next\n\n```mermaid\nflowchart LR\n```\n")).toThrow(/no ```mermaid block/);
  });
});

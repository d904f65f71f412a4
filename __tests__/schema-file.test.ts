import { readFileSync } from "fs";
import { join } from "path";
import { configJsonSchema, configJsonSchemaText } from "../src/config/json-schema";

describe("infra.schema.json", () => {
  it("is what `npm run schema` generates from the zod schema (regenerate when this fails)", () => {
    // GIVEN the committed schema / WHEN regenerated / THEN identical
    const committed = readFileSync(join(__dirname, "..", "infra.schema.json"), "utf8");
    expect(committed).toBe(configJsonSchemaText());
  });

  it("rejects unknown keys and requires nothing at the top level", () => {
    // GIVEN / WHEN the generated schema / THEN no unknown key, nothing required
    const schema = configJsonSchema() as { additionalProperties: boolean; required?: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toBeUndefined();
  });

  it("carries the schema's descriptions, so editors explain each key on hover", () => {
    // GIVEN / WHEN the generated schema / THEN top-level and service keys are described
    const schema = configJsonSchema() as {
      properties: Record<string, { description?: string; items?: { properties: Record<string, { description?: string }> } }>;
    };
    expect(schema.properties.project.description).toMatch(/prefixes every physical name/);
    expect(schema.properties.services.items!.properties.pathPrefix.description).toMatch(/path prefix/i);
  });

  it("describes every property, and every value states its default or that it is required", () => {
    // GIVEN every property of the generated schema, at any depth (array items and unions included)
    const properties = schemaProperties(configJsonSchema());
    // (an environment's settings are one schema since the map is open: about 145 in all)
    expect(properties.length).toBeGreaterThan(120);
    // WHEN we list those without a description, and the values (not objects of settings) that do not say their default
    const undescribed = properties.filter((p) => !p.schema.description?.trim()).map((p) => p.path);
    const noDefault = properties.filter((p) => !p.schema.properties && !/default|required/i.test(p.schema.description ?? "")).map((p) => p.path);
    // THEN there are none: editors show the description on hover (fix in src/config/schema.ts with .describe(), then `npm run schema`)
    expect(undescribed).toEqual([]);
    expect(noDefault).toEqual([]);
  });

  it("keeps a service's and a job's own required keys, and a service's per exposure", () => {
    // GIVEN / WHEN the generated schema
    const schema = configJsonSchema() as {
      properties: { services: { items: { required: string[]; allOf: unknown[] } }; jobs: { items: { required: string[] } } };
    };
    // THEN a service requires a name, and port and pathPrefix when public (the default), port when internal
    expect(schema.properties.services.items.required).toEqual(["name"]);
    expect(schema.properties.services.items.allOf).toEqual([
      { if: { properties: { expose: { const: "public" } } }, then: { required: ["port", "pathPrefix"] } },
      { if: { properties: { expose: { const: "internal" } }, required: ["expose"] }, then: { required: ["port"] } },
    ]);
    // AND a job requires a name, a schedule and a command
    expect(schema.properties.jobs.items.required).toEqual(["name", "schedule", "command"]);
  });
});

interface JsonSchemaNode {
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode | JsonSchemaNode[];
  additionalProperties?: boolean | JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
}

/** Every property under `node` with its dotted path (`services[].port`, `environments.dev.ecs.preferSpot`). */
function schemaProperties(node: JsonSchemaNode, path = ""): { path: string; schema: JsonSchemaNode }[] {
  const out: { path: string; schema: JsonSchemaNode }[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = path ? `${path}.${key}` : key;
    out.push({ path: childPath, schema: child }, ...schemaProperties(child, childPath));
  }
  const items = node.items === undefined ? [] : Array.isArray(node.items) ? node.items : [node.items];
  for (const item of items) out.push(...schemaProperties(item, `${path}[]`));
  if (node.additionalProperties && typeof node.additionalProperties === "object") out.push(...schemaProperties(node.additionalProperties, `${path}.*`));
  for (const alternative of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) out.push(...schemaProperties(alternative, path));
  return out;
}

import { readFileSync } from "fs";
import { join } from "path";
import { configJsonSchema, configJsonSchemaText } from "../src/config/json-schema";

describe("infra.schema.json", () => {
  it("is what `npm run schema` generates from the zod schema (regenerate when this fails)", () => {
    const committed = readFileSync(join(__dirname, "..", "infra.schema.json"), "utf8");
    expect(committed).toBe(configJsonSchemaText());
  });

  it("rejects unknown keys and requires nothing at the top level", () => {
    const schema = configJsonSchema() as { additionalProperties: boolean; required?: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toBeUndefined();
  });

  it("carries the schema's descriptions, so editors explain each key on hover", () => {
    const schema = configJsonSchema() as { properties: Record<string, { description?: string; items?: { properties: Record<string, { description?: string }> } }> };
    expect(schema.properties.project.description).toMatch(/prefixes every physical name/);
    expect(schema.properties.services.items!.properties.pathPrefix.description).toMatch(/path prefix/i);
  });

  it("keeps a service's own required keys", () => {
    const schema = configJsonSchema() as { properties: { services: { items: { required: string[] } } } };
    expect(schema.properties.services.items.required).toEqual(expect.arrayContaining(["name", "port", "pathPrefix"]));
  });
});

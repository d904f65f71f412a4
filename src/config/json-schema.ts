import { z } from "zod";
import { ENVIRONMENT_NAME_MAX_LENGTH } from "./fields";
import { ConfigSchema } from "./schema";

/**
 * The JSON Schema of a user's `infra.config.json`, generated from the zod schema so
 * the two never disagree. A user's file is merged over the embedded defaults, so no
 * key is required at the top levels; within array items (a service, a suppression)
 * the required keys stay required.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ConfigSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  relaxRequired(schema);
  requireByExposure(schema);
  nameEnvironments(schema);
  return { ...schema, title: "infra.config.json", description: "Settings of the platform; every key has a default (see README)." };
}

function relaxRequired(node: unknown): void {
  if (!node || typeof node !== "object") return;
  const obj = node as Record<string, unknown>;
  if (obj.type === "object") delete obj.required;
  for (const [key, value] of Object.entries(obj)) {
    // Items of arrays keep their required keys: a service needs a name, a job name, schedule, command.
    if (key === "items") continue;
    if (Array.isArray(value)) value.forEach(relaxRequired);
    else relaxRequired(value);
  }
}

/**
 * The keys a service's exposure requires, which zod checks in a refinement and so cannot
 * export: a public service (`expose` absent or `public`) needs port and pathPrefix, an
 * internal one a port. Editors then flag a missing key as they type; what an exposure
 * forbids is left to the loader, whose messages say why.
 */
function requireByExposure(schema: Record<string, unknown>): void {
  const services = (schema.properties as Record<string, { items: Record<string, unknown> }>).services;
  services.items.allOf = [
    { if: { properties: { expose: { const: "public" } } }, then: { required: ["port", "pathPrefix"] } },
    { if: { properties: { expose: { const: "internal" } }, required: ["expose"] }, then: { required: ["port"] } },
  ];
}

/**
 * Environment names (the keys of `environments` and of `services[].overrides`), which the
 * schema checks in a refinement: editors then flag a name no stack could take.
 */
function nameEnvironments(schema: Record<string, unknown>): void {
  const properties = schema.properties as Record<string, Record<string, unknown> & { items?: { properties: Record<string, Record<string, unknown>> } }>;
  const names = { pattern: `^[a-z](?:[a-z0-9-]{0,${ENVIRONMENT_NAME_MAX_LENGTH - 2}}[a-z0-9])?$`, not: { const: "bootstrap" } };
  properties.environments.propertyNames = names;
  properties.environments.minProperties = 1;
  properties.services.items!.properties.overrides.propertyNames = names;
}

/** The committed file's text: stable formatting, trailing newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

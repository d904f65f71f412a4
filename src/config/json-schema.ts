import { z } from "zod";
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
  return { ...schema, title: "infra.config.json", description: "Settings of the platform; every key has a default (see README)." };
}

function relaxRequired(node: unknown): void {
  if (!node || typeof node !== "object") return;
  const obj = node as Record<string, unknown>;
  if (obj.type === "object") delete obj.required;
  for (const [key, value] of Object.entries(obj)) {
    // Items of arrays keep their required keys: a service needs name, port, pathPrefix.
    if (key === "items") continue;
    if (Array.isArray(value)) value.forEach(relaxRequired);
    else relaxRequired(value);
  }
}

/** The committed file's text: stable formatting, trailing newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

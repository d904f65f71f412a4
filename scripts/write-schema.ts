// Writes infra.schema.json from the zod schema (`npm run schema`). A test fails when it is stale.
import { writeFileSync } from "fs";
import { join } from "path";
import { configJsonSchemaText } from "../src/config/json-schema";

const path = join(__dirname, "..", "infra.schema.json");
writeFileSync(path, configJsonSchemaText());
process.stdout.write(`wrote ${path}\n`);

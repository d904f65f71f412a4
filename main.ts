import { App } from "cdktf";
import { ConfigError, loadConfig } from "./src/config";
import { buildPlatform } from "./src/app";
import { removeStaleStackFiles } from "./src/app-output";

// Validate the whole config before any construct exists: a bad config writes no stack.
let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

// No fixed outdir: `cdktf synth --output DIR` passes it through the environment.
const app = new App();
buildPlatform(app, config);
app.synth();
removeStaleStackFiles(app);

import { App } from "cdktf";
import { buildPlatform } from "./src/app";
import { describeLoadedConfig, loadConfigWithSource } from "./src/config";
import { reportFatal } from "./src/fatal";
import { removeStaleStackFiles } from "./src/app-output";

try {
  // Validate the whole config before any construct exists: a bad config writes no stack.
  const loaded = loadConfigWithSource();
  const { config } = loaded;
  // stdout: cdktf shows the app's stdout (it keeps stderr for failures only).
  process.stdout.write(`${describeLoadedConfig(loaded)}\n`);
  // No fixed outdir: `cdktf synth --output DIR` passes it through the environment.
  const app = new App();
  buildPlatform(app, config);
  app.synth();
  // One format per stack folder: a stale cdk.tf beside cdk.tf.json (or the reverse) breaks diff/deploy.
  removeStaleStackFiles(app);
} catch (err) {
  process.exitCode = reportFatal(err);
}

import { App } from "cdktf";
import { PlatformConfig, resolveEnvironment } from "./config";
import { PlatformStack } from "./stacks/platform-stack";
import { placeholdersOf } from "./config/defaults";
import { addPlaceholderCheck } from "./stacks/placeholder-check";
import { StateBootstrapStack } from "./stacks/state-bootstrap-stack";

/** The stacks of one app: `bootstrap` plus one {@link PlatformStack} per environment. */
export interface PlatformApp {
  readonly bootstrap: StateBootstrapStack;
  /** The environments' stacks by name, in the config's order. */
  readonly environments: Readonly<Record<string, PlatformStack>>;
}

/** Adds every stack of the platform to `app`, from a validated config. */
export function buildPlatform(app: App, config: PlatformConfig): PlatformApp {
  const bootstrap = new StateBootstrapStack(app, "bootstrap", { config });
  const environments = Object.fromEntries(
    Object.keys(config.environments).map((envName) => [envName, new PlatformStack(app, envName, { env: resolveEnvironment(config, envName) })]),
  );
  // Example values would deploy nowhere real: every affected stack's plan says so.
  const placeholders = placeholdersOf(config);
  addPlaceholderCheck(
    bootstrap,
    placeholders.filter((p) => p.affects !== "environments"),
  );
  for (const stack of Object.values(environments))
    addPlaceholderCheck(
      stack,
      placeholders.filter((p) => p.affects !== "bootstrap"),
    );
  return { bootstrap, environments };
}

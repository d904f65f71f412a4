import { App } from "cdktf";
import { ENVIRONMENT_NAMES, PlatformConfig, resolveEnvironment } from "./config";
import { PlatformStack } from "./stacks/platform-stack";
import { StateBootstrapStack } from "./stacks/state-bootstrap-stack";

/** The stacks of one app: `bootstrap` plus one {@link PlatformStack} per environment. */
export interface PlatformApp {
  readonly bootstrap: StateBootstrapStack;
  readonly environments: Readonly<Record<(typeof ENVIRONMENT_NAMES)[number], PlatformStack>>;
}

/** Adds every stack of the platform to `app`, from a validated config. */
export function buildPlatform(app: App, config: PlatformConfig): PlatformApp {
  const bootstrap = new StateBootstrapStack(app, "bootstrap", { config });
  const environments = Object.fromEntries(
    ENVIRONMENT_NAMES.map((envName) => [envName, new PlatformStack(app, envName, { env: resolveEnvironment(config, envName) })]),
  ) as unknown as PlatformApp["environments"];
  return { bootstrap, environments };
}

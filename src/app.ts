import { App } from "cdktf";
import { PlatformConfig, resolveEnvironment } from "./config";
import { PlatformStack } from "./stacks/platform-stack";
import { placeholdersOf } from "./config/defaults";
import { addPlaceholderCheck } from "./stacks/placeholder-check";
import { StateBootstrapStack } from "./stacks/state-bootstrap-stack";
import { AccountBootstrapStack } from "./stacks/account-bootstrap-stack";
import { accountsOf } from "./stacks/accounts";

/** The stacks of one app: `bootstrap`, a `bootstrap-<account>` per other account, and one {@link PlatformStack} per environment. */
export interface PlatformApp {
  /** The state bucket's stack, with the account-wide resources of the state account (or of the only account). */
  readonly bootstrap: StateBootstrapStack;
  /** The bootstrap stack of every other account the config names, by account id (none in a single-account setup). */
  readonly accountBootstraps: Readonly<Record<string, AccountBootstrapStack>>;
  /** The environments' stacks by name, in the config's order. */
  readonly environments: Readonly<Record<string, PlatformStack>>;
}

/** Adds every stack of the platform to `app`, from a validated config. */
export function buildPlatform(app: App, config: PlatformConfig): PlatformApp {
  const [state, ...others] = accountsOf(config).bootstraps;
  const bootstrap = new StateBootstrapStack(app, state.stackName, {
    config,
    ...(state.account !== undefined ? { account: state.account } : {}),
    environments: state.environments,
  });
  const accountBootstraps = Object.fromEntries(
    others.map((b) => [b.account, new AccountBootstrapStack(app, b.stackName, { config, account: b.account, environments: b.environments })]),
  );
  const environments = Object.fromEntries(
    Object.keys(config.environments).map((envName) => [envName, new PlatformStack(app, envName, { env: resolveEnvironment(config, envName) })]),
  );
  // Example values would deploy nowhere real: every affected stack's plan says so.
  const placeholders = placeholdersOf(config);
  for (const stack of [bootstrap, ...Object.values(accountBootstraps)])
    addPlaceholderCheck(
      stack,
      placeholders.filter((p) => p.affects !== "environments"),
    );
  for (const stack of Object.values(environments))
    addPlaceholderCheck(
      stack,
      placeholders.filter((p) => p.affects !== "bootstrap"),
    );
  return { bootstrap, accountBootstraps, environments };
}

import { PlatformConfig } from "../config";
import { roleAccountOf } from "../core/aws-facts";

/** One bootstrap stack: where it deploys and whose account-wide resources it holds. */
export interface BootstrapPlan {
  /** `bootstrap` (the state bucket's stack), or `bootstrap-<account>`. */
  readonly stackName: string;
  /** Its account, when the config names it (its provider is then pinned to it). */
  readonly account?: string;
  /** Whether it holds the state bucket, its key and logs, and the state role. */
  readonly holdsState: boolean;
  /**
   * The environments, in config order, whose account-wide resources (API Gateway's
   * CloudWatch role, the pipeline's roles) it holds: those of its account, and for
   * `bootstrap` also those that name no account.
   */
  readonly environments: readonly string[];
}

/** The bootstrap of an account other than the state's: its account is always known. */
export interface AccountBootstrapPlan extends BootstrapPlan {
  readonly account: string;
  readonly holdsState: false;
}

/** The accounts a config names and the bootstrap stack of each. */
export interface AccountPlan {
  /**
   * The state bucket's account: `state.roleArn`'s, else the one account the environments
   * name, else unknown (a single-account setup that names none).
   */
  readonly stateAccount?: string;
  /** Every account the config names: the environments' and `state.roleArn`'s, each once. */
  readonly accounts: readonly string[];
  /** `bootstrap` first, then one `bootstrap-<account>` per other account, in config order. */
  readonly bootstraps: readonly [BootstrapPlan, ...AccountBootstrapPlan[]];
}

/**
 * The account layout of a config (issue 14, "Bootstrap"). With at most one account named,
 * `bootstrap` holds everything, as it always did. With several, `bootstrap` lives in the
 * state account and every other account gets a `bootstrap-<account>` stack for its own
 * account-wide resources. The config guarantees `state.roleArn` then (checkAccounts).
 */
export function accountsOf(config: PlatformConfig): AccountPlan {
  const names = Object.keys(config.environments);
  const envAccount = (env: string) => config.environments[env].account;
  const envAccounts = [...new Set(names.map(envAccount).filter((a): a is string => a !== undefined))];
  const roleAccount = config.state.roleArn === undefined ? undefined : roleAccountOf(config.state.roleArn);
  const accounts = [...new Set([...(roleAccount ? [roleAccount] : []), ...envAccounts])];
  const stateAccount = roleAccount ?? (envAccounts.length === 1 ? envAccounts[0] : undefined);
  if (accounts.length <= 1) {
    return {
      stateAccount,
      accounts,
      bootstraps: [{ stackName: "bootstrap", ...(accounts[0] ? { account: accounts[0] } : {}), holdsState: true, environments: names }],
    };
  }
  if (stateAccount === undefined) {
    // The schema refuses this (state.roleArn is required with several accounts).
    throw new Error(`accountsOf: environments name several accounts (${accounts.join(", ")}) but state.roleArn is not set`);
  }
  const inState = (env: string) => envAccount(env) === undefined || envAccount(env) === stateAccount;
  return {
    stateAccount,
    accounts,
    bootstraps: [
      { stackName: "bootstrap", account: stateAccount, holdsState: true, environments: names.filter(inState) },
      ...accounts
        .filter((a) => a !== stateAccount)
        .map((account): AccountBootstrapPlan => ({
          stackName: accountBootstrapName(account),
          account,
          holdsState: false,
          environments: names.filter((env) => envAccount(env) === account),
        })),
    ],
  };
}

/** The bootstrap stack of an account other than the state's: `bootstrap-<account>`. */
export function accountBootstrapName(account: string): string {
  return `bootstrap-${account}`;
}

/** The environments the pipeline deploys (`ci.github.environments`, default all), in config order; none without `ci.github`. */
export function pipelineEnvironments(config: PlatformConfig): readonly string[] {
  const github = config.ci.github;
  if (github === undefined) return [];
  const listed = github.environments ?? Object.keys(config.environments);
  return Object.keys(config.environments).filter((env) => listed.includes(env));
}

/** Where one environment's state lives in the bucket: `<project>/<env>/terraform.tfstate`. */
export function stateKeyOf(project: string, stackName: string): string {
  return `${project}/${stackName}/terraform.tfstate`;
}

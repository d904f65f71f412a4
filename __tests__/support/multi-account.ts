import { loadConfig, PlatformConfig } from "../../src/config";

/**
 * Issue 14's acceptance layout as a user's file: dev, qa (staging profile) and prod (its own
 * region) each in an account of its own, the state bucket in a fourth one reached through
 * `state.roleArn`, and the pipeline (`ci.github`) deploying all three. The file's
 * `environments` is the whole map (no built-in environment is kept).
 */
export const MULTI_ACCOUNT = {
  project: "acme",
  state: { bucket: "acme-terraform-state", roleArn: "arn:aws:iam::444444444444:role/terraform/acme-state" },
  environments: {
    dev: { account: "111111111111" },
    qa: { profile: "staging", account: "222222222222" },
    prod: { account: "333333333333", region: "us-east-1" },
  },
  ci: { github: { repository: "acme/platform" } },
} as const;

/** The account of each environment in {@link MULTI_ACCOUNT}, and the state's. */
export const ACCOUNTS = { dev: "111111111111", qa: "222222222222", prod: "333333333333", state: "444444444444" } as const;

/** One account for all, the state bucket in it (no state role), the pipeline deploying staging and prod. */
export const SINGLE_ACCOUNT_PIPELINE = {
  project: "acme",
  state: { bucket: "acme-terraform-state" },
  environments: { dev: { account: "111111111111" }, staging: { account: "111111111111" }, prod: { account: "111111111111" } },
  ci: { github: { repository: "acme/platform", environments: ["staging", "prod"] } },
} as const;

/** A user's file loaded as is: its `environments` replaces the default map. */
export function fileConfig(file: unknown): PlatformConfig {
  return loadConfig({ overrides: JSON.parse(JSON.stringify(file)), env: {} });
}

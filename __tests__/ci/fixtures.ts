import { LoadedConfig, loadConfigWithSource } from "../../src/config";

/** Accounts of the multi-account fixture: one per environment, the state bucket in a fourth. */
export const ACCOUNTS = { dev: "111111111111", qa: "222222222222", prod: "333333333333", state: "999988887777" } as const;

/**
 * The acceptance config, as a user's file: dev, qa (profile staging) and prod (its
 * own region), each in its own account, delivered by GitHub Actions; services named with a
 * dash, a job with its own image and one that runs a service's. `ciGithub` is the
 * `ci.github` block, `null` for none.
 */
export function pipelineConfigFile(ciGithub: object | null = { repository: "acme/platform" }): Record<string, unknown> {
  return {
    state: { roleArn: `arn:aws:iam::${ACCOUNTS.state}:role/platform-state` },
    environments: {
      dev: { account: ACCOUNTS.dev },
      qa: { profile: "staging", account: ACCOUNTS.qa },
      prod: { account: ACCOUNTS.prod, region: "us-east-1" },
    },
    services: [
      { name: "orders", port: 8080, pathPrefix: "/orders" },
      { name: "order-history", port: 8080, pathPrefix: "/history" },
    ],
    jobs: [
      { name: "nightly-report", schedule: "cron(0 3 * * ? *)", command: ["node", "report.js"] },
      { name: "cleanup", service: "orders", schedule: "rate(1 day)", command: ["node", "cleanup.js"] },
    ],
    ...(ciGithub === null ? {} : { ci: { github: ciGithub } }),
  };
}

/** A user's file (default {@link pipelineConfigFile}) loaded as the CLI loads one. */
export function loadPipelineConfig(file: Record<string, unknown> = pipelineConfigFile()): LoadedConfig {
  return loadConfigWithSource({ overrides: file });
}

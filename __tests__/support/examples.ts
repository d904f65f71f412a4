import { readFileSync } from "fs";
import { join } from "path";
import { loadConfig, PlatformConfig } from "../../src/config";

/** README's example of every workload kind, as a user's config file (`examples/workloads.config.json`). */
export const WORKLOADS_EXAMPLE: unknown = JSON.parse(readFileSync(join(__dirname, "..", "..", "examples", "workloads.config.json"), "utf8"));

/** README's example of the REST flavor: client profiles and API keys, the NLB, a blue/green service (`examples/rest.config.json`). */
export const REST_EXAMPLE: unknown = JSON.parse(readFileSync(join(__dirname, "..", "..", "examples", "rest.config.json"), "utf8"));

/** README's example of EC2 capacity: catalog on EC2 in staging (Spot instances) and prod (`examples/ec2.config.json`). */
export const EC2_EXAMPLE: unknown = JSON.parse(readFileSync(join(__dirname, "..", "..", "examples", "ec2.config.json"), "utf8"));

/** An example loaded as a user's file is: its `environments` is the whole map. */
export function exampleConfig(example: unknown): PlatformConfig {
  return loadConfig({ overrides: example, env: {} });
}

/** README's multi-account example: dev, qa (staging profile) and prod (us-east-1), each in its account; state in a fourth; the pipeline (`examples/accounts.config.json`). */
export const ACCOUNTS_EXAMPLE: unknown = JSON.parse(readFileSync(join(__dirname, "..", "..", "examples", "accounts.config.json"), "utf8"));

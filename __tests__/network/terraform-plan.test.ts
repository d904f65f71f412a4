import { DataResource } from "cdktf";
import { ENVIRONMENT_NAMES, EnvironmentName } from "../../src/config";
import { PlatformKey } from "../../src/core/platform-key";
import { Network } from "../../src/network/network";
import { synthJson, testEnv, testStack } from "../support/test-stack";
import { awsPart, TerraformResult, planTogether, describeWithTerraform } from "../support/terraform";
import { networkPropsFor } from "./support";

/**
 * Each environment's default network, plus a `none` variant without interface endpoints.
 * Each also has a resource that waits for the network's egress (as ECS services do), so
 * validate checks every address in `egressDependencies`.
 */
const CASES: Record<string, () => ReturnType<typeof testStack>> = {
  ...Object.fromEntries(
    ENVIRONMENT_NAMES.map((envName: EnvironmentName) => [
      envName,
      () => {
        const env = testEnv(envName);
        const stack = testStack(envName);
        const key = new PlatformKey(stack, "key", { naming: { project: env.project, envName }, region: env.region });
        const network = new Network(stack, "network", networkPropsFor(env, key.keyArn));
        new DataResource(stack, "waits-for-egress", { dependsOn: network.egressDependencies });
        return stack;
      },
    ]),
  ),
  "none without endpoints": () => {
    const env = testEnv("dev");
    const stack = testStack("none");
    const key = new PlatformKey(stack, "key", { naming: { project: env.project, envName: "dev" }, region: env.region });
    const network = new Network(stack, "network", {
      ...networkPropsFor(env, key.keyArn),
      natGateways: "none",
      interfaceEndpoints: [],
      enableExecuteCommand: false,
    });
    new DataResource(stack, "waits-for-egress", { dependsOn: network.egressDependencies });
    return stack;
  },
};

describeWithTerraform("Network: terraform validate + plan", () => {
  const results: Record<string, TerraformResult> = {};

  beforeAll(async () => {
    // All cases in one terraform run, one module each: the provider starts once.
    Object.assign(results, await planTogether(Object.fromEntries(Object.keys(CASES).map((name) => [name, awsPart(synthJson(CASES[name]()))]))));
  });

  it.each(Object.keys(CASES))("%s: the network validates and plans offline", (name) => {
    // GIVEN the network of one environment (with its KMS key) in a stack
    // WHEN terraform validates and plans its AWS part
    const result = results[name];
    // THEN both succeed and the plan creates resources
    if (!result.ok) throw new Error(`${name}: ${result.error}`);
    console.log(`${name}: plan adds ${result.toAdd} resources`);
    expect(result.ok).toBe(true);
    expect(result.toAdd).toBeGreaterThan(0);
  });
});

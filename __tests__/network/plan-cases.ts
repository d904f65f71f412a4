import { DataResource } from "cdktf";
import { PROFILE_NAMES, EnvironmentName } from "../../src/config";
import { PlatformKey } from "../../src/core/platform-key";
import { Network } from "../../src/network/network";
import { PlanCase, planned } from "../support/terraform";
import { synthJson, testEnv, testStack } from "../support/test-stack";
import { endpointsStack, EXPECTED_SERVICE_NAMES } from "./endpoint-cases";
import { networkPropsFor } from "./support";

/**
 * Each environment's default network, plus a `none` variant without interface endpoints.
 * Each also has a resource that waits for the network's egress (as ECS services do), so
 * validate checks every address in `egressDependencies`.
 */
const NETWORKS: Record<string, () => ReturnType<typeof testStack>> = {
  ...Object.fromEntries(
    PROFILE_NAMES.map((envName: EnvironmentName) => [
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

/** The `service_name` values of a plan's output, sorted. */
function plannedServiceNames(planOutput: string): string[] {
  return [...planOutput.matchAll(/\+ service_name\s+= "([^"]+)"/g)].map((m) => m[1]).sort();
}

export const NETWORK_PLAN_CASES: readonly PlanCase[] = [
  ...Object.keys(NETWORKS).map((name): PlanCase => ({
    title: `${name}: the network validates and plans offline`,
    // GIVEN the network of one environment (with its KMS key) in a stack
    given: () => synthJson(NETWORKS[name]()),
    // THEN terraform validates and plans it, and the plan creates resources
    then: (result) => {
      const { toAdd } = planned(name, result);
      console.log(`network ${name}: plan adds ${toAdd} resources`);
      expect(toAdd).toBeGreaterThan(0);
    },
  })),
  ...["cn-north-1", "eu-west-1"].map((region): PlanCase => ({
    title: `${region}: the partition from the provider's region gives the endpoint service names AWS uses`,
    // GIVEN the endpoints in a stack whose provider is in `region`
    given: () => synthJson(endpointsStack(region)),
    // THEN (data.aws_partition needs no API call) every planned service name is the literal AWS name
    then: (result) => expect(plannedServiceNames(planned(region, result).planOutput!)).toEqual(Object.values(EXPECTED_SERVICE_NAMES[region]).sort()),
  })),
];

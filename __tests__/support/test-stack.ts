import { Construct } from "constructs";
import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { ServiceRole } from "../../src/core/service-role";
import { EnvironmentConfig, EnvironmentName, resolveEnvironment } from "../../src/config";
import { NetworkRef } from "../../src/network/network-ref";
import { TfJson, testConfig } from "./synth";

/** A stack with an AWS provider, for construct tests. */
export function testStack(id = "test"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

/** One environment of the default config (with `overrides` merged over the defaults). */
export function testEnv(envName: EnvironmentName = "prod", overrides: unknown = {}): EnvironmentConfig {
  return resolveEnvironment(testConfig(overrides), envName);
}

/**
 * A small real network (VPC, two subnets per tier, an endpoint group) so constructs
 * under test reference real resources and the stack still plans.
 */
export function fakeNetwork(stack: TerraformStack): NetworkRef {
  const vpc = new Vpc(stack, "fake-vpc", { cidrBlock: "10.0.0.0/16" });
  const subnet = (name: string, i: number, third: number) =>
    new Subnet(stack, `fake-${name}-${i}`, {
      vpcId: vpc.id,
      cidrBlock: `10.0.${third + i}.0/24`,
      availabilityZone: `eu-west-1${"ab"[i]}`,
    }).id;
  const endpointsSg = new SecurityGroup(stack, "fake-endpoints", { vpcId: vpc.id, description: "fake endpoints" });
  return {
    vpcId: vpc.id,
    vpcCidr: "10.0.0.0/16",
    azs: ["eu-west-1a", "eu-west-1b"],
    publicSubnetIds: [0, 1].map((i) => subnet("public", i, 0)),
    privateSubnetIds: [0, 1].map((i) => subnet("private", i, 10)),
    databaseSubnetIds: [0, 1].map((i) => subnet("database", i, 20)),
    endpoints: { node: endpointsSg.node, securityGroupId: endpointsSg.id },
    egressDependencies: [],
  };
}

/** The synthesized JSON of a stack, parsed. */
export function synthJson(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack));
}

/** A role ECS tasks assume, as grant tests need a grantee: named `name`, by default `platform-prod-<id>`. */
export function ecsTaskRole(scope: Construct, id: string, name = `platform-prod-${id}`): ServiceRole {
  return new ServiceRole(scope, id, { name, description: `test role ${name}`, servicePrincipal: "ecs-tasks.amazonaws.com" });
}

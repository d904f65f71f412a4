import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { TerraformOutput, Testing } from "cdktf";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { PrivateNamespace } from "../../src/discovery/private-namespace";
import { fakeNetwork, synthJson, testStack } from "../support/test-stack";
import { ref, refOf, resources } from "../support/synth";

describe("PrivateNamespace", () => {
  const build = (naming = { project: "platform", envName: "prod" }) => {
    const stack = testStack();
    const network = fakeNetwork(stack);
    const namespace = new PrivateNamespace(stack, "namespace", { naming, vpcId: network.vpcId });
    return { stack, namespace };
  };

  it("creates <env>.<project>.internal in the VPC", () => {
    // GIVEN / WHEN a namespace for prod
    const { stack, namespace } = build();
    // THEN one private DNS namespace with that name, in the fake VPC
    const synthesized = Testing.synth(stack);
    expect(Object.keys(resources(JSON.parse(synthesized), "aws_service_discovery_private_dns_namespace"))).toEqual([namespace.namespace.friendlyUniqueId]);
    expect(synthesized).toHaveResourceWithProperties(ServiceDiscoveryPrivateDnsNamespace, {
      name: "prod.platform.internal",
      vpc: ref("aws_vpc", "fake-vpc", "id"),
      description: expect.stringMatching(/platform prod/),
    });
  });

  it("exposes the name literally and the id, ARN and hosted zone as references", () => {
    // GIVEN a namespace whose attributes feed outputs
    const { stack, namespace } = build({ project: "shop", envName: "dev" });
    new TerraformOutput(stack, "id", { value: namespace.namespaceId });
    new TerraformOutput(stack, "arn", { value: namespace.namespaceArn });
    new TerraformOutput(stack, "zone", { value: namespace.hostedZoneId });
    // WHEN synthesized
    const json = synthJson(stack);
    // THEN the name is a literal and the rest reference the namespace resource
    const r = (attr: string) => refOf(namespace.namespace, attr);
    expect(namespace.namespaceName).toBe("dev.shop.internal");
    expect(json.output.id.value).toBe(r("id"));
    expect(json.output.arn.value).toBe(r("arn"));
    expect(json.output.zone.value).toBe(r("hosted_zone"));
  });

  it("rejects a project that is not a DNS label, naming the prop", () => {
    // GIVEN a project that is not a DNS label, WHEN built, THEN it throws, naming the prop
    expect(() => build({ project: "My_Project", envName: "prod" })).toThrow(/namespace: naming.project must be a lowercase DNS label .* got "My_Project"/);
  });

  it("rejects an env name that is not a DNS label", () => {
    // GIVEN an env name that is not a DNS label, WHEN built, THEN it throws
    expect(() => build({ project: "platform", envName: "prod-" })).toThrow(/naming.envName must be a lowercase DNS label .* got "prod-"/);
  });
});

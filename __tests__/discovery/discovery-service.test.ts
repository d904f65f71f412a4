import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { TerraformOutput, Testing } from "cdktf";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { DiscoveryService, DiscoveryServiceProps } from "../../src/discovery/discovery-service";
import { PrivateNamespace } from "../../src/discovery/private-namespace";
import { refOf, resourceOf } from "../support/synth";
import { fakeNetwork, synthJson, testStack } from "../support/test-stack";

describe("DiscoveryService", () => {
  const build = (props: Partial<DiscoveryServiceProps> = {}) => {
    const stack = testStack();
    const network = fakeNetwork(stack);
    const namespace = new PrivateNamespace(stack, "namespace", { naming: { project: "platform", envName: "prod" }, vpcId: network.vpcId });
    const discovery = new DiscoveryService(stack, "orders", { namespace, name: "orders", ...props });
    return { stack, namespace, discovery };
  };

  it("registers SRV records with MULTIVALUE routing in the namespace", () => {
    // GIVEN / WHEN a discovery service with the defaults
    const { stack, namespace } = build();
    // THEN SRV (the API needs the port), TTL 10, MULTIVALUE, in the namespace by reference
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ServiceDiscoveryService, {
      name: "orders",
      dns_config: {
        namespace_id: refOf(namespace.namespace, "id"),
        routing_policy: "MULTIVALUE",
        dns_records: [{ type: "SRV", ttl: 10 }],
      },
    });
  });

  it("takes health from ECS (custom config, threshold 1) and can be destroyed with leftover registrations", () => {
    // GIVEN / WHEN a discovery service with the defaults
    const { stack, discovery } = build();
    const svc = resourceOf(synthJson(stack), discovery.service);
    // THEN ECS reports health and leftover registrations do not block destroy
    expect(svc.health_check_custom_config).toEqual({ failure_threshold: 1 });
    expect(svc.health_check_config).toBeUndefined();
    expect(svc.force_destroy).toBe(true);
    expect(svc.description).toMatch(/orders/);
  });

  it("implements DiscoveryServiceRef: ARN and id by reference, name literally", () => {
    // GIVEN a discovery service whose attributes feed outputs
    const { stack, discovery } = build();
    new TerraformOutput(stack, "arn", { value: discovery.serviceArn });
    new TerraformOutput(stack, "id", { value: discovery.serviceId });
    // WHEN synthesized
    const json = synthJson(stack);
    // THEN they reference the Cloud Map service
    const r = (attr: string) => refOf(discovery.service, attr);
    expect(discovery.serviceName).toBe("orders");
    expect(json.output.arn.value).toBe(r("arn"));
    expect(json.output.id.value).toBe(r("id"));
  });

  it("accepts a custom TTL", () => {
    // GIVEN / WHEN a TTL of 0
    const { stack, discovery } = build({ dnsTtlSeconds: 0 });
    const svc = resourceOf(synthJson(stack), discovery.service);
    // THEN the SRV record carries it
    expect(svc.dns_config.dns_records).toEqual([{ type: "SRV", ttl: 0 }]);
  });

  it("rejects A records, explaining that the API Gateway integration needs the port", () => {
    // GIVEN A records, WHEN built, THEN it throws, explaining that the API Gateway integration needs the port
    expect(() => build({ dnsRecordType: "A" })).toThrow(/orders: dnsRecordType must be "SRV", got "A": A records carry no port: .*AWS_INSTANCE_PORT.*SRV/);
  });

  it("rejects any other record type", () => {
    // GIVEN any other record type, WHEN built, THEN it throws
    expect(() => build({ dnsRecordType: "CNAME" })).toThrow(/dnsRecordType must be "SRV", got "CNAME"/);
  });

  it("rejects a TTL outside 0–3600", () => {
    // GIVEN a TTL outside 0–3600, WHEN built, THEN it throws
    expect(() => build({ dnsTtlSeconds: 86400 })).toThrow(/dnsTtlSeconds must be an integer 0–3600, got 86400/);
  });

  it("rejects a name that is not a DNS label", () => {
    // GIVEN a name that is not a DNS label, WHEN built, THEN it throws
    expect(() => build({ name: "Orders_Service" })).toThrow(/name must be a lowercase DNS label .* got "Orders_Service"/);
  });
});

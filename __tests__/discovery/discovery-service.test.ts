import { TerraformOutput } from "cdktf";
import { DiscoveryService, DiscoveryServiceProps } from "../../src/discovery/discovery-service";
import { PrivateNamespace } from "../../src/discovery/private-namespace";
import { refOf, resources } from "../support/synth";
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
    const { stack, namespace, discovery } = build();
    // THEN SRV (the API needs the port), TTL 10, MULTIVALUE, in the namespace by reference
    const svc = resources(synthJson(stack), "aws_service_discovery_service")[discovery.service.friendlyUniqueId];
    expect(svc.name).toBe("orders");
    expect(svc.dns_config).toEqual({
      namespace_id: `\${aws_service_discovery_private_dns_namespace.${namespace.namespace.friendlyUniqueId}.id}`,
      routing_policy: "MULTIVALUE",
      dns_records: [{ type: "SRV", ttl: 10 }],
    });
  });

  it("takes health from ECS (custom config, threshold 1) and can be destroyed with leftover registrations", () => {
    const { stack, discovery } = build();
    const svc = resources(synthJson(stack), "aws_service_discovery_service")[discovery.service.friendlyUniqueId];
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
    const { stack, discovery } = build({ dnsTtlSeconds: 0 });
    const svc = resources(synthJson(stack), "aws_service_discovery_service")[discovery.service.friendlyUniqueId];
    expect(svc.dns_config.dns_records).toEqual([{ type: "SRV", ttl: 0 }]);
  });

  it("rejects A records, explaining that the API Gateway integration needs the port", () => {
    expect(() => build({ dnsRecordType: "A" })).toThrow(/orders: dnsRecordType must be "SRV", got "A": A records carry no port: .*AWS_INSTANCE_PORT.*SRV/);
  });

  it("rejects any other record type", () => {
    expect(() => build({ dnsRecordType: "CNAME" })).toThrow(/dnsRecordType must be "SRV", got "CNAME"/);
  });

  it("rejects a TTL outside 0–3600", () => {
    expect(() => build({ dnsTtlSeconds: 86400 })).toThrow(/dnsTtlSeconds must be an integer 0–3600, got 86400/);
  });

  it("rejects a name that is not a DNS label", () => {
    expect(() => build({ name: "Orders_Service" })).toThrow(/name must be a lowercase DNS label .* got "Orders_Service"/);
  });
});

import { endpointServiceName, GATEWAY_ENDPOINT_SERVICES, INTERFACE_ENDPOINT_SERVICES } from "../../src/core/aws-facts";
import { EXPECTED_SERVICE_NAMES } from "./endpoint-cases";

// The same names as terraform plans them: `network/plan-cases.ts`, planned by `__tests__/terraform.test.ts`.
const PARTITION_OF: Record<string, string> = { "cn-north-1": "aws-cn", "cn-northwest-1": "aws-cn", "eu-west-1": "aws", "us-gov-west-1": "aws-us-gov" };
const GATEWAYS = GATEWAY_ENDPOINT_SERVICES;

describe("endpointServiceName", () => {
  it.each(Object.keys(EXPECTED_SERVICE_NAMES))("%s: with a literal partition, the name AWS gives each service", (region) => {
    // GIVEN a region and its partition / WHEN every gateway and interface service is named
    // THEN each name is the one AWS lists for that region
    const names = {
      ...Object.fromEntries(GATEWAYS.map((s) => [s, endpointServiceName("Gateway", s, region, PARTITION_OF[region])])),
      ...Object.fromEntries(INTERFACE_ENDPOINT_SERVICES.map((s) => [s, endpointServiceName("Interface", s, region, PARTITION_OF[region])])),
    };
    expect(names).toEqual(EXPECTED_SERVICE_NAMES[region]);
  });
});

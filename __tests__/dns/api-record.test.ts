import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { PROFILE_NAMES } from "../../src/config/schema";
import { ApiRecord } from "../../src/dns/api-record";
import { ApiCustomDomain } from "../../src/edge/api-custom-domain";
import { resources } from "../support/synth";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";
import { envHttpApi } from "../edge/fakes";

describe("ApiRecord", () => {
  const build = (envName: (typeof PROFILE_NAMES)[number] = "prod") => {
    const env = testEnv(envName);
    const stack = testStack();
    new CloudflareProvider(stack, "cloudflare", {});
    const api = envHttpApi(stack, env, fakeNetwork(stack));
    const domain = new ApiCustomDomain(stack, "domain", {
      api,
      host: env.domain.apiHost,
      zoneName: env.domain.name,
      zoneId: env.domain.cloudflareZoneId,
    });
    const record = new ApiRecord(stack, "public", { domain, zoneName: env.domain.name, zoneId: env.domain.cloudflareZoneId });
    return { stack, domain, record };
  };

  it("publishes the host as a proxied CNAME to the custom domain's regional target", () => {
    // GIVEN prod's API domain / WHEN its record is created
    const { stack, domain, record } = build();
    // THEN the record points at the domain's target by reference, through Cloudflare's proxy
    const json = synthJson(stack);
    expect(resources(json, "cloudflare_dns_record")[record.record.friendlyUniqueId]).toEqual({
      zone_id: "00000000000000000000000000000000",
      name: "api.example.com",
      type: "CNAME",
      content: `\${aws_apigatewayv2_domain_name.${domain.domainName.friendlyUniqueId}.domain_name_configuration[0].target_domain_name}`,
      proxied: true,
      ttl: 1,
      comment: expect.stringMatching(/API/),
    });
  });

  it("uses each environment's own host", () => {
    for (const envName of PROFILE_NAMES) {
      // GIVEN / WHEN each environment's API record
      const { stack } = build(envName);
      // THEN it publishes that environment's host, proxied
      expect(Testing.synth(stack)).toHaveResourceWithProperties(DnsRecord, { name: testEnv(envName).domain.apiHost, proxied: true });
    }
  });

  it("rejects a host two labels deep, which Universal SSL does not cover", () => {
    // GIVEN a host two labels under the zone
    const stack = testStack();
    // WHEN its record is built / THEN the error names path, prop, rule and value
    expect(
      () =>
        new ApiRecord(stack, "public", {
          domain: { host: "api.dev.example.com", targetDomainName: "d-1.execute-api.eu-west-1.amazonaws.com" },
          zoneName: "example.com",
          zoneId: "00000000000000000000000000000000",
        }),
    ).toThrow(/test\/public: domain\.host must be one lowercase DNS label under example\.com .* got "api\.dev\.example\.com"/);
  });
});

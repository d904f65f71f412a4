import "cdktf/lib/testing/adapters/jest";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { EnvironmentConfig } from "../../src/config/environment";
import { PROFILE_NAMES } from "../../src/config/schema";
import { ApiRecord } from "../../src/dns/api-record";
import { RestApi } from "../../src/edge/rest-api";
import { RestApiCustomDomain, RestApiCustomDomainProps } from "../../src/edge/rest-api-custom-domain";
import { refOf, resourceOf, TfJson } from "../support/synth";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";
import { envRestApi, fakeNlb, restRouteOptions } from "./rest-fakes";

describe("RestApiCustomDomain", () => {
  const build = (
    env: EnvironmentConfig = testEnv("prod"),
    props: Partial<RestApiCustomDomainProps> = {},
    beforeDomain?: (stack: TerraformStack, api: RestApi) => void,
  ) => {
    const stack = testStack();
    new CloudflareProvider(stack, "cloudflare", {});
    const api = envRestApi(stack, env, fakeNlb(stack, fakeNetwork(stack)));
    api.addService({ name: "orders" }, restRouteOptions("orders", 10001));
    beforeDomain?.(stack, api);
    const domain = new RestApiCustomDomain(stack, "domain", {
      api,
      host: env.domain.apiHost,
      zoneName: env.domain.name,
      zoneId: env.domain.cloudflareZoneId,
      ...props,
    });
    return { stack, api, domain, json: (): TfJson => synthJson(stack) };
  };

  it("requests the same DNS-validated certificate as the HTTP flavor, validated through Cloudflare", () => {
    // GIVEN / WHEN prod's domain
    const { domain, json } = build();
    const out = json();
    // THEN the certificate, its records and the wait are the shared ones (matched whole where it matters)
    expect(resourceOf(out, domain.certificate)).toEqual({
      domain_name: "api.example.com",
      validation_method: "DNS",
      key_algorithm: "RSA_2048",
      options: { certificate_transparency_logging_preference: "ENABLED" },
      lifecycle: { create_before_destroy: true },
      tags: { Name: "api.example.com" },
    });
    expect(resourceOf(out, domain.validationRecords.record)).toMatchObject({ proxied: false, zone_id: "00000000000000000000000000000000" });
    expect(resourceOf(out, domain.validation)).toMatchObject({
      certificate_arn: refOf(domain.certificate, "arn"),
      depends_on: [`cloudflare_dns_record.${domain.validationRecords.record.friendlyUniqueId}`],
    });
  });

  it("binds a REGIONAL TLS 1.2 domain name to the certificate ARN of the validation resource", () => {
    // GIVEN / WHEN prod's domain
    const { domain, json } = build();
    // THEN the domain takes the validated certificate's ARN, so it waits for validation (matched whole)
    expect(resourceOf(json(), domain.domainName)).toEqual({
      domain_name: "api.example.com",
      endpoint_configuration: { types: ["REGIONAL"] },
      regional_certificate_arn: refOf(domain.validation, "certificate_arn"),
      security_policy: "TLS_1_2",
      tags: { Name: "api.example.com" },
    });
    expect(domain.url).toBe("https://api.example.com");
  });

  it("maps the API's stage at the domain's root (no base path)", () => {
    // GIVEN / WHEN prod's domain
    const { api, domain, json } = build();
    // THEN the mapping references the API, the domain and the stage's name (matched whole)
    expect(resourceOf(json(), domain.mapping)).toEqual({
      api_id: refOf(api.api, "id"),
      domain_name: refOf(domain.domainName, "domain_name"),
      stage_name: refOf(api.stage, "stage_name"),
    });
  });

  it("is what ApiRecord publishes: the proxied Cloudflare CNAME points at the domain's regional name", () => {
    // GIVEN prod's domain
    const env = testEnv("prod");
    const { stack, domain, json } = build(env);
    // WHEN the public record is added as for the HTTP flavor
    const record = new ApiRecord(stack, "public-record", { domain, zoneName: env.domain.name, zoneId: env.domain.cloudflareZoneId });
    // THEN the CNAME names the host and targets regional_domain_name by reference
    expect(resourceOf(json(), record.record)).toMatchObject({
      name: "api.example.com",
      type: "CNAME",
      content: refOf(domain.domainName, "regional_domain_name"),
      proxied: true,
    });
  });

  it("follows the API onto another regional provider: certificate, validation, domain and mapping", () => {
    // GIVEN an API under an aliased provider in us-east-1
    const { domain, json } = build(testEnv("prod"), {}, (stack, api) => {
      api.api.provider = new AwsProvider(stack, "use1", { region: "us-east-1", alias: "use1" });
    });
    // WHEN the domain is built (after the hook) / THEN every AWS resource of it uses that provider
    const out = json();
    for (const r of [domain.certificate, domain.validation, domain.domainName, domain.mapping]) {
      expect(resourceOf(out, r).provider).toBe("aws.use1");
    }
  });

  it("serves a distinct one-label host in every environment", () => {
    // GIVEN / WHEN each environment's domain / THEN each serves its own host
    const hosts = PROFILE_NAMES.map((envName) => {
      const { domain, json } = build(testEnv(envName));
      return resourceOf(json(), domain.domainName).domain_name as string;
    });
    expect(hosts).toEqual(["api-dev.example.com", "api-staging.example.com", "api.example.com"]);
  });

  it.each([
    ["api.dev.example.com", "two labels deep"],
    ["api.example.org", "outside the zone"],
  ])("rejects the host %s (%s)", (host) => {
    // GIVEN a host Universal SSL does not cover / WHEN building / THEN the error names it
    expect(() => build(testEnv("prod"), { host })).toThrow(
      `test/domain: host must be one lowercase DNS label under example.com (like api-dev.example.com): Cloudflare's Universal SSL covers one level of subdomain only, got "${host}"`,
    );
  });

  it("rejects a zone id that is not a Cloudflare zone id", () => {
    // GIVEN a malformed zone id / WHEN building / THEN the error names the prop and the value
    expect(() => build(testEnv("prod"), { zoneId: "my-zone" })).toThrow(
      'test/domain: zoneId must be a Cloudflare zone id (32 lowercase hex characters), got "my-zone"',
    );
  });
});

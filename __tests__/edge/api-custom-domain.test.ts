import "cdktf/lib/testing/adapters/jest";
import { TerraformStack, Testing } from "cdktf";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { EnvironmentConfig } from "../../src/config/environment";
import { PROFILE_NAMES } from "../../src/config/schema";
import { ApiCustomDomain, ApiCustomDomainProps } from "../../src/edge/api-custom-domain";
import { HttpApi } from "../../src/edge/http-api";
import { ref, resources, TfJson } from "../support/synth";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";
import { envHttpApi } from "./fakes";

describe("ApiCustomDomain", () => {
  const build = (
    env: EnvironmentConfig = testEnv("prod"),
    props: Partial<ApiCustomDomainProps> = {},
    beforeDomain?: (stack: TerraformStack, api: HttpApi) => void,
  ) => {
    const stack = testStack();
    new CloudflareProvider(stack, "cloudflare", {});
    const api = envHttpApi(stack, env, fakeNetwork(stack));
    beforeDomain?.(stack, api);
    const domain = new ApiCustomDomain(stack, "domain", {
      api,
      host: env.domain.apiHost,
      zoneName: env.domain.name,
      zoneId: env.domain.cloudflareZoneId,
      ...props,
    });
    return { stack, api, domain, json: () => synthJson(stack) };
  };
  const one = (json: TfJson, type: string, name: string): TfJson => {
    const r = resources(json, type)[name];
    expect(r).toBeDefined();
    return r;
  };

  it("requests a DNS-validated RSA certificate for the host, with transparency logging, replaced before destroyed", () => {
    // GIVEN / WHEN prod's domain
    const { domain, json } = build();
    // THEN its certificate is exactly this (matched whole)
    expect(one(json(), "aws_acm_certificate", domain.certificate.friendlyUniqueId)).toEqual({
      domain_name: "api.example.com",
      validation_method: "DNS",
      key_algorithm: "RSA_2048",
      options: { certificate_transparency_logging_preference: "ENABLED" },
      lifecycle: { create_before_destroy: true },
      tags: { Name: "api.example.com" },
    });
  });

  it("validates through one unproxied Cloudflare record per validation option, trailing dots trimmed", () => {
    // GIVEN / WHEN prod's domain
    const { domain, json } = build();
    // THEN its validation record covers every option of the certificate, by reference (matched whole)
    const record = one(json(), "cloudflare_dns_record", domain.validationRecords.record.friendlyUniqueId);
    const cert = domain.certificate.friendlyUniqueId;
    expect(record).toEqual({
      for_each: `\${{ for key, val in tolist(aws_acm_certificate.${cert}.domain_validation_options): val.domain_name => val }}`,
      zone_id: "00000000000000000000000000000000",
      name: '${trimsuffix(each.value.resource_record_name, ".")}',
      content: '${trimsuffix(each.value.resource_record_value, ".")}',
      type: "${each.value.resource_record_type}",
      ttl: 60,
      proxied: false,
      comment: expect.stringMatching(/ACM DNS validation/),
    });
  });

  it("waits for validation on the Cloudflare records: fqdns from every record instance, and depends_on them", () => {
    // GIVEN / WHEN prod's domain
    const { domain, json } = build();
    // THEN the validation takes its fqdns from every record instance and waits on them
    const records = `cloudflare_dns_record.${domain.validationRecords.record.friendlyUniqueId}`;
    expect(one(json(), "aws_acm_certificate_validation", domain.validation.friendlyUniqueId)).toEqual({
      certificate_arn: ref("aws_acm_certificate", domain.certificate.friendlyUniqueId, "arn"),
      validation_record_fqdns: `\${[ for key, val in ${records}: val.name]}`,
      depends_on: [records],
    });
  });

  it("binds a REGIONAL TLS 1.2 domain to the certificate ARN of the validation resource, not the certificate", () => {
    // GIVEN / WHEN prod's domain
    const { domain, json } = build();
    // THEN the domain name takes the validated certificate's ARN, so it waits for validation
    expect(one(json(), "aws_apigatewayv2_domain_name", domain.domainName.friendlyUniqueId)).toEqual({
      domain_name: "api.example.com",
      domain_name_configuration: {
        certificate_arn: ref("aws_acm_certificate_validation", domain.validation.friendlyUniqueId, "certificate_arn"),
        endpoint_type: "REGIONAL",
        security_policy: "TLS_1_2",
      },
      tags: { Name: "api.example.com" },
    });
  });

  it("maps the API's $default stage at the domain's root", () => {
    // GIVEN / WHEN prod's domain
    const { api, domain, json } = build();
    // THEN the mapping ties the API's $default stage to the domain, and the URL is the host's
    expect(one(json(), "aws_apigatewayv2_api_mapping", domain.mapping.friendlyUniqueId)).toEqual({
      api_id: ref("aws_apigatewayv2_api", api.api.friendlyUniqueId, "id"),
      domain_name: ref("aws_apigatewayv2_domain_name", domain.domainName.friendlyUniqueId, "id"),
      stage: ref("aws_apigatewayv2_stage", api.stage.friendlyUniqueId, "id"),
    });
    expect(one(json(), "aws_apigatewayv2_stage", api.stage.friendlyUniqueId).name).toBe("$default");
    expect(domain.url).toBe("https://api.example.com");
  });

  it("creates the certificate in the API's region: same provider as the API, whose region is the environment's", () => {
    // GIVEN the stack's single AWS provider, in the configured region
    const env = testEnv("prod");
    // WHEN the domain is built
    const { api, domain, json } = build(env);
    const out = json();
    expect(out.provider.aws).toHaveLength(1);
    expect(out.provider.aws[0].region).toBe(env.region);
    // THEN neither the API nor the ACM resources pick another provider
    const apiJson = one(out, "aws_apigatewayv2_api", api.api.friendlyUniqueId);
    for (const [type, r] of [
      ["aws_acm_certificate", domain.certificate],
      ["aws_acm_certificate_validation", domain.validation],
      ["aws_apigatewayv2_domain_name", domain.domainName],
    ] as const) {
      expect(one(out, type, r.friendlyUniqueId).provider).toBe(apiJson.provider);
    }
    expect(apiJson.provider).toBeUndefined();
  });

  it("follows the API onto another regional provider, so the certificate can never sit in another region", () => {
    // GIVEN an API that runs under an aliased provider in us-east-1
    const { stack, domain } = build(testEnv("prod"), {}, (stack, api) => {
      api.api.provider = new AwsProvider(stack, "use1", { region: "us-east-1", alias: "use1" });
    });
    // WHEN the domain is built (by the builder, after the hook)
    // THEN the certificate and the domain use the same aliased provider
    const out = Testing.synth(stack);
    expect(out).toHaveResourceWithProperties(Apigatewayv2Api, { provider: "aws.use1" });
    expect(one(JSON.parse(out), "aws_acm_certificate", domain.certificate.friendlyUniqueId).provider).toBe("aws.use1");
    expect(one(JSON.parse(out), "aws_apigatewayv2_domain_name", domain.domainName.friendlyUniqueId).provider).toBe("aws.use1");
  });

  it("serves a distinct one-label host in every environment", () => {
    // GIVEN / WHEN each environment's domain
    // THEN each serves its own host, one label under the zone
    const hosts = PROFILE_NAMES.map((envName) => {
      const { domain, json } = build(testEnv(envName));
      return one(json(), "aws_apigatewayv2_domain_name", domain.domainName.friendlyUniqueId).domain_name as string;
    });
    expect(hosts).toEqual(["api-dev.example.com", "api-staging.example.com", "api.example.com"]);
    for (const host of hosts) expect(host.split(".")).toHaveLength(3);
  });

  it.each([
    ["api.dev.example.com", "two labels deep"],
    ["api.example.org", "outside the zone"],
    ["example.com", "the apex"],
    ["API.example.com", "not lowercase"],
  ])("rejects the host %s (%s)", (host) => {
    // GIVEN a host Universal SSL does not cover / WHEN building / THEN the error says why and names it
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

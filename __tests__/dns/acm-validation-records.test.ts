import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AcmValidationRecords, AcmValidationRecordsProps } from "../../src/dns/acm-validation-records";
import { synthJson, testStack } from "../support/test-stack";

describe("AcmValidationRecords", () => {
  const ZONE = "0123456789abcdef0123456789abcdef";
  const build = (props: Partial<AcmValidationRecordsProps> = {}) => {
    const stack = testStack();
    new CloudflareProvider(stack, "cloudflare", {});
    const certificate = new AcmCertificate(stack, "cert", {
      domainName: "api.example.com",
      subjectAlternativeNames: ["api-v2.example.com"],
      validationMethod: "DNS",
    });
    const records = new AcmValidationRecords(stack, "records", { certificate, zoneId: ZONE, ...props });
    return { stack, certificate, records };
  };

  it("creates one record per domain validation option, keyed by domain name (SANs included)", () => {
    // GIVEN a certificate with a SAN
    // WHEN its validation records are created
    const { stack, certificate, records } = build();
    // THEN a single for_each record covers every option, never proxied, ttl 60, trailing dots trimmed
    expect(Testing.synth(stack)).toHaveResourceWithProperties(DnsRecord, {
      for_each: `\${{ for key, val in tolist(aws_acm_certificate.${certificate.friendlyUniqueId}.domain_validation_options): val.domain_name => val }}`,
      zone_id: ZONE,
      name: '${trimsuffix(each.value.resource_record_name, ".")}',
      content: '${trimsuffix(each.value.resource_record_value, ".")}',
      type: "${each.value.resource_record_type}",
      proxied: false,
      ttl: 60,
    });
    // AND it is the only record
    expect(Object.keys(synthJson(stack).resource.cloudflare_dns_record)).toEqual([records.record.friendlyUniqueId]);
  });

  it("exposes the names of all instances as a list expression for validation_record_fqdns", () => {
    // GIVEN a certificate's validation records
    const { stack, certificate, records } = build();
    // WHEN a validation waits on their names
    new AcmCertificateValidation(stack, "validation", { certificateArn: certificate.arn, validationRecordFqdns: records.fqdns });
    // THEN it lists every instance's name, by reference
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AcmCertificateValidation, {
      validation_record_fqdns: `\${[ for key, val in cloudflare_dns_record.${records.record.friendlyUniqueId}: val.name]}`,
    });
  });

  it("takes a longer ttl when asked", () => {
    // GIVEN / WHEN records with a ttl of 300 s
    const { stack } = build({ ttl: 300 });
    // THEN the record carries it
    expect(Testing.synth(stack)).toHaveResourceWithProperties(DnsRecord, { ttl: 300 });
  });

  it.each([1, 59, 86401, 61.5])("rejects the ttl %p", (ttl) => {
    // GIVEN a ttl out of range or fractional / WHEN building / THEN the error names path, prop and value
    expect(() => build({ ttl })).toThrow(`test/records: ttl must be an integer 60–86400 seconds, got ${ttl}`);
  });
});

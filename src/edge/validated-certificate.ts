import { Construct } from "constructs";
import { TerraformProvider, Token } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { AcmValidationRecords } from "../dns/acm-validation-records";
import { checkOneLabelHost } from "../dns/api-host";

/** What {@link validatedCertificate} needs. */
export interface ValidatedCertificateProps {
  /** Public host, one label under the zone (`api.example.com`). */
  readonly host: string;
  /** The Cloudflare zone's domain name. */
  readonly zoneName: string;
  /** The Cloudflare zone id (32 lowercase hex characters). */
  readonly zoneId: string;
  /**
   * The API's AWS provider: a regional custom domain accepts only a certificate from its
   * own region, so the certificate follows the API.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** The certificate of a custom domain, its Cloudflare validation records and the wait for issuance. */
export interface ValidatedCertificate {
  readonly certificate: AcmCertificate;
  readonly validationRecords: AcmValidationRecords;
  /** Waits for issuance; its `certificate_arn` is what a domain name should use. */
  readonly validation: AcmCertificateValidation;
}

/**
 * The certificate part every API custom domain shares (the HTTP flavor's `ApiCustomDomain`
 * and the REST flavor's `RestApiCustomDomain`): validates `host` and `zoneId`, then creates
 * `cert`, `validation-records` and `validation` directly in `scope`. A function rather than
 * a construct, so the resources keep the addresses they had before it was factored out
 * (a construct would add a level to their paths, and Terraform would replace them).
 *
 * Throws, before creating anything, on a host that is not one label under the zone or a
 * zone id that is not a Cloudflare zone id, naming `scope`'s path, the prop and the value.
 */
export function validatedCertificate(scope: Construct, props: ValidatedCertificateProps): ValidatedCertificate {
  checkOneLabelHost(scope.node.path, "host", props.host, props.zoneName);
  if (!Token.isUnresolved(props.zoneId) && !/^[a-f0-9]{32}$/.test(props.zoneId)) {
    throw new Error(`${scope.node.path}: zoneId must be a Cloudflare zone id (32 lowercase hex characters), got ${JSON.stringify(props.zoneId)}`);
  }

  const certificate = new AcmCertificate(scope, "cert", {
    provider: props.provider,
    domainName: props.host,
    validationMethod: "DNS",
    keyAlgorithm: "RSA_2048",
    options: { certificateTransparencyLoggingPreference: "ENABLED" },
    // A replacement certificate (new SAN, new key) is issued before the old one goes,
    // so the domain never points at a deleted certificate.
    lifecycle: { createBeforeDestroy: true },
    tags: { Name: props.host },
  });

  const validationRecords = new AcmValidationRecords(scope, "validation-records", {
    certificate,
    zoneId: props.zoneId,
  });

  const validation = new AcmCertificateValidation(scope, "validation", {
    provider: props.provider,
    certificateArn: certificate.arn,
    validationRecordFqdns: validationRecords.fqdns,
    // Explicit as well: the fqdns expression already references the records, but the
    // wait must never start before every record exists.
    dependsOn: [validationRecords.record],
  });

  return { certificate, validationRecords, validation };
}

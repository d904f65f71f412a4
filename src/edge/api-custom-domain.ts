import { Construct } from "constructs";
import { Token } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Apigatewayv2ApiMapping } from "@cdktf/provider-aws/lib/apigatewayv2-api-mapping";
import { Apigatewayv2DomainName } from "@cdktf/provider-aws/lib/apigatewayv2-domain-name";
import { AcmValidationRecords } from "../dns/acm-validation-records";
import { ApiDomainTarget } from "../dns/api-record";
import { checkOneLabelHost } from "../dns/api-host";
import { HttpApi } from "./http-api";

/** Properties of an {@link ApiCustomDomain}. */
export interface ApiCustomDomainProps {
  /** The API to serve (its `$default` stage is mapped at the domain's root). */
  readonly api: HttpApi;
  /** Public host, one label under the zone: `env.domain.apiHost` (`api.example.com`, `api-dev.example.com`). */
  readonly host: string;
  /** The Cloudflare zone's domain name (`env.domain.name`). */
  readonly zoneName: string;
  /** The Cloudflare zone id (`env.domain.cloudflareZoneId`): from config, so no zone lookup at plan. */
  readonly zoneId: string;
}

/**
 * The API's public name: an ACM certificate validated through Cloudflare DNS records,
 * a REGIONAL API Gateway domain name (TLS 1.2 minimum) and the mapping of the API's
 * `$default` stage at its root.
 *
 * The certificate is created with the same AWS provider as the API (so in the API's
 * region: a regional custom domain accepts only a certificate from its own region).
 * The domain takes its certificate ARN from the *validation* resource, so nothing
 * binds the certificate before ACM has issued it.
 */
export class ApiCustomDomain extends Construct implements ApiDomainTarget {
  /** The host served (`api.example.com`). */
  public readonly host: string;
  /** `https://<host>`. */
  public readonly url: string;
  /** The certificate. */
  public readonly certificate: AcmCertificate;
  /** The Cloudflare validation records. */
  public readonly validationRecords: AcmValidationRecords;
  /** Waits for issuance; its `certificate_arn` is what the domain uses. */
  public readonly validation: AcmCertificateValidation;
  /** The API Gateway domain name. */
  public readonly domainName: Apigatewayv2DomainName;
  /** The regional endpoint the public CNAME points to (`d-….execute-api.<region>.amazonaws.com`). */
  public readonly targetDomainName: string;
  /** The mapping of the API's `$default` stage. */
  public readonly mapping: Apigatewayv2ApiMapping;

  constructor(scope: Construct, id: string, props: ApiCustomDomainProps) {
    super(scope, id);
    checkOneLabelHost(this.node.path, "host", props.host, props.zoneName);
    if (!Token.isUnresolved(props.zoneId) && !/^[a-f0-9]{32}$/.test(props.zoneId)) {
      throw new Error(`${this.node.path}: zoneId must be a Cloudflare zone id (32 lowercase hex characters), got ${JSON.stringify(props.zoneId)}`);
    }
    this.host = props.host;
    this.url = `https://${props.host}`;

    this.certificate = new AcmCertificate(this, "cert", {
      // Same provider as the API (undefined = the stack's default AWS provider): same region.
      provider: props.api.api.provider,
      domainName: props.host,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      // A replacement certificate (new SAN, new key) is issued before the old one goes,
      // so the domain never points at a deleted certificate.
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: props.host },
    });

    this.validationRecords = new AcmValidationRecords(this, "validation-records", {
      certificate: this.certificate,
      zoneId: props.zoneId,
    });

    this.validation = new AcmCertificateValidation(this, "validation", {
      provider: props.api.api.provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: this.validationRecords.fqdns,
      // Explicit as well: the fqdns expression already references the records, but the
      // wait must never start before every record exists.
      dependsOn: [this.validationRecords.record],
    });

    this.domainName = new Apigatewayv2DomainName(this, "domain", {
      provider: props.api.api.provider,
      domainName: props.host,
      domainNameConfiguration: {
        certificateArn: this.validation.certificateArn,
        endpointType: "REGIONAL",
        securityPolicy: "TLS_1_2",
      },
      tags: { Name: props.host },
    });
    this.targetDomainName = this.domainName.domainNameConfiguration.targetDomainName;

    this.mapping = new Apigatewayv2ApiMapping(this, "mapping", {
      provider: props.api.api.provider,
      apiId: props.api.apiId,
      domainName: this.domainName.id,
      // The stage's id is its name (`$default`); the reference orders the mapping after it.
      stage: props.api.stageId,
    });
  }
}

import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Apigatewayv2ApiMapping } from "@cdktf/provider-aws/lib/apigatewayv2-api-mapping";
import { Apigatewayv2DomainName } from "@cdktf/provider-aws/lib/apigatewayv2-domain-name";
import { AcmValidationRecords } from "../dns/acm-validation-records";
import { ApiDomainTarget } from "../dns/api-record";
import { HttpApi } from "./http-api";
import { validatedCertificate } from "./validated-certificate";

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
    // Validates host and zone id first; the certificate resources keep their ids here.
    const cert = validatedCertificate(this, { host: props.host, zoneName: props.zoneName, zoneId: props.zoneId, provider: props.api.api.provider });
    this.host = props.host;
    this.url = `https://${props.host}`;
    this.certificate = cert.certificate;
    this.validationRecords = cert.validationRecords;
    this.validation = cert.validation;

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

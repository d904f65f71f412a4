import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { ApiGatewayBasePathMapping } from "@cdktf/provider-aws/lib/api-gateway-base-path-mapping";
import { ApiGatewayDomainName } from "@cdktf/provider-aws/lib/api-gateway-domain-name";
import { AcmValidationRecords } from "../dns/acm-validation-records";
import { ApiDomainTarget } from "../dns/api-record";
import { RestApi } from "./rest-api";
import { validatedCertificate } from "./validated-certificate";

/** Properties of a {@link RestApiCustomDomain}. */
export interface RestApiCustomDomainProps {
  /** The API to serve (its stage is mapped at the domain's root). */
  readonly api: RestApi;
  /** Public host, one label under the zone: `env.domain.apiHost` (`api.example.com`, `api-dev.example.com`). */
  readonly host: string;
  /** The Cloudflare zone's domain name (`env.domain.name`). */
  readonly zoneName: string;
  /** The Cloudflare zone id (`env.domain.cloudflareZoneId`): from config, so no zone lookup at plan. */
  readonly zoneId: string;
}

/**
 * The REST API's public name, as `ApiCustomDomain` is the HTTP API's: an ACM
 * certificate validated through Cloudflare DNS records (the same function creates both
 * flavors' certificates), a REGIONAL API Gateway (v1) domain name with TLS 1.2 minimum,
 * and a base path mapping of the API's stage at the root (empty base path), so clients
 * and services never see the stage name. `ApiRecord` publishes it: the Cloudflare CNAME
 * points at {@link RestApiCustomDomain.targetDomainName}, the domain's regional name.
 *
 * The certificate and the domain use the API's AWS provider (a regional domain accepts
 * only a certificate from its own region), and the domain takes the certificate ARN from
 * the *validation* resource, so nothing binds the certificate before ACM has issued it.
 */
export class RestApiCustomDomain extends Construct implements ApiDomainTarget {
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
  public readonly domainName: ApiGatewayDomainName;
  /** The regional endpoint the public CNAME points to (`d-….execute-api.<region>.amazonaws.com`). */
  public readonly targetDomainName: string;
  /** The mapping of the API's stage at the domain's root. */
  public readonly mapping: ApiGatewayBasePathMapping;

  constructor(scope: Construct, id: string, props: RestApiCustomDomainProps) {
    super(scope, id);
    const provider = props.api.api.provider;
    // Validates host and zone id before anything is created.
    const cert = validatedCertificate(this, { host: props.host, zoneName: props.zoneName, zoneId: props.zoneId, provider });
    this.host = props.host;
    this.url = `https://${props.host}`;
    this.certificate = cert.certificate;
    this.validationRecords = cert.validationRecords;
    this.validation = cert.validation;

    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_domain_name
    // (REGIONAL: `regional_certificate_arn`, and the CNAME target is `regional_domain_name`).
    this.domainName = new ApiGatewayDomainName(this, "domain", {
      provider,
      domainName: props.host,
      endpointConfiguration: { types: ["REGIONAL"] },
      regionalCertificateArn: this.validation.certificateArn,
      securityPolicy: "TLS_1_2",
      tags: { Name: props.host },
    });
    this.targetDomainName = this.domainName.regionalDomainName;

    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_base_path_mapping
    // No base_path: the stage is served at the root of the domain.
    this.mapping = new ApiGatewayBasePathMapping(this, "mapping", {
      provider,
      apiId: props.api.apiId,
      domainName: this.domainName.domainName,
      // The stage's name by reference: the mapping waits for the stage.
      stageName: props.api.stageName,
    });
  }
}

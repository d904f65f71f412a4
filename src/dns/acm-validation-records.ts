import { Construct } from "constructs";
import { Fn, TerraformIterator, Token } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";

/** Properties of {@link AcmValidationRecords}. */
export interface AcmValidationRecordsProps {
  /** The certificate to validate (validation method DNS). */
  readonly certificate: AcmCertificate;
  /** Cloudflare zone that holds the certificate's names. */
  readonly zoneId: string;
  /**
   * TTL of the validation records, seconds.
   * @default 60
   */
  readonly ttl?: number;
}

/**
 * The Cloudflare records that prove control of an ACM certificate's names: one
 * record per `domain_validation_options` entry, keyed by domain name (`for_each`,
 * so adding a SAN adds a record instead of renumbering the others).
 *
 * Names and contents lose ACM's trailing dot: Cloudflare v5 stores them without it
 * and would otherwise show a permanent diff. The records are never proxied: ACM must
 * resolve the real CNAME, not a Cloudflare edge address.
 */
export class AcmValidationRecords extends Construct {
  /** @default 60 */
  static readonly DEFAULT_TTL = 60;

  /** The record resource (one instance per validation option). */
  public readonly record: DnsRecord;
  /**
   * The records' names, as a Terraform list expression over every instance: an
   * `aws_acm_certificate_validation`'s `validation_record_fqdns`.
   */
  public readonly fqdns: string[];

  constructor(scope: Construct, id: string, props: AcmValidationRecordsProps) {
    super(scope, id);
    const ttl = props.ttl ?? AcmValidationRecords.DEFAULT_TTL;
    // Cloudflare: 1 means "automatic"; otherwise 60–86400 seconds.
    if (!Token.isUnresolved(ttl) && !(Number.isInteger(ttl) && ttl >= 60 && ttl <= 86400)) {
      throw new Error(`${this.node.path}: ttl must be an integer 60–86400 seconds, got ${ttl}`);
    }
    const option = TerraformIterator.fromComplexList(props.certificate.domainValidationOptions, "domain_name");
    this.record = new DnsRecord(this, "record", {
      forEach: option,
      zoneId: props.zoneId,
      name: Fn.trimsuffix(option.getString("resource_record_name"), "."),
      type: option.getString("resource_record_type"),
      content: Fn.trimsuffix(option.getString("resource_record_value"), "."),
      ttl,
      proxied: false,
      comment: "ACM DNS validation (managed by cdktf)",
    });
    this.fqdns = Token.asList(TerraformIterator.fromResources(this.record).pluckProperty("name"));
  }
}

import { Construct } from "constructs";
import { Token } from "cdktf";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { checkOneLabelHost } from "./api-host";

/** What the public record points at: implemented by `ApiCustomDomain`. */
export interface ApiDomainTarget {
  /** The public host (`api.example.com`). */
  readonly host: string;
  /** The API Gateway regional domain (`d-….execute-api.<region>.amazonaws.com`). */
  readonly targetDomainName: string;
}

/** Properties of an {@link ApiRecord}. */
export interface ApiRecordProps {
  /** The API custom domain to publish. */
  readonly domain: ApiDomainTarget;
  /** The Cloudflare zone's domain name (`env.domain.name`). */
  readonly zoneName: string;
  /** The Cloudflare zone id (`env.domain.cloudflareZoneId`). */
  readonly zoneId: string;
}

/**
 * The public DNS record of the API: a proxied CNAME from the host to the API Gateway
 * regional domain. Proxied, so clients reach Cloudflare's edge (its certificate, SSL
 * mode, rate limiting) and Cloudflare connects to API Gateway, which presents the ACM
 * certificate for the same host — what SSL "Full (strict)" checks.
 */
export class ApiRecord extends Construct {
  /** Cloudflare requires TTL 1 ("automatic") on proxied records. */
  static readonly PROXIED_TTL = 1;

  /** The record resource. */
  public readonly record: DnsRecord;

  constructor(scope: Construct, id: string, props: ApiRecordProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.domain.host)) {
      checkOneLabelHost(this.node.path, "domain.host", props.domain.host, props.zoneName);
    }
    this.record = new DnsRecord(this, "record", {
      zoneId: props.zoneId,
      name: props.domain.host,
      type: "CNAME",
      content: props.domain.targetDomainName,
      proxied: true,
      ttl: ApiRecord.PROXIED_TTL,
      comment: "Public API host -> API Gateway custom domain (managed by cdktf)",
    });
  }
}

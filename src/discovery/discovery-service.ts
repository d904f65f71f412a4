import { Construct } from "constructs";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { DiscoveryServiceRef } from "./discovery-service-ref";

/** Properties of a {@link DiscoveryService}. */
export interface DiscoveryServiceProps {
  /** The namespace the service lives in (its id). */
  readonly namespace: { readonly namespaceId: string };
  /** DNS label of the service: `orders` → `orders.<namespace>`. */
  readonly name: string;
  /**
   * DNS record type ECS registers. Only `SRV` is accepted: the HTTP API's private
   * integration needs the instance port, which ECS registers only with SRV records.
   * The prop exists so that a request for `A` records fails loudly with the reason.
   * @default "SRV"
   */
  readonly dnsRecordType?: string;
  /**
   * TTL of the records, seconds. Short, because tasks come and go.
   * @default 10
   */
  readonly dnsTtlSeconds?: number;
}

/**
 * One Cloud Map service that an ECS service registers its tasks in: SRV records
 * with MULTIVALUE routing (every healthy task is returned), health from ECS
 * (custom health check config) rather than Route 53 probes, which cannot reach
 * private IPs.
 */
export class DiscoveryService extends Construct implements DiscoveryServiceRef {
  /** @default "SRV" */
  static readonly DEFAULT_RECORD_TYPE = "SRV";
  /** @default 10 */
  static readonly DEFAULT_TTL_SECONDS = 10;

  /** The Cloud Map service resource. */
  public readonly service: ServiceDiscoveryService;
  public readonly serviceArn: string;
  public readonly serviceId: string;
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: DiscoveryServiceProps) {
    super(scope, id);
    const recordType = props.dnsRecordType ?? DiscoveryService.DEFAULT_RECORD_TYPE;
    const ttl = props.dnsTtlSeconds ?? DiscoveryService.DEFAULT_TTL_SECONDS;
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(props.name)) {
      throw new Error(`${this.node.path}: name must be a lowercase DNS label (a–z, 0–9, '-', at most 63 characters), got "${props.name}"`);
    }
    if (recordType !== "SRV") {
      const why =
        recordType === "A" || recordType === "AAAA"
          ? `${recordType} records carry no port: the API Gateway private integration discovers instances through Cloud Map and needs AWS_INSTANCE_PORT, which ECS registers only for SRV records (with container_name + container_port)`
          : "Cloud Map services used by ECS and API Gateway need SRV records";
      throw new Error(`${this.node.path}: dnsRecordType must be "SRV", got "${recordType}": ${why}`);
    }
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) {
      throw new Error(`${this.node.path}: dnsTtlSeconds must be an integer 0–3600, got ${ttl}`);
    }
    this.service = new ServiceDiscoveryService(this, "service", {
      name: props.name,
      description: `Tasks of ECS service ${props.name} (registered by ECS)`,
      dnsConfig: {
        namespaceId: props.namespace.namespaceId,
        routingPolicy: "MULTIVALUE",
        dnsRecords: [{ type: recordType, ttl }],
      },
      // ECS reports task health to Cloud Map. The API fixes failure_threshold at 1
      // (later providers deprecate the argument); 1 is the only value it accepts.
      healthCheckCustomConfig: { failureThreshold: 1 },
      // Registrations belong to ECS and are ephemeral: let destroy remove leftovers
      // instead of failing with ResourceInUse while ECS deregisters asynchronously.
      forceDestroy: true,
    });
    this.serviceArn = this.service.arn;
    this.serviceId = this.service.id;
    this.serviceName = props.name;
  }
}

import { ConnectableRef } from "../core/connections";
import { DiscoveryServiceRef } from "../discovery/discovery-service-ref";

/** What the edge (and other services) need of a Fargate service. Implemented by `FargateService`. */
export interface ServiceRef extends ConnectableRef {
  /** Service name from config (`orders`). */
  readonly name: string;
  /** Container port. */
  readonly port: number;
  /** The Cloud Map service it registers in (SRV, with the container port). */
  readonly discoveryService: DiscoveryServiceRef;
  /** Admits `source` on the container port (ingress on the service group, egress on the source's). */
  allowFrom(source: ConnectableRef, description: string): void;
}

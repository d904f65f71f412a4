/** A Cloud Map service that ECS registers tasks in, with SRV records. */
export interface DiscoveryServiceRef {
  /** Cloud Map service ARN: the HTTP API private integration's `integration_uri`. */
  readonly serviceArn: string;
  /** Cloud Map service id. */
  readonly serviceId: string;
  /** DNS name inside the namespace, e.g. `orders` → `orders.prod.platform.internal`. */
  readonly serviceName: string;
}

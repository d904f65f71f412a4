import { Construct } from "constructs";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { NamingContext } from "../core/naming";

/** Properties of a {@link PrivateNamespace}. */
export interface PrivateNamespaceProps {
  /** Project and environment: the namespace is `<env>.<project>.internal`. */
  readonly naming: NamingContext;
  /** The VPC whose resolver answers for the namespace. */
  readonly vpcId: string;
}

/**
 * The environment's Cloud Map private DNS namespace, `<env>.<project>.internal`:
 * services register here (`orders.prod.platform.internal`) and the API's private
 * integrations discover their instances here. Only resolvable inside the VPC.
 */
export class PrivateNamespace extends Construct {
  /** DNS labels allow at most 63 characters. */
  static readonly MAX_LABEL_LENGTH = 63;
  /** The top-level label: `.internal` is reserved for private use (ICANN, 2024). */
  static readonly SUFFIX = "internal";

  /** The namespace resource. */
  public readonly namespace: ServiceDiscoveryPrivateDnsNamespace;
  /** Namespace id, for `aws_service_discovery_service.dns_config.namespace_id`. */
  public readonly namespaceId: string;
  /** Namespace ARN. */
  public readonly namespaceArn: string;
  /** `<env>.<project>.internal` (a literal, known at synth). */
  public readonly namespaceName: string;
  /** The Route 53 private hosted zone Cloud Map manages for it. */
  public readonly hostedZoneId: string;

  constructor(scope: Construct, id: string, props: PrivateNamespaceProps) {
    super(scope, id);
    for (const [prop, label] of [
      ["naming.envName", props.naming.envName],
      ["naming.project", props.naming.project],
    ] as const) {
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label) || label.length > PrivateNamespace.MAX_LABEL_LENGTH) {
        throw new Error(`${this.node.path}: ${prop} must be a lowercase DNS label (a–z, 0–9, '-', at most 63 characters), got "${label}"`);
      }
    }
    this.namespaceName = `${props.naming.envName}.${props.naming.project}.${PrivateNamespace.SUFFIX}`;
    this.namespace = new ServiceDiscoveryPrivateDnsNamespace(this, "namespace", {
      name: this.namespaceName,
      vpc: props.vpcId,
      description: `Service discovery for ${props.naming.project} ${props.naming.envName}: ECS services register here`,
    });
    this.namespaceId = this.namespace.id;
    this.namespaceArn = this.namespace.arn;
    this.hostedZoneId = this.namespace.hostedZone;
  }
}

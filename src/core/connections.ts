import { Construct } from "constructs";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { setLegacyId } from "./legacy-address";

/** Anything that owns a security group: a service, the database, the VPC link, the endpoints. */
export interface ConnectableRef {
  readonly node: Construct["node"];
  /** The security group id. */
  readonly securityGroupId: string;
}

/**
 * Opens `port` from `source` to `target` on both sides: an ingress rule on the target
 * that references the source group, and the matching egress rule on the source. Both
 * groups otherwise allow nothing, so this is the only way traffic between tiers opens.
 * The rules live in `scope` (the target's construct), named after the source's path —
 * not its local id, which two sources may share (a service named like the VPC link) —
 * so adding another caller never renames (replaces) an existing rule.
 */
export function allowTraffic(scope: Construct, source: ConnectableRef, target: ConnectableRef, port: number, description: string): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${scope.node.path}: port must be 1–65535, got ${port}`);
  }
  const from = source.node.scopes
    .slice(1)
    .map((s) => s.node.id)
    .join("-");
  const id = `${from}-${port}`;
  // Before 0.2 the id was the source's local id: a moved block keeps deployed rules.
  const legacy = `${source.node.id}-${port}`;
  const ingress = new VpcSecurityGroupIngressRule(scope, `in-from-${id}`, {
    securityGroupId: target.securityGroupId,
    referencedSecurityGroupId: source.securityGroupId,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    description,
  });
  const egress = new VpcSecurityGroupEgressRule(scope, `out-from-${id}`, {
    securityGroupId: source.securityGroupId,
    referencedSecurityGroupId: target.securityGroupId,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    description,
  });
  setLegacyId(ingress, `in-from-${legacy}`);
  setLegacyId(egress, `out-from-${legacy}`);
}

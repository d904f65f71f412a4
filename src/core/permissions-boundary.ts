import { IConstruct } from "constructs";
import { Aspects, IAspect } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";

/**
 * Puts a permissions boundary on every IAM role under a scope, like aws-cdk-lib's
 * `PermissionsBoundary.of(scope).apply(policy)`: an aspect, so it reaches every role,
 * whichever construct creates it and whenever (also roles added after the call). A role
 * that sets its own boundary keeps it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export class PermissionsBoundary {
  /** The boundary setting of `scope`'s subtree. */
  static of(scope: IConstruct): PermissionsBoundary {
    return new PermissionsBoundary(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /** Every role under the scope without a boundary of its own gets `policyArn`. */
  apply(policyArn: string): void {
    Aspects.of(this.scope).add(new BoundaryAspect(policyArn));
  }
}

class BoundaryAspect implements IAspect {
  constructor(private readonly policyArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole && node.permissionsBoundaryInput === undefined) node.permissionsBoundary = this.policyArn;
  }
}

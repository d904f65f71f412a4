import { Construct } from "constructs";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IAM_WRITE_ACTIONS } from "../core/aws-facts";
import { jsonDocument } from "../core/json-document";
import { accountGuardStatements, StateStore } from "./deploy-boundary";

/** Properties of a {@link WorkloadBoundary}. */
export interface WorkloadBoundaryProps {
  /** Policy name, `<project>-workload-boundary` (`workloadBoundaryName`). */
  readonly name: string;
  /**
   * The state bucket(s) and key, where this account holds them: no workload reconfigures
   * them (see {@link accountGuardStatements}).
   * @default none (the state lives in another account)
   */
  readonly stateStore?: StateStore;
}

/**
 * The permissions boundary of every role a pipeline environment creates (task, execution,
 * scheduler, CodeDeploy, flow log, monitoring and instance roles). A boundary only caps:
 * each role keeps exactly the permissions its own policies grant, minus what this denies —
 * IAM changes (so no workload, and no code running as one, can create or widen a role or a
 * user), and what the deploy boundary also denies everyone (Organizations, account settings,
 * CloudTrail, the state store). It is also the one boundary under which
 * the deploy role may create and change roles (see {@link DeployBoundary}), so nothing the
 * pipeline creates can hold more than this allows.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export class WorkloadBoundary extends Construct {
  /** The managed policy. */
  public readonly policy: IamPolicy;
  /** Its ARN, what roles name in `permissions_boundary`. */
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: WorkloadBoundaryProps) {
    super(scope, id);
    this.policy = new IamPolicy(this, "policy", {
      name: props.name,
      description:
        "Boundary of every role the pipeline's environments create: no IAM changes, no Organizations or account settings, CloudTrail and the state store untouched",
      policy: jsonDocument({
        Version: "2012-10-17",
        Statement: [
          // A boundary grants nothing by itself: "*" here lets each role's own policies decide.
          { Sid: "RolePoliciesDecide", Effect: "Allow", Action: "*", Resource: "*" },
          { Sid: "NoIamChanges", Effect: "Deny", Action: [...IAM_WRITE_ACTIONS], Resource: "*" },
          ...accountGuardStatements(props.stateStore),
        ],
      }),
    });
    this.policyArn = this.policy.arn;
  }
}

import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { GrantableRef } from "../core/iam";

/** What a task definition needs of an image repository. Implemented by `ServiceRepository`. */
export interface RepositoryRef {
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`, for the container image. */
  readonly repositoryUrl: string;
  readonly repositoryArn: string;
  readonly repositoryName: string;
  /**
   * Lets `grantee` pull images from this repository only: `ecr:GetAuthorizationToken`
   * on `*` (it cannot be scoped) and the layer/image actions on this repository's ARN.
   */
  grantPull(grantee: GrantableRef): IamRolePolicy;
}

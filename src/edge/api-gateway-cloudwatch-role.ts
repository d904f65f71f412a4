import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { NamingContext, physicalName } from "../core/naming";
import { arnOf } from "../core/partition";
import { ServiceRole } from "../core/service-role";

/** Properties of an {@link ApiGatewayCloudWatchRole}. */
export interface ApiGatewayCloudWatchRoleProps {
  /** Project and environment, for the role's name (`<project>-<env>-apigw-cloudwatch`). */
  readonly naming: NamingContext;
}

/**
 * The role API Gateway assumes to write a REST API's logs, and the account setting that
 * names it (`aws_api_gateway_account.cloudwatch_role_arn`).
 *
 * REST stages need it for *both* kinds of CloudWatch logging: execution logs
 * (`logging_level` in method settings) and access logs (`access_log_settings`). Without
 * it, API Gateway refuses the stage: "CloudWatch Logs role ARN must be set in account
 * settings to enable logging". AWS: "To enable CloudWatch Logs, you must grant API
 * Gateway permission to read and write logs to CloudWatch for your account" —
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 * (HTTP APIs do not use it: their access logs go through a service-linked role.)
 *
 * **The setting is a singleton per account and region**, not per API
 * (https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_account:
 * "Settings is applied region-wide per provider block"). Consequences:
 * - applying this takes over the region's setting from whatever set it before; every
 *   REST API of the account in the region then logs through this role (its policy is the
 *   AWS managed one, so they keep working);
 * - two environments in one account and region would each point the setting at their
 *   own role, last apply wins — create it in one stack only and let the others use
 *   `RestApiProps.cloudWatchRole: "existing"`;
 * - destroying it leaves the setting pointing at the deleted role (hashicorp/aws 5.x
 *   keeps account settings on destroy; `reset_on_delete` is deprecated and 6.x always
 *   resets), so every REST API in the region stops logging until something sets it again.
 *
 * Trust: `apigateway.amazonaws.com` without a source condition, as AWS documents it;
 * API Gateway assumes the role for the account, not for one API, so there is no API ARN
 * to pin it to.
 */
export class ApiGatewayCloudWatchRole extends Construct {
  /** AWS's policy for this role (logs:CreateLogGroup … PutLogEvents, on every group: the role serves every REST API of the region). */
  static readonly MANAGED_POLICY = "policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

  /** The role. */
  public readonly role: ServiceRole;
  /** Its ARN. */
  public readonly roleArn: string;
  /** The attachment of {@link ApiGatewayCloudWatchRole.MANAGED_POLICY}. */
  public readonly policyAttachment: IamRolePolicyAttachment;
  /** The region's account setting; stages that log depend on it. */
  public readonly account: ApiGatewayAccount;
  /** The account setting of each further region ({@link addRegion}), by region. */
  public readonly regionalAccounts: Record<string, ApiGatewayAccount> = {};

  constructor(scope: Construct, id: string, props: ApiGatewayCloudWatchRoleProps) {
    super(scope, id);
    this.role = new ServiceRole(this, "role", {
      name: physicalName(props.naming, "apigw-cloudwatch"),
      description: "API Gateway: write REST API execution and access logs (the region's account setting)",
      servicePrincipal: "apigateway.amazonaws.com",
    });
    this.roleArn = this.role.roleArn;
    // Attached here rather than through ServiceRole's managedPolicyArns, so the account
    // setting can wait for it: API Gateway checks the role's permissions when it is set.
    this.policyAttachment = new IamRolePolicyAttachment(this, "push-to-cloudwatch", {
      role: this.role.roleName,
      policyArn: arnOf(this, { service: "iam", account: "aws", resource: ApiGatewayCloudWatchRole.MANAGED_POLICY }),
    });
    this.account = new ApiGatewayAccount(this, "account", {
      cloudwatchRoleArn: this.roleArn,
      // (The provider retries while IAM propagates the new role.)
      dependsOn: [this.policyAttachment],
    });
  }

  /**
   * Points the account setting of another region at the same role, through `provider` (an
   * AWS provider of that region): the setting is regional, the role global, so a REST API
   * in a second region of the account needs only this.
   */
  addRegion(region: string, provider: TerraformProvider): ApiGatewayAccount {
    if (this.regionalAccounts[region]) throw new Error(`${this.node.path}: region ${region} is already added`);
    const setting = new ApiGatewayAccount(this, `account-${region}`, {
      provider,
      cloudwatchRoleArn: this.roleArn,
      dependsOn: [this.policyAttachment],
    });
    this.regionalAccounts[region] = setting;
    return setting;
  }
}

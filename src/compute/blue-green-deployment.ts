import { Construct } from "constructs";
import { Token } from "cdktf";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { BLUE_GREEN_ROLE_SUFFIXES, DNS_LABEL_RE } from "../core/aws-facts";
import { accountIdOf } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { arnOf } from "../core/partition";
import { ServiceRole } from "../core/service-role";

/** One target group of the blue/green pair, by name (CodeDeploy names them, not ARNs). */
export interface BlueGreenTargetGroupRef {
  /** The target group's name (an attribute reference is fine). */
  readonly name: string;
}

/** Properties of a {@link BlueGreenDeployment}. */
export interface BlueGreenDeploymentProps {
  /** Project and environment, for physical names. */
  readonly naming: NamingContext;
  /**
   * The service's config name, a lowercase DNS label: the CodeDeploy application and
   * deployment group are both `<project>-<env>-<serviceName>`, which is what
   * `npm run release` deploys to.
   */
  readonly serviceName: string;
  /** The ECS cluster's name (an attribute reference, so the group waits for the cluster). */
  readonly clusterName: string;
  /**
   * The ECS service's name (an attribute reference, so the group waits for the service).
   * The service must use the CODE_DEPLOY controller (`FargateService`'s `deploymentController`).
   */
  readonly ecsServiceName: string;
  /**
   * ARN of the listener that carries production traffic: CodeDeploy points it at the
   * green target group when the new tasks are healthy.
   */
  readonly productionListenerArn: string;
  /**
   * The blue and green target groups, by name: the service starts registered in the
   * first; each deployment moves it to the other. Two distinct groups.
   */
  readonly targetGroups: readonly [BlueGreenTargetGroupRef, BlueGreenTargetGroupRef];
  /**
   * Minutes the old (blue) tasks keep running after traffic moved to the new ones, so a
   * manual rollback is instant; 0–2880 (two days), CodeDeploy's range.
   * @default 5
   */
  readonly terminationWaitMinutes?: number;
  /**
   * How traffic moves: `CodeDeployDefault.ECSAllAtOnce`, a `CodeDeployDefault.ECSLinear…`
   * or `…ECSCanary…` config, or the name of a custom ECS deployment config. Behind a
   * Network Load Balancer CodeDeploy supports only `CodeDeployDefault.ECSAllAtOnce`.
   * https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html
   * @default "CodeDeployDefault.ECSAllAtOnce"
   */
  readonly deploymentConfig?: string;
  /**
   * CloudWatch alarm names (at most 10) that stop a deployment and roll it back while
   * they are in ALARM.
   * @default none: only a failed deployment rolls back
   */
  readonly alarmNames?: readonly string[];
  /**
   * The account the deployment group lives in: the service role trusts CodeDeploy only
   * on behalf of this account (`aws:SourceAccount`, against the confused deputy).
   * @default the account in `productionListenerArn`
   */
  readonly accountId?: string;
}

/**
 * CodeDeploy blue/green deployments of one ECS service: a CodeDeploy application
 * (compute platform ECS), its service role, and a deployment group that starts the new
 * revision's tasks in the idle target group, moves the production listener to them,
 * keeps the old tasks for {@link BlueGreenDeploymentProps.terminationWaitMinutes}, and
 * rolls back automatically when a deployment fails (or an alarm fires).
 *
 * The ECS service itself must use the CODE_DEPLOY deployment controller and leave to
 * CodeDeploy what it owns: see `FargateService`'s `deploymentController` and `CODE_DEPLOY_IGNORED_CHANGES`. New images then ship
 * with `npm run release`, not `cdktf deploy`.
 *
 * Attribute shapes: the provider's "Blue Green Deployments with ECS" example,
 * https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/codedeploy_deployment_group
 */
export class BlueGreenDeployment extends Construct {
  /** @default 5 */
  static readonly DEFAULT_TERMINATION_WAIT_MINUTES = 5;
  /** CodeDeploy's longest wait before the blue tasks go (two days). */
  static readonly MAX_TERMINATION_WAIT_MINUTES = 2880;
  /** @default "CodeDeployDefault.ECSAllAtOnce" (the only config a Network Load Balancer supports) */
  static readonly DEFAULT_DEPLOYMENT_CONFIG = "CodeDeployDefault.ECSAllAtOnce";
  /** The AWS managed policy of CodeDeploy's role for ECS blue/green deployments. */
  static readonly MANAGED_POLICY = "AWSCodeDeployRoleForECS";
  /** Appended to `<project>-<env>-<service>` to name the service role. */
  static readonly ROLE_SUFFIX = BLUE_GREEN_ROLE_SUFFIXES[2];
  /** CodeDeploy's limit of alarms per deployment group. */
  static readonly MAX_ALARMS = 10;

  /** The CodeDeploy application (compute platform ECS). */
  public readonly application: CodedeployApp;
  /** `<project>-<env>-<service>` (an attribute reference). */
  public readonly applicationName: string;
  /** The deployment group. */
  public readonly deploymentGroup: CodedeployDeploymentGroup;
  /** `<project>-<env>-<service>` (an attribute reference). */
  public readonly deploymentGroupName: string;
  /** The role CodeDeploy assumes to move the service between target groups. */
  public readonly serviceRole: ServiceRole;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    const terminationWaitMinutes = props.terminationWaitMinutes ?? BlueGreenDeployment.DEFAULT_TERMINATION_WAIT_MINUTES;
    const deploymentConfig = props.deploymentConfig ?? BlueGreenDeployment.DEFAULT_DEPLOYMENT_CONFIG;
    const alarmNames = props.alarmNames ?? [];
    BlueGreenDeployment.validate(this.node.path, props, terminationWaitMinutes, deploymentConfig, alarmNames);

    const name = physicalName(props.naming, props.serviceName);
    this.application = new CodedeployApp(this, "application", { name, computePlatform: "ECS" });
    this.applicationName = this.application.name;

    const account = props.accountId ?? accountOfArn(props.productionListenerArn);
    this.serviceRole = new ServiceRole(this, "role", {
      name: `${name}${BlueGreenDeployment.ROLE_SUFFIX}`,
      description: `CodeDeploy blue/green deployments of ECS service ${props.serviceName}`,
      servicePrincipal: "codedeploy.amazonaws.com",
      // CodeDeploy sets aws:SourceAccount when it assumes the role:
      // https://docs.aws.amazon.com/codedeploy/latest/userguide/security_confused_deputy.html
      trustConditions: { StringEquals: { "aws:SourceAccount": account } },
      managedPolicyArns: [arnOf(this, { service: "iam", account: "aws", resource: `policy/${BlueGreenDeployment.MANAGED_POLICY}` })],
    });

    const alarms = alarmNames.length > 0;
    this.deploymentGroup = new CodedeployDeploymentGroup(this, "group", {
      appName: this.applicationName,
      deploymentGroupName: name,
      serviceRoleArn: this.serviceRole.roleArn,
      deploymentConfigName: deploymentConfig,
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      blueGreenDeploymentConfig: {
        // Move traffic as soon as the green tasks are healthy: nobody approves by hand.
        deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
        terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: terminationWaitMinutes },
      },
      ecsService: { clusterName: props.clusterName, serviceName: props.ecsServiceName },
      loadBalancerInfo: {
        targetGroupPairInfo: {
          prodTrafficRoute: { listenerArns: [props.productionListenerArn] },
          targetGroup: props.targetGroups.map((tg) => ({ name: tg.name })),
        },
      },
      autoRollbackConfiguration: {
        enabled: true,
        events: alarms ? ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] : ["DEPLOYMENT_FAILURE"],
      },
      ...(alarms ? { alarmConfiguration: { enabled: true, alarms: [...alarmNames] } } : {}),
      // CreateDeploymentGroup checks that the role can do its work: the managed policy
      // must be attached first (the role ARN alone does not order that).
      dependsOn: this.serviceRole.node.children.filter((c): c is IamRolePolicyAttachment => c instanceof IamRolePolicyAttachment),
    });
    this.deploymentGroupName = this.deploymentGroup.deploymentGroupName;
  }

  private static validate(path: string, props: BlueGreenDeploymentProps, waitMinutes: number, deploymentConfig: string, alarmNames: readonly string[]): void {
    const fail = (prop: string, value: unknown, problem: string): never => {
      throw new Error(`${path}: ${prop} ${problem}, got ${JSON.stringify(value)}`);
    };
    if (!DNS_LABEL_RE.test(props.serviceName)) fail("serviceName", props.serviceName, "must be a lowercase DNS label (a–z, 0–9, '-', starting with a letter)");
    if (
      !Token.isUnresolved(waitMinutes) &&
      !(Number.isInteger(waitMinutes) && waitMinutes >= 0 && waitMinutes <= BlueGreenDeployment.MAX_TERMINATION_WAIT_MINUTES)
    ) {
      fail("terminationWaitMinutes", waitMinutes, `must be an integer 0–${BlueGreenDeployment.MAX_TERMINATION_WAIT_MINUTES} (minutes)`);
    }
    const [blue, green] = props.targetGroups;
    for (const [i, tg] of props.targetGroups.entries()) {
      if (!Token.isUnresolved(tg.name) && !TARGET_GROUP_NAME_RE.test(tg.name)) {
        fail(`targetGroups[${i}].name`, tg.name, "must be a target group name: 1–32 letters, digits and '-', not starting or ending with '-'");
      }
    }
    if (blue.name === green.name) fail("targetGroups", [blue.name, green.name], "must name two different target groups (blue and green)");
    if (!Token.isUnresolved(props.productionListenerArn) && !LISTENER_ARN_RE.test(props.productionListenerArn)) {
      fail(
        "productionListenerArn",
        props.productionListenerArn,
        "must be a load balancer listener ARN (arn:<partition>:elasticloadbalancing:<region>:<account>:listener/…)",
      );
    }
    if (!Token.isUnresolved(deploymentConfig)) {
      if (deploymentConfig.trim() === "") fail("deploymentConfig", deploymentConfig, "must name a deployment config");
      // The predefined configs of other compute platforms (OneAtATime, LambdaAllAtOnce…) fail only at deploy time.
      if (deploymentConfig.startsWith("CodeDeployDefault.") && !deploymentConfig.startsWith("CodeDeployDefault.ECS")) {
        fail("deploymentConfig", deploymentConfig, "must be an ECS deployment config (CodeDeployDefault.ECS…) or a custom one");
      }
    }
    if (alarmNames.length > BlueGreenDeployment.MAX_ALARMS) {
      fail("alarmNames", alarmNames, `must list at most ${BlueGreenDeployment.MAX_ALARMS} alarms (CodeDeploy's limit per deployment group)`);
    }
    const repeated = alarmNames.filter((a, i) => alarmNames.indexOf(a) !== i);
    if (repeated.length > 0) fail("alarmNames", repeated, "must list each alarm once");
  }
}

/** ELB target group names. https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html */
const TARGET_GROUP_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

/** A listener ARN of an Application or Network Load Balancer. */
const LISTENER_ARN_RE = /^arn:[a-z-]+:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net)\/.+$/;

/** The account of an ARN: read from a literal, computed by Terraform from a reference. */
function accountOfArn(arn: string): string {
  return Token.isUnresolved(arn) ? accountIdOf(arn) : arn.split(":")[4];
}

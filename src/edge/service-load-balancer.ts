import { createHash } from "crypto";
import { Construct } from "constructs";
import { Token } from "cdktf";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import {
  DNS_LABEL_RE,
  ELB_HEALTH_CHECK_PATH_MAX_LENGTH,
  ELB_NAME_MAX_LENGTH,
  elbNameProblem,
  HEALTH_CHECK_PATH_RE,
  s3BucketNameProblem,
} from "../core/aws-facts";
import { parseCidr } from "../core/cidr";
import { ConnectableRef } from "../core/connections";
import { NamingContext, physicalName } from "../core/naming";
import { tierSecurityGroup } from "../core/security-group";
import { ServiceRef } from "../compute/service-ref";
import { NetworkRef } from "../network/network-ref";

/** Where the load balancer writes its access logs. */
export interface ServiceLoadBalancerAccessLogs {
  /** S3 bucket name, in the load balancer's region, whose policy lets ELB log delivery write. */
  readonly bucket: string;
  /**
   * Key prefix inside the bucket (ELB appends `AWSLogs/<account>/…`, so it must not contain `AWSLogs`).
   * @default none: logs go to the bucket's root
   */
  readonly prefix?: string;
}

/** Properties of a {@link ServiceLoadBalancer}. */
export interface ServiceLoadBalancerProps {
  /** Project and environment, for physical names. */
  readonly naming: NamingContext;
  /** The network: the load balancer's nodes go into its private subnets; its CIDR may reach the listeners. */
  readonly network: NetworkRef;
  /** Refuse deletion through the API (set it wherever the environment protects its database). */
  readonly deletionProtection: boolean;
  /**
   * Access logs to S3. An NLB writes them for TLS listeners only, so with the TCP listeners
   * this construct creates they stay empty; the API stage's access log is the request record.
   * @default none
   */
  readonly accessLogs?: ServiceLoadBalancerAccessLogs;
}

/** How {@link ServiceLoadBalancer.addService} fronts one service. */
export interface LoadBalancedServiceOptions {
  /** The listener's port (the platform assigns one per service): an integer 1–65535, unique on the load balancer. */
  readonly listenerPort: number;
  /** Path of the HTTP health check on the container port: starts with '/', e.g. `/health`. */
  readonly healthCheckPath: string;
  /**
   * A second ("alternate") target group for a CodeDeploy blue/green deployment, and a
   * listener whose default action Terraform leaves to CodeDeploy.
   * @default false
   */
  readonly blueGreen?: boolean;
}

/** What {@link ServiceLoadBalancer.addService} needs of a service: its name, container port, group, and `allowFrom`. */
export type LoadBalancedServiceRef = Pick<ServiceRef, "node" | "name" | "port" | "securityGroupId" | "allowFrom">;

/** What {@link ServiceLoadBalancer.addService} created for one service. */
export interface ServiceListener {
  /** The service's TCP listener. */
  readonly listener: LbListener;
  /** The listener's ARN (CodeDeploy's production listener). */
  readonly listenerArn: string;
  /** The listener's port: an integration's `http://<dnsName>:<listenerPort>/…`. */
  readonly listenerPort: number;
  /**
   * The target group the ECS service registers in at creation (its `load_balancer` block),
   * and that the listener forwards to until CodeDeploy swaps.
   */
  readonly targetGroup: LbTargetGroup;
  /** The second target group CodeDeploy deploys the replacement task set into; blue/green only. */
  readonly alternateTargetGroup?: LbTargetGroup;
}

/**
 * The internal Network Load Balancer in front of the public services: in the private
 * subnets, cross-zone, with a security group of its own; per service one TCP listener on
 * a port the caller assigns, forwarding to an `ip` target group on the container port
 * with an HTTP health check (and, for blue/green, a second target group).
 *
 * Traffic. The group admits each listener port from the VPC CIDR and nothing else, and
 * reaches each service only on its container port through the service's `allowFrom`,
 * which adds the egress rule here and the ingress rule on the service. Health checks
 * come from the load balancer's own nodes and, per the ELB guide, obey its outbound rules
 * but not its inbound ones, so that same egress rule carries them (health check port =
 * traffic port).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
 *
 * The REST API's VPC link (v1) arrives over PrivateLink. With inbound rules enforced on
 * PrivateLink traffic its source is API Gateway's address, not one in the VPC, and API
 * Gateway's ranges change without notice; API Gateway's guide says to turn the
 * evaluation off (`enforce_security_group_inbound_rules_on_private_link_traffic = off`),
 * which this construct does. PrivateLink reaches the load balancer only through an
 * endpoint service for it, and the VPC link's is the only one the platform creates, so
 * the VPC-CIDR rules still govern every other caller (the HTTP API's VPC link v2 ENIs
 * sit in the VPC).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-nlb-for-vpclink-using-console.html
 */
export class ServiceLoadBalancer extends Construct implements ConnectableRef {
  /** ELB's HTTP health check: these codes count as healthy (an NLB allows 200–599; 200-399 is its default). */
  static readonly HEALTH_CHECK_MATCHER = "200-399";
  /** Seconds between health checks (NLB: 5–300). */
  static readonly HEALTH_CHECK_INTERVAL_SECONDS = 10;
  /** Seconds a health check may take; less than the interval (NLB: 2–120). */
  static readonly HEALTH_CHECK_TIMEOUT_SECONDS = 5;
  /** Consecutive passes before a new task gets traffic (2–10). */
  static readonly HEALTHY_THRESHOLD = 3;
  /** Consecutive failures before a task stops getting traffic (2–10). */
  static readonly UNHEALTHY_THRESHOLD = 3;
  /**
   * Seconds a deregistering task keeps its connections. API Gateway waits 29 s (REST) or
   * 30 s (HTTP) for an integration by default, so 30 lets requests in flight finish;
   * ELB's default of 300 would hold every deployment for five minutes.
   */
  static readonly DEREGISTRATION_DELAY_SECONDS = 30;
  /**
   * PrivateLink traffic (the REST API's VPC link) is not held to the inbound rules; see
   * the class comment.
   */
  static readonly ENFORCE_INBOUND_RULES_ON_PRIVATE_LINK = "off";
  /** Characters of the hash that ends each target group name. */
  static readonly TARGET_GROUP_HASH_LENGTH = 6;

  /** The load balancer. */
  public readonly loadBalancer: Lb;
  /** Its ARN (a VPC link v1's target). */
  public readonly loadBalancerArn: string;
  /** Its DNS name (`internal-….elb.<region>.amazonaws.com`): integrations call `http://<dnsName>:<listenerPort>`. */
  public readonly dnsName: string;
  /** The load balancer's security group. */
  public readonly securityGroup: SecurityGroup;
  /** Its id (for `allowFrom`). */
  public readonly securityGroupId: string;

  private readonly naming: NamingContext;
  private readonly network: NetworkRef;
  private readonly services: Construct;
  private readonly listeners = new Map<string, ServiceListener>();
  private readonly ports = new Map<number, string>();

  constructor(scope: Construct, id: string, props: ServiceLoadBalancerProps) {
    super(scope, id);
    this.naming = props.naming;
    this.network = props.network;
    const name = physicalName(props.naming, "nlb");
    if (props.network.privateSubnetIds.length === 0) {
      throw new Error(`${this.node.path}: network.privateSubnetIds must list at least one subnet, got none`);
    }
    const nameProblem = elbNameProblem(name, "load balancer");
    if (nameProblem) {
      throw new Error(
        `${this.node.path}: the load balancer name ${JSON.stringify(name)} (<project>-<env>-nlb) ${nameProblem}; use a shorter project or environment name`,
      );
    }
    const cidr = props.network.vpcCidr;
    if (!Token.isUnresolved(cidr)) {
      const parsed = parseCidr(cidr);
      if (typeof parsed === "string") throw new Error(`${this.node.path}: network.vpcCidr ${parsed}, got ${JSON.stringify(cidr)}`);
    }
    const logs = props.accessLogs;
    if (logs) {
      const bucketProblem = Token.isUnresolved(logs.bucket) ? undefined : s3BucketNameProblem(logs.bucket);
      if (bucketProblem) throw new Error(`${this.node.path}: accessLogs.bucket ${bucketProblem}, got ${JSON.stringify(logs.bucket)}`);
      const prefix = logs.prefix;
      if (prefix !== undefined && !Token.isUnresolved(prefix) && (prefix === "" || prefix.includes("AWSLogs"))) {
        throw new Error(
          `${this.node.path}: accessLogs.prefix must be non-empty (omit it for the bucket's root) and must not contain "AWSLogs" (ELB appends it), got ${JSON.stringify(prefix)}`,
        );
      }
    }

    this.securityGroup = tierSecurityGroup(this, "sg", {
      name,
      vpcId: props.network.vpcId,
      description: "Service NLB: listener ports from the VPC only; egress only to each service port",
    });
    this.securityGroupId = this.securityGroup.id;

    this.loadBalancer = new Lb(this, "lb", {
      name,
      loadBalancerType: "network",
      internal: true,
      subnets: props.network.privateSubnetIds,
      // An NLB takes security groups only if it is created with one: the API refuses to add
      // the first one later, and the provider plans a replacement for it.
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSecurityGroups.html
      // (hashicorp/terraform-provider-aws internal/service/elbv2/load_balancer.go, customizeDiffLoadBalancerNLB)
      securityGroups: [this.securityGroupId],
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: ServiceLoadBalancer.ENFORCE_INBOUND_RULES_ON_PRIVATE_LINK,
      // Each node serves every AZ's targets, so a service with tasks in one AZ answers in all.
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: props.deletionProtection,
      // `enabled` defaults to false even with a bucket (aws_lb docs, access_logs).
      accessLogs: logs ? { bucket: logs.bucket, prefix: logs.prefix, enabled: true } : undefined,
    });
    this.loadBalancerArn = this.loadBalancer.arn;
    this.dnsName = this.loadBalancer.dnsName;
    this.services = new Construct(this, "services");
  }

  /**
   * Fronts `service`: a TCP listener on `options.listenerPort` that forwards to an `ip`
   * target group on the container port (HTTP health check on `options.healthCheckPath`),
   * the listener port opened from the VPC, and the service admitting this load balancer
   * on its port. With `options.blueGreen`, a second target group and a listener whose
   * forward target Terraform ignores: CodeDeploy swaps it at each deployment.
   *
   * The ECS service registers through a `load_balancer` block naming `targetGroup`, the
   * container and its port.
   */
  addService(service: LoadBalancedServiceRef, options: LoadBalancedServiceOptions): ServiceListener {
    const { name, port } = service;
    const { listenerPort, healthCheckPath } = options;
    const blueGreen = options.blueGreen ?? false;
    const where = `${this.node.path}: service ${JSON.stringify(name)}`;
    if (!DNS_LABEL_RE.test(name)) {
      throw new Error(`${where}: the name must be a DNS label (a–z, 0–9 and '-', starting with a letter), as it names the target groups`);
    }
    if (this.listeners.has(name)) throw new Error(`${where}: is already behind this load balancer; service names must be unique`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${where}: port must be an integer 1–65535, got ${port}`);
    if (!Number.isInteger(listenerPort) || listenerPort < 1 || listenerPort > 65535) {
      throw new Error(`${where}: listenerPort must be an integer 1–65535, got ${listenerPort}`);
    }
    const owner = this.ports.get(listenerPort);
    if (owner !== undefined) {
      throw new Error(`${where}: listenerPort ${listenerPort} is already the listener of service ${JSON.stringify(owner)}; listener ports must be unique`);
    }
    if (!HEALTH_CHECK_PATH_RE.test(healthCheckPath) || healthCheckPath.length > ELB_HEALTH_CHECK_PATH_MAX_LENGTH) {
      throw new Error(
        `${where}: healthCheckPath must start with '/', use only letters, digits and ._~-/?=&%+ and have at most ${ELB_HEALTH_CHECK_PATH_MAX_LENGTH} characters, got ${JSON.stringify(healthCheckPath)}`,
      );
    }

    // The user's name gets a scope of its own, so it cannot clash with our ids.
    const scope = new Construct(this.services, name);
    const targetGroup = this.targetGroup(scope, "target-group", service, healthCheckPath, "primary");
    const alternateTargetGroup = blueGreen ? this.targetGroup(scope, "alternate-target-group", service, healthCheckPath, "alternate") : undefined;

    const listener = new LbListener(scope, "listener", {
      loadBalancerArn: this.loadBalancerArn,
      port: listenerPort,
      protocol: "TCP",
      defaultAction: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      // CodeDeploy moves the production listener between the two target groups at every
      // deployment; Terraform sets the first one and must not move it back.
      // https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-load-balancer-for-ecs.html
      lifecycle: blueGreen ? { ignoreChanges: ["default_action"] } : undefined,
    });

    new VpcSecurityGroupIngressRule(scope, "listener-ingress", {
      securityGroupId: this.securityGroupId,
      cidrIpv4: this.network.vpcCidr,
      ipProtocol: "tcp",
      fromPort: listenerPort,
      toPort: listenerPort,
      description: `Listener of ${name} from the VPC (API Gateway VPC links)`,
    });
    // Egress here and ingress on the service, on the container port: traffic and health checks.
    service.allowFrom(this, `Service NLB to ${name} (traffic and health checks)`);

    const result: ServiceListener = { listener, listenerArn: listener.arn, listenerPort, targetGroup, alternateTargetGroup };
    this.listeners.set(name, result);
    this.ports.set(listenerPort, name);
    return result;
  }

  /** What {@link addService} created for the service named `serviceName`, if it was added. */
  listenerOf(serviceName: string): ServiceListener | undefined {
    return this.listeners.get(serviceName);
  }

  /**
   * One `ip` target group on the container port.
   *
   * Its name is `<project>-<env>-<service>` (cut to fit) and a hash of everything that
   * makes AWS replace a target group (port, protocol, target type, the VPC by its CIDR)
   * plus the role. A replacement therefore gets a new name, which `create_before_destroy`
   * needs: the new group exists, the listener and the ECS service move to it, and only
   * then does the old one go (a group in use cannot be deleted). ELB's `name_prefix`
   * would do the same with at most 6 readable characters.
   */
  private targetGroup(scope: Construct, id: string, service: LoadBalancedServiceRef, healthCheckPath: string, role: "primary" | "alternate"): LbTargetGroup {
    const base = physicalName(this.naming, service.name);
    // A token's text depends on construction order: only a literal CIDR keeps the name stable.
    const vpcCidr = Token.isUnresolved(this.network.vpcCidr) ? undefined : this.network.vpcCidr;
    const replacedBy = { port: service.port, protocol: "TCP", targetType: "ip", vpcCidr };
    const hashLength = ServiceLoadBalancer.TARGET_GROUP_HASH_LENGTH;
    const hash = createHash("sha256")
      .update(JSON.stringify({ base, role, ...replacedBy }))
      .digest("hex")
      .slice(0, hashLength);
    const name = `${base.slice(0, ELB_NAME_MAX_LENGTH - hashLength - 1).replace(/-+$/, "")}-${hash}`;
    const problem = elbNameProblem(name, "target group");
    if (problem) throw new Error(`${this.node.path}: service ${JSON.stringify(service.name)}: the target group name ${JSON.stringify(name)} ${problem}`);
    return new LbTargetGroup(scope, id, {
      name,
      targetType: replacedBy.targetType,
      protocol: replacedBy.protocol,
      port: replacedBy.port,
      vpcId: this.network.vpcId,
      deregistrationDelay: String(ServiceLoadBalancer.DEREGISTRATION_DELAY_SECONDS),
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        path: healthCheckPath,
        port: "traffic-port",
        matcher: ServiceLoadBalancer.HEALTH_CHECK_MATCHER,
        interval: ServiceLoadBalancer.HEALTH_CHECK_INTERVAL_SECONDS,
        timeout: ServiceLoadBalancer.HEALTH_CHECK_TIMEOUT_SECONDS,
        healthyThreshold: ServiceLoadBalancer.HEALTHY_THRESHOLD,
        unhealthyThreshold: ServiceLoadBalancer.UNHEALTHY_THRESHOLD,
      },
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: role === "primary" ? base : `${base}-alternate` },
    });
  }
}

import { Construct } from "constructs";
import { Fn, Lazy, Token } from "cdktf";
import { ApiGatewayApiKey } from "@cdktf/provider-aws/lib/api-gateway-api-key";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { ApiGatewayUsagePlan } from "@cdktf/provider-aws/lib/api-gateway-usage-plan";
import { ApiGatewayUsagePlanKey } from "@cdktf/provider-aws/lib/api-gateway-usage-plan-key";
import { ApiGatewayVpcLink } from "@cdktf/provider-aws/lib/api-gateway-vpc-link";
import { DNS_LABEL_RE, LogRetentionDays, PATH_PREFIX_RE } from "../core/aws-facts";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { EncryptedLogGroup } from "../core/log-group";
import { NamingContext, physicalName } from "../core/naming";
import { ApiGatewayCloudWatchRole } from "./api-gateway-cloudwatch-role";
import { ApiThrottle, checkApiThrottle } from "./api-throttle";

/** The Network Load Balancer the REST API's VPC link (v1) targets. */
export interface RestApiVpcLinkTarget {
  /** The NLB's ARN: a VPC link v1 targets network load balancers only. */
  readonly loadBalancerArn: string;
  /** The NLB's DNS name: the integrations' URI host (`http://<dnsName>:<listener port>/…`). */
  readonly dnsName: string;
}

/** Execution logging of the stage's methods (`aws_api_gateway_method_settings.settings.logging_level`). */
export type RestApiExecutionLogging = "OFF" | "ERROR";

/** Properties of a {@link RestApi}. */
export interface RestApiProps {
  /** Project and environment, for physical names. */
  readonly naming: NamingContext;
  /** The internal NLB in front of the services: one listener per service. */
  readonly vpcLinkTarget: RestApiVpcLinkTarget;
  /** Stage-wide throttling of every method (`*\/*` method settings). */
  readonly throttle: ApiThrottle;
  /**
   * Per-method CloudWatch metrics; they cost extra.
   * @default false
   */
  readonly detailedMetrics?: boolean;
  /**
   * X-Ray tracing of the stage.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Execution logging of every method, into `API-Gateway-Execution-Logs_<api id>/<stage>`,
   * a group this construct creates encrypted and with retention (API Gateway would
   * otherwise create it itself, unencrypted and kept forever). `INFO` is not offered: it
   * logs request details the access log already has, at much higher volume.
   * @default "ERROR" (Security Hub APIGateway.1 asks for ERROR or INFO)
   */
  readonly executionLogging?: RestApiExecutionLogging;
  /** Days the access (and execution) log groups keep events. */
  readonly logRetentionDays: LogRetentionDays;
  /** KMS key that encrypts the log groups (its policy admits CloudWatch Logs). */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Who sets the region's API Gateway CloudWatch role, which REST stages need for access
   * logs and execution logs alike (see {@link ApiGatewayCloudWatchRole}):
   * - `"create"`: this construct creates the role and the account setting, and the stage
   *   waits for them;
   * - `"existing"`: the account already has one (set by another stack, or by hand); the
   *   stage fails to create if it has not.
   * @default "create"
   */
  readonly cloudWatchRole?: "create" | "existing";
  /**
   * Turn off the default `execute-api` endpoint. Keep it off whenever a custom domain
   * fronts the API: otherwise clients can bypass Cloudflare (and its TLS and rate
   * limits) by calling `https://<id>.execute-api.<region>.amazonaws.com/<stage>` directly.
   * @default true
   */
  readonly disableExecuteApiEndpoint?: boolean;
}

/** What {@link RestApi.addService} needs of a service: its name (for messages and descriptions). */
export interface RestApiServiceRef {
  /** Service name (`orders`). */
  readonly name: string;
}

/** How {@link RestApi.addService} routes to one service. */
export interface RestApiServiceOptions {
  /** Path the service's resources live under: starts with '/', no trailing '/', e.g. `/orders` or `/v1/orders`. */
  readonly pathPrefix: string;
  /** The NLB listener port in front of the service. */
  readonly listenerPort: number;
  /**
   * Forward paths without the prefix (`/orders/a/b` → `/a/b`, `/orders` → `/`).
   * @default false (the backend sees the full path)
   */
  readonly stripPrefix?: boolean;
  /**
   * Also route `/` and `/{proxy+}` at the API root (every path no other resource
   * matches, unchanged) to this service: the REST form of the HTTP flavor's `$default`;
   * at most one service per API.
   * @default false
   */
  readonly defaultRoute?: boolean;
  /**
   * Limits of this service's methods instead of the stage's.
   * @default none: the stage-wide {@link RestApiProps.throttle}
   */
  readonly throttle?: ApiThrottle;
}

/** One `ANY` method of the API and where it goes. */
export interface RestApiRoute {
  /** The resource path (`/orders/{proxy+}`, `/` for the root). */
  readonly path: string;
  /** The resource; undefined for the root, which the API owns. */
  readonly resource?: ApiGatewayResource;
  /** The `ANY` method. */
  readonly method: ApiGatewayMethod;
  /** Its `HTTP_PROXY` integration through the VPC link. */
  readonly integration: ApiGatewayIntegration;
  /** The method's own throttle settings, when the service has a throttle. */
  readonly settings?: ApiGatewayMethodSettings;
}

/** What {@link RestApi.addService} created for one service. */
export interface RestApiServiceRoutes {
  /** Every route created for the service, by resource path. */
  readonly routes: Readonly<Record<string, RestApiRoute>>;
}

/** Usage-plan quota periods (`aws_api_gateway_usage_plan.quota_settings.period`). */
export const QUOTA_PERIODS = ["DAY", "WEEK", "MONTH"] as const;
/** One of {@link QUOTA_PERIODS}. */
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/** A client profile: one usage plan on the stage. */
export interface RestApiClientProfile {
  /** Profile name, a lowercase DNS label (`partner`); the plan is named `<project>-<env>-<name>`. */
  readonly name: string;
  /** Steady-state requests per second of each client of the profile, > 0. */
  readonly rateLimit: number;
  /** Burst (bucket size) of each client of the profile, an integer > 0. */
  readonly burstLimit: number;
  /**
   * Requests each client may make per period.
   * @default none: no quota
   */
  readonly quota?: { readonly limit: number; readonly period: QuotaPeriod };
}

/** A client: one API key in its profile's usage plan. */
export interface RestApiClient {
  /** Client name, a lowercase DNS label (`acme`); the key is named `<project>-<env>-<name>`. */
  readonly name: string;
  /** The name of a profile added with {@link RestApi.addClientProfile}. */
  readonly profile: string;
}

/** What {@link RestApi.addClient} created. */
export interface RestApiClientKey {
  /** The API key (its value is generated by API Gateway and never set or output here). */
  readonly apiKey: ApiGatewayApiKey;
  /** The key's id, for outputs (`aws apigateway get-api-key --api-key <id> --include-value` reads the value). */
  readonly apiKeyId: string;
  /** The key's membership in the profile's usage plan. */
  readonly usagePlanKey: ApiGatewayUsagePlanKey;
}

/**
 * The environment's public REST API (regional): a VPC link (v1) to the internal NLB and
 * per service the resources `<prefix>` and `<prefix>/{proxy+}` with `ANY` methods whose
 * `HTTP_PROXY` integrations call `http://<nlb dns>:<listener port>/…`; a deployment that
 * is replaced whenever a method or integration changes, and one stage with JSON access
 * logs, method-level throttling and metrics, execution logging and optional X-Ray.
 *
 * Client profiles become usage plans on the stage and clients become API keys in them;
 * as soon as one profile exists every method requires an API key (header `x-api-key`),
 * whenever it was added. Without profiles the methods are open (authorization `NONE`),
 * as in the HTTP flavor: the documented exception to CKV_AWS_309 — the API is public by
 * design, each service authenticates its own callers, and Cloudflare plus stage
 * throttling sit in front.
 *
 * Routing, compared with the HTTP flavor: `defaultRoute` maps `/` and `/{proxy+}`, which
 * REST matches after every more specific resource. An intermediate resource of a nested
 * prefix (`/v1` of `/v1/orders`) has no method of its own, so `/v1` itself answers 403
 * rather than going to the default service.
 */
export class RestApi extends Construct {
  /** @default true */
  static readonly DEFAULT_DISABLE_EXECUTE_API_ENDPOINT = true;
  /** @default false */
  static readonly DEFAULT_DETAILED_METRICS = false;
  /** @default false */
  static readonly DEFAULT_TRACING = false;
  /** @default "create" */
  static readonly DEFAULT_CLOUDWATCH_ROLE: "create" | "existing" = "create";
  /** @default "ERROR" */
  static readonly DEFAULT_EXECUTION_LOGGING: RestApiExecutionLogging = "ERROR";
  /**
   * The one stage. Its name never reaches the backends: the custom domain maps the stage
   * at its root (an empty base path), so clients and services see paths without it.
   */
  static readonly STAGE_NAME = "live";
  /** The JSON fields of each access log line (REST API `$context` variables). */
  static readonly ACCESS_LOG_FORMAT: Readonly<Record<string, string>> = {
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    ip: "$context.identity.sourceIp",
    requestTime: "$context.requestTime",
    protocol: "$context.protocol",
    httpMethod: "$context.httpMethod",
    path: "$context.path",
    resourcePath: "$context.resourcePath",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integration.latency",
    integrationStatus: "$context.integration.status",
    integrationError: "$context.integration.error",
    errorMessage: "$context.error.message",
    // The key's id, never its value: which client called.
    apiKeyId: "$context.identity.apiKeyId",
  };

  /** The REST API resource. */
  public readonly api: ApiGatewayRestApi;
  /** API id. */
  public readonly apiId: string;
  /** The VPC link (v1) to the NLB. */
  public readonly vpcLink: ApiGatewayVpcLink;
  /** The deployment the stage serves; replaced whenever a method or integration changes. */
  public readonly deployment: ApiGatewayDeployment;
  /** The stage. */
  public readonly stage: ApiGatewayStage;
  /** The stage's name: referencing it orders a mapping or usage plan after the stage. */
  public readonly stageName: string;
  /** The access log group. */
  public readonly accessLogs: EncryptedLogGroup;
  /** The execution log group, unless execution logging is `OFF`. */
  public readonly executionLogs?: EncryptedLogGroup;
  /** The stage-wide method settings (`*\/*`). */
  public readonly methodSettings: ApiGatewayMethodSettings;
  /** The region's CloudWatch role and account setting, when this construct creates them. */
  public readonly cloudWatchRole?: ApiGatewayCloudWatchRole;
  /** Every route, by resource path. */
  public readonly routes: Record<string, RestApiRoute> = {};
  /** Every usage plan, by profile name. */
  public readonly usagePlans: Record<string, ApiGatewayUsagePlan> = {};
  /** Every client's API key id, by client name (for outputs; never the values). */
  public readonly apiKeyIds: Record<string, string> = {};

  private readonly naming: NamingContext;
  private readonly dnsName: string;
  private readonly detailedMetrics: boolean;
  private readonly executionLogging: RestApiExecutionLogging;
  private readonly resources = new Map<string, ApiGatewayResource>();
  private readonly owners = new Map<string, string>();
  private readonly services = new Set<string>();
  private readonly clients = new Set<string>();
  /** What the deployment hash covers: every value of a resource, method or integration that a deployment snapshots. */
  private readonly deploymentInputs: unknown[] = [];
  private readonly resourceScope: Construct;
  private readonly routeScope: Construct;
  private readonly profileScope: Construct;
  private readonly clientScope: Construct;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    this.naming = props.naming;
    this.detailedMetrics = props.detailedMetrics ?? RestApi.DEFAULT_DETAILED_METRICS;
    this.executionLogging = props.executionLogging ?? RestApi.DEFAULT_EXECUTION_LOGGING;
    const tracing = props.tracing ?? RestApi.DEFAULT_TRACING;
    const disableExecuteApi = props.disableExecuteApiEndpoint ?? RestApi.DEFAULT_DISABLE_EXECUTE_API_ENDPOINT;
    const cloudWatchRole = props.cloudWatchRole ?? RestApi.DEFAULT_CLOUDWATCH_ROLE;
    checkApiThrottle(this.node.path, "throttle", props.throttle);
    const nlbArn = props.vpcLinkTarget.loadBalancerArn;
    if (!Token.isUnresolved(nlbArn) && !/^arn:[a-z-]+:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/net\/[^/]+\/[0-9a-f]+$/.test(nlbArn)) {
      throw new Error(
        `${this.node.path}: vpcLinkTarget.loadBalancerArn must be a Network Load Balancer's ARN (a VPC link v1 targets NLBs only), got ${JSON.stringify(nlbArn)}`,
      );
    }
    if (!(["OFF", "ERROR"] as const).includes(this.executionLogging)) {
      throw new Error(`${this.node.path}: executionLogging must be "OFF" or "ERROR", got ${JSON.stringify(this.executionLogging)}`);
    }
    if (cloudWatchRole !== "create" && cloudWatchRole !== "existing") {
      throw new Error(`${this.node.path}: cloudWatchRole must be "create" or "existing", got ${JSON.stringify(cloudWatchRole)}`);
    }
    this.dnsName = props.vpcLinkTarget.dnsName;

    const name = physicalName(props.naming, "api");
    this.api = new ApiGatewayRestApi(this, "api", {
      name,
      description: `${physicalName(props.naming)}: public entry to the services`,
      endpointConfiguration: { types: ["REGIONAL"] },
      disableExecuteApiEndpoint: disableExecuteApi,
      // Clients send their key in the x-api-key header (the alternative, AUTHORIZER, needs a Lambda authorizer).
      apiKeySource: "HEADER",
    });
    this.apiId = this.api.id;

    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_vpc_link
    this.vpcLink = new ApiGatewayVpcLink(this, "vpc-link", {
      name: physicalName(props.naming, "rest-vpc-link"),
      description: `${name}: private integrations to the internal NLB`,
      targetArns: [nlbArn],
    });

    this.accessLogs = new EncryptedLogGroup(this, "access-logs", {
      name: `/aws/apigateway/${name}/access`,
      logRetentionDays: props.logRetentionDays,
      encryptionKey: props.encryptionKey,
    });
    if (this.executionLogging !== "OFF") {
      // The name API Gateway writes execution logs to; created first, so it is ours
      // (encrypted, with retention) and not one API Gateway creates on first write.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
      this.executionLogs = new EncryptedLogGroup(this, "execution-logs", {
        name: `API-Gateway-Execution-Logs_${this.apiId}/${RestApi.STAGE_NAME}`,
        logRetentionDays: props.logRetentionDays,
        encryptionKey: props.encryptionKey,
      });
    }
    if (cloudWatchRole === "create") {
      this.cloudWatchRole = new ApiGatewayCloudWatchRole(this, "cloudwatch-role", { naming: props.naming });
    }

    this.resourceScope = new Construct(this, "resources");
    this.routeScope = new Construct(this, "routes");
    this.profileScope = new Construct(this, "client-profiles");
    this.clientScope = new Construct(this, "clients");

    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_deployment
    // A deployment is a snapshot: changing a method or integration in place changes
    // nothing clients see until a new deployment exists. The hash covers the ids and the
    // values the snapshot takes (the URI follows the NLB's DNS name, api_key_required the
    // profiles), so any change replaces the deployment — created before the old one is
    // destroyed, as the stage still points at it.
    this.deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: this.apiId,
      description: `${name}: every resource, method and integration`,
      triggers: {
        redeployment: Lazy.stringValue({ produce: () => Fn.sha1(Fn.jsonencode(this.deploymentInputs)) }),
      },
      lifecycle: { createBeforeDestroy: true },
    });
    this.node.addValidation({
      validate: () =>
        this.services.size === 0
          ? [`${this.node.path}: a REST API needs at least one service (addService): API Gateway refuses to deploy an API without methods`]
          : [],
    });

    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_stage
    this.stage = new ApiGatewayStage(this, "stage", {
      restApiId: this.apiId,
      stageName: RestApi.STAGE_NAME,
      deploymentId: this.deployment.id,
      description: `${name}: the stage the custom domain serves`,
      accessLogSettings: {
        destinationArn: this.accessLogs.logGroupArn,
        // A log line template, not a document: a plain string keeps its field order.
        format: JSON.stringify(RestApi.ACCESS_LOG_FORMAT),
      },
      xrayTracingEnabled: tracing,
      // Access logs need the region's CloudWatch role as well (see ApiGatewayCloudWatchRole).
      dependsOn: this.cloudWatchRole ? [this.cloudWatchRole.account] : undefined,
    });
    this.stageName = this.stage.stageName;

    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_method_settings
    this.methodSettings = this.settings(this, "method-settings", "*/*", props.throttle);
  }

  /**
   * Routes `<pathPrefix>` and `<pathPrefix>/{proxy+}` (and, with `options.defaultRoute`,
   * `/` and `/{proxy+}`) to the service's NLB listener through the VPC link. Nested
   * prefixes (`/v1/orders`) get their intermediate resources, shared with other services.
   *
   * Backend paths: without `stripPrefix` the service sees the request path
   * (`/orders` → `/orders`, `/orders/a/b` → `/orders/a/b`); with it, the path after the
   * prefix (`/orders` → `/`, `/orders/a/b` → `/a/b`). The root routes always forward the
   * path unchanged. With `options.throttle` the service's methods get their own limits.
   *
   * Throws, before creating anything, on a malformed prefix, a listener port outside
   * 1–65535, a service added twice or a path another service already routes.
   */
  addService(service: RestApiServiceRef, options: RestApiServiceOptions): RestApiServiceRoutes {
    const name = service.name;
    const where = `${this.node.path}: service ${JSON.stringify(name)}`;
    const prefix = options.pathPrefix;
    if (this.services.has(name)) {
      throw new Error(`${where}: is already added; service names must be unique`);
    }
    if (!PATH_PREFIX_RE.test(prefix)) {
      throw new Error(
        `${where}: pathPrefix must start with '/', have no trailing '/' and use URL-safe segments (no '{', '$' or spaces), got ${JSON.stringify(prefix)}`,
      );
    }
    const port = options.listenerPort;
    if (!Token.isUnresolved(port) && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      throw new Error(`${where}: listenerPort must be an integer 1–65535, got ${port}`);
    }
    if (options.throttle) checkApiThrottle(this.node.path, `service ${name} throttle`, options.throttle);
    const strip = options.stripPrefix ?? false;
    const specs = [
      { path: prefix, backend: strip ? "/" : prefix, proxy: false },
      { path: `${prefix}/{proxy+}`, backend: strip ? "/{proxy}" : `${prefix}/{proxy}`, proxy: true },
      ...(options.defaultRoute
        ? [
            { path: "/", backend: "/", proxy: false },
            { path: "/{proxy+}", backend: "/{proxy}", proxy: true },
          ]
        : []),
    ];
    for (const { path } of specs) {
      const owner = this.owners.get(path);
      if (owner !== undefined) {
        const what = path === "/" || path === "/{proxy+}" ? " (the default route)" : "";
        throw new Error(`${where}: path ${JSON.stringify(path)}${what} is already routed to service ${JSON.stringify(owner)}; paths must be unique`);
      }
    }
    this.services.add(name);
    specs.forEach(({ path }) => this.owners.set(path, name));

    const routes: Record<string, RestApiRoute> = {};
    for (const spec of specs) {
      routes[spec.path] = this.route(spec.path, `http://${this.dnsName}:${port}${spec.backend}`, spec.proxy, options.throttle);
    }
    Object.assign(this.routes, routes);
    return { routes };
  }

  /**
   * Adds a usage plan on the stage for one client profile: its throttle for each client,
   * and its quota if any. From now on every method requires an API key (those added later too).
   * Throws on a malformed or repeated name, limits that are not positive, or an unknown quota period.
   */
  addClientProfile(profile: RestApiClientProfile): ApiGatewayUsagePlan {
    const where = `${this.node.path}: client profile ${JSON.stringify(profile.name)}`;
    if (!DNS_LABEL_RE.test(profile.name)) {
      throw new Error(`${where}: name must be a lowercase DNS label (a–z, 0–9, '-', starting with a letter, at most 63)`);
    }
    if (this.usagePlans[profile.name]) throw new Error(`${where}: is already added; profile names must be unique`);
    checkApiThrottle(this.node.path, `client profile ${profile.name}`, profile);
    const quota = profile.quota;
    if (quota) {
      if (!Token.isUnresolved(quota.limit) && !(Number.isInteger(quota.limit) && quota.limit > 0)) {
        throw new Error(`${where}: quota.limit must be an integer > 0, got ${quota.limit}`);
      }
      if (!(QUOTA_PERIODS as readonly string[]).includes(quota.period)) {
        throw new Error(`${where}: quota.period must be one of ${QUOTA_PERIODS.join(", ")}, got ${JSON.stringify(quota.period)}`);
      }
    }
    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_usage_plan
    const plan = new ApiGatewayUsagePlan(this.profileScope, profile.name, {
      name: physicalName(this.naming, profile.name),
      description: `Client profile ${profile.name}: ${profile.rateLimit} req/s, burst ${profile.burstLimit}${quota ? `, ${quota.limit} per ${quota.period}` : ""}`,
      // The stage's name by reference: the plan waits for the stage.
      apiStages: [{ apiId: this.apiId, stage: this.stageName }],
      throttleSettings: { burstLimit: profile.burstLimit, rateLimit: profile.rateLimit },
      quotaSettings: quota ? { limit: quota.limit, period: quota.period } : undefined,
    });
    this.usagePlans[profile.name] = plan;
    return plan;
  }

  /**
   * Adds an API key for one client, in its profile's usage plan. The key's value is
   * generated by API Gateway: it is never in the configuration, the plan or an output
   * (only in the state); read it with `aws apigateway get-api-key --api-key <id> --include-value`.
   * Throws on a malformed or repeated name, or a profile not added before.
   */
  addClient(client: RestApiClient): RestApiClientKey {
    const where = `${this.node.path}: client ${JSON.stringify(client.name)}`;
    if (!DNS_LABEL_RE.test(client.name)) {
      throw new Error(`${where}: name must be a lowercase DNS label (a–z, 0–9, '-', starting with a letter, at most 63)`);
    }
    if (this.clients.has(client.name)) throw new Error(`${where}: is already added; client names must be unique`);
    const plan = this.usagePlans[client.profile];
    if (!plan) {
      const known = Object.keys(this.usagePlans);
      throw new Error(
        `${where}: profile ${JSON.stringify(client.profile)} is not a client profile of this API (known: ${known.length ? known.join(", ") : "none"}); add it with addClientProfile first`,
      );
    }
    this.clients.add(client.name);
    const scope = new Construct(this.clientScope, client.name);
    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_api_key
    // No `value`: API Gateway generates one, so no secret is ever in the configuration.
    const apiKey = new ApiGatewayApiKey(scope, "key", {
      name: physicalName(this.naming, client.name),
      description: `Client ${client.name} (profile ${client.profile})`,
      enabled: true,
    });
    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_usage_plan_key
    const usagePlanKey = new ApiGatewayUsagePlanKey(scope, "plan-key", {
      keyId: apiKey.id,
      keyType: "API_KEY",
      usagePlanId: plan.id,
    });
    this.apiKeyIds[client.name] = apiKey.id;
    return { apiKey, apiKeyId: apiKey.id, usagePlanKey };
  }

  /** The resource at `path` (and its ancestors), created once and shared by the services under it; undefined for the root. */
  private resourceAt(path: string): ApiGatewayResource | undefined {
    if (path === "/") return undefined;
    const found = this.resources.get(path);
    if (found) return found;
    const cut = path.lastIndexOf("/");
    const parentPath = cut === 0 ? "/" : path.slice(0, cut);
    const parent = this.resourceAt(parentPath);
    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_resource
    const resource = new ApiGatewayResource(this.resourceScope, escapePath(path), {
      restApiId: this.apiId,
      parentId: parent ? parent.id : this.api.rootResourceId,
      pathPart: path.slice(cut + 1),
    });
    this.resources.set(path, resource);
    this.deploymentInputs.push(resource.id);
    return resource;
  }

  private route(path: string, uri: string, proxy: boolean, throttle: ApiThrottle | undefined): RestApiRoute {
    const resource = this.resourceAt(path);
    const resourceId = resource ? resource.id : this.api.rootResourceId;
    const scope = new Construct(this.routeScope, escapePath(path));
    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_method
    const method = new ApiGatewayMethod(scope, "method", {
      restApiId: this.apiId,
      resourceId,
      httpMethod: "ANY",
      // Documented exception (see the class comment): public API, auth in the services;
      // API keys identify and meter clients once profiles exist.
      authorization: "NONE",
      apiKeyRequired: Lazy.anyValue({ produce: () => Object.keys(this.usagePlans).length > 0 }),
      requestParameters: proxy ? { "method.request.path.proxy": true } : undefined,
    });
    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_integration
    const integration = new ApiGatewayIntegration(scope, "integration", {
      restApiId: this.apiId,
      resourceId,
      // By reference: the integration waits for its method.
      httpMethod: method.httpMethod,
      type: "HTTP_PROXY",
      integrationHttpMethod: "ANY",
      connectionType: "VPC_LINK",
      connectionId: this.vpcLink.id,
      // For a private integration the URI sets the Host header and the path; the VPC
      // link picks the NLB, and the port picks the service's listener.
      uri,
      // The greedy {proxy+} segment fills the URI's {proxy}.
      requestParameters: proxy ? { "integration.request.path.proxy": "method.request.path.proxy" } : undefined,
    });
    const settings = throttle ? this.settings(scope, "settings", `${escapePath(path)}/ANY`, throttle) : undefined;
    this.deploymentInputs.push({
      method: method.id,
      apiKeyRequired: method.apiKeyRequired,
      authorization: method.authorization,
      integration: integration.id,
      uri: integration.uri,
      connectionId: integration.connectionId,
      requestParameters: integration.requestParameters,
    });
    return { path, resource, method, integration, settings };
  }

  /** Method settings for `methodPath` (`*\/*`, or `<escaped resource path>/ANY`) with `throttle`. */
  private settings(scope: Construct, id: string, methodPath: string, throttle: ApiThrottle): ApiGatewayMethodSettings {
    return new ApiGatewayMethodSettings(scope, id, {
      restApiId: this.apiId,
      // By reference: settings wait for the stage they change.
      stageName: this.stage.stageName,
      methodPath,
      settings: {
        throttlingBurstLimit: throttle.burstLimit,
        throttlingRateLimit: throttle.rateLimit,
        metricsEnabled: this.detailedMetrics,
        loggingLevel: this.executionLogging,
        // Request and response bodies never go to the logs.
        dataTraceEnabled: false,
      },
      // Execution logs go to a group we created, never to one API Gateway creates first.
      dependsOn: this.executionLogs ? [this.executionLogs.logGroup] : undefined,
    });
  }
}

/**
 * A resource path in the form method settings expect (`/orders/{proxy+}` →
 * `~1orders~1{proxy+}`): a JSON Pointer segment, `~` as `~0` and `/` as `~1` (RFC 6901),
 * because the provider sends `/<method_path>/throttling/…` as the JSON Pointer patch path
 * of UpdateStage, and the stage's `methodSettings` are keyed `<escaped resource path>/<method>`
 * (the root is `~1`). Also a construct id that cannot collide for different paths.
 * https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/api_gateway_method_settings#method_path
 * https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
 */
export function escapePath(path: string): string {
  return path.replace(/~/g, "~0").replace(/\//g, "~1");
}

import { Construct } from "constructs";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage, Apigatewayv2StageRouteSettings } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { NamingContext, physicalName } from "../core/naming";
import { ServiceRef } from "../compute/service-ref";
import { NetworkRef } from "../network/network-ref";
import { EncryptedLogGroup } from "../core/log-group";
import { LogRetentionDays, PATH_PREFIX_RE } from "../core/aws-facts";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { allowTraffic, ConnectableRef } from "../core/connections";
import { ApiThrottle, checkApiThrottle } from "./api-throttle";
import { VpcLink } from "./vpc-link";

/** Throttling limits of a stage or of routes (API Gateway token bucket). */
/** Throttling of a stage or a service's routes (the REST flavor's too). */
export type HttpApiThrottle = ApiThrottle;

/** How {@link HttpApi.addService} routes to one service. */
export interface HttpApiServiceOptions {
  /** Path the service's routes live under: starts with '/', no trailing '/', e.g. `/orders`. */
  readonly pathPrefix: string;
  /**
   * Forward paths without the prefix (`/orders/a/b` → `/a/b`, `/orders` → `/`).
   * @default false (the backend sees the full path)
   */
  readonly stripPrefix?: boolean;
  /**
   * Also route the API's `$default` (every unmatched path, unchanged) to this service;
   * at most one service per API.
   * @default false
   */
  readonly defaultRoute?: boolean;
  /**
   * Limits of this service's routes instead of the stage's.
   * @default none: the stage-wide {@link HttpApiProps.throttle}
   */
  readonly throttle?: HttpApiThrottle;
  /**
   * Integrate with this NLB listener instead of the service's Cloud Map registration
   * (`environments.<env>.api.targets: "loadBalancer"`): the VPC link is admitted to the
   * load balancer on the listener port, and the load balancer reaches the service.
   * @default none: Cloud Map (SRV)
   */
  readonly loadBalancer?: HttpApiLoadBalancerTarget;
}

/** An NLB listener that fronts one service (see `ServiceLoadBalancer`). */
export interface HttpApiLoadBalancerTarget {
  /** The listener's ARN: a private integration's `integration_uri`. */
  readonly listenerArn: string;
  readonly listenerPort: number;
  /** The load balancer's security group owner, admitted to from the VPC link. */
  readonly loadBalancer: ConnectableRef;
}

/** Properties of an {@link HttpApi}. */
export interface HttpApiProps {
  /** Project and environment, for physical names. */
  readonly naming: NamingContext;
  /** The network: the VPC link goes into its private subnets. */
  readonly network: NetworkRef;
  /** Stage-wide throttling of every route. */
  readonly throttle: HttpApiThrottle;
  /**
   * Per-route CloudWatch metrics; they cost extra.
   * @default false
   */
  readonly detailedMetrics?: boolean;
  /** Days the access log group keeps access logs. */
  readonly logRetentionDays: LogRetentionDays;
  /** KMS key that encrypts the access log group (its policy admits CloudWatch Logs). */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Turn off the default `execute-api` endpoint. Keep it off whenever a custom domain
   * fronts the API: otherwise clients can bypass Cloudflare (and its TLS and rate
   * limits) by calling `https://<id>.execute-api.<region>.amazonaws.com` directly.
   * @default true
   */
  readonly disableExecuteApiEndpoint?: boolean;
  /**
   * Browser origins allowed by CORS, each `https://host[:port]`; `*` is refused.
   * @default none: no CORS configuration (the services answer preflight themselves, if at all)
   */
  readonly corsAllowOrigins?: readonly string[];
}

/** What {@link HttpApi.addService} created for one service. */
export interface HttpApiServiceRoutes {
  /**
   * The service's integration for `ANY <pathPrefix>/{proxy+}` (and, without
   * `stripPrefix`, for every route of the service).
   */
  readonly integration: Apigatewayv2Integration;
  /** Every route created for the service, by route key. */
  readonly routes: Readonly<Record<string, Apigatewayv2Route>>;
}

/** Same rule as the config schema's `pathPrefix`, checked again for direct construct users. */

/**
 * The environment's public HTTP API: a `$default` stage with access logs and
 * throttling, a {@link VpcLink} into the private subnets, and per service a private
 * integration to its Cloud Map service (SRV records: API Gateway needs the port) with
 * routes `ANY <pathPrefix>` and `ANY <pathPrefix>/{proxy+}`.
 *
 * Authorization: every route is `NONE`. This is the documented exception to
 * CKV_AWS_309: the API is public by design and each service authenticates its own
 * callers; Cloudflare (proxy, TLS, optional rate limiting) and stage/route throttling
 * sit in front. Add a JWT authorizer here if the services ever delegate auth.
 */
export class HttpApi extends Construct {
  /** @default true */
  static readonly DEFAULT_DISABLE_EXECUTE_API_ENDPOINT = true;
  /** @default false */
  static readonly DEFAULT_DETAILED_METRICS = false;
  /**
   * The `$default` stage: it is served at the root of the custom domain. A named
   * stage would be prefixed to every path, and the backend would see `/<stage>/…`.
   */
  static readonly STAGE_NAME = "$default";
  /** The JSON fields of each access log line (API Gateway `$context` variables). */
  static readonly ACCESS_LOG_FORMAT: Readonly<Record<string, string>> = {
    requestId: "$context.requestId",
    ip: "$context.identity.sourceIp",
    requestTime: "$context.requestTime",
    protocol: "$context.protocol",
    httpMethod: "$context.httpMethod",
    path: "$context.path",
    routeKey: "$context.routeKey",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integrationLatency",
    integrationStatus: "$context.integrationStatus",
    integrationErrorMessage: "$context.integrationErrorMessage",
    errorMessage: "$context.error.message",
  };

  /** The API resource. */
  public readonly api: Apigatewayv2Api;
  /** API id. */
  public readonly apiId: string;
  /** The `execute-api` endpoint (disabled by default: use the custom domain). */
  public readonly apiEndpoint: string;
  /** The VPC link (and its security group) the integrations go through. */
  public readonly vpcLink: VpcLink;
  /** The `$default` stage. */
  public readonly stage: Apigatewayv2Stage;
  /** The stage's id (its name, `$default`), for API mappings: referencing it orders the mapping after the stage. */
  public readonly stageId: string;
  /** The access log group. */
  public readonly accessLogs: EncryptedLogGroup;
  /** Every route, by route key. */
  public readonly routes: Record<string, Apigatewayv2Route> = {};

  private readonly detailedMetrics: boolean;
  private readonly routeSettings: Apigatewayv2StageRouteSettings[] = [];
  private readonly owners = new Map<string, string>();

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.detailedMetrics = props.detailedMetrics ?? HttpApi.DEFAULT_DETAILED_METRICS;
    const disableExecuteApi = props.disableExecuteApiEndpoint ?? HttpApi.DEFAULT_DISABLE_EXECUTE_API_ENDPOINT;
    checkApiThrottle(this.node.path, "throttle", props.throttle);
    const origins = props.corsAllowOrigins;
    if (origins !== undefined) {
      if (origins.length === 0) {
        throw new Error(`${this.node.path}: corsAllowOrigins must list at least one origin when set, got an empty list (omit it for no CORS)`);
      }
      for (const origin of origins) {
        if (!/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(origin)) {
          throw new Error(
            `${this.node.path}: corsAllowOrigins entries must be exact https origins like https://app.example.com (never "*"), got ${JSON.stringify(origin)}`,
          );
        }
      }
    }

    const name = physicalName(props.naming, "api");
    this.api = new Apigatewayv2Api(this, "api", {
      name,
      protocolType: "HTTP",
      description: `${physicalName(props.naming)}: public entry to the services`,
      disableExecuteApiEndpoint: disableExecuteApi,
      corsConfiguration: origins
        ? { allowOrigins: [...origins], allowMethods: ["*"], allowHeaders: ["authorization", "content-type"], maxAge: 300 }
        : undefined,
    });
    this.apiId = this.api.id;
    this.apiEndpoint = this.api.apiEndpoint;

    this.vpcLink = new VpcLink(this, "vpc-link", { naming: props.naming, network: props.network });

    this.accessLogs = new EncryptedLogGroup(this, "access-logs", {
      name: `/aws/apigateway/${name}/access`,
      logRetentionDays: props.logRetentionDays,
      encryptionKey: props.encryptionKey,
    });

    this.stage = new Apigatewayv2Stage(this, "stage", {
      apiId: this.apiId,
      name: HttpApi.STAGE_NAME,
      // Route changes go live on apply: there is no separate deployment step to forget.
      autoDeploy: true,
      accessLogSettings: {
        destinationArn: this.accessLogs.logGroupArn,
        // A log line template, not a document (API Gateway fills in the $context values),
        // with no references: a plain string keeps its field order and renders in HCL as is.
        format: JSON.stringify(HttpApi.ACCESS_LOG_FORMAT),
      },
      defaultRouteSettings: {
        throttlingBurstLimit: props.throttle.burstLimit,
        throttlingRateLimit: props.throttle.rateLimit,
        detailedMetricsEnabled: this.detailedMetrics,
      },
    });
    this.stageId = this.stage.id;
  }

  /**
   * Routes `ANY <pathPrefix>` and `ANY <pathPrefix>/{proxy+}` (and `$default` when
   * `options.defaultRoute`) to `service` through the VPC link, and admits the link on the
   * service's port (egress on the link's group, ingress on the service's).
   *
   * With `options.stripPrefix` the backend sees the path without the prefix
   * (`/orders/a/b` → `/a/b`, `/orders` → `/`); `$default` always forwards the path unchanged.
   * With `options.throttle` the service's routes get their own limits instead of the stage's.
   */
  addService(service: ServiceRef, options: HttpApiServiceOptions): HttpApiServiceRoutes {
    const name = service.name;
    const stripPrefix = options.stripPrefix ?? false;
    const defaultRoute = options.defaultRoute ?? false;
    const where = `${this.node.path}: service ${JSON.stringify(name)}`;
    if (!PATH_PREFIX_RE.test(options.pathPrefix)) {
      throw new Error(
        `${where}: pathPrefix must start with '/', have no trailing '/' and use URL-safe segments (no '{', '$' or spaces), got ${JSON.stringify(options.pathPrefix)}`,
      );
    }
    if (options.throttle) checkApiThrottle(this.node.path, `service ${name} throttle`, options.throttle);
    const prefixKey = `ANY ${options.pathPrefix}`;
    const proxyKey = `ANY ${options.pathPrefix}/{proxy+}`;
    const keys = [prefixKey, proxyKey, ...(defaultRoute ? ["$default"] : [])];
    for (const key of keys) {
      const owner = this.owners.get(key);
      if (owner !== undefined) {
        throw new Error(`${where}: route ${JSON.stringify(key)} is already routed to service ${JSON.stringify(owner)}; route keys must be unique`);
      }
    }
    keys.forEach((key) => this.owners.set(key, name));

    const lb = options.loadBalancer;
    if (lb) {
      allowTraffic(this, this.vpcLink, lb.loadBalancer, lb.listenerPort, `API Gateway VPC link to the ${name} listener`);
    } else {
      service.allowFrom(this.vpcLink, `API Gateway VPC link to ${name}`);
    }

    const integration = this.integration(name, service, stripPrefix ? "/$request.path.proxy" : undefined, lb);
    // Without a `proxy` path parameter the stripping mapping has nothing to map, so the
    // bare prefix gets its own integration that sends `/`, and `$default` (which has
    // no prefix to strip) one that forwards the path as it came.
    const prefixIntegration = stripPrefix ? this.integration(`${name}-root`, service, "/", lb) : integration;
    const defaultIntegration = stripPrefix && defaultRoute ? this.integration(`${name}-unchanged`, service, undefined, lb) : integration;

    const routes: Record<string, Apigatewayv2Route> = {};
    routes[prefixKey] = this.route(`${name}-prefix`, prefixKey, prefixIntegration);
    routes[proxyKey] = this.route(`${name}-proxy`, proxyKey, integration);
    if (defaultRoute) routes.$default = this.route("default", "$default", defaultIntegration);

    const throttle = options.throttle;
    if (throttle) {
      for (const route of Object.values(routes)) {
        this.routeSettings.push({
          // A reference, not the literal key: the stage then waits for the route, which
          // API Gateway requires before it accepts settings for it.
          routeKey: route.routeKey,
          throttlingBurstLimit: throttle.burstLimit,
          throttlingRateLimit: throttle.rateLimit,
          detailedMetricsEnabled: this.detailedMetrics,
        });
      }
      this.stage.putRouteSettings([...this.routeSettings]);
    }
    return { integration, routes };
  }

  private integration(id: string, service: ServiceRef, path: string | undefined, lb: HttpApiLoadBalancerTarget | undefined): Apigatewayv2Integration {
    return new Apigatewayv2Integration(this, `integration-${id}`, {
      apiId: this.apiId,
      description: `${service.name} via ${lb ? "its NLB listener" : "Cloud Map (SRV)"}${path === undefined ? "" : `, path -> ${path}`}`,
      integrationType: "HTTP_PROXY",
      connectionType: "VPC_LINK",
      connectionId: this.vpcLink.vpcLinkId,
      // The Cloud Map *service* ARN: API Gateway calls DiscoverInstances and needs the
      // SRV records' AWS_INSTANCE_PORT, which ECS registers with the container port. Or
      // the NLB listener's ARN, which VPC links v2 integrate with as well.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html
      integrationUri: lb ? lb.listenerArn : service.discoveryService.serviceArn,
      integrationMethod: "ANY",
      // Private integrations support payload format 1.0 only.
      payloadFormatVersion: "1.0",
      requestParameters: path === undefined ? undefined : { "overwrite:path": path },
    });
  }

  private route(id: string, routeKey: string, integration: Apigatewayv2Integration): Apigatewayv2Route {
    const route = new Apigatewayv2Route(this, `route-${id}`, {
      apiId: this.apiId,
      routeKey,
      target: `integrations/${integration.id}`,
      // Documented exception (see the class comment): public API, auth in the services.
      authorizationType: "NONE",
    });
    this.routes[routeKey] = route;
    return route;
  }
}

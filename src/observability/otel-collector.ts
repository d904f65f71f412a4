import { Construct } from "constructs";
import { pinnedImageProblem } from "../core/aws-facts";
import { AwsLogsTarget, ContainerDefinition, awsLogs } from "../core/container-definition";
import { terraformLiteral } from "../core/literal";

/** Where the collector reads its Grafana Cloud credentials: a secret with two JSON keys. */
export interface OtelCredentialsRef {
  /** The `valueFrom` of one JSON key of the secret (`<arn>:<key>::`). */
  valueFrom(jsonKey: string): string;
}

/** Properties of an {@link OtelCollector}. */
export interface OtelCollectorProps {
  /** Pinned collector image (tag or digest), e.g. `…/opentelemetry-collector-contrib:0.116.1`. */
  readonly image: string;
  /** Grafana Cloud OTLP gateway, e.g. `https://otlp-gateway-prod-eu-west-2.grafana.net/otlp`. */
  readonly otlpEndpoint: string;
  /** Environment name, added to every signal as `deployment.environment`. */
  readonly envName: string;
  /** The Grafana Cloud credentials secret (`instanceId`, `apiToken`). */
  readonly credentials: OtelCredentialsRef;
  /** Where the collector's own logs go. */
  readonly logs: AwsLogsTarget;
  /**
   * Hard memory limit of the collector container, MiB; `memory_limiter` keeps the
   * collector below it.
   * @default 128
   */
  readonly memoryMiB?: number;
}

/**
 * The OpenTelemetry collector sidecar of a task: the container definition and its
 * configuration. It receives OTLP on localhost only (containers of a task share the
 * network namespace, so the app reaches it on 127.0.0.1 and nothing else can),
 * batches, tags `deployment.environment`, and exports over OTLP/HTTP to Grafana
 * Cloud with basic auth from two secrets. Creates no Terraform resource.
 */
export class OtelCollector extends Construct {
  /** Container name (the app's `dependsOn` names it). */
  static readonly CONTAINER_NAME = "otel-collector";
  /** @default 128 */
  static readonly DEFAULT_MEMORY_MIB = 128;
  /** The contrib image's non-root user (its Dockerfile sets USER 10001). */
  static readonly USER = "10001";
  /** OTLP/gRPC receiver, localhost only. */
  static readonly GRPC_ENDPOINT = "127.0.0.1:4317";
  /** OTLP/HTTP receiver, localhost only. */
  static readonly HTTP_ENDPOINT = "127.0.0.1:4318";
  /** The environment variable that carries the YAML config. */
  static readonly CONFIG_ENV = "OTEL_CONFIG";
  /** Environment variables the credentials are injected as (from `secrets`, never `environment`). */
  static readonly INSTANCE_ID_ENV = "GRAFANA_INSTANCE_ID";
  static readonly API_TOKEN_ENV = "GRAFANA_API_TOKEN";
  /** JSON keys of the credentials secret. */
  static readonly INSTANCE_ID_KEY = "instanceId";
  static readonly API_TOKEN_KEY = "apiToken";

  /** The collector configuration, as an object. */
  public readonly config: Record<string, unknown>;
  /** The collector configuration as the collector reads it (YAML). */
  public readonly configYaml: string;
  /** The sidecar's container definition (its YAML escaped for Terraform). */
  public readonly containerDefinition: ContainerDefinition;
  /** Container name. */
  public readonly containerName = OtelCollector.CONTAINER_NAME;

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    super(scope, id);
    const memory = props.memoryMiB ?? OtelCollector.DEFAULT_MEMORY_MIB;
    const pinned = pinnedImageProblem(props.image);
    if (pinned) throw new Error(`${this.node.path}: image ${pinned}, got "${props.image}"`);
    if (!/^https:\/\/[^\s"']+$/.test(props.otlpEndpoint)) {
      throw new Error(`${this.node.path}: otlpEndpoint must be an https:// URL, got "${props.otlpEndpoint}"`);
    }
    if (!/^[a-z0-9-]+$/.test(props.envName)) {
      throw new Error(`${this.node.path}: envName must be lowercase letters, digits and '-', got "${props.envName}"`);
    }
    if (!Number.isInteger(memory) || memory < 64) {
      throw new Error(`${this.node.path}: memoryMiB must be an integer ≥ 64, got ${memory}`);
    }

    this.config = OtelCollector.buildConfig(props.otlpEndpoint, props.envName);
    this.configYaml = toYaml(this.config);
    this.containerDefinition = {
      name: OtelCollector.CONTAINER_NAME,
      image: props.image,
      essential: true,
      // The contrib image's default CMD reads a file; the config comes from the env var.
      command: [`--config=env:${OtelCollector.CONFIG_ENV}`],
      user: OtelCollector.USER,
      memory,
      // Terraform would read `${env:…}` as an interpolation: escape the literal YAML.
      environment: [{ name: OtelCollector.CONFIG_ENV, value: terraformLiteral(this.configYaml) }],
      secrets: [
        { name: OtelCollector.INSTANCE_ID_ENV, valueFrom: props.credentials.valueFrom(OtelCollector.INSTANCE_ID_KEY) },
        { name: OtelCollector.API_TOKEN_ENV, valueFrom: props.credentials.valueFrom(OtelCollector.API_TOKEN_KEY) },
      ],
      readonlyRootFilesystem: true,
      privileged: false,
      logConfiguration: awsLogs(props.logs),
    };
  }

  /** The collector configuration for one environment. */
  static buildConfig(otlpEndpoint: string, envName: string): Record<string, unknown> {
    const pipeline = {
      receivers: ["otlp"],
      // memory_limiter first so it can refuse data before anything buffers it.
      processors: ["memory_limiter", "resource", "batch"],
      exporters: ["otlphttp/grafana"],
    };
    return {
      extensions: {
        "basicauth/grafana": {
          client_auth: {
            username: `\${env:${OtelCollector.INSTANCE_ID_ENV}}`,
            password: `\${env:${OtelCollector.API_TOKEN_ENV}}`,
          },
        },
      },
      receivers: {
        otlp: {
          protocols: {
            grpc: { endpoint: OtelCollector.GRPC_ENDPOINT },
            http: { endpoint: OtelCollector.HTTP_ENDPOINT },
          },
        },
      },
      processors: {
        memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 },
        batch: {},
        resource: { attributes: [{ key: "deployment.environment", value: envName, action: "upsert" }] },
      },
      exporters: {
        "otlphttp/grafana": { endpoint: otlpEndpoint, auth: { authenticator: "basicauth/grafana" } },
      },
      service: {
        extensions: ["basicauth/grafana"],
        pipelines: { traces: pipeline, metrics: pipeline, logs: pipeline },
      },
    };
  }
}

/**
 * A small YAML writer for the collector config (block style; strings double-quoted
 * with JSON escaping, which is valid YAML), so no YAML dependency is needed.
 */
export function toYaml(value: unknown, indent = 0): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value
      .map((item) => {
        if (isPlainObject(item) && Object.keys(item).length > 0) {
          // First key on the dash line, the rest aligned under it.
          const body = toYaml(item, indent + 2);
          return `${pad}- ${body.slice(indent + 2)}`;
        }
        return `${pad}- ${scalar(item)}\n`;
      })
      .join("");
  }
  if (isPlainObject(value)) {
    return Object.entries(value)
      .map(([key, v]) => {
        const k = /^[A-Za-z0-9_./-]+$/.test(key) ? key : JSON.stringify(key);
        if ((Array.isArray(v) && v.length > 0) || (isPlainObject(v) && Object.keys(v).length > 0)) {
          return `${pad}${k}:\n${toYaml(v, indent + 2)}`;
        }
        return `${pad}${k}: ${Array.isArray(v) ? "[]" : isPlainObject(v) ? "{}" : scalar(v)}\n`;
      })
      .join("");
  }
  return `${pad}${scalar(value)}\n`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function scalar(v: unknown): string {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  return JSON.stringify(String(v));
}

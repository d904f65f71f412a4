import { Construct } from "constructs";
import { Fn } from "cdktf";
import { terraformLiteral } from "../../src/core/literal";
import { OtelCollector, OtelCollectorProps, toYaml } from "../../src/observability/otel-collector";
import { testStack } from "../support/test-stack";
import { FAKE_OTLP_SECRET_ARN } from "../support/fake-arns";

const ENDPOINT = "https://otlp-gateway-prod-eu-west-2.grafana.net/otlp";
const IMAGE = "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.116.1";
const SECRET = FAKE_OTLP_SECRET_ARN;

describe("OtelCollector", () => {
  const build = (props: Partial<OtelCollectorProps> = {}) => {
    const scope: Construct = testStack();
    return new OtelCollector(scope, "otel", {
      image: IMAGE,
      otlpEndpoint: ENDPOINT,
      envName: "prod",
      credentials: { valueFrom: (key) => `${SECRET}:${key}::` },
      logs: { logGroupName: "/ecs/platform-prod/orders", region: "eu-west-1", streamPrefix: "orders" },
      ...props,
    });
  };
  // What ECS receives after Terraform evaluates the escaped literal.
  const configSeenByCollector = (c: OtelCollector) => c.containerDefinition.environment![0].value.replace(/\$\$\{/g, "${");

  it("is an essential, read-only, non-root, unprivileged sidecar with a pinned image and awslogs", () => {
    // GIVEN / WHEN a collector with the defaults
    const c = build().containerDefinition;
    // THEN its container is locked down, pinned, and logs with awslogs
    expect(c).toMatchObject({
      name: "otel-collector",
      image: IMAGE,
      essential: true,
      readonlyRootFilesystem: true,
      privileged: false,
      user: "10001",
      memory: 128,
      command: ["--config=env:OTEL_CONFIG"],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/ecs/platform-prod/orders", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "orders" },
      },
    });
    // No port mappings: it listens on localhost only.
    expect(c.portMappings).toBeUndefined();
  });

  it("injects the Grafana credentials as secrets from the two JSON keys, never as environment", () => {
    // GIVEN / WHEN a collector
    const c = build().containerDefinition;
    // THEN both Grafana keys are secrets, and the only environment is the config
    expect(c.secrets).toEqual([
      { name: "GRAFANA_INSTANCE_ID", valueFrom: `${SECRET}:instanceId::` },
      { name: "GRAFANA_API_TOKEN", valueFrom: `${SECRET}:apiToken::` },
    ]);
    expect(c.environment!.map((e) => e.name)).toEqual(["OTEL_CONFIG"]);
  });

  it("receives OTLP on localhost only, gRPC 4317 and HTTP 4318", () => {
    // GIVEN / WHEN a collector
    const yaml = configSeenByCollector(build());
    // THEN its config listens on 127.0.0.1 for gRPC and HTTP, never 0.0.0.0
    expect(yaml).toContain('grpc:\n        endpoint: "127.0.0.1:4317"');
    expect(yaml).toContain('http:\n        endpoint: "127.0.0.1:4318"');
    expect(yaml).not.toContain("0.0.0.0");
  });

  it("limits memory, batches and tags deployment.environment", () => {
    // GIVEN / WHEN a collector for staging
    const yaml = configSeenByCollector(build({ envName: "staging" }));
    // THEN its config limits memory, batches and tags the env
    expect(yaml).toContain('memory_limiter:\n    check_interval: "1s"\n    limit_percentage: 80');
    expect(yaml).toContain("  batch: {}\n");
    expect(yaml).toContain('- key: "deployment.environment"\n        value: "staging"\n        action: "upsert"');
  });

  it("exports over otlphttp to the Grafana endpoint with basicauth from the env vars", () => {
    // GIVEN / WHEN a collector
    const yaml = configSeenByCollector(build());
    // THEN its config exports to Grafana with basicauth from the env vars
    expect(yaml).toContain(`otlphttp/grafana:\n    endpoint: "${ENDPOINT}"\n    auth:\n      authenticator: "basicauth/grafana"`);
    expect(yaml).toContain('basicauth/grafana:\n    client_auth:\n      username: "${env:GRAFANA_INSTANCE_ID}"\n      password: "${env:GRAFANA_API_TOKEN}"');
    expect(yaml).toContain('service:\n  extensions:\n    - "basicauth/grafana"');
  });

  it("wires traces, metrics and logs through memory_limiter → resource → batch", () => {
    // GIVEN / WHEN a collector
    const config = build().config as { service: { pipelines: Record<string, unknown> } };
    const pipeline = { receivers: ["otlp"], processors: ["memory_limiter", "resource", "batch"], exporters: ["otlphttp/grafana"] };
    // THEN each signal runs through the same processors
    expect(config.service.pipelines).toEqual({ traces: pipeline, metrics: pipeline, logs: pipeline });
  });

  it("escapes ${env:…} for Terraform in the container definition and keeps the plain YAML as configYaml", () => {
    // GIVEN / WHEN a collector
    const c = build();
    // THEN the container definition escapes ${ and configYaml keeps it plain
    expect(c.containerDefinition.environment![0].value).toContain('username: "$${env:GRAFANA_INSTANCE_ID}"');
    expect(c.configYaml).toContain('username: "${env:GRAFANA_INSTANCE_ID}"');
    expect(configSeenByCollector(c)).toBe(c.configYaml);
  });

  it("accepts a digest-pinned image", () => {
    // GIVEN a digest-pinned image, WHEN built, THEN the container uses it
    const image = `otel/opentelemetry-collector-contrib@sha256:${"a".repeat(64)}`;
    expect(build({ image }).containerDefinition.image).toBe(image);
  });

  it("rejects an unpinned image", () => {
    // GIVEN an unpinned image, WHEN built, THEN it throws
    expect(() => build({ image: "otel/opentelemetry-collector-contrib" })).toThrow(
      /otel: image must pin a tag or digest .* got "otel\/opentelemetry-collector-contrib"/,
    );
  });

  it("rejects the latest tag", () => {
    // GIVEN the latest tag, WHEN built, THEN it throws
    expect(() => build({ image: "otel/opentelemetry-collector-contrib:latest" })).toThrow(/image must not be tagged "latest"/);
  });

  it("rejects a non-https endpoint", () => {
    // GIVEN a non-https endpoint, WHEN built, THEN it throws
    expect(() => build({ otlpEndpoint: "http://collector:4318" })).toThrow(/otlpEndpoint must be an https:\/\/ URL, got "http:\/\/collector:4318"/);
  });

  it("rejects an env name with characters that do not belong in an attribute", () => {
    // GIVEN an env name with characters that do not belong in an attribute, WHEN built, THEN it throws
    expect(() => build({ envName: "Prod Env" })).toThrow(/envName must be lowercase letters, digits and '-', got "Prod Env"/);
  });

  it("rejects too little memory", () => {
    // GIVEN too little memory, WHEN built, THEN it throws
    expect(() => build({ memoryMiB: 32 })).toThrow(/memoryMiB must be an integer ≥ 64, got 32/);
  });
});

describe("toYaml", () => {
  it("writes nested maps, lists of maps and scalars in block style", () => {
    // GIVEN nested maps, lists and scalars, WHEN written, THEN block-style YAML
    expect(toYaml({ a: { b: 1, c: true }, l: [{ k: "v", w: "x" }], s: ["p"], e: {}, n: [] })).toBe(
      'a:\n  b: 1\n  c: true\nl:\n  - k: "v"\n    w: "x"\ns:\n  - "p"\ne: {}\nn: []\n',
    );
  });
  it("quotes keys that are not plain", () => {
    // GIVEN a key with a space, WHEN written, THEN it is quoted
    expect(toYaml({ "a b": "c" })).toBe('"a b": "c"\n');
  });
});

describe("terraformLiteral", () => {
  it("escapes interpolation and directive openers", () => {
    // GIVEN ${ and %{ in text, WHEN made literal, THEN both are doubled and lone $ % stay
    expect(terraformLiteral("x ${y} %{z} $ % {")).toBe("x $${y} %%{z} $ % {");
  });
  it("refuses strings that hold cdktf tokens", () => {
    // GIVEN a string that holds a cdktf token, WHEN made literal, THEN it throws
    expect(() => terraformLiteral(`prefix-${Fn.lower("X")}`)).toThrow(/expected a literal string, got one with unresolved tokens/);
  });
});

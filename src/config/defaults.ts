/**
 * The embedded defaults: `npm run synth` works with no config file. A user's
 * `infra.config.json` is deep-merged over this object (objects merge key by key,
 * arrays and scalars replace), so a user's file sets only what differs.
 *
 * Per-environment defaults (PROFILES) follow the usual cost/safety split: dev is cheap
 * (one NAT, single-AZ database, short log retention, Spot preferred), staging mirrors
 * prod's topology, prod is the strictest.
 */
export const DEFAULT_CONFIG = {
  project: "platform",
  region: "eu-west-1",
  state: { bucket: "platform-terraform-state-example" },
  domain: {
    name: "example.com",
    // A placeholder: set your zone id (Cloudflare dashboard → the domain → Overview → API).
    cloudflareZoneId: "00000000000000000000000000000000",
    apiSubdomain: "api",
    zoneSettingsOwner: "prod",
  },
  observability: {
    enabled: true,
    otlpEndpoint: "https://otlp-gateway-prod-eu-west-2.grafana.net/otlp",
    // Pinned: a collector upgrade is a reviewed change, not a surprise at task start.
    collectorImage: "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.116.1",
  },
  services: [
    {
      name: "orders",
      port: 8080,
      cpu: 256,
      memory: 512,
      pathPrefix: "/orders",
      healthCheckPath: "/health",
      desiredCount: 2,
      database: true,
    },
    {
      name: "catalog",
      port: 8080,
      cpu: 256,
      memory: 512,
      pathPrefix: "/catalog",
      healthCheckPath: "/health",
      desiredCount: 2,
      database: false,
      // orders looks products up in catalog over Cloud Map DNS.
      allowFrom: ["orders"],
    },
  ],
  // The built-in environments, each starting from the profile of its name (PROFILES).
  // A user's `environments` replaces this map: its keys are the environments deployed.
  environments: { dev: {}, staging: {}, prod: {} },
  checks: {
    suppress: [],
  },
} as const;

/**
 * The built-in profiles: what an environment starts from (`environments.<env>.profile`;
 * dev, staging and prod default to their own). Everything the environment sets
 * deep-merges over its profile.
 */
export const PROFILES = {
  dev: {
    vpcCidr: "10.10.0.0/16",
    azCount: 2,
    natGateways: "single",
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "secretsmanager"],
    flowLogRetentionDays: 30,
    logRetentionDays: 30,
    database: {
      instanceClass: "db.t4g.micro",
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      multiAz: false,
      deletionProtection: false,
      backupRetentionDays: 1,
      monitoringInterval: 60,
      engineVersion: "16",
      allowMajorVersionUpgrade: false,
    },
    // ECS Exec needs a writable root filesystem (AWS: read-only roots are not supported),
    // so it is off by default everywhere; turning it on is a deliberate, checked trade.
    ecs: { containerInsights: "enabled", preferSpot: true, enableExecuteCommand: false },
    autoscaling: { minCapacity: 1, maxCapacity: 2, cpuTargetPercent: 70, memoryTargetPercent: 80 },
    api: { kind: "http", targets: "cloudMap", throttle: { burstLimit: 50, rateLimit: 25 }, detailedMetrics: false },
    // Alarm thresholds (README: Alerts and dashboard). Not merged into the environment
    // with the rest: the top-level alerts.thresholds sit between these and the
    // environment's own (config/alerts-schema.ts effectiveAlerts). Dev is the laxest.
    alerts: {
      thresholds: {
        serviceCpuPercent: 90,
        serviceMemoryPercent: 95,
        api5xxPercent: 10,
        apiLatencyP99Ms: 5000,
        dbCpuPercent: 90,
        dbFreeStoragePercent: 10,
        dbConnectionsPercent: 90,
        dbFreeableMemoryPercent: 5,
        natPacketDropPercent: 0.01,
      },
    },
  },
  staging: {
    vpcCidr: "10.20.0.0/16",
    azCount: 2,
    natGateways: "perAz",
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "secretsmanager"],
    flowLogRetentionDays: 90,
    logRetentionDays: 90,
    database: {
      instanceClass: "db.t4g.small",
      allocatedStorage: 20,
      maxAllocatedStorage: 200,
      multiAz: true,
      deletionProtection: true,
      backupRetentionDays: 7,
      monitoringInterval: 60,
      engineVersion: "16",
      allowMajorVersionUpgrade: false,
    },
    ecs: { containerInsights: "enabled", preferSpot: false, enableExecuteCommand: false },
    autoscaling: { minCapacity: 2, maxCapacity: 4, cpuTargetPercent: 70, memoryTargetPercent: 80 },
    api: { kind: "http", targets: "cloudMap", throttle: { burstLimit: 100, rateLimit: 50 }, detailedMetrics: false },
    alerts: {
      thresholds: {
        serviceCpuPercent: 85,
        serviceMemoryPercent: 90,
        api5xxPercent: 5,
        apiLatencyP99Ms: 3000,
        dbCpuPercent: 85,
        dbFreeStoragePercent: 10,
        dbConnectionsPercent: 85,
        dbFreeableMemoryPercent: 10,
        natPacketDropPercent: 0.01,
      },
    },
  },
  prod: {
    vpcCidr: "10.30.0.0/16",
    azCount: 3,
    natGateways: "perAz",
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "secretsmanager"],
    flowLogRetentionDays: 365,
    logRetentionDays: 365,
    database: {
      instanceClass: "db.m7g.large",
      allocatedStorage: 50,
      maxAllocatedStorage: 500,
      multiAz: true,
      deletionProtection: true,
      backupRetentionDays: 14,
      monitoringInterval: 30,
      engineVersion: "16",
      allowMajorVersionUpgrade: false,
    },
    ecs: { containerInsights: "enhanced", preferSpot: false, enableExecuteCommand: false },
    autoscaling: { minCapacity: 2, maxCapacity: 10, cpuTargetPercent: 60, memoryTargetPercent: 75 },
    api: { kind: "http", targets: "cloudMap", throttle: { burstLimit: 500, rateLimit: 250 }, detailedMetrics: true },
    alerts: {
      thresholds: {
        serviceCpuPercent: 80,
        serviceMemoryPercent: 90,
        api5xxPercent: 1,
        apiLatencyP99Ms: 2000,
        dbCpuPercent: 80,
        dbFreeStoragePercent: 10,
        dbConnectionsPercent: 80,
        dbFreeableMemoryPercent: 10,
        natPacketDropPercent: 0.01,
      },
    },
  },
} as const;

/** A config value that is still one of the embedded examples. */
export interface Placeholder {
  /** Config path, as a user writes it: `domain.cloudflareZoneId`. */
  readonly path: string;
  /** The placeholder value found. */
  readonly value: string;
  /** Which stacks it makes undeployable: `bootstrap`, the environments, or both. */
  readonly affects: "bootstrap" | "environments" | "all";
}

/**
 * The example values of the embedded defaults, infra.config.example.json and README: a
 * zone id of zeros or the counting one, and a bucket named after AWS's documentation
 * account 123456789012 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
 */
const EXAMPLE_ZONE_IDS = /^(0+|0123456789abcdef0123456789abcdef)$/;
const EXAMPLE_ACCOUNT = "123456789012";

/** RFC 2606 reserves these for documentation: no real zone is named so. */
const EXAMPLE_DOMAIN_RE = /(^|\.)(example\.(com|net|org)|example|test|invalid)$/;

/** The keys of `config` that still hold example values (none for a real config). */
export function placeholdersOf(config: { state: { bucket: string }; domain: { name: string; cloudflareZoneId: string } }): Placeholder[] {
  const found: Placeholder[] = [];
  if (config.state.bucket === DEFAULT_CONFIG.state.bucket || config.state.bucket.includes(EXAMPLE_ACCOUNT)) {
    found.push({ path: "state.bucket", value: config.state.bucket, affects: "all" });
  }
  if (EXAMPLE_ZONE_IDS.test(config.domain.cloudflareZoneId)) {
    found.push({ path: "domain.cloudflareZoneId", value: config.domain.cloudflareZoneId, affects: "environments" });
  }
  if (EXAMPLE_DOMAIN_RE.test(config.domain.name)) found.push({ path: "domain.name", value: config.domain.name, affects: "environments" });
  return found;
}

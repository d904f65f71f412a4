import { z } from "zod";
import { API_KEY_NAME_MAX_LENGTH, USAGE_PLAN_QUOTA_PERIODS } from "../core/aws-facts";
import { dnsLabel, EnvironmentName, issue, IssuePath, refuseKeys } from "./fields";

/**
 * The config of issue 12: the API's flavor and what it integrates with
 * (`environments.<env>.api.kind|targets`), client profiles and clients (usage plans and
 * API keys, REST only), and a service's deployment strategy (`services[].deployment`,
 * blue/green through CodeDeploy behind the load balancer). The keys are wired into
 * `EnvironmentSchema` and `ServiceSchema` in schema.ts; the rules that need the whole
 * config (a service's deployment ↔ each environment's targets) are
 * {@link checkBlueGreenTargets}, called from `ConfigSchema`.
 */

/** The API Gateway flavors (`environments.<env>.api.kind`): an HTTP API (v2) or a REST API (v1). */
export const API_KINDS = ["http", "rest"] as const;
/** One of {@link API_KINDS}. */
export type ApiKind = (typeof API_KINDS)[number];

/**
 * What the API's private integration reaches (`environments.<env>.api.targets`): the
 * services' Cloud Map registrations (VPC link v2, HTTP APIs only), or an internal Network
 * Load Balancer in front of the public services.
 */
export const API_TARGETS = ["cloudMap", "loadBalancer"] as const;
/** One of {@link API_TARGETS}. */
export type ApiTargets = (typeof API_TARGETS)[number];

/** How a new task definition of a service rolls out (`services[].deployment`). */
export const DEPLOYMENT_STRATEGIES = ["rolling", "blueGreen"] as const;
/** One of {@link DEPLOYMENT_STRATEGIES}. */
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/** Steady-state requests per second, > 0 (fractions allowed): API Gateway's throttle `rateLimit`. */
export const requestRate = z.number().positive("must be > 0");
/** Requests in a burst (the token bucket's size), an integer > 0: API Gateway's throttle `burstLimit`. */
export const burstSize = z.number().int().positive("must be > 0");

// ---------------------------------------------------------------------------------
// Client profiles (usage plans) and clients (API keys)
// ---------------------------------------------------------------------------------

/** One client profile: a usage plan on the environment's REST stage. */
export const ClientProfileSchema = z.strictObject({
  name: dnsLabel("client profile name").describe(
    "Profile name, a lowercase DNS label (1–63 characters of a–z, 0–9 and '-', starting with a letter), unique in the environment: names the usage plan `<project>-<env>-<name>`; clients[].profile names it. Required.",
  ),
  rateLimit: requestRate.describe(
    "Steady-state requests per second each client (API key) of this profile may send, > 0 (fractions allowed): the usage plan's throttle rate. Required.",
  ),
  burstLimit: burstSize.describe(
    "Requests each client (API key) of this profile may send in a burst (the token bucket's size), an integer > 0: the usage plan's throttle burst. Required.",
  ),
  quota: z
    .strictObject({
      limit: z
        .number()
        .int()
        .positive("must be > 0")
        .describe("Requests each client (API key) of this profile may send per period, an integer > 0. Required in quota."),
      period: z
        .enum(USAGE_PLAN_QUOTA_PERIODS)
        .describe(`The period the quota counts requests over: ${USAGE_PLAN_QUOTA_PERIODS.join(", ")}. Required in quota.`),
    })
    .optional()
    .describe("Request quota of each client of this profile, { limit, period }. Default: absent (no quota: throttling only)."),
});

/** One client profile as written. */
export type ClientProfileConfig = z.infer<typeof ClientProfileSchema>;

/** Why a client has no key for its API key's value. */
export const API_KEY_VALUE_REFUSED =
  "API key values are generated and never in config: API Gateway generates each client's key, the outputs carry its id, and " +
  "`aws apigateway get-api-key --api-key <id> --include-value --query value --output text` reads its value";

/** One client: an API key on its profile's usage plan. */
export const ClientSchema = refuseKeys(
  z.strictObject({
    name: dnsLabel("client name").describe(
      `Client name, a lowercase DNS label (1–63 characters of a–z, 0–9 and '-', starting with a letter), unique in the environment: names its API key \`<project>-<env>-<name>\` (API Gateway allows ${API_KEY_NAME_MAX_LENGTH} characters). The key's value is generated, never in config. Required.`,
    ),
    profile: z.string().describe("The client profile (api.clientProfiles[].name of this environment) whose usage plan the client's API key joins. Required."),
  }),
  { value: API_KEY_VALUE_REFUSED, key: API_KEY_VALUE_REFUSED, apiKey: API_KEY_VALUE_REFUSED },
);

/** One client as written. */
export type ClientConfig = z.infer<typeof ClientSchema>;

/** The `api` keys these rules read. */
interface ApiInput {
  readonly kind: ApiKind;
  readonly targets: ApiTargets;
  readonly tracing: boolean;
  readonly clientProfiles: readonly ClientProfileConfig[];
  readonly clients: readonly ClientConfig[];
}

/**
 * The rules of one environment's `api` block (`path` is the block's): REST needs the load
 * balancer, usage plans and keys need REST, names are unique and each client's profile is
 * declared.
 */
export function checkApi(api: ApiInput, path: IssuePath, ctx: z.RefinementCtx): void {
  if (api.kind === "rest" && api.targets === "cloudMap") {
    issue(
      ctx,
      [...path, "targets"],
      'must be "loadBalancer" with kind "rest": REST private integrations need a VPC link v1 to an NLB (only HTTP APIs integrate with Cloud Map): set targets "loadBalancer"',
    );
  }
  if (api.kind === "http" && api.clientProfiles.length > 0) {
    issue(
      ctx,
      [...path, "clientProfiles"],
      'needs kind "rest": usage plans and API keys exist only on REST APIs: set kind: "rest" (with targets "loadBalancer"), or remove clientProfiles and rate-limit with api.throttle and services[].throttle',
    );
  }
  if (api.kind === "http" && api.clients.length > 0) {
    issue(ctx, [...path, "clients"], 'needs kind "rest": usage plans and API keys exist only on REST APIs: set kind: "rest" (with targets "loadBalancer")');
  }
  if (api.kind === "http" && api.tracing) {
    issue(ctx, [...path, "tracing"], 'needs kind "rest": HTTP APIs have no X-Ray tracing');
  }
  // With a profile every method requires an API key: without a client, no request passes.
  if (api.kind === "rest" && api.clientProfiles.length > 0 && api.clients.length === 0) {
    issue(
      ctx,
      [...path, "clients"],
      "is empty while clientProfiles is not: every method then requires an API key that no client has, and the whole API answers 403; add a client, or remove the profiles",
    );
  }
  const profiles = api.clientProfiles.map((p) => p.name);
  profiles.forEach((name, j) => {
    const first = profiles.indexOf(name);
    if (first < j) {
      issue(
        ctx,
        [...path, "clientProfiles", j, "name"],
        `duplicates client profile ${JSON.stringify(name)} (clientProfiles[${first}]): names must be unique in an environment (each names a usage plan)`,
      );
    }
  });
  const clients = api.clients.map((c) => c.name);
  api.clients.forEach((client, j) => {
    const first = clients.indexOf(client.name);
    if (first < j) {
      issue(
        ctx,
        [...path, "clients", j, "name"],
        `duplicates client ${JSON.stringify(client.name)} (clients[${first}]): names must be unique in an environment (each names an API key)`,
      );
    }
    if (!profiles.includes(client.profile)) {
      const declared = profiles.length > 0 ? `declared: ${profiles.join(", ")}` : "none is declared: add it to api.clientProfiles";
      issue(ctx, [...path, "clients", j, "profile"], `names no client profile of this environment; ${declared}`);
    }
  });
}

// ---------------------------------------------------------------------------------
// Deployment strategy
// ---------------------------------------------------------------------------------

/** The service keys these rules read. */
interface ServiceInput {
  readonly expose: "public" | "internal" | "none";
  readonly deployment: DeploymentStrategy;
  readonly overrides: Partial<Record<EnvironmentName, { readonly deployment?: DeploymentStrategy } | undefined>>;
}

/**
 * Blue/green is for public services only: CodeDeploy shifts the traffic of the load
 * balancer's listener between two target groups, and only public services are behind it.
 * Reported where `blueGreen` is written (the service's key, an override's).
 */
export function checkDeploymentExposure(svc: ServiceInput, ctx: z.RefinementCtx): void {
  if (svc.expose === "public") return;
  const reason =
    svc.expose === "internal"
      ? 'an internal service (expose "internal"): CodeDeploy shifts the load balancer\'s listener traffic, and only public services are behind the load balancer; internal services are reached over Cloud Map'
      : 'a worker (expose "none"): it has no port, so no load balancer listener or target group for CodeDeploy to shift';
  const message = `must not be "blueGreen" on ${reason}: use "rolling"`;
  if (svc.deployment === "blueGreen") issue(ctx, ["deployment"], message);
  for (const env of Object.keys(svc.overrides)) {
    if (svc.overrides[env]?.deployment === "blueGreen") issue(ctx, ["overrides", env, "deployment"], message);
  }
}

/** The deployment strategy of `svc` in `env`: the override's, else the service's. */
export function deploymentIn(svc: ServiceInput, env: EnvironmentName): DeploymentStrategy {
  return svc.overrides[env]?.deployment ?? svc.deployment;
}

/**
 * A blue/green service needs `api.targets: "loadBalancer"` in every environment where
 * its deployment (overrides win) is `blueGreen`: the service-level key is reported once,
 * naming those environments; an override's where it is written. Non-public services are
 * left to {@link checkDeploymentExposure}.
 */
export function checkBlueGreenTargets(
  cfg: {
    readonly services: readonly ServiceInput[];
    readonly environments: Readonly<Record<EnvironmentName, { readonly api: { readonly targets: ApiTargets } }>>;
  },
  ctx: z.RefinementCtx,
): void {
  cfg.services.forEach((svc, i) => {
    if (svc.expose !== "public") return;
    const inherited: EnvironmentName[] = [];
    for (const env of Object.keys(cfg.environments)) {
      if (deploymentIn(svc, env) !== "blueGreen" || cfg.environments[env].api.targets === "loadBalancer") continue;
      if (svc.overrides[env]?.deployment === "blueGreen") {
        issue(
          ctx,
          ["services", i, "overrides", env, "deployment"],
          `is "blueGreen" in ${env}, where environments.${env}.api.targets is "${cfg.environments[env].api.targets}": ` +
            `CodeDeploy shifts traffic between two target groups of the load balancer; set environments.${env}.api.targets to "loadBalancer"`,
        );
      } else {
        inherited.push(env);
      }
    }
    if (inherited.length === 0) return;
    issue(
      ctx,
      ["services", i, "deployment"],
      `is "blueGreen" in ${inherited.join(", ")}, where environments.<env>.api.targets is "cloudMap": CodeDeploy shifts traffic between two target groups ` +
        `of the load balancer, so blueGreen needs targets "loadBalancer" in every environment it applies to; set it there, or overrides.<env>.deployment "rolling"`,
    );
  });
}

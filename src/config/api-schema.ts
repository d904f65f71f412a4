import { z } from "zod";
import { API_KEY_NAME_MAX_LENGTH, USAGE_PLAN_QUOTA_PERIODS } from "../core/aws-facts";
import { dnsLabel, issue, IssuePath, refuseKeys } from "./fields";

/**
 * The config of issue 12: the API's flavor and what it integrates with
 * (`environments.<env>.api.kind|targets`), and client profiles and clients (usage plans
 * and API keys, REST only). The keys are wired into `EnvironmentSchema` in schema.ts.
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

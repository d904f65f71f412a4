import { loadTestConfig } from "../support/environments";
import { resolveEnvironment } from "../../src/config";
import { errorLines, expectInvalidConfig, InvalidConfigCase } from "../support/config-errors";

/**
 * The config of issue 12: environments.<env>.api.kind|targets|clientProfiles|clients and
 * services[].deployment (also per environment in overrides.<env>.deployment).
 */

const ORDERS = { name: "orders", port: 8080, pathPrefix: "/orders", database: true };
const CATALOG = { name: "catalog", port: 8080, pathPrefix: "/catalog" };

/** The REST flavor, as it must be written: with the load balancer. */
const REST = { kind: "rest", targets: "loadBalancer" };
const GOLD = { name: "gold", rateLimit: 100, burstLimit: 200, quota: { limit: 100000, period: "MONTH" } };
const FREE = { name: "free", rateLimit: 0.5, burstLimit: 5 };

/** A user file with prod's api block set to `api`. */
const prodApi = (api: Record<string, unknown>) => ({ environments: { prod: { api } } });
/** prod on REST with the gold and free profiles, and `clients`. */
const restClients = (...clients: Record<string, unknown>[]) => prodApi({ ...REST, clientProfiles: [GOLD, FREE], clients });
/** A user file whose services are orders (with `patch`) and catalog, and `extra` services; `environments` as given. */
const withOrders = (patch: Record<string, unknown>, environments: Record<string, unknown> = {}, ...extra: Record<string, unknown>[]) => ({
  services: [{ ...ORDERS, ...patch }, CATALOG, ...extra],
  environments,
});
/** The load balancer in every environment. */
const LB_EVERYWHERE = { dev: { api: { targets: "loadBalancer" } }, staging: { api: { targets: "loadBalancer" } }, prod: { api: { targets: "loadBalancer" } } };

type Case = InvalidConfigCase;

const INVALID: Case[] = [
  // ── api.kind
  ["an unknown API kind", prodApi({ kind: "graphql" }), "environments.prod.api.kind", '"graphql"', /must be one of "http", "rest"/],
  // ── api.targets
  ["an unknown targets value", prodApi({ targets: "alb" }), "environments.prod.api.targets", '"alb"', /must be one of "cloudMap", "loadBalancer"/],
  [
    "REST with cloudMap targets",
    prodApi({ kind: "rest", targets: "cloudMap" }),
    "environments.prod.api.targets",
    '"cloudMap"',
    /must be "loadBalancer" with kind "rest": REST private integrations need a VPC link v1 to an NLB .*set targets "loadBalancer"/,
  ],
  [
    "REST with the default targets (cloudMap)",
    { environments: { dev: { api: { kind: "rest" } } } },
    "environments.dev.api.targets",
    '"cloudMap"',
    /REST private integrations need a VPC link v1 to an NLB/,
  ],
  // ── api.clientProfiles
  [
    "client profiles on an HTTP API",
    prodApi({ clientProfiles: [FREE] }),
    "environments.prod.api.clientProfiles",
    JSON.stringify([FREE]),
    /needs kind "rest": usage plans and API keys exist only on REST APIs: set kind: "rest"/,
  ],
  [
    "client profiles on an HTTP API with the load balancer",
    prodApi({ targets: "loadBalancer", clientProfiles: [FREE] }),
    "environments.prod.api.clientProfiles",
    JSON.stringify([FREE]),
    /usage plans and API keys exist only on REST APIs/,
  ],
  [
    "a profile name that is no DNS label",
    prodApi({ ...REST, clientProfiles: [{ ...FREE, name: "Free_Tier" }] }),
    "environments.prod.api.clientProfiles[0].name",
    '"Free_Tier"',
    /client profile name must be a lowercase DNS label/,
  ],
  [
    "duplicate profile names",
    prodApi({ ...REST, clientProfiles: [GOLD, FREE, { ...FREE, rateLimit: 1 }] }),
    "environments.prod.api.clientProfiles[2].name",
    '"free"',
    /duplicates client profile "free" \(clientProfiles\[1\]\): names must be unique in an environment/,
  ],
  [
    "a profile rate of 0",
    prodApi({ ...REST, clientProfiles: [{ ...FREE, rateLimit: 0 }] }),
    "environments.prod.api.clientProfiles[0].rateLimit",
    "0",
    /must be > 0/,
  ],
  [
    "a fractional burst",
    prodApi({ ...REST, clientProfiles: [{ ...FREE, burstLimit: 2.5 }] }),
    "environments.prod.api.clientProfiles[0].burstLimit",
    "2.5",
    /must be int/,
  ],
  [
    "a profile without burstLimit",
    prodApi({ ...REST, clientProfiles: [{ name: "free", rateLimit: 1 }] }),
    "environments.prod.api.clientProfiles[0].burstLimit",
    "nothing",
    /is required \(number\)/,
  ],
  [
    "a quota limit of 0",
    prodApi({ ...REST, clientProfiles: [{ ...GOLD, quota: { limit: 0, period: "DAY" } }] }),
    "environments.prod.api.clientProfiles[0].quota.limit",
    "0",
    /must be > 0/,
  ],
  [
    "a yearly quota",
    prodApi({ ...REST, clientProfiles: [{ ...GOLD, quota: { limit: 10, period: "YEAR" } }] }),
    "environments.prod.api.clientProfiles[0].quota.period",
    '"YEAR"',
    /must be one of "DAY", "WEEK", "MONTH"/,
  ],
  [
    "an unknown profile key",
    prodApi({ ...REST, clientProfiles: [{ ...FREE, throttle: 5 }] }),
    "environments.prod.api.clientProfiles[0].throttle",
    undefined,
    /allowed here: name, rateLimit, burstLimit, quota/,
  ],
  // ── api.clients
  [
    "clients on an HTTP API",
    prodApi({ clients: [{ name: "acme", profile: "free" }] }),
    "environments.prod.api.clients",
    '[{"name":"acme","profile":"free"}]',
    /usage plans and API keys exist only on REST APIs: set kind: "rest"/,
  ],
  [
    "a client naming an unknown profile",
    restClients({ name: "acme", profile: "silver" }),
    "environments.prod.api.clients[0].profile",
    '"silver"',
    /names no client profile of this environment; declared: gold, free/,
  ],
  [
    "a client without any profile declared",
    prodApi({ ...REST, clients: [{ name: "acme", profile: "gold" }] }),
    "environments.prod.api.clients[0].profile",
    '"gold"',
    /names no client profile of this environment; none is declared: add it to api.clientProfiles/,
  ],
  [
    "a client of another environment's profile",
    {
      environments: {
        dev: { api: { ...REST, clientProfiles: [GOLD] } },
        prod: { api: { ...REST, clientProfiles: [FREE], clients: [{ name: "acme", profile: "gold" }] } },
      },
    },
    "environments.prod.api.clients[0].profile",
    '"gold"',
    /declared: free/,
  ],
  [
    "duplicate client names",
    restClients({ name: "acme", profile: "gold" }, { name: "acme", profile: "free" }),
    "environments.prod.api.clients[1].name",
    '"acme"',
    /duplicates client "acme" \(clients\[0\]\): names must be unique in an environment/,
  ],
  [
    "a client name that is no DNS label",
    restClients({ name: "ACME Corp", profile: "gold" }),
    "environments.prod.api.clients[0].name",
    '"ACME Corp"',
    /client name must be a lowercase DNS label/,
  ],
  [
    "a client with a key value",
    restClients({ name: "acme", profile: "gold", value: "k3yV4lu3-0123456789abcdef" }),
    "environments.prod.api.clients[0].value",
    "(value hidden)",
    /API key values are generated and never in config.*aws apigateway get-api-key --api-key <id> --include-value/,
  ],
  [
    "a client with a key",
    restClients({ name: "acme", profile: "gold", key: "k3yV4lu3-0123456789abcdef" }),
    "environments.prod.api.clients[0].key",
    "(value hidden)",
    /API key values are generated and never in config/,
  ],
  [
    "an unknown client key",
    restClients({ name: "acme", profile: "gold", plan: "gold" }),
    "environments.prod.api.clients[0].plan",
    undefined,
    /unknown key \(a typo\?\) — allowed here: name, profile/,
  ],
  // ── services[].deployment
  ["an unknown deployment strategy", withOrders({ deployment: "canary" }), "services[0].deployment", '"canary"', /must be one of "rolling", "blueGreen"/],
  [
    "an unknown override deployment strategy",
    withOrders({ overrides: { dev: { deployment: "canary" } } }),
    "services[0].overrides.dev.deployment",
    '"canary"',
    /must be one of "rolling", "blueGreen"/,
  ],
  [
    "blue/green without a load balancer anywhere",
    withOrders({ deployment: "blueGreen" }),
    "services[0].deployment",
    '"blueGreen"',
    /is "blueGreen" in dev, staging, prod, where environments.<env>.api.targets is "cloudMap": .*needs targets "loadBalancer" in every environment it applies to/,
  ],
  [
    "blue/green with the load balancer in prod only",
    withOrders({ deployment: "blueGreen" }, { prod: { api: { targets: "loadBalancer" } } }),
    "services[0].deployment",
    '"blueGreen"',
    /is "blueGreen" in dev, staging, where/,
  ],
  [
    "a prod override to blue/green where prod has no load balancer",
    withOrders({ overrides: { prod: { deployment: "blueGreen" } } }, { dev: { api: { targets: "loadBalancer" } } }),
    "services[0].overrides.prod.deployment",
    '"blueGreen"',
    /is "blueGreen" in prod, where environments.prod.api.targets is "cloudMap": .*set environments.prod.api.targets to "loadBalancer"/,
  ],
  [
    "blue/green on an internal service",
    withOrders({}, LB_EVERYWHERE, { name: "search", port: 9200, expose: "internal", deployment: "blueGreen" }),
    "services[2].deployment",
    '"blueGreen"',
    /must not be "blueGreen" on an internal service \(expose "internal"\): .*only public services are behind the load balancer.*use "rolling"/,
  ],
  [
    "blue/green on a worker",
    withOrders({}, LB_EVERYWHERE, { name: "mailer", expose: "none", deployment: "blueGreen" }),
    "services[2].deployment",
    '"blueGreen"',
    /must not be "blueGreen" on a worker \(expose "none"\): it has no port/,
  ],
  [
    "an override to blue/green on an internal service",
    withOrders({}, LB_EVERYWHERE, { name: "search", port: 9200, expose: "internal", overrides: { staging: { deployment: "blueGreen" } } }),
    "services[2].overrides.staging.deployment",
    '"blueGreen"',
    /must not be "blueGreen" on an internal service/,
  ],
];

describe("API and deployment config: invalid", () => {
  it.each(INVALID)("rejects %s, naming the field path and the value", (_what, overrides, path, value, allowed) => {
    // GIVEN a user file with one mistake / WHEN it is loaded / THEN a line names the path, shows the value and says what is allowed
    expectInvalidConfig(overrides, path, value, allowed);
  });

  it("never prints an API key value written in config, not even in the client list around it", () => {
    // GIVEN a client with a value, on an HTTP API (so the whole clients list is reported too)
    const secret = "k3yV4lu3-0123456789abcdef";
    const overrides = prodApi({ clientProfiles: [GOLD], clients: [{ name: "acme", profile: "gold", value: secret }] });
    // WHEN loaded
    const lines = errorLines(overrides);
    // THEN the value is refused, the list is reported, and the value shows nowhere
    expect(lines).toContainEqual(expect.stringMatching(/^environments\.prod\.api\.clients\[0\]\.value: got \(value hidden\) — API key values are generated/));
    expect(lines).toContainEqual(expect.stringMatching(/^environments\.prod\.api\.clients: got .*"\(value hidden\)".* — needs kind "rest"/));
    expect(lines.join("\n")).not.toContain(secret);
  });

  it("reports a blue/green service once for every environment without the load balancer", () => {
    // GIVEN a blue/green service and no load balancer anywhere / WHEN loaded
    const lines = errorLines(withOrders({ deployment: "blueGreen" })).filter((l) => l.startsWith("services[0]"));
    // THEN one line, at the service's key, naming the three environments
    expect(lines).toEqual([expect.stringMatching(/^services\[0\]\.deployment: .* in dev, staging, prod, /)]);
  });

  it("reports blue/green on an internal service as the exposure's problem only, not also the load balancer's", () => {
    // GIVEN an internal blue/green service and no load balancer / WHEN loaded
    const lines = errorLines(withOrders({}, {}, { name: "search", port: 9200, expose: "internal", deployment: "blueGreen" }));
    // THEN one line: the exposure
    expect(lines).toEqual([expect.stringMatching(/^services\[2\]\.deployment: .*must not be "blueGreen" on an internal service/)]);
  });
});

describe("API and deployment config: valid", () => {
  it.each([
    ["the defaults (HTTP API, Cloud Map, no profiles, rolling)", {}],
    ["kind and targets written as their defaults", prodApi({ kind: "http", targets: "cloudMap" })],
    ["an HTTP API through the load balancer", prodApi({ targets: "loadBalancer" })],
    ["a REST API through the load balancer, without profiles", prodApi(REST)],
    ["empty profile and client lists on an HTTP API", prodApi({ clientProfiles: [], clients: [] })],
    ["REST with profiles and their clients", restClients({ name: "acme", profile: "gold" }, { name: "hobbyist", profile: "free" })],
    [
      "every quota period, and no quota",
      prodApi({
        ...REST,
        clientProfiles: [
          { ...FREE, name: "daily", quota: { limit: 1, period: "DAY" } },
          { ...FREE, name: "weekly", quota: { limit: 7, period: "WEEK" } },
          { ...FREE, name: "monthly", quota: { limit: 30, period: "MONTH" } },
          FREE,
        ],
        clients: [{ name: "acme", profile: "free" }],
      }),
    ],
    [
      "the same profile and client names in two environments",
      {
        environments: {
          dev: { api: { ...REST, clientProfiles: [GOLD], clients: [{ name: "acme", profile: "gold" }] } },
          ...restClients({ name: "acme", profile: "gold" }).environments,
        },
      },
    ],
    ["a client named like a profile", restClients({ name: "gold", profile: "gold" })],
    ["REST in prod only (dev and staging stay HTTP)", restClients({ name: "acme", profile: "free" })],
    ["deployment rolling written out", withOrders({ deployment: "rolling", overrides: { prod: { deployment: "rolling" } } })],
    ["blue/green with the load balancer everywhere", withOrders({ deployment: "blueGreen" }, LB_EVERYWHERE)],
    ["blue/green in prod only, where prod has the load balancer", withOrders({ overrides: { prod: { deployment: "blueGreen" } } }, { prod: { api: REST } })],
    [
      "blue/green except in dev, which has no load balancer",
      withOrders({ deployment: "blueGreen", overrides: { dev: { deployment: "rolling" } } }, { staging: { api: REST }, prod: { api: REST } }),
    ],
    [
      "rolling internal services and workers next to the load balancer",
      withOrders({}, LB_EVERYWHERE, { name: "search", port: 9200, expose: "internal" }, { name: "mailer", expose: "none" }),
    ],
  ])("accepts %s", (_what, overrides) => {
    // GIVEN a valid use of the API and deployment keys (table) / WHEN loaded / THEN accepted
    expect(() => loadTestConfig({ overrides, env: {} })).not.toThrow();
  });
});

describe("API and deployment config: resolution", () => {
  it("resolves the defaults: HTTP API, Cloud Map, empty profile and client lists, rolling services, in every environment", () => {
    // GIVEN the embedded defaults / WHEN every environment is resolved
    const config = loadTestConfig({ overrides: {}, env: {} });
    for (const env of ["dev", "staging", "prod"] as const) {
      const resolved = resolveEnvironment(config, env);
      // THEN the api block has the new keys at their defaults, and every service rolls
      expect(resolved.settings.api).toMatchObject({ kind: "http", targets: "cloudMap", clientProfiles: [], clients: [] });
      expect(resolved.services.map((s) => s.deployment)).toEqual(["rolling", "rolling"]);
    }
  });

  it("carries an environment's REST settings, profiles and clients as written, quota optional", () => {
    // GIVEN prod on REST with two profiles and a client / WHEN prod and dev are resolved
    const config = loadTestConfig({ overrides: restClients({ name: "acme", profile: "gold" }), env: {} });
    const prod = resolveEnvironment(config, "prod").settings.api;
    // THEN prod has them as written; dev keeps the defaults
    expect(prod).toEqual({
      kind: "rest",
      targets: "loadBalancer",
      throttle: { burstLimit: 500, rateLimit: 250 },
      detailedMetrics: true,
      tracing: false,
      clientProfiles: [GOLD, FREE],
      clients: [{ name: "acme", profile: "gold" }],
    });
    expect(prod.clientProfiles[1].quota).toBeUndefined();
    expect(resolveEnvironment(config, "dev").settings.api).toMatchObject({ kind: "http", targets: "cloudMap", clientProfiles: [], clients: [] });
  });

  it("resolves a service's deployment per environment, overrides winning", () => {
    // GIVEN orders blue/green except in dev, and catalog rolling except in prod
    const overrides = {
      services: [
        { ...ORDERS, deployment: "blueGreen", overrides: { dev: { deployment: "rolling" } } },
        { ...CATALOG, overrides: { prod: { deployment: "blueGreen" } } },
      ],
      environments: { staging: { api: REST }, prod: { api: REST } },
    };
    const config = loadTestConfig({ overrides, env: {} });
    // WHEN each environment is resolved
    const deployments = (["dev", "staging", "prod"] as const).map((env) => resolveEnvironment(config, env).services.map((s) => s.deployment));
    // THEN each service has its strategy in that environment
    expect(deployments).toEqual([
      ["rolling", "rolling"],
      ["blueGreen", "rolling"],
      ["blueGreen", "blueGreen"],
    ]);
  });
});

describe("blue/green: the CodeDeploy role's name budget", () => {
  it("counts <project>-<env>-<service>-codedeploy for a blue/green service, and not for a rolling one", () => {
    // GIVEN a 20-character project and a 28-character service name: its -exec role (62) fits, its -codedeploy role (68) does not
    const name = "s".repeat(28);
    const service = { name, port: 8080, pathPrefix: "/s" };
    const base = { project: "p".repeat(20), environments: LB_EVERYWHERE };
    // WHEN loaded rolling THEN accepted
    expect(() => loadTestConfig({ overrides: { ...base, services: [service] }, env: {} })).not.toThrow();
    // WHEN loaded blue/green THEN refused at the name, naming the CodeDeploy role
    expect(errorLines({ ...base, services: [{ ...service, deployment: "blueGreen" }] })).toEqual([
      expect.stringMatching(/^services\[0\]\.name: .*makes the IAM role name "p{20}-staging-s{28}-codedeploy" 68 characters; IAM allows 64/),
    ]);
  });
});

describe("the load balancer's name and profiles without clients", () => {
  it("refuses a project whose load balancer name ELB refuses, only where there is a load balancer", () => {
    // GIVEN the project "internal" (its NLB would be internal-<env>-nlb)
    // WHEN loaded with the load balancer in prod only THEN one error, naming prod's NLB
    expect(errorLines({ project: "internal", environments: { prod: { api: { targets: "loadBalancer" } } } })).toEqual([
      expect.stringMatching(/^project: .*makes the prod load balancer's name "internal-prod-nlb", which must not begin with 'internal-'/),
    ]);
    // AND without a load balancer the name is fine
    expect(() => loadTestConfig({ overrides: { project: "internal" }, env: {} })).not.toThrow();
  });

  it("refuses client profiles without a client (every request would be 403), and accepts them with one", () => {
    // GIVEN prod REST with profiles and no clients / WHEN loaded / THEN api.clients says why
    expect(errorLines(prodApi({ ...REST, clientProfiles: [GOLD] }))).toEqual([
      expect.stringMatching(/^environments\.prod\.api\.clients: .*every method then requires an API key that no client has/),
    ]);
    // AND with one client it is accepted
    expect(() =>
      loadTestConfig({ overrides: prodApi({ ...REST, clientProfiles: [GOLD], clients: [{ name: "acme", profile: "gold" }] }), env: {} }),
    ).not.toThrow();
  });
});

describe("api.tracing", () => {
  it("is REST only: refused on http, passed to the REST stage", () => {
    // GIVEN tracing on an HTTP API / WHEN loaded / THEN refused at api.tracing
    expect(errorLines(prodApi({ tracing: true }))).toEqual([
      expect.stringMatching(/^environments\.prod\.api\.tracing: .*needs kind "rest": HTTP APIs have no X-Ray/),
    ]);
    // AND on REST it resolves, on by request
    const config = loadTestConfig({ overrides: prodApi({ ...REST, tracing: true }), env: {} });
    expect(resolveEnvironment(config, "prod").settings.api.tracing).toBe(true);
    expect(resolveEnvironment(config, "dev").settings.api.tracing).toBe(false);
  });
});

import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { ConfigError } from "../../src/config/loader";
import { PROFILE_NAMES } from "../../src/config/schema";
import { RateLimitRuleset, RateLimitRulesetProps } from "../../src/dns/rate-limit-ruleset";
import { rateLimitFor } from "../../src/stacks/environment-props";
import { resources, testConfig, TfJson } from "../support/synth";
import { synthJson, testEnv, testStack } from "../support/test-stack";

describe("RateLimitRuleset", () => {
  const ZONE = "0123456789abcdef0123456789abcdef";
  const cloudflareStack = () => {
    const stack = testStack();
    new CloudflareProvider(stack, "cloudflare", {});
    return stack;
  };
  const build = (props: Partial<RateLimitRulesetProps> = {}) => {
    const stack = cloudflareStack();
    const ruleset = new RateLimitRuleset(stack, "rl", { zoneId: ZONE, pathPrefixes: ["/orders", "/catalog"], requestsPerPeriod: 100, ...props });
    return { stack, ruleset, json: () => synthJson(stack), synth: () => Testing.synth(stack) };
  };
  const onlyRuleset = (json: TfJson): TfJson => {
    const all = Object.values(resources(json, "cloudflare_ruleset"));
    expect(all).toHaveLength(1);
    return all[0];
  };

  it("blocks per client IP in the zone's http_ratelimit phase, with Free-plan values by default", () => {
    // GIVEN / WHEN a ruleset with defaults
    const { json, synth } = build();
    // THEN one ruleset with one zone rule counting per colo + IP over 10 s, blocking for 10 s
    onlyRuleset(json());
    expect(synth()).toHaveResourceWithProperties(Ruleset, {
      zone_id: ZONE,
      kind: "zone",
      phase: "http_ratelimit",
      // Nested values match exactly, unless wrapped in objectContaining (the jest adapter's semantics).
      rules: [
        expect.objectContaining({
          action: "block",
          enabled: true,
          ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 10, requests_per_period: 100, mitigation_timeout: 10 },
        }),
      ],
    });
  });

  it("matches the API's path prefixes with the Path field only (Free plan)", () => {
    // GIVEN / WHEN a ruleset for two path prefixes
    const { json } = build();
    // THEN its rule matches each prefix and everything under it, by path
    expect(onlyRuleset(json()).rules[0].expression).toBe(
      '(http.request.uri.path eq "/orders" or http.request.uri.path wildcard "/orders/*" or ' +
        'http.request.uri.path eq "/catalog" or http.request.uri.path wildcard "/catalog/*")',
    );
  });

  it("matches hosts instead when given (Pro plan or higher)", () => {
    // GIVEN / WHEN a ruleset for two hosts
    const { json } = build({ hosts: ["api.example.com", "api-dev.example.com"] });
    // THEN its rule matches those hosts, not paths
    expect(onlyRuleset(json()).rules[0].expression).toBe('(http.host in {"api.example.com" "api-dev.example.com"})');
  });

  it("takes a longer period and timeout on plans that allow them", () => {
    // GIVEN / WHEN a ruleset with a 60 s period and a 600 s timeout
    const { json, synth } = build({ periodSeconds: 60, mitigationTimeoutSeconds: 600 });
    // THEN its single rule uses both
    onlyRuleset(json());
    expect(synth()).toHaveResourceWithProperties(Ruleset, {
      rules: [expect.objectContaining({ ratelimit: expect.objectContaining({ period: 60, mitigation_timeout: 600 }) })],
    });
  });

  it.each([
    [{ requestsPerPeriod: 0 }, "requestsPerPeriod must be an integer > 0, got 0"],
    [{ requestsPerPeriod: 1.5 }, "requestsPerPeriod must be an integer > 0, got 1.5"],
    [{ periodSeconds: 30 }, "periodSeconds must be one of 10, 60, 120, 300, 600, 3600 (Free plan: 10), got 30"],
    [{ mitigationTimeoutSeconds: 5 }, "mitigationTimeoutSeconds must be one of 10, 60, 120, 300, 600, 3600, 86400 (Free plan: 10), got 5"],
    [{ pathPrefixes: [] }, "pathPrefixes must list at least one prefix, got none"],
    [
      { pathPrefixes: ['/a" or true or "'] },
      `pathPrefixes entries must start with '/', have no trailing '/' and use URL-safe segments, got "/a\\" or true or \\""`,
    ],
    [{ hosts: [] }, "hosts must list at least one host when set, got an empty list"],
    [{ hosts: ["API.example.com"] }, 'hosts entries must be lowercase host names like api.example.com, got "API.example.com"'],
  ])("rejects %j", (props, message) => {
    // GIVEN an invalid prop / WHEN building / THEN the error names path, prop and value
    expect(() => build(props as Partial<RateLimitRulesetProps>)).toThrow(`test/rl: ${message}`);
  });

  describe("in an environment (stacks/environment-props)", () => {
    const envsWithRuleset = (overrides: unknown) =>
      PROFILE_NAMES.filter((envName) => {
        const stack = cloudflareStack();
        const created = rateLimitFor(stack, "rl", testEnv(envName, overrides));
        const inJson = Object.keys(resources(synthJson(stack), "cloudflare_ruleset")).length > 0;
        expect(inJson).toBe(created !== undefined);
        return inJson;
      });

    it("is off by default", () => {
      // GIVEN the default config / WHEN each environment adds its ruleset / THEN none does
      expect(envsWithRuleset({})).toEqual([]);
    });

    it("is created once, by the zone settings owner, when domain.rateLimit is set", () => {
      // GIVEN domain.rateLimit set (and an owner) / WHEN each environment adds its ruleset
      // THEN only the zone settings owner creates it
      expect(envsWithRuleset({ domain: { rateLimit: { requestsPerPeriod: 50 } } })).toEqual(["prod"]);
      expect(envsWithRuleset({ domain: { rateLimit: { requestsPerPeriod: 50 }, zoneSettingsOwner: "staging" } })).toEqual(["staging"]);
    });

    it("counts the configured services' prefixes at the configured rate", () => {
      // GIVEN a configured rate
      const stack = cloudflareStack();
      // WHEN prod adds its ruleset
      rateLimitFor(stack, "rl", testEnv("prod", { domain: { rateLimit: { requestsPerPeriod: 50, periodSeconds: 60 } } }));
      // THEN it counts the services' prefixes at that rate
      const rule = onlyRuleset(synthJson(stack)).rules[0];
      expect(rule.ratelimit).toMatchObject({ requests_per_period: 50, period: 60 });
      expect(rule.expression).toContain('"/orders/*"');
      expect(rule.expression).toContain('"/catalog/*"');
    });
  });

  describe("config domain.rateLimit", () => {
    it.each([
      [{ requestsPerPeriod: 0 }, /domain\.rateLimit\.requestsPerPeriod/],
      [{ requestsPerPeriod: 10, periodSeconds: 30 }, /domain\.rateLimit\.periodSeconds/],
      [{ requestsPerPeriod: 10, burst: 5 }, /domain\.rateLimit/],
    ])("rejects %j", (rateLimit, path) => {
      // GIVEN an invalid domain.rateLimit / WHEN loading / THEN a ConfigError names the path
      expect(() => testConfig({ domain: { rateLimit } })).toThrow(ConfigError);
      expect(() => testConfig({ domain: { rateLimit } })).toThrow(path);
    });

    it("defaults the period to 10 s", () => {
      // GIVEN a rate without a period / WHEN loading / THEN the period is 10 s
      expect(testConfig({ domain: { rateLimit: { requestsPerPeriod: 10 } } }).domain.rateLimit).toEqual({ requestsPerPeriod: 10, periodSeconds: 10 });
    });
  });
});

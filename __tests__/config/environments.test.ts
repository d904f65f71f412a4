import { ConfigError, describeLoadedConfig, loadConfig, PlatformConfig, resolveEnvironment } from "../../src/config";
import { PROFILES } from "../../src/config/defaults";
import { checkStacks } from "../../src/checks/engine";
import { synthApp } from "../support/synth";

/** A user's file as written: its `environments` replaces the default map. */
function load(overrides: unknown): PlatformConfig {
  return loadConfig({ overrides, env: {} });
}

/** The ConfigError lines of a user's file as written. */
function problems(overrides: unknown): string[] {
  try {
    load(overrides);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.slice();
  }
  throw new Error(`config was accepted: ${JSON.stringify(overrides)}`);
}

const DEV_QA_PROD = {
  environments: {
    dev: {},
    qa: { profile: "staging", vpcCidr: "10.40.0.0/16", database: { instanceClass: "db.t4g.medium" } },
    prod: {},
  },
};

/** Issue 14: environments are data, each starting from a built-in profile. */
describe("environments as an open map with profiles", () => {
  it("deploys the environments the file names, in its order, and nothing else", () => {
    // GIVEN dev, qa and prod (no staging) / WHEN loaded / THEN exactly those, in that order
    const config = load(DEV_QA_PROD);
    expect(Object.keys(config.environments)).toEqual(["dev", "qa", "prod"]);
    // AND the default map stays dev, staging, prod
    expect(Object.keys(load({}).environments)).toEqual(["dev", "staging", "prod"]);
  });

  it("starts an environment from its profile and deep-merges what it sets over it", () => {
    // GIVEN qa on the staging profile with its own CIDR and instance class / WHEN resolved
    const qa = resolveEnvironment(load(DEV_QA_PROD), "qa");
    // THEN qa is staging's topology with qa's two settings
    expect(qa.profile).toBe("staging");
    expect(qa.settings).toMatchObject({
      profile: "staging",
      vpcCidr: "10.40.0.0/16",
      natGateways: PROFILES.staging.natGateways,
      logRetentionDays: PROFILES.staging.logRetentionDays,
      database: { ...PROFILES.staging.database, instanceClass: "db.t4g.medium" },
    });
    // AND its names and host carry its own name
    expect(qa.envName).toBe("qa");
    expect(qa.domain.apiHost).toBe("api-qa.example.com");
  });

  it("gives dev, staging and prod their own profile, and lets a built-in name take another", () => {
    // GIVEN dev on the prod profile / WHEN resolved / THEN dev has prod's defaults
    const config = load({ environments: { dev: { profile: "prod" }, prod: { vpcCidr: "10.31.0.0/16" } } });
    expect(resolveEnvironment(config, "dev").settings).toMatchObject({ profile: "prod", azCount: PROFILES.prod.azCount, vpcCidr: PROFILES.prod.vpcCidr });
    expect(resolveEnvironment(config, "prod").profile).toBe("prod");
  });

  it("takes overrides and the zone settings owner for any declared environment", () => {
    // GIVEN an override for qa and qa owning the zone settings / WHEN resolved
    const config = load({
      ...DEV_QA_PROD,
      domain: { zoneSettingsOwner: "qa" },
      services: [{ name: "orders", port: 8080, pathPrefix: "/orders", overrides: { qa: { desiredCount: 3 } } }],
    });
    // THEN qa runs three tasks and manages the zone; prod does not
    expect(resolveEnvironment(config, "qa").services[0].desiredCount).toBe(3);
    expect(resolveEnvironment(config, "qa").domain.managesZoneSettings).toBe(true);
    expect(resolveEnvironment(config, "prod").domain.managesZoneSettings).toBe(false);
  });

  it.each([
    [
      "an override naming an undeclared environment",
      { ...DEV_QA_PROD, services: [{ name: "orders", port: 8080, pathPrefix: "/orders", overrides: { staging: { cpu: 512 } } }] },
      /^services\[0\]\.overrides\.staging: got \{"cpu":512\} — names no declared environment; declared: dev, qa, prod$/,
    ],
    [
      "a zoneSettingsOwner not declared (the default, prod, is gone)",
      { environments: { dev: {}, qa: { profile: "staging" } } },
      /^domain\.zoneSettingsOwner: got "prod" — names no declared environment \(prod is the default\); declared: dev, qa: set it to/,
    ],
    [
      "an unknown profile",
      { environments: { dev: {}, qa: { profile: "uat" }, prod: {} } },
      /^environments\.qa\.profile: got "uat" — must be one of "dev", "staging", "prod"$/,
    ],
    [
      "a name other than dev, staging, prod without a profile",
      { environments: { dev: {}, perf: {}, prod: {} } },
      /^environments\.perf\.profile: got nothing — is required for an environment not named dev, staging, prod/,
    ],
    [
      "a VPC CIDR another environment uses (qa inherits staging's)",
      { environments: { dev: {}, staging: {}, qa: { profile: "staging" }, prod: {} } },
      /^environments\.qa\.vpcCidr: got "10\.20\.0\.0\/16" — overlaps environments\.staging\.vpcCidr \(10\.20\.0\.0\/16\): environments need disjoint CIDRs \(this is the staging profile's default: set a vpcCidr of its own\)$/,
    ],
    [
      "an environment named like a property of every object",
      { environments: { constructor: { profile: "dev" }, prod: {} } },
      /^environments\.constructor: got "constructor" — as an environment name is reserved/,
    ],
    [
      "an environment named __proto__ (JSON.parse keeps it as a key)",
      JSON.parse('{ "environments": { "__proto__": { "profile": "dev" }, "prod": {} } }'),
      /^environments\.__proto__: got "__proto__" — as an environment name must be a lowercase DNS label/,
    ],
    [
      "a service named constructor",
      { services: [{ name: "constructor", port: 8080, pathPrefix: "/c" }] },
      /^services\[0\]\.name: got "constructor" — service name is reserved/,
    ],
    [
      "an environment in another partition than the state",
      { environments: { dev: {}, prod: { region: "cn-north-1" } } },
      /^environments\.prod\.region: got "cn-north-1" — is in partition aws-cn, but the state bucket's region eu-west-1 is in aws/,
    ],
    [
      "a state role of another partition",
      { state: { bucket: "acme-terraform-state", roleArn: "arn:aws-cn:iam::444444444444:role/state" } },
      /^state\.roleArn: got .* — is in partition aws-cn, but the state bucket's region eu-west-1 is in aws/,
    ],
    ["no environment at all", { environments: {} }, /^environments: got \{\} — must declare at least one environment$/],
    [
      "a name longer than 12 characters",
      { environments: { "performance-1": { profile: "dev" } }, domain: { zoneSettingsOwner: "performance-1" } },
      /^environments\.performance-1: got "performance-1" — as an environment name must be a lowercase DNS label of 1–12 characters/,
    ],
  ])("refuses %s", (_what, overrides, line) => {
    // GIVEN a file as written (table) / WHEN loaded / THEN one line names the path, the value and what is allowed
    expect(problems(overrides)).toContainEqual(expect.stringMatching(line));
  });

  it("checks name budgets with the longest declared name", () => {
    // GIVEN a 12-character environment and a service name that fits with prod but not with it
    const service = { name: "a".repeat(42), port: 8080, pathPrefix: "/a" };
    expect(() => load({ environments: { prod: {} }, services: [service] })).not.toThrow();
    // WHEN an environment of 12 characters is declared / THEN the IAM role name budget is exceeded there
    expect(problems({ environments: { prod: {}, performance1: { profile: "staging", vpcCidr: "10.50.0.0/16" } }, services: [service] })).toContainEqual(
      expect.stringMatching(/^services\[0\]\.name: .*64/),
    );
  });

  it("synthesizes a stack per declared environment, named after it, and checks each by its profile", () => {
    // GIVEN dev, qa (staging profile) and sandbox (dev profile) / WHEN synthesized
    const config = load({
      environments: { dev: {}, qa: { profile: "staging", vpcCidr: "10.40.0.0/16" }, sandbox: { profile: "dev", vpcCidr: "10.50.0.0/16" } },
      domain: { zoneSettingsOwner: "qa" },
    });
    const { stacks, platform } = synthApp(config);
    // THEN the stacks are bootstrap plus the three, each with its own state key
    expect(Object.keys(platform.environments)).toEqual(["dev", "qa", "sandbox"]);
    expect(Object.keys(stacks).sort()).toEqual(["bootstrap", "dev", "qa", "sandbox"]);
    expect(stacks.qa.terraform.backend.s3.key).toBe("platform/qa/terraform.tfstate");
    // AND the checker applies staging's rules to qa (NAT per AZ is required there) and dev's to sandbox
    const profiles = Object.fromEntries(Object.entries(config.environments).map(([name, env]) => [name, env.profile]));
    const withProfiles = checkStacks(stacks, { profiles });
    const rulesFor = (stack: string, result = withProfiles) => new Set(result.findings.filter((f) => f.stack === stack).map((f) => f.rule));
    expect(rulesFor("sandbox")).toEqual(rulesFor("dev"));
    // Without the profiles, sandbox would be held to prod's rules: more findings
    const strict = checkStacks(stacks);
    expect(strict.findings.filter((f) => f.stack === "sandbox").length).toBeGreaterThan(withProfiles.findings.filter((f) => f.stack === "sandbox").length);
  });
});

describe("describeLoadedConfig", () => {
  it("names the source and the environments the config deploys, in order", () => {
    // GIVEN a file naming dev, qa and prod / WHEN described / THEN the line lists them
    const loaded = { config: load(DEV_QA_PROD), source: "/work/infra.config.json" };
    expect(describeLoadedConfig(loaded)).toBe("config: /work/infra.config.json · environments: dev, qa, prod");
  });
});

describe("an environment's account from its role", () => {
  it("pins an environment that names only assumeRoleArn to the role's account, and counts it among the accounts", () => {
    // GIVEN prod with a role of 333333333333 and no account, dev in 111111111111, no state role
    const file = { environments: { dev: { account: "111111111111" }, prod: { assumeRoleArn: "arn:aws:iam::333333333333:role/deployer" } } };
    // WHEN loaded / THEN two accounts need the state role
    expect(problems(file)).toContainEqual(expect.stringMatching(/^state\.roleArn: got nothing — is required when environments deploy to several accounts/));
    // AND with it, prod is pinned to 333333333333
    const config = load({ ...file, state: { bucket: "acme-terraform-state", roleArn: "arn:aws:iam::444444444444:role/state" } });
    expect(config.environments.prod.account).toBe("333333333333");
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ConfigError, deepMerge, formatPath, loadConfig, resolveEnvironment, validateConfig } from "../../src/config";
import { DEFAULT_CONFIG, PROFILES } from "../../src/config/defaults";
import { testConfig } from "../support/synth";

/** The error `fn` throws, which must be a ConfigError. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError, but nothing was thrown");
}

describe("deepMerge", () => {
  it("merges objects key by key, replaces arrays and scalars, keeps the base where the override is undefined", () => {
    // GIVEN a base and an override / WHEN merged / THEN objects merge, arrays and scalars are replaced, undefined keeps the base
    const base = { a: { x: 1, y: [1, 2] }, b: "keep", c: [{ n: 1 }, { n: 2 }] };
    const over = { a: { y: [3] }, b: undefined, c: [{ n: 9 }], d: true };
    expect(deepMerge(base, over)).toEqual({ a: { x: 1, y: [3] }, b: "keep", c: [{ n: 9 }], d: true });
    // The base is not mutated.
    expect(base.a.y).toEqual([1, 2]);
  });

  it('keeps a JSON "__proto__" key as a plain key (validation then rejects it) rather than a prototype', () => {
    // GIVEN a parsed __proto__ key / WHEN merged / THEN it is a plain own key, no prototype is touched
    const merged = deepMerge({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.keys(merged)).toEqual(["a", "__proto__"]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(merged.polluted).toBeUndefined();
  });
});

describe("formatPath", () => {
  it("writes paths the way a user writes them", () => {
    // GIVEN path segments / WHEN formatted / THEN dotted keys and [index]
    expect(formatPath(["environments", "prod", "vpcCidr"])).toBe("environments.prod.vpcCidr");
    expect(formatPath(["services", 1, "cpu"])).toBe("services[1].cpu");
    expect(formatPath([])).toBe("(root)");
  });
});

describe("loadConfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "config-load-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it("uses the embedded defaults when there is no file", () => {
    // GIVEN no file / WHEN loaded / THEN the embedded defaults
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.project).toBe(DEFAULT_CONFIG.project);
    expect(config.services.map((s) => s.name)).toEqual(["orders", "catalog"]);
    // zod fills the per-service defaults.
    expect(config.services[0]).toMatchObject({ healthCheckPath: "/health", imageTag: "1.0.0", allowFrom: [], stripPrefix: false, defaultRoute: false });
  });

  it("deep-merges infra.config.json from the working directory over the defaults", () => {
    // GIVEN infra.config.json in cwd / WHEN loaded / THEN merged over the defaults, key by key
    write("infra.config.json", JSON.stringify({ project: "acme", environments: { prod: { azCount: 2 } } }));
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.project).toBe("acme");
    expect(config.environments.prod.azCount).toBe(2);
    // Sibling keys keep their defaults.
    expect(config.environments.prod.vpcCidr).toBe(PROFILES.prod.vpcCidr);
    expect(config.environments.prod.natGateways).toBe("perAz");
  });

  it("reads the file INFRA_CONFIG names (relative to cwd), in preference to infra.config.json", () => {
    // GIVEN both files / WHEN loaded with INFRA_CONFIG / THEN the named file wins
    write("infra.config.json", JSON.stringify({ project: "fromroot" }));
    write("other.json", JSON.stringify({ project: "fromenv" }));
    expect(loadConfig({ cwd: dir, env: { INFRA_CONFIG: "other.json" } }).project).toBe("fromenv");
    expect(loadConfig({ cwd: "/", env: { INFRA_CONFIG: join(dir, "other.json") } }).project).toBe("fromenv");
  });

  it("replaces arrays: a user's services list is the whole list", () => {
    // GIVEN one service in the file / WHEN loaded / THEN only that service
    const config = testConfig({ services: [{ name: "billing", port: 9000, pathPrefix: "/billing" }] });
    expect(config.services.map((s) => s.name)).toEqual(["billing"]);
  });

  it("fails on a missing INFRA_CONFIG file, naming the variable and the path", () => {
    // GIVEN INFRA_CONFIG naming no file / WHEN loaded / THEN the error names variable and path
    const missing = join(dir, "nope.json");
    const err = configError(() => loadConfig({ cwd: dir, env: { INFRA_CONFIG: missing } }));
    expect(err.message).toContain(`INFRA_CONFIG: cannot read ${JSON.stringify(missing)} (ENOENT)`);
  });

  it("fails on an unreadable INFRA_CONFIG (a directory)", () => {
    // GIVEN INFRA_CONFIG naming a directory / WHEN loaded / THEN the error says it cannot be read
    const err = configError(() => loadConfig({ cwd: dir, env: { INFRA_CONFIG: dir } }));
    expect(err.message).toMatch(/INFRA_CONFIG: cannot read .* \(EISDIR\)/);
  });

  it("fails on invalid JSON, naming the file", () => {
    // GIVEN a file that is not JSON / WHEN loaded / THEN the error names the file
    const path = write("bad.json", "{ project: acme }");
    const err = configError(() => loadConfig({ cwd: dir, env: { INFRA_CONFIG: path } }));
    expect(err.message).toContain(`INFRA_CONFIG: ${JSON.stringify(path)} is not valid JSON`);
    expect(err.source).toBe(path);
  });

  it("fails when infra.config.json is not an object", () => {
    // GIVEN a JSON array / WHEN loaded / THEN the error says the config must be an object
    write("infra.config.json", "[1, 2]");
    expect(configError(() => loadConfig({ cwd: dir, env: {} })).message).toContain("(root): got [1,2] — the config must be a JSON object");
  });

  it("lists every problem, one per line, with the source", () => {
    // GIVEN a file with two mistakes / WHEN loaded / THEN both are listed, one per line, with the file
    const path = write("two.json", JSON.stringify({ project: "Bad", region: "mars" }));
    const err = configError(() => loadConfig({ cwd: dir, env: { INFRA_CONFIG: path } }));
    expect(err.problems).toHaveLength(2);
    expect(err.message.split("\n")).toEqual([
      `Invalid config (${path}):`,
      expect.stringMatching(/^ {2}- project: got "Bad"/),
      expect.stringMatching(/^ {2}- region: got "mars"/),
    ]);
  });

  it("validates an already merged object (validateConfig) and accepts the defaults", () => {
    // GIVEN the defaults, and an empty object / WHEN validated / THEN accepted, and rejected
    expect(validateConfig(DEFAULT_CONFIG).project).toBe("platform");
    expect(() => validateConfig({})).toThrow(ConfigError);
  });
});

describe("resolveEnvironment", () => {
  it("gives prod the bare API host and other environments a one-label host (Universal SSL covers one level)", () => {
    // GIVEN the defaults / WHEN each environment is resolved / THEN prod gets api.<zone>, the others api-<env>.<zone>
    const config = testConfig();
    expect(resolveEnvironment(config, "prod").domain.apiHost).toBe("api.example.com");
    expect(resolveEnvironment(config, "dev").domain.apiHost).toBe("api-dev.example.com");
    expect(resolveEnvironment(config, "staging").domain.apiHost).toBe("api-staging.example.com");
    const custom = testConfig({ domain: { name: "acme.io", apiSubdomain: "gw" } });
    expect(resolveEnvironment(custom, "dev").domain.apiHost).toBe("gw-dev.acme.io");
  });

  it("defaults the AZs to <region>a, b, … up to azCount, and uses explicit ones when given", () => {
    // GIVEN defaults, or explicit AZs / WHEN resolved / THEN the region's first azCount letters, or those AZs
    expect(resolveEnvironment(testConfig(), "dev").azs).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(resolveEnvironment(testConfig(), "prod").azs).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    expect(resolveEnvironment(testConfig({ region: "us-east-2" }), "dev").azs).toEqual(["us-east-2a", "us-east-2b"]);
    const explicit = testConfig({ environments: { dev: { azs: ["eu-west-1c", "eu-west-1a"] } } });
    expect(resolveEnvironment(explicit, "dev").azs).toEqual(["eu-west-1c", "eu-west-1a"]);
  });

  it("lets exactly the zoneSettingsOwner manage zone settings", () => {
    // GIVEN staging as owner / WHEN every environment is resolved / THEN only staging manages the settings
    const config = testConfig({ domain: { zoneSettingsOwner: "staging" } });
    expect(["dev", "staging", "prod"].map((e) => resolveEnvironment(config, e as "dev").domain.managesZoneSettings)).toEqual([false, true, false]);
  });

  it("applies a service's per-environment overrides only in that environment", () => {
    // GIVEN a service with overrides for one environment / WHEN each is resolved / THEN only that one changes
    const config = testConfig({
      services: [
        {
          name: "orders",
          port: 8080,
          pathPrefix: "/orders",
          environment: { LOG_LEVEL: "info", FEATURE: "a" },
          overrides: {
            prod: { cpu: 1024, memory: 2048, desiredCount: 4, imageTag: "1.2.3", environment: { LOG_LEVEL: "warn" }, minCapacity: 3, maxCapacity: 12 },
          },
        },
      ],
    });
    const prod = resolveEnvironment(config, "prod").services[0];
    expect(prod).toMatchObject({
      cpu: 1024,
      memory: 2048,
      desiredCount: 4,
      imageTag: "1.2.3",
      environment: { LOG_LEVEL: "warn", FEATURE: "a" },
      minCapacity: 3,
      maxCapacity: 12,
    });
    const dev = resolveEnvironment(config, "dev").services[0];
    // dev gets the service's own values and the environment's autoscaling defaults.
    expect(dev).toMatchObject({
      cpu: 256,
      memory: 512,
      desiredCount: 2,
      imageTag: "1.0.0",
      environment: { LOG_LEVEL: "info", FEATURE: "a" },
      minCapacity: 1,
      maxCapacity: 2,
    });
  });

  it("carries project, region, state bucket and settings", () => {
    // GIVEN a project and bucket / WHEN staging is resolved / THEN it carries them and its settings
    const env = resolveEnvironment(testConfig({ project: "acme", state: { bucket: "acme-state" } }), "staging");
    expect(env).toMatchObject({ envName: "staging", project: "acme", region: "eu-west-1", stateBucket: "acme-state" });
    expect(env.settings.natGateways).toBe("perAz");
  });
});

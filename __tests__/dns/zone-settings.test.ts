import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { PROFILE_NAMES, EnvironmentName } from "../../src/config/schema";
import { ZoneSettings } from "../../src/dns/zone-settings";
import { zoneSettingsFor } from "../../src/stacks/environment-props";
import { resources, TfJson } from "../support/synth";
import { synthJson, testEnv, testStack } from "../support/test-stack";

describe("ZoneSettings", () => {
  const ZONE = "0123456789abcdef0123456789abcdef";
  const cloudflareStack = () => {
    const stack = testStack();
    new CloudflareProvider(stack, "cloudflare", {});
    return stack;
  };
  const settingsOf = (json: TfJson) => Object.fromEntries(Object.values(resources(json, "cloudflare_zone_setting")).map((s) => [s.setting_id, s]));

  it("sets SSL Full (strict), always HTTPS and TLS 1.2 minimum, as plain string values", () => {
    // GIVEN / WHEN zone settings for one zone
    const stack = cloudflareStack();
    new ZoneSettings(stack, "zone", { zoneId: ZONE });
    // THEN each value is the plain string Cloudflare expects (the bindings type it as a map)
    const settings = settingsOf(synthJson(stack));
    expect(settings).toEqual({
      ssl: { zone_id: ZONE, setting_id: "ssl", value: "strict" },
      always_use_https: { zone_id: ZONE, setting_id: "always_use_https", value: "on" },
      min_tls_version: { zone_id: ZONE, setting_id: "min_tls_version", value: "1.2" },
    });
    expect(typeof settings.ssl.value).toBe("string");
  });

  it("raises the TLS floor to 1.3 when asked", () => {
    // GIVEN / WHEN zone settings asking for TLS 1.3
    const stack = cloudflareStack();
    new ZoneSettings(stack, "zone", { zoneId: ZONE, minTlsVersion: "1.3" });
    // THEN the zone's minimum TLS version is 1.3, and only that setting says so
    const json = Testing.synth(stack);
    expect(json).toHaveResourceWithProperties(ZoneSetting, { zone_id: ZONE, setting_id: "min_tls_version", value: "1.3" });
    expect(Object.values(resources(JSON.parse(json), "cloudflare_zone_setting")).filter((s) => s.setting_id === "min_tls_version")).toHaveLength(1);
  });

  it.each(["1.0", "1.1", "tls1.2"])("rejects the minTlsVersion %s", (minTlsVersion) => {
    // GIVEN a TLS floor below 1.2 or misspelt / WHEN building / THEN the error names path, prop and value
    expect(() => new ZoneSettings(cloudflareStack(), "zone", { zoneId: ZONE, minTlsVersion })).toThrow(
      `test/zone: minTlsVersion must be one of 1.2, 1.3, got "${minTlsVersion}"`,
    );
  });

  describe("in an environment (stacks/environment-props)", () => {
    const stacksWithSettings = (overrides: unknown = {}) =>
      PROFILE_NAMES.filter((envName: EnvironmentName) => {
        const stack = cloudflareStack();
        const created = zoneSettingsFor(stack, "zone", testEnv(envName, overrides));
        const inJson = Object.keys(resources(synthJson(stack), "cloudflare_zone_setting")).length > 0;
        expect(inJson).toBe(created !== undefined);
        return inJson;
      });

    it("creates the settings in exactly one environment: prod by default", () => {
      // GIVEN the default config / WHEN each environment adds its zone settings
      // THEN only prod creates them (and the construct exists exactly where the JSON has them)
      expect(stacksWithSettings()).toEqual(["prod"]);
    });

    it("follows domain.zoneSettingsOwner", () => {
      // GIVEN dev as the owner / WHEN each environment adds its zone settings / THEN only dev does
      expect(stacksWithSettings({ domain: { zoneSettingsOwner: "dev" } })).toEqual(["dev"]);
    });

    it("uses the configured zone id", () => {
      // GIVEN a configured zone id
      const stack = cloudflareStack();
      // WHEN prod adds its zone settings
      zoneSettingsFor(stack, "zone", testEnv("prod", { domain: { cloudflareZoneId: ZONE } }));
      // THEN they apply to that zone
      expect(Testing.synth(stack)).toHaveResourceWithProperties(ZoneSetting, { zone_id: ZONE, setting_id: "ssl", value: "strict" });
    });
  });
});

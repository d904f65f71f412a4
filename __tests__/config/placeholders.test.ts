import { readFileSync } from "fs";
import { join } from "path";
import { loadConfig } from "../../src/config";
import { placeholdersOf } from "../../src/config/defaults";

describe("placeholdersOf", () => {
  it("flags every example value of the embedded defaults", () => {
    // GIVEN the embedded defaults WHEN their placeholders are listed THEN bucket, zone and domain
    expect(placeholdersOf(loadConfig({ overrides: {}, env: {} }))).toEqual([
      { path: "state.bucket", value: "platform-terraform-state-example", affects: "all" },
      { path: "domain.cloudflareZoneId", value: "00000000000000000000000000000000", affects: "environments" },
      { path: "domain.name", value: "example.com", affects: "environments" },
    ]);
  });

  it("flags the example file's zone id and bucket (copied from infra.config.example.json)", () => {
    // GIVEN the example file / WHEN its placeholders are listed / THEN the bucket and the zone id
    const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "infra.config.example.json"), "utf8"));
    expect(placeholdersOf(loadConfig({ overrides: example, env: {} })).map((p) => p.path)).toEqual(["state.bucket", "domain.cloudflareZoneId"]);
  });

  it("flags nothing in a real config", () => {
    // GIVEN real values / WHEN placeholders are listed / THEN none
    const real = { state: { bucket: "acme-terraform-state" }, domain: { name: "acme.io", cloudflareZoneId: "3f9a2c7e5b1d4a6c8e0f2b4d6a8c0e1f" } };
    expect(placeholdersOf(loadConfig({ overrides: real, env: {} }))).toEqual([]);
  });
});

import { awsPart, TerraformResult, planTogether, describeWithTerraform } from "./support/terraform";
import { synthApp } from "./support/synth";

const STACKS = ["bootstrap", "dev", "staging", "prod"];

describeWithTerraform("terraform validate + plan of every stack's AWS part", () => {
  const results: Record<string, TerraformResult> = {};
  const { stacks } = synthApp();

  beforeAll(async () => {
    // All four in one terraform run, one module each: the provider starts once.
    Object.assign(results, await planTogether(Object.fromEntries(STACKS.map((name) => [name, awsPart(stacks[name])]))));
  });

  it.each(STACKS)("%s validates and plans", (name) => {
    // GIVEN each stack's AWS part (table) / WHEN terraform validates and plans it (beforeAll) / THEN both succeed
    const result = results[name];
    if (!result.ok) throw new Error(`${name}: ${result.error}`);
    console.log(`${name}: plan adds ${result.toAdd} resources`);
    expect(result.toAdd).toBeGreaterThan(0);
  });
});

describe("awsPart projection", () => {
  it("drops the backend, Cloudflare and real-account provider settings", () => {
    // GIVEN a stack with a backend, Cloudflare and account settings / WHEN projected / THEN only the AWS part remains
    const projected = awsPart({
      terraform: { backend: { s3: { bucket: "b" } }, required_providers: { aws: {}, cloudflare: {} } },
      provider: { aws: [{ region: "eu-west-1", assume_role: [{ role_arn: "x" }], profile: "p" }], cloudflare: [{}] },
      resource: {
        cloudflare_dns_record: { r: { name: "x" } },
        aws_acm_certificate_validation: {
          v: { validation_record_fqdns: "${[for r in cloudflare_dns_record.r : r.name]}", depends_on: ["cloudflare_dns_record.r"] },
        },
        aws_s3_bucket: { b: { bucket: "n-${cloudflare_dns_record.r.name}" } },
      },
    });
    expect(projected.terraform.backend).toBeUndefined();
    expect(projected.terraform.required_providers.cloudflare).toBeUndefined();
    expect(projected.provider.cloudflare).toBeUndefined();
    expect(projected.provider.aws[0]).toMatchObject({ region: "eu-west-1", skip_credentials_validation: true });
    expect(projected.provider.aws[0].assume_role).toBeUndefined();
    expect(projected.provider.aws[0].profile).toBeUndefined();
    expect(projected.resource.cloudflare_dns_record).toBeUndefined();
    expect(projected.resource.aws_acm_certificate_validation.v.validation_record_fqdns).toBe('${["cloudflare-placeholder"]}');
    expect(projected.resource.aws_acm_certificate_validation.v.depends_on).toEqual([]);
    expect(projected.resource.aws_s3_bucket.b.bucket).toBe('n-${"cloudflare-placeholder"}');
  });
});

import { CHECKS_PLAN_CASES } from "./checks/plan-cases";
import { CI_PLAN_CASES } from "./ci/plan-cases";
import { COMPUTE_PLAN_CASES } from "./compute/plan-cases";
import { DATABASE_PLAN_CASES } from "./database/plan-cases";
import { EDGE_PLAN_CASES } from "./edge/plan-cases";
import { JOBS_PLAN_CASES } from "./jobs/plan-cases";
import { NETWORK_PLAN_CASES } from "./network/plan-cases";
import { OBSERVABILITY_PLAN_CASES } from "./observability/plan-cases";
import { STACKS_PLAN_CASES } from "./stacks/plan-cases";
import { STORAGE_PLAN_CASES } from "./storage/plan-cases";
import { TfJson } from "./support/synth";
import { awsPart, describeWithTerraform, PlanCase, planTogether, TerraformResult } from "./support/terraform";

/**
 * Every document the suite plans, by domain (each domain's `plan-cases.ts`), in one
 * terraform run: one module each, so terraform starts, and loads the AWS provider's
 * schema, once per test run instead of once per suite (about 2.5 CPU-seconds a start).
 * The end-to-end suites plan what their child processes wrote in runs of their own.
 */
const DOMAINS: Record<string, readonly PlanCase[]> = {
  stacks: STACKS_PLAN_CASES,
  network: NETWORK_PLAN_CASES,
  compute: COMPUTE_PLAN_CASES,
  database: DATABASE_PLAN_CASES,
  storage: STORAGE_PLAN_CASES,
  edge: EDGE_PLAN_CASES,
  checks: CHECKS_PLAN_CASES,
  jobs: JOBS_PLAN_CASES,
  ci: CI_PLAN_CASES,
  observability: OBSERVABILITY_PLAN_CASES,
};

describeWithTerraform("terraform validate + plan (hashicorp/aws 5.100.0, offline), every domain in one run", () => {
  const docs: Record<string, TfJson> = {};
  const results: Record<string, TerraformResult> = {};
  const key = (domain: string, c: PlanCase) => `${domain}: ${c.title}`;

  beforeAll(async () => {
    // WHEN terraform plans the AWS part of every case's document, together
    for (const [domain, cases] of Object.entries(DOMAINS)) for (const c of cases) docs[key(domain, c)] = await c.given();
    Object.assign(results, await planTogether(Object.fromEntries(Object.entries(docs).map(([k, doc]) => [k, awsPart(doc)]))));
  });

  for (const [domain, cases] of Object.entries(DOMAINS)) {
    describe(domain, () => {
      it.each(cases.map((c) => [c.title, c] as const))("%s", (_title, c) => c.then(results[key(domain, c)], docs[key(domain, c)]));
    });
  }
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

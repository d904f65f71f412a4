import { PRICE, priceOf } from "../../src/cost/price-table";
import { PRICE_TABLES } from "../../src/cost/prices";

const tables = Object.values(PRICE_TABLES);
const entries = tables.flatMap((t) => Object.entries(t.prices).map(([key, price]) => ({ region: t.region, key, price })));

describe("price tables", () => {
  it("cover at least eu-west-1 and us-east-1, each under its own region", () => {
    // GIVEN / WHEN the registry / THEN both regions, keyed by their own name
    expect(Object.keys(PRICE_TABLES).sort()).toEqual(expect.arrayContaining(["eu-west-1", "us-east-1"]));
    for (const [region, table] of Object.entries(PRICE_TABLES)) expect(table.region).toBe(region);
    expect(entries.length).toBeGreaterThan(20);
  });

  it.each(entries.map((e) => [`${e.region} ${e.key}`, e]))("%s has a price, an https source, a date and the source's words with the number", (_name, e) => {
    // GIVEN one entry / WHEN read / THEN it is a positive USD figure that the quoted sentence contains
    const { price } = e as (typeof entries)[number];
    expect(price.usd).toBeGreaterThan(0);
    expect(price.source).toMatch(/^https:\/\/\S+$/);
    expect(price.date).toMatch(/^20\d\d-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/);
    expect(price.date <= "2026-12-01").toBe(true);
    expect(price.per.length).toBeGreaterThan(0);
    expect(price.quote).toContain(String(price.usd));
  });

  it("uses only keys the estimator looks up", () => {
    // GIVEN the key patterns of PRICE / WHEN every table key is matched / THEN none is a typo the estimator would never read
    const fixed: unknown[] = Object.values(PRICE).filter((v) => typeof v === "string");
    const patterns = [
      /^fargate(-spot)?\.(x86|arm)\.(vcpu|gb)-hour$/,
      /^rds\.[a-z0-9-]+\.db\.[a-z0-9]+\.[a-z0-9]+\.(single|multi)-az-hour$/,
      /^rds\.storage\.[a-z0-9]+\.single-az-gb-month$/,
      /^ec2\.[a-z0-9-]+\.[a-z0-9]+\.linux-hour$/,
    ];
    const unknown = entries.filter((e) => !fixed.includes(e.key) && !patterns.some((p) => p.test(e.key))).map((e) => `${e.region} ${e.key}`);
    expect(unknown).toEqual([]);
  });

  it("records Multi-AZ RDS prices at twice the Single-AZ price, as the estimator assumes", () => {
    // GIVEN every Multi-AZ entry / WHEN compared to its Single-AZ entry / THEN it is exactly double
    const multi = entries.filter((e) => e.key.endsWith(".multi-az-hour"));
    expect(multi.length).toBeGreaterThan(0);
    for (const e of multi) {
      const single = priceOf(PRICE_TABLES[e.region], e.key.replace(/\.multi-az-hour$/, ".single-az-hour"));
      expect(single).toBeDefined();
      expect(e.price.usd).toBeCloseTo(2 * single!.usd, 12);
    }
  });

  it("guesses no price a source did not give: eu-west-1 has no Secrets Manager price", () => {
    // GIVEN the eu-west-1 table / WHEN asked for a price no stored source gave / THEN there is none
    expect(priceOf(PRICE_TABLES["eu-west-1"], PRICE.secretMonth)).toBeUndefined();
    expect(priceOf(PRICE_TABLES["eu-west-1"], "toString")).toBeUndefined();
  });
});

import { postgresDefaultMaxConnections, rdsClassMemoryGiB } from "../../src/core/rds-facts";

describe("rds-facts", () => {
  it.each([
    ["db.t4g.micro", 1],
    ["db.t3.small", 2],
    ["db.t4g.2xlarge", 32],
    ["db.m7g.large", 8],
    ["db.m6i.4xlarge", 64],
    ["db.r6g.xlarge", 32],
    ["db.r7i.24xlarge", 768],
  ])("knows the memory of %s: %d GiB", (cls, gib) => {
    // GIVEN a class of a listed family / WHEN looked up / THEN its memory (the EC2 type's)
    expect(rdsClassMemoryGiB(cls)).toBe(gib);
  });

  it.each(["db.x2g.large", "db.t4g.nano", "db.m7g.medium", "m7g.large", "db.z1d.large"])("does not guess the memory of %s", (cls) => {
    // GIVEN a class outside the table / WHEN looked up / THEN unknown
    expect(rdsClassMemoryGiB(cls)).toBeUndefined();
  });

  it("derives RDS for PostgreSQL's default max_connections, LEAST(memory/9531392, 5000)", () => {
    // GIVEN nominal memories / WHEN the formula applies / THEN the quotient, capped at 5000
    expect(postgresDefaultMaxConnections(1)).toBe(112);
    expect(postgresDefaultMaxConnections(8)).toBe(901);
    expect(postgresDefaultMaxConnections(64)).toBe(5000);
  });
});

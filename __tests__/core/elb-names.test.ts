import { ELB_NAME_MAX_LENGTH, elbNameProblem } from "../../src/core/aws-facts";

describe("elbNameProblem", () => {
  it.each([["platform-prod-nlb"], ["a".repeat(ELB_NAME_MAX_LENGTH)], ["Orders-1"]])("accepts %s", (name) => {
    // GIVEN a valid name / WHEN checked / THEN no problem for either kind
    expect(elbNameProblem(name, "load balancer")).toBeUndefined();
    expect(elbNameProblem(name, "target group")).toBeUndefined();
  });

  it.each([
    ["", /1–32 characters \(got 0\)/],
    ["a".repeat(33), /1–32 characters \(got 33\)/],
    ["orders_api", /only letters, digits and '-'/],
    ["-orders", /must not begin or end with '-'/],
    ["orders-", /must not begin or end with '-'/],
  ])("rejects %j", (name, message) => {
    // GIVEN an invalid name / WHEN checked / THEN the problem says what is allowed
    expect(elbNameProblem(name, "load balancer")).toMatch(message);
    expect(elbNameProblem(name, "target group")).toMatch(message);
  });

  it("refuses internal- for a load balancer only", () => {
    // GIVEN a name beginning with internal- / WHEN checked / THEN only a load balancer's is refused
    expect(elbNameProblem("internal-prod-nlb", "load balancer")).toMatch(/must not begin with 'internal-'/);
    expect(elbNameProblem("internal-prod-orders", "target group")).toBeUndefined();
  });
});

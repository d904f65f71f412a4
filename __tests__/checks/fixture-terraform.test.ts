import { awsPart, validateAndPlan, describeWithTerraform } from "../support/terraform";
import { compliantStack } from "./fixtures";

describeWithTerraform("the checker's compliant fixture", () => {
  it("is real Terraform: its AWS part validates and plans with hashicorp/aws 5.100", async () => {
    // GIVEN the hand-written stack every rule accepts WHEN terraform validates and plans it
    const result = await validateAndPlan(awsPart(compliantStack()));
    // THEN the attribute names and shapes the rules read are the provider's own
    if (!result.ok) throw new Error(result.error);
    expect(result.toAdd).toBeGreaterThan(50);
  });
});

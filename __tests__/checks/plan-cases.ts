import { PlanCase, planned } from "../support/terraform";
import { compliantStack } from "./fixtures";

export const CHECKS_PLAN_CASES: readonly PlanCase[] = [
  {
    title: "the checker's compliant fixture is real Terraform: its AWS part validates and plans with hashicorp/aws 5.100",
    // GIVEN the hand-written stack every rule accepts
    given: () => compliantStack(),
    // THEN the attribute names and shapes the rules read are the provider's own
    then: (result) => expect(planned("compliant fixture", result).toAdd).toBeGreaterThan(50),
  },
];

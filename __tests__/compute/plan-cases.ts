import { TerraformOutput } from "cdktf";
import { fakeKmsKeyArn } from "../support/fake-arns";
import { PlanCase, planned } from "../support/terraform";
import { synthJson } from "../support/test-stack";
import { addService, resolvedService, world } from "./fixtures";

export const COMPUTE_PLAN_CASES: readonly PlanCase[] = [
  {
    title: "FargateService with cluster, namespace and collector: two services (one with the database) validate and plan",
    given: () => {
      // GIVEN a world with exec on, a database service and a service it calls
      const w = world({ enableExecuteCommand: true, preferSpot: true }, fakeKmsKeyArn("abc"));
      const orders = addService(w, resolvedService());
      const catalog = addService(w, resolvedService({ name: "catalog", database: false, environment: { TEMPLATE: "a ${literal} %{x}" } }));
      catalog.allowFrom(orders, "orders calls catalog");
      // The collector's YAML as Terraform evaluates it: proves the `$${env:…}` escaping.
      new TerraformOutput(w.stack, "otel_config", { value: orders.collector!.containerDefinition.environment![0].value });
      new TerraformOutput(w.stack, "catalog_env", { value: catalog.containerDefinitions[0].environment![0].value });
      return synthJson(w.stack);
    },
    then: (result) => {
      // THEN it plans, and the literals reach AWS unescaped
      const { toAdd, planOutput } = planned("compute", result);
      expect(toAdd).toBeGreaterThan(30);
      expect(planOutput).toContain('username: "${env:GRAFANA_INSTANCE_ID}"');
      expect(planOutput).not.toContain("$${env:");
      expect(planOutput).toContain('catalog_env = "a ${literal} %{x}"');
    },
  },
];

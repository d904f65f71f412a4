import { TerraformOutput } from "cdktf";
import { awsPart, validateAndPlan, describeWithTerraform } from "../support/terraform";
import { synthJson } from "../support/test-stack";
import { fakeKmsKeyArn } from "../support/fake-arns";
import { addService, resolvedService, world } from "./fixtures";

describeWithTerraform("FargateService with cluster, namespace and collector (terraform validate + plan)", () => {
  it("validates and plans two services (one with the database) against the real provider", async () => {
    // GIVEN a world with exec on, a database service and a service it calls
    const w = world({ enableExecuteCommand: true, preferSpot: true }, fakeKmsKeyArn("abc"));
    const orders = addService(w, resolvedService());
    const catalog = addService(w, resolvedService({ name: "catalog", database: false, environment: { TEMPLATE: "a ${literal} %{x}" } }));
    catalog.allowFrom(orders, "orders calls catalog");
    // The collector's YAML as Terraform evaluates it: proves the `$${env:…}` escaping.
    new TerraformOutput(w.stack, "otel_config", { value: orders.collector!.containerDefinition.environment![0].value });
    new TerraformOutput(w.stack, "catalog_env", { value: catalog.containerDefinitions[0].environment![0].value });

    // WHEN terraform validates and plans the synthesized JSON
    const result = await validateAndPlan(awsPart(synthJson(w.stack)));

    // THEN it succeeds, and the literals reach AWS unescaped
    if (!result.ok) throw new Error(result.error);
    expect(result.toAdd).toBeGreaterThan(30);
    expect(result.planOutput).toContain('username: "${env:GRAFANA_INSTANCE_ID}"');
    expect(result.planOutput).not.toContain("$${env:");
    expect(result.planOutput).toContain('catalog_env = "a ${literal} %{x}"');
  });
});

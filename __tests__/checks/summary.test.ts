import { TfStack } from "../../src/checks/tf";
import { domainOf, isBootstrapStack, summarizeStack, summarizeStacks, summaryLine } from "../../src/checks/summary";
import { synthApp, testConfig } from "../support/synth";

describe("the size of an environment (npm run check's summary line)", () => {
  it("counts the default prod stack's resources per domain, services, routes and alarms", () => {
    // GIVEN the default config's prod stack
    const json = synthApp(testConfig()).stacks.prod;
    const s = summarizeStack(new TfStack("prod", json));
    // THEN every resource is counted once, in a domain of the table (none left over)
    const total = Object.values(json.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(s.resources).toBe(total);
    expect(Object.values(s.domains).reduce((a, b) => a + b, 0)).toBe(total);
    expect(Object.keys(s.domains).sort()).toEqual(["compute", "database", "edge", "network", "observability", "security"]);
    // AND services, HTTP routes and alarms as the JSON has them
    expect(s.services).toBe(Object.keys(json.resource.aws_ecs_service).length);
    expect(s.routes).toBe(Object.keys(json.resource.aws_apigatewayv2_route).length);
    expect(s.alarms).toBe(Object.keys(json.resource.aws_cloudwatch_metric_alarm).length);
    expect(summaryLine(s)).toMatch(/^prod: \d+ resources \(network \d+, compute \d+, .*\) · 2 services · 4 routes · \d+ alarms$/);
  });

  it("derives the domain from the construct path's top-level id", () => {
    expect(domainOf("prod/network/vpc")).toBe("network");
    expect(domainOf("prod/services/orders/task")).toBe("compute");
    expect(domainOf("prod/rest-api/x")).toBe("edge");
    expect(domainOf("prod/something-new/x")).toBe("something-new");
    expect(domainOf(undefined)).toBe("other");
  });

  it("leaves the bootstrap stacks out, and says 1 resource, not 1 resources", () => {
    const one = { resource: { aws_vpc: { v: { "//": { metadata: { path: "dev/network/vpc" } } } } } };
    const summaries = summarizeStacks([new TfStack("bootstrap", one), new TfStack("bootstrap-111122223333", one), new TfStack("dev", one)]);
    expect(summaries.map((x) => x.stack)).toEqual(["dev"]);
    expect(summaryLine(summaries[0])).toBe("dev: 1 resource (network 1) · 0 services · 0 routes · 0 alarms");
    expect(isBootstrapStack("bootstrapper")).toBe(false);
  });
});

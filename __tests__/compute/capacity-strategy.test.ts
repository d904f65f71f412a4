import { fargateCapacityStrategy, serviceCapacityStrategy } from "../../src/compute/capacity-strategy";

describe("serviceCapacityStrategy", () => {
  it.each([
    ["fargate, preferring Spot", { kind: "fargate", preferSpot: true } as const, fargateCapacityStrategy(true)],
    ["fargate, on demand", { kind: "fargate", preferSpot: false } as const, [{ capacityProvider: "FARGATE", weight: 1 }]],
    ["all Fargate Spot", { kind: "fargateSpot" } as const, [{ capacityProvider: "FARGATE_SPOT", weight: 1 }]],
    ["EC2", { kind: "ec2", capacityProviderName: "acme-prod-ec2" } as const, [{ capacityProvider: "acme-prod-ec2", weight: 1 }]],
  ])("%s: only that kind of capacity", (_what, capacity, expected) => {
    // GIVEN a service's capacity (table) / WHEN its strategy is built / THEN it names only that capacity's providers
    const strategy = serviceCapacityStrategy(capacity);
    expect(strategy).toEqual(expected);
    const providers = strategy.map((s) => s.capacityProvider);
    if (capacity.kind === "ec2") expect(providers).toEqual(["acme-prod-ec2"]);
    else expect(providers.every((p) => p === "FARGATE" || p === "FARGATE_SPOT")).toBe(true);
  });
});

import { loadTestConfig } from "../support/environments";
import { resolveEnvironment } from "../../src/config";
import { errorLines } from "../support/config-errors";

/** `environments.<env>.ecs.ec2` and `services[].capacity` (issue 13). */
const EC2 = { instanceTypes: ["m7i.large"], minSize: 1, maxSize: 4 };
const withEc2 = (env: string, ec2: Record<string, unknown>, services?: unknown[]) => ({
  environments: { [env]: { ecs: { ec2 } } },
  ...(services ? { services } : {}),
});
const ORDERS = { name: "orders", port: 8080, pathPrefix: "/orders" };

describe("EC2 capacity config", () => {
  it("accepts a service on EC2 where the environment has the provider, and resolves it per environment", () => {
    // GIVEN catalog on EC2 in prod only, prod with a provider
    const config = loadTestConfig({
      overrides: withEc2("prod", EC2, [ORDERS, { name: "catalog", port: 8080, pathPrefix: "/catalog", overrides: { prod: { capacity: "ec2" } } }]),
      env: {},
    });
    // WHEN resolved THEN prod runs catalog on EC2, dev on Fargate, and the provider's defaults apply
    expect(resolveEnvironment(config, "prod").services.find((s) => s.name === "catalog")!.capacity).toBe("ec2");
    expect(resolveEnvironment(config, "dev").services.find((s) => s.name === "catalog")!.capacity).toBe("fargate");
    expect(resolveEnvironment(config, "prod").settings.ecs.ec2).toEqual({ ...EC2, spot: false, targetCapacityPercent: 100, rootVolumeGiB: 30 });
  });

  it.each([
    [
      "ec2 without a capacity provider",
      { services: [{ ...ORDERS, capacity: "ec2" }] },
      /^services\[0\]\.capacity: .*needs an EC2 capacity provider in dev, staging, prod: add environments\.<env>\.ecs\.ec2 there/,
    ],
    [
      "an override on ec2 where there is no provider",
      withEc2("prod", EC2, [{ ...ORDERS, overrides: { staging: { capacity: "ec2" } } }]),
      /^services\[0\]\.overrides\.staging\.capacity: .*needs an EC2 capacity provider in staging: add environments\.staging\.ecs\.ec2/,
    ],
    [
      "a task bigger than the instance",
      withEc2("dev", { ...EC2, instanceTypes: ["t3.small"] }, [{ ...ORDERS, capacity: "ec2", cpu: 2048, memory: 4096 }]),
      /^services\[0\]\.memory: .*in dev: /,
    ],
    ["minSize above maxSize", withEc2("dev", { ...EC2, minSize: 5, maxSize: 2 }), /^environments\.dev\.ecs\.ec2\.maxSize: .*must be ≥ minSize \(5\)/],
    [
      "two architectures",
      withEc2("dev", { ...EC2, instanceTypes: ["m7i.large", "m7g.large"] }),
      /^environments\.dev\.ecs\.ec2\.instanceTypes: .*one architecture/,
    ],
    ["an unknown instance type", withEc2("dev", { ...EC2, instanceTypes: ["x9.huge"] }), /^environments\.dev\.ecs\.ec2\.instanceTypes\[0\]: /],
    ["a root volume under the AMI's 30 GiB", withEc2("dev", { ...EC2, rootVolumeGiB: 8 }), /^environments\.dev\.ecs\.ec2\.rootVolumeGiB: .*must be ≥ 30 GiB/],
    [
      "a project under ECS's reserved prefixes",
      { project: "ecsapp", ...withEc2("dev", EC2) },
      /^project: .*EC2 capacity provider's name "ecsapp-dev-ec2", which must not start with "ecs"/,
    ],
  ])("refuses %s", (_what, overrides, message) => {
    // GIVEN a bad combination (table) / WHEN loaded / THEN a line names the path and why
    expect(errorLines(overrides)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe("task sizes on EC2", () => {
  it("takes any size that fits on EC2, and keeps the Fargate pairs wherever the service runs on Fargate", () => {
    // GIVEN 768 CPU units / 1536 MiB (no Fargate pair) on EC2 in every environment / WHEN loaded / THEN accepted
    const everywhere = { dev: { ecs: { ec2: EC2 } }, staging: { ecs: { ec2: EC2 } }, prod: { ecs: { ec2: EC2 } } };
    expect(() =>
      loadTestConfig({ overrides: { environments: everywhere, services: [{ ...ORDERS, capacity: "ec2", cpu: 768, memory: 1536 }] }, env: {} }),
    ).not.toThrow();
    // AND the same size with dev on Fargate is refused as a Fargate size
    const devOnFargate = { ...ORDERS, capacity: "ec2", cpu: 768, memory: 1536, overrides: { dev: { capacity: "fargate" } } };
    expect(errorLines({ environments: everywhere, services: [devOnFargate] })).toEqual([expect.stringMatching(/^services\[0\]\.cpu: /)]);
    // AND below EC2's minimum it is refused there too
    expect(errorLines({ environments: everywhere, services: [{ ...ORDERS, capacity: "ec2", cpu: 64, memory: 1536 }] })).toEqual([
      expect.stringMatching(/^services\[0\]\.cpu: .*must be 128–196608 CPU units on EC2/),
    ]);
  });
});

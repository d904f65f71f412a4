import { checkStacks } from "../../src/checks/engine";
import { exampleConfig, EC2_EXAMPLE } from "../support/examples";
import { synthApp, TfJson } from "../support/synth";

/**
 * EC2 capacity (`examples/ec2.config.json`): catalog runs on the environment's EC2
 * capacity provider in staging (Spot instances) and prod, on Fargate in dev. Its AWS part
 * is planned with the other stacks (`__tests__/stacks/plan-cases.ts`).
 */
const config = exampleConfig(EC2_EXAMPLE);
const { stacks } = synthApp(config);
const all = (json: TfJson, type: string): [string, TfJson][] => Object.entries(json.resource?.[type] ?? {});
const serviceNamed = (json: TfJson, name: string) => all(json, "aws_ecs_service").find(([, s]) => s.name === name)![1];
const taskOf = (json: TfJson, name: string) =>
  all(json, "aws_ecs_task_definition").find(([, t]) => t.family === `acme-${json["//"].metadata.stackName}-${name}`)![1];

describe("the EC2 example: npm run check", () => {
  it("has no error finding", () => {
    // GIVEN the example's stacks / WHEN every rule runs / THEN no unsuppressed error
    const result = checkStacks(stacks, { suppressions: config.checks.suppress });
    expect(result.findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.stack} ${f.rule} ${f.address}: ${f.message}`)).toEqual([]);
  });
});

describe.each(["staging", "prod"])("EC2 capacity in %s", (envName) => {
  const json = stacks[envName];

  it("adds the EC2 capacity provider to the cluster, next to Fargate", () => {
    // GIVEN ecs.ec2 / WHEN synthesized / THEN the cluster lists FARGATE, FARGATE_SPOT and the EC2 provider
    const [providerName] = all(json, "aws_ecs_capacity_provider")[0];
    const [, cluster] = all(json, "aws_ecs_cluster_capacity_providers")[0];
    expect(cluster.capacity_providers).toEqual(["FARGATE", "FARGATE_SPOT", `\${aws_ecs_capacity_provider.${providerName}.name}`]);
    // AND the default strategy stays Fargate
    expect(cluster.default_capacity_provider_strategy.map((s: TfJson) => s.capacity_provider)).not.toContain(
      `\${aws_ecs_capacity_provider.${providerName}.name}`,
    );
  });

  it("runs catalog only on the EC2 provider, with an EC2 task definition; orders stays on Fargate", () => {
    // GIVEN catalog with capacity ec2 here / WHEN synthesized
    const [providerName] = all(json, "aws_ecs_capacity_provider")[0];
    // THEN catalog's strategy names only the EC2 provider
    expect(serviceNamed(json, "catalog").capacity_provider_strategy).toEqual([
      { capacity_provider: `\${aws_ecs_capacity_provider.${providerName}.name}`, weight: 1 },
    ]);
    expect(taskOf(json, "catalog")).toMatchObject({
      requires_compatibilities: ["EC2"],
      network_mode: "awsvpc",
      runtime_platform: { cpu_architecture: "X86_64" },
    });
    // (ECS refuses a platform version for EC2 tasks; Fargate services keep LATEST)
    expect(serviceNamed(json, "catalog").platform_version).toBeUndefined();
    expect(serviceNamed(json, "orders").platform_version).toBe("LATEST");
    // AND orders uses Fargate providers only
    const orders = serviceNamed(json, "orders").capacity_provider_strategy.map((s: TfJson) => s.capacity_provider);
    expect(orders.every((p: string) => p === "FARGATE" || p === "FARGATE_SPOT")).toBe(true);
    expect(taskOf(json, "orders").requires_compatibilities).toEqual(["FARGATE"]);
  });

  it(envName === "staging" ? "runs Spot instances (capacity-optimized)" : "runs on-demand instances", () => {
    // GIVEN staging's spot: true, prod's default / WHEN synthesized / THEN the ASG's purchase option follows it
    const [, asg] = all(json, "aws_autoscaling_group")[0];
    const distribution = asg.mixed_instances_policy?.instances_distribution;
    if (envName === "staging") {
      expect(distribution).toMatchObject({ on_demand_percentage_above_base_capacity: 0, spot_allocation_strategy: "capacity-optimized" });
    } else {
      expect(distribution?.on_demand_percentage_above_base_capacity ?? 100).toBe(100);
    }
    expect(asg.protect_from_scale_in).toBe(true);
  });
});

describe("dev without ecs.ec2", () => {
  it("has no EC2 capacity and runs catalog on Fargate", () => {
    // GIVEN dev (no ecs.ec2) / WHEN synthesized / THEN no capacity provider, and catalog is on Fargate
    expect(stacks.dev.resource.aws_ecs_capacity_provider).toBeUndefined();
    expect(taskOf(stacks.dev, "catalog").requires_compatibilities).toEqual(["FARGATE"]);
  });
});

import { TerraformOutput, TerraformStack } from "cdktf";
import { EcsCluster } from "../../src/compute/ecs-cluster";
import { FargateService } from "../../src/compute/fargate-service";
import { EnvironmentConfig } from "../../src/config/environment";
import { PrivateNamespace } from "../../src/discovery/private-namespace";
import { NetworkRef } from "../../src/network/network-ref";
import { GrafanaCredentials } from "../../src/observability/grafana-credentials";
import { resources } from "../support/synth";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";
import { FakeDatabase, FakeRepository, KMS_KEY_ARN } from "./fixtures";

/** The wiring handed to the lead for PlatformStack, with fakes for the other engineers' constructs. */
function wire(stack: TerraformStack, env: EnvironmentConfig, network: NetworkRef, kmsKeyArn: string) {
  const naming = { project: env.project, envName: env.envName };
  const s = env.settings;
  const database = new FakeDatabase(stack, "database", network);
  const repositories = Object.fromEntries(env.services.map((svc) => [svc.name, new FakeRepository(stack, `repo-${svc.name}`, svc.name)]));
  // --- from here: the snippet ---
  const cluster = new EcsCluster(stack, "cluster", {
    naming,
    region: env.region,
    containerInsights: s.ecs.containerInsights,
    preferSpot: s.ecs.preferSpot,
    enableExecuteCommand: s.ecs.enableExecuteCommand,
    kmsKeyArn,
    logRetentionDays: s.logRetentionDays,
  });
  const namespace = new PrivateNamespace(stack, "namespace", { naming, vpcId: network.vpcId });
  const grafana = new GrafanaCredentials(stack, "grafana-credentials", { naming, region: env.region, kmsKeyArn });
  const services: Record<string, FargateService> = {};
  for (const svc of env.services) {
    services[svc.name] = new FargateService(stack, svc.name, {
      naming,
      region: env.region,
      service: svc,
      cluster,
      network,
      repository: repositories[svc.name],
      namespace,
      database: svc.database ? database : undefined,
      logRetentionDays: s.logRetentionDays,
      kmsKeyArn,
      autoscaling: s.autoscaling,
      observability: { ...env.observability, credentials: grafana },
    });
  }
  for (const svc of env.services) {
    for (const caller of svc.allowFrom) {
      services[svc.name].allowFrom(services[caller], `${caller} calls ${svc.name}`);
    }
  }
  new TerraformOutput(stack, "cluster_name", { value: cluster.clusterName, description: "ECS cluster name" });
  new TerraformOutput(stack, "service_names", { value: env.services.map((svc) => services[svc.name].serviceName), description: "ECS service names" });
  new TerraformOutput(stack, "namespace_name", { value: namespace.namespaceName, description: "Cloud Map private DNS namespace" });
  // --- end of the snippet ---
  return { cluster, services, database };
}

describe("compute wiring of the default config", () => {
  it.each(["dev", "staging", "prod"] as const)("%s: every configured service, database only for database services, allowFrom wired", (envName) => {
    // GIVEN the default config of the environment
    const env = testEnv(envName);
    const stack = testStack();
    // WHEN wired as PlatformStack will
    const { services, database } = wire(stack, env, fakeNetwork(stack), KMS_KEY_ARN);
    const json = synthJson(stack);
    // THEN one ECS service per config service, exec/spot/insights per env
    expect(Object.values(resources(json, "aws_ecs_service")).map((s) => s.name).sort()).toEqual(env.services.map((s) => s.name).sort());
    for (const s of Object.values(resources(json, "aws_ecs_service"))) {
      expect(s.enable_execute_command).toBe(env.settings.ecs.enableExecuteCommand);
      expect(s.capacity_provider_strategy.some((c: { capacity_provider: string }) => c.capacity_provider === "FARGATE_SPOT")).toBe(env.settings.ecs.preferSpot);
    }
    expect(Object.values(resources(json, "aws_ecs_cluster"))[0].setting[0].value).toBe(env.settings.ecs.containerInsights);
    // AND the database admits exactly the database services
    const dbIngress = Object.values(resources(json, "aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.security_group_id === `\${aws_security_group.${database.securityGroup.friendlyUniqueId}.id}`,
    );
    const dbServices = env.services.filter((s) => s.database).map((s) => `\${aws_security_group.${services[s.name].securityGroup.friendlyUniqueId}.id}`);
    expect(dbIngress.map((r) => r.referenced_security_group_id).sort()).toEqual(dbServices.sort());
    // AND catalog admits orders (config allowFrom)
    const catalogIngress = Object.values(resources(json, "aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.security_group_id === `\${aws_security_group.${services.catalog.securityGroup.friendlyUniqueId}.id}`,
    );
    expect(catalogIngress.map((r) => r.referenced_security_group_id)).toEqual([`\${aws_security_group.${services.orders.securityGroup.friendlyUniqueId}.id}`]);
    // AND the outputs
    expect(json.output.namespace_name.value).toBe(`${envName}.platform.internal`);
    expect(json.output.service_names.value).toEqual(env.services.map((s) => `\${aws_ecs_service.${services[s.name].ecsService.friendlyUniqueId}.name}`));
  });
});

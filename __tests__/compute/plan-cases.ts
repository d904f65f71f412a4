import { Fn, TerraformOutput } from "cdktf";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { BlueGreenDeployment } from "../../src/compute/blue-green-deployment";
import { Ec2Capacity } from "../../src/compute/ec2-capacity";
import { fakeKmsKeyArn } from "../support/fake-arns";
import { PlanCase, planned } from "../support/terraform";
import { synthJson } from "../support/test-stack";
import { addService, KMS_KEY_ARN, NAMING, resolvedService, world } from "./fixtures";

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
  {
    title: "BlueGreenDeployment: a CODE_DEPLOY service behind an NLB target group pair, with its deployment group, validates and plans",
    given: () => {
      // GIVEN orders behind an internal NLB: a listener forwarding to the blue of two ip target groups
      const w = world();
      const orders = addService(w, resolvedService(), { deploymentController: "CODE_DEPLOY" });
      const nlb = new Lb(w.stack, "nlb", { name: "platform-prod-api", internal: true, loadBalancerType: "network", subnets: w.network.privateSubnetIds });
      const [blue, green] = (["blue", "green"] as const).map(
        (color) =>
          new LbTargetGroup(w.stack, `tg-${color}`, {
            name: `platform-prod-orders-${color}`,
            port: 8080,
            protocol: "TCP",
            targetType: "ip",
            vpcId: w.network.vpcId,
            healthCheck: { protocol: "HTTP", path: "/health" },
          }),
      );
      const listener = new LbListener(w.stack, "listener", {
        loadBalancerArn: nlb.arn,
        port: 10001,
        protocol: "TCP",
        defaultAction: [{ type: "forward", targetGroupArn: blue.arn }],
      });
      // AND the service registers in the blue group, after the listener
      orders.attachToTargetGroup({ targetGroupArn: blue.arn, dependencies: [listener] });
      // WHEN the deployment group is added
      const deployment = new BlueGreenDeployment(w.stack, "orders-blue-green", {
        naming: NAMING,
        serviceName: "orders",
        clusterName: w.cluster.clusterName,
        ecsServiceName: orders.serviceName,
        productionListenerArn: listener.arn,
        targetGroups: [blue, green],
      });
      new TerraformOutput(w.stack, "deployment_group", { value: deployment.deploymentGroupName });
      return synthJson(w.stack);
    },
    then: (result, doc) => {
      // THEN it plans the CodeDeploy resources and the CODE_DEPLOY service
      const { planOutput } = planned("compute", result);
      for (const address of ["aws_codedeploy_app.", "aws_codedeploy_deployment_group.", "aws_lb_listener.", "aws_iam_role_policy_attachment."]) {
        expect(planOutput).toContain(address);
      }
      expect(planOutput).toMatch(/deployment_controller \{\s+\+ type = "CODE_DEPLOY"/);
      expect(planOutput).toContain('deployment_group = "platform-prod-orders"');
      // AND the group names the cluster, the service and both target groups by reference
      const group = Object.values(doc.resource.aws_codedeploy_deployment_group)[0] as Record<string, unknown>;
      expect(group).toMatchObject({
        ecs_service: { cluster_name: expect.stringContaining("aws_ecs_cluster."), service_name: expect.stringContaining("aws_ecs_service.") },
        load_balancer_info: {
          target_group_pair_info: {
            prod_traffic_route: { listener_arns: ["${aws_lb_listener.listener.arn}"] },
            target_group: [{ name: "${aws_lb_target_group.tg-blue.name}" }, { name: "${aws_lb_target_group.tg-green.name}" }],
          },
        },
      });
      // AND the service has no circuit breaker (ECS allows it only under the ECS controller)
      const service = Object.values(doc.resource.aws_ecs_service)[0] as Record<string, unknown>;
      expect(service.deployment_circuit_breaker).toBeUndefined();
    },
  },
  {
    title: "Ec2Capacity: a Spot group of two arm64 types joined to the cluster validates and plans",
    given: () => {
      // GIVEN a cluster WHEN an EC2 capacity provider (Spot, two Graviton types) joins it
      const w = world();
      const capacity = new Ec2Capacity(w.stack, "ec2", {
        naming: NAMING,
        network: w.network,
        cluster: w.cluster,
        encryptionKey: { keyArn: KMS_KEY_ARN },
        instanceTypes: ["m7g.large", "m6g.large"],
        minSize: 0,
        maxSize: 4,
        spot: true,
        targetCapacityPercent: 90,
      });
      w.cluster.addCapacityProvider(capacity);
      new TerraformOutput(w.stack, "user_data", { value: Fn.base64decode(capacity.launchTemplate.userData) });
      return synthJson(w.stack);
    },
    then: (result) => {
      // THEN it plans the group, the template, the provider and the grant
      const { planOutput } = planned("compute", result);
      for (const address of ["aws_autoscaling_group.", "aws_launch_template.", "aws_ecs_capacity_provider.", "aws_iam_instance_profile.", "aws_kms_grant."]) {
        expect(planOutput).toContain(address);
      }
      expect(planOutput).toContain('"resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"');
      expect(planOutput).toMatch(/spot_allocation_strategy\s+= "capacity-optimized"/);
      // AND the user data Terraform computes is the agent configuration
      expect(planOutput).toContain("ECS_AWSVPC_BLOCK_IMDS=true");
    },
  },
];

import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { ServiceRole } from "../../src/core/service-role";
import { PostgresDatabase } from "../../src/database/postgres-database";
import { ServiceRepository } from "../../src/registry/service-repository";
import { logRetention, postgresDatabaseProps } from "../../src/stacks/environment-props";
import { PlanCase, planned } from "../support/terraform";
import { fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";

export const DATABASE_PLAN_CASES: readonly PlanCase[] = [
  {
    title: "ServiceRepository + PostgresDatabase with the real provider validate and plan offline",
    given: () => {
      // GIVEN a stack with a network, a KMS key, a repository with a pull grant and a database admitting a service and granting it a login
      const stack = testStack();
      const network = fakeNetwork(stack);
      const key = new KmsKey(stack, "key", { description: "test", enableKeyRotation: true });
      const naming = { project: "platform", envName: "prod" };
      const repo = new ServiceRepository(stack, "repo-orders", { naming, serviceName: "orders", encryptionKey: { keyArn: key.arn } });
      const execution = new ServiceRole(stack, "execution", {
        name: "platform-prod-orders-execution",
        description: "orders execution role",
        servicePrincipal: "ecs-tasks.amazonaws.com",
      });
      repo.grantPull(execution);
      const env = testEnv("prod");
      const db = new PostgresDatabase(stack, "database", {
        naming,
        network,
        encryptionKey: { keyArn: key.arn },
        logRetentionDays: logRetention(env.settings.logRetentionDays),
        ...postgresDatabaseProps(env.settings.database),
      });
      const task = new ServiceRole(stack, "task", {
        name: "platform-prod-orders-task",
        description: "orders task role",
        servicePrincipal: "ecs-tasks.amazonaws.com",
      });
      db.grantConnect(task, "orders");
      const serviceSg = new SecurityGroup(stack, "orders-sg", { vpcId: network.vpcId, description: "orders" });
      db.allowFrom({ node: serviceSg.node, securityGroupId: serviceSg.id }, "orders to PostgreSQL");
      return synthJson(stack);
    },
    then: (result) => {
      // THEN it plans the database, the repository and the rds-db:connect grant (an ARN built from the partition and the instance)
      const { toAdd, planOutput } = planned("database", result);
      expect(toAdd).toBeGreaterThan(0);
      expect(planOutput).toMatch(/aws_db_instance\.database_instance_\w+ will be created/);
      expect(planOutput).toMatch(/aws_ecr_repository\.repo-orders_repository_\w+ will be created/);
      expect(planOutput).toMatch(/aws_iam_role_policy\.database_connect-test-task-orders_\w+ will be created/);
    },
  },
];

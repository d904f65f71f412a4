import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { ServiceRole } from "../../src/core/service-role";
import { SharedFileSystem } from "../../src/storage/shared-file-system";
import { PlanCase, planned } from "../support/terraform";
import { fakeNetwork, synthJson, testStack } from "../support/test-stack";

export const STORAGE_PLAN_CASES: readonly PlanCase[] = [
  {
    title: "SharedFileSystem with an access point, a mount grant and an admitted service validates and plans offline",
    given: () => {
      // GIVEN a stack with a network, a KMS key, the file system, one volume's access point,
      // a task role granted read-write on it, and a service's security group admitted on NFS
      const stack = testStack();
      const network = fakeNetwork(stack);
      const key = new KmsKey(stack, "key", { description: "test", enableKeyRotation: true });
      const files = new SharedFileSystem(stack, "files", {
        naming: { project: "platform", envName: "prod" },
        network,
        encryptionKey: { keyArn: key.arn },
        backups: true,
      });
      const ap = files.accessPoint("orders", "data");
      const task = new ServiceRole(stack, "task", {
        name: "platform-prod-orders-task",
        description: "orders task role",
        servicePrincipal: "ecs-tasks.amazonaws.com",
      });
      files.grantMount(task, ap, { readOnly: false });
      const serviceSg = new SecurityGroup(stack, "orders-sg", { vpcId: network.vpcId, description: "orders" });
      files.allowFrom({ node: serviceSg.node, securityGroupId: serviceSg.id }, "orders to EFS");
      return synthJson(stack);
    },
    then: (result) => {
      // THEN it plans the file system, its policies, a mount target per AZ, the access point and the grant
      const { toAdd, planOutput } = planned("storage", result);
      expect(toAdd).toBeGreaterThan(0);
      expect(planOutput).toMatch(/aws_efs_file_system\.files_file-system_\w+ will be created/);
      expect(planOutput).toMatch(/aws_efs_file_system_policy\.files_policy_\w+ will be created/);
      expect(planOutput).toMatch(/aws_efs_backup_policy\.files_backup-policy_\w+ will be created/);
      expect(planOutput?.match(/aws_efs_mount_target\.files_mount-eu-west-1[ab]_\w+ will be created/g)).toHaveLength(2);
      expect(planOutput).toMatch(/aws_efs_access_point\.files_access-points_orders_data_access-point_\w+ will be created/);
      expect(planOutput).toMatch(/aws_iam_role_policy\.files_access-points_orders_data_mount-test-task_\w+ will be created/);
      expect(planOutput).toMatch(/aws_vpc_security_group_ingress_rule\.files_in-from-test-orders-sg-2049_\w+ will be created/);
    },
  },
];

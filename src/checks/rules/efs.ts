/**
 * EFS for persistent service volumes (checklist, "Added with the current issues"): the
 * file system encrypted with a customer key, task volumes mounted over TLS with IAM
 * authorization through an access point, mount targets reachable only from the groups
 * of the tasks that mount them.
 */
import { block, blocks, SgRule, strings } from "../tf";
import { StackRule, Violation } from "../types";
import { describeRule, eachResource, isSet, shown, stackRule } from "./helpers";

/** The NFS port EFS mount targets listen on. */
const NFS_PORT = 2049;

/** Whether a mount-target ingress rule is what EFS needs: tcp 2049 only, from security groups only (no CIDR, prefix list or self). */
function nfsFromGroupsOnly(r: SgRule): boolean {
  return (
    r.protocol === "tcp" &&
    r.fromPort === NFS_PORT &&
    r.toPort === NFS_PORT &&
    r.cidrs.length === 0 &&
    r.ipv6Cidrs.length === 0 &&
    r.prefixLists.length === 0 &&
    !r.self &&
    r.peerGroups.length > 0
  );
}

export const efsRules: StackRule[] = [
  stackRule({
    id: "efs-encrypted",
    title: "EFS file systems are encrypted at rest with a customer managed KMS key",
    refs: ["CKV_AWS_42", "CKV_AWS_184", "EFS.1"],
    check: eachResource("aws_efs_file_system", (fs) => {
      const problems: string[] = [];
      if (fs.values.encrypted !== true) {
        problems.push(
          `encrypted is ${shown(fs.values.encrypted)}: set encrypted = true (it can only be chosen at creation; changing it replaces the file system)`,
        );
      }
      const key = fs.values.kms_key_id;
      if (!isSet(key)) {
        problems.push(
          "kms_key_id is unset: file data would use the AWS managed key aws/elasticfilesystem, whose policy you cannot narrow; use the environment's key",
        );
      } else if (/(^|:)alias\/aws\//.test(String(key))) {
        problems.push(`kms_key_id is ${shown(key)}, an AWS managed key: use a customer managed key`);
      }
      return problems;
    }),
  }),
  stackRule({
    id: "efs-volume-transit-encryption",
    title: "Task definition EFS volumes mount with TLS and IAM authorization through an access point",
    refs: ["CKV_AWS_97"],
    check: eachResource("aws_ecs_task_definition", (task) =>
      blocks(task.values.volume).flatMap((volume) => {
        const efs = blocks(volume.efs_volume_configuration)[0];
        if (!efs) return [];
        const auth = block(efs.authorization_config);
        const problems: string[] = [];
        if (efs.transit_encryption !== "ENABLED") {
          problems.push(`transit_encryption is ${shown(efs.transit_encryption)}, must be "ENABLED": NFS traffic is otherwise clear text`);
        }
        if (auth.iam !== "ENABLED") {
          problems.push(
            `authorization_config.iam is ${shown(auth.iam)}, must be "ENABLED": the task mounts with its task role, so the file system policy decides which tasks may mount and write`,
          );
        }
        if (!isSet(auth.access_point_id)) {
          problems.push("authorization_config.access_point_id is unset: mount through an access point, which enforces the POSIX user and the root directory");
        }
        return problems.map((p) => `volume ${shown(volume.name)}: ${p}`);
      }),
    ),
  }),
  stackRule({
    id: "efs-mount-target-restricted",
    title: "EFS mount targets have security groups admitting only tcp 2049 from other security groups (no CIDR)",
    refs: ["docs:efs-network-access"],
    check: (stack) => {
      const out: Violation[] = [];
      const seen = new Set<string>();
      for (const target of stack.resources("aws_efs_mount_target")) {
        const groups = stack.securityGroups(target.values.security_groups);
        if (strings(target.values.security_groups).length === 0) {
          out.push({
            address: target.address,
            message: `has no security_groups: it gets the VPC's default security group; give it a group that admits tcp ${NFS_PORT} from the tasks' groups only`,
          });
        }
        for (const g of groups) {
          if (seen.has(g.address)) continue;
          seen.add(g.address);
          for (const r of stack.securityGroupRules(g).filter((x) => x.direction === "ingress" && !nfsFromGroupsOnly(x))) {
            out.push({
              address: r.address,
              message:
                `mount-target group ${g.address} (${target.address}) admits ${describeRule(r)}: ` +
                `admit only tcp ${NFS_PORT}, by security group, from the tasks that mount the file system (no CIDR, prefix list or self)`,
            });
          }
        }
      }
      return out;
    },
  }),
];

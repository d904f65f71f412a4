import { ITerraformDependable } from "cdktf";
import { EcsTaskDefinitionVolumeEfsVolumeConfiguration } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ConnectableRef } from "../core/connections";
import { GrantableRef } from "../core/iam";

/** One access point of a file system: a POSIX user and a root directory of its own. */
export interface AccessPointRef {
  /** The access point id (`fsap-…`), for a task volume's `authorization_config.access_point_id`. */
  readonly accessPointId: string;
  /** The access point ARN, the value of the `elasticfilesystem:AccessPointArn` condition key. */
  readonly accessPointArn: string;
}

/** How a grantee may use an access point. */
export interface MountOptions {
  /** Mount only (`ClientMount`); otherwise also write (`ClientWrite`). */
  readonly readOnly: boolean;
}

/**
 * What services need of the environment's EFS file system. Implemented by
 * `SharedFileSystem`. Its security group is the mount targets' (NFS, 2049).
 */
export interface FileSystemRef extends ConnectableRef {
  /** The file system id (`fs-…`). */
  readonly fileSystemId: string;
  /** The file system ARN. */
  readonly fileSystemArn: string;
  /**
   * The mount targets: a task that mounts the file system before its mount target in
   * the task's AZ exists fails to start. ECS services put them in `dependsOn`.
   */
  readonly mountDependencies: ITerraformDependable[];
  /**
   * The access point of `owner`'s (a service's) volume `volume`, created on first call:
   * root directory `/<owner>/<volume>`, the file system's POSIX user. Calling it again
   * with the same pair returns the same access point.
   */
  accessPoint(owner: string, volume: string): AccessPointRef;
  /**
   * Lets `grantee` (a task role) mount the file system through `accessPoint` only:
   * `elasticfilesystem:ClientMount`, plus `ClientWrite` unless `readOnly`.
   */
  grantMount(grantee: GrantableRef, accessPoint: AccessPointRef, options: MountOptions): IamRolePolicy;
  /** Admits `source` on NFS (TCP 2049): ingress on the mount targets' group, egress on the source's. */
  allowFrom(source: ConnectableRef, description: string): void;
  /**
   * A task definition volume's `efs_volume_configuration` for `accessPoint`: TLS in
   * transit and IAM authorization (the task role must have been granted with `grantMount`).
   */
  volumeConfiguration(accessPoint: AccessPointRef): EcsTaskDefinitionVolumeEfsVolumeConfiguration;
}

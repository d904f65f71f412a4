import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { EcsTaskDefinitionVolumeEfsVolumeConfiguration } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { EfsBackupPolicy } from "@cdktf/provider-aws/lib/efs-backup-policy";
import { EfsFileSystem, EfsFileSystemLifecyclePolicy } from "@cdktf/provider-aws/lib/efs-file-system";
import { EfsFileSystemPolicy } from "@cdktf/provider-aws/lib/efs-file-system-policy";
import { EfsMountTarget } from "@cdktf/provider-aws/lib/efs-mount-target";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import {
  EFS_NFS_PORT,
  EFS_PERFORMANCE_MODES,
  EFS_THROUGHPUT_MODES,
  EFS_TRANSITIONS_TO_IA,
  EfsPerformanceMode,
  EfsThroughputMode,
  EfsTransitionToIa,
  efsVolumeProblem,
  posixIdProblem,
} from "../core/aws-facts";
import { allowTraffic, ConnectableRef } from "../core/connections";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { GrantableRef, grantInlinePolicy } from "../core/iam";
import { jsonDocument } from "../core/json-document";
import { NamingContext, physicalName } from "../core/naming";
import { SG_DESCRIPTION_RE, tierSecurityGroup } from "../core/security-group";
import { NetworkRef } from "../network/network-ref";
import { AccessPointRef, FileSystemRef, MountOptions } from "./file-system-ref";
import { VolumeAccessPoint } from "./volume-access-point";

/** Properties of a {@link SharedFileSystem}. */
export interface SharedFileSystemProps {
  /** Project and environment: the file system is `<project>-<env>-efs`. */
  readonly naming: NamingContext;
  /** Where it is reachable: a mount target in each private subnet (one per AZ). */
  readonly network: NetworkRef;
  /** KMS key that encrypts the data at rest. */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Daily backups by AWS Backup (EFS automatic backups: the `aws/efs/automatic-backup-vault`
   * vault, 35 days). The platform turns them on wherever the database has deletion protection.
   * https://docs.aws.amazon.com/efs/latest/ug/automatic-backups.html
   */
  readonly backups: boolean;
  /**
   * `generalPurpose` (lowest latency; the only mode `elastic` throughput allows) or
   * `maxIO`. Changing it replaces the file system (and its data).
   * @default "generalPurpose"
   */
  readonly performanceMode?: EfsPerformanceMode;
  /**
   * `elastic` (pay per use, scales with the workload), `bursting` (scales with the
   * stored size: small file systems get little) or `provisioned` (set
   * `provisionedThroughputMibps`).
   * @default "elastic"
   */
  readonly throughputMode?: EfsThroughputMode;
  /**
   * Provisioned throughput, MiB/s; only with `throughputMode: "provisioned"`.
   * @default none
   */
  readonly provisionedThroughputMibps?: number;
  /**
   * When files not read for a while move to the cheaper Infrequent Access class, or
   * `"never"`. 30 days is EFS's own default and what aws-cdk and terraform-aws-modules/efs
   * use in their examples.
   * @default "AFTER_30_DAYS"
   */
  readonly transitionToIa?: EfsTransitionToIa | "never";
  /**
   * Move a file back to Standard storage on its first read from Infrequent Access, so a
   * file that is used again is not billed per read (`AFTER_1_ACCESS`).
   * @default true
   */
  readonly transitionToPrimaryOnAccess?: boolean;
  /**
   * POSIX user id of every access point: EFS runs every NFS request through an access
   * point as this user, whatever user the container runs as, and creates each volume's
   * directory owned by it (mode 750). Not 0: root would need `ClientRootAccess`.
   * @default 1000
   */
  readonly uid?: number;
  /**
   * POSIX group id of every access point (see `uid`).
   * @default 1000
   */
  readonly gid?: number;
}

/** The three client actions of NFS over IAM. https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html */
const CLIENT_ACTIONS = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"];
/** Creation tokens are at most 64 characters. https://docs.aws.amazon.com/efs/latest/ug/API_CreateFileSystem.html */
const CREATION_TOKEN_MAX_LENGTH = 64;

/**
 * The environment's EFS file system for services' persistent volumes
 * (`services[].volumes`), following the security checklist (CKV_AWS_42/184, EFS.1/2):
 * encrypted with the platform key, backed up where the environment protects data,
 * reachable only through its mount targets' security group, which admits NFS from
 * nothing but what `allowFrom` adds, and only over TLS through an access point, with
 * IAM authorization.
 *
 * Each volume gets an access point (`accessPoint(owner, volume)`) with its own root
 * directory and a fixed POSIX user, and a task role may mount that access point only
 * (`grantMount`). The file system policy denies what no grant may add: NFS without TLS,
 * and any mount that does not go through an access point. It allows nothing: once a
 * file system has a policy, EFS no longer admits anonymous (non-IAM) clients, and an
 * IAM client of the account needs an identity policy that allows it — "an allow in
 * either an IAM identity policy or a file system resource policy allows access"
 * (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html). The
 * usual `AccessedViaMountTarget` allow to `*` (terraform-aws-modules/efs, aws-cdk's
 * `allowAnonymousAccess`) would let any client on the network mount it again.
 */
export class SharedFileSystem extends Construct implements FileSystemRef {
  /** @default "generalPurpose" */
  static readonly DEFAULT_PERFORMANCE_MODE: EfsPerformanceMode = "generalPurpose";
  /** @default "elastic" */
  static readonly DEFAULT_THROUGHPUT_MODE: EfsThroughputMode = "elastic";
  /** @default "AFTER_30_DAYS" */
  static readonly DEFAULT_TRANSITION_TO_IA: EfsTransitionToIa = "AFTER_30_DAYS";
  /** @default 1000 (the first regular user of most Linux images) */
  static readonly DEFAULT_UID = 1000;
  /** @default 1000 */
  static readonly DEFAULT_GID = 1000;
  /** NFS, the one port the mount targets admit. */
  static readonly PORT = EFS_NFS_PORT;

  /** `<project>-<env>-efs`: creation token, Name tag, security group name. */
  public readonly name: string;
  public readonly fileSystemId: string;
  public readonly fileSystemArn: string;
  /** The mount targets' security group id. */
  public readonly securityGroupId: string;
  /** The mount targets' security group (no rules except those `allowFrom` adds). */
  public readonly securityGroup: SecurityGroup;
  /** The file system resource, for escape hatches. */
  public readonly fileSystem: EfsFileSystem;
  /** Automatic backups, ENABLED or DISABLED (`backups`). */
  public readonly backupPolicy: EfsBackupPolicy;
  /** The file system policy: TLS only, access points only. */
  public readonly policy: EfsFileSystemPolicy;
  /** One mount target per private subnet, in AZ order. */
  public readonly mountTargets: readonly EfsMountTarget[];
  public readonly mountDependencies: ITerraformDependable[];
  /** POSIX user id of every access point. */
  public readonly uid: number;
  /** POSIX group id of every access point. */
  public readonly gid: number;

  private readonly naming: NamingContext;
  /** Access points by `<owner>/<volume>`, and the grants made on each (grantee path → readOnly). */
  private readonly volumes = new Map<string, { accessPoint: VolumeAccessPoint; grants: Map<string, boolean> }>();

  constructor(scope: Construct, id: string, props: SharedFileSystemProps) {
    super(scope, id);
    const performanceMode = props.performanceMode ?? SharedFileSystem.DEFAULT_PERFORMANCE_MODE;
    const throughputMode = props.throughputMode ?? SharedFileSystem.DEFAULT_THROUGHPUT_MODE;
    const transitionToIa = props.transitionToIa ?? SharedFileSystem.DEFAULT_TRANSITION_TO_IA;
    const transitionToPrimaryOnAccess = props.transitionToPrimaryOnAccess ?? true;
    const uid = props.uid ?? SharedFileSystem.DEFAULT_UID;
    const gid = props.gid ?? SharedFileSystem.DEFAULT_GID;
    const name = physicalName(props.naming, "efs");

    // ---- validation, before any resource ----
    const fail = (msg: string): never => {
      throw new Error(`${this.node.path}: ${msg}`);
    };
    if (name.length > CREATION_TOKEN_MAX_LENGTH) {
      fail(`the name "${name}" (from naming) is ${name.length} characters; an EFS creation token takes ${CREATION_TOKEN_MAX_LENGTH}`);
    }
    // Props may come from plain JavaScript or JSON: a string "false" must not turn backups on.
    if (typeof props.backups !== "boolean") fail(`backups must be true or false, got ${JSON.stringify(props.backups)}`);
    if (typeof transitionToPrimaryOnAccess !== "boolean") {
      fail(`transitionToPrimaryOnAccess must be true or false, got ${JSON.stringify(transitionToPrimaryOnAccess)}`);
    }
    if (!(EFS_PERFORMANCE_MODES as readonly string[]).includes(performanceMode)) {
      fail(`performanceMode must be one of ${EFS_PERFORMANCE_MODES.join(", ")}, got "${performanceMode}"`);
    }
    if (!(EFS_THROUGHPUT_MODES as readonly string[]).includes(throughputMode)) {
      fail(`throughputMode must be one of ${EFS_THROUGHPUT_MODES.join(", ")}, got "${throughputMode}"`);
    }
    if (throughputMode === "elastic" && performanceMode !== "generalPurpose") {
      fail(`throughputMode "elastic" needs performanceMode "generalPurpose" (EFS refuses it with "${performanceMode}")`);
    }
    const mibps = props.provisionedThroughputMibps;
    if (throughputMode === "provisioned") {
      if (mibps === undefined || !Number.isFinite(mibps) || mibps < 1) {
        fail(`provisionedThroughputMibps must be a number ≥ 1 with throughputMode "provisioned", got ${mibps}`);
      }
    } else if (mibps !== undefined) {
      fail(`provisionedThroughputMibps applies to throughputMode "provisioned" only, got ${mibps} with "${throughputMode}"`);
    }
    if (transitionToIa !== "never" && !(EFS_TRANSITIONS_TO_IA as readonly string[]).includes(transitionToIa)) {
      fail(`transitionToIa must be "never" or one of ${EFS_TRANSITIONS_TO_IA.join(", ")}, got "${transitionToIa}"`);
    }
    const uidProblem = posixIdProblem(uid);
    if (uidProblem) fail(`uid ${uidProblem}`);
    const gidProblem = posixIdProblem(gid);
    if (gidProblem) fail(`gid ${gidProblem}`);
    const subnets = props.network.privateSubnetIds;
    const azs = props.network.azs;
    // Mount targets are keyed by AZ, so adding an AZ never renames (replaces) the others:
    // the subnet list must be a list of known length, aligned with the AZ names.
    if (Token.isUnresolved(subnets) || azs.some((az) => Token.isUnresolved(az))) {
      fail("network.privateSubnetIds and network.azs must be lists known at synth (one subnet per AZ), got a token list");
    }
    if (subnets.length === 0 || subnets.length !== azs.length) {
      fail(`network.privateSubnetIds must list one subnet per AZ of network.azs (${azs.length}), got ${subnets.length}`);
    }

    // ---- resources ----
    this.name = name;
    this.naming = props.naming;
    this.uid = uid;
    this.gid = gid;

    // EFS takes one lifecycle_policy block per transition: a block with two of them is
    // refused. https://docs.aws.amazon.com/efs/latest/ug/API_LifecyclePolicy.html
    const lifecyclePolicy: EfsFileSystemLifecyclePolicy[] = [
      ...(transitionToIa === "never" ? [] : [{ transitionToIa }]),
      ...(transitionToPrimaryOnAccess ? [{ transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }] : []),
    ];
    this.fileSystem = new EfsFileSystem(this, "file-system", {
      creationToken: name,
      encrypted: true,
      kmsKeyId: props.encryptionKey.keyArn,
      performanceMode,
      throughputMode,
      provisionedThroughputInMibps: mibps,
      lifecyclePolicy: lifecyclePolicy.length > 0 ? lifecyclePolicy : undefined,
      tags: { Name: name },
    });
    this.fileSystemId = this.fileSystem.id;
    this.fileSystemArn = this.fileSystem.arn;

    // Stated either way: whether EFS enables backups on its own depends on how the
    // file system was created (the console does, the API does not).
    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/efs_backup_policy
    this.backupPolicy = new EfsBackupPolicy(this, "backup-policy", {
      fileSystemId: this.fileSystemId,
      backupPolicy: { status: props.backups ? "ENABLED" : "DISABLED" },
    });

    // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/efs_file_system_policy
    // Condition keys of the client actions: aws:SecureTransport, elasticfilesystem:AccessPointArn
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticfilesystem.html).
    this.policy = new EfsFileSystemPolicy(this, "policy", {
      fileSystemId: this.fileSystemId,
      policy: jsonDocument({
        Version: "2012-10-17",
        Statement: [
          {
            // terraform-aws-modules/efs's deny_nonsecure_transport, on the client actions.
            Sid: "DenyClientAccessWithoutTls",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: CLIENT_ACTIONS,
            Resource: this.fileSystemArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            // A mount of the file system's root would see every service's volumes.
            Sid: "DenyClientAccessOutsideAccessPoints",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: CLIENT_ACTIONS,
            Resource: this.fileSystemArn,
            Condition: { Null: { "elasticfilesystem:AccessPointArn": "true" } },
          },
        ],
      }),
    });

    // No inline rules, so the provider also removes AWS's default allow-all egress: a
    // mount target only answers, and ingress is only what allowFrom adds.
    this.securityGroup = tierSecurityGroup(this, "sg", {
      name,
      description: `${name} mount targets: NFS only from admitted services`,
      vpcId: props.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;

    this.mountTargets = subnets.map(
      (subnetId, i) =>
        new EfsMountTarget(this, `mount-${azs[i]}`, {
          fileSystemId: this.fileSystemId,
          subnetId,
          securityGroups: [this.securityGroupId],
        }),
    );
    this.mountDependencies = [...this.mountTargets];
  }

  accessPoint(owner: string, volume: string): AccessPointRef {
    const problem = efsVolumeProblem(owner, volume);
    if (problem) throw new Error(`${this.node.path}: accessPoint ${problem}`);
    const key = `${owner}/${volume}`;
    const existing = this.volumes.get(key);
    if (existing) return existing.accessPoint;
    // Ids from the caller's names live in scopes of their own (`access-points/<owner>/<volume>`):
    // they can clash neither with this construct's ids nor with each other ("a-b"/"c" vs "a"/"b-c").
    const all = (this.node.tryFindChild("access-points") as Construct | undefined) ?? new Construct(this, "access-points");
    const ownerScope = (all.node.tryFindChild(owner) as Construct | undefined) ?? new Construct(all, owner);
    const accessPoint = new VolumeAccessPoint(ownerScope, volume, {
      naming: this.naming,
      fileSystemId: this.fileSystemId,
      owner,
      volume,
      uid: this.uid,
      gid: this.gid,
    });
    this.volumes.set(key, { accessPoint, grants: new Map() });
    return accessPoint;
  }

  /**
   * Lets `grantee` mount the file system through `accessPoint` and no other way: one
   * inline policy with `elasticfilesystem:ClientMount` (plus `ClientWrite` unless
   * `readOnly`) on the file system ARN, conditioned on `elasticfilesystem:AccessPointArn`.
   * Client actions take the file system as their resource; the access point is named
   * by the condition key, as in AWS's example:
   * https://docs.aws.amazon.com/efs/latest/ug/access-points-iam-policy.html
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticfilesystem.html
   *
   * Granting the same role the same access point again returns the first policy; with
   * the other `readOnly` it throws (one mode per role and volume).
   */
  grantMount(grantee: GrantableRef, accessPoint: AccessPointRef, options: MountOptions): IamRolePolicy {
    const entry = this.entryOf(accessPoint, "grantMount");
    const readOnly = options?.readOnly;
    if (typeof readOnly !== "boolean") {
      throw new Error(`${this.node.path}: grantMount options.readOnly must be true or false, got ${JSON.stringify(readOnly)}`);
    }
    const { owner, volume, rootDirectory } = entry.accessPoint;
    const prior = entry.grants.get(grantee.node.path);
    if (prior !== undefined && prior !== readOnly) {
      throw new Error(
        `${this.node.path}: grantMount ${grantee.node.path} already has ${rootDirectory} ${prior ? "read-only" : "read-write"}, ` +
          `got readOnly ${readOnly}: grant one mode per role and volume`,
      );
    }
    entry.grants.set(grantee.node.path, readOnly);
    // The policy lives in the access point's scope (`mount-<grantee path>`): no id is
    // shared between volumes. Its name is unique among the role's policies, since '.'
    // never occurs in a DNS label.
    return grantInlinePolicy(entry.accessPoint, grantee, {
      verb: "mount",
      policyName: `efs-mount.${owner}.${volume}`,
      statements: [
        {
          Sid: readOnly ? "MountItsVolumeReadOnly" : "MountItsVolumeReadWrite",
          Effect: "Allow",
          Action: readOnly ? ["elasticfilesystem:ClientMount"] : ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
          Resource: [this.fileSystemArn],
          Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": entry.accessPoint.accessPointArn } },
        },
      ],
    });
  }

  /**
   * Admits `source` on NFS (TCP 2049): ingress on the mount targets' group referencing
   * the source's group, and the matching egress on the source's group.
   */
  allowFrom(source: ConnectableRef, description: string): void {
    if (!SG_DESCRIPTION_RE.test(description)) {
      throw new Error(
        `${this.node.path}: allowFrom description must be 1–255 of a–z, A–Z, 0–9, spaces and ._-:/()#,@[]+=&;{}!$* (what EC2 accepts), got "${description}"`,
      );
    }
    allowTraffic(this, source, this, SharedFileSystem.PORT, description);
  }

  /**
   * A task volume's `efs_volume_configuration`: TLS in transit (`transit_encryption`) and
   * IAM authorization through `accessPoint`; no `root_directory` (ECS requires it to be
   * `/` or absent with an access point, whose own root applies).
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSVolumeConfiguration.html
   */
  volumeConfiguration(accessPoint: AccessPointRef): EcsTaskDefinitionVolumeEfsVolumeConfiguration {
    const entry = this.entryOf(accessPoint, "volumeConfiguration");
    return {
      fileSystemId: this.fileSystemId,
      transitEncryption: "ENABLED",
      authorizationConfig: { accessPointId: entry.accessPoint.accessPointId, iam: "ENABLED" },
    };
  }

  /** The access points made so far, in creation order. */
  get accessPoints(): readonly VolumeAccessPoint[] {
    return [...this.volumes.values()].map((v) => v.accessPoint);
  }

  /** `accessPoint`'s entry, or an error: an access point of another file system would grant nothing. */
  private entryOf(accessPoint: AccessPointRef, method: string): { accessPoint: VolumeAccessPoint; grants: Map<string, boolean> } {
    const entry = [...this.volumes.values()].find((v) => v.accessPoint === accessPoint);
    if (!entry) {
      throw new Error(`${this.node.path}: ${method} needs an access point made by this file system's accessPoint(owner, volume)`);
    }
    return entry;
  }
}

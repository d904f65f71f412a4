import { Construct } from "constructs";
import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { efsVolumeProblem, posixIdProblem } from "../core/aws-facts";
import { NamingContext, physicalName } from "../core/naming";
import { AccessPointRef } from "./file-system-ref";

/** Properties of a {@link VolumeAccessPoint}. */
export interface VolumeAccessPointProps {
  /** Project and environment, for the Name tag. */
  readonly naming: NamingContext;
  /** The file system it opens. */
  readonly fileSystemId: string;
  /** Who the volume belongs to (a service name, a lowercase DNS label). */
  readonly owner: string;
  /** The volume's name within its owner (a lowercase DNS label). */
  readonly volume: string;
  /** POSIX user id every request through the access point runs as (not 0). */
  readonly uid: number;
  /** POSIX group id every request through the access point runs as (not 0). */
  readonly gid: number;
}

/**
 * One volume's EFS access point: every NFS request through it runs as `uid:gid`
 * whatever user the client claims (EFS replaces the client's ids: files it creates are
 * owned by `uid:gid`, and permissions are checked against them), and it sees only
 * `/<owner>/<volume>`, which EFS creates on first mount, owned by `uid:gid`, mode 750.
 * https://docs.aws.amazon.com/efs/latest/ug/enforce-identity-access-points.html
 * https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/efs_access_point
 */
export class VolumeAccessPoint extends Construct implements AccessPointRef {
  /** Mode of the root directory EFS creates: owner rwx, group r-x, others nothing. */
  static readonly ROOT_DIRECTORY_PERMISSIONS = "750";

  /** The access point resource. */
  public readonly accessPoint: EfsAccessPoint;
  public readonly accessPointId: string;
  public readonly accessPointArn: string;
  /** Who the volume belongs to. */
  public readonly owner: string;
  /** The volume's name. */
  public readonly volume: string;
  /** `/<owner>/<volume>`: the directory the access point exposes as `/`. */
  public readonly rootDirectory: string;

  constructor(scope: Construct, id: string, props: VolumeAccessPointProps) {
    super(scope, id);
    const fail = (msg: string): never => {
      throw new Error(`${this.node.path}: ${msg}`);
    };
    const volumeProblem = efsVolumeProblem(props.owner, props.volume);
    if (volumeProblem) fail(volumeProblem);
    const uidProblem = posixIdProblem(props.uid);
    if (uidProblem) fail(`uid ${uidProblem}`);
    const gidProblem = posixIdProblem(props.gid);
    if (gidProblem) fail(`gid ${gidProblem}`);
    this.owner = props.owner;
    this.volume = props.volume;
    this.rootDirectory = `/${props.owner}/${props.volume}`;
    this.accessPoint = new EfsAccessPoint(this, "access-point", {
      fileSystemId: props.fileSystemId,
      posixUser: { uid: props.uid, gid: props.gid },
      rootDirectory: {
        path: this.rootDirectory,
        creationInfo: { ownerUid: props.uid, ownerGid: props.gid, permissions: VolumeAccessPoint.ROOT_DIRECTORY_PERMISSIONS },
      },
      tags: { Name: physicalName(props.naming, `${props.owner}-${props.volume}`) },
    });
    this.accessPointId = this.accessPoint.id;
    this.accessPointArn = this.accessPoint.arn;
  }
}

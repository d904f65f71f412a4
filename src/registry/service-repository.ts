import { Construct } from "constructs";
import { Token } from "cdktf";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { legacyPathOf } from "../core/legacy-address";
import { DNS_LABEL_RE, IMAGE_TAG_RE } from "../core/aws-facts";
import { GrantableRef, grantInlinePolicy } from "../core/iam";
import { jsonDocument } from "../core/json-document";
import { NamingContext, physicalName } from "../core/naming";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { RepositoryRef } from "./repository-ref";

/** Properties of a {@link ServiceRepository}. */
export interface ServiceRepositoryProps {
  /** Project and environment: the repository is `<project>-<env>/<serviceName>`. */
  readonly naming: NamingContext;
  /** The service whose images the repository holds (a lowercase DNS label, as in config). */
  readonly serviceName: string;
  /** Customer-managed KMS key that encrypts the images. */
  readonly encryptionKey: EncryptionKeyRef;
  /**
   * Days after which an untagged image (a failed or superseded push) is expired.
   * @default 14
   */
  readonly untaggedImageExpiryDays?: number;
  /**
   * Tagged images kept; older ones beyond this count are expired. Keep enough for
   * the rollbacks you may need: a deployed tag that was expired cannot be pulled again.
   * @default 30
   */
  readonly keepTaggedImages?: number;
}

const SERVICE_NAME_RE = DNS_LABEL_RE;
// Docker's tag grammar: https://docs.docker.com/reference/cli/docker/image/tag/

/**
 * One service's private image repository in one environment: immutable tags (a tag
 * always names the image that was tested), scan on push, KMS encryption, and a
 * lifecycle policy so storage does not grow forever. There is deliberately no
 * repository policy: access is granted to roles of this account with `grantPull`.
 */
export class ServiceRepository extends Construct implements RepositoryRef {
  /** @default 14 */
  static readonly DEFAULT_UNTAGGED_IMAGE_EXPIRY_DAYS = 14;
  /** @default 30 */
  static readonly DEFAULT_KEEP_TAGGED_IMAGES = 30;
  /** Upper bound of `untaggedImageExpiryDays` (ten years; anything longer is a mistake). */
  static readonly MAX_UNTAGGED_IMAGE_EXPIRY_DAYS = 3650;
  /** Upper bound of `keepTaggedImages` (half the default ECR per-repository image quota). */
  static readonly MAX_KEEP_TAGGED_IMAGES = 10000;

  /** The repository resource, for escape hatches. */
  public readonly repository: EcrRepository;
  /** The lifecycle policy resource. */
  public readonly lifecyclePolicy: EcrLifecyclePolicy;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<project>-<env>/<service>`. */
  public readonly repositoryUrl: string;
  /** Repository ARN: the only resource `grantPull` opens the image actions on. */
  public readonly repositoryArn: string;
  /** `<project>-<env>/<service>`. */
  public readonly repositoryName: string;
  /** The service name this repository belongs to. */
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ServiceRepositoryProps) {
    super(scope, id);
    const expiryDays = props.untaggedImageExpiryDays ?? ServiceRepository.DEFAULT_UNTAGGED_IMAGE_EXPIRY_DAYS;
    const keepTagged = props.keepTaggedImages ?? ServiceRepository.DEFAULT_KEEP_TAGGED_IMAGES;

    if (!SERVICE_NAME_RE.test(props.serviceName)) {
      throw new Error(
        `${this.node.path}: serviceName must be a lowercase DNS label (a–z, 0–9, '-', starting with a letter, at most 63 characters), got "${props.serviceName}"`,
      );
    }
    if (!Token.isUnresolved(expiryDays) && (!Number.isInteger(expiryDays) || expiryDays < 1 || expiryDays > ServiceRepository.MAX_UNTAGGED_IMAGE_EXPIRY_DAYS)) {
      throw new Error(`${this.node.path}: untaggedImageExpiryDays must be an integer 1–${ServiceRepository.MAX_UNTAGGED_IMAGE_EXPIRY_DAYS}, got ${expiryDays}`);
    }
    if (!Token.isUnresolved(keepTagged) && (!Number.isInteger(keepTagged) || keepTagged < 1 || keepTagged > ServiceRepository.MAX_KEEP_TAGGED_IMAGES)) {
      throw new Error(`${this.node.path}: keepTaggedImages must be an integer 1–${ServiceRepository.MAX_KEEP_TAGGED_IMAGES}, got ${keepTagged}`);
    }

    this.serviceName = props.serviceName;
    this.repository = new EcrRepository(this, "repository", {
      // A path under `<project>-<env>/` keeps each environment's images apart and lets
      // IAM policies scope by prefix if ever needed.
      name: `${physicalName(props.naming)}/${props.serviceName}`,
      // A tag must always name the image that was tested and promoted (CKV_AWS_51, ECR.2).
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.encryptionKey.keyArn }],
      // Destroying the stack must not silently delete images that may still run elsewhere.
      forceDelete: false,
    });
    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;
    this.repositoryName = this.repository.name;

    this.lifecyclePolicy = new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: jsonDocument({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${expiryDays} days`,
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: expiryDays },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${keepTagged} tagged images`,
            // ECR requires a tag filter with tagStatus "tagged"; "*" matches every tag.
            selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepTagged },
            action: { type: "expire" },
          },
        ],
      }),
    });
  }

  /**
   * Lets `grantee` pull images from this repository only: one inline policy on its
   * role with `ecr:GetAuthorizationToken` on `*` (the action has no resource-level
   * permissions) and the layer/image actions on this repository's ARN.
   */
  grantPull(grantee: GrantableRef): IamRolePolicy {
    return grantInlinePolicy(this, grantee, {
      verb: "pull",
      // Unique per role: a role pulls from each service's repository at most once.
      policyName: `pull-${this.serviceName}`,
      statements: [
        {
          Sid: "EcrAuthorizationTokenCannotBeScoped",
          Effect: "Allow",
          Action: ["ecr:GetAuthorizationToken"],
          Resource: ["*"],
        },
        {
          Sid: "PullFromThisRepositoryOnly",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
          Resource: [this.repositoryArn],
        },
      ],
      // Its id before services moved under their own scope (a moved block keeps it).
      legacyId: `pull-${legacyPathOf(grantee).replace(/\//g, "-")}`,
    });
  }

  /**
   * The image reference `<repositoryUrl>:<tag>` for a container definition. `tag` may
   * be a token (e.g. a Terraform variable's value, so CI can roll a tag at deploy time).
   */
  imageUri(tag: string): string {
    if (!Token.isUnresolved(tag) && !IMAGE_TAG_RE.test(tag)) {
      throw new Error(`${this.node.path}: image tag must be 1–128 of A–Z, a–z, 0–9, '_', '.', '-' and not start with '.' or '-', got "${tag}"`);
    }
    return `${this.repositoryUrl}:${tag}`;
  }
}

import { block } from "../tf";
import { StackRule } from "../types";
import { admitsAnyone, eachResource, shown, stackRule } from "./helpers";

const REPO = "aws_ecr_repository";

export const registryRules: StackRule[] = [
  stackRule({
    id: "ecr-immutable-tags",
    title: "ECR image tags are immutable",
    refs: ["CKV_AWS_51", "ECR.2"],
    check: eachResource(
      REPO,
      (r) => r.values.image_tag_mutability !== "IMMUTABLE" && `image_tag_mutability is ${shown(r.values.image_tag_mutability)}, must be "IMMUTABLE"`,
    ),
  }),
  stackRule({
    id: "ecr-scan-on-push",
    title: "ECR scans images on push",
    refs: ["CKV_AWS_163", "ECR.1"],
    check: eachResource(
      REPO,
      (r) => block(r.values.image_scanning_configuration).scan_on_push !== true && "image_scanning_configuration.scan_on_push is not true",
    ),
  }),
  stackRule({
    id: "ecr-kms-encryption",
    title: "ECR repositories are encrypted with KMS",
    refs: ["CKV_AWS_136"],
    check: eachResource(REPO, (r) => {
      const type = block(r.values.encryption_configuration).encryption_type;
      return type !== "KMS" && `encryption_configuration.encryption_type is ${shown(type)}, must be "KMS"`;
    }),
  }),
  stackRule({
    id: "ecr-lifecycle-policy",
    title: "Every ECR repository has a lifecycle policy",
    refs: ["ECR.3"],
    check: eachResource(REPO, (r, stack) => {
      const policies = stack
        .resources("aws_ecr_lifecycle_policy")
        .filter((p) => stack.references(p.values.repository, r) || (r.values.name !== undefined && p.values.repository === r.values.name));
      return policies.length === 0 && "has no aws_ecr_lifecycle_policy: untagged and old images pile up";
    }),
  }),
  stackRule({
    id: "ecr-no-public-policy",
    title: "No ECR repository policy admits a `*` principal",
    refs: ["CKV_AWS_32"],
    check: eachResource("aws_ecr_repository_policy", (p, stack) => {
      const statements = stack.policy(p.values.policy);
      if (!statements) return "policy is not readable offline: write it as a JSON string";
      const open = statements.filter(admitsAnyone);
      return open.length > 0 && `allows principal "*" (${open.map((s) => s.sid ?? s.actions.join(",")).join("; ")})`;
    }),
  }),
];

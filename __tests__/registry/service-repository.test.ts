import "cdktf/lib/testing/adapters/jest";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { ServiceRepository, ServiceRepositoryProps } from "../../src/registry/service-repository";
import { decodeJson } from "../support/json-document";
import { onlyResource, refOf, resources } from "../support/synth";
import { ecsTaskRole, synthJson, testStack } from "../support/test-stack";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded policy/JSON documents, indexed freely
type Json = any;

const naming = { project: "platform", envName: "prod" };

function build(props: Partial<ServiceRepositoryProps> = {}): { stack: TerraformStack; key: KmsKey; repo: ServiceRepository } {
  const stack = testStack();
  const key = new KmsKey(stack, "key", { description: "test", enableKeyRotation: true });
  const repo = new ServiceRepository(stack, "repo-orders", { naming, serviceName: "orders", encryptionKey: { keyArn: key.arn }, ...props });
  return { stack, key, repo };
}

describe("ServiceRepository", () => {
  it("names the repository <project>-<env>/<service> with immutable tags, scan on push, KMS and no force delete", () => {
    // GIVEN / WHEN a repository for "orders" in prod
    const { stack, key } = build();
    // THEN the repository carries every registry checklist setting
    const synthesized = Testing.synth(stack);
    expect(Object.keys(resources(JSON.parse(synthesized), "aws_ecr_repository"))).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(EcrRepository, {
      name: "platform-prod/orders",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: refOf(key, "arn") }],
      force_delete: false,
    });
  });

  it("attaches a lifecycle policy that expires untagged images after 14 days and keeps the last 30 tagged", () => {
    // GIVEN / WHEN a repository with default lifecycle settings
    const { stack, repo } = build();
    // THEN the policy targets this repository and has both rules, in that order
    const json = synthJson(stack);
    const policy = onlyResource(json, "aws_ecr_lifecycle_policy").body;
    expect(policy.repository).toBe(refOf(repo.repository, "name"));
    const rules = decodeJson(policy.policy).rules;
    expect(rules).toHaveLength(2);
    expect(rules[0]).toMatchObject({
      rulePriority: 1,
      selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
      action: { type: "expire" },
    });
    expect(rules[1]).toMatchObject({
      rulePriority: 2,
      selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 },
      action: { type: "expire" },
    });
  });

  it("takes the lifecycle counts from its props", () => {
    // GIVEN / WHEN custom expiry and keep counts
    const { stack } = build({ untaggedImageExpiryDays: 3, keepTaggedImages: 100 });
    // THEN the rules use them
    const rules = decodeJson(onlyResource(synthJson(stack), "aws_ecr_lifecycle_policy").body.policy).rules;
    expect(rules[0].selection.countNumber).toBe(3);
    expect(rules[1].selection.countNumber).toBe(100);
  });

  it("creates no repository policy and no '*' principal", () => {
    // GIVEN / WHEN a repository with a pull grant
    const { stack, repo } = build();
    repo.grantPull(ecsTaskRole(stack, "execution"));
    // THEN there is no repository policy at all, and no principal anywhere is "*"
    const json = synthJson(stack);
    expect(resources(json, "aws_ecr_repository_policy")).toEqual({});
    expect(JSON.stringify(json)).not.toMatch(/"Principal\\?"\s*:\s*\\?"\*/);
  });

  it("exposes url, ARN and name as references to the repository", () => {
    // GIVEN a repository whose attributes are exported
    const { stack, repo } = build();
    new TerraformOutput(stack, "url", { value: repo.repositoryUrl });
    new TerraformOutput(stack, "arn", { value: repo.repositoryArn });
    new TerraformOutput(stack, "name", { value: repo.repositoryName });
    // WHEN synthesized
    const json = synthJson(stack);
    // THEN each output references the repository's own attribute
    expect(json.output.url.value).toBe(refOf(repo.repository, "repository_url"));
    expect(json.output.arn.value).toBe(refOf(repo.repository, "arn"));
    expect(json.output.name.value).toBe(refOf(repo.repository, "name"));
    expect(repo.serviceName).toBe("orders");
  });

  describe("grantPull", () => {
    it("puts GetAuthorizationToken alone on '*' and the pull actions on this repository's ARN only", () => {
      // GIVEN a repository and an execution role
      const { stack, repo } = build();
      const execution = ecsTaskRole(stack, "execution");
      // WHEN the role is granted pull
      repo.grantPull(execution);
      // THEN one inline policy on that role, with two statements scoped as required
      const synthesized = Testing.synth(stack);
      const policy = onlyResource(JSON.parse(synthesized), "aws_iam_role_policy").body;
      expect(synthesized).toHaveResourceWithProperties(IamRolePolicy, { name: "pull-orders", role: refOf(execution.role, "name") });
      const statements = decodeJson(policy.policy).Statement;
      expect(statements).toHaveLength(2);
      const wildcard = statements.filter((s: Json) => s.Resource.includes("*"));
      expect(wildcard).toEqual([{ Sid: expect.any(String), Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] }]);
      const scoped = statements.find((s: Json) => !s.Resource.includes("*"));
      expect(scoped.Effect).toBe("Allow");
      expect(scoped.Action.sort()).toEqual(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);
      expect(scoped.Resource).toEqual([refOf(repo.repository, "arn")]);
    });

    it("gives each grantee its own policy, and granting the same role twice adds nothing", () => {
      // GIVEN two roles
      const { stack, repo } = build();
      const a = ecsTaskRole(stack, "a");
      const b = ecsTaskRole(stack, "b");
      // WHEN both are granted, one of them twice
      const first = repo.grantPull(a);
      expect(repo.grantPull(a)).toBe(first);
      repo.grantPull(b);
      // THEN one policy per role
      const policies = Object.values(resources(synthJson(stack), "aws_iam_role_policy"));
      expect(policies.map((p) => p.role).sort()).toEqual([refOf(a.role, "name"), refOf(b.role, "name")].sort());
    });
  });

  describe("imageUri", () => {
    it("joins the repository url and a literal or variable tag", () => {
      // GIVEN a repository and a deploy-time tag variable
      const { stack, repo } = build();
      const tag = new TerraformVariable(stack, "image_tag_orders", { type: "string", default: "1.4.2" });
      // WHEN image references are built
      new TerraformOutput(stack, "literal", { value: repo.imageUri("1.4.2") });
      new TerraformOutput(stack, "variable", { value: repo.imageUri(tag.stringValue) });
      // THEN both reference the repository url
      const json = synthJson(stack);
      const url = refOf(repo.repository, "repository_url");
      expect(json.output.literal.value).toBe(`${url}:1.4.2`);
      expect(json.output.variable.value).toBe(`${url}:\${var.image_tag_orders}`);
    });

    it("rejects an invalid tag, naming it", () => {
      // GIVEN an invalid tag, WHEN built, THEN it throws, naming it
      const { repo } = build();
      expect(() => repo.imageUri("-bad tag")).toThrow(/repo-orders: image tag must be 1–128 .* got "-bad tag"/);
    });
  });

  describe("validation", () => {
    it.each(["Orders", "1orders", "orders-", "or/ders", ""])("rejects serviceName %p", (serviceName) => {
      // GIVEN each invalid serviceName, WHEN built, THEN it throws
      expect(() => build({ serviceName })).toThrow(
        new RegExp(`test/repo-orders: serviceName must be a lowercase DNS label .*got "${serviceName.replace("/", "\\/")}"`),
      );
    });

    it.each([0, 1.5, 3651])("rejects untaggedImageExpiryDays %p", (days) => {
      // GIVEN each out-of-range untaggedImageExpiryDays, WHEN built, THEN it throws
      expect(() => build({ untaggedImageExpiryDays: days })).toThrow(
        new RegExp(`test/repo-orders: untaggedImageExpiryDays must be an integer 1–3650, got ${days}`),
      );
    });

    it.each([0, -1, 2.5, 10001])("rejects keepTaggedImages %p", (count) => {
      // GIVEN each out-of-range keepTaggedImages, WHEN built, THEN it throws
      expect(() => build({ keepTaggedImages: count })).toThrow(new RegExp(`test/repo-orders: keepTaggedImages must be an integer 1–10000, got ${count}`));
    });

    it("creates nothing when a prop is invalid", () => {
      // GIVEN a stack
      const stack = testStack();
      // WHEN an invalid repository is attempted
      expect(() => new ServiceRepository(stack, "bad", { naming, serviceName: "orders", encryptionKey: { keyArn: "arn" }, keepTaggedImages: 0 })).toThrow();
      // THEN no resource was added
      expect(resources(synthJson(stack), "aws_ecr_repository")).toEqual({});
    });
  });
});

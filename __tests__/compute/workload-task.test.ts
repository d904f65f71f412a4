import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { parseSecretReference, SecretReference } from "../../src/core/secret-reference";
import { SharedFileSystem } from "../../src/storage/shared-file-system";
import { refOf, TfJson } from "../support/synth";
import { decodeJson } from "../support/json-document";
import { synthJson } from "../support/test-stack";
import { addService, KMS_KEY_ARN, resolvedService, world } from "./fixtures";

const ref = (text: string): SecretReference => parseSecretReference(text) as SecretReference;
const CUSTOMER_KEY = "arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

/** The app container of a synthesized task definition. */
function appContainer(json: TfJson, service: string): TfJson {
  const [task] = Object.values<TfJson>(json.resource.aws_ecs_task_definition).filter((t) => t.family === `platform-prod-${service}`);
  return decodeJson<TfJson[]>(task.container_definitions).find((c) => c.name === "app")!;
}

/** The decoded statements of a role's inline policy named `name`. */
function policyStatements(json: TfJson, name: string, rolePart: string): TfJson[] {
  const found = Object.values<TfJson>(json.resource.aws_iam_role_policy).filter((p) => p.name === name && String(p.role).includes(rolePart));
  expect(found).toHaveLength(1);
  return decodeJson<TfJson>(found[0].policy).Statement;
}

describe("FargateService app secrets", () => {
  it("injects each secret by name, and the execution role may read exactly those (and nothing for the task role)", () => {
    // GIVEN a service with a short Secrets Manager form with a JSON key, a full ARN and an SSM parameter
    const w = world();
    addService(w, resolvedService({ name: "billing", database: false }), {
      secrets: [
        { name: "STRIPE_KEY", reference: ref("secretsmanager:billing/stripe#apiKey") },
        { name: "WEBHOOK", reference: ref("arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing/webhook-AbCdEf") },
        { name: "FEATURE_FLAGS", reference: ref("ssm:/billing/flags") },
      ],
    });
    // WHEN synthesized
    const json = synthJson(w.stack);
    // THEN the container's secrets name their sources (ECS reads them at task start)
    const secrets = appContainer(json, "billing").secrets;
    expect(secrets).toEqual([
      {
        name: "STRIPE_KEY",
        valueFrom: expect.stringMatching(
          /^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:secretsmanager:eu-west-1:\$\{.+\}:secret:billing\/stripe:apiKey::$/,
        ),
      },
      { name: "WEBHOOK", valueFrom: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing/webhook-AbCdEf" },
      { name: "FEATURE_FLAGS", valueFrom: expect.stringMatching(/:ssm:eu-west-1:\$\{.+\}:parameter\/billing\/flags$/) },
    ]);
    // AND the execution role's one secrets policy names exactly them (the short form matches the random suffix)
    const statements = policyStatements(json, "read-injected-secrets", "billing_roles_exec");
    const read = statements.find((s) => s.Sid === "ReadInjectedSecrets")!;
    expect(read.Resource).toEqual([
      expect.stringContaining("grafana"),
      expect.stringMatching(/:secret:billing\/stripe-\?\?\?\?\?\?$/),
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing/webhook-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing/webhook-AbCdEf-??????",
    ]);
    expect(statements.find((s) => s.Sid === "ReadInjectedParameters")).toEqual({
      Sid: "ReadInjectedParameters",
      Effect: "Allow",
      Action: ["ssm:GetParameters"],
      Resource: [expect.stringMatching(/:parameter\/billing\/flags$/)],
    });
    // AND no statement reads anything else
    expect(statements.flatMap((s) => s.Resource)).not.toContain("*");
  });

  it("grants kms:Decrypt on a customer-managed key through Secrets Manager or SSM only", () => {
    // GIVEN two secrets encrypted with one customer-managed key, one in each service
    const w = world();
    addService(w, resolvedService({ name: "billing", database: false }), {
      secrets: [
        { name: "A", reference: ref("secretsmanager:billing/a"), kmsKeyArn: CUSTOMER_KEY },
        { name: "B", reference: ref("ssm:/billing/b"), kmsKeyArn: CUSTOMER_KEY },
      ],
    });
    // WHEN synthesized
    const statements = policyStatements(synthJson(w.stack), "read-injected-secrets", "billing_roles_exec");
    // THEN one Decrypt statement on that key, conditioned on both services in this region
    expect(statements).toContainEqual({
      Sid: "DecryptAppSecrets0",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [CUSTOMER_KEY],
      Condition: {
        StringEquals: {
          "kms:ViaService": [
            expect.stringMatching(/^secretsmanager\.eu-west-1\.\$\{data\.aws_partition\..+\.dns_suffix\}$/),
            expect.stringMatching(/^ssm\.eu-west-1\./),
          ],
        },
      },
    });
  });

  it("decrypts a cross-region secret through Secrets Manager in the key's region", () => {
    // GIVEN a secret in us-east-1 encrypted with a us-east-1 key, on an eu-west-1 stack
    const w = world();
    const key = "arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    addService(w, resolvedService({ name: "billing", database: false }), {
      secrets: [{ name: "A", reference: ref("arn:aws:secretsmanager:us-east-1:111122223333:secret:billing/a-AbCdEf"), kmsKeyArn: key }],
    });
    // WHEN synthesized THEN kms:ViaService names Secrets Manager in us-east-1
    const statements = policyStatements(synthJson(w.stack), "read-injected-secrets", "billing_roles_exec");
    expect(statements.find((s) => s.Sid === "DecryptAppSecrets0")?.Condition).toEqual({
      StringEquals: { "kms:ViaService": [expect.stringMatching(/^secretsmanager\.us-east-1\./)] },
    });
  });

  it.each([
    ["a platform-set name", "OTEL_SERVICE_NAME", {}, /secrets must not name a variable the platform sets/],
    ["a name also in environment", "LOG_LEVEL", {}, /secrets is also a plain environment variable/],
    ["an invalid name", "1BAD", {}, /secrets names must be letters, digits and '_'/],
  ])("refuses %s", (_what, name, _unused, message) => {
    // GIVEN a secret named badly / WHEN the service is built / THEN it throws naming the rule
    const w = world();
    expect(() => addService(w, resolvedService({ name: "billing", database: false }), { secrets: [{ name, reference: ref("ssm:/x") }] })).toThrow(message);
  });
});

describe("FargateService app permissions", () => {
  it("puts the statements on the task role as app-permissions, and the ECS service waits for them", () => {
    // GIVEN a service that reads one bucket
    const w = world();
    const svc = addService(w, resolvedService({ name: "reports", database: false }), {
      permissions: [
        { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/*"] },
        { actions: ["s3:*"], resources: ["arn:aws:s3:::scratch/*"], conditions: { Bool: { "aws:SecureTransport": "true" } } },
      ],
    });
    // WHEN synthesized
    const json = synthJson(w.stack);
    // THEN the task role (not the execution role) holds them, in order
    expect(policyStatements(json, "app-permissions", "reports_roles_task")).toEqual([
      { Sid: "App0", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::reports/*"] },
      { Sid: "App1", Effect: "Allow", Action: ["s3:*"], Resource: ["arn:aws:s3:::scratch/*"], Condition: { Bool: { "aws:SecureTransport": "true" } } },
    ]);
    // AND the ECS service depends on that policy
    const service = Object.values<TfJson>(json.resource.aws_ecs_service).find((s) => s.name === "reports")!;
    expect(service.depends_on).toContain(`aws_iam_role_policy.${svc.roles.permissionsPolicy!.friendlyUniqueId}`);
  });

  it.each([
    ["s3:* on *", { actions: ["s3:*"], resources: ["*"] }, /grants every action of a service on every resource \("\*"\)/],
    ["iam:PassRole on *", { actions: ["iam:PassRole"], resources: ["*"] }, /escalate its privileges/],
    ["no resource", { actions: ["s3:GetObject"], resources: [] }, /must name at least one resource/],
  ])("refuses %s before creating anything", (_what, statement, message) => {
    // GIVEN a broad statement / WHEN the service is built / THEN it throws, and no policy was created
    const w = world();
    expect(() => addService(w, resolvedService({ name: "reports", database: false }), { permissions: [statement] })).toThrow(message);
    expect(Testing.synth(w.stack)).not.toHaveResourceWithProperties(IamRolePolicy, { name: "app-permissions" });
  });
});

describe("FargateService command and entryPoint", () => {
  it("override the image's, with Terraform template syntax escaped", () => {
    // GIVEN a service with an entry point and a command holding a literal ${…}
    const w = world();
    addService(w, resolvedService({ name: "api", database: false }), { entryPoint: ["/bin/sh", "-c"], command: ["echo ${HOME}"] });
    // WHEN synthesized THEN the container has both, and Terraform passes the literal through
    const app = appContainer(synthJson(w.stack), "api");
    expect(app.entryPoint).toEqual(["/bin/sh", "-c"]);
    expect(app.command).toEqual(["echo $${HOME}"]);
  });

  it("refuses an empty command", () => {
    // GIVEN an empty command / WHEN built / THEN it throws
    const w = world();
    expect(() => addService(w, resolvedService({ name: "api", database: false }), { command: [] })).toThrow(/command must be a non-empty list/);
  });
});

describe("FargateService without a port (a worker)", () => {
  it("has no Cloud Map service, registry, port mapping, health check or ingress, and refuses callers", () => {
    // GIVEN a worker next to a regular service
    const w = world();
    const worker = addService(w, { ...resolvedService({ name: "mailer", database: false }), port: undefined });
    const orders = addService(w, resolvedService());
    // WHEN synthesized
    const synthesized = Testing.synth(w.stack);
    const json = JSON.parse(synthesized);
    // THEN the worker's ECS service registers nowhere, and only orders has a Cloud Map service
    const ecs = Object.values<TfJson>(json.resource.aws_ecs_service).find((s) => s.name === "mailer")!;
    expect(ecs.service_registries).toBeUndefined();
    expect(synthesized).toHaveResourceWithProperties(EcsService, { name: "orders", service_registries: expect.anything() });
    expect(Object.values<TfJson>(json.resource.aws_service_discovery_service).map((s) => s.name)).toEqual(["orders"]);
    expect(synthesized).not.toHaveResourceWithProperties(ServiceDiscoveryService, { name: "mailer" });
    // AND its container has no port and no health check
    const app = appContainer(json, "mailer");
    expect(app.portMappings).toBeUndefined();
    expect(app.healthCheck).toBeUndefined();
    // AND nothing may call it
    expect(worker.endpoint).toBeUndefined();
    expect(() => worker.allowFrom(orders, "orders calls mailer")).toThrow(/mailer is a worker \(no port\): it admits no callers/);
    const ingress = Object.values<TfJson>(json.resource.aws_vpc_security_group_ingress_rule ?? {});
    expect(ingress.filter((r) => r.security_group_id === `\${aws_security_group.${worker.securityGroup.friendlyUniqueId}.id}`)).toEqual([]);
  });
});

describe("FargateService volumes", () => {
  it("mounts each volume through its own access point with TLS and IAM, and waits for the mount targets", () => {
    // GIVEN a service with a read-write and a read-only volume on one file system
    const w = world();
    const fileSystem = new SharedFileSystem(w.stack, "fs", {
      naming: { project: "platform", envName: "prod" },
      network: w.network,
      encryptionKey: { keyArn: KMS_KEY_ARN },
      backups: true,
    });
    const svc = addService(w, resolvedService({ name: "files", database: false }), {
      volumes: [
        { name: "uploads", containerPath: "/data/uploads", fileSystem },
        { name: "seed", containerPath: "/data/seed", readOnly: true, fileSystem },
      ],
    });
    // WHEN synthesized
    const json = synthJson(w.stack);
    const [task] = Object.values<TfJson>(json.resource.aws_ecs_task_definition);
    // THEN the task definition's volumes are EFS with transit encryption and IAM, one access point each
    const efs = task.volume.filter((v: TfJson) => v.efs_volume_configuration).map((v: TfJson) => [v.name, v.efs_volume_configuration]);
    expect(efs).toEqual([
      [
        "uploads",
        {
          file_system_id: refOf(fileSystem.fileSystem, "id"),
          transit_encryption: "ENABLED",
          authorization_config: { access_point_id: expect.stringContaining("aws_efs_access_point"), iam: "ENABLED" },
        },
      ],
      [
        "seed",
        {
          file_system_id: refOf(fileSystem.fileSystem, "id"),
          transit_encryption: "ENABLED",
          authorization_config: { access_point_id: expect.stringContaining("aws_efs_access_point"), iam: "ENABLED" },
        },
      ],
    ]);
    expect(efs[0][1].authorization_config.access_point_id).not.toBe(efs[1][1].authorization_config.access_point_id);
    // AND the app container mounts them where asked, the read-only one read-only, the root still read-only
    const app = appContainer(json, "files");
    expect(app.mountPoints).toEqual([
      { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "uploads", containerPath: "/data/uploads", readOnly: false },
      { sourceVolume: "seed", containerPath: "/data/seed", readOnly: true },
    ]);
    expect(app.readonlyRootFilesystem).toBe(true);
    // AND the ECS service waits for every mount target
    const service = Object.values<TfJson>(json.resource.aws_ecs_service).find((s) => s.name === "files")!;
    for (const target of fileSystem.mountTargets) expect(service.depends_on).toContain(`aws_efs_mount_target.${target.friendlyUniqueId}`);
    // AND NFS is admitted from the service once, not once per volume
    const nfs = Object.values<TfJson>(json.resource.aws_vpc_security_group_ingress_rule).filter((r) => r.from_port === 2049);
    expect(nfs.map((r) => r.referenced_security_group_id)).toEqual([refOf(svc.securityGroup, "id")]);
  });

  it("refuses a volume under /tmp before creating anything", () => {
    // GIVEN a volume at /tmp/cache / WHEN the service is built / THEN it throws naming the rule
    const w = world();
    const fileSystem = new SharedFileSystem(w.stack, "fs", {
      naming: { project: "platform", envName: "prod" },
      network: w.network,
      encryptionKey: { keyArn: KMS_KEY_ARN },
      backups: true,
    });
    expect(() =>
      addService(w, resolvedService({ name: "files", database: false }), { volumes: [{ name: "cache", containerPath: "/tmp/cache", fileSystem }] }),
    ).toThrow(/container paths must be absolute, without '\.\.', a trailing '\/' or \/tmp/);
  });
});

describe("FargateService behind a load balancer", () => {
  /** A target group and its listener on an NLB, as the edge's load balancer builds them. */
  function targetGroup(w: ReturnType<typeof world>) {
    const lb = new Lb(w.stack, "nlb", { loadBalancerType: "network", internal: true, subnets: w.network.privateSubnetIds });
    const tg = new LbTargetGroup(w.stack, "tg", { port: 8080, protocol: "TCP", targetType: "ip", vpcId: w.network.vpcId });
    const listener = new LbListener(w.stack, "listener", {
      loadBalancerArn: lb.arn,
      port: 10001,
      protocol: "TCP",
      defaultAction: [{ type: "forward", targetGroupArn: tg.arn }],
    });
    return { tg, listener };
  }

  it("registers its tasks in the target group on the container port, after the listener exists", () => {
    // GIVEN a service attached to a target group
    const w = world();
    const svc = addService(w, resolvedService({ name: "web", database: false }));
    const { tg, listener } = targetGroup(w);
    svc.attachToTargetGroup({ targetGroupArn: tg.arn, dependencies: [listener] });
    // WHEN synthesized
    const service = Object.values<TfJson>(synthJson(w.stack).resource.aws_ecs_service).find((s) => s.name === "web")!;
    // THEN the load_balancer block names the group, the app container and its port, with a grace period
    expect(service.load_balancer).toEqual([{ target_group_arn: refOf(tg, "arn"), container_name: "app", container_port: 8080 }]);
    expect(service.health_check_grace_period_seconds).toBe(60);
    expect(service.depends_on).toContain(`aws_lb_listener.${listener.friendlyUniqueId}`);
    // AND a rolling service keeps the ECS controller with its circuit breaker
    expect(service.deployment_controller).toBeUndefined();
    expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
  });

  it("under CodeDeploy has the CODE_DEPLOY controller, no circuit breaker, and leaves task definition and target group to CodeDeploy", () => {
    // GIVEN a blue/green service attached to its blue target group
    const w = world();
    const svc = addService(w, resolvedService({ name: "web", database: false }), { deploymentController: "CODE_DEPLOY" });
    const { tg, listener } = targetGroup(w);
    svc.attachToTargetGroup({ targetGroupArn: tg.arn, dependencies: [listener] });
    // WHEN synthesized
    const service = Object.values<TfJson>(synthJson(w.stack).resource.aws_ecs_service).find((s) => s.name === "web")!;
    // THEN
    expect(service.deployment_controller).toEqual({ type: "CODE_DEPLOY" });
    expect(service.deployment_circuit_breaker).toBeUndefined();
    expect(service.force_new_deployment).toBe(false);
    // (ECS refuses in-place updates of these on a CODE_DEPLOY service; releases carry them)
    expect(service.lifecycle.ignore_changes).toEqual([
      "desired_count",
      "task_definition",
      "load_balancer",
      "platform_version",
      "network_configuration",
      "capacity_provider_strategy",
      "enable_execute_command",
    ]);
  });

  it("refuses CodeDeploy without a target group, and a worker in a target group", () => {
    // GIVEN a CODE_DEPLOY service never attached / WHEN synthesized / THEN validation names the missing target group
    const w = world();
    addService(w, resolvedService({ name: "web", database: false }), { deploymentController: "CODE_DEPLOY" });
    expect(() => Testing.synth(w.stack, true)).toThrow(/a CODE_DEPLOY service needs a load balancer target group/);
    // AND a worker cannot be attached
    const w2 = world();
    const worker = addService(w2, { ...resolvedService({ name: "mailer", database: false }), port: undefined });
    const { tg, listener } = targetGroup(w2);
    expect(() => worker.attachToTargetGroup({ targetGroupArn: tg.arn, dependencies: [listener] })).toThrow(/mailer is a worker \(no port\)/);
  });
});

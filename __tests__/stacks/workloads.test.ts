import { checkStacks } from "../../src/checks/engine";
import { decodeJson } from "../support/json-document";
import { exampleConfig, WORKLOADS_EXAMPLE } from "../support/examples";
import { synthApp, TfJson } from "../support/synth";

/**
 * The README's example of every workload kind (`examples/workloads.config.json`): a
 * public service with secrets, permissions and a volume, an internal service, a worker,
 * a job of a service and a job with its own image — followed by reference through each
 * environment's stack. Its AWS part is planned with the other stacks
 * (`__tests__/stacks/plan-cases.ts`).
 */
const ENVS = ["dev", "staging", "prod"] as const;
const config = exampleConfig(WORKLOADS_EXAMPLE);
const { stacks, platform } = synthApp(config);

const all = (json: TfJson, type: string): [string, TfJson][] => Object.entries(json.resource?.[type] ?? {});
const ref = (type: string, name: string, attr = "id") => `\${${type}.${name}.${attr}}`;

describe("the workloads example: every stack is clean under npm run check", () => {
  it("has no error finding", () => {
    // GIVEN the example's stacks / WHEN every rule runs / THEN no unsuppressed error
    const result = checkStacks(stacks, { suppressions: config.checks.suppress });
    expect(result.findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.stack} ${f.rule} ${f.address}: ${f.message}`)).toEqual([]);
  });
});

describe.each(ENVS)("workloads in %s", (envName) => {
  const json = stacks[envName];
  const stack = platform.environments[envName];
  const sgOf = (service: string) => stack.services[service].securityGroup.friendlyUniqueId;
  const ingressTo = (sg: string) => all(json, "aws_vpc_security_group_ingress_rule").filter(([, r]) => r.security_group_id === ref("aws_security_group", sg));

  it("admits the internal service's callers only: never the VPC link, and it has no route", () => {
    // GIVEN catalog, internal, allowing orders / WHEN synthesized
    const ingress = ingressTo(sgOf("catalog"));
    // THEN its only ingress is from orders' group on its port
    expect(ingress.map(([, r]) => [r.referenced_security_group_id, r.from_port])).toEqual([[ref("aws_security_group", sgOf("orders")), 8080]]);
    // AND no integration reaches its Cloud Map service, while orders (public) has one
    const integrations = all(json, "aws_apigatewayv2_integration").map(([, i]) => i.integration_uri);
    expect(integrations).not.toContain(ref("aws_service_discovery_service", stack.services.catalog.discoveryService!.service.friendlyUniqueId, "arn"));
    expect(integrations).toContain(ref("aws_service_discovery_service", stack.services.orders.discoveryService!.service.friendlyUniqueId, "arn"));
    // AND the VPC link's group is admitted to orders, not to catalog
    const vpcLinkSg = ref("aws_security_group", stack.api!.vpcLink.securityGroup.friendlyUniqueId);
    expect(ingressTo(sgOf("orders")).map(([, r]) => r.referenced_security_group_id)).toContain(vpcLinkSg);
  });

  it("admits nothing to the worker, registers it nowhere, and lets it call nothing it was not allowed", () => {
    // GIVEN mailer (expose none) / WHEN synthesized / THEN no ingress, no Cloud Map service, no port
    expect(ingressTo(sgOf("mailer"))).toEqual([]);
    const ecs = all(json, "aws_ecs_service").find(([, s]) => s.name === "mailer")![1];
    expect(ecs.service_registries).toBeUndefined();
    expect(all(json, "aws_service_discovery_service").map(([, s]) => s.name)).not.toContain("mailer");
  });

  it("grants each app secret exactly once, to its own service's execution role", () => {
    // GIVEN every container secret of the app containers / WHEN matched against the execution roles' policies
    const tasks = all(json, "aws_ecs_task_definition");
    for (const [, task] of tasks) {
      const app = decodeJson<TfJson[]>(task.container_definitions).find((c) => c.name === "app")!;
      const exec = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(task.execution_role_arn)![1];
      const policies = all(json, "aws_iam_role_policy").filter(([, p]) => p.role === ref("aws_iam_role", exec, "name"));
      const resources = policies.flatMap(([, p]) => decodeJson<TfJson>(p.policy).Statement.flatMap((s: TfJson) => [s.Resource].flat()));
      for (const secret of app.secrets ?? []) {
        // The grant names the secret or parameter (a short Secrets Manager form with -??????; no ECS JSON-key suffix).
        const base = String(secret.valueFrom).replace(/(:secret:[^:]+):[^:]*:[^:]*:[^:]*$/, "$1");
        const granted = resources.filter((r: string) => r === base || r === `${base}-??????`);
        // THEN exactly one grant per form, and only on this task's execution role
        expect({ family: task.family, secret: secret.name, grants: granted.length }).toEqual({
          family: task.family,
          secret: secret.name,
          grants: base.includes(":secret:") && !base.endsWith("-AbCdEf") ? 1 : base.includes(":secret:") ? 2 : 1,
        });
      }
    }
    // AND the secrets are where the config put them: orders and its job have STRIPE_API_KEY, mailer SMTP_PASSWORD
    const secretsOf = (family: string) =>
      decodeJson<TfJson[]>(tasks.find(([, t]) => t.family === family)![1].container_definitions)
        .find((c) => c.name === "app")!
        .secrets?.map((s: TfJson) => s.name);
    expect(secretsOf(`acme-${envName}-orders`)).toEqual(["STRIPE_API_KEY", "FEATURE_FLAGS"]);
    expect(secretsOf(`acme-${envName}-cleanup`)).toEqual(["STRIPE_API_KEY", "FEATURE_FLAGS"]);
    expect(secretsOf(`acme-${envName}-mailer`)).toEqual(["SMTP_PASSWORD"]);
    expect(secretsOf(`acme-${envName}-catalog`)).toBeUndefined();
    // AND prod's override of FEATURE_FLAGS (overrides.prod.secrets) replaces the parameter there only
    const flags = decodeJson<TfJson[]>(tasks.find(([, t]) => t.family === `acme-${envName}-orders`)![1].container_definitions)
      .find((c) => c.name === "app")!
      .secrets.find((x: TfJson) => x.name === "FEATURE_FLAGS").valueFrom;
    expect(flags).toMatch(envName === "prod" ? /parameter\/acme\/orders\/flags-prod$/ : /parameter\/acme\/orders\/flags$/);
  });

  it("mounts each volume through its own access point, NFS admitted from its services only", () => {
    // GIVEN orders (uploads, read-write) and catalog (seed, read-only) / WHEN synthesized
    const fs = stack.fileSystem!;
    // THEN one encrypted file system with the environment's key
    expect(json.resource.aws_efs_file_system[fs.fileSystem.friendlyUniqueId]).toMatchObject({
      encrypted: true,
      kms_key_id: expect.stringContaining("aws_kms_key"),
    });
    // AND its mount targets admit 2049 from exactly orders, catalog and orders' job (cleanup)
    const cleanup = stack.jobs.cleanup;
    expect(
      ingressTo(fs.securityGroup.friendlyUniqueId)
        .map(([, r]) => [r.referenced_security_group_id, r.from_port])
        .sort(),
    ).toEqual(
      [
        [ref("aws_security_group", sgOf("catalog")), 2049],
        [ref("aws_security_group", sgOf("orders")), 2049],
        [ref("aws_security_group", cleanup.schedule.securityGroup.friendlyUniqueId), 2049],
      ].sort(),
    );
    // AND the job mounts orders' volume through orders' access point, where orders does
    const volumesOf = (family: string) =>
      all(json, "aws_ecs_task_definition")
        .find(([, t]) => t.family === family)![1]
        .volume.filter((v: TfJson) => v.efs_volume_configuration)
        .map((v: TfJson) => v.efs_volume_configuration.authorization_config.access_point_id);
    expect(volumesOf(`acme-${envName}-cleanup`)).toEqual(volumesOf(`acme-${envName}-orders`));
    // AND each task role may mount its own access point; only orders may write
    const mountPolicy = (service: string) => {
      const task = stack.services[service].taskRole.role.friendlyUniqueId;
      const [, p] = all(json, "aws_iam_role_policy").find(([, x]) => x.role === ref("aws_iam_role", task, "name") && /efs/.test(x.name))!;
      return decodeJson<TfJson>(p.policy).Statement[0];
    };
    expect(mountPolicy("orders").Action.sort()).toEqual(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]);
    const jobTask = cleanup.task.taskRole.role.friendlyUniqueId;
    const [, jobMount] = all(json, "aws_iam_role_policy").find(([, x]) => x.role === ref("aws_iam_role", jobTask, "name") && /efs/.test(x.name))!;
    expect(decodeJson<TfJson>(jobMount.policy).Statement[0].Action.sort()).toEqual(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]);
    expect(mountPolicy("catalog").Action).toEqual(["elasticfilesystem:ClientMount"]);
    const roots = all(json, "aws_efs_access_point").map(([, a]) => a.root_directory.path);
    expect(roots.sort()).toEqual(["/catalog/seed", "/orders/uploads"]);
  });

  it("runs the service's job with the service's image, database login and network admission", () => {
    // GIVEN cleanup (of orders) and report (its own image)
    const cleanup = platform.environments[envName].jobs.cleanup;
    const report = platform.environments[envName].jobs.report;
    const app = (family: string) =>
      decodeJson<TfJson[]>(all(json, "aws_ecs_task_definition").find(([, t]) => t.family === family)![1].container_definitions).find((c) => c.name === "app")!;
    // THEN cleanup runs orders' repository at orders' deploy-time tag, with its command and orders' database user
    const cleanupApp = app(`acme-${envName}-cleanup`);
    expect(cleanupApp.image).toBe(`\${aws_ecr_repository.${stack.repositories.orders.repository.friendlyUniqueId}.repository_url}:\${var.image_tag_orders}`);
    expect(cleanupApp.command).toEqual(["node", "cleanup.js"]);
    expect(cleanupApp.environment).toContainEqual({ name: "DB_USER", value: "orders" });
    // AND its own task role may connect as orders; its group is admitted to the database
    const dbSg = ref("aws_security_group", stack.database!.securityGroup.friendlyUniqueId);
    expect(ingressTo(stack.database!.securityGroup.friendlyUniqueId).map(([, r]) => r.referenced_security_group_id)).toContain(
      ref("aws_security_group", cleanup.schedule.securityGroup.friendlyUniqueId),
    );
    expect(dbSg).toBeDefined();
    // AND report has its own repository and image tag variable, and no database
    expect(app(`acme-${envName}-report`).image).toBe(
      `\${aws_ecr_repository.${stack.repositories.report.repository.friendlyUniqueId}.repository_url}:\${var.image_tag_report}`,
    );
    expect(json.variable.image_tag_report.default).toBe("2024.06.1");
    expect(app(`acme-${envName}-report`).environment.map((e: TfJson) => e.name)).not.toContain("DB_HOST");
    // AND each schedule runs its own task definition on the environment's cluster
    for (const job of [cleanup, report]) {
      const schedule = json.resource.aws_scheduler_schedule[job.schedule.schedule.friendlyUniqueId];
      expect(schedule.target.arn).toBe(ref("aws_ecs_cluster", stack.cluster.cluster.friendlyUniqueId, "arn"));
      expect(schedule.target.ecs_parameters.task_definition_arn).toBe(ref("aws_ecs_task_definition", job.task.taskDefinition.friendlyUniqueId, "arn"));
    }
  });
});

import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { TerraformOutput, Testing } from "cdktf";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { LogRetentionDays, DATABASE_ENV_VARS, databaseUserName } from "../../src/core/aws-facts";
import { FargateService, FargateServiceProps } from "../../src/compute/fargate-service";
import { ContainerDefinition } from "../../src/core/container-definition";
import { ResolvedService } from "../../src/config/environment";
import { resourceOf, resources, startingWith, TfJson } from "../support/synth";
import { decodeJson } from "../support/json-document";
import { synthJson } from "../support/test-stack";
import { DNS_SUFFIX } from "../support/partition";
import { fakeKmsKeyArn } from "../support/fake-arns";
import { addService, COLLECTOR_IMAGE, FakeDatabase, KMS_KEY_ARN, OTLP_ENDPOINT, refOf, resolvedService, ServiceWorld, world } from "./fixtures";

type Rule = Record<string, unknown>;

describe("FargateService", () => {
  /** orders (database: true) and catalog (database: false, allowFrom orders), as the defaults ship. */
  const build = (
    opts: { orders?: Partial<ResolvedService>; props?: Partial<FargateServiceProps>; exec?: boolean; spot?: boolean; grafanaKey?: string } = {},
  ) => {
    const w: ServiceWorld = world({ enableExecuteCommand: opts.exec ?? false, preferSpot: opts.spot ?? false }, opts.grafanaKey);
    const orders = addService(w, resolvedService(opts.orders), opts.props);
    const catalog = addService(w, resolvedService({ name: "catalog", database: false, allowFrom: ["orders"], environment: {} }), opts.props);
    catalog.allowFrom(orders, "orders calls catalog");
    return { w, orders, catalog, json: synthJson(w.stack) };
  };
  const containers = (json: TfJson, svc: FargateService): ContainerDefinition[] => decodeJson(resourceOf(json, svc.taskDefinition).container_definitions);
  const app = (json: TfJson, svc: FargateService) => containers(json, svc).find((c) => c.name === "app")!;
  const rulesOn = (json: TfJson, kind: "ingress" | "egress", sgRef: string): Rule[] =>
    Object.values(resources(json, `aws_vpc_security_group_${kind}_rule`)).filter((r) => r.security_group_id === sgRef);
  const policiesOf = (json: TfJson, roleRef: string) =>
    Object.values(resources(json, "aws_iam_role_policy"))
      .filter((p) => p.role === roleRef)
      .map((p) => ({ name: p.name as string, statements: decodeJson(p.policy).Statement as Rule[] }));

  describe("security group", () => {
    it("has a description, lives in the VPC and declares no inline rules", () => {
      // GIVEN / WHEN orders and catalog
      const { orders, json } = build();
      const sg = resourceOf(json, orders.securityGroup);
      // THEN orders' group is prefixed, described, in the VPC, with no inline rules
      expect(sg).toMatchObject({
        name_prefix: "platform-prod-orders-",
        lifecycle: { create_before_destroy: true },
        vpc_id: "${aws_vpc.fake-vpc.id}",
        description: expect.stringMatching(/orders/),
      });
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    });

    it("allows egress 443 to anywhere, described, and nothing else beyond the explicit grants", () => {
      // GIVEN / WHEN orders (database, calls catalog)
      const { orders, catalog, w, json } = build();
      const egress = rulesOn(json, "egress", refOf(orders.securityGroup, "id"));
      // 443 out, 5432 to the database group, 8080 to catalog's group: nothing else.
      // THEN its egress is exactly HTTPS, the database and catalog
      expect(egress.map((r) => [r.from_port, r.to_port, r.cidr_ipv4 ?? r.referenced_security_group_id]).sort()).toEqual(
        [
          [443, 443, "0.0.0.0/0"],
          [5432, 5432, refOf(w.database.securityGroup, "id")],
          [8080, 8080, refOf(catalog.securityGroup, "id")],
        ].sort(),
      );
      const https = egress.find((r) => r.from_port === 443)!;
      expect(https).toMatchObject({ ip_protocol: "tcp", description: expect.stringMatching(/HTTPS/) });
      // AND every egress rule says why it exists
      expect(egress.filter((r) => typeof r.description !== "string" || (r.description as string).length === 0)).toEqual([]);
    });

    it("has no ingress until allowFrom admits a caller", () => {
      // GIVEN / WHEN orders, which nobody admits
      const { orders, json } = build();
      // THEN its group has no ingress rule
      expect(rulesOn(json, "ingress", refOf(orders.securityGroup, "id"))).toEqual([]);
    });

    it("allowFrom opens the callee's port from the caller's group, with the caller's matching egress", () => {
      // GIVEN / WHEN catalog admits orders
      const { orders, catalog, json } = build();
      // THEN catalog's ingress and orders' egress match on 8080, by group reference
      expect(rulesOn(json, "ingress", refOf(catalog.securityGroup, "id"))).toEqual([
        {
          security_group_id: refOf(catalog.securityGroup, "id"),
          referenced_security_group_id: refOf(orders.securityGroup, "id"),
          ip_protocol: "tcp",
          from_port: 8080,
          to_port: 8080,
          description: "orders calls catalog",
        },
      ]);
      expect(rulesOn(json, "egress", refOf(orders.securityGroup, "id"))).toContainEqual({
        security_group_id: refOf(orders.securityGroup, "id"),
        referenced_security_group_id: refOf(catalog.securityGroup, "id"),
        ip_protocol: "tcp",
        from_port: 8080,
        to_port: 8080,
        description: "orders calls catalog",
      });
    });

    it("admits only database services to the database, on its port", () => {
      // GIVEN / WHEN orders (database) and catalog (no database)
      const { orders, w, json } = build();
      const dbIngress = rulesOn(json, "ingress", refOf(w.database.securityGroup, "id"));
      // THEN the database admits orders alone, on 5432
      expect(dbIngress).toHaveLength(1);
      expect(dbIngress[0]).toMatchObject({
        referenced_security_group_id: refOf(orders.securityGroup, "id"),
        from_port: 5432,
        to_port: 5432,
        description: "orders to the database",
      });
    });
  });

  describe("log group", () => {
    it("is /ecs/<project>-<env>/<service>, KMS-encrypted with the env's retention", () => {
      // GIVEN / WHEN orders in prod
      const { orders, json } = build();
      // THEN its log group has the name, retention and key, nothing else
      expect(resourceOf(json, orders.logGroup.logGroup)).toEqual({
        name: "/ecs/platform-prod/orders",
        retention_in_days: 365,
        kms_key_id: KMS_KEY_ARN,
      });
    });
  });

  describe("roles", () => {
    it("execution role: pulls from its repository, writes its log group, reads exactly its injected secrets", () => {
      // GIVEN / WHEN orders (database + observability)
      const { orders, w, json } = build();
      const policies = policiesOf(json, refOf(orders.executionRole.role, "name"));
      const all = policies.flatMap((p) => p.statements);
      // THEN the pull grant names its repository's ARN (GetAuthorizationToken is the only "*")
      expect(all.filter((s) => (s.Resource as string[]).includes("*")).map((s) => s.Action)).toEqual([["ecr:GetAuthorizationToken"]]);
      expect(all).toContainEqual(expect.objectContaining({ Resource: expect.arrayContaining([refOf(w.repositories.orders.repository, "arn")]) }));
      // AND log writes go to its log group only
      expect(all.find((s) => (s.Action as string[]).includes("logs:PutLogEvents"))!.Resource).toEqual([`${refOf(orders.logGroup.logGroup, "arn")}:*`]);
      // AND ONE secrets policy with exactly the Grafana secret (and its key, through Secrets
      // Manager): a database service no longer reads the RDS master secret (it logs in with IAM)
      const secrets = policies.filter((p) => p.statements.some((s) => (s.Action as string[]).includes("secretsmanager:GetSecretValue")));
      expect(secrets).toHaveLength(1);
      expect(secrets[0].statements).toEqual([
        {
          Sid: "ReadInjectedSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue"],
          Resource: [refOf(w.credentials.secret, "arn")],
        },
        {
          Sid: "DecryptGrafanaCredentials",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: [KMS_KEY_ARN],
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.eu-west-1.${DNS_SUFFIX}` } },
        },
      ]);
      // AND no database login on the execution role: the agent never connects
      expect(all.flatMap((s) => s.Action as string[])).not.toContain("rds-db:connect");
    });

    it("a service without the database reads only the Grafana secret", () => {
      // GIVEN / WHEN catalog (no database)
      const { catalog, w, json } = build();
      const secrets = policiesOf(json, refOf(catalog.executionRole.role, "name"))
        .flatMap((p) => p.statements)
        .filter((s) => (s.Action as string[]).includes("secretsmanager:GetSecretValue"));
      // THEN its execution role reads the Grafana secret only
      expect(secrets.map((s) => s.Resource)).toEqual([[refOf(w.credentials.secret, "arn")]]);
    });

    it("adds kms:Decrypt on the Grafana secret's key, via Secrets Manager only, to the same policy", () => {
      // GIVEN / WHEN Grafana credentials encrypted with their own key
      const key = fakeKmsKeyArn("grafana");
      const { catalog, json } = build({ grafanaKey: key });
      const statements = policiesOf(json, refOf(catalog.executionRole.role, "name")).find((p) => p.name === "read-injected-secrets")!.statements;
      // THEN the secrets policy decrypts with that key, via Secrets Manager only
      expect(statements).toHaveLength(2);
      expect(statements[1]).toMatchObject({
        Action: ["kms:Decrypt"],
        Resource: [key],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.eu-west-1.${DNS_SUFFIX}` } },
      });
    });

    it("task role of a database service: the database grants it a login as the service's own user, and nothing else", () => {
      // GIVEN / WHEN orders (database: true) and catalog (database: false)
      const { orders, catalog, w, json } = build();
      // THEN the database was asked once, for orders' task role (not its execution role), as "orders"
      expect(w.database.grants.map((g) => [g.grantee, g.dbUser])).toEqual([[orders.taskRole, "orders"]]);
      expect(orders.databaseUser).toBe("orders");
      // AND that grant is orders' task role's only policy: rds-db:connect as orders
      expect(policiesOf(json, refOf(orders.taskRole.role, "name"))).toEqual([
        {
          name: "connect-as-orders",
          statements: [{ Sid: "Connect", Effect: "Allow", Action: ["rds-db:connect"], Resource: [FakeDatabase.dbUserArn("orders")] }],
        },
      ]);
      // AND catalog's task role has no policy at all
      expect(policiesOf(json, refOf(catalog.taskRole.role, "name"))).toEqual([]);
      expect(catalog.databaseUser).toBeUndefined();
    });

    it("derives the database user from the service name, '-' becoming '_'", () => {
      // GIVEN / WHEN a database service named order-history
      const w = world();
      const history = addService(w, resolvedService({ name: "order-history" }));
      // THEN it logs in as order_history
      expect(history.databaseUser).toBe("order_history");
      expect(w.database.grants.map((g) => g.dbUser)).toEqual(["order_history"]);
      expect(databaseUserName("a-b-c")).toBe("a_b_c");
    });

    it("task role: the cluster's ECS Exec statements beside the database login when exec is on", () => {
      // GIVEN / WHEN services on an exec cluster
      const { orders, catalog, json } = build({ exec: true });
      const policies = policiesOf(json, refOf(orders.taskRole.role, "name"));
      // THEN orders' task role has exec and its login; catalog's only exec
      expect(policies.map((p) => p.name).sort()).toEqual(["connect-as-orders", "execute-command"]);
      expect(policies.find((p) => p.name === "execute-command")!.statements.map((s) => s.Sid)).toEqual([
        "EcsExecChannels",
        "EcsExecSessionKey",
        "EcsExecFindLogGroup",
        "EcsExecWriteSessionLogs",
      ]);
      expect(policiesOf(json, refOf(catalog.taskRole.role, "name")).map((p) => p.name)).toEqual(["execute-command"]);
    });

    it("trust policies condition on the account taken from the cluster ARN", () => {
      // GIVEN / WHEN orders
      const { orders, w, json } = build();
      const trust = decodeJson(resourceOf(json, orders.executionRole.role).assume_role_policy);
      // THEN its trust policy takes the account from the cluster ARN
      expect(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"]).toBe(
        `\${element(split(":", aws_ecs_cluster.${w.cluster.cluster.friendlyUniqueId}.arn), 4)}`,
      );
    });
  });

  describe("image tag variable", () => {
    it("is image_tag_<service>, a string defaulting to the config tag, validated", () => {
      // GIVEN / WHEN orders tagged 1.4.2 and catalog with the default tag
      const { json } = build({ orders: { imageTag: "1.4.2" } });
      // THEN each service has a validated string variable with that default
      expect(json.variable.image_tag_orders).toMatchObject({
        type: "string",
        default: "1.4.2",
        description: expect.stringContaining("--var image_tag_orders="),
      });
      expect(json.variable.image_tag_orders.validation[0].condition).toContain("can(regex(");
      expect(json.variable.image_tag_catalog.default).toBe("1.0.0");
    });

    it("replaces '-' by '_' in the variable name", () => {
      // GIVEN / WHEN a service named order-history
      const w = world();
      addService(w, resolvedService({ name: "order-history", database: false }));
      // THEN its tag variable uses '_'
      expect(Object.keys(synthJson(w.stack).variable)).toEqual(["image_tag_order_history"]);
      expect(FargateService.imageTagVariableName("a-b-c")).toBe("image_tag_a_b_c");
    });
  });

  describe("task definition", () => {
    it("is an awsvpc Fargate task with cpu/memory strings, Linux x86_64, two different roles and a tmp volume", () => {
      // GIVEN / WHEN the orders service
      const { orders, w } = build();
      // THEN its task definition (told apart by family) has the Fargate shape and its own two roles
      expect(Testing.synth(w.stack)).toHaveResourceWithProperties(EcsTaskDefinition, {
        family: "platform-prod-orders",
        network_mode: "awsvpc",
        requires_compatibilities: ["FARGATE"],
        cpu: "256",
        memory: "512",
        runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "X86_64" },
        execution_role_arn: refOf(orders.executionRole.role, "arn"),
        task_role_arn: refOf(orders.taskRole.role, "arn"),
        volume: [{ name: "tmp" }],
        skip_destroy: true,
      });
      expect(refOf(orders.executionRole.role, "arn")).not.toBe(refOf(orders.taskRole.role, "arn"));
    });

    it("synthesizes container_definitions as jsonencode of the containers (survives the HCL synth)", () => {
      // GIVEN / WHEN orders
      const { orders, json } = build();
      const text = resourceOf(json, orders.taskDefinition).container_definitions as string;
      // THEN its container definitions are one jsonencode of app and collector
      expect(text).toEqual(startingWith("${jsonencode([{"));
      expect(containers(json, orders).map((c) => c.name)).toEqual(["app", "otel-collector"]);
    });

    it("app container: image from its repository and the tag variable, port, health check, read-only root with /tmp", () => {
      // GIVEN / WHEN orders
      const { orders, w, json } = build();
      // THEN its app container has the image by reference, port, health check and /tmp
      expect(app(json, orders)).toMatchObject({
        essential: true,
        image: `${refOf(w.repositories.orders.repository, "repository_url")}:\${var.image_tag_orders}`,
        portMappings: [{ containerPort: 8080, protocol: "tcp", name: "http" }],
        healthCheck: { command: ["CMD-SHELL", "curl -fsS 'http://localhost:8080/health' || exit 1"], interval: 30, timeout: 5, retries: 3, startPeriod: 30 },
        readonlyRootFilesystem: true,
        privileged: false,
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        dependsOn: [{ containerName: "otel-collector", condition: "START" }],
      });
    });

    it("trades the app's read-only root for ECS Exec only when exec is on (the SSM agent needs to write)", () => {
      // GIVEN exec on WHEN synthesized THEN the app root is writable, the collector's stays read-only
      const withExec = build({ exec: true });
      expect(app(withExec.json, withExec.orders).readonlyRootFilesystem).toBe(false);
      expect(containers(withExec.json, withExec.orders).find((c) => c.name === "otel-collector")!.readonlyRootFilesystem).toBe(true);
      // AND without exec it is read-only
      const without = build({ exec: false });
      expect(app(without.json, without.orders).readonlyRootFilesystem).toBe(true);
    });

    it("every container is read-only, unprivileged and logs with awslogs to the service's group", () => {
      // GIVEN / WHEN orders (app and collector)
      const { orders, json } = build();
      // THEN each container is locked down and logs to the service's group
      for (const c of containers(json, orders)) {
        expect(c.readonlyRootFilesystem).toBe(true);
        expect(c.privileged).toBe(false);
        expect(c.logConfiguration).toEqual({
          logDriver: "awslogs",
          options: {
            "awslogs-group": refOf(orders.logGroup.logGroup, "name"),
            "awslogs-region": "eu-west-1",
            "awslogs-stream-prefix": "orders",
            mode: "non-blocking",
            "max-buffer-size": "25m",
          },
        });
      }
    });

    it("app environment: config values, OTel settings, and where and as whom to connect with IAM auth over verified TLS", () => {
      // GIVEN / WHEN orders (database and observability)
      const { orders, w, json } = build();
      const a = app(json, orders);
      // THEN its app environment holds config, OTel and IAM-auth database settings
      expect(Object.fromEntries(a.environment!.map((e) => [e.name, e.value]))).toEqual({
        LOG_LEVEL: "info",
        OTEL_SERVICE_NAME: "orders",
        OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod",
        // The collector's exact bind address: "localhost" may resolve to ::1 first.
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
        DB_HOST: w.database.address,
        DB_PORT: "5432",
        DB_NAME: "app",
        DB_USER: "orders",
        DB_REGION: "eu-west-1",
        DB_IAM_AUTH: "true",
        PGSSLMODE: "verify-full",
      });
      expect(a.environment!.map((e) => e.name).filter((n) => (DATABASE_ENV_VARS as readonly string[]).includes(n))).toEqual([...DATABASE_ENV_VARS]);
      // No password anywhere: nothing for ECS to inject once and RDS to rotate away
      expect(a.secrets).toBeUndefined();
      expect(a.environment!.map((e) => e.name)).not.toContain("DB_PASSWORD");
    });

    it("no container carries a credential or a secret reference in environment", () => {
      // GIVEN / WHEN orders
      const { orders, json } = build();
      // THEN no environment entry names or references a credential
      for (const c of containers(json, orders)) {
        for (const e of c.environment ?? []) {
          expect(e.name).not.toMatch(/PASSWORD|SECRET|TOKEN|API_KEY/);
          expect(e.value).not.toMatch(/aws_secretsmanager_secret|:password::|:username::|apiToken::/);
        }
      }
    });

    it("a service without the database gets no DB settings and no secrets on the app", () => {
      // GIVEN / WHEN catalog (no database)
      const { catalog, json } = build();
      const a = app(json, catalog);
      // THEN its app has no DB_ variable and no secrets
      expect(a.secrets).toBeUndefined();
      expect(a.environment!.map((e) => e.name).filter((n) => n.startsWith("DB_"))).toEqual([]);
    });

    it("adds the collector sidecar with its YAML config and Grafana secrets", () => {
      // GIVEN / WHEN orders with observability
      const { orders, w, json } = build();
      const c = containers(json, orders).find((x) => x.name === "otel-collector")!;
      // THEN the collector runs with its YAML config and the two Grafana secrets
      expect(c).toMatchObject({ image: COLLECTOR_IMAGE, essential: true, command: ["--config=env:OTEL_CONFIG"] });
      expect(c.secrets).toEqual([
        { name: "GRAFANA_INSTANCE_ID", valueFrom: `${refOf(w.credentials.secret, "arn")}:instanceId::` },
        { name: "GRAFANA_API_TOKEN", valueFrom: `${refOf(w.credentials.secret, "arn")}:apiToken::` },
      ]);
      const yaml = c.environment![0].value;
      expect(yaml).toContain(`endpoint: "${OTLP_ENDPOINT}"`);
      expect(yaml).toContain('endpoint: "127.0.0.1:4318"');
      expect(yaml).toContain('value: "prod"');
      expect(yaml).toContain('password: "$${env:GRAFANA_API_TOKEN}"');
    });

    it("without observability: no collector, SDK disabled, no Grafana secret anywhere", () => {
      // GIVEN / WHEN catalog with observability off
      const off = { observability: { enabled: false, otlpEndpoint: OTLP_ENDPOINT, collectorImage: COLLECTOR_IMAGE } };
      const { catalog, json } = build({ props: off });
      // THEN only the app runs, with the SDK off and no Grafana secret
      expect(containers(json, catalog).map((c) => c.name)).toEqual(["app"]);
      const a = app(json, catalog);
      expect(a.dependsOn).toBeUndefined();
      expect(a.environment).toContainEqual({ name: "OTEL_SDK_DISABLED", value: "true" });
      expect(a.environment!.map((e) => e.name)).not.toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
      expect(policiesOf(json, refOf(catalog.executionRole.role, "name")).map((p) => p.name)).not.toContain("read-injected-secrets");
      expect(catalog.collector).toBeUndefined();
    });

    it("escapes Terraform template sequences in config environment values", () => {
      // GIVEN / WHEN an environment value with ${ and %{
      const { orders, json } = build({ orders: { environment: { GREETING: "hi ${name} %{x}" } } });
      // THEN both openers are escaped for Terraform
      expect(app(json, orders).environment).toContainEqual({ name: "GREETING", value: "hi $${name} %%{x}" });
    });

    it("carries quotes, backslashes, ${ and newlines of config environment values into the task definition", () => {
      // GIVEN / WHEN a value that a JSON string or an unescaped jsonencode would mangle
      const value = 'say "hi" C:\\dir ${NOT_A_REF}\nnext line';
      const { orders, json } = build({ orders: { environment: { TRICKY: value } } });
      // THEN the task definition holds it as Terraform text: only the template opener escaped
      // (what Terraform then makes of that text is proven by the jsonDocument apply test)
      expect(app(json, orders).environment).toContainEqual({ name: "TRICKY", value: 'say "hi" C:\\dir $${NOT_A_REF}\nnext line' });
    });
  });

  describe("ECS service", () => {
    it("runs the task definition in the cluster, private subnets, its group, no public IP", () => {
      // GIVEN / WHEN the orders service
      const { orders, w } = build();
      // THEN its ECS service (told apart by name) runs its task privately, in its own group
      expect(Testing.synth(w.stack)).toHaveResourceWithProperties(EcsService, {
        name: "orders",
        cluster: refOf(w.cluster.cluster, "arn"),
        task_definition: refOf(orders.taskDefinition, "arn"),
        desired_count: 2,
        platform_version: "LATEST",
        network_configuration: {
          subnets: ["${aws_subnet.fake-private-0.id}", "${aws_subnet.fake-private-1.id}"],
          security_groups: [refOf(orders.securityGroup, "id")],
          assign_public_ip: false,
        },
      });
    });

    it("registers in its discovery service with the app container's name and port", () => {
      // GIVEN / WHEN the orders service
      const { orders, w } = build();
      const synthesized = Testing.synth(w.stack);
      // THEN its ECS service registers the app container in its own discovery service
      expect(synthesized).toHaveResourceWithProperties(EcsService, {
        name: "orders",
        service_registries: { registry_arn: refOf(orders.discoveryService!.service, "arn"), container_name: "app", container_port: 8080 },
      });
      // AND that discovery service is "orders" in the namespace, with SRV records
      const d = resourceOf(JSON.parse(synthesized), orders.discoveryService!.service);
      expect(d.name).toBe("orders");
      expect(synthesized).toHaveResourceWithProperties(ServiceDiscoveryService, {
        name: "orders",
        dns_config: expect.objectContaining({ namespace_id: refOf(w.namespace.namespace, "id"), dns_records: [{ type: "SRV", ttl: 10 }] }),
      });
    });

    it("deploys safely: circuit breaker with rollback, 100 %/200 %, no wait, desired count left to autoscaling", () => {
      // GIVEN / WHEN the orders service
      const { w } = build();
      // THEN its deployment settings are the safe ones
      expect(Testing.synth(w.stack)).toHaveResourceWithProperties(EcsService, {
        name: "orders",
        deployment_circuit_breaker: { enable: true, rollback: true },
        force_new_deployment: true,
        deployment_minimum_healthy_percent: 100,
        deployment_maximum_percent: 200,
        wait_for_steady_state: false,
        lifecycle: { ignore_changes: ["desired_count"] },
        propagate_tags: "SERVICE",
        enable_ecs_managed_tags: true,
        enable_execute_command: false,
      });
    });

    it("uses the on-demand capacity strategy without launch_type, after the cluster's providers exist", () => {
      // GIVEN / WHEN orders on a cluster without Spot
      const { orders, w, json } = build();
      const s = resourceOf(json, orders.ecsService);
      // THEN FARGATE only, no launch_type, after the capacity providers
      expect(s.capacity_provider_strategy).toEqual([{ capacity_provider: "FARGATE", weight: 1 }]);
      expect(s.launch_type).toBeUndefined();
      expect(s.depends_on).toContain(`aws_ecs_cluster_capacity_providers.${w.cluster.capacityProviders.friendlyUniqueId}`);
    });

    it("launches tasks only after every inline policy of its roles exists (pull, logs, secrets, exec)", () => {
      // GIVEN / WHEN a service with a database, the collector and ECS Exec, next to another service
      const { orders, catalog, json } = build({ exec: true });
      const s = resourceOf(json, orders.ecsService);
      // THEN its service waits for each policy on its execution and task roles…
      const policies = resources(json, "aws_iam_role_policy");
      const own = [refOf(orders.executionRole.role, "name"), refOf(orders.taskRole.role, "name")];
      const expected = Object.entries(policies)
        .filter(([, p]) => own.includes(p.role))
        .map(([id]) => `aws_iam_role_policy.${id}`);
      // pull + logs + secrets on the execution role, exec + database login on the task role
      expect(expected).toHaveLength(5);
      expect(s.depends_on).toEqual(expect.arrayContaining(expected));
      // …and on no other service's
      const others = Object.entries(policies)
        .filter(([, p]) => [refOf(catalog.executionRole.role, "name"), refOf(catalog.taskRole.role, "name")].includes(p.role))
        .map(([id]) => `aws_iam_role_policy.${id}`);
      expect(others.length).toBeGreaterThan(0);
      expect(s.depends_on.filter((d: string) => others.includes(d))).toEqual([]);
    });

    it("prefers Spot (with an on-demand base) when the cluster does", () => {
      // GIVEN / WHEN a Spot-preferring cluster
      const { orders, json } = build({ spot: true });
      // THEN the service keeps one on-demand task and weights Spot 4:1
      expect(resourceOf(json, orders.ecsService).capacity_provider_strategy).toEqual([
        { capacity_provider: "FARGATE", base: 1, weight: 1 },
        { capacity_provider: "FARGATE_SPOT", weight: 4 },
      ]);
    });

    it("enables exec when the cluster allows it", () => {
      // GIVEN / WHEN an exec cluster
      const { w } = build({ exec: true });
      // THEN the service enables exec
      expect(Testing.synth(w.stack)).toHaveResourceWithProperties(EcsService, { name: "orders", enable_execute_command: true });
    });

    it("can turn exec off for one service on an exec cluster", () => {
      // GIVEN / WHEN orders opts out of exec on an exec cluster
      const { orders, json } = build({ exec: true, props: { enableExecuteCommand: false } });
      // THEN it has no exec and no exec policy
      expect(resourceOf(json, orders.ecsService).enable_execute_command).toBe(false);
      expect(policiesOf(json, refOf(orders.taskRole.role, "name")).map((p) => p.name)).toEqual(["connect-as-orders"]);
    });
  });

  describe("autoscaling", () => {
    it("scales the service between the service's min and max on CPU and memory targets", () => {
      // GIVEN / WHEN orders scaling 3–7
      const { orders, w, json } = build({ orders: { minCapacity: 3, maxCapacity: 7 } });
      // THEN its scalable target (told apart by resource id) has those bounds
      expect(Testing.synth(w.stack)).toHaveResourceWithProperties(AppautoscalingTarget, {
        resource_id: `service/${refOf(w.cluster.cluster, "name")}/${refOf(orders.ecsService, "name")}`,
        min_capacity: 3,
        max_capacity: 7,
      });
      expect(resourceOf(json, orders.autoscaling.cpuPolicy).target_tracking_scaling_policy_configuration.target_value).toBe(60);
      expect(resourceOf(json, orders.autoscaling.memoryPolicy).target_tracking_scaling_policy_configuration.target_value).toBe(75);
    });
  });

  describe("attributes", () => {
    it("exposes ServiceRef and the resources by reference", () => {
      // GIVEN outputs of the attributes
      const { w, orders } = build();
      const out = (id: string, value: string) => new TerraformOutput(w.stack, id, { value });
      out("sg", orders.securityGroupId);
      out("svc", orders.serviceName);
      out("td", orders.taskDefinitionArn);
      out("exec", orders.executionRole.roleArn);
      out("task", orders.taskRole.roleArn);
      out("logs", orders.logGroup.logGroupName);
      out("discovery", orders.discoveryService!.serviceArn);
      // WHEN synthesized
      const o = synthJson(w.stack).output;
      // THEN
      expect(orders.name).toBe("orders");
      expect(orders.port).toBe(8080);
      expect(o.sg.value).toBe(refOf(orders.securityGroup, "id"));
      expect(o.svc.value).toBe(refOf(orders.ecsService, "name"));
      expect(o.td.value).toBe(refOf(orders.taskDefinition, "arn"));
      expect(o.exec.value).toBe(refOf(orders.executionRole.role, "arn"));
      expect(o.task.value).toBe(refOf(orders.taskRole.role, "arn"));
      expect(o.logs.value).toBe(refOf(orders.logGroup.logGroup, "name"));
      expect(o.discovery.value).toBe(refOf(orders.discoveryService!.service, "arn"));
      expect(orders.discoveryService!.serviceName).toBe("orders");
    });
  });

  describe("validation", () => {
    const single = (svc: Partial<ResolvedService>, props: Partial<FargateServiceProps> = {}, exec = false) => {
      const w = world({ enableExecuteCommand: exec });
      return () => addService(w, resolvedService(svc), props);
    };

    it("rejects min > max capacity before creating anything", () => {
      // GIVEN min > max capacity, WHEN built, THEN it throws before creating anything
      expect(single({ minCapacity: 5, maxCapacity: 2 })).toThrow(/orders: minCapacity \(5\) must be ≤ maxCapacity \(2\)/);
    });
    it("rejects an autoscaling target outside 10–95", () => {
      // GIVEN an autoscaling target outside 10–95, WHEN built, THEN it throws
      expect(single({}, { autoscaling: { cpuTargetPercent: 100, memoryTargetPercent: 75 } })).toThrow(
        /autoscaling.cpuTargetPercent must be 10–95 \(percent\), got 100/,
      );
    });
    it("rejects a cpu/memory pair Fargate does not offer", () => {
      // GIVEN a cpu/memory pair Fargate does not offer, WHEN built, THEN it throws
      expect(single({ cpu: 256, memory: 4096 })).toThrow(/orders: memory is not valid with cpu 256: allowed 512–2048 MiB in steps of 512, got 4096/);
    });
    it.each([...DATABASE_ENV_VARS])("rejects the environment key %s, which the platform sets on database services", (key) => {
      // GIVEN the environment key, which the platform sets on database services (each case), WHEN built, THEN it throws
      expect(single({ environment: { [key]: "x" } })).toThrow(new RegExp(`orders: environment key "${key}" is set by the platform`));
    });
    it("leaves the database variables to services without the database", () => {
      // GIVEN a service without the database setting PGSSLMODE, WHEN added, THEN it is accepted
      const w = world();
      expect(() => addService(w, resolvedService({ database: false, environment: { PGSSLMODE: "require" } }))).not.toThrow();
    });
    it("names the service when the database refuses its user (a reserved name)", () => {
      // GIVEN a database that refuses every user WHEN pg-stats is added
      const w = world();
      w.database.grantConnect = () => {
        throw new Error("reserved");
      };
      // THEN it fails naming the service and its user
      expect(() => addService(w, resolvedService({ name: "pg-stats" }))).toThrow(
        /test\/pg-stats: pg-stats logs in to the database as "pg_stats", which the database refuses: is reserved/,
      );
    });
    it("rejects a credential-looking environment key", () => {
      // GIVEN a credential-looking environment key, WHEN built, THEN it throws
      expect(single({ environment: { STRIPE_API_KEY: "x" } })).toThrow(/orders: environment key "STRIPE_API_KEY" looks like a credential/);
    });
    it("rejects an invalid environment variable name", () => {
      // GIVEN an invalid environment variable name, WHEN built, THEN it throws
      expect(single({ environment: { "1BAD": "x" } })).toThrow(/orders: environment key "1BAD" is not a valid variable name/);
    });
    it("rejects a health check path with shell characters", () => {
      // GIVEN a health check path with shell characters, WHEN built, THEN it throws
      expect(single({ healthCheckPath: "/health'; rm -rf /" })).toThrow(/orders: healthCheckPath must be a URL path .* got "\/health'; rm -rf \/"/);
    });
    it("rejects an invalid image tag", () => {
      // GIVEN an invalid image tag, WHEN built, THEN it throws
      expect(single({ imageTag: "-bad tag" })).toThrow(/orders: imageTag must be a Docker tag: .* got "-bad tag"/);
    });
    it("rejects exec on a cluster without exec", () => {
      // GIVEN exec on a cluster without exec, WHEN built, THEN it throws
      expect(single({}, { enableExecuteCommand: true })).toThrow(/enableExecuteCommand needs ECS Exec enabled on cluster test\/cluster/);
    });
    it("rejects observability without credentials", () => {
      // GIVEN observability without credentials, WHEN built, THEN it throws
      expect(single({}, { observability: { enabled: true, otlpEndpoint: OTLP_ENDPOINT, collectorImage: COLLECTOR_IMAGE } })).toThrow(
        /observability.credentials is required when observability.enabled/,
      );
    });
    it("rejects the collector's ports for the app when observability is on", () => {
      // GIVEN the collector's ports for the app when observability is on, WHEN built, THEN it throws
      expect(single({ port: 4318 })).toThrow(/orders: port is taken by the OpenTelemetry collector sidecar .* got 4318/);
    });
    it("rejects a log retention CloudWatch does not accept", () => {
      // GIVEN a log retention CloudWatch does not accept, WHEN built, THEN it throws
      expect(single({}, { logRetentionDays: 45 as LogRetentionDays })).toThrow(
        /test\/orders: logRetentionDays must be one of the CloudWatch Logs retention values: .*, got 45/,
      );
    });
    it("rejects a service name that is not a DNS label", () => {
      // GIVEN a service name that is not a DNS label, WHEN built, THEN it throws
      expect(single({ name: "Orders" })).toThrow(/name must be a lowercase DNS label .* got "Orders"/);
    });
    it("rejects a service name that would make an IAM role name too long", () => {
      // GIVEN a service name that would make an IAM role name too long, WHEN built, THEN it throws
      expect(single({ name: "a-very-long-service-name-that-goes-on-and-on-and-on" })).toThrow(
        /makes the IAM role name "platform-prod-a-very-long-.*-exec" 70 characters; IAM allows 64/,
      );
    });
    it("rejects a port outside 1–65535", () => {
      // GIVEN a port outside 1–65535, WHEN built, THEN it throws
      expect(single({ port: 70000 })).toThrow(/orders: port must be 1–65535, got 70000/);
    });
    it("rejects a negative desired count", () => {
      // GIVEN a negative desired count, WHEN built, THEN it throws
      expect(single({ desiredCount: -1 })).toThrow(/orders: desiredCount must be an integer ≥ 0, got -1/);
    });
  });
});

import { checkStacks } from "../../src/checks/engine";
import { ALL_RULES } from "../../src/checks/rules";
import { Finding } from "../../src/checks/types";
import { TfJson } from "../support/synth";
import { compliantStack, editJson, nonOwnerStack, ref, res } from "./fixtures";

/** One non-compliant fixture: the compliant stack with one thing broken. */
interface BadCase {
  readonly rule: string;
  /** What is broken (test title). */
  readonly what: string;
  readonly mutate: (json: TfJson) => void;
  /** Where the finding must point. */
  readonly address: string;
  /** Stack name (its environment decides applicability). @default "prod" */
  readonly stack?: string;
}

const ensure = (json: TfJson, type: string): TfJson => (json.resource[type] ??= {});

const findingsOf = (stacks: Record<string, TfJson>, rule?: string): Finding[] =>
  checkStacks(stacks).findings.filter((f) => rule === undefined || f.rule === rule);

const db = (j: TfJson) => res(j, "aws_db_instance", "db");
const policyDoc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const container = (j: TfJson, edit: (c: TfJson) => void) =>
  editJson(res(j, "aws_ecs_task_definition", "orders"), "container_definitions", (list) => edit(list[0]));
const efsVolume = (j: TfJson) => res(j, "aws_ecs_task_definition", "orders").volume[0].efs_volume_configuration;
/** Adds a grant to the orders execution role's secret policy. */
const grantSecret = (j: TfJson, statement: object) =>
  editJson(res(j, "aws_iam_role_policy", "execution_secret"), "policy", (p) => p.Statement.push({ Effect: "Allow", ...statement }));

/** Adds what a pipeline account holds (ci.github): GitHub's OIDC provider, the two boundaries, a bounded deploy role with PowerUserAccess, the state role. */
const addPipelineRoles = (j: TfJson) => {
  ensure(j, "aws_iam_openid_connect_provider").github = { url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] };
  const policies = ensure(j, "aws_iam_policy");
  policies.workload_boundary = {
    name: "acme-workload-boundary",
    policy: policyDoc([
      { Effect: "Allow", Action: "*", Resource: "*" },
      { Effect: "Deny", Action: ["iam:Create*", "iam:Put*"], Resource: "*" },
    ]),
  };
  policies.deploy_boundary = {
    name: "acme-deploy-boundary",
    policy: policyDoc([
      { Effect: "Allow", Action: "*", Resource: "*" },
      {
        Effect: "Deny",
        Action: ["iam:CreateRole", "iam:PutRolePolicy"],
        Resource: "*",
        Condition: { StringNotEquals: { "iam:PermissionsBoundary": ref("aws_iam_policy.workload_boundary", "arn") } },
      },
    ]),
  };
  const roles = ensure(j, "aws_iam_role");
  roles.deploy = {
    name: "acme-prod-deploy",
    permissions_boundary: ref("aws_iam_policy.deploy_boundary", "arn"),
    assume_role_policy: policyDoc([
      {
        Effect: "Allow",
        Principal: { Federated: ref("aws_iam_openid_connect_provider.github", "arn") },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:acme/platform:environment:prod",
          },
        },
      },
    ]),
  };
  roles.state = {
    name: "acme-state",
    assume_role_policy: policyDoc([
      {
        Effect: "Allow",
        Principal: { AWS: ["arn:${data.aws_partition.p.partition}:iam::111111111111:root", "arn:aws:iam::222222222222:root"] },
        Action: "sts:AssumeRole",
      },
    ]),
  };
  ensure(j, "aws_iam_role_policy_attachment").deploy_power_user = {
    role: ref("aws_iam_role.deploy", "name"),
    policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess",
  };
};
/** The trust policy of the pipeline's deploy role (after {@link addPipelineRoles}). */
const deployTrust = (j: TfJson, edit: (statement: TfJson) => void) =>
  editJson(res(j, "aws_iam_role", "deploy"), "assume_role_policy", (p) => edit(p.Statement[0]));

const alarm = (j: TfJson, name: string) => res(j, "aws_cloudwatch_metric_alarm", name);

const BAD: BadCase[] = [
  // ── alerts
  {
    rule: "ecs-service-task-alarm",
    what: "a service without a running-task-count alarm",
    address: "aws_ecs_service.orders",
    mutate: (j) => delete j.resource.aws_cloudwatch_metric_alarm.orders_tasks,
  },
  {
    rule: "ecs-service-task-alarm",
    what: "a metric-math alarm that watches another service's tasks",
    address: "aws_ecs_service.payments",
    mutate: (j) => (alarm(j, "payments_tasks").metric_query[0].metric.dimensions.ServiceName = ref("aws_ecs_service.orders", "name")),
  },
  {
    rule: "ecs-service-task-alarm",
    what: "an alarm on the service's CPU only",
    address: "aws_ecs_service.orders",
    mutate: (j) => Object.assign(alarm(j, "orders_tasks"), { namespace: "AWS/ECS", metric_name: "CPUUtilization" }),
  },
  {
    rule: "alarm-has-actions",
    what: "an alarm without an alarm action",
    address: "aws_cloudwatch_metric_alarm.orders_tasks",
    mutate: (j) => delete alarm(j, "orders_tasks").alarm_actions,
  },
  {
    rule: "alarm-has-actions",
    what: "an alarm without an OK action",
    address: "aws_cloudwatch_metric_alarm.payments_tasks",
    mutate: (j) => (alarm(j, "payments_tasks").ok_actions = []),
  },
  {
    rule: "alarm-has-actions",
    what: "an alarm with its actions disabled",
    address: "aws_cloudwatch_metric_alarm.orders_tasks",
    mutate: (j) => (alarm(j, "orders_tasks").actions_enabled = false),
  },
  {
    rule: "sns-topic-kms",
    what: "an unencrypted topic",
    address: "aws_sns_topic.alerts",
    mutate: (j) => delete res(j, "aws_sns_topic", "alerts").kms_master_key_id,
  },
  {
    rule: "sns-topic-kms",
    what: "a topic under AWS's managed key",
    address: "aws_sns_topic.alerts",
    mutate: (j) => (res(j, "aws_sns_topic", "alerts").kms_master_key_id = "alias/aws/sns"),
  },
  // ── accounts
  {
    rule: "prod-account-pinned",
    what: "a prod provider without allowed_account_ids",
    address: "provider.aws",
    mutate: (j) => delete j.provider.aws[0].allowed_account_ids,
  },
  {
    rule: "environment-account-pinned",
    what: "a staging provider with an empty allowed_account_ids",
    address: "provider.aws",
    stack: "staging",
    mutate: (j) => (j.provider.aws[0].allowed_account_ids = []),
  },
  // ── network
  { rule: "vpc-flow-logs", what: "no flow log", address: "aws_vpc.vpc", mutate: (j) => delete j.resource.aws_flow_log },
  { rule: "vpc-flow-logs", what: "a REJECT-only flow log", address: "aws_vpc.vpc", mutate: (j) => (res(j, "aws_flow_log", "flow").traffic_type = "REJECT") },
  { rule: "vpc-default-sg-closed", what: "no default security group", address: "aws_vpc.vpc", mutate: (j) => delete j.resource.aws_default_security_group },
  {
    rule: "vpc-default-sg-closed",
    what: "a default group with ingress",
    address: "aws_default_security_group.default",
    mutate: (j) => (res(j, "aws_default_security_group", "default").ingress = [{ protocol: "-1", from_port: 0, to_port: 0, self: true }]),
  },
  {
    rule: "subnet-no-auto-public-ip",
    what: "a public-IP subnet",
    address: "aws_subnet.public_a",
    mutate: (j) => (res(j, "aws_subnet", "public_a").map_public_ip_on_launch = true),
  },
  {
    rule: "route-default-target",
    what: "a default route to a network interface",
    address: "aws_route.private_a_default",
    mutate: (j) => {
      const r = res(j, "aws_route", "private_a_default");
      delete r.nat_gateway_id;
      r.network_interface_id = "eni-0123456789abcdef0";
    },
  },
  {
    rule: "route-default-target",
    what: "an inline default route to an instance",
    address: "aws_route_table.db",
    mutate: (j) => (res(j, "aws_route_table", "db").route = [{ cidr_block: "0.0.0.0/0", network_interface_id: "eni-0123456789abcdef0" }]),
  },
  { rule: "no-default-vpc", what: "a managed default VPC", address: "aws_default_vpc.default", mutate: (j) => (ensure(j, "aws_default_vpc").default = {}) },
  { rule: "vpc-ecr-endpoints", what: "no ecr.dkr endpoint", address: "aws_vpc.vpc", mutate: (j) => delete j.resource.aws_vpc_endpoint.ecr_dkr },
  { rule: "vpc-ecr-endpoints", what: "no S3 gateway endpoint", address: "aws_vpc.vpc", mutate: (j) => delete j.resource.aws_vpc_endpoint.s3 },
  {
    rule: "interface-endpoint-config",
    what: "private DNS off",
    address: "aws_vpc_endpoint.ecr_api",
    mutate: (j) => (res(j, "aws_vpc_endpoint", "ecr_api").private_dns_enabled = false),
  },
  {
    rule: "interface-endpoint-config",
    what: "no security group",
    address: "aws_vpc_endpoint.ecr_dkr",
    mutate: (j) => delete res(j, "aws_vpc_endpoint", "ecr_dkr").security_group_ids,
  },
  {
    rule: "vpc-endpoint-policy",
    what: "no policy (the full-access default)",
    address: "aws_vpc_endpoint.ecr_api",
    mutate: (j) => delete res(j, "aws_vpc_endpoint", "ecr_api").policy,
  },
  {
    rule: "vpc-endpoint-policy",
    what: "a policy that admits every account",
    address: "aws_vpc_endpoint.ecr_dkr",
    mutate: (j) => editJson(res(j, "aws_vpc_endpoint", "ecr_dkr"), "policy", (p) => delete p.Statement[0].Condition),
  },
  {
    rule: "vpc-endpoint-policy",
    what: "an account condition with a wildcard value",
    address: "aws_vpc_endpoint.ecr_api",
    mutate: (j) =>
      editJson(res(j, "aws_vpc_endpoint", "ecr_api"), "policy", (p) => (p.Statement[0].Condition = { StringLike: { "aws:PrincipalAccount": "*" } })),
  },
  {
    rule: "vpc-endpoint-policy",
    what: "the layer-bucket exception stretched to writes",
    address: "aws_vpc_endpoint.s3",
    mutate: (j) => editJson(res(j, "aws_vpc_endpoint", "s3"), "policy", (p) => (p.Statement[0].Action = ["s3:GetObject", "s3:PutObject"])),
  },
  {
    rule: "vpc-endpoint-policy",
    what: "STS federation open to any account's roles",
    address: "aws_vpc_endpoint.ecr_api",
    mutate: (j) =>
      editJson(res(j, "aws_vpc_endpoint", "ecr_api"), "policy", (p) =>
        p.Statement.push({
          Sid: "Federation",
          Effect: "Allow",
          Principal: "*",
          Action: ["sts:AssumeRoleWithWebIdentity"],
          Resource: ["arn:aws:iam::*:role/*"],
        }),
      ),
  },
  {
    rule: "vpc-endpoint-policy",
    what: "a policy that cannot be read offline",
    address: "aws_vpc_endpoint.ecr_api",
    mutate: (j) => (res(j, "aws_vpc_endpoint", "ecr_api").policy = "${local.endpoint_policy}"),
  },
  {
    rule: "sg-descriptions",
    what: "a group without description",
    address: "aws_security_group.db",
    mutate: (j) => delete res(j, "aws_security_group", "db").description,
  },
  {
    rule: "sg-descriptions",
    what: "a rule without description",
    address: "aws_vpc_security_group_ingress_rule.db_from_orders",
    mutate: (j) => delete res(j, "aws_vpc_security_group_ingress_rule", "db_from_orders").description,
  },
  {
    rule: "sg-no-public-ingress",
    what: "ingress from 0.0.0.0/0",
    address: "aws_vpc_security_group_ingress_rule.endpoints_https",
    mutate: (j) => (res(j, "aws_vpc_security_group_ingress_rule", "endpoints_https").cidr_ipv4 = "0.0.0.0/0"),
  },
  {
    rule: "sg-no-public-ingress",
    what: "inline ingress from ::/0",
    address: "aws_security_group.orders",
    mutate: (j) =>
      (res(j, "aws_security_group", "orders").ingress = [{ protocol: "tcp", from_port: 8080, to_port: 8080, ipv6_cidr_blocks: ["::/0"], description: "x" }]),
  },
  {
    rule: "sg-egress-restricted",
    what: "all-protocol egress to the internet",
    address: "aws_vpc_security_group_egress_rule.orders_https",
    mutate: (j) => {
      const r = res(j, "aws_vpc_security_group_egress_rule", "orders_https");
      r.ip_protocol = "-1";
      delete r.from_port;
      delete r.to_port;
    },
  },
  {
    rule: "sg-egress-restricted",
    what: "an aws_security_group_rule egress on 80 to the internet",
    address: "aws_security_group_rule.http_out",
    mutate: (j) =>
      (ensure(j, "aws_security_group_rule").http_out = {
        type: "egress",
        security_group_id: ref("aws_security_group.orders", "id"),
        protocol: "tcp",
        from_port: 80,
        to_port: 80,
        cidr_blocks: ["0.0.0.0/0"],
        description: "http",
      }),
  },
  {
    rule: "nlb-internal",
    what: "an internet-facing NLB",
    address: "aws_lb.nlb",
    mutate: (j) => (res(j, "aws_lb", "nlb").internal = false),
  },
  {
    rule: "nlb-internal",
    what: "an NLB with internal unset (internet-facing)",
    address: "aws_lb.nlb",
    mutate: (j) => delete res(j, "aws_lb", "nlb").internal,
  },
  {
    rule: "nlb-internal",
    what: "an NLB whose group admits 0.0.0.0/0",
    address: "aws_lb.nlb",
    mutate: (j) => (res(j, "aws_vpc_security_group_ingress_rule", "nlb_from_vpc").cidr_ipv4 = "0.0.0.0/0"),
  },
  {
    rule: "nlb-internal",
    what: "an NLB without security groups",
    address: "aws_lb.nlb",
    mutate: (j) => delete res(j, "aws_lb", "nlb").security_groups,
  },
  {
    rule: "sg-attached",
    what: "an orphan group",
    address: "aws_security_group.orphan",
    mutate: (j) => (j.resource.aws_security_group.orphan = { vpc_id: ref("aws_vpc.vpc", "id"), description: "unused" }),
  },
  {
    rule: "route-table-associations",
    what: "a subnet on the main table",
    address: "aws_subnet.db_a",
    mutate: (j) => delete j.resource.aws_route_table_association.db_a,
  },
  {
    rule: "route-table-associations",
    what: "a route table without association",
    address: "aws_route_table.spare",
    mutate: (j) => (j.resource.aws_route_table.spare = { vpc_id: ref("aws_vpc.vpc", "id") }),
  },
  {
    rule: "nat-per-az",
    what: "a private subnet using another AZ's NAT",
    address: "aws_subnet.private_b",
    mutate: (j) => (res(j, "aws_route", "private_b_default").nat_gateway_id = ref("aws_nat_gateway.nat_a", "id")),
  },
  // ── database
  { rule: "rds-storage-encrypted", what: "unencrypted storage", address: "aws_db_instance.db", mutate: (j) => (db(j).storage_encrypted = false) },
  { rule: "rds-not-public", what: "a public database", address: "aws_db_instance.db", mutate: (j) => (db(j).publicly_accessible = true) },
  { rule: "rds-backup-retention", what: "no backups", address: "aws_db_instance.db", stack: "dev", mutate: (j) => (db(j).backup_retention_period = 0) },
  { rule: "rds-backup-retention-prod", what: "3 days of backups in prod", address: "aws_db_instance.db", mutate: (j) => (db(j).backup_retention_period = 3) },
  {
    rule: "rds-deletion-protection",
    what: "no deletion protection in staging",
    address: "aws_db_instance.db",
    stack: "staging",
    mutate: (j) => (db(j).deletion_protection = false),
  },
  { rule: "rds-multi-az", what: "single-AZ in staging", address: "aws_db_instance.db", stack: "staging", mutate: (j) => (db(j).multi_az = false) },
  { rule: "rds-enhanced-monitoring", what: "monitoring off", address: "aws_db_instance.db", mutate: (j) => (db(j).monitoring_interval = 0) },
  { rule: "rds-enhanced-monitoring", what: "no monitoring role", address: "aws_db_instance.db", mutate: (j) => delete db(j).monitoring_role_arn },
  { rule: "rds-log-exports", what: "no upgrade log", address: "aws_db_instance.db", mutate: (j) => (db(j).enabled_cloudwatch_logs_exports = ["postgresql"]) },
  { rule: "rds-iam-auth", what: "IAM auth off", address: "aws_db_instance.db", mutate: (j) => (db(j).iam_database_authentication_enabled = false) },
  { rule: "rds-auto-minor-upgrade", what: "minor upgrades off", address: "aws_db_instance.db", mutate: (j) => (db(j).auto_minor_version_upgrade = false) },
  {
    rule: "rds-performance-insights",
    what: "Performance Insights without a CMK",
    address: "aws_db_instance.db",
    mutate: (j) => delete db(j).performance_insights_kms_key_id,
  },
  { rule: "rds-copy-tags-to-snapshot", what: "tags not copied", address: "aws_db_instance.db", mutate: (j) => (db(j).copy_tags_to_snapshot = false) },
  {
    rule: "rds-force-ssl",
    what: "rds.force_ssl = 0",
    address: "aws_db_instance.db",
    mutate: (j) => (res(j, "aws_db_parameter_group", "db").parameter[0].value = "0"),
  },
  {
    rule: "rds-force-ssl",
    what: "the default parameter group",
    address: "aws_db_instance.db",
    mutate: (j) => (db(j).parameter_group_name = "default.postgres16"),
  },
  {
    rule: "rds-query-logging",
    what: "no log_min_duration_statement",
    address: "aws_db_instance.db",
    mutate: (j) => res(j, "aws_db_parameter_group", "db").parameter.splice(2, 1),
  },
  { rule: "rds-master-credentials", what: "the default master user", address: "aws_db_instance.db", mutate: (j) => (db(j).username = "postgres") },
  {
    rule: "rds-master-credentials",
    what: "a password in Terraform",
    address: "aws_db_instance.db",
    mutate: (j) => {
      db(j).manage_master_user_password = false;
      db(j).password = "hunter2hunter2";
    },
  },
  { rule: "rds-final-snapshot", what: "skip_final_snapshot in prod", address: "aws_db_instance.db", mutate: (j) => (db(j).skip_final_snapshot = true) },
  // ── registry
  {
    rule: "ecr-immutable-tags",
    what: "mutable tags",
    address: "aws_ecr_repository.repo",
    mutate: (j) => (res(j, "aws_ecr_repository", "repo").image_tag_mutability = "MUTABLE"),
  },
  {
    rule: "ecr-scan-on-push",
    what: "no scan on push",
    address: "aws_ecr_repository.repo",
    mutate: (j) => (res(j, "aws_ecr_repository", "repo").image_scanning_configuration.scan_on_push = false),
  },
  {
    rule: "ecr-kms-encryption",
    what: "AES256",
    address: "aws_ecr_repository.repo",
    mutate: (j) => (res(j, "aws_ecr_repository", "repo").encryption_configuration = [{ encryption_type: "AES256" }]),
  },
  { rule: "ecr-lifecycle-policy", what: "no lifecycle policy", address: "aws_ecr_repository.repo", mutate: (j) => delete j.resource.aws_ecr_lifecycle_policy },
  {
    rule: "ecr-no-public-policy",
    what: 'a "*" principal',
    address: "aws_ecr_repository_policy.repo",
    mutate: (j) => editJson(res(j, "aws_ecr_repository_policy", "repo"), "policy", (p) => (p.Statement[0].Principal = "*")),
  },
  // ── compute
  {
    rule: "ecs-container-insights",
    what: "insights disabled",
    address: "aws_ecs_cluster.cluster",
    mutate: (j) => (res(j, "aws_ecs_cluster", "cluster").setting[0].value = "disabled"),
  },
  {
    rule: "ecs-exec-logging",
    what: "exec enabled with logging NONE",
    address: "aws_ecs_cluster.cluster",
    mutate: (j) => (res(j, "aws_ecs_cluster", "cluster").configuration.execute_command_configuration.logging = "NONE"),
  },
  {
    rule: "ecs-no-public-ip",
    what: "a public IP",
    address: "aws_ecs_service.orders",
    mutate: (j) => (res(j, "aws_ecs_service", "orders").network_configuration.assign_public_ip = true),
  },
  {
    rule: "ecs-fargate-platform-version",
    what: "a pinned old platform",
    address: "aws_ecs_service.orders",
    mutate: (j) => (res(j, "aws_ecs_service", "orders").platform_version = "1.3.0"),
  },
  {
    rule: "ecs-circuit-breaker",
    what: "no rollback",
    address: "aws_ecs_service.orders",
    mutate: (j) => (res(j, "aws_ecs_service", "orders").deployment_circuit_breaker.rollback = false),
  },
  {
    rule: "ecs-circuit-breaker",
    what: "a CODE_DEPLOY service no deployment group names",
    address: "aws_ecs_service.payments",
    mutate: (j) => delete j.resource.aws_codedeploy_deployment_group,
  },
  {
    rule: "ecs-circuit-breaker",
    what: "a CODE_DEPLOY service whose deployment group does not roll back",
    address: "aws_ecs_service.payments",
    mutate: (j) => (res(j, "aws_codedeploy_deployment_group", "payments").auto_rollback_configuration.enabled = false),
  },
  {
    rule: "codedeploy-auto-rollback",
    what: "a CODE_DEPLOY service no deployment group names",
    address: "aws_ecs_service.payments",
    mutate: (j) => (res(j, "aws_codedeploy_deployment_group", "payments").ecs_service.service_name = "orders"),
  },
  {
    rule: "codedeploy-auto-rollback",
    what: "a deployment group without automatic rollback",
    address: "aws_codedeploy_deployment_group.payments",
    mutate: (j) => delete res(j, "aws_codedeploy_deployment_group", "payments").auto_rollback_configuration,
  },
  {
    rule: "codedeploy-auto-rollback",
    what: "a deployment group that rolls back only on alarms",
    address: "aws_codedeploy_deployment_group.payments",
    mutate: (j) => (res(j, "aws_codedeploy_deployment_group", "payments").auto_rollback_configuration.events = ["DEPLOYMENT_STOP_ON_ALARM"]),
  },
  {
    rule: "ecs-container-definitions-json",
    what: "an expression instead of JSON",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => (res(j, "aws_ecs_task_definition", "orders").container_definitions = "${jsonencode(local.containers)}"),
  },
  {
    rule: "ecs-readonly-root-filesystem",
    what: "a writable root",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => container(j, (c) => (c.readonlyRootFilesystem = false)),
  },
  {
    rule: "ecs-no-privileged",
    what: "a privileged container",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => container(j, (c) => (c.privileged = true)),
  },
  {
    rule: "ecs-no-host-pid",
    what: "host pid mode",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => (res(j, "aws_ecs_task_definition", "orders").pid_mode = "host"),
  },
  {
    rule: "ecs-separate-roles",
    what: "one role for both",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => (res(j, "aws_ecs_task_definition", "orders").task_role_arn = ref("aws_iam_role.execution", "arn")),
  },
  {
    rule: "ecs-no-secrets-in-environment",
    what: "a token in environment",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => container(j, (c) => c.environment.push({ name: "GRAFANA_API_TOKEN", value: "glc_abc" })),
  },
  {
    rule: "ecs-no-secrets-in-environment",
    what: "a URL with a password in environment",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => container(j, (c) => c.environment.push({ name: "DATABASE_URL", value: "postgres://app:s3cret@db:5432/app" })),
  },
  {
    rule: "ecs-awslogs",
    what: "the json-file driver",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => container(j, (c) => (c.logConfiguration.logDriver = "json-file")),
  },
  {
    rule: "ecs-awsvpc",
    what: "bridge networking",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => (res(j, "aws_ecs_task_definition", "orders").network_mode = "bridge"),
  },
  // ── EC2 capacity (issue 13)
  {
    rule: "ec2-imdsv2-required",
    what: "IMDSv1 allowed (http_tokens optional)",
    address: "aws_launch_template.instances",
    mutate: (j) => (res(j, "aws_launch_template", "instances").metadata_options.http_tokens = "optional"),
  },
  {
    rule: "ec2-imdsv2-required",
    what: "no metadata_options",
    address: "aws_launch_template.instances",
    mutate: (j) => delete res(j, "aws_launch_template", "instances").metadata_options,
  },
  {
    rule: "ec2-ebs-encrypted",
    what: "an unencrypted root volume",
    address: "aws_launch_template.instances",
    mutate: (j) => (res(j, "aws_launch_template", "instances").block_device_mappings[0].ebs.encrypted = "false"),
  },
  {
    rule: "ec2-ebs-encrypted",
    what: "no block device mapping (the AMI's root volume)",
    address: "aws_launch_template.instances",
    mutate: (j) => delete res(j, "aws_launch_template", "instances").block_device_mappings,
  },
  {
    rule: "ec2-no-public-ip",
    what: "a public IP on the instances' interface",
    address: "aws_launch_template.instances",
    mutate: (j) => (res(j, "aws_launch_template", "instances").network_interfaces[0].associate_public_ip_address = "true"),
  },
  {
    rule: "ec2-instance-role-no-wildcards",
    what: "an inline s3:* on the instance role",
    address: "aws_iam_role_policy.instance_extra",
    mutate: (j) =>
      (j.resource.aws_iam_role_policy.instance_extra = {
        name: "extra",
        role: ref("aws_iam_role.instance", "name"),
        policy: policyDoc([{ Effect: "Allow", Action: ["s3:*"], Resource: ["arn:aws:s3:::acme-artifacts/*"] }]),
      }),
  },
  {
    rule: "ecs-capacity-provider-termination-protection",
    what: "managed termination protection off",
    address: "aws_ecs_capacity_provider.ec2",
    mutate: (j) => (res(j, "aws_ecs_capacity_provider", "ec2").auto_scaling_group_provider.managed_termination_protection = "DISABLED"),
  },
  {
    rule: "ecs-capacity-provider-termination-protection",
    what: "a group without scale-in protection",
    address: "aws_ecs_capacity_provider.ec2",
    mutate: (j) => (res(j, "aws_autoscaling_group", "instances").protect_from_scale_in = false),
  },
  // ── IAM
  {
    rule: "iam-trust-one-service",
    what: 'a "*" trust',
    address: "aws_iam_role.execution",
    mutate: (j) => editJson(res(j, "aws_iam_role", "execution"), "assume_role_policy", (p) => (p.Statement[0].Principal = { AWS: "*" })),
  },
  {
    rule: "iam-trust-one-service",
    what: "two trusted services",
    address: "aws_iam_role.task",
    mutate: (j) =>
      editJson(
        res(j, "aws_iam_role", "task"),
        "assume_role_policy",
        (p) => (p.Statement[0].Principal = { Service: ["ecs-tasks.amazonaws.com", "ec2.amazonaws.com"] }),
      ),
  },
  {
    rule: "iam-no-wildcards",
    what: "ecr:*",
    address: "aws_iam_role_policy.execution_pull",
    mutate: (j) => editJson(res(j, "aws_iam_role_policy", "execution_pull"), "policy", (p) => (p.Statement[0].Action = ["ecr:*"])),
  },
  {
    rule: "iam-no-wildcards",
    what: 'scopable actions on Resource "*"',
    address: "aws_iam_role_policy.execution_secret",
    mutate: (j) => editJson(res(j, "aws_iam_role_policy", "execution_secret"), "policy", (p) => (p.Statement[0].Resource = ["*"])),
  },
  {
    rule: "iam-no-wildcards",
    what: "an unreadable policy expression",
    address: "aws_iam_role_policy.task_exec",
    mutate: (j) => (res(j, "aws_iam_role_policy", "task_exec").policy = "${jsonencode(local.policy)}"),
  },
  {
    rule: "iam-no-admin-policies",
    what: "AdministratorAccess",
    address: "aws_iam_role_policy_attachment.monitoring",
    mutate: (j) => (res(j, "aws_iam_role_policy_attachment", "monitoring").policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"),
  },
  {
    rule: "iam-no-admin-policies",
    what: "PowerUserAccess on a role ECS tasks assume",
    address: "aws_iam_role_policy_attachment.monitoring",
    mutate: (j) => (res(j, "aws_iam_role_policy_attachment", "monitoring").policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"),
  },
  {
    rule: "iam-no-admin-policies",
    what: "PowerUserAccess on a pipeline role without a permissions boundary",
    address: "aws_iam_role_policy_attachment.deploy_power_user",
    mutate: (j) => {
      addPipelineRoles(j);
      delete res(j, "aws_iam_role", "deploy").permissions_boundary;
    },
  },
  {
    rule: "iam-trust-one-service",
    what: "an account root beside a user of another account",
    address: "aws_iam_role.state",
    mutate: (j) => {
      addPipelineRoles(j);
      editJson(res(j, "aws_iam_role", "state"), "assume_role_policy", (p) => p.Statement[0].Principal.AWS.push("arn:aws:iam::333333333333:user/someone"));
    },
  },
  {
    rule: "iam-no-wildcards",
    what: "a boundary policy also attached as a permissions policy (its Allow * then grants)",
    address: "aws_iam_policy.workload_boundary",
    mutate: (j) => {
      addPipelineRoles(j);
      ensure(j, "aws_iam_role_policy_attachment").boundary_attached = {
        role: ref("aws_iam_role.state", "name"),
        policy_arn: ref("aws_iam_policy.workload_boundary", "arn"),
      };
    },
  },
  {
    rule: "oidc-trust-scoped",
    what: "a GitHub subject with a wildcard (any branch or environment of the repository)",
    address: "aws_iam_role.deploy",
    mutate: (j) => {
      addPipelineRoles(j);
      deployTrust(j, (s) => {
        delete s.Condition.StringEquals["token.actions.githubusercontent.com:sub"];
        s.Condition.StringLike = { "token.actions.githubusercontent.com:sub": "repo:acme/platform:*" };
      });
    },
  },
  {
    rule: "oidc-trust-scoped",
    what: "no audience condition",
    address: "aws_iam_role.deploy",
    mutate: (j) => {
      addPipelineRoles(j);
      deployTrust(j, (s) => delete s.Condition.StringEquals["token.actions.githubusercontent.com:aud"]);
    },
  },
  {
    rule: "oidc-trust-scoped",
    what: "a GitHub subject that names no repository",
    address: "aws_iam_role.deploy",
    mutate: (j) => {
      addPipelineRoles(j);
      deployTrust(j, (s) => (s.Condition.StringEquals["token.actions.githubusercontent.com:sub"] = "environment:prod"));
    },
  },
  {
    rule: "task-role-no-broad-permissions",
    what: "s3:* on * in a task role's inline policy",
    address: "aws_iam_role_policy.task_app",
    mutate: (j) =>
      (j.resource.aws_iam_role_policy.task_app = {
        name: "app",
        role: ref("aws_iam_role.task", "name"),
        policy: policyDoc([{ Effect: "Allow", Action: ["S3:*"], Resource: "*" }]),
      }),
  },
  {
    rule: "task-role-no-broad-permissions",
    what: "IAM writes on every role of any account (a path to admin)",
    address: "aws_iam_role_policy.task_app",
    mutate: (j) =>
      (j.resource.aws_iam_role_policy.task_app = {
        name: "app",
        role: ref("aws_iam_role.task", "name"),
        policy: policyDoc([{ Effect: "Allow", Action: ["iam:AttachRolePolicy", "iam:PassRole"], Resource: "arn:aws:iam::*:role/*" }]),
      }),
  },
  {
    rule: "task-role-no-broad-permissions",
    what: "iam:PassRole on * beside the ECS Exec statement",
    address: "aws_iam_role_policy.task_exec",
    mutate: (j) =>
      editJson(res(j, "aws_iam_role_policy", "task_exec"), "policy", (p) =>
        p.Statement.push({ Sid: "PassAnything", Effect: "Allow", Action: "iam:PassRole", Resource: ["*"] }),
      ),
  },
  {
    rule: "task-role-no-broad-permissions",
    what: "sts:AssumeRole on * through an attached customer managed policy",
    address: "aws_iam_role_policy_attachment.task_assume",
    mutate: (j) => {
      ensure(j, "aws_iam_policy").assume = { name: "assume-anything", policy: policyDoc([{ Effect: "Allow", Action: ["sts:AssumeRole"], Resource: ["*"] }]) };
      j.resource.aws_iam_role_policy_attachment.task_assume = { role: ref("aws_iam_role.task", "name"), policy_arn: ref("aws_iam_policy.assume", "arn") };
    },
  },
  {
    rule: "task-role-no-broad-permissions",
    what: "an IAM write on * in the execution role",
    address: "aws_iam_role_policy.execution_auth",
    mutate: (j) => editJson(res(j, "aws_iam_role_policy", "execution_auth"), "policy", (p) => p.Statement[0].Action.push("iam:AttachRolePolicy")),
  },
  {
    rule: "scheduler-role-scoped",
    what: "ecs:RunTask on *",
    address: "aws_scheduler_schedule.nightly",
    mutate: (j) => editJson(res(j, "aws_iam_role_policy", "scheduler_run"), "policy", (p) => (p.Statement[0].Resource = "*")),
  },
  {
    rule: "scheduler-role-scoped",
    what: "iam:PassRole on *",
    address: "aws_scheduler_schedule.nightly",
    mutate: (j) => editJson(res(j, "aws_iam_role_policy", "scheduler_run"), "policy", (p) => (p.Statement[1].Resource = ["*"])),
  },
  {
    rule: "scheduler-role-scoped",
    what: "iam:PassRole on every role of the account",
    address: "aws_scheduler_schedule.nightly",
    mutate: (j) => editJson(res(j, "aws_iam_role_policy", "scheduler_run"), "policy", (p) => p.Statement[1].Resource.push("arn:aws:iam::123456789012:role/*")),
  },
  {
    rule: "scheduler-role-scoped",
    what: "iam:* on * in an inline_policy block of the role",
    address: "aws_scheduler_schedule.nightly",
    mutate: (j) =>
      (res(j, "aws_iam_role", "scheduler").inline_policy = [{ name: "admin", policy: policyDoc([{ Effect: "Allow", Action: "iam:*", Resource: "*" }]) }]),
  },
  // ── edge
  {
    rule: "apigw-access-logs",
    what: "no access logs",
    address: "aws_apigatewayv2_stage.default",
    mutate: (j) => delete res(j, "aws_apigatewayv2_stage", "default").access_log_settings,
  },
  {
    rule: "apigw-default-throttling",
    what: "no default throttling",
    address: "aws_apigatewayv2_stage.default",
    mutate: (j) => delete res(j, "aws_apigatewayv2_stage", "default").default_route_settings,
  },
  {
    rule: "apigw-route-authorization",
    what: "an open route",
    address: "aws_apigatewayv2_route.orders",
    mutate: (j) => {
      const r = res(j, "aws_apigatewayv2_route", "orders");
      r.authorization_type = "NONE";
      delete r.authorizer_id;
    },
  },
  {
    rule: "apigw-domain-tls12",
    what: "TLS 1.0",
    address: "aws_apigatewayv2_domain_name.api",
    mutate: (j) => (res(j, "aws_apigatewayv2_domain_name", "api").domain_name_configuration.security_policy = "TLS_1_0"),
  },
  {
    rule: "apigw-execute-api-disabled",
    what: "execute-api left on",
    address: "aws_apigatewayv2_api.api",
    mutate: (j) => (res(j, "aws_apigatewayv2_api", "api").disable_execute_api_endpoint = false),
  },
  // ── REST flavor (issue 12)
  {
    rule: "apigw-rest-access-logs",
    what: "a REST stage without access logs",
    address: "aws_api_gateway_stage.live",
    mutate: (j) => delete res(j, "aws_api_gateway_stage", "live").access_log_settings,
  },
  {
    rule: "apigw-rest-access-logs",
    what: "REST access logs without a format",
    address: "aws_api_gateway_stage.live",
    mutate: (j) => delete res(j, "aws_api_gateway_stage", "live").access_log_settings.format,
  },
  {
    rule: "apigw-rest-execution-logging",
    what: "a REST stage without stage-wide method settings",
    address: "aws_api_gateway_stage.live",
    mutate: (j) => delete j.resource.aws_api_gateway_method_settings,
  },
  {
    rule: "apigw-rest-execution-logging",
    what: "stage-wide execution logging OFF",
    address: "aws_api_gateway_stage.live",
    mutate: (j) => (res(j, "aws_api_gateway_method_settings", "all").settings.logging_level = "OFF"),
  },
  {
    rule: "apigw-rest-execution-logging",
    what: "one method's execution logging OFF",
    address: "aws_api_gateway_stage.live",
    mutate: (j) =>
      (j.resource.aws_api_gateway_method_settings.payments = {
        ...res(j, "aws_api_gateway_method_settings", "all"),
        method_path: "~1payments/ANY",
        settings: { logging_level: "OFF" },
      }),
  },
  {
    rule: "apigw-rest-default-throttling",
    what: "a REST stage without stage-wide throttling",
    address: "aws_api_gateway_stage.live",
    mutate: (j) => {
      const settings = res(j, "aws_api_gateway_method_settings", "all").settings;
      delete settings.throttling_burst_limit;
      delete settings.throttling_rate_limit;
    },
  },
  {
    rule: "apigw-rest-default-throttling",
    what: "stage-wide throttling left unlimited (-1)",
    address: "aws_api_gateway_stage.live",
    mutate: (j) => (res(j, "aws_api_gateway_method_settings", "all").settings.throttling_rate_limit = -1),
  },
  {
    rule: "apigw-rest-method-authorization",
    what: "a REST method open to anyone (no authorizer, no API key)",
    address: "aws_api_gateway_method.payments",
    mutate: (j) => (res(j, "aws_api_gateway_method", "payments").api_key_required = false),
  },
  {
    rule: "apigw-rest-api-key-required",
    what: "a method without api_key_required on an API with a usage plan",
    address: "aws_api_gateway_method.payments",
    mutate: (j) => delete res(j, "aws_api_gateway_method", "payments").api_key_required,
  },
  {
    rule: "apigw-rest-api-key-required",
    what: "an OPTIONS method proxied to the backend without a key",
    address: "aws_api_gateway_method.options",
    mutate: (j) => {
      j.resource.aws_api_gateway_method.options = { ...res(j, "aws_api_gateway_method", "payments"), http_method: "OPTIONS", api_key_required: false };
      j.resource.aws_api_gateway_integration.options = {
        ...res(j, "aws_api_gateway_integration", "payments"),
        http_method: ref("aws_api_gateway_method.options", "http_method"),
      };
    },
  },
  {
    rule: "apigw-rest-tls",
    what: "a REST domain accepting TLS 1.0",
    address: "aws_api_gateway_domain_name.rest",
    mutate: (j) => (res(j, "aws_api_gateway_domain_name", "rest").security_policy = "TLS_1_0"),
  },
  {
    rule: "apigw-rest-tls",
    what: "a REST domain without a security policy",
    address: "aws_api_gateway_domain_name.rest",
    mutate: (j) => delete res(j, "aws_api_gateway_domain_name", "rest").security_policy,
  },
  {
    rule: "apigw-rest-tls",
    what: "an edge-optimized REST domain",
    address: "aws_api_gateway_domain_name.rest",
    mutate: (j) => delete res(j, "aws_api_gateway_domain_name", "rest").endpoint_configuration,
  },
  {
    rule: "apigw-rest-execute-api-disabled",
    what: "execute-api left on for a REST API behind a custom domain",
    address: "aws_api_gateway_rest_api.rest",
    mutate: (j) => delete res(j, "aws_api_gateway_rest_api", "rest").disable_execute_api_endpoint,
  },
  {
    rule: "apigw-rest-execute-api-disabled",
    what: "execute-api left on for a REST API mapped through an apigatewayv2 API mapping",
    address: "aws_api_gateway_rest_api.rest",
    mutate: (j) => {
      res(j, "aws_api_gateway_rest_api", "rest").disable_execute_api_endpoint = false;
      delete j.resource.aws_api_gateway_base_path_mapping;
      j.resource.aws_apigatewayv2_api_mapping.rest = {
        api_id: ref("aws_api_gateway_rest_api.rest", "id"),
        domain_name: ref("aws_api_gateway_domain_name.rest", "domain_name"),
        stage: ref("aws_api_gateway_stage.live", "stage_name"),
      };
    },
  },
  {
    rule: "apigw-cors-no-wildcard",
    what: 'origin "*"',
    address: "aws_apigatewayv2_api.api",
    mutate: (j) => (res(j, "aws_apigatewayv2_api", "api").cors_configuration.allow_origins = ["*"]),
  },
  {
    rule: "acm-create-before-destroy",
    what: "no create_before_destroy",
    address: "aws_acm_certificate.cert",
    mutate: (j) => delete res(j, "aws_acm_certificate", "cert").lifecycle,
  },
  {
    rule: "acm-transparency-logging",
    what: "transparency logging off",
    address: "aws_acm_certificate.cert",
    mutate: (j) => (res(j, "aws_acm_certificate", "cert").options = { certificate_transparency_logging_preference: "DISABLED" }),
  },
  // ── logs, keys, state
  {
    rule: "log-group-retention",
    what: "no retention",
    address: "aws_cloudwatch_log_group.orders",
    stack: "dev",
    mutate: (j) => delete res(j, "aws_cloudwatch_log_group", "orders").retention_in_days,
  },
  {
    rule: "log-group-retention-prod",
    what: "90 days in prod",
    address: "aws_cloudwatch_log_group.api",
    mutate: (j) => (res(j, "aws_cloudwatch_log_group", "api").retention_in_days = 90),
  },
  {
    rule: "log-group-kms",
    what: "no KMS key",
    address: "aws_cloudwatch_log_group.flow",
    mutate: (j) => delete res(j, "aws_cloudwatch_log_group", "flow").kms_key_id,
  },
  {
    rule: "log-group-kms",
    what: "an unencrypted REST access log group",
    address: "aws_cloudwatch_log_group.rest_access",
    mutate: (j) => delete res(j, "aws_cloudwatch_log_group", "rest_access").kms_key_id,
  },
  { rule: "kms-key-policy", what: "a key without a key policy", address: "aws_kms_key.key", mutate: (j) => delete j.resource.aws_kms_key_policy },
  { rule: "kms-rotation", what: "no rotation", address: "aws_kms_key.key", mutate: (j) => (res(j, "aws_kms_key", "key").enable_key_rotation = false) },
  {
    rule: "kms-no-public-principal",
    what: 'a "*" principal in the key policy',
    address: "aws_kms_key_policy.key",
    mutate: (j) => {
      const key = res(j, "aws_kms_key_policy", "key");
      // The raw expression (unescaped quotes) stays: the checker must still read the document.
      key.policy = key.policy.replace('"AWS":"arn:aws:iam::', '"AWS":"*","Unused":"');
    },
  },
  {
    rule: "s3-public-access-block",
    what: "one flag off",
    address: "aws_s3_bucket.state",
    mutate: (j) => (res(j, "aws_s3_bucket_public_access_block", "state").restrict_public_buckets = false),
  },
  {
    rule: "s3-versioning",
    what: "versioning suspended",
    address: "aws_s3_bucket.state",
    mutate: (j) => (res(j, "aws_s3_bucket_versioning", "state").versioning_configuration.status = "Suspended"),
  },
  {
    rule: "s3-kms-encryption",
    what: "SSE-S3",
    address: "aws_s3_bucket.state",
    mutate: (j) =>
      (res(j, "aws_s3_bucket_server_side_encryption_configuration", "state").rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]),
  },
  {
    rule: "s3-kms-encryption",
    what: "a server access log target on SSE-KMS (S3 delivers logs only to SSE-S3 buckets)",
    address: "aws_s3_bucket.state",
    mutate: (j) => (res(j, "aws_s3_bucket_logging", "state").target_bucket = "${aws_s3_bucket.state.id}"),
  },
  { rule: "s3-tls-only", what: "no bucket policy", address: "aws_s3_bucket.state", mutate: (j) => delete j.resource.aws_s3_bucket_policy },
  {
    rule: "s3-owner-enforced",
    what: "ObjectWriter",
    address: "aws_s3_bucket.state",
    mutate: (j) => (res(j, "aws_s3_bucket_ownership_controls", "state").rule.object_ownership = "ObjectWriter"),
  },
  {
    rule: "s3-lifecycle",
    what: "no noncurrent expiry",
    address: "aws_s3_bucket.state",
    mutate: (j) => delete res(j, "aws_s3_bucket_lifecycle_configuration", "state").rule[0].noncurrent_version_expiration,
  },
  {
    rule: "secretsmanager-cmk",
    what: "a secret on the AWS managed key",
    address: "aws_secretsmanager_secret.app",
    mutate: (j) => delete res(j, "aws_secretsmanager_secret", "app").kms_key_id,
  },
  {
    rule: "secretsmanager-cmk",
    what: "kms_key_id naming aws/secretsmanager",
    address: "aws_secretsmanager_secret.app",
    mutate: (j) => (res(j, "aws_secretsmanager_secret", "app").kms_key_id = "alias/aws/secretsmanager"),
  },
  {
    rule: "state-backend-kms",
    what: "encrypt without kms_key_id (SSE-S3)",
    address: "terraform.backend.s3",
    mutate: (j) => delete j.terraform.backend.s3.kms_key_id,
  },
  { rule: "state-backend-kms", what: "encrypt off", address: "terraform.backend.s3", mutate: (j) => (j.terraform.backend.s3.encrypt = false) },
  {
    rule: "state-bucket-access-logging",
    what: "a state bucket without access logging",
    address: "aws_s3_bucket.state",
    mutate: (j) => delete j.resource.aws_s3_bucket_logging,
  },
  {
    rule: "state-bucket-access-logging",
    what: "a state bucket logging to itself",
    address: "aws_s3_bucket.state",
    mutate: (j) => (res(j, "aws_s3_bucket_logging", "state").target_bucket = ref("aws_s3_bucket.state", "id")),
  },
  {
    rule: "state-bucket-prevent-destroy",
    what: "a destroyable state bucket",
    address: "aws_s3_bucket.state",
    mutate: (j) => delete res(j, "aws_s3_bucket", "state").lifecycle,
  },
  // ── EFS
  {
    rule: "efs-encrypted",
    what: "an unencrypted file system",
    address: "aws_efs_file_system.data",
    mutate: (j) => {
      res(j, "aws_efs_file_system", "data").encrypted = false;
      delete res(j, "aws_efs_file_system", "data").kms_key_id;
    },
  },
  {
    rule: "efs-encrypted",
    what: "encryption with the AWS managed key (no kms_key_id)",
    address: "aws_efs_file_system.data",
    mutate: (j) => delete res(j, "aws_efs_file_system", "data").kms_key_id,
  },
  {
    rule: "efs-encrypted",
    what: "the AWS managed key by alias",
    address: "aws_efs_file_system.data",
    mutate: (j) => (res(j, "aws_efs_file_system", "data").kms_key_id = "arn:aws:kms:eu-west-1:123456789012:alias/aws/elasticfilesystem"),
  },
  {
    rule: "efs-volume-transit-encryption",
    what: "a volume without transit encryption",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => delete efsVolume(j).transit_encryption,
  },
  {
    rule: "efs-volume-transit-encryption",
    what: "a volume without IAM authorization",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => (efsVolume(j).authorization_config.iam = "DISABLED"),
  },
  {
    rule: "efs-volume-transit-encryption",
    what: "a volume mounted without an access point",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => delete efsVolume(j).authorization_config.access_point_id,
  },
  {
    rule: "efs-mount-target-restricted",
    what: "NFS from the VPC CIDR",
    address: "aws_vpc_security_group_ingress_rule.efs_from_vpc",
    mutate: (j) =>
      (j.resource.aws_vpc_security_group_ingress_rule.efs_from_vpc = {
        security_group_id: ref("aws_security_group.efs", "id"),
        cidr_ipv4: "10.0.0.0/16",
        ip_protocol: "tcp",
        from_port: 2049,
        to_port: 2049,
        description: "NFS from the VPC",
      }),
  },
  {
    rule: "efs-mount-target-restricted",
    what: "another port from the service group",
    address: "aws_vpc_security_group_ingress_rule.efs_from_orders",
    mutate: (j) => Object.assign(res(j, "aws_vpc_security_group_ingress_rule", "efs_from_orders"), { from_port: 0, to_port: 65535 }),
  },
  {
    rule: "efs-mount-target-restricted",
    what: "a mount target without security groups (the VPC default group)",
    address: "aws_efs_mount_target.b",
    mutate: (j) => delete res(j, "aws_efs_mount_target", "b").security_groups,
  },
  // ── Cloudflare
  {
    rule: "cf-api-record-proxied",
    what: "a DNS-only API record",
    address: "cloudflare_dns_record.api",
    mutate: (j) => (res(j, "cloudflare_dns_record", "api").proxied = false),
  },
  {
    rule: "cf-api-record-proxied",
    what: "no record for the API",
    address: "aws_apigatewayv2_domain_name.api",
    mutate: (j) => delete j.resource.cloudflare_dns_record.api,
  },
  {
    rule: "cf-ssl-strict",
    what: 'SSL "full"',
    address: "cloudflare_zone_setting.ssl",
    mutate: (j) => (res(j, "cloudflare_zone_setting", "ssl").value = "full"),
  },
  {
    rule: "cf-always-use-https",
    what: "HTTPS redirect off",
    address: "cloudflare_zone_setting.always_use_https",
    mutate: (j) => (res(j, "cloudflare_zone_setting", "always_use_https").value = "off"),
  },
  {
    rule: "cf-min-tls-1-2",
    what: "TLS 1.0 allowed",
    address: "cloudflare_zone_setting.min_tls_version",
    mutate: (j) => (res(j, "cloudflare_zone_setting", "min_tls_version").value = "1.0"),
  },
  {
    rule: "cf-validation-not-proxied",
    what: "a proxied validation record",
    address: "cloudflare_dns_record.validation",
    mutate: (j) => (res(j, "cloudflare_dns_record", "validation").proxied = true),
  },
  {
    rule: "cf-zone-settings-one-owner",
    what: "no stack manages ssl",
    address: "cloudflare_dns_record.api",
    mutate: (j) => delete j.resource.cloudflare_zone_setting.ssl,
  },
  // ── the guide's troubleshooting
  {
    rule: "image-pull-permissions",
    what: "an execution role without pull actions",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => delete j.resource.aws_iam_role_policy.execution_pull,
  },
  {
    rule: "image-pull-permissions",
    what: "an execution role without the auth token",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => delete j.resource.aws_iam_role_policy.execution_auth,
  },
  {
    rule: "image-pull-permissions",
    what: "pull rights on another repository",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) =>
      editJson(
        res(j, "aws_iam_role_policy", "execution_pull"),
        "policy",
        (p) => (p.Statement[0].Resource = ["arn:aws:ecr:eu-west-1:123456789012:repository/other"]),
      ),
  },
  {
    rule: "image-pull-permissions",
    what: "no execution role",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => delete res(j, "aws_ecs_task_definition", "orders").execution_role_arn,
  },
  {
    rule: "container-secret-granted",
    what: "a secret the execution role may not read (grant on another secret)",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) =>
      editJson(
        res(j, "aws_iam_role_policy", "execution_secret"),
        "policy",
        (p) => (p.Statement[0].Resource = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/prod/other-AbCdEf"]),
      ),
  },
  {
    rule: "container-secret-granted",
    what: "an SSM parameter without ssm:GetParameters",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => editJson(res(j, "aws_iam_role_policy", "execution_secret"), "policy", (p) => (p.Statement[1].Action = ["ssm:GetParameter"])),
  },
  {
    rule: "container-secret-granted",
    what: "the grant on the task role instead of the execution role",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => (res(j, "aws_iam_role_policy", "execution_secret").role = ref("aws_iam_role.task", "name")),
  },
  {
    rule: "container-secret-granted",
    what: "a partial secret ARN granted without the random suffix's wildcard",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => {
      const partial = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/prod/orders/partner";
      container(j, (c) => c.secrets.push({ name: "PARTNER_KEY", valueFrom: `${partial}:key::` }));
      editJson(res(j, "aws_iam_role_policy", "execution_secret"), "policy", (p) => p.Statement[0].Resource.push(`${partial}-abc`));
    },
  },
  {
    rule: "container-secret-granted",
    what: "secrets without an execution role",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => delete res(j, "aws_ecs_task_definition", "orders").execution_role_arn,
  },
  {
    rule: "image-pull-network",
    what: "a subnet with neither NAT route nor S3 gateway endpoint",
    address: "aws_ecs_service.orders",
    mutate: (j) => {
      delete j.resource.aws_route.private_a_default;
      res(j, "aws_vpc_endpoint", "s3").route_table_ids = [ref("aws_route_table.private_b", "id")];
    },
  },
  {
    rule: "image-pull-network",
    what: "no NAT route and no ECR interface endpoints",
    address: "aws_ecs_service.orders",
    mutate: (j) => {
      delete j.resource.aws_route.private_b_default;
      delete j.resource.aws_vpc_endpoint.ecr_api;
    },
  },
  {
    rule: "image-pull-network",
    what: "egress only to the VPC while layers come through the S3 gateway endpoint",
    address: "aws_ecs_service.orders",
    mutate: (j) => (res(j, "aws_vpc_security_group_egress_rule", "orders_https").cidr_ipv4 = "10.0.0.0/16"),
  },
  {
    rule: "image-pull-network",
    what: "a NAT gateway in a subnet without an internet gateway route",
    address: "aws_ecs_service.orders",
    mutate: (j) => delete j.resource.aws_route.public_default,
  },
  {
    rule: "discovery-srv-registration",
    what: "A records (the classic 503)",
    address: "aws_service_discovery_service.orders",
    mutate: (j) => (res(j, "aws_service_discovery_service", "orders").dns_config.dns_records = [{ ttl: 10, type: "A" }]),
  },
  {
    rule: "discovery-srv-registration",
    what: "no ECS service registers in the integration's Cloud Map service",
    address: "aws_apigatewayv2_integration.orders",
    mutate: (j) => delete res(j, "aws_ecs_service", "orders").service_registries,
  },
  {
    rule: "discovery-srv-registration",
    what: "a registration without container port",
    address: "aws_ecs_service.orders",
    mutate: (j) => delete res(j, "aws_ecs_service", "orders").service_registries.container_port,
  },
  {
    rule: "discovery-srv-registration",
    what: "a registered port the container does not map",
    address: "aws_ecs_service.orders",
    mutate: (j) => (res(j, "aws_ecs_service", "orders").service_registries.container_port = 9090),
  },
  {
    rule: "ecs-no-rotating-db-password",
    what: "the RDS-managed master password injected as a secret",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) => container(j, (c) => c.secrets.push({ name: "DB_PASSWORD", valueFrom: "${aws_db_instance.db.master_user_secret[0].secret_arn}:password::" })),
  },
  {
    rule: "ecs-no-rotating-db-password",
    what: "the whole managed secret (username and password) by literal rds! ARN",
    address: "aws_ecs_task_definition.orders",
    mutate: (j) =>
      container(j, (c) =>
        c.secrets.push({
          name: "DB_CREDENTIALS",
          valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-4e5f-6789-abcd-ef0123456789-AbCdEf",
        }),
      ),
  },
  {
    rule: "sg-chain",
    what: "no ingress from the VPC link",
    address: "aws_ecs_service.orders",
    mutate: (j) => delete j.resource.aws_vpc_security_group_ingress_rule.orders_from_link,
  },
  {
    rule: "sg-chain",
    what: "no egress from the VPC link",
    address: "aws_apigatewayv2_vpc_link.link",
    mutate: (j) => delete j.resource.aws_vpc_security_group_egress_rule.link_to_orders,
  },
  {
    rule: "sg-chain",
    what: "no database ingress from the service",
    address: "aws_db_instance.db",
    mutate: (j) => delete j.resource.aws_vpc_security_group_ingress_rule.db_from_orders,
  },
  {
    rule: "sg-chain",
    what: "no egress to the database",
    address: "aws_ecs_service.orders",
    mutate: (j) => delete j.resource.aws_vpc_security_group_egress_rule.orders_to_db,
  },
  {
    rule: "sg-nothing-else-open",
    what: "the database open to the VPC CIDR",
    address: "aws_vpc_security_group_ingress_rule.db_from_vpc",
    mutate: (j) =>
      (j.resource.aws_vpc_security_group_ingress_rule.db_from_vpc = {
        security_group_id: ref("aws_security_group.db", "id"),
        cidr_ipv4: "10.0.0.0/16",
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        description: "VPC",
      }),
  },
  {
    rule: "sg-nothing-else-open",
    what: "the database open to a group no service or job runs in",
    address: "aws_vpc_security_group_ingress_rule.db_from_stray",
    mutate: (j) => {
      j.resource.aws_security_group.stray = { name: "acme-prod-stray", description: "stray", vpc_id: ref("aws_vpc.vpc", "id") };
      j.resource.aws_vpc_security_group_ingress_rule.db_from_stray = {
        security_group_id: ref("aws_security_group.db", "id"),
        referenced_security_group_id: ref("aws_security_group.stray", "id"),
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        description: "stray",
      };
    },
  },
  {
    rule: "sg-nothing-else-open",
    what: "ssh to the service from the VPC link",
    address: "aws_vpc_security_group_ingress_rule.orders_ssh",
    mutate: (j) =>
      (j.resource.aws_vpc_security_group_ingress_rule.orders_ssh = {
        security_group_id: ref("aws_security_group.orders", "id"),
        referenced_security_group_id: ref("aws_security_group.link", "id"),
        ip_protocol: "tcp",
        from_port: 22,
        to_port: 22,
        description: "ssh",
      }),
  },
  {
    rule: "sg-nothing-else-open",
    what: "ingress on the VPC link group",
    address: "aws_security_group.link",
    mutate: (j) =>
      (res(j, "aws_security_group", "link").ingress = [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/16"], description: "x" }]),
  },
  {
    rule: "worker-admits-nothing",
    what: "a service without registration whose group admits the VPC link",
    address: "aws_ecs_service.orders",
    mutate: (j) => delete res(j, "aws_ecs_service", "orders").service_registries,
  },
  {
    rule: "apigw-vpc-link-private",
    what: "a VPC link in public subnets",
    address: "aws_apigatewayv2_vpc_link.link",
    mutate: (j) => (res(j, "aws_apigatewayv2_vpc_link", "link").subnet_ids = [ref("aws_subnet.public_a", "id"), ref("aws_subnet.public_b", "id")]),
  },
  {
    rule: "apigw-vpc-link-private",
    what: "a VPC link without a group",
    address: "aws_apigatewayv2_vpc_link.link",
    mutate: (j) => (res(j, "aws_apigatewayv2_vpc_link", "link").security_group_ids = []),
  },
  {
    rule: "apigw-vpc-link-private",
    what: "an integration whose connection is not a VPC link",
    address: "aws_apigatewayv2_integration.orders",
    mutate: (j) => (res(j, "aws_apigatewayv2_integration", "orders").connection_id = "abc123"),
  },
  {
    rule: "apigw-certificate-validated",
    what: "the certificate used before validation",
    address: "aws_apigatewayv2_domain_name.api",
    mutate: (j) => (res(j, "aws_apigatewayv2_domain_name", "api").domain_name_configuration.certificate_arn = ref("aws_acm_certificate.cert", "arn")),
  },
  {
    rule: "apigw-certificate-validated",
    what: "a certificate in us-east-1 for an eu-west-1 API",
    address: "aws_apigatewayv2_domain_name.api",
    mutate: (j) => {
      j.provider.aws.push({ alias: "us_east_1", region: "us-east-1" });
      res(j, "aws_acm_certificate", "cert").provider = "aws.us_east_1";
      res(j, "aws_acm_certificate_validation", "cert").provider = "aws.us_east_1";
    },
  },
  // ── issue 12: the NLB in front of the services (HTTP API → listener over the VPC link v2, REST API → VPC link v1)
  {
    rule: "cf-api-record-proxied",
    what: "no record for the REST custom domain",
    address: "aws_api_gateway_domain_name.rest",
    mutate: (j) => delete j.resource.cloudflare_dns_record.partners,
  },
  {
    rule: "sg-chain",
    what: "an NLB admitting neither the HTTP API's VPC link group nor its subnets on the listener port",
    address: "aws_lb.nlb",
    mutate: (j) => {
      delete j.resource.aws_vpc_security_group_ingress_rule.nlb_from_link;
      delete j.resource.aws_vpc_security_group_ingress_rule.nlb_from_vpc;
    },
  },
  {
    rule: "sg-chain",
    what: "no egress from the VPC link to the NLB listener",
    address: "aws_apigatewayv2_vpc_link.link",
    mutate: (j) => delete j.resource.aws_vpc_security_group_egress_rule.link_to_nlb,
  },
  {
    rule: "sg-chain",
    what: "a load-balanced service that does not admit its NLB",
    address: "aws_ecs_service.payments",
    mutate: (j) => delete j.resource.aws_vpc_security_group_ingress_rule.payments_from_nlb,
  },
  {
    rule: "sg-chain",
    what: "an NLB without egress to the service it forwards to",
    address: "aws_lb.nlb",
    mutate: (j) => delete j.resource.aws_vpc_security_group_egress_rule.nlb_to_payments,
  },
  {
    rule: "sg-chain",
    what: "an NLB without egress to the service its weighted forward reaches",
    address: "aws_lb.nlb",
    mutate: (j) => {
      delete j.resource.aws_vpc_security_group_egress_rule.nlb_to_payments;
      res(j, "aws_lb_listener", "payments").default_action = [
        { type: "forward", forward: { target_group: [{ arn: ref("aws_lb_target_group.payments_blue", "arn"), weight: 100 }] } },
      ];
    },
  },
  {
    rule: "sg-chain",
    what: "an NLB behind a REST VPC link that holds PrivateLink traffic to its inbound rules (the default)",
    address: "aws_lb.nlb",
    mutate: (j) => delete res(j, "aws_lb", "nlb").enforce_security_group_inbound_rules_on_private_link_traffic,
  },
  {
    rule: "sg-nothing-else-open",
    what: "the NLB group open to the internet on its listener port",
    address: "aws_vpc_security_group_ingress_rule.nlb_from_vpc",
    mutate: (j) => (res(j, "aws_vpc_security_group_ingress_rule", "nlb_from_vpc").cidr_ipv4 = "0.0.0.0/0"),
  },
  {
    rule: "sg-nothing-else-open",
    what: "the NLB group admitting a port no listener has",
    address: "aws_vpc_security_group_ingress_rule.nlb_ssh",
    mutate: (j) =>
      (j.resource.aws_vpc_security_group_ingress_rule.nlb_ssh = {
        security_group_id: ref("aws_security_group.nlb", "id"),
        cidr_ipv4: "10.0.0.0/16",
        ip_protocol: "tcp",
        from_port: 22,
        to_port: 22,
        description: "ssh",
      }),
  },
  {
    rule: "sg-nothing-else-open",
    what: "the service admitting its NLB on a port that is not its container port",
    address: "aws_vpc_security_group_ingress_rule.payments_from_nlb",
    mutate: (j) => Object.assign(res(j, "aws_vpc_security_group_ingress_rule", "payments_from_nlb"), { from_port: 0, to_port: 65535 }),
  },
  {
    rule: "apigw-vpc-link-private",
    what: "a REST integration calling a port no listener of the VPC link's NLB has",
    address: "aws_api_gateway_integration.payments",
    mutate: (j) => (res(j, "aws_api_gateway_integration", "payments").uri = `http://${ref("aws_lb.nlb", "dns_name")}:10002/payments`),
  },
  {
    rule: "apigw-vpc-link-private",
    what: "a REST integration whose connection is not a VPC link",
    address: "aws_api_gateway_integration.payments",
    mutate: (j) => (res(j, "aws_api_gateway_integration", "payments").connection_id = "abc123"),
  },
  {
    rule: "apigw-vpc-link-private",
    what: "a REST VPC link targeting an application load balancer",
    address: "aws_api_gateway_vpc_link.rest",
    mutate: (j) => (res(j, "aws_lb", "nlb").load_balancer_type = "application"),
  },
  {
    rule: "apigw-certificate-validated",
    what: "a REST domain using its certificate before validation",
    address: "aws_api_gateway_domain_name.rest",
    mutate: (j) => (res(j, "aws_api_gateway_domain_name", "rest").regional_certificate_arn = ref("aws_acm_certificate.cert", "arn")),
  },
];

/** Compliant variants: other valid ways to write things, and dev's cost relaxations. */
const GOOD: { what: string; stack?: string; mutate: (json: TfJson) => void }[] = [
  {
    what: "dev relaxes multi-AZ, deletion protection, final snapshot, backups, NAT per AZ and log retention",
    stack: "dev",
    mutate: (j) => {
      Object.assign(db(j), { multi_az: false, deletion_protection: false, skip_final_snapshot: true, backup_retention_period: 1 });
      delete db(j).final_snapshot_identifier;
      res(j, "aws_route", "private_b_default").nat_gateway_id = ref("aws_nat_gateway.nat_a", "id");
      for (const g of Object.values(j.resource.aws_cloudwatch_log_group) as TfJson[]) g.retention_in_days = 30;
    },
  },
  {
    what: "staging keeps 7 days of backups and 90 days of logs",
    stack: "staging",
    mutate: (j) => {
      db(j).backup_retention_period = 7;
      for (const g of Object.values(j.resource.aws_cloudwatch_log_group) as TfJson[]) g.retention_in_days = 90;
    },
  },
  {
    what: "pull rights from the AWS managed execution policy",
    mutate: (j) => {
      delete j.resource.aws_iam_role_policy.execution_auth;
      delete j.resource.aws_iam_role_policy.execution_pull;
      j.resource.aws_iam_role_policy_attachment.execution = {
        role: ref("aws_iam_role.execution", "name"),
        policy_arn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
      };
    },
  },
  {
    what: "a bucket policy from data.aws_iam_policy_document",
    mutate: (j) => {
      j.data = {
        aws_iam_policy_document: {
          tls: {
            statement: [
              {
                effect: "Deny",
                actions: ["s3:*"],
                principals: [{ type: "*", identifiers: ["*"] }],
                resources: [ref("aws_s3_bucket.state", "arn")],
                condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
              },
            ],
          },
        },
      };
      res(j, "aws_s3_bucket_policy", "state").policy = "${data.aws_iam_policy_document.tls.json}";
    },
  },
  {
    what: "private subnets without NAT: endpoints, the S3 gateway and prefix-list egress",
    mutate: (j) => {
      delete j.resource.aws_route.private_a_default;
      delete j.resource.aws_route.private_b_default;
      const out = res(j, "aws_vpc_security_group_egress_rule", "orders_https");
      out.cidr_ipv4 = "10.0.0.0/16";
      j.resource.aws_vpc_security_group_egress_rule.orders_s3 = {
        security_group_id: ref("aws_security_group.orders", "id"),
        prefix_list_id: ref("aws_vpc_endpoint.s3", "prefix_list_id"),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        description: "Image layers from S3",
      };
    },
  },
  {
    what: "routes written inline in the route table",
    mutate: (j) => {
      delete j.resource.aws_route.private_a_default;
      res(j, "aws_route_table", "private_a").route = [{ cidr_block: "0.0.0.0/0", nat_gateway_id: ref("aws_nat_gateway.nat_a", "id") }];
    },
  },
  {
    what: "an endpoint policy from data.aws_iam_policy_document bounded by the organization",
    mutate: (j) => {
      j.data = {
        aws_iam_policy_document: {
          endpoint: {
            statement: [
              {
                effect: "Allow",
                actions: ["*"],
                resources: ["*"],
                principals: [{ type: "*", identifiers: ["*"] }],
                condition: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-a1b2c3d4e5"] }],
              },
            ],
          },
        },
      };
      res(j, "aws_vpc_endpoint", "ecr_api").policy = "${data.aws_iam_policy_document.endpoint.json}";
    },
  },
  {
    what: "an endpoint policy that names this account's principals instead of a condition",
    mutate: (j) =>
      editJson(res(j, "aws_vpc_endpoint", "ecr_dkr"), "policy", (p) => {
        delete p.Statement[0].Condition;
        p.Statement[0].Principal = { AWS: ["arn:aws:iam::123456789012:root"] };
      }),
  },
  {
    what: "the managed secret's username (it does not rotate) as a secret",
    mutate: (j) => {
      container(j, (c) => c.secrets.push({ name: "DB_ADMIN_USER", valueFrom: "${aws_db_instance.db.master_user_secret[0].secret_arn}:username::" }));
      grantSecret(j, { Action: ["secretsmanager:GetSecretValue"], Resource: ["${aws_db_instance.db.master_user_secret[0].secret_arn}"] });
    },
  },
  {
    what: "state access recorded by CloudTrail S3 data events instead of server access logging",
    mutate: (j) => {
      delete j.resource.aws_s3_bucket_logging;
      j.resource.aws_cloudtrail = {
        trail: {
          name: "acme-data-events",
          s3_bucket_name: "acme-cloudtrail-123456789012",
          event_selector: [
            {
              read_write_type: "All",
              include_management_events: true,
              data_resource: [{ type: "AWS::S3::Object", values: [`${ref("aws_s3_bucket.state", "arn")}/`] }],
            },
          ],
        },
      };
    },
  },
  {
    what: "a public route (authorization in the service): a warning, not an error",
    mutate: (j) => {
      const r = res(j, "aws_apigatewayv2_route", "orders");
      r.authorization_type = "NONE";
      delete r.authorizer_id;
    },
  },
  {
    what: "unsigned STS federation into this account's roles on an endpoint (no principal to bound)",
    mutate: (j) =>
      editJson(res(j, "aws_vpc_endpoint", "ecr_api"), "policy", (p) =>
        p.Statement.push({
          Sid: "Federation",
          Effect: "Allow",
          Principal: "*",
          Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
          Resource: ["arn:aws:iam::123456789012:role/*"],
        }),
      ),
  },
  {
    what: "a secret named by partial ARN (no random suffix), granted on <arn>-??????",
    mutate: (j) => {
      const partial = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/prod/orders/partner";
      container(j, (c) => c.secrets.push({ name: "PARTNER_KEY", valueFrom: `${partial}:key::` }));
      grantSecret(j, { Action: ["secretsmanager:GetSecretValue"], Resource: [`${partial}-??????`] });
    },
  },
  {
    what: "a secret granted through the secret's id (its ARN) and a service wildcard action",
    mutate: (j) =>
      editJson(res(j, "aws_iam_role_policy", "execution_secret"), "policy", (p) => {
        p.Statement[0].Action = ["secretsmanager:GetSecret*"];
        p.Statement[0].Resource = [ref("aws_secretsmanager_secret.app", "id")];
      }),
  },
  {
    what: "an SSM parameter named without ARN, granted on its ARN",
    mutate: (j) => container(j, (c) => c.secrets.push({ name: "FLAGS_BY_NAME", valueFrom: "/acme/prod/orders/feature-flags" })),
  },
  {
    what: "a secret whose valueFrom is a variable (not checkable offline: not reported)",
    mutate: (j) => container(j, (c) => c.secrets.push({ name: "FROM_VARIABLE", valueFrom: "${var.partner_secret_arn}" })),
  },
  {
    what: "a task role scoped by resource (s3:GetObject on a bucket's objects) beside ECS Exec's unscopable actions on *",
    mutate: (j) =>
      (j.resource.aws_iam_role_policy.task_app = {
        name: "app",
        role: ref("aws_iam_role.task", "name"),
        policy: policyDoc([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::acme-prod-orders/*"] }]),
      }),
  },
  {
    what: "a scheduler role passing roles by literal ARN",
    mutate: (j) =>
      editJson(
        res(j, "aws_iam_role_policy", "scheduler_run"),
        "policy",
        (p) =>
          (p.Statement[1].Resource = ["arn:aws:iam::123456789012:role/acme-prod-orders-execution", "arn:aws:iam::123456789012:role/acme-prod-orders-task"]),
      ),
  },
  {
    what: "a worker: no registration, a group without ingress",
    mutate: (j) => {
      const base = res(j, "aws_ecs_task_definition", "orders");
      const worker = JSON.parse(base.container_definitions)[0];
      delete worker.portMappings;
      delete worker.environment; // no database
      j.resource.aws_ecs_task_definition.worker = { ...base, family: "acme-prod-worker", container_definitions: JSON.stringify([worker]) };
      j.resource.aws_security_group.worker = { name: "worker", vpc_id: ref("aws_vpc.vpc", "id"), description: "worker: egress only" };
      j.resource.aws_vpc_security_group_egress_rule.worker_https = {
        security_group_id: ref("aws_security_group.worker", "id"),
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        description: "HTTPS to AWS APIs and ECR",
      };
      j.resource.aws_ecs_service.worker = {
        ...res(j, "aws_ecs_service", "orders"),
        name: "worker",
        task_definition: ref("aws_ecs_task_definition.worker", "arn"),
        network_configuration: {
          subnets: [ref("aws_subnet.private_a", "id"), ref("aws_subnet.private_b", "id")],
          security_groups: [ref("aws_security_group.worker", "id")],
          assign_public_ip: false,
        },
      };
      delete j.resource.aws_ecs_service.worker.service_registries;
      const tasks = alarm(j, "orders_tasks");
      j.resource.aws_cloudwatch_metric_alarm.worker_tasks = {
        ...tasks,
        dimensions: { ...tasks.dimensions, ServiceName: ref("aws_ecs_service.worker", "name") },
      };
    },
  },
  {
    what: "a scheduled job in a group of its own, admitted to the database",
    mutate: (j) => {
      j.resource.aws_security_group.job = { name: "acme-prod-nightly", description: "job", vpc_id: ref("aws_vpc.vpc", "id") };
      res(j, "aws_scheduler_schedule", "nightly").target.ecs_parameters.network_configuration.security_groups = [ref("aws_security_group.job", "id")];
      j.resource.aws_vpc_security_group_ingress_rule.db_from_job = {
        security_group_id: ref("aws_security_group.db", "id"),
        referenced_security_group_id: ref("aws_security_group.job", "id"),
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        description: "job",
      };
    },
  },
  {
    what: "an NLB admitting its listener port from the VPC's cidr_block by reference",
    mutate: (j) => (res(j, "aws_vpc_security_group_ingress_rule", "nlb_from_vpc").cidr_ipv4 = ref("aws_vpc.vpc", "cidr_block")),
  },
  {
    what: "an NLB admitting the HTTP API's VPC link through the VPC CIDR only (no group reference)",
    mutate: (j) => delete j.resource.aws_vpc_security_group_ingress_rule.nlb_from_link,
  },
  {
    what: "a blue/green listener written as a weighted forward over both target groups",
    mutate: (j) =>
      (res(j, "aws_lb_listener", "payments").default_action = [
        {
          type: "forward",
          forward: {
            target_group: [
              { arn: ref("aws_lb_target_group.payments_blue", "arn"), weight: 100 },
              { arn: ref("aws_lb_target_group.payments_green", "arn"), weight: 0 },
            ],
          },
        },
      ]),
  },
  {
    what: "a deployment group naming its CODE_DEPLOY service and cluster by literal name, rolling back on failure and alarms",
    mutate: (j) => {
      const group = res(j, "aws_codedeploy_deployment_group", "payments");
      group.ecs_service = { cluster_name: "acme-prod", service_name: "payments" };
      group.auto_rollback_configuration.events = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"];
      group.alarm_configuration = { enabled: true, alarms: ["acme-prod-payments-5xx"] };
    },
  },
  {
    what: "a REST method without an API key where no usage plan binds the API: a warning, not an error",
    mutate: (j) => {
      delete j.resource.aws_api_gateway_usage_plan_key;
      delete j.resource.aws_api_gateway_usage_plan;
      res(j, "aws_api_gateway_method", "payments").api_key_required = false;
    },
  },
  {
    what: "a CORS preflight answered by a MOCK integration, without an API key",
    mutate: (j) => {
      j.resource.aws_api_gateway_method.options = { ...res(j, "aws_api_gateway_method", "payments"), http_method: "OPTIONS", api_key_required: false };
      j.resource.aws_api_gateway_integration.options = {
        rest_api_id: ref("aws_api_gateway_rest_api.rest", "id"),
        resource_id: ref("aws_api_gateway_resource.payments", "id"),
        http_method: ref("aws_api_gateway_method.options", "http_method"),
        type: "MOCK",
        request_templates: { "application/json": '{"statusCode": 200}' },
      };
    },
  },
  {
    what: "a REST domain on an enhanced TLS 1.3 security policy, and INFO execution logging",
    mutate: (j) => {
      res(j, "aws_api_gateway_domain_name", "rest").security_policy = "SecurityPolicy_TLS13_1_3_2025_09";
      res(j, "aws_api_gateway_method_settings", "all").settings.logging_level = "INFO";
    },
  },
  {
    what: "a REST API without a custom domain keeping its execute-api endpoint",
    mutate: (j) => {
      delete j.resource.aws_api_gateway_base_path_mapping;
      delete j.resource.aws_api_gateway_domain_name;
      delete j.resource.cloudflare_dns_record.partners;
      res(j, "aws_api_gateway_rest_api", "rest").disable_execute_api_endpoint = false;
    },
  },
  {
    what: "a pipeline account: GitHub's OIDC provider, Allow-* boundaries, a bounded deploy role with PowerUserAccess trusted by one environment, a state role trusting named account roots",
    mutate: addPipelineRoles,
  },
  {
    what: "a running-task-count alarm naming its service by its literal name",
    mutate: (j) => (alarm(j, "orders_tasks").dimensions.ServiceName = "orders"),
  },
];

describe("rules", () => {
  it("the compliant fixture passes every rule, warnings included", () => {
    // GIVEN the compliant stack WHEN every rule runs THEN nothing is found
    expect(findingsOf({ prod: compliantStack() })).toEqual([]);
  });

  it.each(BAD.map((c) => [c.rule, c.what, c] as const))("%s flags %s", (rule, _what, c) => {
    // GIVEN the compliant stack, which this rule accepts
    expect(findingsOf({ [c.stack ?? "prod"]: compliantStack() }, rule)).toEqual([]);
    // WHEN one thing is broken
    const json = compliantStack();
    c.mutate(json);
    // THEN the rule reports it at the right address
    const found = findingsOf({ [c.stack ?? "prod"]: json }, rule);
    expect(found.map((f) => ({ rule: f.rule, address: f.address, stack: f.stack }))).toContainEqual({ rule, address: c.address, stack: c.stack ?? "prod" });
    // AND every finding explains itself and points at what it found
    expect(found.filter((f) => f.message.length <= 10 || f.refs.length === 0)).toEqual([]);
  });

  it.each(GOOD.map((c) => [c.what, c] as const))("accepts %s", (_what, c) => {
    // GIVEN the compliant stack with one allowed variation (table) / WHEN every rule runs / THEN no error
    const json = compliantStack();
    c.mutate(json);
    const errors = findingsOf({ [c.stack ?? "prod"]: json }).filter((f) => f.severity === "error");
    expect(errors).toEqual([]);
  });

  it("applies dev's relaxations only to dev: the same stack fails in staging", () => {
    // GIVEN dev's relaxed stack / WHEN checked as staging and as prod / THEN exactly the relaxed rules fail
    const json = compliantStack();
    GOOD[0].mutate(json);
    const rules = new Set(findingsOf({ staging: json }).map((f) => f.rule));
    expect([...rules].sort()).toEqual(["nat-per-az", "rds-deletion-protection", "rds-final-snapshot", "rds-multi-az"]);
    expect(new Set(findingsOf({ prod: json }).map((f) => f.rule))).toEqual(
      new Set(["nat-per-az", "rds-deletion-protection", "rds-final-snapshot", "rds-multi-az", "rds-backup-retention-prod", "log-group-retention-prod"]),
    );
  });

  it("has a non-compliant fixture for every rule", () => {
    // GIVEN the fixtures / WHEN matched to the rules / THEN every rule has one, and every fixture names a rule
    const covered = new Set(BAD.map((c) => c.rule));
    expect(ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
    expect(BAD.map((c) => c.rule).filter((id) => !ALL_RULES.some((r) => r.id === id))).toEqual([]);
  });

  it("describes every rule: unique kebab-case id, title, refs, severity, environments", () => {
    // GIVEN / WHEN every rule's description is read / THEN ids are unique kebab-case, and every field is set
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.refs.length).toBeGreaterThan(0);
      expect(["error", "warning"]).toContain(r.severity);
      expect(r.environments.length).toBeGreaterThan(0);
    }
    // Dev relaxes only cost items, as applicability; the account pin is a warning there
    // (environment-account-pinned) and an error in prod (prod-account-pinned).
    expect(
      ALL_RULES.filter((r) => !r.environments.includes("dev"))
        .map((r) => r.id)
        .sort(),
    ).toEqual(
      [
        "log-group-retention-prod",
        "nat-per-az",
        "prod-account-pinned",
        "rds-backup-retention-prod",
        "rds-deletion-protection",
        "rds-final-snapshot",
        "rds-multi-az",
      ].sort(),
    );
  });
});

describe("cf-zone-settings-one-owner (app-level)", () => {
  const withoutSettings = nonOwnerStack;

  it("accepts settings in exactly one stack", () => {
    // GIVEN zone settings in prod only / WHEN checked / THEN nothing is found
    expect(findingsOf({ prod: compliantStack(), staging: withoutSettings(), dev: withoutSettings() }, "cf-zone-settings-one-owner")).toEqual([]);
  });

  it("flags the second stack that manages the same zone's settings", () => {
    // GIVEN zone settings in prod and staging / WHEN checked / THEN the second stack is named
    const found = findingsOf({ prod: compliantStack(), staging: compliantStack() }, "cf-zone-settings-one-owner");
    expect(found.map((f) => [f.stack, f.address])).toEqual([
      ["staging", "cloudflare_zone_setting.always_use_https"],
      ["staging", "cloudflare_zone_setting.min_tls_version"],
      ["staging", "cloudflare_zone_setting.ssl"],
    ]);
    expect(found[0].message).toMatch(/also managed by prod/);
  });

  it("flags a zone setting managed by no stack while Cloudflare records exist", () => {
    // GIVEN records but no zone settings anywhere / WHEN checked / THEN the missing owner is reported
    const found = findingsOf({ dev: withoutSettings(), prod: withoutSettings() }, "cf-zone-settings-one-owner");
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/no stack manages the zone setting ssl/),
      expect.stringMatching(/always_use_https/),
      expect.stringMatching(/min_tls_version/),
    ]);
    expect(found[0]).toMatchObject({ stack: "dev", address: "cloudflare_dns_record.api" });
  });

  it("says nothing when no stack uses Cloudflare (the stacks before the DNS constructs exist)", () => {
    // GIVEN no Cloudflare resource at all / WHEN checked / THEN nothing is found
    const json = withoutSettings();
    delete json.resource.cloudflare_dns_record;
    expect(findingsOf({ prod: json }, "cf-zone-settings-one-owner")).toEqual([]);
  });
});

describe("nat-per-az message", () => {
  it('names the setting it found: natGateways "single" when the stack has one NAT gateway', () => {
    // GIVEN the compliant stack with one NAT gateway shared by both private route tables
    const json = compliantStack();
    delete json.resource.aws_nat_gateway.nat_b;
    delete json.resource.aws_eip.nat_b;
    res(json, "aws_route", "private_b_default").nat_gateway_id = ref("aws_nat_gateway.nat_a", "id");
    // WHEN the rule runs in staging THEN the message says what the layout is and what to set
    expect(findingsOf({ staging: json }, "nat-per-az").map((f) => [f.address, f.message])).toEqual([
      [
        "aws_subnet.private_b",
        'natGateways "single": 1 NAT gateway for 2 private route tables: this subnet in eu-west-1b routes through aws_nat_gateway.nat_a in eu-west-1a, so an outage of eu-west-1a cuts its internet egress (image pulls via NAT, telemetry export); set natGateways "perAz"',
      ],
    ]);
  });

  it("gives the counts when the layout is not one of the config's settings", () => {
    // GIVEN a NAT layout no setting produces / WHEN checked / THEN the finding gives the counts
    const json = compliantStack();
    res(json, "aws_route", "private_b_default").nat_gateway_id = ref("aws_nat_gateway.nat_a", "id");
    expect(findingsOf({ prod: json }, "nat-per-az")[0].message).toMatch(
      /^1 NAT gateway in use \(of 2 declared\) for 2 private route tables: this subnet in eu-west-1b/,
    );
  });
});

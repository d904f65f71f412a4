/**
 * Hand-written Terraform JSON for the checker's tests: one small but complete
 * environment (network, endpoints, database, registry, ECS service with secrets and an
 * EFS volume, a scheduled job, Cloud Map, HTTP API with a VPC link and custom domain,
 * Cloudflare records and zone settings, the state bucket) that satisfies every rule.
 * Issue 12's shapes are in it too: a blue/green (CODE_DEPLOY) service `payments` behind
 * an internal NLB listener with its CodeDeploy deployment group, reached by the HTTP API
 * through the listener (VPC link v2) and by a REST API with a usage plan, an API key
 * and a custom domain (VPC link v1 to the NLB). Each non-compliant fixture is this stack
 * with one thing broken, so a test shows exactly which change a rule catches.
 * Its AWS part is also run through `terraform validate` + `plan`, so the attribute
 * names are the real provider's.
 */
import { TfJson } from "../support/synth";

export const ZONE = "0123456789abcdef0123456789abcdef";
export const STATE_BUCKET = "acme-terraform-state";
export const ACCOUNT = "123456789012";
export const STATE_KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
/** An SSM parameter the orders container reads through `secrets` (by literal ARN). */
export const FLAGS_PARAMETER_ARN = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/acme/prod/orders/feature-flags`;

/** The `${address.attr}` reference string cdktf synthesizes. */
export const ref = (address: string, attr: string) => `\${${address}.${attr}}`;
const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const trust = (service: string) => doc([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);

const PULL = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];

/** An endpoint policy that admits only this account's principals. */
export const accountEndpointPolicy = () =>
  doc([
    { Sid: "ThisAccountOnly", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } },
  ]);

/** A fresh copy of the compliant stack (mutate freely). */
export function compliantStack(): TfJson {
  const vpcId = ref("aws_vpc.vpc", "id");
  const subnetIds = (...names: string[]) => names.map((n) => ref(`aws_subnet.${n}`, "id"));
  const subnet = (cidr: string, az: string) => ({ vpc_id: vpcId, cidr_block: cidr, availability_zone: `eu-west-1${az}`, map_public_ip_on_launch: false });
  const egress = (sg: string, port: number, peer: object, description: string) => ({
    security_group_id: ref(`aws_security_group.${sg}`, "id"),
    ip_protocol: "tcp",
    from_port: port,
    to_port: port,
    description,
    ...peer,
  });
  const container = {
    name: "app",
    image: `${ref("aws_ecr_repository.repo", "repository_url")}:1.0.0`,
    essential: true,
    readonlyRootFilesystem: true,
    portMappings: [{ containerPort: 8080, protocol: "tcp" }],
    // The app authenticates to PostgreSQL with IAM (a token per connection), so no password is injected.
    environment: [
      { name: "DB_HOST", value: ref("aws_db_instance.db", "address") },
      { name: "DB_USER", value: "app_iam" },
    ],
    secrets: [
      { name: "PARTNER_API_TOKEN", valueFrom: `${ref("aws_secretsmanager_secret.app", "arn")}:token::` },
      { name: "FEATURE_FLAGS", valueFrom: FLAGS_PARAMETER_ARN },
    ],
    mountPoints: [{ sourceVolume: "data", containerPath: "/data", readOnly: false }],
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": ref("aws_cloudwatch_log_group.orders", "name"), "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app" },
    },
  };
  /** The blue/green service's app: no database, no secrets, no volume. */
  const paymentsContainer = {
    name: "app",
    image: `${ref("aws_ecr_repository.repo", "repository_url")}:1.0.0`,
    essential: true,
    readonlyRootFilesystem: true,
    portMappings: [{ containerPort: 8080, protocol: "tcp" }],
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": ref("aws_cloudwatch_log_group.payments", "name"), "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app" },
    },
  };
  const restApiId = ref("aws_api_gateway_rest_api.rest", "id");
  const targetGroup = (color: string) => ({
    name: `acme-prod-payments-${color}`,
    port: 8080,
    protocol: "TCP",
    target_type: "ip",
    vpc_id: vpcId,
    deregistration_delay: "30",
    health_check: { enabled: true, protocol: "HTTP", path: "/health", port: "traffic-port", matcher: "200-399" },
    lifecycle: { create_before_destroy: true },
  });
  return {
    terraform: {
      required_providers: { aws: { source: "aws", version: "5.100.0" }, cloudflare: { source: "cloudflare/cloudflare", version: "5.14.0" } },
      backend: {
        s3: { bucket: STATE_BUCKET, key: "acme/prod/terraform.tfstate", region: "eu-west-1", encrypt: true, kms_key_id: STATE_KEY_ARN, use_lockfile: true },
      },
    },
    provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["111122223333"] }], cloudflare: [{}] },
    resource: {
      aws_vpc: { vpc: { cidr_block: "10.0.0.0/16", enable_dns_hostnames: true, enable_dns_support: true } },
      aws_default_security_group: { default: { vpc_id: vpcId } },
      aws_flow_log: {
        flow: {
          vpc_id: vpcId,
          traffic_type: "ALL",
          log_destination_type: "cloud-watch-logs",
          log_destination: ref("aws_cloudwatch_log_group.flow", "arn"),
          iam_role_arn: ref("aws_iam_role.flow", "arn"),
        },
      },
      aws_internet_gateway: { igw: { vpc_id: vpcId } },
      aws_subnet: {
        public_a: subnet("10.0.0.0/24", "a"),
        public_b: subnet("10.0.1.0/24", "b"),
        private_a: subnet("10.0.10.0/24", "a"),
        private_b: subnet("10.0.11.0/24", "b"),
        db_a: subnet("10.0.20.0/24", "a"),
        db_b: subnet("10.0.21.0/24", "b"),
      },
      aws_eip: { nat_a: { domain: "vpc" }, nat_b: { domain: "vpc" } },
      aws_nat_gateway: {
        nat_a: { allocation_id: ref("aws_eip.nat_a", "id"), subnet_id: ref("aws_subnet.public_a", "id") },
        nat_b: { allocation_id: ref("aws_eip.nat_b", "id"), subnet_id: ref("aws_subnet.public_b", "id") },
      },
      aws_route_table: {
        public: { vpc_id: vpcId },
        private_a: { vpc_id: vpcId },
        private_b: { vpc_id: vpcId },
        db: { vpc_id: vpcId },
      },
      aws_route: {
        public_default: {
          route_table_id: ref("aws_route_table.public", "id"),
          destination_cidr_block: "0.0.0.0/0",
          gateway_id: ref("aws_internet_gateway.igw", "id"),
        },
        private_a_default: {
          route_table_id: ref("aws_route_table.private_a", "id"),
          destination_cidr_block: "0.0.0.0/0",
          nat_gateway_id: ref("aws_nat_gateway.nat_a", "id"),
        },
        private_b_default: {
          route_table_id: ref("aws_route_table.private_b", "id"),
          destination_cidr_block: "0.0.0.0/0",
          nat_gateway_id: ref("aws_nat_gateway.nat_b", "id"),
        },
      },
      aws_route_table_association: Object.fromEntries(
        [
          ["public_a", "public"],
          ["public_b", "public"],
          ["private_a", "private_a"],
          ["private_b", "private_b"],
          ["db_a", "db"],
          ["db_b", "db"],
        ].map(([s, rt]) => [s, { subnet_id: ref(`aws_subnet.${s}`, "id"), route_table_id: ref(`aws_route_table.${rt}`, "id") }]),
      ),
      aws_vpc_endpoint: {
        ecr_api: {
          vpc_id: vpcId,
          service_name: "com.amazonaws.eu-west-1.ecr.api",
          vpc_endpoint_type: "Interface",
          private_dns_enabled: true,
          subnet_ids: subnetIds("private_a", "private_b"),
          security_group_ids: [ref("aws_security_group.endpoints", "id")],
          policy: accountEndpointPolicy(),
        },
        ecr_dkr: {
          vpc_id: vpcId,
          service_name: "com.amazonaws.eu-west-1.ecr.dkr",
          vpc_endpoint_type: "Interface",
          private_dns_enabled: true,
          subnet_ids: subnetIds("private_a", "private_b"),
          security_group_ids: [ref("aws_security_group.endpoints", "id")],
          policy: accountEndpointPolicy(),
        },
        s3: {
          vpc_id: vpcId,
          service_name: "com.amazonaws.eu-west-1.s3",
          vpc_endpoint_type: "Gateway",
          route_table_ids: [ref("aws_route_table.private_a", "id"), ref("aws_route_table.private_b", "id")],
          policy: doc([
            // ECR's layers come from an AWS-owned bucket through presigned URLs: no account condition can hold.
            { Sid: "EcrImageLayers", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*" },
            {
              Sid: "ThisAccountsBuckets",
              Effect: "Allow",
              Principal: "*",
              Action: "s3:*",
              Resource: "*",
              Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } },
            },
          ]),
        },
      },
      aws_security_group: {
        endpoints: { name: "endpoints", vpc_id: vpcId, description: "Interface endpoints: 443 from the VPC" },
        db: { name: "db", vpc_id: vpcId, description: "Database: 5432 from the services that use it" },
        orders: { name: "orders", vpc_id: vpcId, description: "orders: 8080 from the VPC link" },
        link: { name: "link", vpc_id: vpcId, description: "API Gateway VPC link: egress to the services" },
        efs: { name: "efs", vpc_id: vpcId, description: "EFS mount targets: NFS from the services that mount the file system" },
        nlb: { name: "nlb", vpc_id: vpcId, description: "Service NLB: listener ports from the VPC only; egress only to each service port" },
        payments: { name: "payments", vpc_id: vpcId, description: "payments: 8080 from the NLB" },
        instances: { name: "instances", vpc_id: vpcId, description: "ECS container instances: no ingress; HTTPS egress" },
      },
      aws_vpc_security_group_ingress_rule: {
        endpoints_https: {
          security_group_id: ref("aws_security_group.endpoints", "id"),
          cidr_ipv4: "10.0.0.0/16",
          ip_protocol: "tcp",
          from_port: 443,
          to_port: 443,
          description: "HTTPS from the VPC",
        },
        db_from_orders: {
          security_group_id: ref("aws_security_group.db", "id"),
          referenced_security_group_id: ref("aws_security_group.orders", "id"),
          ip_protocol: "tcp",
          from_port: 5432,
          to_port: 5432,
          description: "PostgreSQL from orders",
        },
        orders_from_link: {
          security_group_id: ref("aws_security_group.orders", "id"),
          referenced_security_group_id: ref("aws_security_group.link", "id"),
          ip_protocol: "tcp",
          from_port: 8080,
          to_port: 8080,
          description: "HTTP from the VPC link",
        },
        efs_from_orders: {
          security_group_id: ref("aws_security_group.efs", "id"),
          referenced_security_group_id: ref("aws_security_group.orders", "id"),
          ip_protocol: "tcp",
          from_port: 2049,
          to_port: 2049,
          description: "NFS from orders",
        },
        // The REST API's VPC link (v1) arrives over PrivateLink (not evaluated: see the NLB);
        // the HTTP API's VPC link (v2) by its group.
        nlb_from_vpc: {
          security_group_id: ref("aws_security_group.nlb", "id"),
          cidr_ipv4: "10.0.0.0/16",
          ip_protocol: "tcp",
          from_port: 10001,
          to_port: 10001,
          description: "Listener of payments from the VPC (API Gateway VPC links)",
        },
        nlb_from_link: {
          security_group_id: ref("aws_security_group.nlb", "id"),
          referenced_security_group_id: ref("aws_security_group.link", "id"),
          ip_protocol: "tcp",
          from_port: 10001,
          to_port: 10001,
          description: "API Gateway VPC link to the payments listener",
        },
        payments_from_nlb: {
          security_group_id: ref("aws_security_group.payments", "id"),
          referenced_security_group_id: ref("aws_security_group.nlb", "id"),
          ip_protocol: "tcp",
          from_port: 8080,
          to_port: 8080,
          description: "Service NLB to payments (traffic and health checks)",
        },
      },
      aws_vpc_security_group_egress_rule: {
        orders_https: egress("orders", 443, { cidr_ipv4: "0.0.0.0/0" }, "HTTPS to AWS APIs, ECR, S3 and Grafana Cloud"),
        orders_to_db: egress("orders", 5432, { referenced_security_group_id: ref("aws_security_group.db", "id") }, "PostgreSQL to the database"),
        link_to_orders: egress("link", 8080, { referenced_security_group_id: ref("aws_security_group.orders", "id") }, "HTTP to orders"),
        orders_to_efs: egress("orders", 2049, { referenced_security_group_id: ref("aws_security_group.efs", "id") }, "NFS to the EFS mount targets"),
        link_to_nlb: egress(
          "link",
          10001,
          { referenced_security_group_id: ref("aws_security_group.nlb", "id") },
          "API Gateway VPC link to the payments listener",
        ),
        nlb_to_payments: egress(
          "nlb",
          8080,
          { referenced_security_group_id: ref("aws_security_group.payments", "id") },
          "Service NLB to payments (traffic and health checks)",
        ),
        payments_https: egress("payments", 443, { cidr_ipv4: "0.0.0.0/0" }, "HTTPS to AWS APIs, ECR and S3"),
        instances_https: egress("instances", 443, { cidr_ipv4: "0.0.0.0/0" }, "HTTPS to the ECS, ECR and SSM APIs"),
      },
      aws_kms_key: { key: { description: "acme-prod: logs, ECR, RDS, EFS", enable_key_rotation: true, deletion_window_in_days: 30 } },
      aws_kms_key_policy: {
        key: {
          key_id: ref("aws_kms_key.key", "key_id"),
          policy: doc([
            {
              Sid: "AccountAdministersKeyThroughIam",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::ACCOUNT:root" },
              Action: "kms:*",
              Resource: "*",
            },
            // cdktf writes a token's expression into a JSON string raw: its quotes stay unescaped.
          ]).replace("ACCOUNT", '${element(split(":", aws_kms_key.key.arn), 4)}'),
        },
      },
      aws_cloudwatch_log_group: {
        flow: { name: "/vpc/acme-prod", retention_in_days: 365, kms_key_id: ref("aws_kms_key.key", "arn") },
        orders: { name: "/ecs/acme-prod/orders", retention_in_days: 365, kms_key_id: ref("aws_kms_key.key", "arn") },
        api: { name: "/apigw/acme-prod", retention_in_days: 365, kms_key_id: ref("aws_kms_key.key", "arn") },
        payments: { name: "/ecs/acme-prod/payments", retention_in_days: 365, kms_key_id: ref("aws_kms_key.key", "arn") },
        rest_access: { name: "/apigw/acme-prod/rest", retention_in_days: 365, kms_key_id: ref("aws_kms_key.key", "arn") },
      },
      aws_iam_role: {
        flow: { name: "acme-prod-flow-logs", assume_role_policy: trust("vpc-flow-logs.amazonaws.com") },
        monitoring: { name: "acme-prod-rds-monitoring", assume_role_policy: trust("monitoring.rds.amazonaws.com") },
        execution: { name: "acme-prod-orders-execution", assume_role_policy: trust("ecs-tasks.amazonaws.com") },
        task: { name: "acme-prod-orders-task", assume_role_policy: trust("ecs-tasks.amazonaws.com") },
        scheduler: { name: "acme-prod-orders-nightly-scheduler", assume_role_policy: trust("scheduler.amazonaws.com") },
        codedeploy: { name: "acme-prod-payments-codedeploy", assume_role_policy: trust("codedeploy.amazonaws.com") },
        instance: { name: "acme-prod-ecs-instance", assume_role_policy: trust("ec2.amazonaws.com") },
      },
      aws_iam_role_policy: {
        flow: {
          name: "write-flow-logs",
          role: ref("aws_iam_role.flow", "name"),
          policy: doc([
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: [`${ref("aws_cloudwatch_log_group.flow", "arn")}:*`],
            },
          ]),
        },
        execution_auth: {
          name: "ecr-auth",
          role: ref("aws_iam_role.execution", "name"),
          policy: doc([{ Sid: "AuthToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] }]),
        },
        execution_pull: {
          name: "pull-orders",
          role: ref("aws_iam_role.execution", "id"),
          policy: doc([{ Sid: "PullThisRepository", Effect: "Allow", Action: PULL, Resource: [ref("aws_ecr_repository.repo", "arn")] }]),
        },
        execution_logs: {
          name: "write-logs",
          role: ref("aws_iam_role.execution", "name"),
          policy: doc([
            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${ref("aws_cloudwatch_log_group.orders", "arn")}:*`] },
          ]),
        },
        execution_secret: {
          name: "read-app-secrets",
          role: ref("aws_iam_role.execution", "name"),
          policy: doc([
            { Sid: "ReadInjectedSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [ref("aws_secretsmanager_secret.app", "arn")] },
            { Sid: "ReadInjectedParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [FLAGS_PARAMETER_ARN] },
          ]),
        },
        task_db_connect: {
          name: "connect-as-app-iam",
          role: ref("aws_iam_role.task", "name"),
          policy: doc([
            {
              Effect: "Allow",
              Action: ["rds-db:connect"],
              Resource: [`arn:aws:rds-db:eu-west-1:${ACCOUNT}:dbuser:${ref("aws_db_instance.db", "resource_id")}/app_iam`],
            },
          ]),
        },
        task_efs: {
          name: "mount-orders-data",
          role: ref("aws_iam_role.task", "name"),
          policy: doc([
            {
              Effect: "Allow",
              Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
              Resource: [ref("aws_efs_file_system.data", "arn")],
              Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": ref("aws_efs_access_point.orders_data", "arn") } },
            },
          ]),
        },
        scheduler_run: {
          name: "run-orders-nightly",
          role: ref("aws_iam_role.scheduler", "name"),
          policy: doc([
            {
              Sid: "RunTheJobsTaskDefinition",
              Effect: "Allow",
              Action: ["ecs:RunTask"],
              Resource: [`${ref("aws_ecs_task_definition.orders", "arn_without_revision")}:*`],
              Condition: { ArnEquals: { "ecs:cluster": ref("aws_ecs_cluster.cluster", "arn") } },
            },
            {
              Sid: "PassTheJobsRoles",
              Effect: "Allow",
              Action: ["iam:PassRole"],
              Resource: [ref("aws_iam_role.execution", "arn"), ref("aws_iam_role.task", "arn")],
              Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            },
          ]),
        },
        task_exec: {
          name: "ecs-exec",
          role: ref("aws_iam_role.task", "name"),
          policy: doc([
            {
              Effect: "Allow",
              Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
              Resource: ["*"],
            },
          ]),
        },
      },
      aws_secretsmanager_secret: {
        app: { name: "acme-prod/orders/partner-api", kms_key_id: ref("aws_kms_key.key", "arn"), recovery_window_in_days: 7 },
      },
      aws_iam_role_policy_attachment: {
        monitoring: { role: ref("aws_iam_role.monitoring", "name"), policy_arn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole" },
        codedeploy: { role: ref("aws_iam_role.codedeploy", "name"), policy_arn: "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS" },
        instance_ecs: { role: ref("aws_iam_role.instance", "name"), policy_arn: "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role" },
        instance_ssm: { role: ref("aws_iam_role.instance", "name"), policy_arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" },
      },
      aws_db_subnet_group: { db: { name: "acme-prod", subnet_ids: subnetIds("db_a", "db_b") } },
      aws_db_parameter_group: {
        db: {
          name: "acme-prod-postgres16",
          family: "postgres16",
          parameter: [
            { name: "rds.force_ssl", value: "1" },
            { name: "log_statement", value: "ddl" },
            { name: "log_min_duration_statement", value: "500" },
          ],
        },
      },
      aws_db_instance: {
        db: {
          identifier: "acme-prod",
          engine: "postgres",
          engine_version: "16.4",
          instance_class: "db.t4g.micro",
          allocated_storage: 20,
          db_name: "app",
          username: "app_admin",
          manage_master_user_password: true,
          db_subnet_group_name: ref("aws_db_subnet_group.db", "name"),
          vpc_security_group_ids: [ref("aws_security_group.db", "id")],
          parameter_group_name: ref("aws_db_parameter_group.db", "name"),
          storage_encrypted: true,
          kms_key_id: ref("aws_kms_key.key", "arn"),
          publicly_accessible: false,
          backup_retention_period: 14,
          deletion_protection: true,
          multi_az: true,
          monitoring_interval: 60,
          monitoring_role_arn: ref("aws_iam_role.monitoring", "arn"),
          enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
          iam_database_authentication_enabled: true,
          auto_minor_version_upgrade: true,
          performance_insights_enabled: true,
          performance_insights_kms_key_id: ref("aws_kms_key.key", "arn"),
          copy_tags_to_snapshot: true,
          skip_final_snapshot: false,
          final_snapshot_identifier: "acme-prod-final",
        },
      },
      aws_ecr_repository: {
        repo: {
          name: "acme/orders",
          image_tag_mutability: "IMMUTABLE",
          image_scanning_configuration: { scan_on_push: true },
          encryption_configuration: [{ encryption_type: "KMS", kms_key: ref("aws_kms_key.key", "arn") }],
        },
      },
      aws_ecr_lifecycle_policy: {
        repo: {
          repository: ref("aws_ecr_repository.repo", "name"),
          policy: JSON.stringify({
            rules: [
              {
                rulePriority: 1,
                description: "expire untagged",
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
                action: { type: "expire" },
              },
            ],
          }),
        },
      },
      aws_ecr_repository_policy: {
        repo: {
          repository: ref("aws_ecr_repository.repo", "name"),
          policy: doc([{ Sid: "ThisAccountPulls", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: PULL }]),
        },
      },
      aws_ecs_cluster: {
        cluster: {
          name: "acme-prod",
          setting: [{ name: "containerInsights", value: "enhanced" }],
          configuration: { execute_command_configuration: { logging: "DEFAULT" } },
        },
      },
      // Issue 13: EC2 capacity (an ECS-optimized launch template, its group and capacity provider).
      aws_iam_instance_profile: { instance: { name: "acme-prod-ecs-instance", role: ref("aws_iam_role.instance", "name") } },
      aws_launch_template: {
        instances: {
          name: "acme-prod-ecs-instances",
          image_id: "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
          instance_type: "m7g.large",
          iam_instance_profile: { arn: ref("aws_iam_instance_profile.instance", "arn") },
          metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 },
          monitoring: { enabled: true },
          network_interfaces: [{ device_index: 0, associate_public_ip_address: "false", security_groups: [ref("aws_security_group.instances", "id")] }],
          block_device_mappings: [
            { device_name: "/dev/xvda", ebs: { volume_type: "gp3", volume_size: 30, encrypted: "true", kms_key_id: ref("aws_kms_key.key", "arn") } },
          ],
          user_data: '${base64encode("#!/bin/bash\\necho ECS_CLUSTER=acme-prod >> /etc/ecs/ecs.config\\n")}',
        },
      },
      aws_autoscaling_group: {
        instances: {
          name: "acme-prod-ecs-instances",
          vpc_zone_identifier: subnetIds("private_a", "private_b"),
          min_size: 0,
          max_size: 4,
          protect_from_scale_in: true,
          launch_template: { id: ref("aws_launch_template.instances", "id"), version: ref("aws_launch_template.instances", "latest_version") },
          tag: [{ key: "AmazonECSManaged", value: "", propagate_at_launch: true }],
          lifecycle: { ignore_changes: ["desired_capacity"] },
        },
      },
      aws_ecs_capacity_provider: {
        ec2: {
          name: "acme-prod-ec2",
          auto_scaling_group_provider: {
            auto_scaling_group_arn: ref("aws_autoscaling_group.instances", "arn"),
            managed_termination_protection: "ENABLED",
            managed_scaling: { status: "ENABLED", target_capacity: 100 },
          },
        },
      },
      aws_ecs_task_definition: {
        orders: {
          family: "acme-prod-orders",
          requires_compatibilities: ["FARGATE"],
          network_mode: "awsvpc",
          cpu: "256",
          memory: "512",
          execution_role_arn: ref("aws_iam_role.execution", "arn"),
          task_role_arn: ref("aws_iam_role.task", "arn"),
          container_definitions: JSON.stringify([container]),
          volume: [
            {
              name: "data",
              efs_volume_configuration: {
                file_system_id: ref("aws_efs_file_system.data", "id"),
                transit_encryption: "ENABLED",
                authorization_config: { access_point_id: ref("aws_efs_access_point.orders_data", "id"), iam: "ENABLED" },
              },
            },
          ],
        },
        // The blue/green service shares orders' image and roles (the grants cover it).
        payments: {
          family: "acme-prod-payments",
          requires_compatibilities: ["FARGATE"],
          network_mode: "awsvpc",
          cpu: "256",
          memory: "512",
          execution_role_arn: ref("aws_iam_role.execution", "arn"),
          task_role_arn: ref("aws_iam_role.task", "arn"),
          container_definitions: JSON.stringify([paymentsContainer]),
        },
      },
      aws_efs_file_system: {
        data: { creation_token: "acme-prod-data", encrypted: true, kms_key_id: ref("aws_kms_key.key", "arn") },
      },
      aws_efs_access_point: {
        orders_data: {
          file_system_id: ref("aws_efs_file_system.data", "id"),
          posix_user: { uid: 1000, gid: 1000 },
          root_directory: { path: "/orders/data", creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: "750" } },
        },
      },
      aws_efs_mount_target: {
        a: {
          file_system_id: ref("aws_efs_file_system.data", "id"),
          subnet_id: ref("aws_subnet.private_a", "id"),
          security_groups: [ref("aws_security_group.efs", "id")],
        },
        b: {
          file_system_id: ref("aws_efs_file_system.data", "id"),
          subnet_id: ref("aws_subnet.private_b", "id"),
          security_groups: [ref("aws_security_group.efs", "id")],
        },
      },
      aws_scheduler_schedule: {
        nightly: {
          name: "acme-prod-orders-nightly",
          schedule_expression: "cron(0 3 * * ? *)",
          schedule_expression_timezone: "Europe/Dublin",
          flexible_time_window: { mode: "OFF" },
          target: {
            arn: ref("aws_ecs_cluster.cluster", "arn"),
            role_arn: ref("aws_iam_role.scheduler", "arn"),
            ecs_parameters: {
              task_definition_arn: ref("aws_ecs_task_definition.orders", "arn"),
              launch_type: "FARGATE",
              network_configuration: {
                subnets: subnetIds("private_a", "private_b"),
                security_groups: [ref("aws_security_group.orders", "id")],
                assign_public_ip: false,
              },
            },
          },
        },
      },
      aws_ecs_service: {
        orders: {
          name: "orders",
          cluster: ref("aws_ecs_cluster.cluster", "id"),
          task_definition: ref("aws_ecs_task_definition.orders", "arn"),
          desired_count: 2,
          launch_type: "FARGATE",
          enable_execute_command: true,
          network_configuration: {
            subnets: subnetIds("private_a", "private_b"),
            security_groups: [ref("aws_security_group.orders", "id")],
            assign_public_ip: false,
          },
          deployment_circuit_breaker: { enable: true, rollback: true },
          service_registries: { registry_arn: ref("aws_service_discovery_service.orders", "arn"), container_name: "app", container_port: 8080 },
        },
        // Blue/green: CodeDeploy deploys it (and rolls back), so no circuit breaker.
        payments: {
          name: "payments",
          cluster: ref("aws_ecs_cluster.cluster", "id"),
          task_definition: ref("aws_ecs_task_definition.payments", "arn"),
          desired_count: 2,
          launch_type: "FARGATE",
          network_configuration: {
            subnets: subnetIds("private_a", "private_b"),
            security_groups: [ref("aws_security_group.payments", "id")],
            assign_public_ip: false,
          },
          deployment_controller: { type: "CODE_DEPLOY" },
          force_new_deployment: false,
          load_balancer: [{ target_group_arn: ref("aws_lb_target_group.payments_blue", "arn"), container_name: "app", container_port: 8080 }],
          health_check_grace_period_seconds: 60,
          depends_on: ["aws_lb_listener.payments"],
          lifecycle: { ignore_changes: ["desired_count", "task_definition", "load_balancer"] },
        },
      },
      aws_lb: {
        nlb: {
          name: "acme-prod-nlb",
          load_balancer_type: "network",
          internal: true,
          subnets: subnetIds("private_a", "private_b"),
          security_groups: [ref("aws_security_group.nlb", "id")],
          // The REST API's VPC link arrives over PrivateLink from API Gateway's addresses.
          enforce_security_group_inbound_rules_on_private_link_traffic: "off",
          enable_cross_zone_load_balancing: true,
          enable_deletion_protection: true,
        },
      },
      aws_lb_target_group: { payments_blue: targetGroup("blue"), payments_green: targetGroup("green") },
      aws_lb_listener: {
        payments: {
          load_balancer_arn: ref("aws_lb.nlb", "arn"),
          port: 10001,
          protocol: "TCP",
          default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.payments_blue", "arn") }],
          lifecycle: { ignore_changes: ["default_action"] },
        },
      },
      // The alert topic, and each service's running-task-count alarm (payments' as metric math).
      aws_sns_topic: { alerts: { name: "acme-prod-alerts", kms_master_key_id: ref("aws_kms_key.key", "arn") } },
      aws_cloudwatch_metric_alarm: {
        orders_tasks: {
          alarm_name: "acme-prod-service-orders-running-tasks-low",
          namespace: "ECS/ContainerInsights",
          metric_name: "RunningTaskCount",
          dimensions: { ClusterName: ref("aws_ecs_cluster.cluster", "name"), ServiceName: ref("aws_ecs_service.orders", "name") },
          statistic: "Average",
          period: 60,
          evaluation_periods: 5,
          comparison_operator: "LessThanThreshold",
          threshold: 2,
          treat_missing_data: "breaching",
          actions_enabled: true,
          alarm_actions: [ref("aws_sns_topic.alerts", "arn")],
          ok_actions: [ref("aws_sns_topic.alerts", "arn")],
        },
        payments_tasks: {
          alarm_name: "acme-prod-service-payments-running-tasks-low",
          evaluation_periods: 5,
          comparison_operator: "LessThanThreshold",
          threshold: 1,
          metric_query: [
            {
              id: "running",
              metric: {
                namespace: "ECS/ContainerInsights",
                metric_name: "RunningTaskCount",
                dimensions: { ClusterName: ref("aws_ecs_cluster.cluster", "name"), ServiceName: ref("aws_ecs_service.payments", "name") },
                stat: "Average",
                period: 60,
              },
            },
            { id: "low", expression: "running", return_data: true },
          ],
          alarm_actions: [ref("aws_sns_topic.alerts", "arn")],
          ok_actions: [ref("aws_sns_topic.alerts", "arn")],
        },
      },
      aws_codedeploy_app: { payments: { name: "acme-prod-payments", compute_platform: "ECS" } },
      aws_codedeploy_deployment_group: {
        payments: {
          app_name: ref("aws_codedeploy_app.payments", "name"),
          deployment_group_name: "acme-prod-payments",
          service_role_arn: ref("aws_iam_role.codedeploy", "arn"),
          deployment_config_name: "CodeDeployDefault.ECSAllAtOnce",
          deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
          blue_green_deployment_config: {
            deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" },
            terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 5 },
          },
          ecs_service: { cluster_name: ref("aws_ecs_cluster.cluster", "name"), service_name: ref("aws_ecs_service.payments", "name") },
          load_balancer_info: {
            target_group_pair_info: {
              prod_traffic_route: { listener_arns: [ref("aws_lb_listener.payments", "arn")] },
              target_group: [{ name: ref("aws_lb_target_group.payments_blue", "name") }, { name: ref("aws_lb_target_group.payments_green", "name") }],
            },
          },
          auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE"] },
          depends_on: ["aws_iam_role_policy_attachment.codedeploy"],
        },
      },
      aws_service_discovery_private_dns_namespace: { ns: { name: "prod.acme.internal", vpc: vpcId } },
      aws_service_discovery_service: {
        orders: {
          name: "orders",
          dns_config: {
            namespace_id: ref("aws_service_discovery_private_dns_namespace.ns", "id"),
            dns_records: [{ ttl: 10, type: "SRV" }],
            routing_policy: "MULTIVALUE",
          },
        },
      },
      aws_apigatewayv2_vpc_link: {
        link: { name: "acme-prod", subnet_ids: subnetIds("private_a", "private_b"), security_group_ids: [ref("aws_security_group.link", "id")] },
      },
      aws_apigatewayv2_api: {
        api: {
          name: "acme-prod",
          protocol_type: "HTTP",
          disable_execute_api_endpoint: true,
          cors_configuration: { allow_origins: ["https://app.example.com"] },
        },
      },
      aws_apigatewayv2_authorizer: {
        jwt: {
          api_id: ref("aws_apigatewayv2_api.api", "id"),
          name: "jwt",
          authorizer_type: "JWT",
          identity_sources: ["$request.header.Authorization"],
          jwt_configuration: { audience: ["acme"], issuer: "https://issuer.example.com/" },
        },
      },
      aws_apigatewayv2_integration: {
        orders: {
          api_id: ref("aws_apigatewayv2_api.api", "id"),
          integration_type: "HTTP_PROXY",
          integration_method: "ANY",
          integration_uri: ref("aws_service_discovery_service.orders", "arn"),
          connection_type: "VPC_LINK",
          connection_id: ref("aws_apigatewayv2_vpc_link.link", "id"),
        },
        // targets "loadBalancer": the VPC link (v2) integrates with the NLB listener.
        payments: {
          api_id: ref("aws_apigatewayv2_api.api", "id"),
          integration_type: "HTTP_PROXY",
          integration_method: "ANY",
          integration_uri: ref("aws_lb_listener.payments", "arn"),
          connection_type: "VPC_LINK",
          connection_id: ref("aws_apigatewayv2_vpc_link.link", "id"),
        },
      },
      aws_apigatewayv2_route: {
        orders: {
          api_id: ref("aws_apigatewayv2_api.api", "id"),
          route_key: "ANY /orders/{proxy+}",
          target: `integrations/${ref("aws_apigatewayv2_integration.orders", "id")}`,
          authorization_type: "JWT",
          authorizer_id: ref("aws_apigatewayv2_authorizer.jwt", "id"),
        },
        payments: {
          api_id: ref("aws_apigatewayv2_api.api", "id"),
          route_key: "ANY /payments/{proxy+}",
          target: `integrations/${ref("aws_apigatewayv2_integration.payments", "id")}`,
          authorization_type: "JWT",
          authorizer_id: ref("aws_apigatewayv2_authorizer.jwt", "id"),
        },
      },
      aws_apigatewayv2_stage: {
        default: {
          api_id: ref("aws_apigatewayv2_api.api", "id"),
          name: "$default",
          auto_deploy: true,
          access_log_settings: {
            destination_arn: ref("aws_cloudwatch_log_group.api", "arn"),
            format: '{"requestId":"$context.requestId","status":"$context.status"}',
          },
          default_route_settings: { throttling_burst_limit: 100, throttling_rate_limit: 50 },
        },
      },
      aws_acm_certificate: {
        cert: {
          domain_name: "api.example.com",
          subject_alternative_names: ["partners.example.com"],
          validation_method: "DNS",
          lifecycle: { create_before_destroy: true },
        },
      },
      aws_acm_certificate_validation: {
        cert: { certificate_arn: ref("aws_acm_certificate.cert", "arn"), validation_record_fqdns: "${[for r in cloudflare_dns_record.validation : r.name]}" },
      },
      aws_apigatewayv2_domain_name: {
        api: {
          domain_name: "api.example.com",
          domain_name_configuration: {
            certificate_arn: ref("aws_acm_certificate_validation.cert", "certificate_arn"),
            endpoint_type: "REGIONAL",
            security_policy: "TLS_1_2",
          },
        },
      },
      aws_apigatewayv2_api_mapping: {
        api: {
          api_id: ref("aws_apigatewayv2_api.api", "id"),
          domain_name: ref("aws_apigatewayv2_domain_name.api", "id"),
          stage: ref("aws_apigatewayv2_stage.default", "id"),
        },
      },
      // The REST flavor: client profiles as usage plans, clients as API keys.
      aws_api_gateway_rest_api: {
        rest: {
          name: "acme-prod-api",
          endpoint_configuration: { types: ["REGIONAL"] },
          disable_execute_api_endpoint: true,
          api_key_source: "HEADER",
        },
      },
      aws_api_gateway_vpc_link: { rest: { name: "acme-prod-rest-vpc-link", target_arns: [ref("aws_lb.nlb", "arn")] } },
      aws_api_gateway_resource: {
        payments: { rest_api_id: restApiId, parent_id: ref("aws_api_gateway_rest_api.rest", "root_resource_id"), path_part: "payments" },
      },
      aws_api_gateway_method: {
        payments: {
          rest_api_id: restApiId,
          resource_id: ref("aws_api_gateway_resource.payments", "id"),
          http_method: "ANY",
          authorization: "NONE",
          api_key_required: true,
        },
      },
      aws_api_gateway_integration: {
        payments: {
          rest_api_id: restApiId,
          resource_id: ref("aws_api_gateway_resource.payments", "id"),
          http_method: ref("aws_api_gateway_method.payments", "http_method"),
          type: "HTTP_PROXY",
          integration_http_method: "ANY",
          connection_type: "VPC_LINK",
          connection_id: ref("aws_api_gateway_vpc_link.rest", "id"),
          uri: `http://${ref("aws_lb.nlb", "dns_name")}:10001/payments`,
        },
      },
      aws_api_gateway_deployment: {
        rest: {
          rest_api_id: restApiId,
          triggers: { redeployment: "${sha1(jsonencode([aws_api_gateway_method.payments.id, aws_api_gateway_integration.payments.id]))}" },
          lifecycle: { create_before_destroy: true },
        },
      },
      aws_api_gateway_stage: {
        live: {
          rest_api_id: restApiId,
          stage_name: "live",
          deployment_id: ref("aws_api_gateway_deployment.rest", "id"),
          access_log_settings: {
            destination_arn: ref("aws_cloudwatch_log_group.rest_access", "arn"),
            format: '{"requestId":"$context.requestId","status":"$context.status","apiKeyId":"$context.identity.apiKeyId"}',
          },
        },
      },
      aws_api_gateway_method_settings: {
        all: {
          rest_api_id: restApiId,
          stage_name: ref("aws_api_gateway_stage.live", "stage_name"),
          method_path: "*/*",
          settings: { logging_level: "ERROR", data_trace_enabled: false, metrics_enabled: false, throttling_burst_limit: 100, throttling_rate_limit: 50 },
        },
      },
      aws_api_gateway_usage_plan: {
        gold: {
          name: "acme-prod-gold",
          api_stages: [{ api_id: restApiId, stage: ref("aws_api_gateway_stage.live", "stage_name") }],
          throttle_settings: { burst_limit: 20, rate_limit: 10 },
          quota_settings: { limit: 100000, period: "MONTH" },
        },
      },
      aws_api_gateway_api_key: { acme: { name: "acme-prod-acme", enabled: true } },
      aws_api_gateway_usage_plan_key: {
        acme: { key_id: ref("aws_api_gateway_api_key.acme", "id"), key_type: "API_KEY", usage_plan_id: ref("aws_api_gateway_usage_plan.gold", "id") },
      },
      aws_api_gateway_domain_name: {
        rest: {
          domain_name: "partners.example.com",
          endpoint_configuration: { types: ["REGIONAL"] },
          regional_certificate_arn: ref("aws_acm_certificate_validation.cert", "certificate_arn"),
          security_policy: "TLS_1_2",
        },
      },
      aws_api_gateway_base_path_mapping: {
        rest: {
          api_id: restApiId,
          domain_name: ref("aws_api_gateway_domain_name.rest", "domain_name"),
          stage_name: ref("aws_api_gateway_stage.live", "stage_name"),
        },
      },
      aws_s3_bucket: { state: { bucket: STATE_BUCKET, lifecycle: { prevent_destroy: true } } },
      // Server access logs go to the account's log bucket (managed elsewhere).
      aws_s3_bucket_logging: {
        state: { bucket: ref("aws_s3_bucket.state", "id"), target_bucket: "acme-access-logs-123456789012", target_prefix: "s3/acme-terraform-state/" },
      },
      aws_s3_bucket_versioning: { state: { bucket: ref("aws_s3_bucket.state", "id"), versioning_configuration: { status: "Enabled" } } },
      aws_s3_bucket_server_side_encryption_configuration: {
        state: {
          bucket: ref("aws_s3_bucket.state", "id"),
          rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: ref("aws_kms_key.key", "arn") } }],
        },
      },
      aws_s3_bucket_public_access_block: {
        state: {
          bucket: ref("aws_s3_bucket.state", "id"),
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        },
      },
      aws_s3_bucket_ownership_controls: { state: { bucket: ref("aws_s3_bucket.state", "id"), rule: { object_ownership: "BucketOwnerEnforced" } } },
      aws_s3_bucket_policy: {
        state: {
          bucket: ref("aws_s3_bucket.state", "id"),
          policy: doc([
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [ref("aws_s3_bucket.state", "arn"), `${ref("aws_s3_bucket.state", "arn")}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ]),
        },
      },
      aws_s3_bucket_lifecycle_configuration: {
        state: {
          bucket: ref("aws_s3_bucket.state", "id"),
          rule: [
            {
              id: "hygiene",
              status: "Enabled",
              filter: [{ prefix: "" }],
              abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
              noncurrent_version_expiration: [{ noncurrent_days: 90 }],
            },
          ],
        },
      },
      cloudflare_dns_record: {
        api: {
          zone_id: ZONE,
          name: "api.example.com",
          type: "CNAME",
          content: "${aws_apigatewayv2_domain_name.api.domain_name_configuration[0].target_domain_name}",
          proxied: true,
          ttl: 1,
        },
        partners: {
          zone_id: ZONE,
          name: "partners.example.com",
          type: "CNAME",
          content: ref("aws_api_gateway_domain_name.rest", "regional_domain_name"),
          proxied: true,
          ttl: 1,
        },
        validation: {
          for_each: "${{for key, val in tolist(aws_acm_certificate.cert.domain_validation_options): val.domain_name => val}}",
          zone_id: ZONE,
          name: '${trimsuffix(each.value.resource_record_name, ".")}',
          type: "${each.value.resource_record_type}",
          content: '${trimsuffix(each.value.resource_record_value, ".")}',
          proxied: false,
          ttl: 60,
        },
      },
      cloudflare_zone_setting: {
        ssl: { zone_id: ZONE, setting_id: "ssl", value: "strict" },
        always_use_https: { zone_id: ZONE, setting_id: "always_use_https", value: "on" },
        min_tls_version: { zone_id: ZONE, setting_id: "min_tls_version", value: "1.2" },
      },
    },
  };
}

/** `resource[type][name]` of a fixture, for mutation. */
export function res(json: TfJson, type: string, name: string): TfJson {
  const r = json.resource?.[type]?.[name];
  if (!r) throw new Error(`fixture has no ${type}.${name}`);
  return r;
}

/** Parses, edits and re-serializes a JSON-string attribute (a policy, container definitions). */
export function editJson(holder: TfJson, key: string, edit: (parsed: TfJson) => void): void {
  const parsed = JSON.parse(holder[key]);
  edit(parsed);
  holder[key] = JSON.stringify(parsed);
}

/** The compliant stack without the zone-wide Cloudflare settings: another environment of the same app. */
export function nonOwnerStack(): TfJson {
  const json = compliantStack();
  delete json.resource.cloudflare_zone_setting;
  return json;
}

/** A stack whose database is publicly accessible (the zone settings' owner unless `owner` is false). */
export function publicDb(owner = true): TfJson {
  const json = owner ? compliantStack() : nonOwnerStack();
  res(json, "aws_db_instance", "db").publicly_accessible = true;
  return json;
}

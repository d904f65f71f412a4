import { PriceTable } from "../../src/cost/price-table";
import { TfJson } from "../support/synth";

/** A table's price for `key`, failing loudly when the table has none (expectations come from the table). */
export function usd(table: PriceTable, key: string): number {
  const price = table.prices[key];
  if (!price) throw new Error(`${table.region} has no price for ${key}: the test expects one`);
  return price.usd;
}

/**
 * A small hand-made stack: one NAT gateway and its EIP, one interface endpoint in two
 * subnets (and a free gateway endpoint), a Single-AZ db.t4g.micro with 20 GB gp3 and a
 * managed password, two ECS services (api: 2 tasks of 0.5 vCPU / 1 GB on FARGATE;
 * worker: 1 task of 0.25 vCPU / 0.5 GB through the cluster's default strategy), a KMS
 * key, a secret, two log groups (30 and 365 days) and an HTTP API.
 */
export function smallStack(region = "us-east-1"): TfJson {
  return {
    provider: { aws: [{ region }] },
    resource: {
      aws_subnet: { a: { cidr_block: "10.0.1.0/24" }, b: { cidr_block: "10.0.2.0/24" }, public: { cidr_block: "10.0.0.0/24" } },
      aws_eip: { nat: { domain: "vpc" } },
      aws_nat_gateway: { nat: { allocation_id: "${aws_eip.nat.allocation_id}", subnet_id: "${aws_subnet.public.id}" } },
      aws_vpc_endpoint: {
        ecr: { vpc_endpoint_type: "Interface", service_name: `com.amazonaws.${region}.ecr.api`, subnet_ids: ["${aws_subnet.a.id}", "${aws_subnet.b.id}"] },
        s3: { vpc_endpoint_type: "Gateway", service_name: `com.amazonaws.${region}.s3` },
      },
      aws_db_instance: {
        db: {
          engine: "postgres",
          instance_class: "db.t4g.micro",
          multi_az: false,
          allocated_storage: 20,
          storage_type: "gp3",
          manage_master_user_password: true,
        },
      },
      aws_ecs_cluster: { main: { name: "main" } },
      aws_ecs_cluster_capacity_providers: {
        main: {
          cluster_name: "${aws_ecs_cluster.main.name}",
          capacity_providers: ["FARGATE", "FARGATE_SPOT"],
          default_capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1 }],
        },
      },
      aws_ecs_task_definition: {
        api: { family: "api", cpu: "512", memory: "1024", requires_compatibilities: ["FARGATE"], runtime_platform: { cpu_architecture: "X86_64" } },
        worker: { family: "worker", cpu: "256", memory: "512", requires_compatibilities: ["FARGATE"] },
      },
      aws_ecs_service: {
        api: {
          name: "api",
          cluster: "${aws_ecs_cluster.main.arn}",
          task_definition: "${aws_ecs_task_definition.api.arn}",
          desired_count: 2,
          capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1 }],
        },
        worker: { name: "worker", cluster: "${aws_ecs_cluster.main.arn}", task_definition: "${aws_ecs_task_definition.worker.arn}", desired_count: 1 },
      },
      aws_kms_key: { key: { enable_key_rotation: true } },
      aws_secretsmanager_secret: { app: { name: "app" } },
      aws_cloudwatch_log_group: { a: { name: "/a", retention_in_days: 30 }, b: { name: "/b", retention_in_days: 365 } },
      aws_apigatewayv2_api: { api: { name: "api", protocol_type: "HTTP" } },
    },
  };
}

/** A deep copy to change. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { endpointServiceName, GATEWAY_ENDPOINT_SERVICES, INTERFACE_ENDPOINT_SERVICES } from "../../src/core/aws-facts";
import { GatewayEndpoints } from "../../src/network/gateway-endpoints";
import { InterfaceEndpoints } from "../../src/network/interface-endpoints";
import { synthJson } from "../support/test-stack";
import { awsPart, describeWithTerraform, TerraformResult, planTogether } from "../support/terraform";

/**
 * What AWS calls each endpoint service the platform creates. In China only some services
 * are `cn.com.amazonaws.<region>.<service>` (aws-cdk's vpc-endpoint.ts exception lists,
 * from `aws ec2 describe-vpc-endpoint-services`); the gateways and logs, secretsmanager,
 * ssmmessages and kms keep `com.amazonaws.`.
 */
const EXPECTED: Record<string, Record<string, string>> = {
  "cn-north-1": {
    s3: "com.amazonaws.cn-north-1.s3",
    dynamodb: "com.amazonaws.cn-north-1.dynamodb",
    "ecr.api": "cn.com.amazonaws.cn-north-1.ecr.api",
    "ecr.dkr": "cn.com.amazonaws.cn-north-1.ecr.dkr",
    logs: "com.amazonaws.cn-north-1.logs",
    secretsmanager: "com.amazonaws.cn-north-1.secretsmanager",
    ssmmessages: "com.amazonaws.cn-north-1.ssmmessages",
    monitoring: "cn.com.amazonaws.cn-north-1.monitoring",
    kms: "com.amazonaws.cn-north-1.kms",
    sts: "cn.com.amazonaws.cn-north-1.sts",
  },
  "cn-northwest-1": {
    s3: "com.amazonaws.cn-northwest-1.s3",
    dynamodb: "com.amazonaws.cn-northwest-1.dynamodb",
    "ecr.api": "cn.com.amazonaws.cn-northwest-1.ecr.api",
    "ecr.dkr": "cn.com.amazonaws.cn-northwest-1.ecr.dkr",
    logs: "com.amazonaws.cn-northwest-1.logs",
    secretsmanager: "com.amazonaws.cn-northwest-1.secretsmanager",
    ssmmessages: "com.amazonaws.cn-northwest-1.ssmmessages",
    monitoring: "cn.com.amazonaws.cn-northwest-1.monitoring",
    kms: "com.amazonaws.cn-northwest-1.kms",
    sts: "cn.com.amazonaws.cn-northwest-1.sts",
  },
  "eu-west-1": {
    s3: "com.amazonaws.eu-west-1.s3",
    dynamodb: "com.amazonaws.eu-west-1.dynamodb",
    "ecr.api": "com.amazonaws.eu-west-1.ecr.api",
    "ecr.dkr": "com.amazonaws.eu-west-1.ecr.dkr",
    logs: "com.amazonaws.eu-west-1.logs",
    secretsmanager: "com.amazonaws.eu-west-1.secretsmanager",
    ssmmessages: "com.amazonaws.eu-west-1.ssmmessages",
    monitoring: "com.amazonaws.eu-west-1.monitoring",
    kms: "com.amazonaws.eu-west-1.kms",
    sts: "com.amazonaws.eu-west-1.sts",
  },
  "us-gov-west-1": {
    s3: "com.amazonaws.us-gov-west-1.s3",
    dynamodb: "com.amazonaws.us-gov-west-1.dynamodb",
    "ecr.api": "com.amazonaws.us-gov-west-1.ecr.api",
    "ecr.dkr": "com.amazonaws.us-gov-west-1.ecr.dkr",
    logs: "com.amazonaws.us-gov-west-1.logs",
    secretsmanager: "com.amazonaws.us-gov-west-1.secretsmanager",
    ssmmessages: "com.amazonaws.us-gov-west-1.ssmmessages",
    monitoring: "com.amazonaws.us-gov-west-1.monitoring",
    kms: "com.amazonaws.us-gov-west-1.kms",
    sts: "com.amazonaws.us-gov-west-1.sts",
  },
};
const PARTITION_OF: Record<string, string> = { "cn-north-1": "aws-cn", "cn-northwest-1": "aws-cn", "eu-west-1": "aws", "us-gov-west-1": "aws-us-gov" };
const GATEWAYS = GATEWAY_ENDPOINT_SERVICES;

describe("endpointServiceName", () => {
  it.each(Object.keys(EXPECTED))("%s: with a literal partition, the name AWS gives each service", (region) => {
    // GIVEN a region and its partition / WHEN every gateway and interface service is named
    // THEN each name is the one AWS lists for that region
    const names = {
      ...Object.fromEntries(GATEWAYS.map((s) => [s, endpointServiceName("Gateway", s, region, PARTITION_OF[region])])),
      ...Object.fromEntries(INTERFACE_ENDPOINT_SERVICES.map((s) => [s, endpointServiceName("Interface", s, region, PARTITION_OF[region])])),
    };
    expect(names).toEqual(EXPECTED[region]);
  });
});

/** A stack in `region` with both gateways and every interface endpoint. */
function endpointsStack(region: string): TerraformStack {
  const stack = new TerraformStack(Testing.app(), `endpoints-${region}`);
  new AwsProvider(stack, "aws", { region });
  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
  const subnets = [0, 1].map((i) => new Subnet(stack, `private-${i}`, { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24`, availabilityZone: `${region}${"ab"[i]}` }));
  const table = new RouteTable(stack, "private-rt", { vpcId: vpc.id });
  const naming = { project: "platform", envName: "dev" };
  new GatewayEndpoints(stack, "gateways", { naming, region, vpcId: vpc.id, routeTableIds: [table.id], accountId: "123456789012" });
  new InterfaceEndpoints(stack, "interfaces", {
    naming,
    region,
    vpcId: vpc.id,
    accountId: "123456789012",
    vpcCidr: "10.0.0.0/16",
    subnetIds: subnets.map((s) => s.id),
    services: INTERFACE_ENDPOINT_SERVICES,
  });
  return stack;
}

/** The `service_name` values of a plan's output, sorted. */
function plannedServiceNames(planOutput: string): string[] {
  return [...planOutput.matchAll(/\+ service_name\s+= "([^"]+)"/g)].map((m) => m[1]).sort();
}

describeWithTerraform("endpoint service names: terraform plan in China and elsewhere", () => {
  const REGIONS = ["cn-north-1", "eu-west-1"];
  const results: Record<string, TerraformResult> = {};

  beforeAll(async () => {
    // Both regions in one terraform run, one module each: the provider starts once.
    Object.assign(results, await planTogether(Object.fromEntries(REGIONS.map((region) => [region, awsPart(synthJson(endpointsStack(region)))]))));
  });

  it.each(REGIONS)("%s: the partition from the provider's region gives the names AWS uses", (region) => {
    // GIVEN the endpoints in a stack whose provider is in `region`
    // WHEN terraform plans it offline (data.aws_partition needs no API call)
    const result = results[region];
    if (!result.ok) throw new Error(`${region}: ${result.error}`);
    // THEN every endpoint's planned service name is the literal AWS name
    expect(plannedServiceNames(result.planOutput!)).toEqual(Object.values(EXPECTED[region]).sort());
  });
});

import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { INTERFACE_ENDPOINT_SERVICES } from "../../src/core/aws-facts";
import { GatewayEndpoints } from "../../src/network/gateway-endpoints";
import { InterfaceEndpoints } from "../../src/network/interface-endpoints";

/**
 * What AWS calls each endpoint service the platform creates. In China only some services
 * are `cn.com.amazonaws.<region>.<service>` (aws-cdk's vpc-endpoint.ts exception lists,
 * from `aws ec2 describe-vpc-endpoint-services`); the gateways and logs, secretsmanager,
 * ssm, ssmmessages and kms keep `com.amazonaws.`.
 */
export const EXPECTED_SERVICE_NAMES: Record<string, Record<string, string>> = {
  "cn-north-1": {
    s3: "com.amazonaws.cn-north-1.s3",
    dynamodb: "com.amazonaws.cn-north-1.dynamodb",
    "ecr.api": "cn.com.amazonaws.cn-north-1.ecr.api",
    "ecr.dkr": "cn.com.amazonaws.cn-north-1.ecr.dkr",
    logs: "com.amazonaws.cn-north-1.logs",
    secretsmanager: "com.amazonaws.cn-north-1.secretsmanager",
    ssm: "com.amazonaws.cn-north-1.ssm",
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
    ssm: "com.amazonaws.cn-northwest-1.ssm",
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
    ssm: "com.amazonaws.eu-west-1.ssm",
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
    ssm: "com.amazonaws.us-gov-west-1.ssm",
    ssmmessages: "com.amazonaws.us-gov-west-1.ssmmessages",
    monitoring: "com.amazonaws.us-gov-west-1.monitoring",
    kms: "com.amazonaws.us-gov-west-1.kms",
    sts: "com.amazonaws.us-gov-west-1.sts",
  },
};

/** A stack in `region` with both gateways and every interface endpoint. */
export function endpointsStack(region: string): TerraformStack {
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

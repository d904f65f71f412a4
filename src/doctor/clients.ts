/**
 * The AWS clients the doctor reads with, one set per region. Tests replace them
 * (aws-sdk-client-mock), so no request leaves a test.
 */
import { ACMClient } from "@aws-sdk/client-acm";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import { Route53Client } from "@aws-sdk/client-route-53";
import { ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import { STSClient } from "@aws-sdk/client-sts";

/** Temporary credentials (from STS AssumeRole), in the shape the SDK clients take. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}

/** Every client the doctor uses, for one region. */
export interface DoctorClients {
  readonly sts: STSClient;
  readonly ecs: ECSClient;
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  readonly serviceDiscovery: ServiceDiscoveryClient;
  readonly route53: Route53Client;
  readonly apiGatewayV2: ApiGatewayV2Client;
  readonly apiGateway: APIGatewayClient;
  readonly acm: ACMClient;
}

/**
 * The clients for `region`, with `credentials` or else the SDK's default chain
 * (AWS_PROFILE, SSO, environment keys, container or instance role). IAM and Route 53
 * are global: the region only picks the partition's endpoint.
 */
export function createClients(region: string, credentials?: TemporaryCredentials): DoctorClients {
  const config = { region, ...(credentials ? { credentials: { ...credentials } } : {}) };
  return {
    sts: new STSClient(config),
    ecs: new ECSClient(config),
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    serviceDiscovery: new ServiceDiscoveryClient(config),
    route53: new Route53Client(config),
    apiGatewayV2: new ApiGatewayV2Client(config),
    apiGateway: new APIGatewayClient(config),
    acm: new ACMClient(config),
  };
}

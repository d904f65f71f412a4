import { Construct } from "constructs";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { EnvironmentConfig } from "../../src/config/environment";
import { RestApi, RestApiProps, RestApiServiceOptions } from "../../src/edge/rest-api";
import { NetworkRef } from "../../src/network/network-ref";
import { logRetention } from "../../src/stacks/environment-props";
import { TEST_KMS_KEY_ARN } from "./fakes";

/** A well-formed NLB ARN, for tests that only need the shape. */
export const FAKE_NLB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/platform-prod-nlb/0123456789abcdef";

/**
 * A real internal NLB in the fake network's private subnets, so the VPC link and the
 * integrations reference its ARN and DNS name (and the stack still plans).
 */
export function fakeNlb(scope: Construct, network: NetworkRef): Lb {
  return new Lb(scope, "fake-nlb", {
    name: "platform-test-nlb",
    loadBalancerType: "network",
    internal: true,
    subnets: network.privateSubnetIds,
  });
}

/** The environment's RestApi in front of `nlb`, with the env's API settings and `props` overriding. */
export function envRestApi(scope: Construct, env: EnvironmentConfig, nlb: Lb, props: Partial<RestApiProps> = {}): RestApi {
  return new RestApi(scope, "api", {
    naming: env,
    vpcLinkTarget: { loadBalancerArn: nlb.arn, dnsName: nlb.dnsName },
    throttle: env.settings.api.throttle,
    detailedMetrics: env.settings.api.detailedMetrics,
    logRetentionDays: logRetention(env.settings.logRetentionDays),
    encryptionKey: { keyArn: TEST_KMS_KEY_ARN },
    ...props,
  });
}

/** The REST routing options of a service at `/<name>` on `listenerPort`, `overrides` applied. */
export function restRouteOptions(name: string, listenerPort: number, overrides: Partial<RestApiServiceOptions> = {}): RestApiServiceOptions {
  return { pathPrefix: `/${name}`, listenerPort, ...overrides };
}

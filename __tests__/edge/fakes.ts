import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { EnvironmentConfig } from "../../src/config/environment";
import { allowTraffic, ConnectableRef } from "../../src/core/connections";
import { ServiceRef } from "../../src/compute/service-ref";
import { DiscoveryServiceRef } from "../../src/discovery/discovery-service-ref";
import { HttpApi, HttpApiProps, HttpApiServiceOptions } from "../../src/edge/http-api";
import { NetworkRef } from "../../src/network/network-ref";
import { logRetention } from "../../src/stacks/environment-props";

/**
 * A small real stand-in for a Fargate service: its own security group and a Cloud Map
 * service with SRV records, and an `allowFrom` that opens both sides like the real one.
 */
export class FakeService extends Construct implements ServiceRef {
  public readonly name: string;
  public readonly port: number;
  public readonly securityGroup: SecurityGroup;
  public readonly securityGroupId: string;
  public readonly cloudMap: ServiceDiscoveryService;
  public readonly discoveryService: DiscoveryServiceRef;

  constructor(scope: Construct, id: string, props: { name: string; port: number; network: NetworkRef; namespaceId: string }) {
    super(scope, id);
    this.name = props.name;
    this.port = props.port;
    this.securityGroup = new SecurityGroup(this, "sg", { vpcId: props.network.vpcId, description: `${props.name} tasks` });
    this.securityGroupId = this.securityGroup.id;
    this.cloudMap = new ServiceDiscoveryService(this, "discovery", {
      name: props.name,
      dnsConfig: { namespaceId: props.namespaceId, dnsRecords: [{ type: "SRV", ttl: 10 }], routingPolicy: "MULTIVALUE" },
    });
    this.discoveryService = { serviceArn: this.cloudMap.arn, serviceId: this.cloudMap.id, serviceName: props.name };
  }

  allowFrom(source: ConnectableRef, description: string): void {
    allowTraffic(this, source, this, this.port, description);
  }
}

/** A private DNS namespace in the fake network's VPC. */
export function fakeNamespace(scope: Construct, network: NetworkRef): ServiceDiscoveryPrivateDnsNamespace {
  return new ServiceDiscoveryPrivateDnsNamespace(scope, "fake-namespace", { name: "test.internal", vpc: network.vpcId });
}

/** The API routing options of a service at `/<name>` (the schema's defaults), `overrides` applied. */
export function routeOptions(name: string, overrides: Partial<HttpApiServiceOptions> = {}): HttpApiServiceOptions {
  return { pathPrefix: `/${name}`, ...overrides };
}

/** A test KMS key ARN for log groups whose key is not under test. */
export const TEST_KMS_KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/test";

/** The environment's HttpApi as PlatformStack builds it, with `props` overriding. */
export function envHttpApi(scope: Construct, env: EnvironmentConfig, network: NetworkRef, props: Partial<HttpApiProps> = {}): HttpApi {
  return new HttpApi(scope, "api", {
    naming: env,
    network,
    throttle: env.settings.api.throttle,
    detailedMetrics: env.settings.api.detailedMetrics,
    logRetentionDays: logRetention(env.settings.logRetentionDays),
    encryptionKey: { keyArn: TEST_KMS_KEY_ARN },
    ...props,
  });
}

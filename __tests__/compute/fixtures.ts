import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { ResolvedService } from "../../src/config/environment";
import { allowTraffic, ConnectableRef } from "../../src/core/connections";
import { GrantableRef, grantInlinePolicy } from "../../src/core/iam";
import { DatabaseRef } from "../../src/database/database-ref";
import { EcsCluster, EcsClusterProps } from "../../src/compute/ecs-cluster";
import { FargateService, FargateServiceProps } from "../../src/compute/fargate-service";
import { PrivateNamespace } from "../../src/discovery/private-namespace";
import { NetworkRef } from "../../src/network/network-ref";
import { GrafanaCredentials } from "../../src/observability/grafana-credentials";
import { RepositoryRef } from "../../src/registry/repository-ref";
import { fargateServiceProps } from "../../src/stacks/environment-props";
import { fakeNetwork, testEnv, testStack } from "../support/test-stack";
import { fakeKmsKeyArn } from "../support/fake-arns";

export const NAMING = { project: "platform", envName: "prod" };
export const REGION = "eu-west-1";
export const KMS_KEY_ARN = fakeKmsKeyArn();
export const COLLECTOR_IMAGE = "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.116.1";
export const OTLP_ENDPOINT = "https://otlp-gateway-prod-eu-west-2.grafana.net/otlp";

/** A stand-in for the registry engineer's ServiceRepository: a real repository and a pull grant. */
export class FakeRepository extends Construct implements RepositoryRef {
  public readonly repository: EcrRepository;
  public readonly repositoryUrl: string;
  public readonly repositoryArn: string;
  public readonly repositoryName: string;
  constructor(scope: Construct, id: string, name: string) {
    super(scope, id);
    this.repository = new EcrRepository(this, "repo", {
      name: `platform/${name}`,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS" }],
    });
    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;
    this.repositoryName = this.repository.name;
  }
  grantPull(grantee: GrantableRef): IamRolePolicy {
    return grantInlinePolicy(this, grantee, {
      verb: "pull",
      policyName: "pull",
      statements: [
        { Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
        { Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [this.repositoryArn] },
      ],
    });
  }
}

/**
 * A stand-in for the database engineer's PostgresDatabase: a security group, and
 * `grantConnect` as a real inline policy (rds-db:connect on a fixed dbuser ARN) that it
 * also records, so tests see which role was granted which user.
 */
export class FakeDatabase extends Construct implements DatabaseRef {
  /** The fake instance's DbiResourceId. */
  static readonly RESOURCE_ID = "db-FAKERESOURCEID0123456789";
  public readonly securityGroup: SecurityGroup;
  public readonly securityGroupId: string;
  public readonly address = "platform-prod.abcdefghijkl.eu-west-1.rds.amazonaws.com";
  public readonly port = 5432;
  public readonly databaseName = "app";
  /** Every grantConnect call: the role and the database user. */
  public readonly grants: { grantee: GrantableRef; dbUser: string }[] = [];
  constructor(scope: Construct, id: string, network: NetworkRef) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "sg", { vpcId: network.vpcId, description: "fake database" });
    this.securityGroupId = this.securityGroup.id;
  }
  allowFrom(source: ConnectableRef, description: string): void {
    allowTraffic(this, source, this, this.port, description);
  }
  /** The dbuser ARN the fake grants `rds-db:connect` on. */
  static dbUserArn(dbUser: string): string {
    return `arn:aws:rds-db:eu-west-1:111122223333:dbuser:${FakeDatabase.RESOURCE_ID}/${dbUser}`;
  }
  grantConnect(grantee: GrantableRef, dbUser: string): IamRolePolicy {
    this.grants.push({ grantee, dbUser });
    return grantInlinePolicy(this, grantee, {
      verb: "connect",
      idSuffix: dbUser,
      policyName: `connect-as-${dbUser}`,
      statements: [{ Sid: "Connect", Effect: "Allow", Action: ["rds-db:connect"], Resource: [FakeDatabase.dbUserArn(dbUser)] }],
    });
  }
}

/** The default config's `orders` service as prod resolves it (database, min 2 / max 10), with `overrides`. */
export function resolvedService(overrides: Partial<ResolvedService> = {}): ResolvedService {
  const orders = testEnv("prod").services.find((svc) => svc.name === "orders")!;
  return { ...orders, environment: { LOG_LEVEL: "info" }, ...overrides };
}

/** Everything a service needs, in a test stack with a fake network. */
export interface ServiceWorld {
  readonly stack: TerraformStack;
  readonly network: NetworkRef;
  readonly cluster: EcsCluster;
  readonly namespace: PrivateNamespace;
  readonly credentials: GrafanaCredentials;
  readonly database: FakeDatabase;
  readonly repositories: Record<string, FakeRepository>;
}

export function world(clusterProps: Partial<EcsClusterProps> = {}, credentialsKmsKeyArn?: string): ServiceWorld {
  const stack = testStack();
  const network = fakeNetwork(stack);
  const cluster = new EcsCluster(stack, "cluster", {
    naming: NAMING,
    region: REGION,
    containerInsights: "enhanced",
    encryptionKey: { keyArn: KMS_KEY_ARN },
    logRetentionDays: 365,
    ...clusterProps,
  });
  const namespace = new PrivateNamespace(stack, "namespace", { naming: NAMING, vpcId: network.vpcId });
  const credentials = new GrafanaCredentials(stack, "grafana", {
    naming: NAMING,
    region: REGION,
    encryptionKey: { keyArn: credentialsKmsKeyArn ?? KMS_KEY_ARN },
  });
  const database = new FakeDatabase(stack, "database", network);
  return { stack, network, cluster, namespace, credentials, database, repositories: {} };
}

/** Adds one FargateService to a world; `props` override the defaults. */
export function addService(w: ServiceWorld, service: ResolvedService, props: Partial<FargateServiceProps> = {}): FargateService {
  const repository = (w.repositories[service.name] ??= new FakeRepository(w.stack, `repo-${service.name}`, service.name));
  return new FargateService(w.stack, service.name, {
    naming: NAMING,
    region: REGION,
    ...fargateServiceProps(service),
    cluster: w.cluster,
    network: w.network,
    repository,
    namespace: w.namespace,
    database: service.database ? w.database : undefined,
    logRetentionDays: 365,
    encryptionKey: { keyArn: KMS_KEY_ARN },
    autoscaling: { cpuTargetPercent: 60, memoryTargetPercent: 75 },
    observability: { enabled: true, otlpEndpoint: OTLP_ENDPOINT, collectorImage: COLLECTOR_IMAGE, credentials: w.credentials },
    ...props,
  });
}

/** The `${type.name.attr}` reference to a construct's resource (one copy, in support/synth). */
export { refOf } from "../support/synth";

/** Undoes Terraform's template escapes (`$${` → `${`, `%%{` → `%{`): what ECS receives. */
export function afterTerraform(text: string): string {
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

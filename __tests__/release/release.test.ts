import { join } from "path";
import {
  ApplicationDoesNotExistException,
  CodeDeployClient,
  CreateDeploymentCommand,
  CreateDeploymentCommandInput,
  DeploymentLimitExceededException,
} from "@aws-sdk/client-codedeploy";
import {
  ClusterNotFoundException,
  DescribeServicesCommand,
  DescribeServicesCommandOutput,
  DescribeTaskDefinitionCommand,
  DescribeTaskDefinitionCommandOutput,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RegisterTaskDefinitionCommandInput,
  Service,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { WorkloadTask } from "../../src/compute/workload-task";
import { loadConfigWithSource } from "../../src/config";
import { main, ReleaseCliDeps } from "../../src/release/cli";
import { APP_CONTAINER_NAME, appSpecContent, imageWithTag, release, ReleaseError, ReleaseRequest, watchHints } from "../../src/release/release";
import { FAKE_ACCOUNT } from "../support/fake-arns";

// Every ECS and CodeDeploy client, also those the CLI creates, answers from these mocks:
// no request leaves the process.
// The pinned SDK runs on Node 20; its advice to move to Node 22 is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const ecsMock = mockClient(ECSClient);
const codeDeployMock = mockClient(CodeDeployClient);

const REGION = "eu-west-1";
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${FAKE_ACCOUNT}:cluster/platform-prod`;
const CURRENT_ARN = `arn:aws:ecs:${REGION}:${FAKE_ACCOUNT}:task-definition/platform-prod-orders:42`;
const NEXT_ARN = `arn:aws:ecs:${REGION}:${FAKE_ACCOUNT}:task-definition/platform-prod-orders:43`;
const REPOSITORY = `${FAKE_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/platform/orders`;
const COLLECTOR_IMAGE = "otel/opentelemetry-collector-contrib:0.116.1";
const METADATA = { httpStatusCode: 200, requestId: "5f1b6c1e-2b7a-4c43-9d1e-0c4f7a0e8f11", attempts: 1, totalRetryDelay: 0 };
const REQUEST: ReleaseRequest = { naming: { project: "platform", envName: "prod" }, service: "orders", imageTag: "1.4.2" };

/** An ECS DescribeServices response for orders, as AWS shapes it (`overrides` merged into the service). */
function describeServices(overrides: Partial<Service> = {}): DescribeServicesCommandOutput {
  return {
    $metadata: METADATA,
    failures: [],
    services: [
      {
        serviceArn: `arn:aws:ecs:${REGION}:${FAKE_ACCOUNT}:service/platform-prod/orders`,
        serviceName: "orders",
        clusterArn: CLUSTER_ARN,
        status: "ACTIVE",
        desiredCount: 2,
        runningCount: 2,
        pendingCount: 0,
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
        platformVersion: "LATEST",
        platformFamily: "Linux",
        taskDefinition: CURRENT_ARN,
        deploymentController: { type: "CODE_DEPLOY" },
        loadBalancers: [
          {
            targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${FAKE_ACCOUNT}:targetgroup/platform-prod-orders-blue/0123456789abcdef`,
            containerName: "app",
            containerPort: 8080,
          },
        ],
        serviceRegistries: [
          { registryArn: `arn:aws:servicediscovery:${REGION}:${FAKE_ACCOUNT}:service/srv-abcdefghijklmnop`, containerName: "app", containerPort: 8080 },
        ],
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
            securityGroups: ["sg-0123456789abcdef0"],
            assignPublicIp: "DISABLED",
          },
        },
        taskSets: [
          {
            id: "ecs-svc/1234567890123456789",
            taskSetArn: `arn:aws:ecs:${REGION}:${FAKE_ACCOUNT}:task-set/platform-prod/orders/ecs-svc/1234567890123456789`,
            status: "PRIMARY",
            taskDefinition: CURRENT_ARN,
            computedDesiredCount: 2,
            runningCount: 2,
            externalId: "d-PREVIOUS1",
            stabilityStatus: "STEADY_STATE",
          },
        ],
        deployments: [],
        events: [],
        createdAt: new Date("2025-11-02T10:00:00Z"),
        createdBy: `arn:aws:iam::${FAKE_ACCOUNT}:role/deployer`,
        enableECSManagedTags: true,
        propagateTags: "SERVICE",
        enableExecuteCommand: false,
        schedulingStrategy: "REPLICA",
        ...overrides,
      },
    ],
  };
}

/** The orders task definition revision 42, as DescribeTaskDefinition returns it (with TAGS). */
function describeTaskDefinition(): DescribeTaskDefinitionCommandOutput {
  return {
    $metadata: METADATA,
    taskDefinition: {
      taskDefinitionArn: CURRENT_ARN,
      family: "platform-prod-orders",
      revision: 42,
      status: "ACTIVE",
      taskRoleArn: `arn:aws:iam::${FAKE_ACCOUNT}:role/platform-prod-orders-task`,
      executionRoleArn: `arn:aws:iam::${FAKE_ACCOUNT}:role/platform-prod-orders-exec`,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      compatibilities: ["EC2", "FARGATE"],
      cpu: "512",
      memory: "1024",
      runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
      volumes: [{ name: "tmp", host: {} }],
      placementConstraints: [],
      requiresAttributes: [{ name: "com.amazonaws.ecs.capability.logging-driver.awslogs" }, { name: "ecs.capability.execution-role-awslogs" }],
      registeredAt: new Date("2025-11-02T09:58:00Z"),
      registeredBy: `arn:aws:sts::${FAKE_ACCOUNT}:assumed-role/deployer/ci`,
      containerDefinitions: [
        {
          name: "app",
          image: `${REPOSITORY}:1.4.1`,
          essential: true,
          readonlyRootFilesystem: true,
          portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }],
          environment: [{ name: "LOG_LEVEL", value: "info" }],
          secrets: [{ name: "DB_PASSWORD_SECRET", valueFrom: `arn:aws:secretsmanager:${REGION}:${FAKE_ACCOUNT}:secret:orders-AbCdEf` }],
          mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
          volumesFrom: [],
          healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"], interval: 30, timeout: 5, retries: 3, startPeriod: 60 },
          logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/platform-prod/orders", "awslogs-region": REGION, "awslogs-stream-prefix": "app" },
          },
        },
        {
          name: "otel-collector",
          image: COLLECTOR_IMAGE,
          essential: false,
          readonlyRootFilesystem: true,
          portMappings: [],
          environment: [],
          mountPoints: [],
          volumesFrom: [],
          logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/platform-prod/orders", "awslogs-region": REGION, "awslogs-stream-prefix": "otel" },
          },
        },
      ],
    },
    tags: [
      { key: "project", value: "platform" },
      { key: "environment", value: "prod" },
      { key: "managed-by", value: "cdktf" },
    ],
  };
}

/** Mocks a whole successful release. */
function mockHappyPath(): void {
  ecsMock.on(DescribeServicesCommand).resolves(describeServices());
  ecsMock.on(DescribeTaskDefinitionCommand).resolves(describeTaskDefinition());
  ecsMock.on(RegisterTaskDefinitionCommand).callsFake((input: RegisterTaskDefinitionCommandInput) => ({
    $metadata: METADATA,
    taskDefinition: { ...input, taskDefinitionArn: NEXT_ARN, revision: 43, status: "ACTIVE", registeredAt: new Date() },
    tags: input.tags,
  }));
  codeDeployMock.on(CreateDeploymentCommand).resolves({ $metadata: METADATA, deploymentId: "d-7Q2EXAMPLE" });
}

const clients = () => ({ ecs: new ECSClient({ region: REGION }), codeDeploy: new CodeDeployClient({ region: REGION }) });
const registered = (): RegisterTaskDefinitionCommandInput => ecsMock.commandCalls(RegisterTaskDefinitionCommand)[0].args[0].input;
const deployment = (): CreateDeploymentCommandInput => codeDeployMock.commandCalls(CreateDeploymentCommand)[0].args[0].input;

beforeEach(() => {
  ecsMock.reset();
  codeDeployMock.reset();
});

describe("release", () => {
  it("registers the next revision with only the app image tag changed, and the read-only fields gone", async () => {
    // GIVEN a CODE_DEPLOY service on revision 42
    mockHappyPath();
    // WHEN orders 1.4.2 is released
    await release(clients(), REQUEST);
    // THEN the service was read in the cluster <project>-<env>, and the family's latest
    // revision (the one Terraform registered last, with every config change), not the running one
    expect(ecsMock.commandCalls(DescribeServicesCommand)[0].args[0].input).toEqual({ cluster: "platform-prod", services: ["orders"] });
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0].args[0].input).toEqual({ taskDefinition: "platform-prod-orders", include: ["TAGS"] });
    // AND the registered input is the describe output, minus what AWS sets, with the new tag and the tags
    const { taskDefinition: td, tags } = describeTaskDefinition();
    const [app, collector] = td!.containerDefinitions!;
    expect(registered()).toEqual({
      family: "platform-prod-orders",
      taskRoleArn: td!.taskRoleArn,
      executionRoleArn: td!.executionRoleArn,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "512",
      memory: "1024",
      runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
      volumes: [{ name: "tmp", host: {} }],
      placementConstraints: [],
      containerDefinitions: [{ ...app, image: `${REPOSITORY}:1.4.2` }, collector],
      tags,
    });
    for (const field of [
      "taskDefinitionArn",
      "revision",
      "status",
      "requiresAttributes",
      "compatibilities",
      "registeredAt",
      "registeredBy",
      "deregisteredAt",
    ]) {
      expect(registered()).not.toHaveProperty(field);
    }
  });

  it("starts the CodeDeploy deployment of <project>-<env>-<service> with an AppSpec naming the new revision, container app and its port", async () => {
    // GIVEN a CODE_DEPLOY service
    mockHappyPath();
    // WHEN orders 1.4.2 is released
    const result = await release(clients(), REQUEST);
    // THEN the deployment targets the application and group of the same name
    const input = deployment();
    expect(input).toMatchObject({
      applicationName: "platform-prod-orders",
      deploymentGroupName: "platform-prod-orders",
      revision: { revisionType: "AppSpecContent", appSpecContent: { content: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } },
    });
    // AND its AppSpec routes the load balancer to the new revision's app container on 8080
    const content = input.revision!.appSpecContent!.content!;
    expect(JSON.parse(content)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: "AWS::ECS::Service",
            Properties: {
              TaskDefinition: NEXT_ARN,
              LoadBalancerInfo: { ContainerName: "app", ContainerPort: 8080 },
              // the service's own, so CodeDeploy keeps them (it drops an absent capacity strategy)
              PlatformVersion: "LATEST",
              NetworkConfiguration: {
                AwsvpcConfiguration: {
                  Subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
                  SecurityGroups: ["sg-0123456789abcdef0"],
                  AssignPublicIp: "DISABLED",
                },
              },
              CapacityProviderStrategy: [{ CapacityProvider: "FARGATE", Weight: 1, Base: 0 }],
            },
          },
        },
      ],
    });
    expect(content).toMatch(/^\{"version":0\.0,/);
    // AND the result says what started
    expect(result).toEqual({
      deploymentId: "d-7Q2EXAMPLE",
      taskDefinitionArn: NEXT_ARN,
      previousTaskDefinitionArn: CURRENT_ARN,
      image: `${REPOSITORY}:1.4.2`,
      applicationName: "platform-prod-orders",
      deploymentGroupName: "platform-prod-orders",
      containerPort: 8080,
    });
  });

  it("fails clearly when the service does not exist, and registers nothing", async () => {
    // GIVEN ECS reports the service MISSING
    ecsMock.on(DescribeServicesCommand).resolves({
      $metadata: METADATA,
      services: [],
      failures: [{ arn: `arn:aws:ecs:${REGION}:${FAKE_ACCOUNT}:service/platform-prod/orders`, reason: "MISSING" }],
    });
    // WHEN released THEN it fails, naming the service, the cluster and the reason
    await expect(release(clients(), REQUEST)).rejects.toThrow(
      new ReleaseError("no ECS service orders in cluster platform-prod (MISSING): is it in the config and prod deployed (cdktf deploy prod)?"),
    );
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(codeDeployMock.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
  });

  it("treats a deleted (INACTIVE) service as missing", async () => {
    // GIVEN the service was deleted and ECS still describes it
    ecsMock.on(DescribeServicesCommand).resolves(describeServices({ status: "INACTIVE" }));
    // WHEN released THEN it fails as for a missing service
    await expect(release(clients(), REQUEST)).rejects.toThrow(/^no ECS service orders in cluster platform-prod: /);
  });

  it("fails clearly when the cluster does not exist", async () => {
    // GIVEN ECS has no such cluster
    ecsMock.on(DescribeServicesCommand).rejects(new ClusterNotFoundException({ message: "Cluster not found.", $metadata: { httpStatusCode: 400 } }));
    // WHEN released THEN the message says the environment is not deployed
    await expect(release(clients(), REQUEST)).rejects.toThrow("no ECS cluster platform-prod: is prod deployed (cdktf deploy prod)?");
  });

  it("refuses a service on rolling deployments and says how to deploy it", async () => {
    // GIVEN orders uses the ECS (rolling) controller
    ecsMock.on(DescribeServicesCommand).resolves(describeServices({ deploymentController: { type: "ECS" }, loadBalancers: [], taskSets: [] }));
    // WHEN released THEN it fails with the cdktf command, and registers nothing
    await expect(release(clients(), REQUEST)).rejects.toThrow(
      new ReleaseError("orders in prod uses rolling deployments: deploy with cdktf deploy prod --var image_tag_orders=1.4.2"),
    );
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
  });

  it("treats a service without a deployment controller as rolling (ECS's default)", async () => {
    // GIVEN a service described without deploymentController
    ecsMock.on(DescribeServicesCommand).resolves(describeServices({ deploymentController: undefined }));
    // WHEN released THEN it is refused as rolling
    await expect(release(clients(), REQUEST)).rejects.toThrow(/uses rolling deployments/);
  });

  it("reports a deployment already in progress (DeploymentLimitExceededException) with what to do", async () => {
    // GIVEN CodeDeploy refuses a second deployment
    mockHappyPath();
    codeDeployMock.on(CreateDeploymentCommand).rejects(
      new DeploymentLimitExceededException({
        message: "The Deployment Group 'platform-prod-orders' already has an active Deployment.",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    // WHEN released THEN the error names the group, how to see the running deployment, and the unused revision
    const error = await release(clients(), REQUEST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReleaseError);
    expect((error as Error).message).toMatch(/^a deployment of platform-prod-orders is already in progress: wait for it \(aws deploy list-deployments /);
    expect((error as Error).message).toContain(`task definition ${NEXT_ARN} is registered but unused`);
  });

  it("reports a missing CodeDeploy application (ApplicationDoesNotExistException)", async () => {
    // GIVEN the service is CODE_DEPLOY but the application is gone
    mockHappyPath();
    codeDeployMock
      .on(CreateDeploymentCommand)
      .rejects(new ApplicationDoesNotExistException({ message: "No application found for name: platform-prod-orders", $metadata: { httpStatusCode: 400 } }));
    // WHEN released THEN it says to deploy the blue/green setup first
    await expect(release(clients(), REQUEST)).rejects.toThrow(
      /^no CodeDeploy application platform-prod-orders: set the service's deployment to "blueGreen" for prod/,
    );
  });

  it("passes any other AWS error on with the call that failed", async () => {
    // GIVEN registering is denied
    mockHappyPath();
    const denied = Object.assign(new Error("User is not authorized to perform: ecs:RegisterTaskDefinition"), { name: "AccessDeniedException" });
    ecsMock.on(RegisterTaskDefinitionCommand).rejects(denied);
    // WHEN released THEN the message names the call, the AWS error and its text
    await expect(release(clients(), REQUEST)).rejects.toThrow(
      "ECS RegisterTaskDefinition failed: AccessDeniedException: User is not authorized to perform: ecs:RegisterTaskDefinition",
    );
    expect(codeDeployMock.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
  });

  it("refuses an invalid image tag before calling AWS", async () => {
    // GIVEN / WHEN released with "latest" THEN it fails without a call
    await expect(release(clients(), { ...REQUEST, imageTag: "latest" })).rejects.toThrow(/image tag "latest" must not be "latest"/);
    expect(ecsMock.calls()).toHaveLength(0);
  });
});

describe("release helpers", () => {
  it("replaces a tag or digest, keeping a registry port", () => {
    // GIVEN images with a tag, a digest, none, and a registry port / WHEN retagged / THEN only the tag changes
    expect(imageWithTag(`${REPOSITORY}:1.4.1`, "2.0.0")).toBe(`${REPOSITORY}:2.0.0`);
    expect(imageWithTag(`${REPOSITORY}@sha256:${"a".repeat(64)}`, "2.0.0")).toBe(`${REPOSITORY}:2.0.0`);
    expect(imageWithTag(`${REPOSITORY}:1.4.1@sha256:${"a".repeat(64)}`, "2.0.0")).toBe(`${REPOSITORY}:2.0.0`);
    expect(imageWithTag(REPOSITORY, "2.0.0")).toBe(`${REPOSITORY}:2.0.0`);
    expect(imageWithTag("registry.local:5000/orders", "2.0.0")).toBe("registry.local:5000/orders:2.0.0");
  });

  it("writes the AppSpec version as 0.0", () => {
    // GIVEN / WHEN an AppSpec / THEN it is JSON with the documented version literal
    expect(appSpecContent(NEXT_ARN, "app", 8080)).toBe(
      `{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"${NEXT_ARN}","LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080}}}}]}`,
    );
  });

  it("hints the CLI everywhere and the console only in the commercial partition", () => {
    // GIVEN / WHEN hints for eu-west-1 and cn-north-1 / THEN both have the CLI, only eu-west-1 the console
    expect(watchHints("d-1", "eu-west-1")).toEqual([
      "aws deploy get-deployment --deployment-id d-1 --region eu-west-1 --query deploymentInfo.status",
      "aws deploy wait deployment-successful --deployment-id d-1 --region eu-west-1",
      "https://eu-west-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-1?region=eu-west-1",
    ]);
    expect(watchHints("d-1", "cn-north-1")).toHaveLength(2);
  });

  it("agrees with compute on the app container's name", () => {
    // GIVEN / WHEN the release's copy / THEN it equals the construct's
    expect(APP_CONTAINER_NAME).toBe(WorkloadTask.APP_CONTAINER_NAME);
  });
});

describe("npm run release (CLI)", () => {
  /** Runs the CLI on the embedded default config (project platform, region eu-west-1, services orders and catalog). */
  const run = async (argv: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const deps: Partial<ReleaseCliDeps> = {
      env,
      stdout: (t) => void out.push(t),
      stderr: (t) => void err.push(t),
      // A folder without infra.config.json: a config file of the project must not change what is tested.
      loadConfig: (e) => loadConfigWithSource({ env: e, cwd: join(__dirname, "..", "fixtures") }),
    };
    const code = await main(argv, deps);
    return { code, stdout: out.join(""), stderr: err.join("") };
  };

  it("exits 0 and prints the deployment id and how to watch it", async () => {
    // GIVEN a CODE_DEPLOY service in prod
    mockHappyPath();
    // WHEN released from the CLI
    const r = await run(["prod", "orders", "1.4.2"]);
    // THEN it exits 0, prints the id and the watch commands, and logs its steps on stderr
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Started CodeDeploy deployment d-7Q2EXAMPLE: orders 1.4.2 in prod (platform-prod-orders,");
    expect(r.stdout).toContain("aws deploy get-deployment --deployment-id d-7Q2EXAMPLE --region eu-west-1");
    expect(r.stderr).toMatch(/^config: embedded defaults/);
    expect(r.stderr).toContain(`registered ${NEXT_ARN}`);
  });

  it("exits 1 with the reason on a rolling service", async () => {
    // GIVEN a rolling service / WHEN released / THEN exit 1 and the cdktf command
    ecsMock.on(DescribeServicesCommand).resolves(describeServices({ deploymentController: { type: "ECS" } }));
    const r = await run(["dev", "orders", "1.4.2"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("release failed: orders in dev uses rolling deployments: deploy with cdktf deploy dev --var image_tag_orders=1.4.2");
    expect(r.stdout).toBe("");
  });

  it("exits 1 on a CodeDeploy error", async () => {
    // GIVEN CodeDeploy refuses / WHEN released / THEN exit 1 with CodeDeploy's reason
    mockHappyPath();
    codeDeployMock.on(CreateDeploymentCommand).rejects(new DeploymentLimitExceededException({ message: "active deployment", $metadata: {} }));
    const r = await run(["prod", "orders", "1.4.2"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("release failed: a deployment of platform-prod-orders is already in progress");
  });

  it("exits 2 without usable credentials, saying what to set", async () => {
    // GIVEN the SDK's credential chain finds nothing / WHEN released
    ecsMock
      .on(DescribeServicesCommand)
      .rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    const r = await run(["prod", "orders", "1.4.2"]);
    // THEN exit 2 with the error and the ways to supply deploy's credentials, no stack trace
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("release: no usable AWS credentials for prod (CredentialsProviderError: Could not load credentials from any providers)");
    expect(r.stderr).toMatch(/It needs the AWS credentials cdktf deploy prod uses: AWS_PROFILE=<profile>/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [[], /expected <env> <service> <imageTag>, got 0 argument/],
    [["qa", "orders", "1.0"], /unknown environment "qa": the config declares dev, staging, prod/],
    [["prod", "payments", "1.0"], /unknown service "payments": the config declares orders, catalog/],
    [["prod", "orders", ".bad"], /image tag ".bad" must be a Docker tag/],
    [["prod", "orders", "1.0", "--force"], /Unknown option '--force'/],
  ])("exits 2 on a usage error: %j", async (argv, message) => {
    // GIVEN / WHEN a bad command line / THEN exit 2, the problem and the usage, and no AWS call
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("usage: npm run release -- <env> <service> <imageTag>");
    expect(ecsMock.calls()).toHaveLength(0);
  });

  it("uses the config's region, saying so when AWS_REGION differs", async () => {
    // GIVEN AWS_REGION set elsewhere / WHEN released / THEN the watch hints use the config's region, and a note says why
    mockHappyPath();
    const r = await run(["prod", "orders", "1.4.2"], { AWS_REGION: "us-east-1" });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("AWS_REGION=us-east-1 is not used: prod deploys to the config's region eu-west-1");
    expect(r.stdout).toContain("--region eu-west-1");
    expect(await ecsMock.call(0).thisValue.config.region()).toBe("eu-west-1");
  });
});

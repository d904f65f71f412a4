import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { AccessDeniedException, ListTasksCommand } from "@aws-sdk/client-ecs";
import { GetPolicyVersionCommand } from "@aws-sdk/client-iam";
import { ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { EnvironmentConfig, loadConfigWithSource, resolveEnvironment } from "../../src/config";
import { main } from "../../src/doctor/cli";
import { FetchLike, FetchResponse } from "../../src/doctor/cloudflare";
import { REST_EXAMPLE } from "../support/examples";
import { FAKE_ACCOUNT } from "../support/fake-arns";
import { callNames, healthyWorld, installWorld, mocks, resetMocks, stoppedTask, World, worldIds } from "./world";

beforeEach(() => resetMocks());

/** The config a user file `overrides` gives, and one of its environments resolved. */
function environment(overrides: object = {}, envName = "dev"): EnvironmentConfig {
  return resolveEnvironment(loadConfigWithSource({ overrides, env: {} }).config, envName);
}

/** A fetch that must not be called: without a token the doctor asks Cloudflare nothing. */
const noFetch: FetchLike = () => {
  throw new Error("Cloudflare must not be called");
};

interface RunOptions {
  /** The user's config file (default: none, the embedded defaults). */
  readonly config?: object;
  /** The world AWS answers from (default: the environment's healthy world). */
  readonly world?: World;
  readonly env?: Record<string, string>;
  readonly fetch?: FetchLike;
  readonly tty?: boolean;
}

/** Runs `npm run doctor -- <argv>` against the mocked AWS. */
async function run(argv: string[], options: RunOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  if (options.world) installWorld(options.world);
  const code = await main(argv, {
    env: options.env ?? {},
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stderrIsTTY: options.tty ?? false,
    loadConfig: () => loadConfigWithSource({ overrides: options.config ?? {}, env: {} }),
    fetch: options.fetch ?? noFetch,
  });
  const stdout = out.join("");
  return { code, stdout, stderr: err.join(""), lines: stdout.split("\n").filter((l) => /^ {2}[✔✘–] /.test(l)) };
}

/** The checklist line of `check`, whatever its mark. */
function lineOf(lines: readonly string[], check: string): string {
  const found = lines.filter((l) => l.slice(4).startsWith(`${check}: `));
  if (found.length !== 1) throw new Error(`expected one line for "${check}", found ${found.length}:\n${lines.join("\n")}`);
  return found[0];
}
const markOf = (lines: readonly string[], check: string) => lineOf(lines, check).slice(2, 3);
const failures = (lines: readonly string[]) => lines.filter((l) => l.startsWith("  ✘"));

/** Asserts the checklist's marks and check names, in order (`"✔ VPC platform-dev"`). */
function expectChecklist(lines: readonly string[], expected: readonly string[]): void {
  expect(lines.map((l, i) => (expected[i] !== undefined && l.startsWith(`  ${expected[i]}: `) ? expected[i] : l))).toEqual(expected);
}

const DEV = environment();
const IDS = worldIds(DEV);

describe("npm run doctor: a healthy environment", () => {
  it("passes every check, skips Cloudflare without a token, and exits 0", async () => {
    // GIVEN dev deployed as the stacks deploy it
    const world = healthyWorld(DEV);
    // WHEN the doctor runs
    const r = await run(["dev"], { world });
    // THEN every check passes, in the guide's order, and exit 0
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^doctor: dev in eu-west-1, account 111122223333 as arn:aws:sts::111122223333:assumed-role\//);
    expectChecklist(r.lines, [
      "✔ VPC platform-dev",
      "✔ ECS services in cluster platform-dev",
      "✔ egress path from the private subnets",
      "✔ orders: recent stopped tasks",
      "✔ orders: ECR pull grant of platform-dev-orders-exec",
      "✔ orders: secrets grant of platform-dev-orders-exec",
      "✔ catalog: recent stopped tasks",
      "✔ catalog: ECR pull grant of platform-dev-catalog-exec",
      "✔ catalog: secrets grant of platform-dev-catalog-exec",
      "✔ orders → catalog on tcp 8080",
      "✔ VPC link → orders on tcp 8080",
      "✔ VPC link → catalog on tcp 8080",
      "✔ Cloud Map namespace dev.platform.internal",
      "✔ orders: Cloud Map instances",
      "✔ orders: SRV records",
      "✔ catalog: Cloud Map instances",
      "✔ catalog: SRV records",
      "✔ VPC link platform-dev-vpc-link",
      "✔ integration → orders",
      "✔ integration → catalog",
      "✔ custom domain api-dev.example.com: ACM certificate",
      "✔ custom domain api-dev.example.com: API mapping",
      "– Cloudflare zone example.com: SSL mode",
      "– Cloudflare record api-dev.example.com",
    ]);
    expect(r.stdout).toContain("\nImages\n");
    expect(r.stdout).toContain("\nService to service\n");
    expect(r.stdout).toContain("\nAPI Gateway\n");
    expect(r.stdout).toMatch(/\n22 passed, 0 failed, 2 skipped\n$/);
    // AND the lines say what was found
    expect(lineOf(r.lines, "egress path from the private subnets")).toContain(
      `2 private subnet(s) reach ECR: 2 through NAT ${world.natGateways[0].NatGatewayId}`,
    );
    expect(lineOf(r.lines, "orders: Cloud Map instances")).toMatch(/2 registered \(10\.10\.64\.20:8080, 10\.10\.80\.21:8080\): 2 HEALTHY/);
    expect(lineOf(r.lines, "orders: SRV records")).toContain("2 SRV record(s) orders.dev.platform.internal → port 8080");
    expect(lineOf(r.lines, "VPC link platform-dev-vpc-link")).toContain(`${IDS.vpcLinkId} AVAILABLE`);
    expect(lineOf(r.lines, "custom domain api-dev.example.com: ACM certificate")).toContain(
      `${IDS.certificateArn} ISSUED for api-dev.example.com, valid until 2027-03-02`,
    );
    expect(lineOf(r.lines, "Cloudflare record api-dev.example.com")).toContain("CLOUDFLARE_API_TOKEN is not set");
    // AND the config source and a progress line per step went to stderr
    expect(r.stderr).toMatch(/^config: overrides\n/);
    expect(r.stderr).toContain("… images: orders\n");
    expect(r.stderr).toContain("… API Gateway: custom domain api-dev.example.com\n");
  });

  it("reads only: every AWS call is a Describe, List or Get, in the environment's region", async () => {
    // GIVEN a healthy dev / WHEN the doctor runs
    await run(["dev"], { world: healthyWorld(DEV) });
    // THEN it called AWS, and nothing but reads
    const calls = callNames();
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.filter((c) => !/^(Describe|List|Get)[A-Za-z0-9]+Command$/.test(c))).toEqual([]);
    expect(await mocks.ecs.call(0).thisValue.config.region()).toBe("eu-west-1");
    // AND it looked the resources up by the stacks' names and tags
    expect(mocks.ec2.commandCalls(DescribeVpcsCommand)[0].args[0].input.Filters).toEqual([
      { Name: "tag:Name", Values: ["platform-dev"] },
      { Name: "tag:project", Values: ["platform"] },
      { Name: "tag:environment", Values: ["dev"] },
    ]);
    expect(mocks.ecs.commandCalls(ListTasksCommand).map((c) => c.args[0].input)).toContainEqual({
      cluster: "platform-dev",
      serviceName: "orders",
      desiredStatus: "STOPPED",
      maxResults: 100,
    });
    expect(mocks.route53.commandCalls(ListResourceRecordSetsCommand)[0].args[0].input).toMatchObject({
      HostedZoneId: IDS.hostedZoneId,
      StartRecordName: "orders.dev.platform.internal.",
      StartRecordType: "SRV",
    });
  });

  it("rewrites one progress line on a terminal and clears it before the checklist", async () => {
    // GIVEN stderr is a terminal / WHEN the doctor runs
    const r = await run(["dev"], { world: healthyWorld(DEV), tty: true });
    // THEN the progress overwrites itself and ends cleared
    expect(r.stderr).toContain("\r\x1b[K… images: orders");
    expect(r.stderr.endsWith("\r\x1b[K")).toBe(true);
    expect(r.code).toBe(0);
  });
});

/** Pull failures as ECS writes them in stoppedReason. */
const NOT_FOUND = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${FAKE_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/platform-dev/orders:1.0.0: ${FAKE_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/platform-dev/orders:1.0.0: not found`;
const DENIED = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${FAKE_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/platform-dev/orders:1.0.0: pulling from host ${FAKE_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com failed with status code [manifests 1.0.0]: 403 Forbidden`;
const TIMEOUT = `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 10.10.64.15:443: i/o timeout. Please check your task network configuration.`;
const SECRET_DENIED = `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::${FAKE_ACCOUNT}:assumed-role/platform-dev-catalog-exec/4f9e1b2c3d4a5b6c7d8e9f0a1b2c3d4e is not authorized to perform: secretsmanager:GetSecretValue on resource: ${IDS.grafanaSecretArn} because no identity-based policy allows the secretsmanager:GetSecretValue action`;

describe("npm run doctor: the ways the guide's troubleshooting names", () => {
  it("missing ECR grant: the pull grant and the stopped tasks fail with the guide's remediation, exit 1", async () => {
    // GIVEN orders' execution role lost its pull policy, and its tasks stop with CannotPullContainerError
    const world = healthyWorld(DEV);
    delete world.roles[IDS.executionRole("orders")].inline["pull-orders"];
    world.stoppedTasks.orders = [stoppedTask(DEV, "orders", DENIED, "TaskFailedToStart", DENIED, 5), ...world.stoppedTasks.orders];
    // WHEN the doctor runs
    const r = await run(["dev"], { world });
    // THEN exactly these two fail
    expect(r.code).toBe(1);
    expect(failures(r.lines)).toEqual([lineOf(r.lines, "orders: recent stopped tasks"), lineOf(r.lines, "orders: ECR pull grant of platform-dev-orders-exec")]);
    const grant = lineOf(r.lines, "orders: ECR pull grant of platform-dev-orders-exec");
    expect(grant).toContain(
      `lacks ecr:GetAuthorizationToken on "*"; ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer, ecr:BatchGetImage on arn:aws:ecr:eu-west-1:${FAKE_ACCOUNT}:repository/platform-dev/orders`,
    );
    expect(grant).toContain("→ guide, Troubleshooting 1 (image pull failures): Validate ECR IAM permissions for task execution role — ");
    expect(grant).toContain("cdktf deploy dev restores its pull-orders policy");
    const stopped = lineOf(r.lines, "orders: recent stopped tasks");
    expect(stopped).toContain(
      '1 of 2 stopped with CannotPullContainerError (the image could not be pulled); latest: "CannotPullContainerError: pull image manifest',
    );
    expect(stopped).toContain("likely access was denied: see the grant lines");
    expect(stopped).not.toContain("push the tag");
    expect(stopped).toContain(
      "→ guide, Troubleshooting 1 (image pull failures): Validate ECR IAM permissions for task execution role; Verify VPC endpoint or NAT gateway configuration — ",
    );
    expect(stopped).toContain("aws ecs update-service --cluster platform-dev --service orders --force-new-deployment --region eu-west-1");
    expect(r.stdout).toMatch(/\n20 passed, 2 failed, 2 skipped\n$/);
  });

  it("no egress path: without a NAT route or the ECR endpoints the egress check fails, exit 1", async () => {
    // GIVEN the private route tables lost their NAT route and the ecr.dkr endpoint is gone;
    // the tasks stop with ResourceInitializationError (timeouts)
    const world = healthyWorld(DEV);
    for (const t of world.routeTables) t.Routes = (t.Routes ?? []).filter((route) => !route.NatGatewayId);
    world.vpcEndpoints = world.vpcEndpoints.filter((e) => !e.ServiceName?.endsWith(".ecr.dkr"));
    world.stoppedTasks.catalog = [stoppedTask(DEV, "catalog", TIMEOUT, "TaskFailedToStart", undefined, 3)];
    // WHEN the doctor runs
    const r = await run(["dev"], { world });
    // THEN the egress path fails per private subnet, naming what is missing, with the guide's step
    expect(r.code).toBe(1);
    const egress = lineOf(r.lines, "egress path from the private subnets");
    expect(egress.slice(2, 3)).toBe("✘");
    const [a, b] = IDS.privateRouteTables;
    expect(egress).toContain(`(eu-west-1a) via ${a}: no 0.0.0.0/0 route to an available NAT gateway, and ecr.dkr missing`);
    expect(egress).toContain(`(eu-west-1b) via ${b}: no 0.0.0.0/0 route to an available NAT gateway, and ecr.dkr missing`);
    expect(egress).toContain(`the image ${DEV.observability.collectorImage} (not in ECR) comes only through a NAT`);
    expect(egress).toContain('(the config\'s natGateways "single" puts a NAT route in each)');
    expect(egress).toContain("→ guide, Troubleshooting 1 (image pull failures): Verify VPC endpoint or NAT gateway configuration — ");
    // AND catalog's stopped task is classified, with the likely cause
    const stopped = lineOf(r.lines, "catalog: recent stopped tasks");
    expect(stopped).toContain("1 of 1 stopped with ResourceInitializationError (the task could not fetch its secrets or registry auth before starting)");
    expect(stopped).toContain("likely the network path timed out: see the egress line");
    expect(stopped).toContain("guide, Task IAM Roles: The execution role authorizes ECS container agent operations");
    expect(failures(r.lines)).toHaveLength(2);
  });

  it("SG not admitting the VPC link: the link → service check fails, exit 1", async () => {
    // GIVEN catalog's group lost the rule that admits the VPC link
    const world = healthyWorld(DEV);
    world.securityGroupRules = world.securityGroupRules.filter(
      (x) => !(x.GroupId === IDS.serviceGroup("catalog") && !x.IsEgress && x.ReferencedGroupInfo?.GroupId === IDS.vpcLinkGroup),
    );
    // WHEN the doctor runs
    const r = await run(["dev"], { world });
    // THEN the VPC link → catalog check fails with the groups and the guide's step
    expect(r.code).toBe(1);
    expect(failures(r.lines)).toEqual([lineOf(r.lines, "VPC link → catalog on tcp 8080")]);
    expect(lineOf(r.lines, "VPC link → catalog on tcp 8080")).toContain(
      `catalog (${IDS.serviceGroup("catalog")}) admits no tcp 8080 from the VPC link → guide, Troubleshooting 2 (inter-service communication): Examine security group ingress/egress rules — `,
    );
  });

  it("no registered instances: Cloud Map, SRV and the integration fail, exit 1", async () => {
    // GIVEN catalog's tasks never registered (ECS runs none)
    const world = healthyWorld(DEV);
    const id = IDS.discoveryServiceId("catalog");
    world.instances[id] = [];
    world.health[id] = {};
    world.recordSets[IDS.hostedZoneId] = world.recordSets[IDS.hostedZoneId].filter((s) => !s.Name?.includes("catalog."));
    world.services.find((s) => s.serviceName === "catalog")!.runningCount = 0;
    // WHEN the doctor runs
    const r = await run(["dev"], { world });
    // THEN the three checks that depend on registration fail, each with its guide step
    expect(r.code).toBe(1);
    expect(failures(r.lines)).toEqual([
      lineOf(r.lines, "catalog: Cloud Map instances"),
      lineOf(r.lines, "catalog: SRV records"),
      lineOf(r.lines, "integration → catalog"),
    ]);
    expect(lineOf(r.lines, "catalog: Cloud Map instances")).toContain(
      `no registered instances in ${id} (ECS desires 2, runs 0) → guide, Troubleshooting 2 (inter-service communication): Verify service discovery registration and DNS resolution | guide, Troubleshooting 3 (API Gateway connectivity failures): Verify Cloud Map service instance registration — `,
    );
    expect(lineOf(r.lines, "catalog: Cloud Map instances")).toContain(
      'aws ecs describe-services --cluster platform-dev --services catalog --region eu-west-1 --query "services[0].events[:5]"',
    );
    expect(lineOf(r.lines, "catalog: SRV records")).toContain(`no SRV record catalog.dev.platform.internal in hosted zone ${IDS.hostedZoneId}`);
    expect(lineOf(r.lines, "integration → catalog")).toContain(
      "which has no instances: API Gateway answers 503 → guide, Troubleshooting 3 (API Gateway connectivity failures): Verify Cloud Map service instance registration",
    );
  });

  it("VPC link FAILED: the link check fails with AWS's message and how to replace it, exit 1", async () => {
    // GIVEN the VPC link failed
    const world = healthyWorld(DEV);
    world.vpcLinks[0] = { ...world.vpcLinks[0], VpcLinkStatus: "FAILED", VpcLinkStatusMessage: "Security group sg-0123456789abcdef0 does not exist" };
    // WHEN the doctor runs
    const r = await run(["dev"], { world });
    // THEN
    expect(r.code).toBe(1);
    expect(failures(r.lines)).toEqual([lineOf(r.lines, "VPC link platform-dev-vpc-link")]);
    expect(lineOf(r.lines, "VPC link platform-dev-vpc-link")).toContain(
      `${IDS.vpcLinkId} FAILED: Security group sg-0123456789abcdef0 does not exist → guide, Troubleshooting 3 (API Gateway connectivity failures): Validate VPC link configuration and status — a FAILED link does not recover`,
    );
    expect(lineOf(r.lines, "VPC link platform-dev-vpc-link")).toContain("terraform apply -replace=<the aws_apigatewayv2_vpc_link address");
  });

  it("certificate pending: the certificate check fails with the CNAME ACM waits for, exit 1", async () => {
    // GIVEN the certificate waits for DNS validation
    const world = healthyWorld(DEV);
    const cert = world.certificates[IDS.certificateArn];
    world.certificates[IDS.certificateArn] = {
      ...cert,
      Status: "PENDING_VALIDATION",
      IssuedAt: undefined,
      NotBefore: undefined,
      NotAfter: undefined,
      DomainValidationOptions: cert.DomainValidationOptions!.map((o) => ({ ...o, ValidationStatus: "PENDING_VALIDATION" })),
    };
    // WHEN the doctor runs
    const r = await run(["dev"], { world });
    // THEN
    expect(r.code).toBe(1);
    const line = lineOf(r.lines, "custom domain api-dev.example.com: ACM certificate");
    expect(failures(r.lines)).toEqual([line]);
    expect(line).toContain(
      `${IDS.certificateArn} is PENDING_VALIDATION; ACM waits for CNAME _3b1f0c5a9d2e4f6a8b7c6d5e4f3a2b1c.api-dev.example.com. → _9c2e8d7f6a5b4c3d2e1f0a9b8c7d6e5f.xlfgrmvvlj.acm-validations.aws.`,
    );
    expect(line).toContain(
      "→ guide, API Gateway, Configure custom domain with ACM certificate: ACM certificates must be provisioned in the same region as the API Gateway deployment — ACM validates by DNS",
    );
  });
});

describe("npm run doctor: each check's other outcomes", () => {
  it("no VPC and no cluster: Environment fails, what stands on them is skipped", async () => {
    // GIVEN nothing of dev is deployed
    const world = healthyWorld(DEV);
    world.vpcs = [];
    world.clusterExists = false;
    // WHEN / THEN
    const r = await run(["dev"], { world });
    expect(r.code).toBe(1);
    expect(lineOf(r.lines, "VPC platform-dev")).toContain(
      "✘ VPC platform-dev: no VPC tagged Name=platform-dev, project=platform, environment=dev in eu-west-1 → is dev deployed with this account and region? cdktf deploy dev",
    );
    expect(lineOf(r.lines, "ECS services in cluster platform-dev")).toContain("✘ ECS services in cluster platform-dev: no cluster platform-dev in eu-west-1");
    expect(lineOf(r.lines, "egress path from the private subnets")).toBe(
      "  – egress path from the private subnets: skipped: no VPC platform-dev (see Environment)",
    );
    expect(markOf(r.lines, "orders: recent stopped tasks")).toBe("–");
    expect(markOf(r.lines, "orders: ECR pull grant")).toBe("–");
    expect(markOf(r.lines, "orders → catalog on tcp 8080")).toBe("–");
  });

  it("a service missing from the cluster fails Environment and skips its own checks", async () => {
    // GIVEN catalog's ECS service is gone
    const world = healthyWorld(DEV);
    world.services = world.services.filter((s) => s.serviceName !== "catalog");
    const r = await run(["dev"], { world });
    // THEN
    expect(lineOf(r.lines, "ECS services in cluster platform-dev")).toContain(
      "✘ ECS services in cluster platform-dev: missing catalog; found orders 2/2 running",
    );
    expect(lineOf(r.lines, "catalog: recent stopped tasks")).toContain("skipped: no ECS service catalog in platform-dev (see Environment)");
    expect(lineOf(r.lines, "VPC link → catalog on tcp 8080")).toContain("skipped: no ECS service catalog");
  });

  it("stopped tasks: ResourceInitializationError in a container's reason, and an image tag that is not there", async () => {
    // GIVEN catalog cannot read its secret, orders' tag is missing
    const world = healthyWorld(DEV);
    world.stoppedTasks.catalog = [stoppedTask(DEV, "catalog", "Task failed to start", "TaskFailedToStart", SECRET_DENIED)];
    world.stoppedTasks.orders = [stoppedTask(DEV, "orders", NOT_FOUND, "TaskFailedToStart", NOT_FOUND)];
    const r = await run(["dev"], { world });
    // THEN both are classified with their likely cause
    expect(lineOf(r.lines, "catalog: recent stopped tasks")).toContain("✘ catalog: recent stopped tasks: 1 of 1 stopped with ResourceInitializationError");
    expect(lineOf(r.lines, "catalog: recent stopped tasks")).toContain("likely access was denied: see the grant lines");
    expect(lineOf(r.lines, "orders: recent stopped tasks")).toContain("likely the image tag is not in the repository: push it, or deploy a tag that exists");
    expect(lineOf(r.lines, "orders: recent stopped tasks")).toContain("push the tag to the service's repository (README: Deploying for real)");
  });

  it("stopped tasks: none at all passes", async () => {
    const world = healthyWorld(DEV);
    world.stoppedTasks = {};
    const r = await run(["dev"], { world });
    expect(lineOf(r.lines, "orders: recent stopped tasks")).toBe(
      "  ✔ orders: recent stopped tasks: none stopped recently (ECS keeps stopped tasks for about an hour)",
    );
  });

  it("ECR pull grant: an attached AWS managed policy grants it; an explicit Deny refuses it", async () => {
    // GIVEN orders pulls through AmazonECSTaskExecutionRolePolicy, catalog has a Deny
    const world = healthyWorld(DEV);
    const orders = world.roles[IDS.executionRole("orders")];
    delete orders.inline["pull-orders"];
    orders.attached.push({
      arn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
      name: "AmazonECSTaskExecutionRolePolicy",
      document: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: [
              "ecr:GetAuthorizationToken",
              "ecr:BatchCheckLayerAvailability",
              "ecr:GetDownloadUrlForLayer",
              "ecr:BatchGetImage",
              "logs:CreateLogStream",
              "logs:PutLogEvents",
            ],
            Resource: "*",
          },
        ],
      },
    });
    world.roles[IDS.executionRole("catalog")].inline["deny-ecr"] = { Version: "2012-10-17", Statement: { Effect: "Deny", Action: "ecr:*", Resource: "*" } };
    const r = await run(["dev"], { world });
    // THEN
    expect(markOf(r.lines, "orders: ECR pull grant of platform-dev-orders-exec")).toBe("✔");
    expect(lineOf(r.lines, "catalog: ECR pull grant of platform-dev-catalog-exec")).toContain("(denied by deny-ecr)");
    expect(mocks.iam.commandCalls(GetPolicyVersionCommand)[0].args[0].input).toEqual({
      PolicyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
      VersionId: "v4",
    });
  });

  it("secrets grant: fails without the read policy, is skipped when nothing is injected; a missing role fails both grants", async () => {
    // GIVEN orders lost its secrets policy, catalog's execution role is gone
    const world = healthyWorld(DEV);
    delete world.roles[IDS.executionRole("orders")].inline["read-injected-secrets"];
    delete world.roles[IDS.executionRole("catalog")];
    const r = await run(["dev"], { world });
    // THEN
    expect(lineOf(r.lines, "orders: secrets grant of platform-dev-orders-exec")).toContain(
      `✘ orders: secrets grant of platform-dev-orders-exec: lacks secretsmanager:GetSecretValue on ${IDS.grafanaSecretArn} (GRAFANA_INSTANCE_ID of otel-collector); secretsmanager:GetSecretValue on ${IDS.grafanaSecretArn} (GRAFANA_API_TOKEN of otel-collector) → guide, Task IAM Roles:`,
    );
    expect(lineOf(r.lines, "catalog: ECR pull grant of platform-dev-catalog-exec")).toContain("the execution role platform-dev-catalog-exec does not exist");
    expect(lineOf(r.lines, "catalog: secrets grant of platform-dev-catalog-exec")).toContain("the execution role platform-dev-catalog-exec does not exist");

    // GIVEN observability off: no container injects a secret
    resetMocks();
    const quiet = environment({ observability: { enabled: false } });
    const q = await run(["dev"], { config: { observability: { enabled: false } }, world: healthyWorld(quiet) });
    expect(lineOf(q.lines, "orders: secrets grant of platform-dev-orders-exec")).toBe(
      "  – orders: secrets grant of platform-dev-orders-exec: skipped: platform-dev-orders injects no secrets",
    );
  });

  it("egress path: the endpoints alone pass without a NAT, and fail when private DNS is off", async () => {
    // GIVEN natGateways "none" and only ECR images (no collector from ghcr.io)
    const config = { observability: { enabled: false }, environments: { dev: { natGateways: "none" }, staging: {}, prod: {} } };
    const env = environment(config);
    const world = healthyWorld(env);
    expect(world.natGateways).toEqual([]);
    const r = await run(["dev"], { config, world });
    expect(lineOf(r.lines, "egress path from the private subnets")).toContain(
      "✔ egress path from the private subnets: 2 private subnet(s) reach ECR: 2 through the ecr.api, ecr.dkr, logs, secretsmanager endpoints (private DNS) and the S3 gateway",
    );
    // WHEN ecr.api's private DNS is off THEN it fails
    resetMocks();
    world.vpcEndpoints.find((e) => e.ServiceName?.endsWith(".ecr.api"))!.PrivateDnsEnabled = false;
    const broken = await run(["dev"], { config, world });
    expect(lineOf(broken.lines, "egress path from the private subnets")).toContain("and ecr.api without private DNS");
    expect(lineOf(broken.lines, "egress path from the private subnets")).not.toContain("puts a NAT route");
  });

  it("allowFrom: the callee's group must admit the caller's, and the caller's allow egress to it", async () => {
    // GIVEN orders → catalog lost both rules
    const world = healthyWorld(DEV);
    const [orders, catalog] = [IDS.serviceGroup("orders"), IDS.serviceGroup("catalog")];
    world.securityGroupRules = world.securityGroupRules.filter(
      (x) => !(x.GroupId === catalog && x.ReferencedGroupInfo?.GroupId === orders) && !(x.GroupId === orders && x.ReferencedGroupInfo?.GroupId === catalog),
    );
    const r = await run(["dev"], { world });
    // THEN
    expect(lineOf(r.lines, "orders → catalog on tcp 8080")).toContain(
      `✘ orders → catalog on tcp 8080: catalog (${catalog}) admits no tcp 8080 from orders; orders (${orders}) allows no egress to catalog on tcp 8080 → guide, Troubleshooting 2 (inter-service communication): Examine security group ingress/egress rules — catalog's allowFrom admits orders`,
    );
  });

  it("Cloud Map: no namespace, unhealthy instances, instances without a port, and desired count 0", async () => {
    // GIVEN orders' tasks are unhealthy and catalog registered without a port
    const world = healthyWorld(DEV);
    const orders = IDS.discoveryServiceId("orders");
    for (const id of Object.keys(world.health[orders])) world.health[orders][id] = "UNHEALTHY";
    for (const i of world.instances[IDS.discoveryServiceId("catalog")]) delete i.Attributes!.AWS_INSTANCE_PORT;
    const r = await run(["dev"], { world });
    expect(lineOf(r.lines, "orders: Cloud Map instances")).toMatch(/✘ orders: Cloud Map instances: 2 registered \(.*\), none healthy: 2 UNHEALTHY/);
    expect(lineOf(r.lines, "integration → orders")).toContain("which has 2 instance(s), none healthy");
    expect(lineOf(r.lines, "catalog: Cloud Map instances")).toContain("2 of 2 instance(s) carry no AWS_INSTANCE_PORT");

    // GIVEN no namespace
    resetMocks();
    const gone = healthyWorld(DEV);
    gone.namespaces = [];
    const g = await run(["dev"], { world: gone });
    expect(lineOf(g.lines, "Cloud Map namespace dev.platform.internal")).toContain(
      "✘ Cloud Map namespace dev.platform.internal: not found → guide, Troubleshooting 2",
    );
    expect(lineOf(g.lines, "orders: Cloud Map instances")).toContain("✘ orders: Cloud Map instances: no namespace dev.platform.internal");
    expect(markOf(g.lines, "orders: SRV records")).toBe("–");
    expect(lineOf(g.lines, "integration → orders")).toContain("no Cloud Map service orders to integrate");

    // GIVEN ECS desires no catalog task
    resetMocks();
    const idle = healthyWorld(DEV);
    const catalog = idle.services.find((s) => s.serviceName === "catalog")!;
    catalog.desiredCount = 0;
    catalog.runningCount = 0;
    idle.instances[IDS.discoveryServiceId("catalog")] = [];
    const i = await run(["dev"], { world: idle });
    expect(lineOf(i.lines, "catalog: Cloud Map instances")).toBe(
      "  – catalog: Cloud Map instances: skipped: ECS desires 0 tasks of catalog: nothing to register",
    );
    expect(markOf(i.lines, "catalog: SRV records")).toBe("–");
  });

  it("SRV records: a port other than the service's fails", async () => {
    const world = healthyWorld(DEV);
    for (const s of world.recordSets[IDS.hostedZoneId])
      if (s.Type === "SRV") s.ResourceRecords = s.ResourceRecords!.map((v) => ({ Value: v.Value!.replace(" 8080 ", " 80 ") }));
    const r = await run(["dev"], { world });
    expect(lineOf(r.lines, "orders: SRV records")).toContain("✘ orders: SRV records: 2 SRV record(s) for port 80, but orders listens on 8080");
  });

  it("integrations: none for a public service, or one through another VPC link, fail", async () => {
    const world = healthyWorld(DEV);
    const integrations = world.integrations[IDS.apiId];
    world.integrations[IDS.apiId] = [{ ...integrations[0], ConnectionId: "zz9999" }];
    const r = await run(["dev"], { world });
    expect(lineOf(r.lines, "integration → orders")).toContain(`goes through zz9999, not ${IDS.vpcLinkId}`);
    expect(lineOf(r.lines, "integration → catalog")).toContain("✘ integration → catalog: no integration of platform-dev-api targets Cloud Map service catalog");
  });

  it("custom domain: none fails the certificate and skips the mapping; a mapping of another API fails", async () => {
    const world = healthyWorld(DEV);
    delete world.domains["api-dev.example.com"];
    const r = await run(["dev"], { world });
    expect(lineOf(r.lines, "custom domain api-dev.example.com: ACM certificate")).toContain(
      "✘ custom domain api-dev.example.com: ACM certificate: no API Gateway custom domain api-dev.example.com in eu-west-1",
    );
    expect(markOf(r.lines, "custom domain api-dev.example.com: API mapping")).toBe("–");

    resetMocks();
    const other = healthyWorld(DEV);
    other.apiMappings["api-dev.example.com"] = [{ ApiId: "q1w2e3r4t5", ApiMappingId: "m1", ApiMappingKey: "", Stage: "$default" }];
    const o = await run(["dev"], { world: other });
    expect(lineOf(o.lines, "custom domain api-dev.example.com: API mapping")).toContain(
      `✘ custom domain api-dev.example.com: API mapping: api-dev.example.com maps other APIs (q1w2e3r4t5), not platform-dev-api (${IDS.apiId}) → guide, API Gateway, Configure custom domain with ACM certificate: Define API mappings to the configured HTTP API`,
    );
  });

  it("API pieces missing: no API, no VPC link, or a link still PENDING, fail with what to do", async () => {
    // GIVEN neither the HTTP API nor its VPC link exists
    const world = healthyWorld(DEV);
    world.apis = [];
    world.vpcLinks = [];
    const r = await run(["dev"], { world });
    expect(lineOf(r.lines, "VPC link platform-dev-vpc-link")).toContain("✘ VPC link platform-dev-vpc-link: not found → guide, Troubleshooting 3");
    expect(lineOf(r.lines, "VPC link → orders on tcp 8080")).toContain("skipped: no VPC link platform-dev-vpc-link (see API Gateway)");
    expect(lineOf(r.lines, "integration → orders")).toContain("✘ integration → orders: no HTTP API platform-dev-api");
    expect(lineOf(r.lines, "custom domain api-dev.example.com: API mapping")).toContain(
      "✘ custom domain api-dev.example.com: API mapping: no HTTP API platform-dev-api",
    );

    // GIVEN a link that is still being created
    resetMocks();
    const pending = healthyWorld(DEV);
    pending.vpcLinks[0] = { ...pending.vpcLinks[0], VpcLinkStatus: "PENDING", VpcLinkStatusMessage: "VPC link is provisioning ENIs" };
    const p = await run(["dev"], { world: pending });
    expect(lineOf(p.lines, "VPC link platform-dev-vpc-link")).toContain(
      `✘ VPC link platform-dev-vpc-link: ${IDS.vpcLinkId} PENDING: VPC link is provisioning ENIs → guide, Troubleshooting 3 (API Gateway connectivity failures): Validate VPC link configuration and status — a new link takes a few minutes`,
    );
  });

  it("egress path: a VPC without private subnets fails", async () => {
    const world = healthyWorld(DEV);
    for (const subnet of world.subnets) subnet.Tags = subnet.Tags!.filter((t) => t.Key !== "tier");
    const r = await run(["dev"], { world });
    expect(lineOf(r.lines, "egress path from the private subnets")).toContain(
      `✘ egress path from the private subnets: no subnet tagged tier=private in ${IDS.vpcId} → guide, Troubleshooting 1`,
    );
  });

  it("an AWS call the credentials may not make fails its check with the call, and the others still run", async () => {
    // GIVEN ECS refuses ListTasks
    const world = healthyWorld(DEV);
    installWorld(world);
    mocks.ecs.on(ListTasksCommand).rejects(new AccessDeniedException({ message: "User is not authorized to perform: ecs:ListTasks", $metadata: {} }));
    const r = await run(["dev"]);
    // THEN the stopped-task checks fail with the call, the rest pass
    expect(lineOf(r.lines, "orders: recent stopped tasks")).toContain(
      "✘ orders: recent stopped tasks: could not check: ECS ListTasks failed: AccessDeniedException: User is not authorized to perform: ecs:ListTasks → the doctor reads with Describe*, List* and Get* calls",
    );
    expect(failures(r.lines)).toHaveLength(2);
    expect(r.code).toBe(1);
  });
});

describe("npm run doctor: the load balancer and REST flavors", () => {
  it("REST on an NLB: v1 VPC link, base path mapping and the NLB → service rules pass; what REST does not use is skipped", async () => {
    // GIVEN the REST example's dev, healthy
    const env = environment(REST_EXAMPLE as object);
    const ids = worldIds(env);
    const r = await run(["dev"], { config: REST_EXAMPLE as object, world: healthyWorld(env) });
    // THEN
    expect(failures(r.lines)).toEqual([]);
    expect(r.code).toBe(0);
    expect(lineOf(r.lines, "VPC link acme-dev-rest-vpc-link")).toBe(`  ✔ VPC link acme-dev-rest-vpc-link: ${ids.vpcLinkId} AVAILABLE`);
    expect(markOf(r.lines, "NLB → orders on tcp 8080")).toBe("✔");
    expect(lineOf(r.lines, "custom domain api-dev.acme.io: API mapping")).toBe(
      `  ✔ custom domain api-dev.acme.io: API mapping: api-dev.acme.io/ → acme-dev-api (${ids.apiId}) stage live`,
    );
    expect(lineOf(r.lines, "integrations")).toContain("skipped: the REST API integrates the internal NLB, not Cloud Map");
    const link = r.lines.filter((l) => l.includes("VPC link → NLB listener of orders on tcp 2"));
    expect(link).toHaveLength(1);
    expect(link[0]).toContain("skipped: a REST API's VPC link (v1) reaches the NLB over PrivateLink");
  });

  it("REST: a FAILED v1 link, a missing base path mapping and a missing NLB → service rule fail", async () => {
    const env = environment(REST_EXAMPLE as object);
    const ids = worldIds(env);
    const world = healthyWorld(env);
    world.restVpcLinks[0] = { ...world.restVpcLinks[0], status: "FAILED", statusMessage: "NLB ARN is malformed" };
    world.basePathMappings["api-dev.acme.io"] = [];
    world.securityGroupRules = world.securityGroupRules.filter(
      (x) => !(x.GroupId === ids.serviceGroup("catalog") && x.ReferencedGroupInfo?.GroupId === ids.nlbGroup),
    );
    const r = await run(["dev"], { config: REST_EXAMPLE as object, world });
    expect(lineOf(r.lines, "VPC link acme-dev-rest-vpc-link")).toContain(`✘ VPC link acme-dev-rest-vpc-link: ${ids.vpcLinkId} FAILED: NLB ARN is malformed`);
    expect(lineOf(r.lines, "VPC link acme-dev-rest-vpc-link")).toContain("aws_api_gateway_vpc_link");
    expect(lineOf(r.lines, "custom domain api-dev.acme.io: API mapping")).toContain(`api-dev.acme.io maps nothing, not acme-dev-api (${ids.apiId})`);
    expect(lineOf(r.lines, "NLB → catalog on tcp 8080")).toContain(`catalog (${ids.serviceGroup("catalog")}) admits no tcp 8080 from the NLB`);
    expect(r.code).toBe(1);
  });

  it("HTTP on an NLB: the VPC link must reach each listener port; integrations are skipped", async () => {
    // GIVEN dev integrates the NLB from an HTTP API
    const config = { environments: { dev: { api: { kind: "http", targets: "loadBalancer" } }, staging: {}, prod: {} } };
    const env = environment(config);
    const ids = worldIds(env);
    const world = healthyWorld(env);
    const healthy = await run(["dev"], { config, world });
    expect(failures(healthy.lines)).toEqual([]);
    const port = healthy.lines.find((l) => l.includes("VPC link → NLB listener of orders"))!.match(/tcp (\d+):/)![1];
    expect(Number(port)).toBeGreaterThanOrEqual(20000);
    expect(markOf(healthy.lines, `VPC link → NLB listener of orders on tcp ${port}`)).toBe("✔");
    expect(lineOf(healthy.lines, "integration → orders")).toContain("skipped: integrates its NLB listener, not Cloud Map");

    // WHEN the NLB group no longer admits the link (nor the VPC) on orders' port
    resetMocks();
    world.securityGroupRules = world.securityGroupRules.filter((x) => !(x.GroupId === ids.nlbGroup && !x.IsEgress && x.FromPort === Number(port)));
    const broken = await run(["dev"], { config, world });
    expect(lineOf(broken.lines, `VPC link → NLB listener of orders on tcp ${port}`)).toContain(
      `the NLB (${ids.nlbGroup}) admits no tcp ${port} from the VPC link`,
    );
    // AND without the NLB's group at all
    resetMocks();
    world.securityGroups = world.securityGroups.filter((g) => g.GroupId !== ids.nlbGroup);
    const gone = await run(["dev"], { config, world });
    expect(lineOf(gone.lines, "NLB → orders on tcp 8080")).toContain("✘ NLB → orders on tcp 8080: no security group platform-dev-nlb in the VPC");
  });
});

describe("npm run doctor: Cloudflare", () => {
  const config = { domain: { name: "acme.io", cloudflareZoneId: "3f9a2c7e5b1d4a6c8e0f2b4d6a8c0e1f" } };
  const env = environment(config);
  const ids = worldIds(env);
  const ZONE = "3f9a2c7e5b1d4a6c8e0f2b4d6a8c0e1f";

  /** A fake Cloudflare API: the zone's SSL setting and its DNS records. */
  function cloudflare(ssl: string, records: object[], status = 200): { fetch: FetchLike; urls: string[]; headers: Record<string, string>[] } {
    const urls: string[] = [];
    const headers: Record<string, string>[] = [];
    const respond = (body: object): FetchResponse => ({ ok: status < 300, status, json: async () => body });
    const fetch: FetchLike = async (url, init) => {
      urls.push(url);
      headers.push(init.headers);
      if (status >= 300)
        return respond({ success: false, errors: [{ code: 9109, message: "Unauthorized to access requested resource" }], messages: [], result: null });
      if (url.endsWith(`/zones/${ZONE}/settings/ssl`)) {
        return respond({
          success: true,
          errors: [],
          messages: [],
          result: { id: "ssl", value: ssl, editable: true, modified_on: "2026-02-01T10:07:00.000000Z" },
        });
      }
      if (url.includes(`/zones/${ZONE}/dns_records?name=`)) {
        return respond({
          success: true,
          errors: [],
          messages: [],
          result: records,
          result_info: { page: 1, per_page: 100, count: records.length, total_count: records.length, total_pages: 1 },
        });
      }
      throw new Error(`unexpected ${url}`);
    };
    return { fetch, urls, headers };
  }
  const record = (content: string, proxied = true, type = "CNAME") => ({
    id: "023e105f4ecef8ad9ca31a8372d0c353",
    zone_id: ZONE,
    zone_name: "acme.io",
    name: "api-dev.acme.io",
    type,
    content,
    proxiable: true,
    proxied,
    ttl: 1,
    settings: { flatten_cname: false },
    meta: {},
    comment: "Public API host -> API Gateway custom domain (managed by cdktf)",
    tags: [],
    created_on: "2026-02-01T10:07:00.000000Z",
    modified_on: "2026-02-01T10:07:00.000000Z",
  });

  it("with the token: SSL strict and the proxied CNAME to the regional name pass", async () => {
    const cf = cloudflare("strict", [record(ids.regionalDomainName)]);
    const r = await run(["dev"], { config, world: healthyWorld(env), env: { CLOUDFLARE_API_TOKEN: "cf-token-123" }, fetch: cf.fetch });
    expect(r.code).toBe(0);
    expect(lineOf(r.lines, "Cloudflare zone acme.io: SSL mode")).toBe('  ✔ Cloudflare zone acme.io: SSL mode: "strict" (Full (strict))');
    expect(lineOf(r.lines, "Cloudflare record api-dev.acme.io")).toBe(`  ✔ Cloudflare record api-dev.acme.io: proxied CNAME → ${ids.regionalDomainName}`);
    expect(cf.urls).toEqual([
      `https://api.cloudflare.com/client/v4/zones/${ZONE}/settings/ssl`,
      `https://api.cloudflare.com/client/v4/zones/${ZONE}/dns_records?name=api-dev.acme.io`,
    ]);
    expect(cf.headers[0].Authorization).toBe("Bearer cf-token-123");
    expect(r.stdout).toMatch(/\n24 passed, 0 failed, 0 skipped\n$/);
  });

  it("with the token: SSL full, a record elsewhere, DNS only or missing fail with the remediation", async () => {
    const r = await run(["dev"], {
      config,
      world: healthyWorld(env),
      env: { CLOUDFLARE_API_TOKEN: "t" },
      fetch: cloudflare("full", [record("d-0000000000.execute-api.eu-west-1.amazonaws.com")]).fetch,
    });
    expect(r.code).toBe(1);
    expect(lineOf(r.lines, "Cloudflare zone acme.io: SSL mode")).toContain(
      '✘ Cloudflare zone acme.io: SSL mode: "full": Cloudflare does not verify the API\'s certificate → guide, API Gateway, Configure custom domain with ACM certificate: For Cloudflare-managed domains with proxying enabled, ensure SSL/TLS encryption mode is at minimum "Full (strict)" — the prod stack manages it (domain.zoneSettingsOwner): cdktf deploy prod',
    );
    expect(lineOf(r.lines, "Cloudflare record api-dev.acme.io")).toContain(
      `✘ Cloudflare record api-dev.acme.io: CNAME → d-0000000000.execute-api.eu-west-1.amazonaws.com (proxied); expected a proxied CNAME → ${ids.regionalDomainName}`,
    );

    resetMocks();
    const dnsOnly = await run(["dev"], {
      config,
      world: healthyWorld(env),
      env: { CLOUDFLARE_API_TOKEN: "t" },
      fetch: cloudflare("strict", [record(ids.regionalDomainName, false)]).fetch,
    });
    expect(lineOf(dnsOnly.lines, "Cloudflare record api-dev.acme.io")).toContain("(DNS only); expected a proxied CNAME");

    resetMocks();
    const none = await run(["dev"], { config, world: healthyWorld(env), env: { CLOUDFLARE_API_TOKEN: "t" }, fetch: cloudflare("strict", []).fetch });
    expect(lineOf(none.lines, "Cloudflare record api-dev.acme.io")).toContain(
      `✘ Cloudflare record api-dev.acme.io: no record in zone acme.io → guide, API Gateway`,
    );
  });

  it("with a token Cloudflare refuses, both checks fail with its error", async () => {
    const r = await run(["dev"], { config, world: healthyWorld(env), env: { CLOUDFLARE_API_TOKEN: "t" }, fetch: cloudflare("strict", [], 403).fetch });
    expect(lineOf(r.lines, "Cloudflare zone acme.io: SSL mode")).toContain(
      "✘ Cloudflare zone acme.io: SSL mode: Cloudflare answered 403: 9109 Unauthorized to access requested resource",
    );
    expect(lineOf(r.lines, "Cloudflare zone acme.io: SSL mode")).toContain(`the token needs Zone Settings Read on zone ${ZONE}`);
    expect(lineOf(r.lines, "Cloudflare record api-dev.acme.io")).toContain(`the token needs DNS Read on zone ${ZONE}`);
  });

  it("is skipped, saying why, without the token or with the example zone id", async () => {
    const r = await run(["dev"], { config, world: healthyWorld(env) });
    expect(lineOf(r.lines, "Cloudflare zone acme.io: SSL mode")).toBe(
      "  – Cloudflare zone acme.io: SSL mode: skipped: CLOUDFLARE_API_TOKEN is not set (the token cdktf deploy uses; reading needs Zone Settings Read and DNS Read on the zone)",
    );
    resetMocks();
    const example = await run(["dev"], { world: healthyWorld(DEV), env: { CLOUDFLARE_API_TOKEN: "t" } });
    expect(lineOf(example.lines, "Cloudflare record api-dev.example.com")).toContain(
      "skipped: domain.cloudflareZoneId is the example value 00000000000000000000000000000000",
    );
  });
});

describe("npm run doctor: credentials and usage", () => {
  it("exits 2 without credentials, saying which it needs and that it only reads", async () => {
    // GIVEN the SDK's chain finds nothing
    // (the chain's CredentialsProviderError, as @smithy/property-provider names it)
    mocks.sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    const r = await run(["dev"]);
    // THEN
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "doctor: no usable AWS credentials for dev (STS GetCallerIdentity: CredentialsProviderError: Could not load credentials from any providers).",
    );
    expect(r.stderr).toContain("It needs the AWS credentials cdktf deploy dev uses: AWS_PROFILE=<profile> (after aws sso login --profile <profile> for SSO),");
    expect(r.stderr).toContain("or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)");
    expect(r.stderr).toContain("It only reads (Describe*, List*, Get*): a role with AWS's ReadOnlyAccess policy is enough.");
    expect(callNames()).toEqual(["GetCallerIdentityCommand"]);
  });

  it("exits 2 on expired credentials, and 1 when STS cannot be reached", async () => {
    mocks.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredToken" }));
    expect((await run(["dev"])).code).toBe(2);
    resetMocks();
    mocks.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com"), { name: "Error" }));
    const r = await run(["dev"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("doctor: STS GetCallerIdentity failed: Error: getaddrinfo ENOTFOUND");
  });

  it("assumes the environment's assumeRoleArn as deploy does, and reads with its credentials", async () => {
    // GIVEN dev deploys through a role of its account
    const role = `arn:aws:iam::${FAKE_ACCOUNT}:role/platform-deployer`;
    const config = { environments: { dev: { account: FAKE_ACCOUNT, assumeRoleArn: role }, staging: {}, prod: {} } };
    const r = await run(["dev"], { config, world: healthyWorld(environment(config)) });
    // THEN it assumed the role, and the checks read as that role
    expect(r.code).toBe(0);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({ RoleArn: role, RoleSessionName: "platform-dev-doctor", DurationSeconds: 900 });
    expect(r.stdout).toContain(`as arn:aws:sts::${FAKE_ACCOUNT}:assumed-role/platform-deployer/platform-dev-doctor`);
    const credentials = await mocks.ec2.call(0).thisValue.config.credentials();
    expect(credentials.accessKeyId).toBe("ASIA3XFRBF23EXAMPLE");
  });

  it("exits 2 when the role cannot be assumed, or the credentials are another account's", async () => {
    const role = `arn:aws:iam::${FAKE_ACCOUNT}:role/platform-deployer`;
    const config = { environments: { dev: { account: FAKE_ACCOUNT, assumeRoleArn: role }, staging: {}, prod: {} } };
    installWorld(healthyWorld(environment(config)));
    mocks.sts.on(AssumeRoleCommand).rejects(Object.assign(new Error("User is not authorized to perform: sts:AssumeRole"), { name: "AccessDenied" }));
    const denied = await run(["dev"], { config });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain(`cannot assume ${role} (environments.dev.assumeRoleArn): AccessDenied`);
    expect(denied.stderr).toContain(`of account ${FAKE_ACCOUNT}, allowed to assume ${role}`);

    resetMocks();
    const other = { environments: { dev: { account: "444455556666" }, staging: {}, prod: {} } };
    const wrong = await run(["dev"], { config: other, world: healthyWorld(environment(other)) });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`doctor: the credentials are for account ${FAKE_ACCOUNT}`);
    expect(wrong.stderr).toContain("but dev deploys to account 444455556666.");
  });

  it.each([
    [[], /expected <env>, got 0 argument/],
    [["qa"], /unknown environment "qa": the config declares dev, staging, prod/],
    [["dev", "prod"], /expected <env>, got 2 argument/],
    [["dev", "--fix"], /Unknown option '--fix'/],
  ])("exits 2 on a usage error: %j", async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("usage: npm run doctor -- <env>");
    expect(callNames()).toEqual([]);
  });

  it("prints its help with --help and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("usage: npm run doctor -- <env>");
    expect(r.stdout).toContain("AWS's ReadOnlyAccess policy is enough");
  });

  it("uses the environment's region, saying so when AWS_REGION differs", async () => {
    const config = { environments: { dev: { region: "us-east-1", azs: ["us-east-1a", "us-east-1b"] }, staging: {}, prod: {} } };
    const r = await run(["dev"], { config, world: healthyWorld(environment(config)), env: { AWS_REGION: "eu-west-1" } });
    expect(r.stderr).toContain("AWS_REGION=eu-west-1 is not used: dev deploys to us-east-1");
    expect(await mocks.ec2.call(0).thisValue.config.region()).toBe("us-east-1");
    expect(r.code).toBe(0);
  });
});

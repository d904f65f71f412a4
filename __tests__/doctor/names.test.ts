import { WorkloadTask } from "../../src/compute/workload-task";
import { resolveEnvironment } from "../../src/config";
import { PrivateNamespace } from "../../src/discovery/private-namespace";
import { environmentNames, APP_CONTAINER_NAME, NAMESPACE_SUFFIX, PRIVATE_TIER } from "../../src/doctor/names";
import { listenerPorts } from "../../src/core/listener-ports";
import { exampleConfig, REST_EXAMPLE } from "../support/examples";
import { resources, synthApp, testConfig, TfJson } from "../support/synth";

/** The values of one attribute over every resource of a type. */
const all = (stack: TfJson, type: string, read: (r: TfJson) => unknown): unknown[] => Object.values(resources(stack, type)).map(read);

// The doctor finds the deployed resources by the names and tags the stacks give them; it
// imports no construct, so these tests keep its copy of the names equal to the stacks'.
describe("doctor names: the names the stacks give (HTTP API on Cloud Map)", () => {
  const config = testConfig();
  const dev = synthApp(config).stacks.dev;
  const names = environmentNames({ project: config.project, envName: "dev" });

  it("finds the VPC by its Name tag and the provider's project and environment tags", () => {
    // GIVEN the synthesized dev stack / THEN the VPC is named <project>-<env>, tagged by the provider
    expect(all(dev, "aws_vpc", (r) => r.tags.Name)).toEqual([names.vpc]);
    expect(dev.provider.aws[0].default_tags[0].tags).toMatchObject({ project: "platform", environment: "dev" });
  });

  it("finds the private subnets by their tier tag", () => {
    const tiers = all(dev, "aws_subnet", (r) => r.tags.tier);
    expect(tiers.filter((t) => t === PRIVATE_TIER)).toHaveLength(resolveEnvironment(config, "dev").azs.length);
  });

  it("names the cluster, the ECS services, the namespace, the API, the VPC link and the execution roles as the doctor does", () => {
    expect(all(dev, "aws_ecs_cluster", (r) => r.name)).toEqual([names.cluster]);
    expect(all(dev, "aws_ecs_service", (r) => r.name).sort()).toEqual(config.services.map((s) => s.name).sort());
    expect(all(dev, "aws_service_discovery_private_dns_namespace", (r) => r.name)).toEqual([names.namespace]);
    expect(all(dev, "aws_service_discovery_service", (r) => r.name).sort()).toEqual(config.services.map((s) => s.name).sort());
    expect(all(dev, "aws_apigatewayv2_api", (r) => r.name)).toEqual([names.api]);
    expect(all(dev, "aws_apigatewayv2_vpc_link", (r) => r.name)).toEqual([names.vpcLink]);
    const roles = all(dev, "aws_iam_role", (r) => r.name);
    for (const s of config.services) expect(roles).toContain(names.executionRole(s.name));
  });

  it("agrees with the constructs on the app container and the namespace's suffix", () => {
    expect(APP_CONTAINER_NAME).toBe(WorkloadTask.APP_CONTAINER_NAME);
    expect(NAMESPACE_SUFFIX).toBe(PrivateNamespace.SUFFIX);
  });
});

describe("doctor names: the names the stacks give (REST API on an NLB)", () => {
  const config = exampleConfig(REST_EXAMPLE);
  const dev = synthApp(config).stacks.dev;
  const names = environmentNames({ project: config.project, envName: "dev" });

  it("names the REST API, its VPC link and the NLB's group as the doctor does", () => {
    expect(all(dev, "aws_api_gateway_rest_api", (r) => r.name)).toEqual([names.api]);
    expect(all(dev, "aws_api_gateway_vpc_link", (r) => r.name)).toEqual([names.restVpcLink]);
    expect(all(dev, "aws_security_group", (r) => r.tags?.Name)).toContain(names.loadBalancerGroup);
  });

  it("puts each public service's listener on the port the doctor checks", () => {
    const publics = config.services.filter((s) => s.expose === "public").map((s) => s.name);
    expect(all(dev, "aws_lb_listener", (r) => r.port).sort()).toEqual(Object.values(listenerPorts(publics)).sort());
  });
});

import { App, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { buildPlatform } from "../../src/app";
import { DNS_LABEL_RE } from "../../src/core/aws-facts";
import { synthApp, testConfig } from "../support/synth";

/** Every construct id the platform itself uses in an environment stack, at any depth. */
function platformIds(): string[] {
  const app = Testing.app();
  const { environments } = buildPlatform(app as App, testConfig());
  const ids = new Set<string>();
  const walk = (c: IConstruct) => {
    ids.add(c.node.id);
    c.node.children.forEach(walk);
  };
  environments.prod.node.children.forEach(walk);
  // Only what a user could name a service: a DNS label.
  return [...ids].filter((id) => DNS_LABEL_RE.test(id)).sort();
}

describe("service names cannot collide with the platform's construct ids", () => {
  const ids = platformIds();
  // Names the services would also be mistaken for: one service's repository id, the VPC link.
  const names = [...new Set([...ids, "x", "repo-x", "vpc-link"])].filter((n) => n.length <= 40);

  it("finds the platform's own ids (network, database, api, services, repositories, …)", () => {
    // GIVEN / WHEN the ids of the platform's constructs are collected / THEN the well-known ones are among them
    expect(ids).toEqual(expect.arrayContaining(["network", "database", "cluster", "namespace", "api", "key", "services", "repositories", "sg", "roles"]));
  });

  it("synthesizes every environment with a service named after each of them", () => {
    // GIVEN one service per platform construct id, each called by the previous one, one with a database
    const services = names.map((name, i) => ({
      name,
      port: 8080,
      pathPrefix: `/p${i}`,
      database: i === 0,
      allowFrom: i > 0 ? [names[i - 1]] : [],
    }));
    // WHEN the whole app is synthesized
    const { stacks } = synthApp(testConfig({ services }));
    // THEN each environment has one ECS service and one repository per name, and every caller's rule
    for (const env of ["dev", "staging", "prod"]) {
      const json = stacks[env];
      const ecsNames = Object.values(json.resource.aws_ecs_service).map((s) => (s as { name: string }).name);
      expect(ecsNames.sort()).toEqual([...names].sort());
      expect(Object.keys(json.resource.aws_ecr_repository)).toHaveLength(names.length);
      const callerRules = Object.values(json.resource.aws_vpc_security_group_ingress_rule).filter((r) =>
        / calls /.test((r as { description: string }).description),
      );
      expect(callerRules).toHaveLength(names.length - 1);
    }
  });
});

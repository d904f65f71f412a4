import { TerraformLocal, TerraformStack, Testing } from "cdktf";
import { TerraformCheck } from "../../src/stacks/terraform-check";
import { hclParseError, terraformJsonFromHcl } from "../support/hcl";
import { ACCOUNTS_EXAMPLE, EC2_EXAMPLE, exampleConfig, REST_EXAMPLE, WORKLOADS_EXAMPLE } from "../support/examples";
import { synthApp, testConfig } from "../support/synth";
import { PlanCase, planned } from "../support/terraform";
import { testStack } from "../support/test-stack";

/** A stack with a local `names` and a check that fails while the list is not empty. */
export function stackWithCheck(errorMessage?: string): TerraformStack {
  const stack = testStack();
  const names = new TerraformLocal(stack, "names", ["a", "b"]);
  new TerraformCheck(stack, "names_empty", {
    assertions: [
      { condition: `\${length(${names.fqn}) == 0}`, errorMessage: errorMessage ?? `Still set: \${join(", ", ${names.fqn})}.` },
      { condition: `\${length(${names.fqn}) < 5}`, errorMessage: "Too many." },
    ],
  });
  return stack;
}

const STACKS = ["bootstrap", "dev", "staging", "prod"];

export const STACKS_PLAN_CASES: readonly PlanCase[] = [
  ...STACKS.map((name): PlanCase => ({
    title: `${name}: the stack of the default config validates and plans`,
    // GIVEN each stack's AWS part
    given: () => synthApp().stacks[name],
    // THEN terraform validates and plans it, and the plan creates resources
    then: (result) => {
      const { toAdd } = planned(name, result);
      console.log(`${name}: plan adds ${toAdd} resources`);
      expect(toAdd).toBeGreaterThan(0);
    },
  })),
  ...["dev", "staging", "prod"].map((name): PlanCase => ({
    title: `${name}: the stack of the workloads example (every service kind, secrets, volumes, jobs) validates and plans`,
    // GIVEN the environment's stack of examples/workloads.config.json
    given: () => synthApp(exampleConfig(WORKLOADS_EXAMPLE)).stacks[name],
    // THEN terraform plans it, with the file system, the access points and both schedules
    then: (result) => {
      const { toAdd, planOutput } = planned(name, result);
      expect(toAdd).toBeGreaterThan(100);
      for (const address of [
        /aws_efs_file_system\.file-system_/,
        /aws_efs_access_point\./,
        /aws_scheduler_schedule\.scheduled-jobs_cleanup_/,
        /aws_scheduler_schedule\.scheduled-jobs_report_/,
      ]) {
        expect(planOutput).toMatch(address);
      }
    },
  })),
  ...["bootstrap", "dev", "staging", "prod"].map((name): PlanCase => ({
    title: `${name}: the stack of the REST example (NLB, usage plans, API keys, blue/green) validates and plans`,
    // GIVEN the stack of examples/rest.config.json
    given: () => synthApp(exampleConfig(REST_EXAMPLE)).stacks[name],
    // THEN terraform plans it: the account's CloudWatch role in bootstrap, the REST edge and CodeDeploy in the environments
    then: (result) => {
      const { planOutput } = planned(name, result);
      const expected =
        name === "bootstrap"
          ? [/aws_api_gateway_account\./]
          : [/aws_api_gateway_rest_api\./, /aws_lb\.load-balancer_/, /aws_codedeploy_deployment_group\./, /aws_api_gateway_base_path_mapping\./];
      for (const address of expected) expect(planOutput).toMatch(address);
      if (name === "prod") expect(planOutput).toMatch(/aws_api_gateway_usage_plan_key\./);
    },
  })),
  ...["dev", "staging", "prod"].map((name): PlanCase => ({
    title: `${name}: the stack of the EC2 example (catalog on EC2 in staging and prod, Spot in staging) validates and plans`,
    // GIVEN the stack of examples/ec2.config.json
    given: () => synthApp(exampleConfig(EC2_EXAMPLE)).stacks[name],
    // THEN terraform plans it, with the launch template, group and capacity provider where ecs.ec2 is set
    then: (result) => {
      const { planOutput } = planned(name, result);
      const ec2 = [/aws_launch_template\./, /aws_autoscaling_group\./, /aws_ecs_capacity_provider\./];
      for (const address of ec2) expect(planOutput).toMatch(name === "dev" ? /./ : address);
      if (name === "dev") expect(planOutput).not.toMatch(/aws_ecs_capacity_provider\./);
    },
  })),
  ...["qa", "prod"].map((name): PlanCase => ({
    title: `${name} of examples/accounts.config.json (its own account; prod in us-east-1, state in eu-west-1) validates and plans`,
    // GIVEN the environment's stack of the multi-account example (dev is the default dev in another account)
    given: () => synthApp(exampleConfig(ACCOUNTS_EXAMPLE)).stacks[name],
    // THEN terraform plans it: qa on the staging profile (a NAT gateway per AZ), prod's subnets in us-east-1's zones
    then: (result) => {
      const { planOutput } = planned(`${name} of the accounts example`, result);
      if (name === "qa") {
        expect((planOutput ?? "").match(/\.aws_nat_gateway\.\S+ will be created/g)).toHaveLength(2);
        expect(planOutput).toMatch(/availability_zone\s+= "eu-west-1a"/);
      } else {
        expect(planOutput).toMatch(/availability_zone\s+= "us-east-1a"/);
        expect(planOutput).not.toMatch(/availability_zone\s+= "eu-west-1a"/);
      }
    },
  })),
  {
    title: "bootstrap with a REST environment in a second region (an aliased provider) validates and plans",
    // GIVEN the defaults with staging's REST API in eu-west-1 and prod's in us-east-1
    given: () => {
      const rest = { kind: "rest", targets: "loadBalancer" };
      return synthApp(testConfig({ environments: { staging: { api: rest }, prod: { region: "us-east-1", api: rest } } })).stacks.bootstrap;
    },
    // THEN terraform plans both account settings, the second through the us-east-1 provider
    then: (result) => {
      const { planOutput } = planned("bootstrap with two REST regions", result);
      expect((planOutput ?? "").match(/\.aws_api_gateway_account\.\S+ will be created/g)).toHaveLength(2);
    },
  },
  {
    title: "TerraformCheck in HCL parses (terraform fmt), and its plan warns that the assertion failed",
    // GIVEN the HCL of a stack whose check fails, parsed by terraform fmt and read back as JSON
    given: async () => {
      const hcl = Testing.synthHcl(stackWithCheck());
      expect(hclParseError(hcl)).toBeUndefined();
      return terraformJsonFromHcl(hcl);
    },
    // THEN the plan warns with the failing assertion's message only
    then: (result) => {
      const { planOutput } = planned("TerraformCheck in HCL", result);
      expect(planOutput).toMatch(/Warning: Check block assertion failed/);
      expect(planOutput).toContain("Still set: a, b.");
      expect(planOutput).not.toContain("Too many.");
    },
  },
];

import "cdktf/lib/testing/adapters/jest"; // types for the cdktf matchers
import { TerraformOutput, Testing } from "cdktf";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { allowTraffic } from "../../src/core/connections";
import { ScheduledJob, ScheduledJobProps } from "../../src/jobs/scheduled-job";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { refOf, resourceOf, resources, TfJson } from "../support/synth";
import { synthJson } from "../support/test-stack";
import { addJob, FAMILY, jobWorld, JobWorld } from "./fixtures";

/** The account as the constructs take it: from the cluster ARN, without a data source. */
const ACCOUNT = '${element(split(":", aws_ecs_cluster.cluster_A4C38409.arn), 4)}';

describe("ScheduledJob", () => {
  const build = (props: Partial<ScheduledJobProps> = {}, opts: { spot?: boolean } = {}) => {
    const w: JobWorld = jobWorld(opts.spot ?? false);
    const job = addJob(w, props);
    return { w, job, json: synthJson(w.stack) };
  };
  const scheduleOf = (json: TfJson, job: ScheduledJob) => resourceOf(json, job.schedule);

  describe("schedule", () => {
    it("runs one task of the job's task definition in the private subnets, with the job's group, on the cluster", () => {
      // GIVEN / WHEN a job with the defaults
      const { w, job } = build();
      // THEN the schedule targets the cluster with the scheduler role and the ECS parameters
      expect(Testing.synth(w.stack)).toHaveResourceWithProperties(SchedulerSchedule, {
        name: "platform-prod-report",
        schedule_expression: "cron(0 3 * * ? *)",
        schedule_expression_timezone: "UTC",
        state: "ENABLED",
        flexible_time_window: { mode: "OFF" },
        target: {
          arn: refOf(w.cluster.cluster, "arn"),
          role_arn: refOf(job.schedulerRole.role, "arn"),
          ecs_parameters: {
            task_definition_arn: refOf(w.task.taskDefinition, "arn"),
            task_count: 1,
            capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1 }],
            network_configuration: {
              subnets: ["${aws_subnet.fake-private-0.id}", "${aws_subnet.fake-private-1.id}"],
              security_groups: [refOf(job.securityGroup, "id")],
              assign_public_ip: false,
            },
            platform_version: "LATEST",
          },
          retry_policy: { maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 },
        },
      });
    });

    it("lives in a schedule group of its own, named like it, so Scheduler's per-group metrics are the job's", () => {
      // GIVEN / WHEN a job with the defaults
      const { job, json } = build();
      // THEN a group named like the schedule, and the schedule in it by reference
      expect(resourceOf(json, job.scheduleGroup)).toEqual({ name: "platform-prod-report" });
      expect(scheduleOf(json, job).group_name).toBe(refOf(job.scheduleGroup, "name"));
    });

    it("names no launch type and asks for no tags (the scheduler role may not tag)", () => {
      // GIVEN / WHEN a job with the defaults
      const { job, json } = build();
      const ecs = scheduleOf(json, job).target.ecs_parameters;
      // THEN a strategy without launch_type, and none of tags, propagate_tags, managed tags, exec
      expect(Object.keys(ecs).sort()).toEqual(["capacity_provider_strategy", "network_configuration", "platform_version", "task_count", "task_definition_arn"]);
    });

    it("uses the environment's Spot strategy when preferSpot", () => {
      // GIVEN / WHEN a job in a Spot-preferring environment
      const { job, json } = build({ preferSpot: true }, { spot: true });
      // THEN the environment's strategy: a base of one on-demand task, the rest weighted to Spot
      expect(scheduleOf(json, job).target.ecs_parameters.capacity_provider_strategy).toEqual([
        { capacity_provider: "FARGATE", base: 1, weight: 1 },
        { capacity_provider: "FARGATE_SPOT", weight: 4 },
      ]);
    });

    it("takes a disabled state, a time zone and a retry policy", () => {
      // GIVEN / WHEN a disabled job in Berlin time with its own retry policy
      const { job, json } = build({ enabled: false, timezone: "Europe/Berlin", retry: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 } });
      const schedule = scheduleOf(json, job);
      // THEN they reach the schedule
      expect(schedule.state).toBe("DISABLED");
      expect(schedule.schedule_expression_timezone).toBe("Europe/Berlin");
      expect(schedule.target.retry_policy).toEqual({ maximum_retry_attempts: 0, maximum_event_age_in_seconds: 60 });
    });

    it("depends on the scheduler policy, the capacity providers and the task's grants", () => {
      // GIVEN / WHEN a job whose task brings a grant
      const { w, job, json } = build();
      // THEN the first run cannot come before the permissions and capacity it needs
      expect(scheduleOf(json, job).depends_on).toEqual([
        `aws_iam_role_policy.${job.schedulerPolicy.friendlyUniqueId}`,
        `aws_ecs_cluster_capacity_providers.${w.cluster.capacityProviders.friendlyUniqueId}`,
        `aws_iam_role_policy.${w.task.grant.friendlyUniqueId}`,
      ]);
    });

    it("exposes the schedule name as a reference and the job's name", () => {
      // GIVEN a job
      const w = jobWorld();
      const job = addJob(w);
      // WHEN its attributes are used elsewhere
      new TerraformOutput(w.stack, "schedule_name", { value: job.scheduleName });
      new TerraformOutput(w.stack, "sg", { value: job.securityGroupId });
      const json = synthJson(w.stack);
      // THEN they are references to its resources
      expect(job.name).toBe("report");
      expect(json.output.schedule_name.value).toBe(refOf(job.schedule, "name"));
      expect(json.output.sg.value).toBe(refOf(job.securityGroup, "id"));
    });
  });

  describe("scheduler role", () => {
    it("is named <project>-<env>-<job>-scheduler and trusts only EventBridge Scheduler of this account", () => {
      // GIVEN / WHEN a job
      const { job, json } = build();
      const role = resourceOf(json, job.schedulerRole.role);
      // THEN one service principal, with the confused-deputy condition
      expect(role.name).toBe("platform-prod-report-scheduler");
      expect(decodeJson(role.assume_role_policy).Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ]);
    });

    it("may run only the job's task definition family on the cluster, and pass only its two roles to ECS tasks", () => {
      // GIVEN / WHEN a job
      const { w, job, json } = build();
      const policies = Object.values(resources(json, "aws_iam_role_policy")).filter((p) => p.role === refOf(job.schedulerRole.role, "name"));
      // THEN exactly one policy with exactly these two statements
      expect(policies).toHaveLength(1);
      expect(decodeJson(policies[0].policy).Statement).toEqual([
        {
          Sid: "RunJobTaskDefinition",
          Effect: "Allow",
          Action: ["ecs:RunTask"],
          Resource: [`arn:${PARTITION}:ecs:eu-west-1:${ACCOUNT}:task-definition/${FAMILY}:*`],
          Condition: { ArnEquals: { "ecs:cluster": refOf(w.cluster.cluster, "arn") } },
        },
        {
          Sid: "PassJobTaskRoles",
          Effect: "Allow",
          Action: ["iam:PassRole"],
          Resource: [refOf(w.task.executionRole.role, "arn"), refOf(w.task.taskRole.role, "arn")],
          Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
      ]);
    });
  });

  describe("security group", () => {
    it("is the job's own, with egress 443 only and no ingress", () => {
      // GIVEN / WHEN a job
      const { job, json } = build();
      const sgRef = refOf(job.securityGroup, "id");
      const sg = resourceOf(json, job.securityGroup);
      // THEN a described group in the VPC without inline rules, one egress rule and no ingress rule
      expect(sg).toMatchObject({ name_prefix: "platform-prod-report-", vpc_id: "${aws_vpc.fake-vpc.id}", description: expect.stringMatching(/report/) });
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
      expect(Object.values(resources(json, "aws_vpc_security_group_egress_rule")).filter((r) => r.security_group_id === sgRef)).toEqual([
        expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0", description: expect.any(String) }),
      ]);
      expect(Object.values(resources(json, "aws_vpc_security_group_ingress_rule"))).toEqual([]);
    });

    it("is connectable: a target that admits the job opens its port from the job's group only", () => {
      // GIVEN a job and a database-like target
      const w = jobWorld();
      const job = addJob(w);
      const db = new SecurityGroup(w.stack, "db", { vpcId: w.network.vpcId, description: "db" });
      // WHEN the target admits the job
      allowTraffic(w.stack, job, { node: db.node, securityGroupId: db.id }, 5432, "report to the database");
      const json = synthJson(w.stack);
      // THEN the job's group gets egress 5432 to the target's group, and still no ingress
      const egress = Object.values(resources(json, "aws_vpc_security_group_egress_rule")).filter((r) => r.security_group_id === refOf(job.securityGroup, "id"));
      expect(egress.map((r) => r.from_port).sort()).toEqual([443, 5432]);
      expect(egress).toContainEqual(expect.objectContaining({ referenced_security_group_id: refOf(db, "id"), from_port: 5432, to_port: 5432 }));
      const ingress = Object.values(resources(json, "aws_vpc_security_group_ingress_rule"));
      expect(ingress.filter((r) => r.security_group_id === refOf(job.securityGroup, "id"))).toEqual([]);
    });
  });

  describe("validation", () => {
    it("creates nothing when a prop is invalid", () => {
      // GIVEN an invalid schedule WHEN built THEN it throws before any child exists
      const w = jobWorld();
      expect(() => addJob(w, { schedule: "every day" })).toThrow();
      expect(w.stack.node.tryFindChild("job")?.node.children).toEqual([]);
    });

    it.each([
      ["a name that is not a DNS label", { name: "Report_1" }, /job: name must be a lowercase DNS label .*, got "Report_1"/],
      [
        "a cron expression with five fields",
        { schedule: "cron(0 3 * * ?)" },
        /job: schedule must have six fields in cron\(.*\), got 5, got "cron\(0 3 \* \* \?\)"/,
      ],
      ["a rate with an unknown unit", { schedule: "rate(5 weeks)" }, /job: schedule must be rate\(value unit\) with a unit of minute \| minutes/],
      ["an at() that is not a date", { schedule: "at(2030-02-30T10:00:00)" }, /job: schedule must name a real date and time/],
      ["a time zone that does not exist", { timezone: "Mars/Olympus" }, /job: timezone must be an IANA time zone .*, got "Mars\/Olympus"/],
      ["retry attempts above 185", { retry: { maximumRetryAttempts: 186 } }, /job: retry.maximumRetryAttempts must be an integer 0–185, got 186/],
      ["an event age below 60 seconds", { retry: { maximumEventAgeSeconds: 59 } }, /job: retry.maximumEventAgeSeconds must be an integer 60–86400, got 59/],
      ["an event age above a day", { retry: { maximumEventAgeSeconds: 86401 } }, /job: retry.maximumEventAgeSeconds must be an integer 60–86400, got 86401/],
      [
        "a name that makes the schedule name longer than 64",
        { name: `r${"e".repeat(50)}` },
        /job: name makes the schedule name "platform-prod-re+" 65 characters; EventBridge Scheduler allows 64/,
      ],
      [
        "a name that makes the scheduler role name longer than 64",
        { name: `r${"e".repeat(40)}` },
        /job: name makes the scheduler role name "platform-prod-re+-scheduler" 65 characters; IAM allows 64, so a job name may have at most 40 characters here/,
      ],
      [
        "a naming whose schedule name has other characters",
        { naming: { project: "platform", envName: "prod:1" } },
        /job: naming makes the schedule name "platform-prod:1-report"/,
      ],
    ] as const)("rejects %s", (_what, props, message) => {
      // GIVEN the bad value WHEN built THEN it throws, naming the prop and the value
      expect(() => build(props as Partial<ScheduledJobProps>)).toThrow(message);
    });

    it("rejects a task definition family that is not a family name", () => {
      // GIVEN a task whose family is an ARN pattern WHEN built THEN it throws
      const w = jobWorld();
      expect(() => addJob(w, { task: { ...w.task, taskDefinitionFamily: "*" } })).toThrow(
        /job: task.taskDefinitionFamily must be a task definition family name/,
      );
    });

    it("rejects one role as both execution and task role", () => {
      // GIVEN a task whose two roles are one WHEN built THEN it throws
      const w = jobWorld();
      expect(() => addJob(w, { task: { ...w.task, taskRole: w.task.executionRole } })).toThrow(/job: task.taskRole must differ from task.executionRole/);
    });
  });
});

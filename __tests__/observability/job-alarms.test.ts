import { execFileSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { JobAlarms, JobAlarmsProps } from "../../src/observability/job-alarms";
import { decodeJson } from "../support/json-document";
import { refOf, resourceOf } from "../support/synth";
import { describeWithTerraform, TERRAFORM_BIN } from "../support/terraform";
import { synthJson } from "../support/test-stack";
import { alarmsByName, alertWorld, expectNotifiesTopic, NAMING } from "./alarm-fixtures";

const CLUSTER = "${aws_ecs_cluster.cluster.arn}";
const FAMILY = "${aws_ecs_task_definition.report.arn_without_revision}";
const GROUP = "${aws_scheduler_schedule_group.group.name}";
const LOGS = "${aws_cloudwatch_log_group.logs.name}";

describe("JobAlarms", () => {
  const build = (props: Partial<JobAlarmsProps> = {}) => {
    const { stack, topic } = alertWorld({ eventRules: true });
    // The job's neighbours, named so their references read as the constants above.
    const cluster = new EcsCluster(stack, "cluster", { name: "acme-prod" });
    const task = new EcsTaskDefinition(stack, "report", { family: "acme-prod-report", containerDefinitions: "[]" });
    const group = new SchedulerScheduleGroup(stack, "group", { name: "acme-prod-report" });
    const logs = new CloudwatchLogGroup(stack, "logs", { name: "/ecs/acme-prod/report" });
    const job = new JobAlarms(stack, "job", {
      naming: NAMING,
      topic,
      name: "report",
      clusterArn: cluster.arn,
      taskDefinitionArnWithoutRevision: task.arnWithoutRevision,
      scheduleGroupName: group.name,
      logGroupName: logs.name,
      ...props,
    });
    const json = synthJson(stack);
    return { job, topic, json, byName: alarmsByName(json) };
  };

  it("matches the job's tasks on the cluster that stopped with a non-zero exit code or never started", () => {
    // GIVEN / WHEN a job's alarms
    const { job, json } = build();
    const rule = resourceOf(json, job.rule);
    // THEN a rule <project>-<env>-<job>-failed on ECS task state changes of any revision of the job's task definition
    expect(rule.name).toBe("acme-prod-report-failed");
    expect(decodeJson(rule.event_pattern)).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        clusterArn: [CLUSTER],
        taskDefinitionArn: [{ prefix: `${FAMILY}:` }],
        lastStatus: ["STOPPED"],
        $or: [{ containers: { exitCode: [{ "anything-but": 0 }] } }, { stopCode: ["TaskFailedToStart"] }],
      },
    });
  });

  it("sends each failed run straight to the topic, with the reason and the containers' exit codes as JSON values", () => {
    // GIVEN / WHEN a job's alarms
    const { job, topic, json } = build();
    const target = resourceOf(json, job.target);
    // THEN the rule targets the topic by reference; the template inserts event values unquoted (JSON-escaped by EventBridge)
    expect(target.rule).toBe(refOf(job.rule, "name"));
    expect(target.arn).toBe(refOf(topic.topic, "arn"));
    expect(target.input_transformer.input_paths).toEqual({
      stopCode: "$.detail.stopCode",
      reason: "$.detail.stoppedReason",
      containers: "$.detail.containers",
      task: "$.detail.taskArn",
      stoppedAt: "$.detail.stoppedAt",
    });
    const template = target.input_transformer.input_template as string;
    expect(template).toMatch(/^\$\{replace\(jsonencode\(\{.*\}\), "\/\.@@\(\[a-zA-Z\]\+\)@@\.\/", "<\$1>"\)\}$/);
    expect(decodeJson(template.replace(/^\$\{replace\((jsonencode\(.*\)), "\/.*$/, "${$1}"))).toEqual({
      alert: "Job report failed in prod",
      stopCode: "@@stopCode@@",
      reason: "@@reason@@",
      containers: "@@containers@@",
      task: "@@task@@",
      stoppedAt: "@@stoppedAt@@",
      logs: LOGS,
    });
  });

  it("alarms on a run Scheduler dropped after its retries, in the job's own schedule group", () => {
    // GIVEN / WHEN / THEN InvocationDroppedCount of the group above 0 in 5 minutes
    const { byName, topic } = build();
    const alarm = byName["acme-prod-job-report-not-started"];
    expect(alarm).toMatchObject({
      namespace: "AWS/Scheduler",
      metric_name: "InvocationDroppedCount",
      dimensions: { ScheduleGroup: GROUP },
      statistic: "Sum",
      period: 300,
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
      treat_missing_data: "notBreaching",
    });
    expectNotifiesTopic(alarm, topic);
  });

  it("alarms when the rule could not deliver a failed run to the topic", () => {
    // GIVEN / WHEN / THEN the rule's FailedInvocations above 0, by its name (a reference)
    const { byName, job, topic } = build();
    const alarm = byName["acme-prod-job-report-failure-undelivered"];
    expect(alarm).toMatchObject({
      namespace: "AWS/Events",
      metric_name: "FailedInvocations",
      dimensions: { RuleName: refOf(job.rule, "name") },
      statistic: "Sum",
      threshold: 0,
      treat_missing_data: "notBreaching",
    });
    expectNotifiesTopic(alarm, topic);
  });

  it.each([
    ["a name that is no DNS label", { name: "Report" }, /name must be a lowercase DNS label, got "Report"/],
    [
      "a name whose rule would be over EventBridge's 64 characters",
      { name: "a".repeat(50) },
      /name makes the failed-run rule name "acme-prod-a{50}-failed" 67 characters; EventBridge allows 64/,
    ],
  ])("rejects %s, naming the prop", (_what, props, message) => {
    // GIVEN / WHEN / THEN the construct refuses
    expect(() => build(props)).toThrow(message);
  });
});

describeWithTerraform("JobAlarms.inputTemplate (terraform apply)", () => {
  it("evaluates to the JSON template with every placeholder unquoted, from cdk.tf.json and from cdk.tf alike", () => {
    // GIVEN the template as an output, synthesized both ways
    const stackOf = () => {
      const stack = new TerraformStack(Testing.app(), "template");
      new TerraformOutput(stack, "doc", { value: JobAlarms.inputTemplate("Job report failed in prod", "/ecs/acme-prod/report") });
      return stack;
    };
    // WHEN Terraform evaluates each THEN EventBridge's template, keys in jsonencode's order
    const expected =
      '{"alert":"Job report failed in prod","containers":<containers>,"logs":"/ecs/acme-prod/report","reason":<reason>,' +
      '"stopCode":<stopCode>,"stoppedAt":<stoppedAt>,"task":<task>}';
    expect(evaluateOutput("main.tf.json", Testing.synth(stackOf()))).toBe(expected);
    expect(evaluateOutput("main.tf", Testing.synthHcl(stackOf()))).toBe(expected);
  });
});

/** The output `doc` as Terraform evaluates it: `terraform apply` of an outputs-only stack. */
function evaluateOutput(file: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "job-template-"));
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  try {
    writeFileSync(join(dir, file), text);
    for (const args of [
      ["init", "-input=false", "-no-color"],
      ["apply", "-auto-approve", "-input=false", "-no-color"],
    ]) {
      execFileSync(TERRAFORM_BIN, args, { cwd: dir, env, stdio: "pipe" });
    }
    return execFileSync(TERRAFORM_BIN, ["output", "-raw", "doc"], { cwd: dir, env, encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

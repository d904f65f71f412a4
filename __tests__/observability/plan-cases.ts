import { exampleConfig, WORKLOADS_EXAMPLE } from "../support/examples";
import { synthApp, testConfig } from "../support/synth";
import { PlanCase, planned } from "../support/terraform";

/** alerts.emails set at the top level, with a 4xx alarm: the acceptance of issue 15, part 1. */
const WITH_EMAILS = { alerts: { emails: ["ops@acme.io", "oncall@acme.io"], thresholds: { api4xxPercent: 25 } } };

export const OBSERVABILITY_PLAN_CASES: readonly PlanCase[] = [
  {
    title: "dev with alerts.emails set: the topic, its subscriptions, every alarm and the dashboard validate and plan",
    // GIVEN the default dev with two addresses and a 4xx threshold
    given: () => synthApp(testConfig(WITH_EMAILS)).stacks.dev,
    // THEN terraform plans the topic, its policy, both subscriptions, the alarms (4xx too) and the dashboard
    then: (result) => {
      const { planOutput } = planned("dev with alerts.emails", result);
      expect(planOutput).toMatch(/aws_sns_topic\.alerts_topic_\w+ will be created/);
      expect(planOutput).toMatch(/aws_sns_topic_policy\.alerts_topic_policy_\w+ will be created/);
      expect((planOutput ?? "").match(/\.aws_sns_topic_subscription\.\S+ will be created/g)).toHaveLength(2);
      expect(planOutput).toMatch(/alarm_name\s+= "platform-dev-api-4xx-rate"/);
      expect(planOutput).toMatch(/aws_cloudwatch_dashboard\.alerts_dashboard_\w+ will be created/);
      // two services × 3, API × 3, database × 4, one NAT gateway × 2
      expect((planOutput ?? "").match(/\.aws_cloudwatch_metric_alarm\.\S+ will be created/g)).toHaveLength(6 + 3 + 4 + 2);
    },
  },
  {
    title: "prod of the workloads example with alerts.emails set: the jobs' failed-run rules and their targets validate and plan",
    // GIVEN the workloads example (two jobs) with emails
    given: () => synthApp(exampleConfig({ ...(WORKLOADS_EXAMPLE as object), ...WITH_EMAILS })).stacks.prod,
    // THEN the rules, their targets on the topic, the jobs' schedule groups and their alarms plan
    then: (result) => {
      const { planOutput } = planned("prod of the workloads example with alerts.emails", result);
      expect((planOutput ?? "").match(/\.aws_cloudwatch_event_rule\.\S+ will be created/g)).toHaveLength(2);
      expect((planOutput ?? "").match(/\.aws_cloudwatch_event_target\.\S+ will be created/g)).toHaveLength(2);
      expect((planOutput ?? "").match(/\.aws_scheduler_schedule_group\.\S+ will be created/g)).toHaveLength(2);
      expect(planOutput).toMatch(/name\s+= "acme-prod-report-failed"/);
    },
  },
];

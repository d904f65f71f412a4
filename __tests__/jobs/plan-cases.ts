import { PlanCase, planned } from "../support/terraform";
import { synthJson } from "../support/test-stack";
import { addJob, jobWorld } from "./fixtures";

export const JOBS_PLAN_CASES: readonly PlanCase[] = [
  {
    title: "ScheduledJob with a cluster, a task definition and its roles validates and plans offline",
    given: () => {
      // GIVEN a Spot-preferring cluster, a real task definition with two roles, and a job that runs it
      const w = jobWorld(true);
      addJob(w, { preferSpot: true, timezone: "Europe/Berlin", retry: { maximumRetryAttempts: 5, maximumEventAgeSeconds: 7200 } });
      return synthJson(w.stack);
    },
    then: (result) => {
      // THEN it plans the schedule, its role and policy, and the job's group and egress rule
      const { toAdd, planOutput } = planned("jobs", result);
      expect(toAdd).toBeGreaterThan(0);
      expect(planOutput).toMatch(/aws_scheduler_schedule\.job_schedule_\w+ will be created/);
      expect(planOutput).toMatch(/aws_iam_role\.job_scheduler_role_\w+ will be created/);
      expect(planOutput).toMatch(/aws_iam_role_policy\.job_scheduler_policy-run-task_\w+ will be created/);
      expect(planOutput).toMatch(/aws_security_group\.job_sg_\w+ will be created/);
      expect(planOutput).toMatch(/aws_vpc_security_group_egress_rule\.job_egress-https_\w+ will be created/);
      expect(planOutput).toContain('schedule_expression_timezone = "Europe/Berlin"');
      expect(planOutput).toMatch(/capacity_provider\s+= "FARGATE_SPOT"/);
    },
  },
];

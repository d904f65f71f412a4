import { TaskRoles, TaskRolesProps } from "../../src/compute/task-roles";
import { ResourceLike, refOf, resourceOf, resources } from "../support/synth";
import { synthJson, testStack } from "../support/test-stack";
import { decodeJson } from "../support/json-document";
import { PARTITION } from "../support/partition";
import { FAKE_OTLP_SECRET_ARN, fakeKmsKeyArn } from "../support/fake-arns";

const ACCOUNT = "111122223333";
const SECRET = FAKE_OTLP_SECRET_ARN;

describe("TaskRoles", () => {
  const build = (props: Partial<TaskRolesProps> = {}) => {
    const stack = testStack();
    const roles = new TaskRoles(stack, "roles", {
      naming: { project: "platform", envName: "prod" },
      serviceName: "orders",
      region: "eu-west-1",
      accountId: ACCOUNT,
      ...props,
    });
    const json = synthJson(stack);
    const role = (r: { role: ResourceLike }) => resourceOf(json, r.role);
    const policies = Object.values(resources(json, "aws_iam_role_policy"));
    return { roles, json, role, policies };
  };

  it("creates two distinct roles named <project>-<env>-<service>-exec / -task", () => {
    // GIVEN / WHEN task roles for orders
    const { roles, role } = build();
    // THEN two roles with distinct ids and names
    expect(role(roles.executionRole).name).toBe("platform-prod-orders-exec");
    expect(role(roles.taskRole).name).toBe("platform-prod-orders-task");
    expect(roles.executionRole.role.friendlyUniqueId).not.toBe(roles.taskRole.role.friendlyUniqueId);
  });

  it("trusts only ecs-tasks.amazonaws.com of this account; the task role also only ECS tasks of this region", () => {
    // GIVEN / WHEN the roles
    const { roles, role } = build();
    const exec = decodeJson(role(roles.executionRole).assume_role_policy);
    const task = decodeJson(role(roles.taskRole).assume_role_policy);
    // THEN one statement each, one service principal, the account condition
    expect(exec.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
    expect(task.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:${PARTITION}:ecs:eu-west-1:${ACCOUNT}:*` },
        },
      },
    ]);
  });

  it("has no policy at all by default (empty task role, no secrets)", () => {
    // GIVEN / WHEN no secrets and no exec
    const { roles, policies } = build();
    // THEN no policy exists
    expect(policies).toEqual([]);
    expect(roles.secretsPolicy).toBeUndefined();
    expect(roles.executeCommandPolicy).toBeUndefined();
  });

  it("lets the execution role read exactly the injected secrets, in one policy", () => {
    // GIVEN / WHEN two injected secrets and a KMS statement for one of them
    const kms = { Sid: "Decrypt", Effect: "Allow" as const, Action: ["kms:Decrypt"], Resource: [fakeKmsKeyArn("k")] };
    const { roles, policies } = build({ injectedSecretArns: [SECRET, "arn:db-secret"], secretReadStatements: [kms] });
    // THEN one policy on the execution role with GetSecretValue on exactly those ARNs
    expect(policies).toHaveLength(1);
    expect(policies[0].role).toBe(refOf(roles.executionRole.role, "name"));
    expect(decodeJson(policies[0].policy).Statement).toEqual([
      { Sid: "ReadInjectedSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [SECRET, "arn:db-secret"] },
      kms,
    ]);
  });

  it("gives the task role the ECS Exec statements when given, and nothing to the execution role", () => {
    // GIVEN / WHEN exec statements
    const exec = [{ Sid: "Channels", Effect: "Allow" as const, Action: ["ssmmessages:OpenDataChannel"], Resource: ["*"] }];
    const { roles, policies } = build({ executeCommandStatements: exec });
    // THEN one policy, on the task role, with exactly those statements
    expect(policies).toHaveLength(1);
    expect(policies[0].role).toBe(refOf(roles.taskRole.role, "name"));
    expect(decodeJson(policies[0].policy).Statement).toEqual(exec);
  });

  it("rejects a wildcard secret ARN", () => {
    // GIVEN a wildcard secret ARN, WHEN built, THEN it throws
    expect(() => build({ injectedSecretArns: ["arn:aws:secretsmanager:eu-west-1:1:secret:*"] })).toThrow(
      /roles: injectedSecretArns must be exact ARNs, got arn:aws:secretsmanager:eu-west-1:1:secret:\*/,
    );
  });

  it("rejects secret read statements without secrets", () => {
    // GIVEN secret read statements without secrets, WHEN built, THEN it throws
    const kms = { Effect: "Allow" as const, Action: ["kms:Decrypt"], Resource: ["k"] };
    expect(() => build({ secretReadStatements: [kms] })).toThrow(/secretReadStatements need injectedSecretArns/);
  });

  it("rejects role names longer than IAM's 64 characters", () => {
    // GIVEN role names longer than IAM's 64 characters, WHEN built, THEN it throws
    expect(() => build({ serviceName: "a-very-long-service-name-that-goes-on-and-on-and-on" })).toThrow(
      /roles: role name "platform-prod-a-very-long-service-name-that-goes-on-and-on-and-on-exec" is 70 characters; IAM allows 64/,
    );
  });
});

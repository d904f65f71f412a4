import { permissionStatementProblem } from "../../src/core/aws-facts";

/** The task-role permission rule, shared by the config, ServiceRole.addPolicy and `npm run check`. */
describe("permissionStatementProblem", () => {
  it.each([
    ["one action on one bucket's objects", ["s3:GetObject"], ["arn:aws:s3:::reports/*"]],
    ["a service wildcard on one bucket's objects", ["s3:*"], ["arn:aws:s3:::scratch/*"]],
    ["a read wildcard on every bucket", ["s3:List*"], ["*"]],
    ["iam:PassRole on one exact role", ["iam:PassRole"], ["arn:aws:iam::111122223333:role/acme-prod-worker"]],
    ["IAM reads on every role", ["iam:GetRole", "iam:ListRoles"], ["*"]],
    ["sqs on one queue in any region", ["sqs:SendMessage"], ["arn:aws:sqs:*:111122223333:emails"]],
  ])("accepts %s", (_what, actions, resources) => {
    // GIVEN a narrow statement (table) / WHEN checked / THEN no problem
    expect(permissionStatementProblem({ actions, resources })).toBeUndefined();
  });

  it.each([
    ["every action on *", ["*"], ["*"], /every action of a service on every resource \("\*"\)/],
    ["s3:* on every bucket", ["s3:*"], ["arn:aws:s3:::*"], /every resource \("arn:aws:s3:::\*"\)/],
    ["every action on any ARN", ["*"], ["arn:*:*:*:*:*"], /every resource/],
    ["dynamodb:* in any account", ["dynamodb:*"], ["arn:aws:dynamodb:eu-west-1:*:table/orders"], /every resource/],
    ["iam:PassRole on *", ["iam:PassRole"], ["*"], /escalate its privileges/],
    // A compromised container could attach AdministratorAccess to its own role.
    ["IAM writes on every role of any account", ["iam:AttachRolePolicy", "iam:PutRolePolicy"], ["arn:aws:iam::*:role/*"], /escalate its privileges/],
    ["iam:PassRole on a role prefix", ["iam:PassRole"], ["arn:aws:iam::111122223333:role/app-*"], /name exact role ARNs/],
    ["sts:AssumeRole on a role prefix", ["sts:AssumeRole"], ["arn:aws:iam::111122223333:role/*"], /escalate its privileges/],
    ["no resource", ["s3:GetObject"], [], /must name at least one resource/],
    ["no action", [], ["*"], /must name at least one action/],
    ["a malformed action", ["s3 GetObject"], ["*"], /must be an IAM action like s3:GetObject/],
  ])("refuses %s", (_what, actions, resources, message) => {
    // GIVEN a broad or malformed statement (table) / WHEN checked / THEN the problem says why
    expect(permissionStatementProblem({ actions, resources })?.message).toMatch(message);
  });
});

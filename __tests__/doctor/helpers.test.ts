import { SecurityGroupRule } from "@aws-sdk/client-ec2";
import { Task } from "@aws-sdk/client-ecs";
import { admits, sends } from "../../src/doctor/connectivity";
import { coversArn, iamGlob, isAllowed, parsePolicyDocument, RoleStatement } from "../../src/doctor/iam-policy";
import { ecrRepositoryOf, imageFailureOf, likelyCause, secretTargetOf } from "../../src/doctor/images";
import { CheckResult, formatLine, formatReport, GUIDE, remedy } from "../../src/doctor/report";

describe("doctor: IAM policy evaluation", () => {
  const statements = (doc: object, policy = "p"): RoleStatement[] =>
    parsePolicyDocument(encodeURIComponent(JSON.stringify(doc))).map((statement) => ({ policy, statement }));

  it("decodes IAM's URL-encoded documents, with Statement a list or one object", () => {
    // GIVEN a document as GetRolePolicy returns it / WHEN parsed / THEN its statements
    const doc = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "ecr:*", Resource: "*" } };
    expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual([doc.Statement]);
    expect(parsePolicyDocument(JSON.stringify({ Statement: [doc.Statement, doc.Statement] }))).toHaveLength(2);
    expect(parsePolicyDocument("%7B%7D")).toEqual([]);
  });

  it("matches IAM wildcards: * and ?, actions without case", () => {
    expect(iamGlob("arn:aws:ecr:*:111122223333:repository/platform-dev/*", "arn:aws:ecr:eu-west-1:111122223333:repository/platform-dev/orders")).toBe(true);
    expect(iamGlob("arn:aws:ecr:*:111122223333:repository/platform-dev/*", "arn:aws:ecr:eu-west-1:444455556666:repository/platform-dev/orders")).toBe(false);
    expect(iamGlob("secret-??????", "secret-AbCdEf")).toBe(true);
    expect(iamGlob("secret-??????", "secret-AbCdE")).toBe(false);
    expect(iamGlob("ecr:get*", "ecr:GetAuthorizationToken", true)).toBe(true);
    expect(iamGlob("a.b", "axb")).toBe(false);
  });

  it("allows through Action or NotAction, Resource or NotResource, and lets an explicit Deny win", () => {
    const arn = "arn:aws:ecr:eu-west-1:111122223333:repository/platform-dev/orders";
    expect(isAllowed(statements({ Statement: { Effect: "Allow", Action: "ecr:BatchGetImage", Resource: arn } }), "ecr:BatchGetImage", coversArn(arn))).toBe(
      true,
    );
    expect(isAllowed(statements({ Statement: { Effect: "Allow", NotAction: "iam:*", Resource: "*" } }), "ecr:BatchGetImage", coversArn(arn))).toBe(true);
    expect(isAllowed(statements({ Statement: { Effect: "Allow", NotAction: "ecr:*", Resource: "*" } }), "ecr:BatchGetImage", coversArn(arn))).toBe(false);
    expect(isAllowed(statements({ Statement: { Effect: "Allow", Action: "ecr:*", NotResource: arn } }), "ecr:BatchGetImage", coversArn(arn))).toBe(false);
    expect(
      isAllowed(
        statements({
          Statement: [
            { Effect: "Allow", Action: "ecr:*", Resource: "*" },
            { Effect: "Deny", Action: "ecr:BatchGetImage", Resource: arn },
          ],
        }),
        "ecr:BatchGetImage",
        coversArn(arn),
      ),
    ).toBe(false);
    expect(isAllowed([], "ecr:BatchGetImage", coversArn(arn))).toBe(false);
  });
});

describe("doctor: what stopped tasks and task definitions say", () => {
  const task = (stoppedReason?: string, containerReason?: string): Task => ({ stoppedReason, containers: [{ name: "app", reason: containerReason }] });

  it("classifies the guide's image failures from the task's or a container's reason", () => {
    expect(imageFailureOf(task("CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref …"))?.kind).toBe(
      "CannotPullContainerError",
    );
    expect(imageFailureOf(task("Task failed to start", "ResourceInitializationError: unable to pull secrets or registry auth: …"))?.kind).toBe(
      "ResourceInitializationError",
    );
    expect(imageFailureOf(task("Essential container in task exited", "Essential container in task exited"))).toBeUndefined();
    expect(imageFailureOf(task("Task failed container health checks"))).toBeUndefined();
  });

  it("names the likely cause: a missing tag, the network, or access", () => {
    expect(likelyCause("CannotPullContainerError: … orders:1.0.0: not found")).toMatch(/^the image tag is not in the repository/);
    expect(likelyCause('ResourceInitializationError: … Post "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 10.10.64.15:443: i/o timeout')).toMatch(
      /network path/,
    );
    expect(likelyCause("ResourceInitializationError: … AccessDeniedException: User: … is not authorized to perform: secretsmanager:GetSecretValue")).toMatch(
      /access was denied/,
    );
    expect(likelyCause("CannotPullContainerError: something else")).toBeUndefined();
  });

  it("reads ECR repositories from image references, in China too, and nothing from other registries", () => {
    expect(ecrRepositoryOf("111122223333.dkr.ecr.eu-west-1.amazonaws.com/platform-dev/orders:1.0.0")).toEqual({
      account: "111122223333",
      region: "eu-west-1",
      name: "platform-dev/orders",
    });
    expect(ecrRepositoryOf("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/platform-dev/orders@sha256:abc")).toEqual({
      account: "111122223333",
      region: "cn-north-1",
      name: "platform-dev/orders",
    });
    expect(ecrRepositoryOf("ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.116.1")).toBeUndefined();
  });

  it("reads what a container secret needs: Secrets Manager without ECS's JSON-key suffix, SSM by ARN or by name", () => {
    const where = { partition: "aws", region: "eu-west-1", account: "111122223333" };
    const secret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:platform-dev/grafana-AbCdEf";
    expect(secretTargetOf(`${secret}:apiToken::`, where)).toEqual({ action: "secretsmanager:GetSecretValue", arn: secret });
    expect(secretTargetOf(secret, where)).toEqual({ action: "secretsmanager:GetSecretValue", arn: secret });
    expect(secretTargetOf("arn:aws:ssm:eu-west-1:111122223333:parameter/platform/dev/key", where)).toEqual({
      action: "ssm:GetParameters",
      arn: "arn:aws:ssm:eu-west-1:111122223333:parameter/platform/dev/key",
    });
    expect(secretTargetOf("/platform/dev/key", where).arn).toBe("arn:aws:ssm:eu-west-1:111122223333:parameter/platform/dev/key");
    expect(secretTargetOf("plain-name", where).arn).toBe("arn:aws:ssm:eu-west-1:111122223333:parameter/plain-name");
  });
});

describe("doctor: security-group rules", () => {
  const rule = (r: Partial<SecurityGroupRule>): SecurityGroupRule => ({
    GroupId: "sg-to",
    IsEgress: false,
    IpProtocol: "tcp",
    FromPort: 8080,
    ToPort: 8080,
    ...r,
  });
  const to = { label: "catalog", groups: ["sg-to"] };
  const from = { label: "orders", groups: ["sg-from"] };

  it("admits by the source's group, on a port range or all traffic", () => {
    expect(admits([rule({ ReferencedGroupInfo: { GroupId: "sg-from" } })], to, from, 8080)).toBe(true);
    expect(admits([rule({ ReferencedGroupInfo: { GroupId: "sg-from" }, FromPort: 8000, ToPort: 9000 })], to, from, 8080)).toBe(true);
    expect(admits([rule({ ReferencedGroupInfo: { GroupId: "sg-from" }, IpProtocol: "-1", FromPort: -1, ToPort: -1 })], to, from, 8080)).toBe(true);
    expect(admits([rule({ ReferencedGroupInfo: { GroupId: "sg-from" }, IpProtocol: "udp" })], to, from, 8080)).toBe(false);
    expect(admits([rule({ ReferencedGroupInfo: { GroupId: "sg-other" } })], to, from, 8080)).toBe(false);
    expect(admits([rule({ ReferencedGroupInfo: { GroupId: "sg-from" }, IsEgress: true })], to, from, 8080)).toBe(false);
  });

  it("admits by a CIDR only where asked to, and only one covering the whole VPC", () => {
    const vpcRule = rule({ CidrIpv4: "10.10.0.0/16" });
    expect(admits([vpcRule], to, from, 8080)).toBe(false);
    expect(admits([vpcRule], to, from, 8080, "10.10.0.0/16")).toBe(true);
    expect(admits([rule({ CidrIpv4: "10.10.64.0/20" })], to, from, 8080, "10.10.0.0/16")).toBe(false);
    expect(admits([rule({ CidrIpv4: "10.0.0.0/8" })], to, from, 8080, "10.10.0.0/16")).toBe(true);
  });

  it("sends by the target's group, or to a CIDR covering the VPC (0.0.0.0/0 included)", () => {
    const egress = (r: Partial<SecurityGroupRule>) => rule({ GroupId: "sg-from", IsEgress: true, ...r });
    expect(sends([egress({ ReferencedGroupInfo: { GroupId: "sg-to" } })], from, to, 8080, "10.10.0.0/16")).toBe(true);
    expect(sends([egress({ CidrIpv4: "0.0.0.0/0" })], from, to, 8080, "10.10.0.0/16")).toBe(true);
    expect(sends([egress({ CidrIpv4: "0.0.0.0/0", FromPort: 443, ToPort: 443 })], from, to, 8080, "10.10.0.0/16")).toBe(false);
  });
});

describe("doctor: the checklist", () => {
  const result = (outcome: CheckResult["outcome"]): CheckResult => ({
    section: "Images",
    name: "orders: ECR pull grant",
    outcome,
    detail: "found",
    ...(outcome === "fail" ? { remedy: "fix it" } : {}),
  });

  it("writes one line per check, the remediation next to a failure and why next to a skip", () => {
    expect(formatLine(result("pass"))).toBe("  ✔ orders: ECR pull grant: found");
    expect(formatLine(result("fail"))).toBe("  ✘ orders: ECR pull grant: found → fix it");
    expect(formatLine(result("skip"))).toBe("  – orders: ECR pull grant: skipped: found");
  });

  it("groups by section in the guide's order and counts", () => {
    const text = formatReport([{ ...result("pass"), section: "API Gateway" }, result("fail"), result("skip")]);
    expect(text).toBe(
      [
        "Images",
        "  ✘ orders: ECR pull grant: found → fix it",
        "  – orders: ECR pull grant: skipped: found",
        "API Gateway",
        "  ✔ orders: ECR pull grant: found",
        "",
        "1 passed, 1 failed, 1 skipped",
        "",
      ].join("\n"),
    );
  });

  it("quotes the guide's words by section, then what to do", () => {
    expect(remedy([GUIDE.ecrPermissions, GUIDE.egress, GUIDE.executionRole], "do this")).toBe(
      "guide, Troubleshooting 1 (image pull failures): Validate ECR IAM permissions for task execution role; Verify VPC endpoint or NAT gateway configuration | guide, Task IAM Roles: The execution role authorizes ECS container agent operations (image pulling, log delivery) — do this",
    );
  });
});

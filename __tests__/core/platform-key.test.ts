import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { PlatformKey, PlatformKeyProps } from "../../src/core/platform-key";
import { decodeJson } from "../support/json-document";
import { resources, startingWith } from "../support/synth";
import { synthJson, testStack } from "../support/test-stack";
import { DNS_SUFFIX, PARTITION } from "../support/partition";

describe("PlatformKey", () => {
  const build = (props: Partial<PlatformKeyProps> = {}) => {
    const stack = testStack();
    const key = new PlatformKey(stack, "key", { naming: { project: "platform", envName: "dev" }, region: "eu-west-1", ...props });
    return { stack, key };
  };

  it("hands out its ARN only through the key policy, so log groups wait for the policy that admits CloudWatch Logs", () => {
    // GIVEN a key and a log group encrypted with it
    const { stack, key } = build();
    new CloudwatchLogGroup(stack, "logs", { name: "/test/logs", kmsKeyId: key.keyArn });
    // WHEN synthesized
    const json = synthJson(stack);
    const policyName = Object.keys(resources(json, "aws_kms_key_policy"))[0];
    const keyName = Object.keys(resources(json, "aws_kms_key"))[0];
    const group = resources(json, "aws_cloudwatch_log_group")[Object.keys(resources(json, "aws_cloudwatch_log_group"))[0]];
    // THEN the group's kms_key_id still evaluates to the key ARN but also references
    // the policy: without it Terraform may create the group before PutKeyPolicy, and
    // CloudWatch Logs refuses a key whose policy does not admit it
    expect(group.kms_key_id).toContain(`aws_kms_key.${keyName}.arn`);
    expect(group.kms_key_id).toContain(`aws_kms_key_policy.${policyName}.`);
    expect(group.kms_key_id).toMatch(/^\$\{element\(\[aws_kms_key\.[^,]+\.arn, aws_kms_key_policy\.[^\]]+\], 0\)\}$/);
  });

  it("admits CloudWatch Logs of its own region and account only", () => {
    // GIVEN / WHEN a platform key
    const { stack } = build();
    const json = synthJson(stack);
    const policy = decodeJson(Object.values(resources(json, "aws_kms_key_policy"))[0].policy);
    const logs = policy.Statement.find((st: { Sid: string }) => st.Sid === "CloudWatchLogsOfThisAccount");
    // The Logs principal is regional and partitional (logs.<region>.amazonaws.com.cn in China).
    // THEN Logs of this region and account, and the account root, in the stack's partition
    expect(logs.Principal).toEqual({ Service: `logs.eu-west-1.${DNS_SUFFIX}` });
    const account = /^\$\{element\(split\(":", aws_kms_key\.[^.]+\.arn\), 4\)\}$/;
    const [, logsAccount] = /^arn:(?:.*):logs:eu-west-1:(.+):log-group:\*$/.exec(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"])!;
    expect(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toEqual(startingWith(`arn:${PARTITION}:logs:`));
    expect(logsAccount).toMatch(account);
    // The account root, in the stack's partition.
    const root = policy.Statement.find((st: { Sid: string }) => st.Sid === "AccountAdministersKeyThroughIam");
    expect(root.Principal.AWS).toEqual(startingWith(`arn:${PARTITION}:iam::`));
  });

  describe("alert topic", () => {
    const statementsOf = (key: Partial<PlatformKeyProps>) => {
      const { stack } = build(key);
      const policy = decodeJson(Object.values(resources(synthJson(stack), "aws_kms_key_policy"))[0].policy);
      return policy.Statement as { Sid: string; Principal: unknown; Action: string[]; Condition: Record<string, Record<string, string>> }[];
    };
    const account = /^\$\{element\(split\(":", aws_kms_key\.[^.]+\.arn\), 4\)\}$/;
    const topicArn = expect.stringMatching(/^arn:\$\{data\.aws_partition\.aws-partition\.partition\}:sns:eu-west-1:\$\{element\(.*\)\}:platform-dev-alerts$/);

    it("lets CloudWatch alarms of this environment and account use the key for that topic only", () => {
      // GIVEN a key with an alert topic / WHEN synthesized
      const cw = statementsOf({ alertTopic: { topicName: "platform-dev-alerts" } }).find((st) => st.Sid === "CloudWatchAlarmsOfThisEnvironment")!;
      // THEN cloudwatch.amazonaws.com may decrypt and generate data keys
      expect(cw.Principal).toEqual({ Service: "cloudwatch.amazonaws.com" });
      expect(cw.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
      // AND only for this account's alarms named <project>-<env>-*, and messages of the topic
      expect(cw.Condition.StringEquals["aws:SourceAccount"]).toMatch(account);
      expect(cw.Condition.StringEquals["kms:EncryptionContext:aws:sns:topicArn"]).toEqual(topicArn);
      expect(cw.Condition.ArnLike["aws:SourceArn"]).toMatch(
        /^arn:\$\{data\.aws_partition\.aws-partition\.partition\}:cloudwatch:eu-west-1:\$\{element\(.*\)\}:alarm:platform-dev-\*$/,
      );
    });

    it("admits EventBridge only when asked, bounded to the topic's messages", () => {
      // GIVEN keys with and without event rules / WHEN synthesized
      const without = statementsOf({ alertTopic: { topicName: "platform-dev-alerts" } });
      const withRules = statementsOf({ alertTopic: { topicName: "platform-dev-alerts", eventRules: true } });
      // THEN EventBridge's statement exists only with event rules, and holds for the topic's messages only
      expect(without.map((st) => st.Sid)).not.toContain("EventBridgeRulesToTheAlertTopic");
      const events = withRules.find((st) => st.Sid === "EventBridgeRulesToTheAlertTopic")!;
      expect(events.Principal).toEqual({ Service: "events.amazonaws.com" });
      expect(events.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
      expect(events.Condition).toEqual({ StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": topicArn } });
    });

    it("admits neither service without an alert topic", () => {
      // GIVEN / WHEN a key without one / THEN only the account root and CloudWatch Logs
      expect(statementsOf({}).map((st) => st.Sid)).toEqual(["AccountAdministersKeyThroughIam", "CloudWatchLogsOfThisAccount"]);
    });
  });

  it("rejects a deletion window outside 7–30 days, naming the prop", () => {
    // GIVEN a deletion window outside 7–30 days, WHEN built, THEN it throws, naming the prop
    expect(() => build({ deletionWindowInDays: 6 })).toThrow(/deletionWindowInDays must be 7–30, got 6/);
  });
});

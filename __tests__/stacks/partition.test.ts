import { parseJsonString } from "../../src/checks/tf";
import { synthApp, testConfig, TfJson } from "../support/synth";

/**
 * The whole app in a China region: every ARN must take its partition from
 * `data.aws_partition` (`aws-cn` there, `aws-us-gov` in GovCloud), never `arn:aws:`.
 */
describe("partitions (the app in cn-north-1)", () => {
  const { stacks } = synthApp(testConfig({ region: "cn-north-1" }));
  const ENVS = ["dev", "staging", "prod"];
  const PARTITION = "${data.aws_partition.aws-partition.partition}";
  const DNS_SUFFIX = "${data.aws_partition.aws-partition.dns_suffix}";

  /** Every string of a stack (metadata left out), JSON documents decoded into their strings too. */
  const stringsOf = (value: unknown, path = ""): [string, string][] => {
    if (typeof value === "string") {
      const doc = parseJsonString(value);
      return doc !== undefined && typeof doc === "object" ? stringsOf(doc, path) : [[path, value]];
    }
    if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${path}[${i}]`));
    if (value && typeof value === "object") {
      return Object.entries(value).flatMap(([k, v]) => (k === "//" ? [] : stringsOf(v, `${path}.${k}`)));
    }
    return [];
  };
  const statements = (json: TfJson, type: string, attr = "policy") =>
    Object.values<TfJson>(json.resource?.[type] ?? {}).flatMap((r) => (parseJsonString(r[attr]) as { Statement: TfJson[] }).Statement);

  it.each(["bootstrap", ...ENVS])("%s: no string hard-codes the aws partition in an ARN", (stack) => {
    // GIVEN / WHEN each stack (synthesized once per run) / THEN no string, decoded documents included, holds arn:aws:
    const hardCoded = stringsOf(stacks[stack]).filter(([, s]) => /arn:aws:/.test(s));
    expect(hardCoded).toEqual([]);
  });

  it.each(ENVS)("%s: ARNs use one data.aws_partition of the stack", (env) => {
    // GIVEN / WHEN each environment's stack / THEN its ARNs take the partition from its one data source
    const json = stacks[env];
    expect(Object.keys(json.data?.aws_partition ?? {})).toEqual(["aws-partition"]);
    const arns = stringsOf(json).filter(([, s]) => s.includes(`arn:${PARTITION}:`));
    // The task roles' SourceArn, the key policy's root and log-group ARNs, exec's log groups, RDS monitoring's managed policy.
    expect(arns.length).toBeGreaterThanOrEqual(4);
    const managed = Object.values<TfJson>(json.resource.aws_iam_role_policy_attachment).map((a) => a.policy_arn);
    expect(managed).toContain(`arn:${PARTITION}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`);
  });

  it.each(ENVS)("%s: service names follow the partition where AWS documents they differ in China, only there", (env) => {
    // GIVEN / WHEN each environment's stack / THEN service principals differ by partition only where AWS says so
    const json = stacks[env];
    const key = statements(json, "aws_kms_key_policy");
    // CloudWatch Logs' principal is regional and partitional: logs.cn-north-1.amazonaws.com.cn.
    expect(key.find((s) => s.Sid === "CloudWatchLogsOfThisAccount")!.Principal).toEqual({ Service: `logs.cn-north-1.${DNS_SUFFIX}` });
    expect(key.find((s) => s.Sid === "AccountAdministersKeyThroughIam")!.Principal.AWS).toMatch(
      new RegExp(`^arn:${PARTITION.replace(/[$.{}]/g, "\\$&")}:iam::\\$\\{.+\\}:root$`),
    );
    // (kms:ViaService follows the partition too; the stacks have no such condition: see the GrafanaCredentials test.)
    // ECS tasks and RDS monitoring keep the global principal in every partition.
    const trusted = Object.values<TfJson>(json.resource.aws_iam_role).flatMap((r) =>
      (parseJsonString(r.assume_role_policy) as { Statement: TfJson[] }).Statement.map((s) => s.Principal.Service),
    );
    expect(trusted).toContain("ecs-tasks.amazonaws.com");
    expect(trusted).toContain("monitoring.rds.amazonaws.com");
  });
});

import { blocks, strings, TfResource, TfStack } from "../tf";
import { StackRule } from "../types";
import { eachResource, isSet, NOT_DEV, PROD_ONLY, shown, stackRule } from "./helpers";

const DB = "aws_db_instance";
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];
/** Engine default master user names (RDS.25 wants something else). */
const DEFAULT_USERNAMES = new Set(["postgres", "admin", "root", "master", "sa"]);

/** The parameters of the instance's parameter group; undefined when it uses an unmanaged (default) group. */
function parametersOf(db: TfResource, stack: TfStack): Map<string, string> | undefined {
  const group = stack.target(db.values.parameter_group_name, "aws_db_parameter_group");
  if (!group) return undefined;
  return new Map(blocks(group.values.parameter).map((p) => [String(p.name), String(p.value)]));
}

function isPostgres(db: TfResource): boolean {
  return typeof db.values.engine !== "string" || db.values.engine.startsWith("postgres");
}

export const databaseRules: StackRule[] = [
  stackRule({
    id: "rds-storage-encrypted",
    title: "RDS storage is encrypted",
    refs: ["CKV_AWS_16", "RDS.3"],
    check: eachResource(DB, (db) => db.values.storage_encrypted !== true && `storage_encrypted is ${shown(db.values.storage_encrypted)}, must be true`),
  }),
  stackRule({
    id: "rds-not-public",
    title: "RDS is not publicly accessible",
    refs: ["CKV_AWS_17", "RDS.2"],
    check: eachResource(DB, (db) => db.values.publicly_accessible === true && "publicly_accessible is true: the database must be reachable from the VPC only"),
  }),
  stackRule({
    id: "rds-backup-retention",
    title: "RDS keeps automated backups (≥ 1 day)",
    refs: ["CKV_AWS_133", "RDS.11"],
    check: eachResource(DB, (db) => {
      const days = db.values.backup_retention_period;
      return !(typeof days === "number" && days >= 1) && `backup_retention_period is ${shown(days)}, must be ≥ 1`;
    }),
  }),
  stackRule({
    id: "rds-backup-retention-prod",
    title: "Prod RDS keeps automated backups ≥ 7 days",
    refs: ["CKV_AWS_133", "RDS.11"],
    environments: PROD_ONLY,
    check: eachResource(DB, (db) => {
      const days = db.values.backup_retention_period;
      return !(typeof days === "number" && days >= 7) && `backup_retention_period is ${shown(days)}, must be ≥ 7 in prod`;
    }),
  }),
  stackRule({
    id: "rds-deletion-protection",
    title: "RDS has deletion protection (staging, prod)",
    refs: ["CKV_AWS_293", "RDS.8"],
    environments: NOT_DEV,
    check: eachResource(DB, (db) => db.values.deletion_protection !== true && `deletion_protection is ${shown(db.values.deletion_protection)}, must be true`),
  }),
  stackRule({
    id: "rds-multi-az",
    title: "RDS is Multi-AZ (staging, prod)",
    refs: ["CKV_AWS_157", "RDS.5"],
    environments: NOT_DEV,
    check: eachResource(DB, (db) => db.values.multi_az !== true && `multi_az is ${shown(db.values.multi_az)}, must be true`),
  }),
  stackRule({
    id: "rds-enhanced-monitoring",
    title: "RDS enhanced monitoring is on, with a monitoring role",
    refs: ["CKV_AWS_118", "RDS.6"],
    check: eachResource(DB, (db) => {
      const problems: string[] = [];
      if (!MONITORING_INTERVALS.includes(db.values.monitoring_interval)) {
        problems.push(`monitoring_interval is ${shown(db.values.monitoring_interval)}, must be one of ${MONITORING_INTERVALS.join(", ")}`);
      }
      if (!isSet(db.values.monitoring_role_arn)) problems.push("monitoring_role_arn is unset");
      return problems;
    }),
  }),
  stackRule({
    id: "rds-log-exports",
    title: "RDS exports the postgresql and upgrade logs to CloudWatch",
    refs: ["CKV_AWS_129", "RDS.9"],
    check: eachResource(DB, (db) => {
      const exported = strings(db.values.enabled_cloudwatch_logs_exports);
      const needed = isPostgres(db) ? ["postgresql", "upgrade"] : [];
      const missing = needed.filter((l) => !exported.includes(l));
      if (needed.length === 0 && exported.length === 0) return "exports no logs to CloudWatch";
      return missing.length > 0 && `enabled_cloudwatch_logs_exports lacks ${missing.join(", ")}`;
    }),
  }),
  stackRule({
    id: "rds-iam-auth",
    title: "RDS IAM database authentication is enabled",
    refs: ["CKV_AWS_161", "RDS.10"],
    check: eachResource(DB, (db) => db.values.iam_database_authentication_enabled !== true && "iam_database_authentication_enabled is not true"),
  }),
  stackRule({
    id: "rds-auto-minor-upgrade",
    title: "RDS applies minor engine upgrades automatically",
    refs: ["CKV_AWS_226", "RDS.13"],
    // The provider default is true: only an explicit false fails.
    check: eachResource(DB, (db) => db.values.auto_minor_version_upgrade === false && "auto_minor_version_upgrade is false"),
  }),
  stackRule({
    id: "rds-performance-insights",
    title: "RDS Performance Insights is on, encrypted with a customer key",
    refs: ["CKV_AWS_353", "CKV_AWS_354"],
    check: eachResource(DB, (db) => {
      if (db.values.performance_insights_enabled !== true) return "performance_insights_enabled is not true";
      return (
        !isSet(db.values.performance_insights_kms_key_id) &&
        "performance_insights_kms_key_id is unset (Performance Insights data would use the AWS-managed key)"
      );
    }),
  }),
  stackRule({
    id: "rds-copy-tags-to-snapshot",
    title: "RDS copies tags to snapshots",
    refs: ["CKV2_AWS_60", "RDS.17"],
    check: eachResource(DB, (db) => db.values.copy_tags_to_snapshot !== true && "copy_tags_to_snapshot is not true"),
  }),
  stackRule({
    id: "rds-force-ssl",
    title: "RDS parameter group forces TLS (rds.force_ssl = 1)",
    refs: ["CKV2_AWS_69"],
    check: eachResource(DB, (db, stack) => {
      const params = parametersOf(db, stack);
      if (!params)
        return `parameter_group_name ${shown(db.values.parameter_group_name)} is not a parameter group of this stack: declare one with rds.force_ssl = 1`;
      return params.get("rds.force_ssl") !== "1" && `its parameter group sets rds.force_ssl = ${shown(params.get("rds.force_ssl"))}, must be 1`;
    }),
  }),
  stackRule({
    id: "rds-query-logging",
    title: "RDS parameter group sets log_statement and log_min_duration_statement",
    refs: ["CKV2_AWS_30"],
    check: eachResource(DB, (db, stack) => {
      const params = parametersOf(db, stack);
      if (!params) return `parameter_group_name ${shown(db.values.parameter_group_name)} is not a parameter group of this stack`;
      const problems: string[] = [];
      const statement = params.get("log_statement");
      if (statement === undefined || statement === "none") problems.push(`log_statement is ${shown(statement)}: set ddl, mod or all`);
      const duration = params.get("log_min_duration_statement");
      if (duration === undefined || duration === "-1") problems.push(`log_min_duration_statement is ${shown(duration)}: set a threshold in ms`);
      return problems;
    }),
  }),
  stackRule({
    id: "rds-master-credentials",
    title: "RDS master user is not the engine default and its password is managed by RDS",
    refs: ["RDS.25"],
    check: eachResource(DB, (db) => {
      const problems: string[] = [];
      const user = db.values.username;
      if (typeof user !== "string" || DEFAULT_USERNAMES.has(user.toLowerCase()))
        problems.push(`username is ${shown(user)}: use a non-default master user name`);
      if (db.values.manage_master_user_password !== true)
        problems.push("manage_master_user_password is not true: let RDS keep the password in Secrets Manager");
      if (db.values.password !== undefined || db.values.password_wo !== undefined) problems.push("sets password: a password in Terraform ends up in state");
      return problems;
    }),
  }),
  stackRule({
    id: "rds-final-snapshot",
    title: "RDS keeps a final snapshot on deletion (staging, prod)",
    refs: ["guide:RDS"],
    environments: NOT_DEV,
    check: eachResource(DB, (db) => {
      if (db.values.skip_final_snapshot === true) return "skip_final_snapshot is true: deleting the instance would lose its data";
      return !isSet(db.values.final_snapshot_identifier) && "final_snapshot_identifier is unset: destroy would fail or lose data";
    }),
  }),
];

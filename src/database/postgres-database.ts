import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import {
  LogRetentionDays,
  dbUserProblem,
  DEFAULT_POSTGRES_ENGINE_VERSION,
  POSTGRES_ENGINE_VERSIONS,
  RDS_MASTER_USERNAME,
  RDS_BACKUP_RETENTION_MAX_DAYS,
  RDS_BACKUP_RETENTION_MIN_DAYS,
  RDS_INSTANCE_CLASS_RE,
  RDS_MONITORING_INTERVALS,
  RDS_STORAGE_MAX_GIB,
  RDS_STORAGE_MIN_GIB,
} from "../core/aws-facts";
import { allowTraffic, ConnectableRef } from "../core/connections";
import { accountIdOf, GrantableRef, grantInlinePolicy } from "../core/iam";
import { NamingContext, physicalName } from "../core/naming";
import { arnOf } from "../core/partition";
import { ServiceRole } from "../core/service-role";
import { NetworkRef } from "../network/network-ref";
import { EncryptedLogGroup } from "../core/log-group";
import { SG_DESCRIPTION_RE, tierSecurityGroup } from "../core/security-group";
import { EncryptionKeyRef } from "../core/encryption-key-ref";
import { DatabaseRef } from "./database-ref";

/** Properties of a {@link PostgresDatabase}. */
export interface PostgresDatabaseProps {
  /** Project and environment: the instance identifier is `<project>-<env>`. */
  readonly naming: NamingContext;
  /** Where it runs: the isolated database subnets of this VPC. */
  readonly network: NetworkRef;
  /** KMS key that encrypts storage, snapshots and Performance Insights. */
  readonly encryptionKey: EncryptionKeyRef;
  /** Retention of the exported PostgreSQL and upgrade logs (a CloudWatch Logs value). */
  readonly logRetentionDays: LogRetentionDays;
  /**
   * RDS instance class.
   * @default PostgresDatabase.DEFAULT_INSTANCE_CLASS ("db.t4g.micro")
   */
  readonly instanceClass?: string;
  /**
   * Initial gp3 storage, GiB (20–65536).
   * @default 20
   */
  readonly allocatedStorage?: number;
  /**
   * Storage autoscaling ceiling, GiB, from `allocatedStorage` to 65536.
   * @default 100
   */
  readonly maxAllocatedStorage?: number;
  /**
   * Run a synchronous standby in another AZ.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Refuse deletion of the instance.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Days of automated backups, 1–35 (0 would disable them: refused).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Enhanced monitoring interval, seconds: 1, 5, 10, 15, 30 or 60.
   * @default 60
   */
  readonly monitoringInterval?: number;
  /**
   * PostgreSQL major version, one of {@link PostgresDatabase.ENGINE_VERSIONS}. Major only,
   * on purpose: see {@link PostgresDatabase.DEFAULT_ENGINE_VERSION}. Raising it on an
   * existing instance is a major version upgrade: it needs `allowMajorVersionUpgrade`.
   * @default PostgresDatabase.DEFAULT_ENGINE_VERSION ("16")
   */
  readonly engineVersion?: string;
  /**
   * Let RDS upgrade the instance to a new major `engineVersion` (RDS refuses a major
   * change otherwise). Set it for the deploy that raises `engineVersion`, then back to
   * false. While it is true, the instance's changes apply immediately instead of in the
   * maintenance window: RDS would otherwise hold the new major version (and the new
   * family's parameter group) for the window, and the old parameter group could not be
   * deleted while the instance still uses it. The upgrade takes the database offline for
   * its duration (minutes to tens of minutes), Multi-AZ included.
   * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.html
   * @default false
   */
  readonly allowMajorVersionUpgrade?: boolean;
  /**
   * Parameter group family; must be `postgres<major>` of `engineVersion`.
   * @default `postgres<major of engineVersion>` ("postgres16")
   */
  readonly parameterGroupFamily?: string;
  /**
   * Name of the application database created with the instance.
   * @default "app"
   */
  readonly databaseName?: string;
  /**
   * Master user name; never the engine default (`postgres`) or a guessable one.
   * @default "app_admin"
   */
  readonly masterUsername?: string;
  /**
   * TCP port (RDS allows 1150–65535).
   * @default 5432
   */
  readonly port?: number;
  /**
   * Keep a final snapshot when the instance is destroyed. Pass `false` in dev only.
   * @default true
   */
  readonly finalSnapshot?: boolean;
  /**
   * Daily automated-backup window, UTC, `hh24:mi-hh24:mi`, at least 30 minutes; must
   * not overlap `maintenanceWindow`.
   * @default "02:00-03:00"
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window, UTC, `ddd:hh24:mi-ddd:hh24:mi`, at least 30 minutes.
   * @default "sun:04:00-sun:05:00"
   */
  readonly maintenanceWindow?: string;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_MIN = 24 * 60;
const WEEK_MIN = 7 * DAY_MIN;
// PostgreSQL identifiers RDS accepts for DBName/MasterUsername: a letter, then letters,
// digits or '_', at most 63 (RDS caps the master user name at 63 for PostgreSQL).
const IDENTIFIER_RE = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
// Names that are the engine default, reserved by RDS, or the first a scanner tries (RDS.25).
const FORBIDDEN_USERNAMES = ["postgres", "admin", "root", "rdsadmin", "rdsrepladmin", "administrator", "master", "sa", "user"];
const RESERVED_DATABASE_NAMES = ["postgres", "template0", "template1", "rdsadmin"];
// DB instance identifier: letter first, letters/digits/hyphens, no "--", no trailing '-', ≤ 63.
const INSTANCE_IDENTIFIER_RE = /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/;

/**
 * The environment's RDS for PostgreSQL instance, following the security checklist:
 * private (isolated subnets, no public access, a security group with no rules except
 * what `allowFrom` adds), encrypted (storage, snapshots and Performance Insights with
 * the platform key; TLS forced by the parameter group), an RDS-managed master
 * password (nothing secret in code, config or state outputs), IAM authentication,
 * enhanced monitoring, exported logs in pre-created encrypted log groups, backups and
 * a final snapshot outside dev.
 */
export class PostgresDatabase extends Construct implements DatabaseRef {
  /**
   * Major version only. With `auto_minor_version_upgrade = true` RDS moves the
   * instance to new minor versions in the maintenance window; a pinned minor
   * ("16.4") would then differ from the running one, and every plan would try to
   * "downgrade" it (a perpetual diff that fails on apply). The provider accepts a
   * version prefix and reports the running one in `engine_version_actual`. Majors
   * change only through `engineVersion` (the parameter group family follows it) with
   * `allowMajorVersionUpgrade` for that deploy.
   */
  static readonly DEFAULT_ENGINE_VERSION: string = DEFAULT_POSTGRES_ENGINE_VERSION;
  /** @default "app" */
  static readonly DEFAULT_DATABASE_NAME = "app";
  /** @default "app_admin" */
  static readonly DEFAULT_MASTER_USERNAME = RDS_MASTER_USERNAME;
  /** @default 5432 */
  static readonly DEFAULT_PORT = 5432;
  /** @default "db.t4g.micro" */
  static readonly DEFAULT_INSTANCE_CLASS = "db.t4g.micro";
  /** @default 20 (the gp3 minimum) */
  static readonly DEFAULT_ALLOCATED_STORAGE = 20;
  /** @default 100 */
  static readonly DEFAULT_MAX_ALLOCATED_STORAGE = 100;
  /** @default 7 */
  static readonly DEFAULT_BACKUP_RETENTION_DAYS = 7;
  /** @default 60 */
  static readonly DEFAULT_MONITORING_INTERVAL = 60;
  /** @default "02:00-03:00" (UTC) */
  static readonly DEFAULT_BACKUP_WINDOW = "02:00-03:00";
  /** @default "sun:04:00-sun:05:00" (UTC) */
  static readonly DEFAULT_MAINTENANCE_WINDOW = "sun:04:00-sun:05:00";
  /** Performance Insights retention: 7 days is the free tier. */
  static readonly PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
  /** RDS's current default CA (RSA 2048, valid to 2061); clients pin this bundle. */
  static readonly CA_CERT_IDENTIFIER = "rds-ca-rsa2048-g1";
  /** The log types exported to CloudWatch Logs (CKV_AWS_129, RDS.9). */
  static readonly LOG_EXPORTS = ["postgresql", "upgrade"] as const;
  /** The majors accepted: those under RDS standard support (see engine-versions.ts). */
  static readonly ENGINE_VERSIONS: readonly string[] = POSTGRES_ENGINE_VERSIONS;

  /** Instance identifier, `<project>-<env>`. */
  public readonly identifier: string;
  /** Host name of the instance endpoint (no port). */
  public readonly address: string;
  /** `<address>:<port>`. */
  public readonly endpoint: string;
  /** TCP port. */
  public readonly port: number;
  /** Name of the application database. */
  public readonly databaseName: string;
  /** Master user name. */
  public readonly masterUsername: string;
  /** ARN of the RDS-managed master user secret (JSON with `username` and `password`), for operators. */
  public readonly masterUserSecretArn: string;
  /** The instance's DbiResourceId (`db-…`): the database part of `rds-db:connect` ARNs. */
  public readonly resourceId: string;
  /** The database security group's id. */
  public readonly securityGroupId: string;
  /** The database security group (no rules except those `allowFrom` adds). */
  public readonly securityGroup: SecurityGroup;
  /** The instance resource, for escape hatches. */
  public readonly instance: DbInstance;
  /** The subnet group over the database subnets. */
  public readonly subnetGroup: DbSubnetGroup;
  /** The parameter group (TLS forced, statement logging). */
  public readonly parameterGroup: DbParameterGroup;
  /** The enhanced monitoring role (trusted by `monitoring.rds.amazonaws.com` only). */
  public readonly monitoringRole: ServiceRole;
  /** The pre-created log groups of the exported logs, by log type. */
  public readonly logGroups: Readonly<Record<(typeof PostgresDatabase.LOG_EXPORTS)[number], EncryptedLogGroup>>;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? PostgresDatabase.DEFAULT_ENGINE_VERSION;
    const allowMajorVersionUpgrade = props.allowMajorVersionUpgrade ?? false;
    const databaseName = props.databaseName ?? PostgresDatabase.DEFAULT_DATABASE_NAME;
    const masterUsername = props.masterUsername ?? PostgresDatabase.DEFAULT_MASTER_USERNAME;
    const port = props.port ?? PostgresDatabase.DEFAULT_PORT;
    const finalSnapshot = props.finalSnapshot ?? true;
    const backupWindow = props.backupWindow ?? PostgresDatabase.DEFAULT_BACKUP_WINDOW;
    const maintenanceWindow = props.maintenanceWindow ?? PostgresDatabase.DEFAULT_MAINTENANCE_WINDOW;
    const identifier = physicalName(props.naming);
    const s = {
      instanceClass: props.instanceClass ?? PostgresDatabase.DEFAULT_INSTANCE_CLASS,
      allocatedStorage: props.allocatedStorage ?? PostgresDatabase.DEFAULT_ALLOCATED_STORAGE,
      maxAllocatedStorage: props.maxAllocatedStorage ?? PostgresDatabase.DEFAULT_MAX_ALLOCATED_STORAGE,
      multiAz: props.multiAz ?? true,
      deletionProtection: props.deletionProtection ?? true,
      backupRetentionDays: props.backupRetentionDays ?? PostgresDatabase.DEFAULT_BACKUP_RETENTION_DAYS,
      monitoringInterval: props.monitoringInterval ?? PostgresDatabase.DEFAULT_MONITORING_INTERVAL,
    };

    // ---- validation, before any resource ----
    const fail = (msg: string): never => {
      throw new Error(`${this.node.path}: ${msg}`);
    };
    if (!INSTANCE_IDENTIFIER_RE.test(identifier)) {
      fail(`the instance identifier "${identifier}" (from naming) must be ≤ 63 of a–z, 0–9, '-', start with a letter, with no "--" and no trailing '-'`);
    }
    if (!PostgresDatabase.ENGINE_VERSIONS.includes(engineVersion)) {
      fail(
        `engineVersion must be a PostgreSQL major version under RDS standard support, one of ${PostgresDatabase.ENGINE_VERSIONS.join(", ")}, without a minor (like "16": ` +
          `auto_minor_version_upgrade moves minors, a pinned minor would be a perpetual diff), got "${engineVersion}"`,
      );
    }
    const family = props.parameterGroupFamily ?? `postgres${engineVersion}`;
    if (family !== `postgres${engineVersion}`) {
      fail(`parameterGroupFamily must be "postgres${engineVersion}" to match engineVersion "${engineVersion}", got "${family}"`);
    }
    if (!IDENTIFIER_RE.test(databaseName) || RESERVED_DATABASE_NAMES.includes(databaseName.toLowerCase())) {
      fail(
        `databaseName must be 1–63 letters, digits or '_' starting with a letter, and not one of ${RESERVED_DATABASE_NAMES.join(", ")}, got "${databaseName}"`,
      );
    }
    if (!IDENTIFIER_RE.test(masterUsername)) {
      fail(`masterUsername must be 1–63 letters, digits or '_' starting with a letter, got "${masterUsername}"`);
    }
    if (FORBIDDEN_USERNAMES.includes(masterUsername.toLowerCase()) || /^rds/i.test(masterUsername)) {
      fail(
        `masterUsername must not be the engine default or a well-known or RDS-reserved name (${FORBIDDEN_USERNAMES.join(", ")}, rds*), got "${masterUsername}"`,
      );
    }
    if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1150 || port > 65535)) {
      fail(`port must be an integer 1150–65535 (the range RDS allows), got ${port}`);
    }
    if (!RDS_INSTANCE_CLASS_RE.test(s.instanceClass)) {
      fail(`instanceClass must be an RDS instance class like db.t4g.micro, got "${s.instanceClass}"`);
    }
    if (!Number.isInteger(s.allocatedStorage) || s.allocatedStorage < RDS_STORAGE_MIN_GIB || s.allocatedStorage > RDS_STORAGE_MAX_GIB) {
      fail(
        `allocatedStorage must be an integer ${RDS_STORAGE_MIN_GIB}–${RDS_STORAGE_MAX_GIB} GiB (gp3 minimum ${RDS_STORAGE_MIN_GIB}), got ${s.allocatedStorage}`,
      );
    }
    if (!Number.isInteger(s.maxAllocatedStorage) || s.maxAllocatedStorage < s.allocatedStorage || s.maxAllocatedStorage > RDS_STORAGE_MAX_GIB) {
      fail(`maxAllocatedStorage must be an integer from allocatedStorage (${s.allocatedStorage}) to ${RDS_STORAGE_MAX_GIB} GiB, got ${s.maxAllocatedStorage}`);
    }
    const retentionDays = s.backupRetentionDays;
    if (!Number.isInteger(retentionDays) || retentionDays < RDS_BACKUP_RETENTION_MIN_DAYS || retentionDays > RDS_BACKUP_RETENTION_MAX_DAYS) {
      fail(
        `backupRetentionDays must be an integer ${RDS_BACKUP_RETENTION_MIN_DAYS}–${RDS_BACKUP_RETENTION_MAX_DAYS} (0 would disable backups), got ${retentionDays}`,
      );
    }
    if (!(RDS_MONITORING_INTERVALS as readonly number[]).includes(s.monitoringInterval)) {
      fail(`monitoringInterval must be one of ${RDS_MONITORING_INTERVALS.join(", ")} seconds, got ${s.monitoringInterval}`);
    }
    const subnets = props.network.databaseSubnetIds;
    if (!Token.isUnresolved(subnets) && subnets.length < 2) {
      fail(`network.databaseSubnetIds must list at least 2 subnets (RDS needs two AZs, Multi-AZ a standby AZ), got ${subnets.length}`);
    }
    const backup = parseBackupWindow(backupWindow);
    if (typeof backup === "string") fail(`backupWindow ${backup}, got "${backupWindow}"`);
    const maintenance = parseMaintenanceWindow(maintenanceWindow);
    if (typeof maintenance === "string") fail(`maintenanceWindow ${maintenance}, got "${maintenanceWindow}"`);
    if (windowsOverlap(backup as Interval, maintenance as Interval)) {
      fail(`backupWindow "${backupWindow}" overlaps maintenanceWindow "${maintenanceWindow}": RDS rejects overlapping windows`);
    }

    // ---- resources ----
    this.identifier = identifier;
    this.port = port;
    this.databaseName = databaseName;
    this.masterUsername = masterUsername;

    this.subnetGroup = new DbSubnetGroup(this, "subnets", {
      name: identifier,
      description: `${identifier}: isolated database subnets`,
      subnetIds: subnets,
    });

    // No inline rules, so the provider also removes AWS's default allow-all egress:
    // the only rules are the ones allowFrom adds.
    this.securityGroup = tierSecurityGroup(this, "sg", {
      name: physicalName(props.naming, "database"),
      description: `${identifier} PostgreSQL: ingress only from admitted services`,
      vpcId: props.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;

    this.parameterGroup = new DbParameterGroup(this, "parameters", {
      // A prefix, not a name: any replacement (a major upgrade's new family, a changed
      // description) creates the new group under a fresh generated name while the old one
      // still exists and is in use (create_before_destroy); a fixed name would collide.
      // RDS switches the instance to the new group at once (ModifyDBInstance: "the parameter
      // group name itself is changed immediately"), so the old one can then be deleted.
      // https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_parameter_group#create_before_destroy-lifecycle-configuration
      namePrefix: `${identifier}-${family}-`,
      family,
      description: `${identifier}: TLS only, DDL and slow statement logging`,
      parameter: [
        { name: "rds.force_ssl", value: "1" }, // CKV2_AWS_69: refuse unencrypted connections
        { name: "log_statement", value: "ddl" }, // CKV2_AWS_30: schema changes leave a trail
        { name: "log_min_duration_statement", value: "1000" }, // statements slower than 1 s
        { name: "log_connections", value: "1" },
        { name: "log_disconnections", value: "1" },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    // Account of the security group, i.e. of the database: no data source, plan stays offline.
    this.monitoringRole = new ServiceRole(this, "monitoring", {
      name: physicalName(props.naming, "rds-monitoring"),
      description: `${identifier}: RDS enhanced monitoring`,
      // amazonaws.com in every partition, China included (unlike CloudWatch Logs'; see the
      // provider's aws_service_principal, which follows aws-cdk's region-info).
      servicePrincipal: "monitoring.rds.amazonaws.com",
      // Against the confused deputy: only RDS acting for this account may assume it.
      trustConditions: { StringEquals: { "aws:SourceAccount": accountIdOf(this.securityGroup.arn) } },
      managedPolicyArns: [arnOf(this, { service: "iam", account: "aws", resource: "policy/service-role/AmazonRDSEnhancedMonitoringRole" })],
    });

    // RDS would otherwise create these groups itself on first export: unencrypted and
    // never expiring. They must exist before the instance starts exporting.
    const logGroup = (type: string) =>
      new EncryptedLogGroup(this, `log-${type}`, {
        name: `/aws/rds/instance/${identifier}/${type}`,
        logRetentionDays: props.logRetentionDays,
        encryptionKey: props.encryptionKey,
      });
    this.logGroups = { postgresql: logGroup("postgresql"), upgrade: logGroup("upgrade") };

    this.instance = new DbInstance(this, "instance", {
      identifier,
      engine: "postgres",
      engineVersion,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade,
      instanceClass: s.instanceClass,
      storageType: "gp3",
      allocatedStorage: s.allocatedStorage,
      maxAllocatedStorage: s.maxAllocatedStorage,
      storageEncrypted: true,
      kmsKeyId: props.encryptionKey.keyArn,
      dbName: databaseName,
      username: masterUsername,
      // RDS generates and rotates the password in Secrets Manager: none in code or state.
      manageMasterUserPassword: true,
      iamDatabaseAuthenticationEnabled: true,
      port,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroupId],
      parameterGroupName: this.parameterGroup.name,
      publiclyAccessible: false,
      multiAz: s.multiAz,
      deletionProtection: s.deletionProtection,
      backupRetentionPeriod: s.backupRetentionDays,
      backupWindow,
      maintenanceWindow,
      copyTagsToSnapshot: true,
      skipFinalSnapshot: !finalSnapshot,
      finalSnapshotIdentifier: finalSnapshot ? `${identifier}-final` : undefined,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.encryptionKey.keyArn,
      performanceInsightsRetentionPeriod: PostgresDatabase.PERFORMANCE_INSIGHTS_RETENTION_DAYS,
      monitoringInterval: s.monitoringInterval,
      monitoringRoleArn: this.monitoringRole.roleArn,
      enabledCloudwatchLogsExports: [...PostgresDatabase.LOG_EXPORTS],
      caCertIdentifier: PostgresDatabase.CA_CERT_IDENTIFIER,
      // Changes wait for the maintenance window instead of restarting the database mid-day,
      // except in the deploy that carries a major upgrade (see allowMajorVersionUpgrade).
      applyImmediately: allowMajorVersionUpgrade,
      dependsOn: [this.logGroups.postgresql.logGroup, this.logGroups.upgrade.logGroup],
    });
    this.address = this.instance.address;
    this.endpoint = this.instance.endpoint;
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.resourceId = this.instance.resourceId;
  }

  /**
   * Admits `source` on the database port: ingress on the database group referencing
   * the source's group, and the matching egress on the source's group.
   */
  allowFrom(source: ConnectableRef, description: string): void {
    if (!SG_DESCRIPTION_RE.test(description)) {
      throw new Error(
        `${this.node.path}: allowFrom description must be 1–255 of a–z, A–Z, 0–9, spaces and ._-:/()#,@[]+=&;{}!$* (what EC2 accepts), got "${description}"`,
      );
    }
    allowTraffic(this, source, this, this.port, description);
  }

  /**
   * Lets `grantee` (an application's task role) log in as the database user `dbUser`
   * with IAM database authentication, and as no other user: one inline policy with
   * `rds-db:connect` on
   * `arn:<partition>:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<dbUser>`.
   * The ARN format is AWS's:
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrdsiamauthentication.html
   *
   * IAM only admits the login; the user itself must exist in PostgreSQL with the
   * `rds_iam` role (`CREATE USER <dbUser> WITH LOGIN; GRANT rds_iam TO <dbUser>;`),
   * created once by an operator with the master credentials (README: database app
   * contract). Never the master user: apps get their own, least-privileged user.
   */
  grantConnect(grantee: GrantableRef, dbUser: string): IamRolePolicy {
    // The config refuses the same names for database services (core/aws-facts).
    const userProblem = dbUserProblem(dbUser, this.masterUsername);
    if (userProblem) throw new Error(`${this.node.path}: grantConnect dbUser ${userProblem}, got "${dbUser}"`);
    // Region and account from the instance's own ARN (arn:<p>:rds:<region>:<account>:db:<id>):
    // no data source, so plan stays offline.
    const instanceArn = this.instance.arn;
    // The id keeps its 0.2 form, `connect-<grantee path>-<user>`: a role may be granted
    // several users, and granting the same pair twice returns the first policy.
    return grantInlinePolicy(this, grantee, {
      verb: "connect",
      // Unique per role: one policy per database user it may log in as.
      policyName: `connect-${this.identifier}-as-${dbUser}`,
      idSuffix: dbUser,
      statements: [
        {
          Sid: "ConnectAsItsDatabaseUserOnly",
          Effect: "Allow",
          Action: ["rds-db:connect"],
          Resource: [
            arnOf(this, {
              service: "rds-db",
              region: Fn.element(Fn.split(":", instanceArn), 3),
              account: accountIdOf(instanceArn),
              resource: `dbuser:${this.resourceId}/${dbUser}`,
            }),
          ],
        },
      ],
    });
  }
}

/** A half-open interval in minutes of the week; `end` may exceed one week when it wraps. */
interface Interval {
  readonly start: number;
  readonly end: number;
}

function hhmm(h: string, m: string): number | undefined {
  const hours = Number(h);
  const minutes = Number(m);
  return hours <= 23 && minutes <= 59 ? hours * 60 + minutes : undefined;
}

/** `hh24:mi-hh24:mi` → interval within day 0 (may run past midnight), or why it is invalid. */
function parseBackupWindow(value: string): Interval | string {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(value);
  const start = m && hhmm(m[1], m[2]);
  const end0 = m && hhmm(m[3], m[4]);
  if (start === null || start === undefined || end0 === null || end0 === undefined) {
    return 'must be "hh24:mi-hh24:mi" in UTC, like "02:00-03:00"';
  }
  const end = end0 <= start ? end0 + DAY_MIN : end0;
  if (end - start < 30) return "must be at least 30 minutes long";
  return { start, end };
}

/** `ddd:hh24:mi-ddd:hh24:mi` → interval in minutes of the week, or why it is invalid. */
function parseMaintenanceWindow(value: string): Interval | string {
  const m = /^([a-z]{3}):(\d{2}):(\d{2})-([a-z]{3}):(\d{2}):(\d{2})$/.exec(value);
  const invalid = `must be "ddd:hh24:mi-ddd:hh24:mi" in UTC with days ${DAYS.join("|")}, like "sun:04:00-sun:05:00"`;
  if (!m) return invalid;
  const d1 = DAYS.indexOf(m[1]);
  const d2 = DAYS.indexOf(m[4]);
  const t1 = hhmm(m[2], m[3]);
  const t2 = hhmm(m[5], m[6]);
  if (d1 < 0 || d2 < 0 || t1 === undefined || t2 === undefined) return invalid;
  const start = d1 * DAY_MIN + t1;
  const end0 = d2 * DAY_MIN + t2;
  const end = end0 <= start ? end0 + WEEK_MIN : end0;
  if (end - start < 30) return "must be at least 30 minutes long";
  return { start, end };
}

/** Whether the daily backup window meets the weekly maintenance window on any day. */
function windowsOverlap(backup: Interval, maintenance: Interval): boolean {
  // Backup repeats every day; check every day of the week, plus the day before and
  // after for windows that wrap around midnight or the end of the week.
  for (let day = -1; day <= 7; day++) {
    const b = { start: backup.start + day * DAY_MIN, end: backup.end + day * DAY_MIN };
    for (const shift of [-WEEK_MIN, 0, WEEK_MIN]) {
      if (b.start < maintenance.end + shift && maintenance.start + shift < b.end) return true;
    }
  }
  return false;
}

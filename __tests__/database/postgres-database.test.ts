import "cdktf/lib/testing/adapters/jest";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { logRetention, postgresDatabaseProps } from "../../src/stacks/environment-props";
import { LogRetentionDays } from "../../src/core/aws-facts";
import { PostgresDatabase, PostgresDatabaseProps } from "../../src/database/postgres-database";
import { NetworkRef } from "../../src/network/network-ref";
import { decodeJson } from "../support/json-document";
import { onlyResource, ref, refOf, resourceOf, resources, TfJson } from "../support/synth";
import { ecsTaskRole, fakeNetwork, synthJson, testEnv, testStack } from "../support/test-stack";
import { PARTITION } from "../support/partition";
import { fakeKmsKeyArn } from "../support/fake-arns";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded policy/JSON documents, indexed freely
type Json = any;

interface Built {
  stack: TerraformStack;
  key: KmsKey;
  network: NetworkRef;
  db: PostgresDatabase;
}

const prodSettings = () => testEnv("prod").settings.database;

function build(props: Partial<PostgresDatabaseProps> = {}, envName: "dev" | "prod" = "prod"): Built {
  const stack = testStack();
  const key = new KmsKey(stack, "key", { description: "test", enableKeyRotation: true });
  const network = fakeNetwork(stack);
  const env = testEnv(envName);
  const db = new PostgresDatabase(stack, "database", {
    naming: { project: env.project, envName },
    network,
    encryptionKey: { keyArn: key.arn },
    logRetentionDays: logRetention(env.settings.logRetentionDays),
    ...postgresDatabaseProps(env.settings.database),
    finalSnapshot: envName !== "dev",
    ...props,
  });
  return { stack, key, network, db };
}

const only = (json: TfJson, type: string): Json => onlyResource(json, type).body;

const instanceOf = (json: TfJson): Json => only(json, "aws_db_instance");
const keyArn = (key: KmsKey) => refOf(key, "arn");

/** The `${aws_subnet.<id>.id}` references of the fake network's database subnets. */
const databaseSubnetRefs = (json: TfJson): string[] =>
  Object.keys(resources(json, "aws_subnet"))
    .filter((name) => name.includes("database"))
    .map((name) => ref("aws_subnet", name, "id"));

describe("PostgresDatabase", () => {
  describe("subnet group and security group", () => {
    it("spreads the subnet group over the database subnets", () => {
      // GIVEN / WHEN a database in the fake network
      const { stack } = build();
      // THEN the subnet group holds exactly the database subnets
      const json = synthJson(stack);
      const group = only(json, "aws_db_subnet_group");
      expect(group.name).toBe("platform-prod");
      expect(group.subnet_ids).toHaveLength(2);
      expect([...group.subnet_ids].sort()).toEqual(databaseSubnetRefs(json).sort());
    });

    it("has a described security group in the VPC with no rules until allowFrom", () => {
      // GIVEN / WHEN a database with no callers
      const { stack, db } = build();
      // THEN its group has a description, no inline rules, and no rule resources exist
      const json = synthJson(stack);
      const sg = resourceOf(json, db.securityGroup);
      expect(sg.description).toMatch(/PostgreSQL/);
      expect(sg.vpc_id).toBe(ref("aws_vpc", "fake-vpc", "id"));
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
      expect(resources(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
      expect(resources(json, "aws_vpc_security_group_egress_rule")).toEqual({});
    });
  });

  describe("parameter group", () => {
    it("forces TLS and logs DDL and slow statements, in the postgres16 family", () => {
      // GIVEN / WHEN a database with the default engine version
      const { stack } = build();
      // THEN the parameter group sets the checklist parameters
      const group = only(synthJson(stack), "aws_db_parameter_group");
      expect(group.family).toBe("postgres16");
      expect(group.lifecycle).toEqual({ create_before_destroy: true });
      const params = Object.fromEntries(group.parameter.map((p: Json) => [p.name, p.value]));
      expect(params).toMatchObject({
        "rds.force_ssl": "1",
        log_statement: "ddl",
        log_min_duration_statement: "1000",
        log_connections: "1",
      });
    });

    it("is named from a prefix, so its replacement is created next to it (create_before_destroy) without a name collision", () => {
      // GIVEN / WHEN a database
      const { stack } = build();
      // THEN the group has a name prefix with the family in it, and no fixed name
      const group = only(synthJson(stack), "aws_db_parameter_group");
      expect(group.name_prefix).toBe("platform-prod-postgres16-");
      expect(group.name).toBeUndefined();
      expect(group.lifecycle).toEqual({ create_before_destroy: true });
    });

    it("follows another major version consistently", () => {
      // GIVEN / WHEN engine version 17
      const { stack } = build({ engineVersion: "17" });
      // THEN family, prefix and instance agree
      const synthesized = Testing.synth(stack);
      expect(synthesized).toHaveResourceWithProperties(DbParameterGroup, { family: "postgres17", name_prefix: "platform-prod-postgres17-" });
      expect(synthesized).toHaveResourceWithProperties(DbInstance, { engine_version: "17" });
    });
  });

  describe("instance", () => {
    it("uses its documented defaults when only the required props are given (no config needed)", () => {
      // GIVEN a database with no size, availability or backup props
      const stack = testStack();
      new PostgresDatabase(stack, "database", {
        naming: { project: "platform", envName: "prod" },
        network: fakeNetwork(stack),
        encryptionKey: { keyArn: fakeKmsKeyArn("x") },
        logRetentionDays: 365,
      });
      // WHEN synthesized THEN the instance carries the defaults
      expect(Testing.synth(stack)).toHaveResourceWithProperties(DbInstance, {
        instance_class: PostgresDatabase.DEFAULT_INSTANCE_CLASS,
        allocated_storage: 20,
        max_allocated_storage: 100,
        multi_az: true,
        deletion_protection: true,
        backup_retention_period: 7,
        monitoring_interval: 60,
      });
    });

    it("meets the checklist settings that are the same in every environment", () => {
      // GIVEN / WHEN a prod database
      const { stack } = build();
      // THEN
      const synthesized = Testing.synth(stack);
      expect(synthesized).toHaveResourceWithProperties(DbInstance, {
        identifier: "platform-prod",
        engine: "postgres",
        engine_version: "16",
        auto_minor_version_upgrade: true,
        allow_major_version_upgrade: false,
        storage_type: "gp3",
        storage_encrypted: true,
        publicly_accessible: false,
        copy_tags_to_snapshot: true,
        iam_database_authentication_enabled: true,
        performance_insights_enabled: true,
        performance_insights_retention_period: 7,
        enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
        manage_master_user_password: true,
        username: "app_admin",
        db_name: "app",
        port: 5432,
        ca_cert_identifier: "rds-ca-rsa2048-g1",
        apply_immediately: false,
        backup_window: "02:00-03:00",
        maintenance_window: "sun:04:00-sun:05:00",
      });
    });

    it("allows a major version upgrade only when asked, and then applies it in this deploy, not in the maintenance window", () => {
      // GIVEN / WHEN the default, then allowMajorVersionUpgrade with a new major
      const plain = instanceOf(synthJson(build().stack));
      const upgrade = instanceOf(synthJson(build({ engineVersion: "17", allowMajorVersionUpgrade: true }).stack));
      // THEN by default neither; with the flag both (RDS would otherwise hold the new major
      // and its parameter group for the window, and the old group could not be deleted)
      expect([plain.allow_major_version_upgrade, plain.apply_immediately]).toEqual([false, false]);
      expect([upgrade.allow_major_version_upgrade, upgrade.apply_immediately]).toEqual([true, true]);
      expect(upgrade.engine_version).toBe("17");
    });

    it.each([...PostgresDatabase.ENGINE_VERSIONS])("accepts engine version %s, one RDS supports", (engineVersion) => {
      // GIVEN / WHEN a supported engine version
      const { stack } = build({ engineVersion });
      // THEN the parameter group is of its family
      expect(only(synthJson(stack), "aws_db_parameter_group").family).toBe(`postgres${engineVersion}`);
    });

    it("holds no password anywhere", () => {
      // GIVEN / WHEN a database
      const { stack } = build();
      // THEN RDS manages the password; none is set on the instance nor anywhere in the stack
      const json = synthJson(stack);
      const instance = instanceOf(json);
      expect(instance.password).toBeUndefined();
      expect(instance.password_wo).toBeUndefined();
      expect(JSON.stringify(json)).not.toMatch(/"password(_wo)?"\s*:/);
    });

    it("references its subnet group, security group, parameter group, KMS key and monitoring role", () => {
      // GIVEN / WHEN a database
      const { stack, key, db } = build();
      // THEN the instance points at the resources it was built with
      expect(Testing.synth(stack)).toHaveResourceWithProperties(DbInstance, {
        db_subnet_group_name: refOf(db.subnetGroup, "name"),
        vpc_security_group_ids: [refOf(db.securityGroup, "id")],
        parameter_group_name: refOf(db.parameterGroup, "name"),
        kms_key_id: keyArn(key),
        performance_insights_kms_key_id: keyArn(key),
        monitoring_role_arn: refOf(db.monitoringRole.role, "arn"),
      });
    });

    it("takes prod's settings: Multi-AZ, deletion protection, 14-day backups, final snapshot", () => {
      // GIVEN / WHEN prod
      const { stack } = build({}, "prod");
      const s = prodSettings();
      // THEN
      const synthesized = Testing.synth(stack);
      const instance = instanceOf(JSON.parse(synthesized));
      expect(synthesized).toHaveResourceWithProperties(DbInstance, {
        instance_class: s.instanceClass,
        allocated_storage: s.allocatedStorage,
        max_allocated_storage: s.maxAllocatedStorage,
        multi_az: true,
        deletion_protection: true,
        backup_retention_period: 14,
        monitoring_interval: 30,
        skip_final_snapshot: false,
        final_snapshot_identifier: "platform-prod-final",
      });
      expect(instance.backup_retention_period).toBeGreaterThanOrEqual(7);
      expect(instance.max_allocated_storage).toBeGreaterThan(instance.allocated_storage);
    });

    it("takes dev's settings: single-AZ, no deletion protection, 1-day backups, no final snapshot", () => {
      // GIVEN / WHEN dev
      const { stack } = build({}, "dev");
      // THEN
      const synthesized = Testing.synth(stack);
      const instance = instanceOf(JSON.parse(synthesized));
      expect(synthesized).toHaveResourceWithProperties(DbInstance, {
        identifier: "platform-dev",
        instance_class: "db.t4g.micro",
        allocated_storage: 20,
        max_allocated_storage: 100,
        multi_az: false,
        deletion_protection: false,
        backup_retention_period: 1,
        monitoring_interval: 60,
        skip_final_snapshot: true,
      });
      expect(instance.final_snapshot_identifier).toBeUndefined();
    });

    it("keeps a final snapshot by default", () => {
      // GIVEN / WHEN finalSnapshot is not given
      const { stack } = build({ finalSnapshot: undefined }, "dev");
      // THEN the snapshot is kept
      const instance = instanceOf(synthJson(stack));
      expect(instance.skip_final_snapshot).toBe(false);
      expect(instance.final_snapshot_identifier).toBe("platform-dev-final");
    });

    it("uses the given name, user, port and windows", () => {
      // GIVEN / WHEN custom values
      const { stack, db } = build({
        databaseName: "orders",
        masterUsername: "orders_owner",
        port: 6543,
        backupWindow: "23:30-00:15",
        maintenanceWindow: "mon:01:00-mon:02:00",
      });
      // THEN they reach the instance (a backup window across midnight, maintenance right after one)
      const synthesized = Testing.synth(stack);
      expect(synthesized).toHaveResourceWithProperties(DbInstance, {
        db_name: "orders",
        username: "orders_owner",
        port: 6543,
        backup_window: "23:30-00:15",
        maintenance_window: "mon:01:00-mon:02:00",
      });
      expect(db.port).toBe(6543);
    });
  });

  describe("monitoring role", () => {
    it("is trusted by RDS monitoring of this account only and carries the AWS managed policy", () => {
      // GIVEN / WHEN a database
      const { stack, db } = build();
      // THEN the role trusts monitoring.rds.amazonaws.com with aws:SourceAccount, and the managed policy is attached
      const json = synthJson(stack);
      const role = resourceOf(json, db.monitoringRole.role);
      expect(role.name).toBe("platform-prod-rds-monitoring");
      // The account id is a Terraform expression (its quotes are HCL's), taken from the security group's ARN.
      const sgArn = `aws_security_group.${db.securityGroup.friendlyUniqueId}.arn`;
      const accountExpr = `\${element(split(":", ${sgArn}), 4)}`;
      expect(decodeJson(role.assume_role_policy).Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "monitoring.rds.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": accountExpr } },
        },
      ]);
      const attachment = only(json, "aws_iam_role_policy_attachment");
      expect(attachment.policy_arn).toBe(`arn:${PARTITION}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`);
      expect(attachment.role).toBe(ref("aws_iam_role", db.monitoringRole.role.friendlyUniqueId, "name"));
    });
  });

  describe("log groups", () => {
    it("pre-creates the exported log groups with retention and KMS, and the instance waits for them", () => {
      // GIVEN / WHEN a prod database
      const { stack, key, db } = build();
      // THEN both RDS log groups exist, encrypted and expiring, before the instance
      const json = synthJson(stack);
      const groups = Object.entries(resources(json, "aws_cloudwatch_log_group"));
      expect(groups.map(([, g]) => g.name).sort()).toEqual(["/aws/rds/instance/platform-prod/postgresql", "/aws/rds/instance/platform-prod/upgrade"]);
      for (const [, group] of groups) {
        expect(group.retention_in_days).toBe(365);
        expect(group.kms_key_id).toBe(keyArn(key));
      }
      expect([...instanceOf(json).depends_on].sort()).toEqual(
        [
          `aws_cloudwatch_log_group.${db.logGroups.postgresql.logGroup.friendlyUniqueId}`,
          `aws_cloudwatch_log_group.${db.logGroups.upgrade.logGroup.friendlyUniqueId}`,
        ].sort(),
      );
    });

    it("uses the environment's retention (dev)", () => {
      // GIVEN / WHEN a dev database
      const { stack } = build({}, "dev");
      const retention = Object.values(resources(synthJson(stack), "aws_cloudwatch_log_group")).map((g) => g.retention_in_days);
      // THEN both of its log groups keep dev's 30 days
      expect(retention).toEqual([30, 30]);
    });
  });

  describe("attributes", () => {
    it("exposes endpoint, address, secret ARN and group id as references, and name/user/port as values", () => {
      // GIVEN a database whose attributes are exported
      const { stack, db } = build();
      new TerraformOutput(stack, "address", { value: db.address });
      new TerraformOutput(stack, "endpoint", { value: db.endpoint });
      new TerraformOutput(stack, "secret", { value: db.masterUserSecretArn });
      new TerraformOutput(stack, "sg", { value: db.securityGroupId });
      // WHEN synthesized
      const json = synthJson(stack);
      // THEN
      const id = db.instance.friendlyUniqueId;
      expect(json.output.address.value).toBe(ref("aws_db_instance", id, "address"));
      expect(json.output.endpoint.value).toBe(ref("aws_db_instance", id, "endpoint"));
      expect(json.output.secret.value).toBe(ref("aws_db_instance", id, "master_user_secret[0].secret_arn"));
      expect(json.output.sg.value).toBe(ref("aws_security_group", db.securityGroup.friendlyUniqueId, "id"));
      expect(db.port).toBe(5432);
      expect(db.databaseName).toBe("app");
      expect(db.masterUsername).toBe("app_admin");
      expect(db.identifier).toBe("platform-prod");
    });
  });

  describe("allowFrom", () => {
    it("adds ingress from the source group on 5432 and the matching egress on the source", () => {
      // GIVEN a database and a service's security group
      const { stack, network, db } = build();
      const serviceSg = new SecurityGroup(stack, "orders-sg", { vpcId: network.vpcId, description: "orders" });
      const orders = { node: serviceSg.node, securityGroupId: serviceSg.id };
      // WHEN the service is admitted
      db.allowFrom(orders, "orders to PostgreSQL");
      // THEN exactly one ingress on the DB group referencing the service group, and one egress on the service group
      const json = synthJson(stack);
      const dbSg = ref("aws_security_group", db.securityGroup.friendlyUniqueId, "id");
      const svcSg = ref("aws_security_group", serviceSg.friendlyUniqueId, "id");
      expect(Object.values(resources(json, "aws_vpc_security_group_ingress_rule"))).toEqual([
        {
          security_group_id: dbSg,
          referenced_security_group_id: svcSg,
          ip_protocol: "tcp",
          from_port: 5432,
          to_port: 5432,
          description: "orders to PostgreSQL",
        },
      ]);
      expect(Object.values(resources(json, "aws_vpc_security_group_egress_rule"))).toEqual([
        {
          security_group_id: svcSg,
          referenced_security_group_id: dbSg,
          ip_protocol: "tcp",
          from_port: 5432,
          to_port: 5432,
          description: "orders to PostgreSQL",
        },
      ]);
      expect(JSON.stringify(resources(json, "aws_vpc_security_group_ingress_rule"))).not.toMatch(/cidr/);
    });

    it("opens the configured port", () => {
      // GIVEN a database on port 6543 WHEN a group is admitted
      const { stack, network, db } = build({ port: 6543 });
      const sg = new SecurityGroup(stack, "svc", { vpcId: network.vpcId, description: "svc" });
      db.allowFrom({ node: sg.node, securityGroupId: sg.id }, "svc");
      const rule = only(synthJson(stack), "aws_vpc_security_group_ingress_rule");
      // THEN the one ingress rule opens 6543 only
      expect([rule.from_port, rule.to_port]).toEqual([6543, 6543]);
    });

    it.each(["", "orders → db"])("rejects the description %p, which EC2 would refuse", (description) => {
      // GIVEN each description EC2 would refuse, WHEN built, THEN it throws
      const { stack, network, db } = build();
      const sg = new SecurityGroup(stack, "svc", { vpcId: network.vpcId, description: "svc" });
      expect(() => db.allowFrom({ node: sg.node, securityGroupId: sg.id }, description)).toThrow(
        /test\/database: allowFrom description must be 1–255 of .* got "/,
      );
    });
  });

  describe("grantConnect", () => {
    const taskRole = (stack: TerraformStack, name = "platform-prod-orders-task") => ecsTaskRole(stack, name, name);

    it("lets the grantee connect as exactly that database user of this instance (rds-db:connect on its dbuser ARN)", () => {
      // GIVEN a database and a task role
      const { stack, db } = build();
      const role = taskRole(stack);
      // WHEN the role is granted connect as "orders"
      const policy = db.grantConnect(role, "orders");
      // THEN one inline policy on that role, one statement: rds-db:connect on
      // arn:<partition>:rds-db:<region>:<account>:dbuser:<resource_id>/orders, all from references
      const json = synthJson(stack);
      const policies = Object.values(resources(json, "aws_iam_role_policy"));
      expect(policies).toHaveLength(1);
      expect(policies[0].name).toBe("connect-platform-prod-as-orders");
      expect(policies[0].role).toBe(ref("aws_iam_role", role.role.friendlyUniqueId, "name"));
      const instanceArn = `aws_db_instance.${db.instance.friendlyUniqueId}.arn`;
      const partition = Object.keys(json.data.aws_partition)[0];
      const arn =
        `arn:\${data.aws_partition.${partition}.partition}:rds-db:` +
        `\${element(split(":", ${instanceArn}), 3)}:\${element(split(":", ${instanceArn}), 4)}:` +
        `dbuser:${ref("aws_db_instance", db.instance.friendlyUniqueId, "resource_id")}/orders`;
      expect(decodeJson(policies[0].policy)).toEqual({
        Version: "2012-10-17",
        Statement: [{ Sid: "ConnectAsItsDatabaseUserOnly", Effect: "Allow", Action: ["rds-db:connect"], Resource: [arn] }],
      });
      expect(policies[0].policy).not.toContain("arn:aws:");
      expect(policy.friendlyUniqueId).toBe(Object.keys(resources(json, "aws_iam_role_policy"))[0]);
    });

    it("returns the same policy for the same role and user, and adds one per further user", () => {
      // GIVEN a database WHEN one role is granted twice as orders, then orders_reader, and another role catalog
      const { stack, db } = build();
      const role = taskRole(stack);
      const first = db.grantConnect(role, "orders");
      // THEN the repeat returns the first policy, and each further user adds one
      expect(db.grantConnect(role, "orders")).toBe(first);
      db.grantConnect(role, "orders_reader");
      db.grantConnect(taskRole(stack, "platform-prod-catalog-task"), "catalog");
      const names = Object.values(resources(synthJson(stack), "aws_iam_role_policy"))
        .map((p) => p.name)
        .sort();
      expect(names).toEqual(["connect-platform-prod-as-catalog", "connect-platform-prod-as-orders", "connect-platform-prod-as-orders_reader"]);
    });

    it("exposes the instance's resource id (DbiResourceId) by reference", () => {
      // GIVEN a database WHEN its resource id feeds an output
      const { stack, db } = build();
      new TerraformOutput(stack, "resource_id", { value: db.resourceId });
      // THEN the output references the instance's resource_id
      expect(synthJson(stack).output.resource_id.value).toBe(ref("aws_db_instance", db.instance.friendlyUniqueId, "resource_id"));
    });

    it("refuses the master user: apps log in as their own user", () => {
      // GIVEN a grant to the master user, WHEN made, THEN it throws: apps log in as their own user
      const { stack, db } = build();
      expect(() => db.grantConnect(taskRole(stack), "app_admin")).toThrow(/test\/database: grantConnect dbUser must not be the master user "app_admin"/);
    });

    it.each(["Orders", "order-history", "1orders", "", "a".repeat(64)])("refuses the dbUser %p, which is no lowercase identifier", (dbUser) => {
      // GIVEN each dbUser that is no lowercase identifier, WHEN granted, THEN it throws
      const { stack, db } = build();
      expect(() => db.grantConnect(taskRole(stack), dbUser)).toThrow(
        new RegExp(`test/database: grantConnect dbUser must be 1–63 of a–z, 0–9, '_' .*got "${dbUser}"`),
      );
    });

    it.each(["postgres", "public", "rdsadmin", "pg_monitor", "rds_iam"])("refuses the reserved dbUser %p", (dbUser) => {
      // GIVEN each reserved dbUser, WHEN granted, THEN it throws
      const { stack, db } = build();
      expect(() => db.grantConnect(taskRole(stack), dbUser)).toThrow(
        new RegExp(`test/database: grantConnect dbUser is reserved by PostgreSQL or RDS .*got "${dbUser}"`),
      );
    });
  });

  describe("validation", () => {
    const rejects = (props: Partial<PostgresDatabaseProps>, message: RegExp) => {
      expect(() => build(props)).toThrow(message);
    };
    /** A database on a given network, for cases that need the stack before construction. */
    const attempt = (stack: TerraformStack, network: NetworkRef, props: Partial<PostgresDatabaseProps> = {}) =>
      new PostgresDatabase(stack, "database", {
        naming: { project: "platform", envName: "prod" },
        network,
        encryptionKey: { keyArn: fakeKmsKeyArn("x") },
        logRetentionDays: 365,
        ...postgresDatabaseProps(prodSettings()),
        ...props,
      });
    const withSettings = (over: Partial<PostgresDatabaseProps>): Partial<PostgresDatabaseProps> => over;

    it.each(["16.4", "12", "13", "19", "abc", "latest", ""])("rejects engineVersion %p", (engineVersion) => {
      // GIVEN each unsupported engineVersion, WHEN built, THEN it throws
      rejects(
        { engineVersion },
        new RegExp(
          `test/database: engineVersion must be a PostgreSQL major version under RDS standard support, one of 14, 15, 16, 17, 18, without a minor .*got "${engineVersion}"`,
        ),
      );
    });

    it("rejects a parameter group family that does not match the engine version", () => {
      // GIVEN a parameter group family that does not match the engine version, WHEN built, THEN it throws
      rejects(
        { engineVersion: "16", parameterGroupFamily: "postgres15" },
        /test\/database: parameterGroupFamily must be "postgres16" to match engineVersion "16", got "postgres15"/,
      );
    });

    it.each(["1app", "my-app", "postgres", "template1", ""])("rejects databaseName %p", (databaseName) => {
      // GIVEN each invalid databaseName, WHEN built, THEN it throws
      rejects({ databaseName }, new RegExp(`test/database: databaseName must be 1–63 letters.*got "${databaseName}"`));
    });

    it.each(["postgres", "admin", "root", "Admin", "rdsadmin", "rds_app"])("rejects the well-known masterUsername %p", (masterUsername) => {
      // GIVEN each well-known masterUsername, WHEN built, THEN it throws
      rejects({ masterUsername }, new RegExp(`test/database: masterUsername must not be the engine default.*got "${masterUsername}"`));
    });

    it.each(["1admin", "app-admin", "app admin", "", "a".repeat(64)])("rejects the invalid masterUsername %p", (masterUsername) => {
      // GIVEN each invalid masterUsername, WHEN built, THEN it throws
      rejects(
        { masterUsername },
        new RegExp(`test/database: masterUsername must be 1–63 letters, digits or '_' starting with a letter, got "${masterUsername}"`),
      );
    });

    it.each([80, 1149, 65536, 5432.5])("rejects port %p", (port) => {
      // GIVEN each out-of-range port, WHEN built, THEN it throws
      rejects({ port }, new RegExp(`test/database: port must be an integer 1150–65535 .*got ${port}`));
    });

    it("rejects a log retention CloudWatch does not accept", () => {
      // GIVEN a log retention CloudWatch does not accept, WHEN built, THEN it throws
      rejects(
        { logRetentionDays: 10 as LogRetentionDays },
        /test\/database\/.*: logRetentionDays must be one of the CloudWatch Logs retention values: 1, 3, 5, .* got 10/,
      );
    });

    it("rejects an instance class that is not db.<family>.<size>", () => {
      // GIVEN an instance class that is not db.<family>.<size>, WHEN built, THEN it throws
      rejects(withSettings({ instanceClass: "t4g.micro" }), /test\/database: instanceClass must be an RDS instance class like db.t4g.micro, got "t4g.micro"/);
    });

    it.each([10, 70000])("rejects allocatedStorage %p", (allocatedStorage) => {
      // GIVEN each out-of-range allocatedStorage, WHEN built, THEN it throws
      rejects(
        withSettings({ allocatedStorage, maxAllocatedStorage: 70000 }),
        new RegExp(`test/database: allocatedStorage must be an integer 20–65536 GiB .*got ${allocatedStorage}`),
      );
    });

    it("rejects maxAllocatedStorage below allocatedStorage", () => {
      // GIVEN maxAllocatedStorage below allocatedStorage, WHEN built, THEN it throws
      rejects(
        withSettings({ allocatedStorage: 100, maxAllocatedStorage: 50 }),
        /test\/database: maxAllocatedStorage must be an integer from allocatedStorage \(100\) to 65536 GiB, got 50/,
      );
    });

    it.each([0, 36])("rejects backupRetentionDays %p", (backupRetentionDays) => {
      // GIVEN each out-of-range backupRetentionDays, WHEN built, THEN it throws
      rejects(withSettings({ backupRetentionDays }), new RegExp(`test/database: backupRetentionDays must be an integer 1–35 .*got ${backupRetentionDays}`));
    });

    it("rejects a monitoring interval RDS does not offer", () => {
      // GIVEN a monitoring interval RDS does not offer, WHEN built, THEN it throws
      rejects(withSettings({ monitoringInterval: 2 }), /test\/database: monitoringInterval must be one of 1, 5, 10, 15, 30, 60 seconds, got 2/);
    });

    it("rejects fewer than two database subnets", () => {
      // GIVEN fewer than two database subnets, WHEN built, THEN it throws
      const stack = testStack();
      const network = fakeNetwork(stack);
      expect(() => attempt(stack, { ...network, databaseSubnetIds: network.databaseSubnetIds.slice(0, 1) })).toThrow(
        /test\/database: network.databaseSubnetIds must list at least 2 subnets .*got 1/,
      );
    });

    it("rejects an identifier RDS does not accept", () => {
      // GIVEN an identifier RDS does not accept, WHEN built, THEN it throws
      rejects({ naming: { project: "my--proj", envName: "prod" } }, /test\/database: the instance identifier "my--proj-prod" \(from naming\) must be/);
    });

    it.each(["2:00-03:00", "25:00-26:00", "02:00-02:15"])("rejects backupWindow %p", (backupWindow) => {
      // GIVEN each invalid backupWindow, WHEN built, THEN it throws
      rejects({ backupWindow }, new RegExp(`test/database: backupWindow must .*got "${backupWindow}"`));
    });

    it.each(["sunday:04:00-sunday:05:00", "sun:04:00-sun:04:10", "xyz:04:00-xyz:05:00", "sun:04:00"])("rejects maintenanceWindow %p", (maintenanceWindow) => {
      // GIVEN each invalid maintenanceWindow, WHEN built, THEN it throws
      rejects({ maintenanceWindow }, new RegExp(`test/database: maintenanceWindow must .*got "${maintenanceWindow}"`));
    });

    it.each([
      ["02:00-03:00", "wed:02:30-wed:03:30"],
      ["23:30-00:30", "mon:00:00-mon:01:00"], // Sunday's backup runs into Monday
      ["00:00-01:00", "sun:23:30-mon:00:30"], // maintenance wraps the week onto Monday's backup
    ])("rejects backupWindow %p overlapping maintenanceWindow %p", (backupWindow, maintenanceWindow) => {
      rejects({ backupWindow, maintenanceWindow }, /test\/database: backupWindow ".*" overlaps maintenanceWindow ".*": RDS rejects overlapping windows/);
    });

    it("creates nothing when a prop is invalid", () => {
      // GIVEN a stack with only a network
      const stack = testStack();
      const network = fakeNetwork(stack);
      // WHEN an invalid database is attempted
      expect(() => attempt(stack, network, { masterUsername: "postgres" })).toThrow();
      // THEN none of its resources exists
      const json = synthJson(stack);
      for (const type of ["aws_db_instance", "aws_db_subnet_group", "aws_db_parameter_group", "aws_iam_role", "aws_cloudwatch_log_group"]) {
        expect(resources(json, type)).toEqual({});
      }
    });
  });
});

import "cdktf/lib/testing/adapters/jest";
import { TerraformStack, Testing, Token } from "cdktf";
import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsBackupPolicy } from "@cdktf/provider-aws/lib/efs-backup-policy";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { NetworkRef } from "../../src/network/network-ref";
import { SharedFileSystem, SharedFileSystemProps } from "../../src/storage/shared-file-system";
import { VolumeAccessPoint } from "../../src/storage/volume-access-point";
import { decodeJson } from "../support/json-document";
import { ref, refOf, resourceOf, resources, TfJson } from "../support/synth";
import { ecsTaskRole, fakeNetwork, synthJson, testStack } from "../support/test-stack";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded policy documents, indexed freely
type Json = any;

interface Built {
  stack: TerraformStack;
  key: KmsKey;
  network: NetworkRef;
  files: SharedFileSystem;
}

function build(props: Partial<SharedFileSystemProps> = {}): Built {
  const stack = testStack();
  const key = new KmsKey(stack, "key", { description: "test", enableKeyRotation: true });
  const network = fakeNetwork(stack);
  const files = new SharedFileSystem(stack, "files", {
    naming: { project: "platform", envName: "prod" },
    network,
    encryptionKey: { keyArn: key.arn },
    backups: true,
    ...props,
  });
  return { stack, key, network, files };
}

/** A caller with a security group of its own, as a service would be. */
function caller(stack: TerraformStack, network: NetworkRef, id = "orders-sg") {
  const sg = new SecurityGroup(stack, id, { vpcId: network.vpcId, description: id });
  return { sg, ref: { node: sg.node, securityGroupId: sg.id } };
}

const policyOf = (body: TfJson): Json => decodeJson(body.policy);

/** The `${aws_subnet.<id>.id}` references of the fake network's private subnets. */
const privateSubnetRefs = (json: TfJson): string[] =>
  Object.keys(resources(json, "aws_subnet"))
    .filter((name) => name.includes("private"))
    .map((name) => ref("aws_subnet", name, "id"));

describe("SharedFileSystem", () => {
  describe("file system", () => {
    it("is encrypted with the environment's key and named after it", () => {
      // GIVEN / WHEN a file system with the platform key
      const { stack, key } = build();
      // THEN it is encrypted with that key (by reference), and named <project>-<env>-efs
      expect(Testing.synth(stack)).toHaveResourceWithProperties(EfsFileSystem, {
        encrypted: true,
        kms_key_id: refOf(key, "arn"),
        creation_token: "platform-prod-efs",
        tags: { Name: "platform-prod-efs" },
      });
    });

    it("uses its documented defaults: general purpose, elastic, IA after 30 days and back on first access", () => {
      // GIVEN / WHEN a file system with only the required props
      const { stack, files } = build();
      // THEN the modes are the defaults and each transition is a lifecycle_policy block of its own
      const fs = resourceOf(synthJson(stack), files.fileSystem);
      expect(fs).toMatchObject({ performance_mode: "generalPurpose", throughput_mode: "elastic" });
      expect(fs.provisioned_throughput_in_mibps).toBeUndefined();
      expect(fs.lifecycle_policy).toEqual([{ transition_to_ia: "AFTER_30_DAYS" }, { transition_to_primary_storage_class: "AFTER_1_ACCESS" }]);
      expect([files.uid, files.gid]).toEqual([1000, 1000]);
    });

    it("drops the lifecycle transitions it is told not to make", () => {
      // GIVEN / WHEN no transition to IA and none back
      const { stack, files } = build({ transitionToIa: "never", transitionToPrimaryOnAccess: false });
      // THEN the file system has no lifecycle policy at all
      expect(resourceOf(synthJson(stack), files.fileSystem).lifecycle_policy).toBeUndefined();
    });

    it("takes provisioned throughput with its MiB/s", () => {
      // GIVEN / WHEN provisioned throughput at 64 MiB/s on Max I/O
      const { stack } = build({ performanceMode: "maxIO", throughputMode: "provisioned", provisionedThroughputMibps: 64 });
      // THEN both reach the file system
      expect(Testing.synth(stack)).toHaveResourceWithProperties(EfsFileSystem, {
        performance_mode: "maxIO",
        throughput_mode: "provisioned",
        provisioned_throughput_in_mibps: 64,
      });
    });
  });

  describe("backups", () => {
    it.each([
      [true, "ENABLED"],
      [false, "DISABLED"],
    ])("backups %s → automatic backups %s, stated explicitly", (backups, status) => {
      // GIVEN / WHEN a file system with backups on or off
      const { stack, files } = build({ backups });
      // THEN the backup policy of this file system says so
      expect(Testing.synth(stack)).toHaveResourceWithProperties(EfsBackupPolicy, {
        file_system_id: refOf(files.fileSystem, "id"),
        backup_policy: { status },
      });
    });
  });

  describe("file system policy", () => {
    it("denies client access without TLS, and outside access points, to everyone", () => {
      // GIVEN / WHEN a file system
      const { stack, files } = build();
      // THEN its policy has exactly the two denials, on this file system
      const json = synthJson(stack);
      const body = resourceOf(json, files.policy);
      expect(body.file_system_id).toBe(refOf(files.fileSystem, "id"));
      const statements: Json[] = policyOf(body).Statement;
      const clientActions = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"];
      expect(statements).toEqual([
        {
          Sid: "DenyClientAccessWithoutTls",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: clientActions,
          Resource: refOf(files.fileSystem, "arn"),
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "DenyClientAccessOutsideAccessPoints",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: clientActions,
          Resource: refOf(files.fileSystem, "arn"),
          Condition: { Null: { "elasticfilesystem:AccessPointArn": "true" } },
        },
      ]);
    });

    it("allows nothing by itself, so anonymous (non-IAM) clients are shut out", () => {
      // GIVEN / WHEN a file system
      const { stack, files } = build();
      // THEN no statement of its policy allows anything (access comes from grantMount's identity policies)
      const statements: Json[] = policyOf(resourceOf(synthJson(stack), files.policy)).Statement;
      expect(statements.filter((s) => s.Effect !== "Deny")).toEqual([]);
      expect(resourceOf(synthJson(stack), files.policy).bypass_policy_lockout_safety_check).toBeUndefined();
    });
  });

  describe("mount targets and security group", () => {
    it("puts one mount target in every private subnet, behind the file system's group", () => {
      // GIVEN / WHEN a file system in the two-AZ fake network
      const { stack, files } = build();
      // THEN each private subnet has one mount target of this file system, with only its group
      const json = synthJson(stack);
      const targets = Object.values<TfJson>(resources(json, "aws_efs_mount_target"));
      expect(targets.map((t) => t.subnet_id).sort()).toEqual(privateSubnetRefs(json).sort());
      expect(targets).toHaveLength(2);
      for (const t of targets) {
        expect(t.file_system_id).toBe(refOf(files.fileSystem, "id"));
        expect(t.security_groups).toEqual([refOf(files.securityGroup, "id")]);
      }
      // and the mount targets are what services depend on
      expect(files.mountDependencies).toEqual([...files.mountTargets]);
    });

    it("names mount targets after their AZ, so a new AZ never replaces the others", () => {
      // GIVEN / WHEN a file system
      const { files } = build();
      // THEN the ids carry the AZ names
      expect(files.mountTargets.map((t) => t.node.id)).toEqual(["mount-eu-west-1a", "mount-eu-west-1b"]);
    });

    it("has a described group in the VPC with no rules until allowFrom", () => {
      // GIVEN / WHEN a file system with no callers
      const { stack, files } = build();
      // THEN its group has no inline rules and no rule resources exist
      const json = synthJson(stack);
      const sg = resourceOf(json, files.securityGroup);
      expect(sg.description).toMatch(/NFS/);
      expect(sg.vpc_id).toBe(ref("aws_vpc", "fake-vpc", "id"));
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
      expect(resources(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
      expect(resources(json, "aws_vpc_security_group_egress_rule")).toEqual({});
    });

    it("admits an allowed caller on NFS (2049) only, from its group", () => {
      // GIVEN a file system and a caller's security group
      const { stack, network, files } = build();
      const { sg } = caller(stack, network);
      // WHEN the caller is admitted
      files.allowFrom({ node: sg.node, securityGroupId: sg.id }, "orders to EFS");
      // THEN one ingress rule on the file system's group, from the caller's, on 2049 only
      const json = synthJson(stack);
      const ingress = Object.values<TfJson>(resources(json, "aws_vpc_security_group_ingress_rule"));
      expect(ingress).toEqual([
        {
          security_group_id: refOf(files.securityGroup, "id"),
          referenced_security_group_id: refOf(sg, "id"),
          ip_protocol: "tcp",
          from_port: 2049,
          to_port: 2049,
          description: "orders to EFS",
        },
      ]);
      // and the matching egress on the caller's group, to the file system's
      const egress = Object.values<TfJson>(resources(json, "aws_vpc_security_group_egress_rule"));
      expect(egress).toEqual([
        expect.objectContaining({
          security_group_id: refOf(sg, "id"),
          referenced_security_group_id: refOf(files.securityGroup, "id"),
          from_port: 2049,
          to_port: 2049,
        }),
      ]);
    });
  });

  describe("access points", () => {
    it("gives a volume a POSIX user and a root directory of its own", () => {
      // GIVEN a file system
      const { stack, files } = build();
      // WHEN the orders service's volume "data" gets its access point
      files.accessPoint("orders", "data");
      // THEN it runs as 1000:1000 and sees /orders/data only, created 750 for that user
      expect(Testing.synth(stack)).toHaveResourceWithProperties(EfsAccessPoint, {
        file_system_id: refOf(files.fileSystem, "id"),
        posix_user: { uid: 1000, gid: 1000 },
        root_directory: { path: "/orders/data", creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: "750" } },
      });
    });

    it("uses the uid and gid it is given", () => {
      // GIVEN a file system with uid 1001 and gid 2000
      const { stack, files } = build({ uid: 1001, gid: 2000 });
      // WHEN an access point is made
      files.accessPoint("orders", "data");
      // THEN it enforces them and owns its directory with them
      expect(Testing.synth(stack)).toHaveResourceWithProperties(EfsAccessPoint, {
        posix_user: { uid: 1001, gid: 2000 },
        root_directory: { path: "/orders/data", creation_info: { owner_uid: 1001, owner_gid: 2000, permissions: "750" } },
      });
    });

    it("makes one access point per owner and volume, however often asked", () => {
      // GIVEN a file system
      const { stack, files } = build();
      // WHEN the same volume is asked for twice, and another volume once
      const first = files.accessPoint("orders", "data");
      const again = files.accessPoint("orders", "data");
      files.accessPoint("orders", "cache");
      // THEN the same pair gives the same access point, and there are two in all
      expect(again).toBe(first);
      const paths = Object.values<TfJson>(resources(synthJson(stack), "aws_efs_access_point")).map((a) => a.root_directory.path);
      expect(paths.sort()).toEqual(["/orders/cache", "/orders/data"]);
      expect(files.accessPoints).toHaveLength(2);
    });

    it("keeps owners and volumes apart even when their names join alike", () => {
      // GIVEN a file system
      const { stack, files } = build();
      // WHEN "a-b"/"c" and "a"/"b-c" (both "a-b-c" if joined with '-') get access points
      const one = files.accessPoint("a-b", "c");
      const two = files.accessPoint("a", "b-c");
      // THEN they are two access points with their own directories
      expect(one).not.toBe(two);
      const paths = Object.values<TfJson>(resources(synthJson(stack), "aws_efs_access_point")).map((a) => a.root_directory.path);
      expect(paths.sort()).toEqual(["/a-b/c", "/a/b-c"]);
    });

    it("gives the task volume configuration TLS in transit and IAM authorization through the access point", () => {
      // GIVEN a file system and an access point
      const { files } = build();
      const ap = files.accessPoint("orders", "data");
      // WHEN the task volume configuration is asked for
      const config = files.volumeConfiguration(ap);
      // THEN it names the file system and the access point, with TLS and IAM on, and no root directory
      expect(config).toEqual({
        fileSystemId: files.fileSystemId,
        transitEncryption: "ENABLED",
        authorizationConfig: { accessPointId: ap.accessPointId, iam: "ENABLED" },
      });
    });
  });

  describe("grantMount", () => {
    const grant = (readOnly: boolean) => {
      const { stack, files } = build();
      const ap = files.accessPoint("orders", "data") as VolumeAccessPoint;
      const role = ecsTaskRole(stack, "task");
      const policy = files.grantMount(role, ap, { readOnly });
      const json = synthJson(stack);
      return { files, ap, role, policy, body: resourceOf(json, policy) };
    };

    it("grants mount and write on the file system, through that access point only", () => {
      // GIVEN a file system, a volume and a task role / WHEN the role is granted read-write
      const { files, ap, role, body } = grant(false);
      // THEN the role gets one statement: ClientMount + ClientWrite, conditioned on the access point
      expect(body.role).toBe(refOf(role.role, "name"));
      expect(body.name).toBe("efs-mount.orders.data");
      expect(policyOf(body).Statement).toEqual([
        {
          Sid: "MountItsVolumeReadWrite",
          Effect: "Allow",
          Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
          Resource: [refOf(files.fileSystem, "arn")],
          Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": refOf(ap.accessPoint, "arn") } },
        },
      ]);
    });

    it("grants mount without write when read-only", () => {
      // GIVEN / WHEN the role is granted read-only
      const { ap, body } = grant(true);
      // THEN only ClientMount, still scoped to the access point, and never root access
      const [statement] = policyOf(body).Statement;
      expect(statement.Action).toEqual(["elasticfilesystem:ClientMount"]);
      expect(statement.Condition).toEqual({ StringEquals: { "elasticfilesystem:AccessPointArn": refOf(ap.accessPoint, "arn") } });
      expect(JSON.stringify(policyOf(body))).not.toMatch(/ClientRootAccess/);
    });

    it("returns the first policy when the same grant is made again", () => {
      // GIVEN a read-write grant
      const { files, ap, role, policy } = grant(false);
      // WHEN it is made again THEN it is the same policy
      expect(files.grantMount(role, ap, { readOnly: false })).toBe(policy);
    });

    it("keeps one policy per volume when a role mounts two", () => {
      // GIVEN a role granted two volumes
      const { stack, files } = build();
      const role = ecsTaskRole(stack, "task");
      files.grantMount(role, files.accessPoint("orders", "data"), { readOnly: false });
      files.grantMount(role, files.accessPoint("orders", "cache"), { readOnly: true });
      // WHEN synthesized THEN two policies with distinct names
      const names = Object.values<TfJson>(resources(synthJson(stack), "aws_iam_role_policy")).map((p) => p.name);
      expect(names.sort()).toEqual(["efs-mount.orders.cache", "efs-mount.orders.data"]);
    });

    it("refuses the other mode for a role and volume already granted", () => {
      // GIVEN a read-write grant / WHEN the same role asks read-only THEN it throws, naming both
      const { files, ap, role } = grant(false);
      expect(() => files.grantMount(role, ap, { readOnly: true })).toThrow(/already has \/orders\/data read-write, got readOnly true/);
    });

    it("refuses an access point of another file system", () => {
      // GIVEN two file systems in one stack
      const { stack, network, key, files } = build();
      const other = new SharedFileSystem(stack, "other", {
        naming: { project: "platform", envName: "prod" },
        network,
        encryptionKey: { keyArn: key.arn },
        backups: false,
      });
      const foreign = other.accessPoint("orders", "data");
      // WHEN the first is asked to grant or configure the second's access point THEN it throws
      expect(() => files.grantMount(ecsTaskRole(stack, "task"), foreign, { readOnly: false })).toThrow(
        /test\/files: grantMount needs an access point made by this file system/,
      );
      expect(() => files.volumeConfiguration(foreign)).toThrow(/volumeConfiguration needs an access point made by this file system/);
    });

    it("refuses options without a boolean readOnly", () => {
      // GIVEN an access point / WHEN readOnly is a string THEN it throws
      const { stack, files } = build();
      const ap = files.accessPoint("orders", "data");
      expect(() => files.grantMount(ecsTaskRole(stack, "task"), ap, { readOnly: "yes" as unknown as boolean })).toThrow(
        /options.readOnly must be true or false, got "yes"/,
      );
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<SharedFileSystemProps>, RegExp]>([
      ["backups not a boolean", { backups: "false" as unknown as boolean }, /backups must be true or false, got "false"/],
      [
        "transitionToPrimaryOnAccess not a boolean",
        { transitionToPrimaryOnAccess: 1 as unknown as boolean },
        /transitionToPrimaryOnAccess must be true or false, got 1/,
      ],
      [
        "an unknown performance mode",
        { performanceMode: "fast" as SharedFileSystemProps["performanceMode"] },
        /performanceMode must be one of generalPurpose, maxIO, got "fast"/,
      ],
      [
        "an unknown throughput mode",
        { throughputMode: "burst" as SharedFileSystemProps["throughputMode"] },
        /throughputMode must be one of elastic, bursting, provisioned, got "burst"/,
      ],
      ["elastic throughput on Max I/O", { performanceMode: "maxIO" }, /throughputMode "elastic" needs performanceMode "generalPurpose"/],
      [
        "provisioned throughput without MiB/s",
        { throughputMode: "provisioned" },
        /provisionedThroughputMibps must be a number ≥ 1 with throughputMode "provisioned", got undefined/,
      ],
      [
        "provisioned throughput of 0 MiB/s",
        { throughputMode: "provisioned", provisionedThroughputMibps: 0 },
        /provisionedThroughputMibps must be a number ≥ 1/,
      ],
      [
        "MiB/s without provisioned throughput",
        { provisionedThroughputMibps: 64 },
        /provisionedThroughputMibps applies to throughputMode "provisioned" only, got 64 with "elastic"/,
      ],
      [
        "an unknown IA transition",
        { transitionToIa: "AFTER_2_DAYS" as SharedFileSystemProps["transitionToIa"] },
        /transitionToIa must be "never" or one of AFTER_1_DAY, .*got "AFTER_2_DAYS"/,
      ],
      ["uid 0 (root)", { uid: 0 }, /uid must be an integer 1–4294967295 \(0 is root, which needs ClientRootAccess\), got 0/],
      ["a fractional gid", { gid: 1000.5 }, /gid must be an integer 1–4294967295 .*got 1000.5/],
      ["a gid beyond 32 bits", { gid: 4294967296 }, /gid must be an integer 1–4294967295 .*got 4294967296/],
      [
        "a name longer than a creation token",
        { naming: { project: "p".repeat(60), envName: "prod" } },
        /the name "p{60}-prod-efs" \(from naming\) is 69 characters; an EFS creation token takes 64/,
      ],
    ])("rejects %s, naming the prop", (_what, props, message) => {
      // GIVEN / WHEN the bad value THEN the error names the construct, the prop and the value
      expect(() => build(props)).toThrow(message);
      expect(() => build(props)).toThrow(/^test\/files: /);
    });

    it("rejects private subnets only known at apply (a token list)", () => {
      // GIVEN a network whose private subnets are a token list
      const stack = testStack();
      const network = { ...fakeNetwork(stack), privateSubnetIds: Token.asList("${aws_subnet.x[*].id}") };
      // WHEN / THEN
      expect(
        () =>
          new SharedFileSystem(stack, "files", { naming: { project: "platform", envName: "prod" }, network, encryptionKey: { keyArn: "arn" }, backups: true }),
      ).toThrow(/network.privateSubnetIds and network.azs must be lists known at synth/);
    });

    it("rejects private subnets that do not match the AZs one to one", () => {
      // GIVEN a network with two AZs and one private subnet
      const stack = testStack();
      const fake = fakeNetwork(stack);
      const network = { ...fake, privateSubnetIds: fake.privateSubnetIds.slice(0, 1) };
      // WHEN / THEN
      expect(
        () =>
          new SharedFileSystem(stack, "files", { naming: { project: "platform", envName: "prod" }, network, encryptionKey: { keyArn: "arn" }, backups: true }),
      ).toThrow(/network.privateSubnetIds must list one subnet per AZ of network.azs \(2\), got 1/);
    });

    it.each<[string, string, string, RegExp]>([
      ["an owner that is not a DNS label", "Orders", "data", /accessPoint owner must be a lowercase DNS label .*got "Orders"/],
      ["a volume with a slash", "orders", "data/x", /accessPoint volume must be a lowercase DNS label .*got "data\/x"/],
      ["an empty volume", "orders", "", /accessPoint volume must be a lowercase DNS label .*got ""/],
      ["a root directory beyond 100 characters", "o".repeat(50), "v".repeat(50), /the root directory "\/o{50}\/v{50}" is 102 characters; EFS allows 100/],
    ])("accessPoint rejects %s", (_what, owner, volume, message) => {
      // GIVEN a file system / WHEN the bad name THEN it throws before creating anything
      const { stack, files } = build();
      expect(() => files.accessPoint(owner, volume)).toThrow(message);
      expect(resources(synthJson(stack), "aws_efs_access_point")).toEqual({});
    });

    it("allowFrom rejects a description EC2 would refuse", () => {
      // GIVEN a file system and a caller / WHEN the description has a character EC2 refuses THEN it throws
      const { stack, network, files } = build();
      expect(() => files.allowFrom(caller(stack, network).ref, "orders → EFS")).toThrow(/allowFrom description must be 1–255 of .*got "orders → EFS"/);
    });
  });
});

describe("VolumeAccessPoint", () => {
  const props = { naming: { project: "platform", envName: "prod" }, fileSystemId: "fs-12345678", owner: "orders", volume: "data", uid: 1000, gid: 1000 };

  it("is named after its owner and volume", () => {
    // GIVEN / WHEN an access point on its own
    const stack = testStack();
    const ap = new VolumeAccessPoint(stack, "ap", props);
    // THEN its Name tag and root directory carry both
    expect(ap.rootDirectory).toBe("/orders/data");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(EfsAccessPoint, { file_system_id: "fs-12345678", tags: { Name: "platform-prod-orders-data" } });
  });

  it.each<[string, Partial<typeof props>, RegExp]>([
    ["a bad owner", { owner: "-orders" }, /test\/ap: owner must be a lowercase DNS label/],
    ["a bad volume", { volume: "Data" }, /test\/ap: volume must be a lowercase DNS label/],
    ["uid 0", { uid: 0 }, /test\/ap: uid must be an integer 1–4294967295/],
    ["gid -1", { gid: -1 }, /test\/ap: gid must be an integer 1–4294967295 .*got -1/],
  ])("rejects %s", (_what, bad, message) => {
    // GIVEN / WHEN the bad value THEN it throws, naming the construct
    expect(() => new VolumeAccessPoint(testStack(), "ap", { ...props, ...bad })).toThrow(message);
  });
});

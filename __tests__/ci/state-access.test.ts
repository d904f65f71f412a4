import { lockFileKey, stateAccessStatements } from "../../src/ci/state-access";
import { BUCKET_ARN, DIRECT, KEY_ARN, STATE_KEY, STATE_ROLE_ARN, THROUGH_ROLE } from "./fixtures";

describe("stateAccessStatements", () => {
  it("lets a deploy list its folder, read and write its state, use its lock file and the state key (Terraform's S3 backend permissions)", () => {
    // GIVEN the state bucket in the role's account / WHEN read-write statements are built
    const statements = stateAccessStatements(DIRECT, STATE_KEY, "readWrite");
    // THEN exactly the documented actions, on this environment's objects only
    expect(statements).toEqual([
      { Sid: "ListStateFolder", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [BUCKET_ARN], Condition: { StringLike: { "s3:prefix": "acme/qa/*" } } },
      { Sid: "ReadWriteState", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: [`${BUCKET_ARN}/acme/qa/terraform.tfstate`] },
      {
        Sid: "StateLockFile",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: [`${BUCKET_ARN}/acme/qa/terraform.tfstate.tflock`],
      },
      { Sid: "StateKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KEY_ARN] },
    ]);
  });

  it("lets a plan read its state but write only the lock file", () => {
    // GIVEN the state bucket in the role's account / WHEN read statements are built
    const statements = stateAccessStatements(DIRECT, STATE_KEY, "read");
    // THEN the state is read-only, the lock file is the only object written or deleted
    const writes = statements.filter((s) => s.Action.some((a) => a === "s3:PutObject" || a === "s3:DeleteObject"));
    expect(writes.map((s) => s.Resource)).toEqual([[`${BUCKET_ARN}/${lockFileKey(STATE_KEY)}`]]);
    expect(statements).toContainEqual({ Sid: "ReadState", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${BUCKET_ARN}/acme/qa/terraform.tfstate`] });
  });

  it("only assumes the state role where the state is reached through it, for deploys and plans alike", () => {
    // GIVEN state.roleArn / WHEN statements are built for both uses / THEN sts:AssumeRole on that role, nothing else
    for (const use of ["readWrite", "read"] as const) {
      expect(stateAccessStatements(THROUGH_ROLE, STATE_KEY, use)).toEqual([
        { Sid: "AssumeStateRole", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: [STATE_ROLE_ARN] },
      ]);
    }
  });

  it("refuses a state key without a folder", () => {
    // GIVEN a key with no folder / WHEN statements are built / THEN it throws, naming the key
    expect(() => stateAccessStatements(DIRECT, "terraform.tfstate", "read")).toThrow(/stateKey must be <folder>\/<name>, got "terraform.tfstate"/);
  });
});

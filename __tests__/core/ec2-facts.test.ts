import { architectureOf, ec2TaskFitProblem, instanceTypeFacts, instanceTypeProblem, smallestInstanceType, usableResources } from "../../src/core/ec2-facts";

describe("instanceTypeFacts", () => {
  it.each([
    ["m7g.large", { family: "m", generation: 7, architecture: "arm64", vcpu: 2, memoryMiB: 8192 }],
    ["c7g.medium", { family: "c", generation: 7, architecture: "arm64", vcpu: 1, memoryMiB: 2048 }],
    ["r8g.2xlarge", { family: "r", generation: 8, architecture: "arm64", vcpu: 8, memoryMiB: 65536 }],
    ["m6gd.xlarge", { family: "m", generation: 6, architecture: "arm64", vcpu: 4, memoryMiB: 16384 }],
    ["m7i.24xlarge", { family: "m", generation: 7, architecture: "x86_64", vcpu: 96, memoryMiB: 393216 }],
    ["c5n.4xlarge", { family: "c", generation: 5, architecture: "x86_64", vcpu: 16, memoryMiB: 32768 }],
    ["t3.micro", { family: "t", generation: 3, architecture: "x86_64", vcpu: 2, memoryMiB: 1024 }],
    ["t3a.medium", { family: "t", generation: 3, architecture: "x86_64", vcpu: 2, memoryMiB: 4096 }],
    ["t4g.2xlarge", { family: "t", generation: 4, architecture: "arm64", vcpu: 8, memoryMiB: 32768 }],
  ])("knows %s", (type, facts) => {
    // GIVEN a known type WHEN looked up THEN its facts
    expect(instanceTypeFacts(type)).toEqual(facts);
    expect(instanceTypeProblem(type)).toBeUndefined();
  });

  it.each([
    ["m7g", /must look like <family><generation><attributes>.<size>/],
    ["M7g.large", /must look like/],
    ["x2idn.large", /is not a known family/],
    ["m4.large", /is not a known family/],
    ["m9.large", /is not a known family/],
    ["m7zz.large", /is not a known family/],
    ["m5g.large", /m5g does not exist \(g starts at generation 6\)/],
    ["t2.micro", /burstable types must be one of t3, t3a, t4g/],
    ["t3.nano", /unknown size for t3/],
    ["m7g.metal", /unknown size for m7g/],
  ])("refuses %s", (type, message) => {
    // GIVEN an unknown type WHEN checked THEN a problem and no facts
    expect(instanceTypeProblem(type)).toMatch(message);
    expect(instanceTypeFacts(type)).toBeUndefined();
  });
});

describe("architectureOf", () => {
  it("says arm64, x86_64 or mixed", () => {
    // GIVEN type lists WHEN classified THEN by the g after the generation digit
    expect(architectureOf(["m7g.large", "c6gd.large", "t4g.small"])).toBe("arm64");
    expect(architectureOf(["m7i.large", "m6a.large", "t3.small"])).toBe("x86_64");
    expect(architectureOf(["m7g.large", "m7i.large"])).toBe("mixed");
    expect(architectureOf([])).toBe("x86_64");
  });
});

describe("smallestInstanceType and usableResources", () => {
  it("picks the least memory, then the fewest vCPUs", () => {
    // GIVEN types of equal memory WHEN compared THEN fewer vCPUs wins
    expect(smallestInstanceType(["c7g.xlarge", "m7g.large"])).toMatchObject({ type: "m7g.large", vcpu: 2, memoryMiB: 8192 });
    expect(smallestInstanceType(["r7g.large", "m7g.large"])?.type).toBe("m7g.large");
    expect(smallestInstanceType(["nope"])).toBeUndefined();
  });
  it("counts all CPU and 90 % of the memory as usable", () => {
    // GIVEN an m7g.large WHEN asked THEN 2048 units and floor(8192 × 0.9) MiB
    expect(usableResources(instanceTypeFacts("m7g.large")!)).toEqual({ cpuUnits: 2048, memoryMiB: 7372 });
  });
});

describe("ec2TaskFitProblem", () => {
  it("accepts a task that fits the smallest type", () => {
    // GIVEN a task within 90 % of m7g.large's memory, THEN no problem
    expect(ec2TaskFitProblem(2048, 7372, ["m7g.large", "m7g.xlarge"])).toBeUndefined();
  });
  it("refuses a task bigger than the usable memory of a type", () => {
    // GIVEN the full nominal memory of m7g.large, THEN too big
    expect(ec2TaskFitProblem(1024, 8192, ["m7g.xlarge", "m7g.large"])).toMatch(
      /a task of 1024 CPU units and 8192 MiB does not fit m7g.large \(2 vCPU = 2048 units, 8192 MiB of which about 7372 MiB are left for tasks\); the smallest type is m7g.large/,
    );
  });
  it("refuses a task with more CPU than a type", () => {
    // GIVEN 4 vCPUs of CPU on a 2-vCPU type, THEN too big
    expect(ec2TaskFitProblem(4096, 1024, ["c7g.large"])).toMatch(/does not fit c7g.large/);
  });
  it("names an unknown type, and an empty list", () => {
    // GIVEN bad type lists, THEN what is wrong
    expect(ec2TaskFitProblem(256, 512, ["m4.large"])).toMatch(/instance type "m4.large" is not a known family/);
    expect(ec2TaskFitProblem(256, 512, [])).toMatch(/has no instance types/);
  });
});

describe("instanceTypeProblem: combinations EC2 does not have", () => {
  it.each(["m5.large", "m5d.xlarge", "c5n.large", "m6g.medium", "c7g.16xlarge", "m6i.large", "r7i.2xlarge", "m8g.24xlarge", "c5.4xlarge"])(
    "accepts %s",
    (type) => {
      // GIVEN a type EC2 sells / WHEN checked / THEN no problem
      expect(instanceTypeProblem(type)).toBeUndefined();
    },
  );

  it.each(["m6.large", "c7.large", "m6i.medium", "c5.medium", "c5.8xlarge", "m6g.24xlarge", "c7g.24xlarge", "m6n.large", "m7d.large"])("refuses %s", (type) => {
    // GIVEN a type the generative table would build but EC2 does not sell / WHEN checked / THEN refused
    expect(instanceTypeProblem(type)).toMatch(/does not exist|is not a known family/);
  });
});

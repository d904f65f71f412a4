/**
 * `npm run bench`: synth speed and memory, measured (never asserted by timed tests).
 *   floor     `cdktf synth` of a one-resource stack, same app runner
 *   full      `cdktf synth` of this app (4 stacks)
 *   app       the app process alone (what cdktf runs), wall time and peak RSS
 * 5 runs each (BENCH_RUNS overrides), medians. Budgets: full/floor ≤ 1.3, app ≤ 1 s and ≤ 300 MB.
 *   tests     `npm test` once, wall time and CPU seconds (user+sys of the whole process
 *             tree), with BENCH_TESTS=1 (it takes a minute or more). Budget: ≤ 60 s each.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const root = resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const cdktf = join(root, "node_modules", ".bin", "cdktf");
const runner = "node scripts/app.js"; // the app runner in cdktf.json
const env = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0" };

interface Sample {
  readonly ms: number;
  readonly rssMb?: number;
}

function measure(label: string, command: string, args: string[], extraEnv: Record<string, string> = {}): Sample {
  const out = mkdtempSync(join(tmpdir(), "bench-"));
  const rssFile = join(out, "rss");
  const started = process.hrtime.bigint();
  const result = spawnSync(
    command,
    args.map((a) => a.replace("$OUT", out)),
    {
      cwd: root,
      env: { ...env, ...extraEnv, CDKTF_OUTDIR: out, PEAK_RSS_FILE: rssFile },
      encoding: "utf8",
    },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let rssMb: number | undefined;
  try {
    rssMb = Number(readFileSync(rssFile, "utf8")) / 1024;
  } catch {
    rssMb = undefined;
  }
  rmSync(out, { recursive: true, force: true });
  if (result.status !== 0) {
    throw new Error(`${label} failed (exit ${result.status}):\n${result.stderr}\n${result.stdout}`);
  }
  return { ms, rssMb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const peak = `-r ${join(root, "scripts", "bench", "peak-rss.js")}`;
const cases: { name: string; run: () => Sample }[] = [
  {
    name: "floor: cdktf synth, 1-resource stack",
    run: () => measure("floor", cdktf, ["synth", "--app", `${runner} scripts/bench/floor-app.ts`, "--output", "$OUT"]),
  },
  { name: "full: cdktf synth, this app", run: () => measure("full", cdktf, ["synth", "--output", "$OUT"]) },
  {
    name: "app alone: node scripts/app.js",
    run: () => measure("app", "node", [...peak.split(" "), "scripts/app.js"]),
  },
];

const rows = cases.map((c) => {
  const samples = Array.from({ length: runs }, () => c.run());
  const rss = samples.map((s) => s.rssMb).filter((v): v is number => v !== undefined);
  return { name: c.name, ms: median(samples.map((s) => s.ms)), rssMb: rss.length ? median(rss) : undefined };
});

/**
 * `npm test`, once: wall time, and user+sys CPU of the whole process tree (npm, tsc,
 * jest and its workers, terraform, the app runs). The children's CPU is read with
 * `/usr/bin/time` where present (a waited-for child's rusage includes its waited-for
 * descendants); without it, `process.resourceUsage()` cannot see children, so the CPU
 * column says "-".
 */
function measureTests(): { ms: number; cpuS?: number; ok: boolean; summary: string } {
  const out = mkdtempSync(join(tmpdir(), "bench-tests-"));
  const timeFile = join(out, "time");
  const timeBin = "/usr/bin/time";
  const haveTime = existsSync(timeBin);
  const [command, args] = haveTime ? [timeBin, ["-o", timeFile, "-f", "%U %S", "npm", "test"]] : ["npm", ["test"]];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let cpuS: number | undefined;
  if (haveTime) {
    const last = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
    const [user, sys] = last.split(" ").map(Number);
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuS = user + sys;
  }
  rmSync(out, { recursive: true, force: true });
  const summary = /^Tests: .*$/m.exec(`${result.stdout}\n${result.stderr}`)?.[0] ?? `exit ${result.status}`;
  return { ms, cpuS, ok: result.status === 0, summary };
}

const pad = (s: string, n: number) => s.padEnd(n);
process.stdout.write(`runs per case: ${runs} (medians)\n`);
process.stdout.write(`${pad("case", 40)} ${pad("wall ms", 10)} peak RSS MB\n`);
for (const r of rows) {
  process.stdout.write(`${pad(r.name, 40)} ${pad(r.ms.toFixed(0), 10)} ${r.rssMb === undefined ? "-" : r.rssMb.toFixed(0)}\n`);
}
const [floor, full, app] = rows;
const ratio = full.ms / floor.ms;
const over: string[] = [];
if (ratio > 1.3) over.push(`full/floor ${ratio.toFixed(2)} > 1.3`);
if (app.ms > 1000) over.push(`app ${app.ms.toFixed(0)} ms > 1000 ms`);
if ((app.rssMb ?? 0) > 300) over.push(`app ${app.rssMb?.toFixed(0)} MB > 300 MB`);
process.stdout.write(over.length ? `over budget: ${over.join("; ")}\n` : "within budget (ratio ≤ 1.3, app ≤ 1 s and ≤ 300 MB)\n");
process.stdout.write(`ratio full/floor = ${ratio.toFixed(2)}\n`);

if (process.env.BENCH_TESTS === "1") {
  const t = measureTests();
  process.stdout.write(`\n${pad("tests: npm test, 1 run", 40)} ${pad("wall s", 10)} CPU s (user+sys)\n`);
  process.stdout.write(`${pad(`  ${t.summary}`, 40)} ${pad((t.ms / 1000).toFixed(1), 10)} ${t.cpuS === undefined ? "-" : t.cpuS.toFixed(1)}\n`);
  const testsOver: string[] = [];
  if (!t.ok) testsOver.push("npm test failed");
  if (t.ms > 60000) testsOver.push(`tests wall ${(t.ms / 1000).toFixed(0)} s > 60 s`);
  if ((t.cpuS ?? 0) > 60) testsOver.push(`tests CPU ${t.cpuS?.toFixed(0)} s > 60 s`);
  process.stdout.write(testsOver.length ? `tests over budget: ${testsOver.join("; ")}\n` : "tests within budget (≤ 60 s wall, ≤ 60 CPU s)\n");
} else {
  process.stdout.write("tests: not measured (BENCH_TESTS=1 runs npm test once and adds wall and CPU seconds)\n");
}

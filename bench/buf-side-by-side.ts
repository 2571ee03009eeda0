/**
 * Side by side: `buf breaking <current> --against <previous>` (one category per run, from a temporary v2 buf.yaml)
 * and Charter's `checkBufBreaking` over the same directory pairs: buf's own breaking testdata
 * (`../shared/vectors/buf/cases/<dir>/{previous,current}`), consecutive "versions" of the OpenTelemetry protos
 * from `../shared/corpus/protobuf`, made by editing copies in a temp dir, and the BUF policy's hand-written pairs
 * (`contracts/conformance/buf-policy-hand-pairs.ts`) in both directions. Prints, per category and pair, whether
 * the sets of (rule, file, line) agree, then per category the agreement % and the time ratio (ours / buf)
 * measured in this run, and a one-line summary per category at the end.
 * Run: `node --import tsx bench/buf-side-by-side.ts [--category FILE|PACKAGE|WIRE|WIRE_JSON|CSR]...` (default:
 * WIRE_JSON and FILE; buf binary from the @bufbuild/buf devDependency).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { caseModule, protoFiles } from "../contracts/conformance/buf-judge.js";
import { HAND_PAIRS } from "../contracts/conformance/buf-policy-hand-pairs.js";
import { otelFilePairs, type BufFilePair } from "../contracts/conformance/buf-policy-pairs.js";
import { checkBufBreaking, isBufCategory, type BufCategory, type BufFile } from "../contracts/src/protobuf/index.js";

const SHARED = fileURLToPath(new URL("../../shared/", import.meta.url));
const BUF = fileURLToPath(new URL("../node_modules/.bin/buf", import.meta.url));

/** The v2 buf.yaml that selects one breaking category. */
function bufYaml(category: BufCategory): string {
  return `version: v2\nbreaking:\n  use:\n    - ${category}\n`;
}

/** Writes files + a buf.yaml for `category` into a fresh directory. */
function materialize(dir: string, files: readonly BufFile[], category: BufCategory): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    mkdirSync(join(dir, f.path, ".."), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  writeFileSync(join(dir, "buf.yaml"), bufYaml(category));
}

/** `--category X` flags (repeatable); WIRE_JSON and FILE when none is given. */
function parseCategories(argv: readonly string[]): BufCategory[] {
  const out: BufCategory[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === "--category" ? argv[++i] : arg.startsWith("--category=") ? arg.slice("--category=".length) : undefined;
    if (value === undefined) throw new Error(`unknown argument ${arg} (usage: --category FILE|PACKAGE|WIRE|WIRE_JSON|CSR)`);
    if (!isBufCategory(value)) throw new Error(`unknown category ${value}`);
    if (!out.includes(value)) out.push(value);
  }
  return out.length > 0 ? out : ["WIRE_JSON", "FILE"];
}

type Pair = BufFilePair;

function bufCasePairs(): Pair[] {
  const base = join(SHARED, "vectors/buf/cases");
  const pairs: Pair[] = [];
  for (const dir of readdirSync(base).sort()) {
    // Roots named in a case's own buf.yaml (`build.roots`) are where the import paths start.
    const rootOf = (side: string): string => {
      const d = join(base, dir, side);
      return join(d, caseModule(d).module.roots[0] ?? ".");
    };
    const previous = protoFiles(rootOf("previous"));
    const current = protoFiles(rootOf("current"));
    if (previous.length > 0 && current.length > 0) pairs.push({ name: `buf/${dir}`, previous, current });
  }
  return pairs;
}

/**
 * `RULE file:line`. A finding without a current location is `RULE ` with an empty path, as buf prints it (its
 * JSON annotation has `"path": ""`); ours carry `file: ""` (and `againstFile`) then.
 */
function keyOf(rule: string, file: string, line?: number): string {
  return `${rule} ${file}${line !== undefined ? `:${line}` : ""}`;
}

/** One line of `buf breaking --error-format json`. */
interface BufJsonAnnotation {
  readonly path?: string;
  readonly start_line?: number;
  readonly start_column?: number;
  readonly end_line?: number;
  readonly end_column?: number;
  readonly type: string;
}

/**
 * Whether buf reported the annotation on a file without a source location: buf ≥ 1.5x prints those as the empty
 * range 1:1–1:1 (older versions as line 0), where ours leave `line` unset. Real locations are never empty ranges.
 */
function fileLevel(a: BufJsonAnnotation): boolean {
  if (!a.start_line || a.start_line <= 0) return true;
  return a.start_line === 1 && a.start_column === 1 && a.end_line === 1 && a.end_column === 1;
}

function runBuf(currentDir: string, previousDir: string): { keys: Set<string>; ms: number; error?: string } {
  const started = performance.now();
  const r = spawnSync(BUF, ["breaking", currentDir, "--against", previousDir, "--error-format", "json"], { encoding: "utf8" });
  const ms = performance.now() - started;
  const keys = new Set<string>();
  // buf exits 0 (no breaking change) or 100 (breaking changes found); anything else is a failure.
  if (r.status !== 0 && r.status !== 100) return { keys, ms, error: (r.stderr || r.stdout).trim().split("\n")[0] ?? `exit ${r.status}` };
  for (const line of r.stdout.split("\n")) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as BufJsonAnnotation;
    // buf prints paths as given on the command line; make them relative to the module directory. A path-less
    // annotation (deleted file or package) has no "path" at all.
    const raw = a.path ?? "";
    const path = raw.startsWith(currentDir + "/") ? raw.slice(currentDir.length + 1) : raw;
    keys.add(keyOf(a.type, path, fileLevel(a) ? undefined : a.start_line));
  }
  return { keys, ms };
}

interface CategoryTotals {
  compared: number;
  agree: number;
  bufMs: number;
  oursMs: number;
}

/** Runs buf and ours on every pair under one category; prints agree/DIFF per pair and the category's totals. */
function runCategory(category: BufCategory, pairs: readonly Pair[], tmp: string): CategoryTotals {
  const totals: CategoryTotals = { compared: 0, agree: 0, bufMs: 0, oursMs: 0 };
  console.log(`== ${category}`);
  for (const pair of pairs) {
    const dir = join(tmp, category, pair.name.replace(/[^A-Za-z0-9_-]/g, "_"));
    materialize(join(dir, "previous"), pair.previous, category);
    materialize(join(dir, "current"), pair.current, category);
    const buf = runBuf(join(dir, "current"), join(dir, "previous"));
    if (buf.error) {
      console.log(`skip  ${pair.name}: buf failed: ${buf.error}`);
      continue;
    }
    const started = performance.now();
    const result = checkBufBreaking(pair.previous, pair.current, { categories: [category], version: "v2" });
    const ms = performance.now() - started;
    if (!result.ok) {
      console.log(`skip  ${pair.name}: ours refused ${result.error.file}: ${result.error.message}`);
      continue;
    }
    totals.compared++;
    totals.bufMs += buf.ms;
    totals.oursMs += ms;
    const ours = new Set(result.value.map((a) => keyOf(a.rule, a.file, a.line)));
    const missing = [...buf.keys].filter((k) => !ours.has(k));
    const extra = [...ours].filter((k) => !buf.keys.has(k));
    const same = missing.length === 0 && extra.length === 0;
    if (same) totals.agree++;
    console.log(
      `${same ? "agree" : "DIFF "} ${pair.name} (${buf.keys.size} findings)${same ? "" : ` missing [${missing.slice(0, 4).join(", ")}] extra [${extra.slice(0, 4).join(", ")}]`}`,
    );
  }
  console.log("");
  console.log(`pairs compared: ${totals.compared}, agree: ${totals.agree} (${percent(totals)}%)`);
  console.log(`time: buf ${totals.bufMs.toFixed(0)} ms (process per pair), ours ${totals.oursMs.toFixed(1)} ms (in-process); ratio ours/buf = ${(totals.oursMs / Math.max(totals.bufMs, 1e-9)).toFixed(4)}`);
  console.log("");
  return totals;
}

function percent(t: CategoryTotals): string {
  return t.compared ? ((100 * t.agree) / t.compared).toFixed(1) : "0";
}

function main(): void {
  const categories = parseCategories(process.argv.slice(2));
  execFileSync(BUF, ["--version"]);
  const tmp = mkdtempSync(join(tmpdir(), "charter-buf-"));
  const summary: Array<[BufCategory, CategoryTotals]> = [];
  try {
    // The hand-written pairs of the BUF policy's parity test, both directions: the binary is their oracle.
    const hand = HAND_PAIRS.flatMap((p) => [p, { name: `${p.name} (swapped)`, previous: p.current, current: p.previous }]);
    const pairs = [...bufCasePairs(), ...otelFilePairs(join(SHARED, "corpus")), ...hand];
    for (const category of categories) summary.push([category, runCategory(category, pairs, tmp)]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const [category, t] of summary) console.log(`${category.padEnd(9)} pairs compared: ${t.compared}, agree: ${t.agree} (${percent(t)}%)`);
}

main();

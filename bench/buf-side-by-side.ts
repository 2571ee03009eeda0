/**
 * Side by side: `buf breaking <current> --against <previous>` (WIRE_JSON category, from a temporary buf.yaml)
 * and Charter's `checkBufBreaking` over the same directory pairs: buf's own breaking testdata
 * (`../shared/vectors/buf/cases/<dir>/{previous,current}`) and consecutive "versions" of the OpenTelemetry protos
 * from `../shared/corpus/protobuf`, made by editing copies in a temp dir. Prints, per pair, whether the sets of
 * (rule, file, line) agree, then the agreement % and the time ratio (ours / buf) measured in this run.
 * Run: `node --import tsx bench/buf-side-by-side.ts` (buf binary from the @bufbuild/buf devDependency).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { caseModule, protoFiles } from "../contracts/conformance/buf-judge.js";
import { checkBufBreaking, type BufFile } from "../contracts/src/protobuf/index.js";

const SHARED = fileURLToPath(new URL("../../shared/", import.meta.url));
const BUF = fileURLToPath(new URL("../node_modules/.bin/buf", import.meta.url));
const BUF_YAML = "version: v2\nbreaking:\n  use:\n    - WIRE_JSON\n";

/** Writes files + buf.yaml into a fresh directory. */
function materialize(dir: string, files: readonly BufFile[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    mkdirSync(join(dir, f.path, ".."), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  writeFileSync(join(dir, "buf.yaml"), BUF_YAML);
}

interface Pair {
  readonly name: string;
  readonly previous: BufFile[];
  readonly current: BufFile[];
}

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

/** OpenTelemetry "v1 → v2" pairs: the corpus, then copies with one realistic edit each. */
function otelPairs(): Pair[] {
  const files = protoFiles(join(SHARED, "corpus/protobuf/opentelemetry-proto"));
  const edit = (path: string, from: RegExp, to: string): BufFile[] =>
    files.map((f) => (f.path.endsWith(path) ? { path: f.path, text: f.text.replace(from, to) } : f));
  const edits: Array<[string, BufFile[]]> = [
    ["otel/unchanged", files],
    ["otel/delete-field", edit("trace/v1/trace.proto", /^\s*string trace_state = 3;\s*$/m, "")],
    ["otel/change-type", edit("common/v1/common.proto", /int64 int_value = 3;/, "sint64 int_value = 3;")],
    ["otel/rename-field", edit("logs/v1/logs.proto", /string severity_text = 3;/, "string severity_label = 3;")],
    ["otel/json-name", edit("resource/v1/resource.proto", /uint32 dropped_attributes_count = 2;/, 'uint32 dropped_attributes_count = 2 [json_name = "dropped"];')],
    ["otel/repeated", edit("metrics/v1/metrics.proto", /fixed64 start_time_unix_nano = 2;/, "repeated fixed64 start_time_unix_nano = 2;")],
    ["otel/package", edit("collector/trace/v1/trace_service.proto", /package opentelemetry\.proto\.collector\.trace\.v1;/, "package opentelemetry.proto.collector.trace.v2;")],
  ];
  return edits.map(([name, current]) => ({ name, previous: files, current }));
}

function keyOf(rule: string, file: string, line?: number): string {
  return `${rule} ${file}${line !== undefined ? `:${line}` : ""}`;
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
    const a = JSON.parse(line) as { path: string; start_line?: number; type: string };
    // buf prints paths as given on the command line; make them relative to the module directory.
    const path = a.path.startsWith(currentDir + "/") ? a.path.slice(currentDir.length + 1) : a.path;
    keys.add(keyOf(a.type, path, a.start_line && a.start_line > 0 ? a.start_line : undefined));
  }
  return { keys, ms };
}

function main(): void {
  execFileSync(BUF, ["--version"]);
  const tmp = mkdtempSync(join(tmpdir(), "charter-buf-"));
  let agree = 0;
  let compared = 0;
  let bufMs = 0;
  let oursMs = 0;
  try {
    for (const pair of [...bufCasePairs(), ...otelPairs()]) {
      const dir = join(tmp, pair.name.replace(/[^A-Za-z0-9_-]/g, "_"));
      materialize(join(dir, "previous"), pair.previous);
      materialize(join(dir, "current"), pair.current);
      const buf = runBuf(join(dir, "current"), join(dir, "previous"));
      if (buf.error) {
        console.log(`skip  ${pair.name}: buf failed: ${buf.error}`);
        continue;
      }
      const started = performance.now();
      const result = checkBufBreaking(pair.previous, pair.current, { categories: ["WIRE_JSON"] });
      const ms = performance.now() - started;
      if (!result.ok) {
        console.log(`skip  ${pair.name}: ours refused ${result.error.file}: ${result.error.message}`);
        continue;
      }
      compared++;
      bufMs += buf.ms;
      oursMs += ms;
      const ours = new Set(result.value.map((a) => keyOf(a.rule, a.file, a.line)));
      const missing = [...buf.keys].filter((k) => !ours.has(k));
      const extra = [...ours].filter((k) => !buf.keys.has(k));
      const same = missing.length === 0 && extra.length === 0;
      if (same) agree++;
      console.log(
        `${same ? "agree" : "DIFF "} ${pair.name} (${buf.keys.size} findings)${same ? "" : ` missing [${missing.slice(0, 4).join(", ")}] extra [${extra.slice(0, 4).join(", ")}]`}`,
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log("");
  console.log(`pairs compared: ${compared}, agree: ${agree} (${compared ? ((100 * agree) / compared).toFixed(1) : "0"}%)`);
  console.log(`time: buf ${bufMs.toFixed(0)} ms (process per pair), ours ${oursMs.toFixed(1)} ms (in-process); ratio ours/buf = ${(oursMs / Math.max(bufMs, 1e-9)).toFixed(4)}`);
}

main();

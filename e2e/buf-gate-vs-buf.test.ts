/**
 * `charter gate` with `buf: true` against the real `buf breaking` (the @bufbuild/buf binary) on a real-world
 * module: the OpenTelemetry protos of the shared corpus, at base and after a pull request that makes the
 * changes teams make (a field deleted, a file option changed, a field renamed, a JSON name set, an RPC's
 * response type changed, a file deleted, a message moved to another file of its package). Each buf.yaml below
 * (one module, or a v2 workspace of two modules importing each other's files) is judged by both; the findings — rule, file, line — must be the same.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, removeDir, tempDir } from "../cli/test/gate-fixture.js";
import { runGate } from "../cli/src/gate/run-gate.js";

const OTEL = fileURLToPath(new URL("../../shared/corpus/protobuf/opentelemetry-proto/", import.meta.url));
const BUF = fileURLToPath(new URL("../node_modules/.bin/buf", import.meta.url));
const P = "opentelemetry/proto";

/** Where an OpenTelemetry file (its import path) lives in the test repository. */
type Layout = (importPath: string) => string;
/** One module at `proto/`. */
const SINGLE: Layout = (p) => `proto/${p}`;
/** A v2 workspace of two modules: `core` (common, resource) and `signals` (the rest, importing core's files). */
const WORKSPACE: Layout = (p) => (/^opentelemetry\/proto\/(common|resource)\//.test(p) ? `proto/core/${p}` : `proto/signals/${p}`);

/** Every file under `root`, as paths relative to it. */
function filesUnder(root: string, dir = ""): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(root, join(dir, e.name)) : [join(dir, e.name)]));
}

/** Replaces `from` by `to` in a repository file, failing when `from` is not there. */
function editFile(dir: string, path: string, from: string | RegExp, to: string): void {
  const file = join(dir, path);
  const text = readFileSync(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit of ${path}: ${String(from)} not found`);
  writeFileSync(file, next);
}

/** The pull request: realistic breaking changes across the module (and one that only PACKAGE allows). */
function makeChanges(dir: string, place: Layout): void {
  const edit = (path: string, from: string | RegExp, to: string): void => editFile(dir, place(path), from, to);
  edit(`${P}/trace/v1/trace.proto`, /^\s*string trace_state = 3;\s*$/m, "");
  edit(`${P}/common/v1/common.proto`, 'option go_package = "go.opentelemetry.io/proto/otlp/common/v1";', 'option go_package = "go.opentelemetry.io/otlp/common/v1";');
  edit(`${P}/logs/v1/logs.proto`, "string severity_text = 3;", "string severity_label = 3;");
  edit(`${P}/resource/v1/resource.proto`, "uint32 dropped_attributes_count = 2;", 'uint32 dropped_attributes_count = 2 [json_name = "dropped"];');
  edit(`${P}/collector/metrics/v1/metrics_service.proto`, "returns (ExportMetricsServiceResponse)", "returns (ExportMetricsPartialSuccess)");
  rmSync(join(dir, place(`${P}/processcontext/v1development/process_context.proto`)));
  // EntityRef moves out of common.proto into a new file of the same package: breaking under FILE, not PACKAGE.
  const common = readFileSync(join(dir, place(`${P}/common/v1/common.proto`)), "utf8");
  const at = common.indexOf("message EntityRef");
  if (at < 0) throw new Error("EntityRef not found in common.proto");
  const close = common.indexOf("\n}", at);
  if (close < 0) throw new Error("EntityRef has no closing brace");
  const entityRef = `${common.slice(at, close + 2)}\n`;
  writeFileSync(join(dir, place(`${P}/common/v1/common.proto`)), common.slice(0, at) + common.slice(close + 2));
  // resource.proto uses EntityRef: it now imports the new file too (buf refuses unresolved types).
  edit(`${P}/resource/v1/resource.proto`, 'import "opentelemetry/proto/common/v1/common.proto";', 'import "opentelemetry/proto/common/v1/common.proto";\nimport "opentelemetry/proto/common/v1/entity.proto";');
  writeFileSync(
    join(dir, place(`${P}/common/v1/entity.proto`)),
    `syntax = "proto3";\n\npackage opentelemetry.proto.common.v1;\n\nimport "opentelemetry/proto/common/v1/common.proto";\n\noption go_package = "go.opentelemetry.io/proto/otlp/common/v1";\n\n${entityRef}`,
  );
}

/** `buf breaking proto --against <base>/proto` run in `dir`: keys `RULE path:line` (path "" when buf gives none). */
function bufBreaking(dir: string, baseDir: string): string[] {
  const r = spawnSync(BUF, ["breaking", "proto", "--against", join(baseDir, "proto"), "--error-format", "json"], { cwd: dir, encoding: "utf8" });
  // buf exits 100 when it found breaking changes; anything else but 0 is a failure of the run.
  if (r.status !== 0 && r.status !== 100) throw new Error(`buf breaking failed (${r.status}): ${r.stderr}`);
  return r.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as { path?: string; start_line?: number; end_line?: number; start_column?: number; end_column?: number; type: string })
    // buf prints a finding without a position as the empty range 1:1–1:1.
    .map((a) => ({ ...a, start_line: a.start_line === 1 && a.end_line === 1 && a.start_column === 1 && a.end_column === 1 ? undefined : a.start_line }))
    .map((a) => `${a.type} ${a.path ?? ""}${a.start_line ? `:${a.start_line}` : ""}`)
    .sort();
}

/** The gate's findings as the same keys: a finding on a base file (no current place) has buf's empty path. */
async function gateFindings(dir: string): Promise<string[]> {
  const result = await runGate({ cwd: dir, env: {}, base: "main" });
  expect(result.problems).toEqual([]);
  return result.contracts
    .flatMap((c) => c.violations)
    .map((v) => `${v.rule} ${v.location.version === "old" ? "" : v.location.file}${v.location.version === "new" && v.location.line !== undefined ? `:${v.location.line}` : ""}`)
    .sort();
}

describe("charter gate (buf: true) says what buf breaking says", () => {
  let root: string;
  beforeAll(() => {
    execFileSync(BUF, ["--version"]);
    root = tempDir("buf-vs-buf");
  });
  afterAll(() => removeDir(root));

  const configs: Array<[string, string, Layout]> = [
    ["v1 buf.yaml, no breaking section (FILE)", "version: v1\n", SINGLE],
    ["v2, PACKAGE", "version: v2\nbreaking:\n  use: [PACKAGE]\n", SINGLE],
    ["v2, WIRE_JSON", "version: v2\nbreaking:\n  use: [WIRE_JSON]\n", SINGLE],
    ["v2, FILE with except and ignore", "version: v2\nbreaking:\n  use: [FILE]\n  except: [FILE_SAME_GO_PACKAGE]\n  ignore: [opentelemetry/proto/logs]\n  ignore_unstable_packages: true\n", SINGLE],
    ["v2 workspace of two modules, one importing the other (FILE)", "version: v2\nmodules:\n  - path: core\n  - path: signals\n", WORKSPACE],
  ];
  it.each(configs)("%s", async (name, bufYaml, at) => {
    const dir = join(root, name.replace(/[^a-z0-9]+/gi, "-"));
    for (const file of filesUnder(OTEL)) {
      mkdirSync(dirname(join(dir, at(file))), { recursive: true });
      cpSync(join(OTEL, file), join(dir, at(file)));
    }
    writeFileSync(join(dir, "proto/buf.yaml"), bufYaml);
    writeFileSync(join(dir, "charter.config.yaml"), "buf: true\n");
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");
    const baseDir = join(root, `${name.replace(/[^a-z0-9]+/gi, "-")}-base`);
    cpSync(dir, baseDir, { recursive: true });
    git(dir, "checkout", "-q", "-b", "feature");
    makeChanges(dir, at);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "changes");

    const expected = bufBreaking(dir, baseDir);
    expect(expected.length).toBeGreaterThan(0);
    expect(await gateFindings(dir)).toEqual(expected);
  });
});

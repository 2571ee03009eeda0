/**
 * Schema pairs for comparing the registry's `BUF` compatibility policy with `buf breaking` (WIRE_JSON): buf's own
 * breaking testdata (`../shared/vectors/buf/cases/<dir>/{previous,current}`, cases needing buf plugins or policies
 * left out) and the OpenTelemetry edits `bench/buf-side-by-side.ts` runs, and the way a set of files becomes one
 * registry schema with references (see {@link asRegistrySchema}).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedReference } from "../src/format.js";
import type { BufFile } from "../src/protobuf/index.js";
import { caseModule, protoFiles, type BufCase } from "./buf-judge.js";

/** One (previous, current) pair of file sets: `buf breaking current --against previous`. */
export interface BufFilePair {
  readonly name: string;
  readonly previous: readonly BufFile[];
  readonly current: readonly BufFile[];
}

/**
 * buf's breaking testdata as pairs, every case without buf plugins or policies (`requires_buf_plugins_or_policies`);
 * paths are relative to the module root a case's own buf.yaml names, as `buf breaking` resolves imports.
 */
export function bufCaseFilePairs(vectors: string): BufFilePair[] {
  const base = join(vectors, "buf");
  const cases = JSON.parse(readFileSync(join(base, "cases.json"), "utf8")) as BufCase[];
  const files = (dir: string): BufFile[] => caseModule(dir).module.roots.flatMap((root) => protoFiles(join(dir, root)));
  return cases
    .filter((c) => !c.requires_buf_plugins_or_policies)
    .map((c) => ({ name: c.id, previous: files(join(base, c.old_dir)), current: files(join(base, c.new_dir)) }))
    .filter((p) => p.previous.length > 0 && p.current.length > 0);
}

/** The OpenTelemetry protos of the corpus, then copies with one realistic edit each (as `bench/buf-side-by-side.ts`). */
export function otelFilePairs(corpus: string): BufFilePair[] {
  const files = protoFiles(join(corpus, "protobuf/opentelemetry-proto"));
  const edit = (path: string, from: RegExp, to: string): BufFile[] => files.map((f) => (f.path.endsWith(path) ? { path: f.path, text: f.text.replace(from, to) } : f));
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

/** A registry schema: its own text (`mainPath` names it among the files, `undefined` for a synthetic one) and its references. */
export interface RegistrySchema {
  readonly text: string;
  readonly references: readonly ResolvedReference[];
  readonly mainPath?: string;
}

/** The import paths a file names (`import "x";`, `import public "x";`, `import weak "x";`). */
function importsOf(text: string): string[] {
  return [...text.matchAll(/^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm)].map((m) => m[1]!);
}

/**
 * How a set of files reaches the registry: one file is the schema itself and the others are its references (named
 * by their import paths) when it imports all of them, directly or not; otherwise every file is a reference of a
 * synthetic schema that imports each of them and declares nothing, so that the registry sees every file, as buf's
 * module does.
 */
export function asRegistrySchema(files: readonly BufFile[]): RegistrySchema {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const reach = (start: BufFile): Set<string> => {
    const seen = new Set<string>();
    const stack = [start];
    for (let f = stack.pop(); f; f = stack.pop()) {
      for (const imp of importsOf(f.text)) {
        const dep = byPath.get(imp);
        if (dep && !seen.has(imp)) {
          seen.add(imp);
          stack.push(dep);
        }
      }
    }
    return seen;
  };
  const main = files.find((f) => {
    const r = reach(f);
    return files.every((g) => g === f || r.has(g.path));
  });
  if (main) return { text: main.text, references: files.filter((f) => f !== main).map((f) => ({ name: f.path, schema: f.text })), mainPath: main.path };
  const imports = files.map((f) => `import "${f.path}";`).join("\n");
  return { text: `syntax = "proto3";\n${imports}\n`, references: files.map((f) => ({ name: f.path, schema: f.text })) };
}

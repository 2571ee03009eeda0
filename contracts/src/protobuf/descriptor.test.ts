/**
 * FileDescriptorProto both ways, checked against an independent producer: `buf build` (the buf CLI compiles the
 * same .proto files into a FileDescriptorSet). Our descriptor must equal buf's on every meaningful field
 * (SourceCodeInfo dropped; custom options, extension fields on both sides, byte for byte on the fixtures and in
 * `option-encode.test.ts`), and text → descriptor → printed text must keep the canonical form.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBinary, toBinary, toJson, type JsonValue } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedReference } from "../format.js";
import { parseProtobuf, printFileDescriptor, protobufModel, protobufSerialized, toFileDescriptorProto } from "./index.js";
import { optionDefinitions } from "./option-decode.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/protobuf/", import.meta.url));
const REPO = fileURLToPath(new URL("../../../", import.meta.url));

interface SourceFile {
  readonly root: string;
  readonly path: string;
  readonly text: string;
}

function protoFilesUnder(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".proto")) out.push({ root, path: relative(root, p), text: readFileSync(p, "utf8") });
    }
  };
  walk(root);
  return out;
}

/** The file's imports (transitively, dependencies first) from the same set of files, as references. */
function referencesFor(file: SourceFile, all: readonly SourceFile[]): ResolvedReference[] {
  const refs: ResolvedReference[] = [];
  const seen = new Set<string>();
  const visit = (text: string): void => {
    for (const m of text.matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)";/gm)) {
      const dep = all.find((f) => f.root === file.root && f.path === m[1]);
      if (!dep || seen.has(dep.path)) continue;
      seen.add(dep.path);
      visit(dep.text);
      refs.push({ name: dep.path, schema: dep.text });
    }
  };
  visit(file.text);
  return refs;
}

/** `buf build` over a directory of .proto files → its FileDescriptorProtos by file name. */
function bufBuild(root: string, out: string): Map<string, FileDescriptorProto> {
  execFileSync("npx", ["buf", "build", root, "-o", out], { cwd: REPO, stdio: "pipe" });
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(out));
  return new Map(set.file.map((f) => [f.name, f]));
}

/** Descriptor JSON without what only one side has: source info, uninterpreted options, then empty options. */
function comparable(fd: FileDescriptorProto): JsonValue {
  const json = toJson(FileDescriptorProtoSchema, { ...fd, sourceCodeInfo: undefined });
  const strip = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== "object") return v;
    const o: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "uninterpretedOption") continue;
      const s = strip(x);
      if (k === "options" && s !== null && typeof s === "object" && !Array.isArray(s) && Object.keys(s).length === 0) continue;
      o[k] = s;
    }
    return o;
  };
  return strip(json);
}

function parseOrThrow(text: string, references: ResolvedReference[] = []) {
  const r = parseProtobuf(text, { references });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} (line ${r.error.line ?? "?"}:${r.error.column ?? "?"})`);
  return r.value;
}

// Fixtures for what the corpus (plain proto3) does not have: proto2 groups, defaults, extensions, custom
// options, required, services with streaming and options; editions 2023 features; proto3 optional and maps.
const FIXTURES: Record<string, string> = {
  "fx/p2.proto": `syntax = "proto2";
package fx.p2;
import "google/protobuf/descriptor.proto";
extend google.protobuf.FieldOptions { optional string tag = 50001; }
extend google.protobuf.MessageOptions { optional int32 level = 50002; }
message Outer {
  option (fx.p2.level) = -3;
  optional int32 a = 1 [default = -5];
  optional string s = 2 [default = "hi \\"there\\"\\n"];
  optional bytes b = 3 [default = "\\001\\xffab"];
  optional Kind k = 4 [default = TWO];
  optional double d = 5 [default = inf];
  required int64 r = 6 [(fx.p2.tag) = "x"];
  repeated group Item = 7 { optional int32 id = 1; }
  extensions 100 to 199, 500 to max;
  enum Kind { ONE = 1; TWO = 2; reserved 5 to 7; reserved "OLD"; }
  oneof choice { string c1 = 8; int32 c2 = 9; }
  optional float f = 10 [deprecated = true, json_name = "eff"];
  reserved 20, 30 to 40;
  reserved "gone";
}
extend Outer { optional int32 ext_a = 100; repeated string ext_b = 101; }
service Svc {
  rpc Get(Outer) returns (stream Outer) { option deprecated = true; }
  rpc Put(stream Outer) returns (Outer);
}
`,
  "fx/p3.proto": `syntax = "proto3";
package fx.p3;
import public "fx/p2.proto";
import "google/protobuf/timestamp.proto";
option java_package = "com.fx";
option java_multiple_files = true;
option optimize_for = SPEED;
message First { string id = 1; }
message Second {
  optional int32 x = 1;
  map<string, Inner> by_name = 2;
  oneof o { string s = 3; int64 n = 4; }
  google.protobuf.Timestamp ts = 5;
  repeated int32 p = 6 [packed = false, json_name = "pp"];
  fx.p2.Outer outer = 7;
  message Inner { Color c = 1; map<int32, string> labels = 2; }
  enum Color { option allow_alias = true; RED = 0; CRIMSON = 0; BLUE = 1 [deprecated = true]; }
  optional string snake_case_name = 8;
}
`,
  "fx/ed.proto": `edition = "2023";
package fx.ed;
option features.field_presence = IMPLICIT;
message M {
  string a = 1;
  int32 b = 2 [features.field_presence = EXPLICIT];
  repeated int32 c = 3 [features.repeated_field_encoding = EXPANDED];
  E e = 4 [features.field_presence = EXPLICIT];
}
enum E { option features.enum_type = CLOSED; E_ONE = 1; E_TWO = 2; }
`,
};

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "charter-descriptor-"));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe("FileDescriptorProto against buf build", () => {
  const fixtureFiles: SourceFile[] = Object.entries(FIXTURES).map(([path, text]) => ({ root: "fixtures", path, text }));

  it("matches buf on the fixtures (proto2, proto3, editions 2023) and prints back to the same canonical form", () => {
    const root = join(tmp, "fixtures");
    for (const f of fixtureFiles) {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.text);
    }
    const buf = bufBuild(root, join(tmp, "fixtures.binpb"));
    for (const f of fixtureFiles) {
      const refs = referencesFor(f, fixtureFiles);
      const parsed = parseOrThrow(f.text, refs);
      const linked = protobufModel(parsed)!.linked;
      const ours = toFileDescriptorProto(linked.file, { name: f.path });
      expect(comparable(ours), f.path).toEqual(comparable(buf.get(f.path)!));
      // Custom options are extension fields on both sides, byte for byte.
      expect(toBinary(FileDescriptorProtoSchema, ours)).toEqual(toBinary(FileDescriptorProtoSchema, { ...buf.get(f.path)!, sourceCodeInfo: undefined, $unknown: [] }));
      const definitions = optionDefinitions(linked.files.values(), (n) => linked.types.get(n)?.node);
      const printed = printFileDescriptor(ours, { definitions });
      expect(parseOrThrow(printed, refs).canonical, `${f.path} printed:\n${printed}`).toBe(parsed.canonical);
    }
  });

  it("writes custom options as extension fields of the option messages (as buf build)", () => {
    const f = fixtureFiles[0]!;
    const fd = toFileDescriptorProto(protobufModel(parseOrThrow(f.text))!.linked.file);
    const outer = fd.messageType[0]!;
    expect(outer.options?.uninterpretedOption).toEqual([]);
    // int32 -3 is a ten-byte varint.
    expect(outer.options?.$unknown?.map((u) => [u.no, Buffer.from(u.data).toString("hex")])).toEqual([[50002, "fdffffffffffffffff01"]]);
    const r = outer.field.find((x) => x.name === "r")!;
    expect(r.options?.$unknown?.map((u) => [u.no, new TextDecoder().decode(u.data.subarray(1))])).toEqual([[50001, "x"]]);
    expect(outer.field.find((x) => x.name === "b")!.defaultValue).toBe("\\001\\377ab");
  });

  const corpusRoots = readdirSync(CORPUS).sort();
  for (const rootName of corpusRoots) {
    it(`matches buf on every corpus file of ${rootName}, and text → descriptor → text keeps the canonical form`, () => {
      const root = join(CORPUS, rootName);
      const files = protoFilesUnder(root);
      expect(files.length).toBeGreaterThan(0);
      const buf = bufBuild(root, join(tmp, `${rootName}.binpb`));
      for (const f of files) {
        const refs = referencesFor(f, files);
        const parsed = parseOrThrow(f.text, refs);
        const ours = toFileDescriptorProto(protobufModel(parsed)!.linked.file, { name: f.path });
        const theirs = buf.get(f.path);
        expect(theirs, f.path).toBeDefined();
        expect(comparable(ours), f.path).toEqual(comparable(theirs!));
        const printed = printFileDescriptor(ours);
        expect(parseOrThrow(printed, refs).canonical, f.path).toBe(parsed.canonical);
        // buf's own descriptor, printed by us, is the same schema too.
        expect(parseOrThrow(printFileDescriptor(theirs!), refs).canonical, `${f.path} (from buf)`).toBe(parsed.canonical);
      }
    });
  }
});

describe("schemas given as base64 FileDescriptorProto", () => {
  const text = FIXTURES["fx/p3.proto"]!.replace('import public "fx/p2.proto";\n', "").replace("  fx.p2.Outer outer = 7;\n", "");

  it("parses a base64 descriptor into the printed .proto text with the same canonical form", () => {
    const fromText = parseOrThrow(text);
    const b64 = Buffer.from(toBinary(FileDescriptorProtoSchema, toFileDescriptorProto(protobufModel(fromText)!.linked.file))).toString("base64");
    const fromDescriptor = parseOrThrow(b64);
    expect(protobufModel(fromDescriptor)!.fromDescriptor).toBe(true);
    expect(fromDescriptor.text).toContain("message Second {");
    expect(fromDescriptor.canonical).toBe(fromText.canonical);
    expect(fromDescriptor.fingerprint).toBe(fromText.fingerprint);
  });

  it("answers format=serialized with a descriptor that decodes to the same schema", () => {
    const parsed = parseOrThrow(text);
    const serialized = protobufSerialized(parsed);
    expect(serialized.ok).toBe(true);
    if (!serialized.ok) return;
    const fd = fromBinary(FileDescriptorProtoSchema, Buffer.from(serialized.value, "base64"));
    expect(fd.name).toBe("default");
    expect(fd.messageType.map((m) => m.name)).toEqual(["First", "Second"]);
    expect(parseOrThrow(serialized.value).canonical).toBe(parsed.canonical);
  });

  it("keeps the .proto parse error (with its line) for text that is not a descriptor", () => {
    for (const bad of ["message {", "abcd", "AAAA", "SGVsbG8gd29ybGQ="]) {
      const r = parseProtobuf(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) {
        expect(r.error.code, bad).toBe("SCHEMA_SYNTAX");
        expect(r.error.line, bad).toBe(1);
      }
    }
  });

  it("reports errors of a descriptor whose printed text is invalid against the printed text", () => {
    // A descriptor importing a file nobody provides: the import error names the printed text's line.
    const fd = toFileDescriptorProto(protobufModel(parseOrThrow('syntax = "proto3";\nmessage A { int32 x = 1; }\n'))!.linked.file);
    fd.dependency.push("missing/dep.proto");
    const r = parseProtobuf(Buffer.from(toBinary(FileDescriptorProtoSchema, fd)).toString("base64"));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("REFERENCE_UNRESOLVED");
      expect(r.error.message).toMatch(/serialized FileDescriptorProto.*missing\/dep\.proto/);
      expect(r.error.line).toBe(3);
    }
  });
});

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBinary, toJson, type JsonValue } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { afterAll, describe, expect, it } from "vitest";
import type { ResolvedReference } from "../format.js";
import { parseProtobuf, protobufModel, protobufSerialized, toFileDescriptorProto } from "./index.js";
import { decodeDescriptorBase64 } from "./serialized.js";
import { withoutAggregateOptions } from "./serde.js";

// Written for these tests in the shape of protovalidate's `buf/validate/validate.proto` and Confluent's
// `confluent/meta.proto` (the field names and numbers those files use), trimmed to what the tests need.
const validate = `syntax = "proto2";
package buf.validate;
import "google/protobuf/descriptor.proto";
import "google/protobuf/duration.proto";
extend google.protobuf.MessageOptions { optional MessageRules message = 1159; }
extend google.protobuf.OneofOptions { optional OneofRules oneof = 1159; }
extend google.protobuf.FieldOptions { optional FieldRules field = 1159; }
message MessageRules { repeated Rule cel = 3; repeated MessageOneofRule oneof = 4; }
message MessageOneofRule { repeated string fields = 1; optional bool required = 2; }
message OneofRules { optional bool required = 1; }
message Rule { optional string id = 1; optional string message = 2; optional string expression = 3; }
enum Ignore { IGNORE_UNSPECIFIED = 0; IGNORE_IF_ZERO_VALUE = 1; IGNORE_ALWAYS = 3; }
message FieldRules {
  repeated Rule cel = 23;
  optional bool required = 25;
  optional Ignore ignore = 27;
  oneof type {
    StringRules string = 14;
    Int32Rules int32 = 3;
    DurationRules duration = 21;
    RepeatedRules repeated = 18;
  }
}
message StringRules { optional uint64 min_len = 2; optional uint64 max_len = 3; repeated string in = 10; oneof well_known { bool email = 12; bool uuid = 22; } }
message Int32Rules { oneof less_than { int32 lt = 2; int32 lte = 3; } oneof greater_than { int32 gt = 4; int32 gte = 5; } repeated int32 in = 6; }
message DurationRules { repeated google.protobuf.Duration in = 7; optional google.protobuf.Duration const = 2; }
message RepeatedRules { optional uint64 min_items = 1; optional FieldRules items = 4; }
`;

const meta = `syntax = "proto3";
package confluent;
import "google/protobuf/descriptor.proto";
message Meta { string doc = 1; map<string, string> params = 2; repeated string tags = 3; }
extend google.protobuf.FileOptions { Meta file_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
`;

const refs: ResolvedReference[] = [
  { name: "buf/validate/validate.proto", schema: validate },
  { name: "confluent/meta.proto", schema: meta },
];

const annotated = `syntax = "proto3";
package shop.v1;

import "buf/validate/validate.proto";
import "confluent/meta.proto";
import "google/protobuf/duration.proto";

message Order {
  option (confluent.message_meta) = { doc: "an order" tags: [] };
  option (buf.validate.message).oneof = { fields: ["email", "phone"], required: true };
  option (buf.validate.message).cel = {
    id: "total"
    expression: "this.total > 0"
  };

  string id = 1 [(buf.validate.field).string.uuid = true];
  string email = 2 [(buf.validate.field).string = { email: true, max_len: 254 }];
  string phone = 3;
  int32 total = 4 [(buf.validate.field).int32 = { gt: 0; lte: 1000000 }];
  string amount = 5 [(confluent.field_meta) = { params: [{ key: "precision", value: "8" }, { key: "scale", value: "2" }] }];
  google.protobuf.Duration ttl = 6 [(buf.validate.field).duration = { in: [<seconds: 1>, {seconds: 60}] }];
  repeated string tags = 7 [(buf.validate.field).repeated = { min_items: 1 items { string { in: ["a", "b"] } } }];
  string note = 8 [(buf.validate.field).ignore = IGNORE_IF_ZERO_VALUE, (buf.validate.field).cel = { id: "n", expression: "true" }];
}
`;

function parse(text: string) {
  return parseProtobuf(text, { references: refs });
}

function refusal(body: string, imports = 'import "buf/validate/validate.proto";\nimport "confluent/meta.proto";') {
  const r = parse(`syntax = "proto3";\npackage t;\n${imports}\n${body}\n`);
  if (r.ok) throw new Error(`expected a refusal of ${body}`);
  return r.error;
}

describe("text-format option values (protovalidate, Confluent meta.proto)", () => {
  it("accepts lists, empty lists, nested messages and < > in option literals", () => {
    const r = parse(annotated);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.text).toBe(annotated);
    expect(r.value.canonical).toContain('[(confluent.field_meta) = { params : [ { key : "precision" , value : "8" } , { key : "scale" , value : "2" } ] }]');
    expect(r.value.canonical).toContain("option (confluent.message_meta) = { doc : \"an order\" tags : [ ] };");
    expect(r.value.canonical).toContain("(buf.validate.field).duration = { in : [ < seconds : 1 > , { seconds : 60 } ] }");
  });

  it("canonical text re-parses to itself, and two spellings of one literal share it", () => {
    const a = parse(annotated);
    if (!a.ok) throw new Error(a.error.message);
    const again = parse(a.value.canonical);
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.canonical).toBe(a.value.canonical);
    const spaced = parse(annotated.replace('{ key: "precision", value: "8" }', '{key:"precision",value:"8"}'));
    expect(spaced.ok && spaced.value.fingerprint).toBe(a.value.fingerprint);
  });

  it("keeps the literal in the serialized descriptor as the extension field confluent.field_meta (1088)", () => {
    const r = parse(annotated);
    if (!r.ok) throw new Error(r.error.message);
    const b64 = protobufSerialized(r.value);
    if (!b64.ok) throw new Error(b64.error.message);
    const fd = decodeDescriptorBase64(b64.value);
    const amount = fd?.messageType[0]?.field.find((f) => f.name === "amount");
    expect(amount?.options?.uninterpretedOption).toEqual([]);
    expect(amount?.options?.$unknown?.map((u) => u.no)).toEqual([1088]);
    // …and the descriptor printed back as .proto parses (Confluent clients register descriptors) with the same
    // descriptor.
    const back = parseProtobuf(b64.value, { references: refs });
    if (!back.ok) throw new Error(back.error.message);
    expect(back.value.text).toContain('(confluent.field_meta) = { params { key: "precision" value: "8" } params { key: "scale" value: "2" } }');
    const again = protobufSerialized(back.value);
    expect(again.ok && again.value).toBe(b64.value);
  });

  it("serializes payloads with the annotated schema (the protobufjs pass sees the literals blanked)", () => {
    expect(withoutAggregateOptions('int32 a = 1 [(x) = { in: [\n{a: 1}] }];')).toBe("int32 a = 1 [(x) = {}\n];");
    expect(withoutAggregateOptions('option (m) = { a: "}" };')).toBe("option (m) = {};");
  });

  it("refuses text that is not the text format, naming the line", () => {
    expect(refusal('message M { string a = 1 [(confluent.field_meta) = { doc "x" }]; }')).toMatchObject({ code: "SCHEMA_SYNTAX", line: 5 });
    expect(refusal('message M { string a = 1 [(confluent.field_meta) = { tags: [1, }]; }')).toMatchObject({ code: "SCHEMA_SYNTAX" });
    expect(refusal('message M { string a = 1 [(confluent.field_meta) = { params [ ] ]; }')).toMatchObject({ code: "SCHEMA_SYNTAX" });
  });
});

describe("custom options are resolved and type-checked (as buf build)", () => {
  it.each([
    ["an option field that does not exist", "message M { option (buf.validate.message).disabled = true; string a = 1; }", /no field disabled in buf\.validate\.MessageRules/],
    ["an unknown extension", "message M { string a = 1 [(buf.validate.nope).required = true]; }", /no extension \(buf\.validate\.nope\)/],
    ["an extension that is not imported", 'message M { string a = 1 [(confluent.field_meta).doc = "x"]; }', /no extension \(confluent\.field_meta\)/],
    ["a field set twice in one literal", 'message M { string a = 1 [(confluent.field_meta) = { doc: "x" doc: "y" }]; }', /doc is not repeated but is set more than once/],
    ["a field that does not exist in a literal", 'message M { string a = 1 [(confluent.field_meta) = { docs: "x" }]; }', /confluent\.Meta has no field named docs/],
    ["a list for a singular field", 'message M { string a = 1 [(confluent.field_meta) = { doc: ["x"] }]; }', /doc is not repeated but is given a list/],
    ["two members of one oneof", "message M { string a = 1 [(buf.validate.field) = { string { min_len: 1 } int32 { gt: 1 } }]; }", /members of oneof type/],
    ["a string for a bool", 'message M { string a = 1 [(buf.validate.field).required = "yes"]; }', /is not a valid bool/],
    ["an out-of-range integer", "message M { int32 a = 1 [(buf.validate.field).int32.gt = 3000000000]; }", /is not a valid int32/],
    ["an unknown enum value", "message M { string a = 1 [(buf.validate.field).ignore = IGNORE_SOMETIMES]; }", /is not a valid buf\.validate\.Ignore/],
    ["an option set twice", "message M { string a = 1 [(buf.validate.field).required = true, (buf.validate.field).required = false]; }", /set more than once/],
    ["a scalar for a message option", "message M { string a = 1 [(confluent.field_meta) = 1]; }", /a message value/],
    ["a map entry field that does not exist", 'message M { string a = 1 [(confluent.field_meta) = { params: [{ k: "a" }] }]; }', /only key and value/],
    ["an unknown built-in option", 'option java_pakage = "x";', /no field java_pakage in google\.protobuf\.FileOptions/],
  ])("refuses %s", (_what, body, message) => {
    const imports = body.includes("confluent.field_meta).doc") ? 'import "buf/validate/validate.proto";' : undefined;
    const error = imports ? refusal(body, imports) : refusal(body);
    expect(error.code).toBe("SCHEMA_INVALID");
    expect(error.message).toMatch(message);
    expect(error.line).toBeGreaterThan(0);
  });

  it("accepts float options written as integers, inf and -inf", () => {
    const r = parseProtobuf(`syntax = "proto2";
package t;
import "google/protobuf/descriptor.proto";
extend google.protobuf.FieldOptions { optional double lo = 50001; optional float hi = 50002; }
message M { optional int32 a = 1 [(lo) = -inf, (hi) = 3]; optional int32 b = 2 [(lo) = inf, (hi) = 1.5e3]; }`);
    expect(r.ok ? "" : r.error.message).toBe("");
  });

  it("accepts repeated options given several times, enum values by number inside literals, and Any literals", () => {
    const r = parse(`syntax = "proto3";
package t;
import "buf/validate/validate.proto";
message M {
  option (buf.validate.message).cel = { id: "a" };
  option (buf.validate.message).cel = { id: "b" };
  string a = 1 [(buf.validate.field) = { ignore: 1 string: { in: "x" in: "y" } }];
}`);
    expect(r.ok ? "" : r.error.message).toBe("");
  });
});

// `buf build` as the independent judge: it compiles the same files (accepting what we accept, refusing what we
// refuse), and its descriptor equals ours on every field but the custom options, which buf interprets into
// extension fields and we keep as protoc's uninterpreted_option (docs/compatibility.md, known differences).
describe("against buf build", () => {
  const REPO = fileURLToPath(new URL("../../../", import.meta.url));
  const tmp = mkdtempSync(join(tmpdir(), "charter-options-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const build = (name: string, files: Record<string, string>): { ok: boolean; set?: Map<string, FileDescriptorProto>; stderr: string } => {
    const root = join(tmp, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const out = join(tmp, `${name}.binpb`);
    const run = spawnSync(join(REPO, "node_modules/.bin/buf"), ["build", root, "-o", out], { cwd: REPO, encoding: "utf8" });
    if (run.status !== 0) return { ok: false, stderr: run.stderr };
    const set = fromBinary(FileDescriptorSetSchema, readFileSync(out));
    return { ok: true, set: new Map(set.file.map((f) => [f.name, f])), stderr: "" };
  };
  const comparable = (fd: FileDescriptorProto): JsonValue => {
    const strip = (v: JsonValue): JsonValue => {
      if (Array.isArray(v)) return v.map(strip);
      if (v === null || typeof v !== "object") return v;
      const o: Record<string, JsonValue> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === "uninterpretedOption") continue;
        const sx = strip(x);
        if (k === "options" && sx !== null && typeof sx === "object" && !Array.isArray(sx) && Object.keys(sx).length === 0) continue;
        o[k] = sx;
      }
      return o;
    };
    return strip(toJson(FileDescriptorProtoSchema, { ...fd, sourceCodeInfo: undefined }));
  };
  const files = { "buf/validate/validate.proto": validate, "confluent/meta.proto": meta };

  it("buf builds the annotated file too, and its descriptor equals ours but for the interpreted custom options", () => {
    const result = build("ok", { ...files, "shop/v1/order.proto": annotated });
    expect(result.stderr).toBe("");
    const parsed = parse(annotated);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const ours = toFileDescriptorProto(protobufModel(parsed.value)!.linked.file, { name: "shop/v1/order.proto" });
    expect(comparable(ours)).toEqual(comparable(result.set!.get("shop/v1/order.proto")!));
  });

  it.each([
    ["an option field that does not exist", "message M { option (buf.validate.message).disabled = true; string a = 1; }"],
    ["a field set twice in one literal", 'message M { string a = 1 [(confluent.field_meta) = { doc: "x" doc: "y" }]; }'],
    ["a list for a singular field", 'message M { string a = 1 [(confluent.field_meta) = { doc: ["x"] }]; }'],
    ["an unknown enum value", "message M { string a = 1 [(buf.validate.field).ignore = IGNORE_SOMETIMES]; }"],
  ])("buf build refuses %s as we do", (what, body) => {
    const text = `syntax = "proto3";\npackage t;\nimport "buf/validate/validate.proto";\nimport "confluent/meta.proto";\n${body}\n`;
    expect(parse(text).ok).toBe(false);
    expect(build(what.replace(/\W+/g, "-"), { ...files, "t/t.proto": text }).ok).toBe(false);
  });
});

/**
 * Custom options in the FileDescriptorProto, checked against `buf build` byte for byte: protovalidate-style
 * and Confluent-meta-style annotations (definitions written here from their documentation: buf.validate's
 * `FieldRules`/`MessageRules`/`OneofRules` extensions numbered 1159, Confluent's `Meta` extensions numbered
 * 1088), and descriptor → printed .proto → descriptor stable.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedReference } from "../format.js";
import { parseProtobuf, protobufModel, protobufSerialized, toFileDescriptorProto } from "./index.js";
import { protoTextFromDescriptorBase64, VENDOR_FIELD_FLOOR } from "./serialized.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

// buf.validate as protovalidate documents it (a subset): proto2, rules messages, extensions numbered 1159.
const VALIDATE = `syntax = "proto2";
package buf.validate;
import "google/protobuf/descriptor.proto";
import "google/protobuf/duration.proto";
extend google.protobuf.MessageOptions { optional MessageRules message = 1159; }
extend google.protobuf.OneofOptions { optional OneofRules oneof = 1159; }
extend google.protobuf.FieldOptions { optional FieldRules field = 1159; }
message Rule {
  optional string id = 1;
  optional string message = 2;
  optional string expression = 3;
}
message MessageRules {
  repeated string cel_expression = 5;
  repeated Rule cel = 3;
  repeated MessageOneofRule oneof = 4;
}
message MessageOneofRule {
  repeated string fields = 1;
  optional bool required = 2;
}
message OneofRules { optional bool required = 1; }
enum Ignore {
  IGNORE_UNSPECIFIED = 0;
  IGNORE_IF_ZERO_VALUE = 1;
  IGNORE_ALWAYS = 3;
}
message FieldRules {
  repeated string cel_expression = 29;
  repeated Rule cel = 23;
  optional bool required = 25;
  optional Ignore ignore = 27;
  oneof type {
    FloatRules float = 1;
    DoubleRules double = 2;
    Int32Rules int32 = 3;
    Int64Rules int64 = 4;
    UInt64Rules uint64 = 6;
    BoolRules bool = 13;
    StringRules string = 14;
    BytesRules bytes = 15;
    EnumRules enum = 16;
    RepeatedRules repeated = 18;
    MapRules map = 19;
    DurationRules duration = 21;
  }
}
message FloatRules { optional float const = 1; oneof less_than { float lt = 2; float lte = 3; } oneof greater_than { float gt = 4; float gte = 5; } repeated float in = 6; optional bool finite = 8; }
message DoubleRules { optional double const = 1; oneof less_than { double lt = 2; double lte = 3; } oneof greater_than { double gt = 4; double gte = 5; } repeated double in = 6; }
message Int32Rules { optional int32 const = 1; oneof less_than { int32 lt = 2; int32 lte = 3; } oneof greater_than { int32 gt = 4; int32 gte = 5; } repeated int32 in = 6; repeated int32 not_in = 7; }
message Int64Rules { optional int64 const = 1; oneof less_than { int64 lt = 2; int64 lte = 3; } oneof greater_than { int64 gt = 4; int64 gte = 5; } repeated int64 in = 6; }
message UInt64Rules { optional uint64 const = 1; oneof less_than { uint64 lt = 2; uint64 lte = 3; } oneof greater_than { uint64 gt = 4; uint64 gte = 5; } }
message BoolRules { optional bool const = 1; }
message StringRules {
  optional string const = 1;
  optional uint64 len = 19;
  optional uint64 min_len = 2;
  optional uint64 max_len = 3;
  optional string pattern = 6;
  optional string prefix = 7;
  repeated string in = 10;
  repeated string not_in = 11;
  oneof well_known { bool email = 12; bool hostname = 13; bool uuid = 22; }
  optional bool strict = 25;
}
message BytesRules { optional bytes const = 1; optional uint64 max_len = 3; repeated bytes in = 8; }
message EnumRules { optional int32 const = 1; optional bool defined_only = 2; repeated int32 in = 3; repeated int32 not_in = 4; }
message RepeatedRules { optional uint64 min_items = 1; optional uint64 max_items = 2; optional bool unique = 3; optional FieldRules items = 4; }
message MapRules { optional uint64 min_pairs = 1; optional uint64 max_pairs = 2; optional FieldRules keys = 4; optional FieldRules values = 5; }
message DurationRules {
  optional google.protobuf.Duration const = 2;
  oneof less_than { google.protobuf.Duration lt = 3; google.protobuf.Duration lte = 4; }
  oneof greater_than { google.protobuf.Duration gt = 5; google.protobuf.Duration gte = 6; }
  repeated google.protobuf.Duration in = 7;
  repeated google.protobuf.Duration not_in = 8;
}
`;

const ORDERS = `syntax = "proto3";
package shop.v1;
import "buf/validate/validate.proto";
import "google/protobuf/duration.proto";
message Order {
  option (buf.validate.message).cel = { id: "total.positive", message: "total must be positive", expression: "this.total > 0" };
  option (buf.validate.message).oneof = { fields: ["email", "phone"], required: true };
  option (buf.validate.message).cel_expression = "this.id != ''";
  string id = 1 [(buf.validate.field).string.max_len = 36, (buf.validate.field).string.min_len = 1, (buf.validate.field).required = true];
  string email = 2 [(buf.validate.field).string.email = true];
  string phone = 3 [(buf.validate.field).string = { pattern: "^[0-9+]+$", prefix: "+" in: ["+1", "+44"] }];
  int64 total = 4 [(buf.validate.field).int64 = { gt: 0, lte: 1000000 }, (buf.validate.field).cel = { id: "t", expression: "true" }];
  repeated string tags = 5 [(buf.validate.field).repeated = { min_items: 1, unique: true, items: { string: { min_len: 1, max_len: 20 } } }];
  map<string, int32> counts = 6 [(buf.validate.field).map = { keys { string { min_len: 1 } } values < int32 < gte: 0 > > }];
  google.protobuf.Duration ttl = 7 [(buf.validate.field).duration = { in: [{ seconds: 1 }, { seconds: 60, nanos: 5 }], gt <seconds: 0> }];
  float ratio = 8 [(buf.validate.field).float = { in: [0.5, 1, -2.25], gte: 0 }, (buf.validate.field).ignore = IGNORE_IF_ZERO_VALUE];
  Status status = 9 [(buf.validate.field).enum = { defined_only: true, not_in: [0] }];
  bytes blob = 10 [(buf.validate.field).bytes = { max_len: 1024, in: ["\\x00\\x01", "ab"] }];
  int32 qty = 11 [(buf.validate.field).int32 = { in: [], gte: -5 }];
  oneof contact {
    option (buf.validate.oneof).required = true;
    string a = 12 [(buf.validate.field).string.uuid = true];
    string b = 13;
  }
  double price = 14 [(buf.validate.field).double = { gt: 0.0, lt: inf }];
  uint64 big = 15 [(buf.validate.field).uint64.lte = 18446744073709551615];
  bool flag = 16 [deprecated = true, (buf.validate.field).bool.const = true];
}
enum Status { STATUS_UNSPECIFIED = 0; STATUS_OK = 1; }
`;

// Confluent's meta.proto as its documentation describes it: Meta with doc, params (a map) and tags.
const META = `syntax = "proto3";
package confluent;
import "google/protobuf/descriptor.proto";
option go_package = "github.com/confluentinc/schema-registry/confluent/meta";
message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}
extend google.protobuf.FileOptions { Meta file_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }
`;

const PAYMENTS = `syntax = "proto3";
package payments;
import "confluent/meta.proto";
option (confluent.file_meta).doc = "payments";
option java_package = "com.example.payments";
message Payment {
  option (confluent.message_meta) = { doc: "A payment", tags: ["PII", "FINANCE"] };
  string id = 1 [(confluent.field_meta).doc = "The id"];
  bytes amount = 2 [(confluent.field_meta) = { params: [{ key: "scale", value: "2" }, { key: "precision", value: "8" }, { key: "connect.decimal.precision", value: "8" }] }];
  string card = 3 [(confluent.field_meta) = { tags: ["PII"], doc: "" }, (confluent.field_meta).params = { key: "k" value: "v" }];
  Kind kind = 4;
}
enum Kind {
  option (confluent.enum_meta).doc = "kinds";
  KIND_UNSPECIFIED = 0;
  KIND_CARD = 1 [(confluent.enum_value_meta) = { tags: [] }, (confluent.enum_value_meta).doc = "card"];
}
`;

// An extension set inside a literal (Go's order writes extensions before ordinary fields).
const HOLDER = `syntax = "proto2";
package x;
import "google/protobuf/descriptor.proto";
message Holder { optional string v = 1; extensions 100 to 199; }
extend Holder { optional int32 level = 100; }
extend google.protobuf.FieldOptions { optional Holder holder = 50200; }
message M { optional string a = 1 [(x.holder) = { v: "q" [x.level]: 3 }]; }
`;

const FILES: Record<string, string> = {
  "x/holder.proto": HOLDER,
  "buf/validate/validate.proto": VALIDATE,
  "shop/v1/orders.proto": ORDERS,
  "confluent/meta.proto": META,
  "payments/payment.proto": PAYMENTS,
};

function referencesFor(path: string): ResolvedReference[] {
  const refs: ResolvedReference[] = [];
  const seen = new Set<string>();
  const visit = (text: string): void => {
    for (const m of text.matchAll(/^import\s+"([^"]+)";/gm)) {
      const dep = FILES[m[1]!];
      if (dep === undefined || seen.has(m[1]!)) continue;
      seen.add(m[1]!);
      visit(dep);
      refs.push({ name: m[1]!, schema: dep });
    }
  };
  visit(FILES[path]!);
  return refs;
}

function parseOrThrow(text: string, references: ResolvedReference[]) {
  const r = parseProtobuf(text, { references });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} (line ${r.error.line ?? "?"}:${r.error.column ?? "?"})`);
  return r.value;
}

/** Binary without source info and without buf's own FileDescriptorProto field 8042 (not an option). */
function bytesOf(fd: FileDescriptorProto): string {
  const $unknown = fd.$unknown?.filter((u) => u.no < VENDOR_FIELD_FLOOR);
  return Buffer.from(toBinary(FileDescriptorProtoSchema, { ...fd, sourceCodeInfo: undefined, $unknown })).toString("hex");
}

let tmp: string;
let buf: Map<string, FileDescriptorProto>;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "charter-option-encode-"));
  const root = join(tmp, "src");
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  execFileSync("npx", ["buf", "build", root, "-o", join(tmp, "out.binpb")], { cwd: REPO, stdio: "pipe" });
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(join(tmp, "out.binpb")));
  buf = new Map(set.file.map((f) => [f.name, f]));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe("custom options as extension fields, as buf build writes them", () => {
  for (const path of Object.keys(FILES)) {
    it(`${path}: descriptor bytes equal buf build's`, () => {
      const parsed = parseOrThrow(FILES[path]!, referencesFor(path));
      const ours = toFileDescriptorProto(protobufModel(parsed)!.linked.file, { name: path });
      const theirs = buf.get(path);
      expect(theirs).toBeDefined();
      expect(bytesOf(ours)).toBe(bytesOf(theirs!));
    });
  }

  it("writes no uninterpreted_option for resolved custom options", () => {
    const parsed = parseOrThrow(ORDERS, referencesFor("shop/v1/orders.proto"));
    const fd = toFileDescriptorProto(protobufModel(parsed)!.linked.file);
    const options = [fd.messageType[0]!.options, ...fd.messageType[0]!.field.map((f) => f.options)];
    expect(options.flatMap((o) => o?.uninterpretedOption ?? [])).toEqual([]);
    expect(fd.messageType[0]!.field[0]!.options?.$unknown?.map((u) => u.no)).toEqual([1159]);
  });
});

describe("descriptor → .proto text → descriptor", () => {
  for (const path of ["shop/v1/orders.proto", "payments/payment.proto"]) {
    it(`${path}: stable through the printed text, from buf's descriptor and from ours`, () => {
      const refs = referencesFor(path);
      const parsed = parseOrThrow(FILES[path]!, refs);
      const serialized = protobufSerialized(parsed);
      expect(serialized.ok).toBe(true);
      if (!serialized.ok) return;
      const theirs = Buffer.from(bytesOf({ ...buf.get(path)!, name: "default" }), "hex").toString("base64");
      expect(theirs).toBe(serialized.value);
      const printed = protoTextFromDescriptorBase64(serialized.value, refs);
      expect(printed).toBeDefined();
      expect(printed).not.toContain("uninterpreted");
      const again = parseOrThrow(serialized.value, refs);
      expect(protobufModel(again)!.fromDescriptor).toBe(true);
      const reserialized = protobufSerialized(again);
      expect(reserialized.ok && reserialized.value, printed).toBe(serialized.value);
      expect(again.canonical).toBe(parseOrThrow(printed!, refs).canonical);
    });
  }
});

describe("extension fields without a visible definition", () => {
  it("prints them as a comment naming the field, and the rest of the file as usual", () => {
    const refs = referencesFor("payments/payment.proto");
    const parsed = parseOrThrow(FILES["payments/payment.proto"]!, refs);
    const fd = toFileDescriptorProto(protobufModel(parsed)!.linked.file);
    // A vendor extension of FieldOptions nobody declares: field 50123, varint 7.
    fd.messageType[0]!.field[0]!.options!.$unknown!.push({ no: 50123, wireType: 0, data: Uint8Array.of(7) });
    const b64 = Buffer.from(toBinary(FileDescriptorProtoSchema, fd)).toString("base64");
    const printed = protoTextFromDescriptorBase64(b64, refs)!;
    expect(printed).toContain("// extension field 50123 of google.protobuf.FieldOptions not printed");
    expect(printed).toContain('string id = 1 [(confluent.field_meta) = { doc: "The id" }];');
    const again = parseOrThrow(b64, refs);
    expect(again.canonical).toBe(parseOrThrow(printed, refs).canonical);
  });

  it("prints extensions set inside a literal as [pkg.ext] and encodes them back the same", () => {
    const parsed = parseOrThrow(FILES["x/holder.proto"]!, []);
    const b64 = protobufSerialized(parsed);
    if (!b64.ok) throw new Error(b64.error.message);
    const printed = protoTextFromDescriptorBase64(b64.value, [])!;
    expect(printed).toContain('(x.holder) = { [x.level]: 3 v: "q" }');
    const again = protobufSerialized(parseOrThrow(b64.value, []));
    expect(again.ok && again.value).toBe(b64.value);
  });
});

/**
 * The rule catalogues (which docs/compatibility.md is generated from) cannot drift from the engines: every rule
 * name the engines' sources can report is catalogued, and each Protobuf row's verdict per policy is what the
 * engine answers for an example of that change.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMPATIBLE_CHANGES_STRICT } from "./json-schema/compatibility.js";
import { JSON_SCHEMA_RULES } from "./json-schema/rules.js";
import { protobufFormat, WIRE_JSON_RULES } from "./protobuf/index.js";
import { PROTOBUF_RULES, type ProtobufVerdicts } from "./protobuf/rules.js";

const source = (path: string): string => readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8");

describe("JSON Schema rule catalogue", () => {
  it("has every rule the walk can report", () => {
    const text = source("./json-schema/compatibility.ts");
    const literal = [...text.matchAll(/rule: "([A-Z_]+)"/g)].map((m) => m[1]!);
    // `rule = cond ? "A" : "B"` picks a rule name; (`? "MAXIMUM" : …` prefixes are expanded in `templated`.)
    const conditional = [...text.matchAll(/const rule = [^;]*\? "([A-Z_]+)" : "([A-Z_]+)"/g)].flatMap((m) => [m[1]!, m[2]!]);
    const templated = [
      ...["MAXIMUM", "EXCLUSIVE_MAXIMUM"].map((r) => [`${r}_ADDED`, `${r}_DECREASED`]).flat(),
      ...["MINIMUM", "EXCLUSIVE_MINIMUM"].map((r) => [`${r}_ADDED`, `${r}_INCREASED`]).flat(),
      ...["PROPERTY_NAMES", "CONTAINS"].map((r) => [`${r}_ADDED`, `${r}_NARROWED`]).flat(),
      ...["UNEVALUATED_PROPERTIES", "UNEVALUATED_ITEMS"].map((r) => [`${r}_REMOVED`, `${r}_NARROWED`]).flat(),
      ...["ITEMS", "PROPERTIES"].map((n) => [`MAX_${n}_ADDED`, `MAX_${n}_DECREASED`, `MIN_${n}_ADDED`, `MIN_${n}_INCREASED`]).flat(),
    ];
    const catalogued = new Set(JSON_SCHEMA_RULES.map((r) => r.rule));
    const prefixes = new Set(["MAXIMUM", "EXCLUSIVE_MAXIMUM", "MINIMUM", "EXCLUSIVE_MINIMUM"]); // expanded in `templated`
    const missing = [...new Set([...literal, ...conditional.filter((r) => !prefixes.has(r)), ...templated])].filter((r) => !catalogued.has(r) && !COMPATIBLE_CHANGES_STRICT.has(r));
    expect(missing).toEqual([]);
    expect(literal.length).toBeGreaterThan(30);
  });
});

/** Each Protobuf row, with an old → new change that makes it. */
const EXAMPLES: ReadonlyArray<{ rule: string; confluent?: string; change?: string; old: string; new: string; header?: string; oldHeader?: string }> = [
  { rule: "FILE_SAME_PACKAGE", old: "message M { int32 a = 1; }", new: "message M { int32 a = 1; }", header: 'syntax = "proto3";\npackage q;\n' },
  { rule: "MESSAGE_NO_DELETE", old: "message M { int32 a = 1; }\nmessage N {}", new: "message M { int32 a = 1; }" },
  { rule: "FIELD_NO_DELETE", old: "message M { int32 a = 1; }", new: "message M { int32 a = 2; }" },
  { rule: "FIELD_WIRE_COMPATIBLE_TYPE", old: "message M { int32 a = 1; }", new: "message M { string a = 1; }" },
  { rule: "FIELD_SAME_TYPE", confluent: "FIELD_SCALAR_KIND_CHANGED", old: "message M { int32 a = 1; }", new: "message M { int64 a = 1; }" },
  { rule: "FIELD_SAME_TYPE", confluent: "FIELD_KIND_CHANGED", old: "message M { int32 a = 1; }\nmessage N {}", new: "message M { N a = 1; }\nmessage N {}" },
  { rule: "FIELD_SAME_NAME", old: "message M { int32 a = 1; }", new: "message M { int32 b = 1; }" },
  { rule: "FIELD_SAME_JSON_NAME", old: "message M { int32 a = 1; }", new: "message M { int32 b = 1; }" },
  { rule: "FIELD_SAME_ONEOF", confluent: "FIELD_MOVED_TO_EXISTING_ONEOF", old: "message M { oneof o { int32 a = 1; } string b = 2; }", new: "message M { oneof o { int32 a = 1; string b = 2; } }" },
  { rule: "FIELD_SAME_ONEOF", confluent: "MULTIPLE_FIELDS_MOVED_TO_ONEOF", old: "message M { int32 a = 1; string b = 2; }", new: "message M { oneof o { int32 a = 1; string b = 2; } }" },
  { rule: "ENUM_VALUE_NO_DELETE", old: "enum E { Z = 0; A = 1; }", new: "enum E { Z = 0; }" },
  { rule: "ENUM_VALUE_SAME_NAME", old: "enum E { Z = 0; A = 1; }", new: "enum E { Z = 0; B = 1; }" },
  { rule: "ENUM_NO_DELETE", old: "enum E { Z = 0; }\nmessage M {}", new: "message M {}" },
  { rule: "RESERVED_MESSAGE_NO_DELETE", old: "message M { reserved 2; int32 a = 1; }", new: "message M { int32 a = 1; string b = 2; }" },
  { rule: "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", old: "message M { int32 a = 1; string s = 2; }", new: "message M { int32 a = 1; }" },
  { rule: "RPC_SAME_REQUEST_TYPE", old: "message A {}\nmessage B {}\nservice S { rpc Get(A) returns (B); }", new: "message A {}\nmessage B {}\nservice S { rpc Get(B) returns (B); }" },
  { rule: "RPC_NO_DELETE", old: "message A {}\nservice S { rpc Get(A) returns (A); rpc Put(A) returns (A); }", new: "message A {}\nservice S { rpc Get(A) returns (A); }" },
  { rule: "FIELD_WIRE_COMPATIBLE_CARDINALITY", confluent: "FIELD_NUMERIC_LABEL_CHANGED", old: "message M { optional int32 n = 1; }", new: "message M { repeated int32 n = 1; }", header: 'syntax = "proto2";\npackage p;\n' },
  { rule: "FIELD_WIRE_COMPATIBLE_CARDINALITY", confluent: "FIELD_STRING_OR_BYTES_LABEL_CHANGED", old: "message M { optional string s = 1; }", new: "message M { repeated string s = 1; }", header: 'syntax = "proto2";\npackage p;\n' },
  { rule: "FIELD_NO_DELETE", confluent: "ONEOF_FIELD_REMOVED", old: "message M { oneof o { int32 a = 1; string b = 2; } }", new: "message M { oneof o { int32 a = 1; } }" },
  { rule: "FIELD_SAME_TYPE", confluent: "FIELD_NAMED_TYPE_CHANGED", old: "message A {}\nmessage B {}\nmessage M { A a = 1; }", new: "message A {}\nmessage B {}\nmessage M { B a = 1; }" },
  { rule: "FILE_SAME_SYNTAX", old: "message M { int32 a = 1; }", new: "message M { optional int32 a = 1; }", header: 'syntax = "proto2";\npackage p;\n', oldHeader: 'syntax = "proto3";\npackage p;\n' },
  { rule: "MESSAGE_SAME_REQUIRED_FIELDS", confluent: "REQUIRED_FIELD_ADDED", old: "message M { optional int32 a = 1; }", new: "message M { optional int32 a = 1; required int32 b = 2; }", header: 'syntax = "proto2";\npackage p;\n' },
  { rule: "FIELD_SAME_ONEOF", change: "one existing field", old: "message M { int32 a = 1; }", new: "message M { oneof o { int32 a = 1; } }" },
  { rule: "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", old: "message M { repeated int32 a = 1; }", new: "message M { map<int32, int32> a = 1; }" },
  { rule: "FIELD_WIRE_JSON_COMPATIBLE_TYPE", old: "message M { string a = 1; }", new: "message M { bytes a = 1; }" },
  { rule: "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", old: "enum E { Z = 0; A = 1; }", new: "enum E { reserved 1; Z = 0; }" },
  { rule: "FIELD_NO_DELETE_UNLESS_NAME_RESERVED", old: "message M { int32 a = 1; string s = 2; }", new: "message M { reserved 2; int32 a = 1; }" },
  { rule: "RESERVED_MESSAGE_NO_DELETE", change: "a reserved range", old: "message M { reserved 2 to 4; int32 a = 1; }", new: "message M { reserved 2; int32 a = 1; }" },
  { rule: "RESERVED_ENUM_NO_DELETE", change: "a reserved range", old: 'enum E { reserved "B"; Z = 0; }', new: "enum E { Z = 0; }" },
  { rule: "MESSAGE_SAME_JSON_FORMAT", old: "message M { int32 a = 1; }", new: "message M { option features.json_format = LEGACY_BEST_EFFORT; int32 a = 1; }", header: 'edition = "2023";\npackage p;\n' },
  { rule: "ENUM_SAME_JSON_FORMAT", old: "enum E { Z = 0; }", new: "enum E { option features.json_format = LEGACY_BEST_EFFORT; Z = 0; }", header: 'edition = "2023";\npackage p;\n' },
  { rule: "FIELD_SAME_DEFAULT", old: "message M { optional int32 a = 1 [default = 1]; }", new: "message M { optional int32 a = 1 [default = 2]; }", header: 'syntax = "proto2";\npackage p;\n' },
  { rule: "RPC_SAME_CLIENT_STREAMING", old: "message A {}\nservice S { rpc Get(A) returns (A); }", new: "message A {}\nservice S { rpc Get(stream A) returns (A); }" },
  { rule: "RPC_SAME_SERVER_STREAMING", old: "message A {}\nservice S { rpc Get(A) returns (A); }", new: "message A {}\nservice S { rpc Get(A) returns (stream A); }" },
  { rule: "RPC_SAME_IDEMPOTENCY_LEVEL", old: "message A {}\nservice S { rpc Get(A) returns (A); }", new: "message A {}\nservice S { rpc Get(A) returns (A) { option idempotency_level = IDEMPOTENT; } }" },
];

describe("Protobuf rule catalogue", () => {
  it("has every buf rule id the engine can report", () => {
    const text = source("./protobuf/compatibility.ts");
    const ids = [...text.matchAll(/add\(\s*(?:"[A-Z_]+"|undefined),\s*"([A-Z_]+)"/g), ...text.matchAll(/\? "([A-Z_]+)" : "([A-Z_]+)"/g)]
      .flatMap((m) => m.slice(1).filter((x): x is string => x !== undefined))
      .filter((id) => id !== "MESSAGE" && id !== "SCALAR"); // field kinds, not rules
    const catalogued = new Set(PROTOBUF_RULES.map((r) => r.rule));
    const confluentOnly = new Set(["FIELD_STRING_OR_BYTES_LABEL_CHANGED", "FIELD_NUMERIC_LABEL_CHANGED"]);
    expect([...new Set(ids)].filter((id) => !catalogued.has(id) && !confluentOnly.has(id))).toEqual([]);
  });

  it("has a row for every buf WIRE_JSON rule id the BUF policy can report", () => {
    const catalogued = new Set(PROTOBUF_RULES.filter((r) => r.breaking.BUF).map((r) => r.buf ?? r.rule));
    // RPC_SAME_REQUEST/RESPONSE_TYPE are BUF's own ids there; every other WIRE_JSON id needs a row breaking under BUF.
    expect(WIRE_JSON_RULES.filter((id) => !catalogued.has(id))).toEqual([]);
  });

  it("each example has its own row (and the BUF-only rows each have an example)", () => {
    const rows = (e: (typeof EXAMPLES)[number]) => PROTOBUF_RULES.filter((r) => r.rule === e.rule && (e.confluent === undefined || r.confluent === e.confluent) && (e.change === undefined || r.change.startsWith(e.change)));
    for (const r of PROTOBUF_RULES.filter((x) => x.breaking.BUF && !x.breaking.CONFLUENT && !x.breaking.APICURIO && !x.breaking.KARAPACE)) {
      expect(EXAMPLES.some((e) => rows(e).includes(r)), `${r.rule}: ${r.change}`).toBe(true);
    }
  });

  it.each(EXAMPLES.map((e) => [`${e.rule}${e.confluent ? ` (${e.confluent})` : ""}`, e] as const))("%s: the catalogue's verdict per policy is the engine's", async (_name, e) => {
    // Rows sharing an id and a Confluent type are told apart by the start of their `change`.
    const row = PROTOBUF_RULES.find((r) => r.rule === e.rule && (e.confluent === undefined || r.confluent === e.confluent) && (e.change === undefined || r.change.startsWith(e.change)));
    expect(row).toBeDefined();
    const header = e.header ?? 'syntax = "proto3";\npackage p;\n';
    const parse = async (body: string, h: string) => {
      const r = await protobufFormat.parse(h + body);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const oldS = await parse(e.old, e.oldHeader ?? ('syntax = "proto3";\npackage p;\n'.startsWith(header.slice(0, 17)) && header.includes("package q") ? 'syntax = "proto3";\npackage p;\n' : header));
    const newS = await parse(e.new, header);
    for (const policy of Object.keys(row!.breaking) as Array<keyof ProtobufVerdicts>) {
      const rules = protobufFormat.compatibility(newS, oldS, { policy: { compatibilityPolicy: policy } }).map((v) => v.rule);
      // BUF runs buf's WIRE_JSON rules, which may name the change with another id (`buf`).
      const id = policy === "BUF" ? (row!.buf ?? e.rule) : e.rule;
      expect(rules.includes(id), `${policy}: ${rules.join(", ")}`).toBe(row!.breaking[policy]);
    }
  });
});

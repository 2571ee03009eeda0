import { describe, expect, it } from "vitest";
import type { CompatibilityOptions, ParsedSchema, Violation } from "../format.js";
import { protobufFormat } from "./index.js";

async function parse(text: string): Promise<ParsedSchema> {
  const r = await protobufFormat.parse(text);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} (line ${r.error.line})`);
  return r.value;
}

/** Violations both ways: backward (new reads old) and forward (old reads new). */
async function diff(oldBody: string, newBody: string, options?: CompatibilityOptions, header = 'syntax = "proto3";\npackage p;\n') {
  const oldS = await parse(header + oldBody);
  const newS = await parse(header + newBody);
  return { backward: protobufFormat.compatibility(newS, oldS, options), forward: protobufFormat.compatibility(oldS, newS, options) };
}

const rules = (vs: readonly Violation[]): string[] => vs.map((v) => v.rule);

describe("protobuf compatibility (Confluent semantics, buf rule ids)", () => {
  it("adding and removing an optional field are compatible both ways", async () => {
    const d = await diff("message M { int32 a = 1; }", "message M { int32 a = 1; string b = 2; }");
    expect(d.backward).toEqual([]);
    expect(d.forward).toEqual([]);
  });

  it("a field number change is breaking by default, lenient on request", async () => {
    const d = await diff("message M {\n  int32 a = 1;\n}", "message M {\n  int32 a = 2;\n}");
    expect(d.backward).toMatchObject([{ rule: "FIELD_NO_DELETE", path: "/M/a", line: 4 }]);
    expect(rules(d.forward)).toEqual(["FIELD_NO_DELETE"]);
    const lenient = await diff("message M { int32 a = 1; }", "message M { int32 a = 2; }", { policy: { fieldNumber: "lenient" } });
    expect(lenient.backward).toEqual([]);
    const buf = await diff("message M { int32 a = 1; }", "message M { reserved 1; int32 a = 2; }", { policy: { fieldNumber: "buf" } });
    expect(buf.backward).toEqual([]);
  });

  it("wire-compatible scalar groups pass, others fail with FIELD_WIRE_COMPATIBLE_TYPE", async () => {
    for (const [a, b] of [["int32", "int64"], ["uint32", "bool"], ["sint32", "sint64"], ["fixed32", "sfixed32"], ["fixed64", "sfixed64"], ["string", "bytes"]]) {
      const d = await diff(`message M { ${a} x = 1; }`, `message M { ${b} x = 1; }`);
      expect(d.backward, `${a} -> ${b}`).toEqual([]);
      expect(d.forward, `${b} -> ${a}`).toEqual([]);
    }
    for (const [a, b] of [["int32", "sint32"], ["fixed32", "fixed64"], ["float", "double"], ["string", "int32"]]) {
      const d = await diff(`message M { ${a} x = 1; }`, `message M { ${b} x = 1; }`);
      expect(rules(d.backward), `${a} -> ${b}`).toEqual(["FIELD_WIRE_COMPATIBLE_TYPE"]);
      expect(d.backward[0]).toMatchObject({ confluent: "FIELD_SCALAR_KIND_CHANGED" });
      expect(rules(d.forward)).toEqual(["FIELD_WIRE_COMPATIBLE_TYPE"]);
    }
  });

  it("an enum reads as an int32 (Confluent GENERAL_NUMBER) but a message does not read bytes", async () => {
    const e = await diff("message M { int32 x = 1; }\nenum E { Z = 0; }", "message M { E x = 1; }\nenum E { Z = 0; }");
    expect(e.backward).toEqual([]);
    const m = await diff("message M { bytes x = 1; }\nmessage N {}", "message M { N x = 1; }\nmessage N {}");
    expect(m.backward).toMatchObject([{ rule: "FIELD_SAME_TYPE", confluent: "FIELD_KIND_CHANGED" }]);
    expect(rules(m.forward)).toEqual(["FIELD_SAME_TYPE"]);
  });

  it("changes inside a referenced message are found through the field (nested messages too)", async () => {
    const d = await diff("message M { N n = 1; message N { string s = 1; } }", "message M { N n = 1; message N { int32 s = 1; } }");
    expect(rules(d.backward)).toContain("FIELD_WIRE_COMPATIBLE_TYPE");
    expect(d.backward.some((v) => v.path === "/M/N/s")).toBe(true);
    expect(rules(d.forward)).toContain("FIELD_WIRE_COMPATIBLE_TYPE");
  });

  it("a field switching between two message types is FIELD_SAME_TYPE", async () => {
    const d = await diff("message M { A x = 1; }\nmessage A {}\nmessage B {}", "message M { B x = 1; }\nmessage A {}\nmessage B {}");
    expect(d.backward).toMatchObject([{ rule: "FIELD_SAME_TYPE", confluent: "FIELD_NAMED_TYPE_CHANGED" }]);
  });

  it("repeated <-> singular is breaking for numbers, fine for strings and messages", async () => {
    const n = await diff("message M { int32 x = 1; }", "message M { repeated int32 x = 1; }");
    expect(rules(n.backward)).toEqual(["FIELD_WIRE_COMPATIBLE_CARDINALITY"]);
    expect(rules(n.forward)).toEqual(["FIELD_WIRE_COMPATIBLE_CARDINALITY"]);
    const s = await diff("message M { string x = 1; }", "message M { repeated string x = 1; }");
    expect(s.backward).toEqual([]);
    expect(s.forward).toEqual([]);
  });

  it("moving one field into a new oneof is fine, two is MULTIPLE_FIELDS_MOVED_TO_ONEOF", async () => {
    const one = await diff("message M { int32 a = 1; int32 b = 2; }", "message M { oneof o { int32 a = 1; } int32 b = 2; }");
    expect(one.backward).toEqual([]);
    const two = await diff("message M { int32 a = 1; int32 b = 2; }", "message M { oneof o { int32 a = 1; int32 b = 2; } }");
    expect(two.backward).toMatchObject([{ rule: "FIELD_SAME_ONEOF", confluent: "MULTIPLE_FIELDS_MOVED_TO_ONEOF" }]);
    // The other way round Confluent sees ONEOF_REMOVED plus FIELD_ADDED, both compatible.
    expect(two.forward).toEqual([]);
  });

  it("moving a field into an existing oneof is FIELD_MOVED_TO_EXISTING_ONEOF", async () => {
    const d = await diff("message M { int32 a = 1; oneof o { int32 b = 2; } }", "message M { oneof o { int32 a = 1; int32 b = 2; } }");
    expect(d.backward).toMatchObject([{ rule: "FIELD_SAME_ONEOF", confluent: "FIELD_MOVED_TO_EXISTING_ONEOF" }]);
  });

  it("removing a oneof member is breaking, adding one is not", async () => {
    const d = await diff("message M { oneof o { int32 a = 1; string b = 2; } }", "message M { oneof o { int32 a = 1; } }");
    expect(d.backward).toMatchObject([{ rule: "FIELD_NO_DELETE", confluent: "ONEOF_FIELD_REMOVED" }]);
    expect(d.forward).toEqual([]);
  });

  it("removing a whole oneof is compatible (ONEOF_REMOVED)", async () => {
    const d = await diff("message M { int32 a = 1; oneof o { int32 b = 2; } }", "message M { int32 a = 1; }");
    expect(d.backward).toEqual([]);
  });

  it("removing or renaming a message is MESSAGE_NO_DELETE; adding one is fine", async () => {
    const d = await diff("message Person { string name = 1; }", "message Human { string name = 1; }");
    expect(d.backward).toMatchObject([{ rule: "MESSAGE_NO_DELETE", confluent: "MESSAGE_REMOVED", path: "/Person" }]);
    expect(d.forward).toMatchObject([{ rule: "MESSAGE_NO_DELETE", path: "/Human" }]);
    const add = await diff("message A {}", "message A {}\nmessage B {}");
    expect(add.backward).toEqual([]);
  });

  it("checks every message of the file, including nested ones", async () => {
    const d = await diff("message A { int32 x = 1; }\nmessage B { message C { int32 y = 1; } }", "message A { int32 x = 1; }\nmessage B { message C { float y = 1; } }");
    expect(d.backward).toMatchObject([{ rule: "FIELD_WIRE_COMPATIBLE_TYPE", path: "/B/C/y" }]);
  });

  it("a changed package is breaking by default (Confluent PACKAGE_CHANGED), ignored with policy karapace", async () => {
    const oldS = await parse('syntax = "proto3";\npackage a1;\nmessage M {}');
    const newS = await parse('syntax = "proto3";\npackage a2;\nmessage M {}');
    expect(protobufFormat.compatibility(newS, oldS)).toMatchObject([{ rule: "FILE_SAME_PACKAGE", confluent: "PACKAGE_CHANGED", line: 2 }]);
    expect(protobufFormat.compatibility(newS, oldS, { policy: { package: "karapace" } })).toEqual([]);
  });

  it("required fields: adding or removing one is MESSAGE_SAME_REQUIRED_FIELDS (proto2)", async () => {
    const h = 'syntax = "proto2";\npackage p;\n';
    const d = await diff("message M { optional int32 a = 1; }", "message M { optional int32 a = 1; required int32 b = 2; }", undefined, h);
    expect(d.backward).toMatchObject([{ rule: "MESSAGE_SAME_REQUIRED_FIELDS", confluent: "REQUIRED_FIELD_ADDED" }]);
    expect(d.forward).toMatchObject([{ rule: "MESSAGE_SAME_REQUIRED_FIELDS", confluent: "REQUIRED_FIELD_REMOVED" }]);
  });

  it("enum values: compatible for Confluent, checked with policy enumValue=buf", async () => {
    const oldB = "enum E { Z = 0; A = 1; B = 2; }";
    const newB = "enum E { Z = 0; A2 = 1; }";
    const d = await diff(oldB, newB);
    expect(d.backward).toEqual([]);
    const b = await diff(oldB, newB, { policy: { enumValue: "buf" } });
    expect(rules(b.backward).sort()).toEqual(["ENUM_VALUE_NO_DELETE", "ENUM_VALUE_SAME_NAME"]);
  });

  it("reserved numbers reused by the reader: checked with policy reserved=buf", async () => {
    const d = await diff("message M { reserved 2; int32 a = 1; }", "message M { int32 a = 1; int32 b = 2; }", { policy: { reserved: "buf" } });
    expect(d.backward).toMatchObject([{ rule: "RESERVED_MESSAGE_NO_DELETE", path: "/M/b" }]);
    expect((await diff("message M { reserved 2; int32 a = 1; }", "message M { int32 a = 1; int32 b = 2; }")).backward).toEqual([]);
  });

  it("a field rename is compatible unless policy fieldName=buf-json", async () => {
    const d = await diff("message M { int32 user_id = 1; }", "message M { int32 account_id = 1; }");
    expect(d.backward).toEqual([]);
    const j = await diff("message M { int32 user_id = 1; }", "message M { int32 account_id = 1; }", { policy: { fieldName: "buf-json" } });
    expect(rules(j.backward)).toEqual(["FIELD_SAME_JSON_NAME"]);
  });

  it("a syntax change is only reported with policy syntax=buf", async () => {
    const oldS = await parse('syntax = "proto2";\npackage p;\nmessage M { optional int32 a = 1; }');
    const newS = await parse('syntax = "proto3";\npackage p;\nmessage M { int32 a = 1; }');
    expect(protobufFormat.compatibility(newS, oldS)).toEqual([]);
    expect(rules(protobufFormat.compatibility(newS, oldS, { policy: { syntax: "buf" } }))).toEqual(["FILE_SAME_SYNTAX"]);
  });

  it("recursive message types terminate", async () => {
    const d = await diff("message Node { Node next = 1; int32 v = 2; }", "message Node { Node next = 1; sint32 v = 2; }");
    expect(rules(d.backward)).toContain("FIELD_WIRE_COMPATIBLE_TYPE");
  });
});

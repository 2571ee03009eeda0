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

  it("a field number change is a removal plus an addition by default (Confluent compares by number), breaking under KARAPACE/APICURIO", async () => {
    const d = await diff("message M {\n  int32 a = 1;\n}", "message M {\n  int32 a = 2;\n}");
    expect(d.backward).toEqual([]);
    expect(d.forward).toEqual([]);
    for (const compatibilityPolicy of ["KARAPACE", "APICURIO"]) {
      const strict = await diff("message M {\n  int32 a = 1;\n}", "message M {\n  int32 a = 2;\n}", { policy: { compatibilityPolicy } });
      expect(strict.backward).toContainEqual(expect.objectContaining({ rule: "FIELD_NO_DELETE", path: "/M/a", line: 4 }));
    }
    const buf = await diff("message M { int32 a = 1; }", "message M { reserved 1; int32 a = 2; }", { policy: { fieldNumber: "buf" } });
    expect(buf.backward).toEqual([]);
    const unreserved = await diff("message M { int32 a = 1; }", "message M { int32 a = 2; }", { policy: { compatibilityPolicy: "BUF" } });
    expect(rules(unreserved.backward)).toContain("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED");
  });

  it("APICURIO also flags renames, removals without a reservation, exact type changes and RPC signature changes", async () => {
    const apicurio = { policy: { compatibilityPolicy: "apicurio" } };
    expect(rules((await diff("message M { int32 a = 1; }", "message M { int32 b = 1; }", apicurio)).backward)).toEqual(["FIELD_SAME_NAME"]);
    expect((await diff("message M { int32 a = 1; }", "message M { int32 b = 1; }")).backward).toEqual([]);
    expect(rules((await diff("message M { int32 a = 1; string s = 2; }", "message M { int32 a = 1; }", apicurio)).backward)).toEqual(["FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED"]);
    expect((await diff("message M { int32 a = 1; string s = 2; }", "message M { int32 a = 1; reserved 2; }", apicurio)).backward).toEqual([]);
    expect(rules((await diff("message M { int32 a = 1; }", "message M { int64 a = 1; }", apicurio)).backward)).toEqual(["FIELD_SAME_TYPE"]);
    const svc = (req: string, extra = "") => `message A {}\nmessage B {}\nservice S {\n  rpc Get(${req}) returns (B);\n${extra}}\n`;
    expect(rules((await diff(svc("A"), svc("B"), apicurio)).backward)).toEqual(["RPC_SAME_REQUEST_TYPE"]);
    expect((await diff(svc("A"), svc("B"))).backward).toEqual([]);
    expect(rules((await diff(svc("A", "  rpc Put(A) returns (A);\n"), svc("A"), apicurio)).backward)).toEqual(["RPC_NO_DELETE"]);
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

  it("labels follow Confluent: only two written, different labels of a scalar field break", async () => {
    const proto2 = 'syntax = "proto2";\npackage p;\n';
    const req = await diff("message M { optional int32 x = 1; }", "message M { required int32 x = 1; }", undefined, proto2);
    expect(req.backward).toMatchObject([{ rule: "MESSAGE_SAME_REQUIRED_FIELDS", confluent: "FIELD_NUMERIC_LABEL_CHANGED", path: "/M/x" }]);
    expect(req.forward).toMatchObject([{ rule: "MESSAGE_SAME_REQUIRED_FIELDS", confluent: "FIELD_NUMERIC_LABEL_CHANGED" }]);
    // FIELD_STRING_OR_BYTES_LABEL_CHANGED is one of Confluent's compatible changes.
    const str = await diff("message M { optional string s = 1; }", "message M { repeated string s = 1; }", undefined, proto2);
    expect(str.backward).toEqual([]);
    expect(str.forward).toEqual([]);
    const en = await diff("message M { optional E e = 1; }\nenum E { Z = 0; }", "message M { repeated E e = 1; }\nenum E { Z = 0; }", undefined, proto2);
    expect(en.backward).toMatchObject([{ confluent: "FIELD_NUMERIC_LABEL_CHANGED" }]);
    // proto3 without a label: Confluent's original label is null, nothing to compare.
    const bare = await diff("message M { int32 x = 1; }", "message M { repeated int32 x = 1; }");
    expect(bare.backward).toEqual([]);
    expect(bare.forward).toEqual([]);
    const opt3 = await diff("message M { optional int32 x = 1; }", "message M { repeated int32 x = 1; }");
    expect(rules(opt3.backward)).toEqual(["FIELD_WIRE_COMPATIBLE_CARDINALITY"]);
    const same = await diff("message M { optional int32 x = 1; }", "message M { int32 x = 1; }");
    expect(same.backward).toEqual([]);
    // Message fields: labels are not compared.
    const msg = await diff("message M { optional N n = 1; }\nmessage N {}", "message M { repeated N n = 1; }\nmessage N {}", undefined, proto2);
    expect(msg.backward).toEqual([]);
  });

  it("policy label=buf: repeated <-> singular is breaking for numbers, fine for strings and messages", async () => {
    const buf = { policy: { label: "buf" } };
    const n = await diff("message M { int32 x = 1; }", "message M { repeated int32 x = 1; }", buf);
    expect(rules(n.backward)).toEqual(["FIELD_WIRE_COMPATIBLE_CARDINALITY"]);
    expect(rules(n.forward)).toEqual(["FIELD_WIRE_COMPATIBLE_CARDINALITY"]);
    const s = await diff("message M { string x = 1; }", "message M { repeated string x = 1; }", buf);
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

  it("shared message types are compared once per pair: 23 levels of two references each", async () => {
    const chain = (type: string): string => {
      let t = "";
      for (let i = 0; i < 23; i++) t += `message M${i} { M${i + 1} a = 1; M${i + 1} b = 2; }\n`;
      return t + `message M23 { ${type} x = 1; }\n`;
    };
    const d = await diff(chain("int32"), chain("string"));
    const named = d.backward.filter((v) => v.confluent === "FIELD_NAMED_TYPE_CHANGED");
    // Every field of every level leads to the broken M23: 2 per level, plus the root violation.
    expect(named).toHaveLength(46);
    expect(d.backward.filter((v) => v.rule === "FIELD_WIRE_COMPATIBLE_TYPE")).toMatchObject([{ path: "/M23/x" }]);
    expect(named.map((v) => v.path)).toContain("/M0/b");
  });

  it("a 1000-message chain neither overflows the stack nor loses the broken leaf", async () => {
    const chain = (type: string): string => {
      let t = "";
      for (let i = 0; i < 1000; i++) t += `message M${i} { M${i + 1} a = 1; }\n`;
      return t + `message M1000 { ${type} x = 1; }\n`;
    };
    const d = await diff(chain("int32"), chain("double"));
    expect(d.backward.filter((v) => v.confluent === "FIELD_NAMED_TYPE_CHANGED")).toHaveLength(1000);
    expect(d.backward.some((v) => v.path === "/M0/a")).toBe(true);
    const ok = await diff(chain("int32"), chain("int64"));
    expect(ok.backward).toEqual([]);
  });

  it("a self-referencing field is not flagged again; a cycle through two messages flags both fields", async () => {
    const self = await diff("message A { A child = 1; int32 x = 2; }", "message A { A child = 1; string x = 2; }");
    expect(self.backward.map((v) => `${v.rule} ${v.path}`)).toEqual(["FIELD_WIRE_COMPATIBLE_TYPE /A/x"]);
    const two = await diff("message A { B b = 1; int32 x = 2; }\nmessage B { A a = 1; }", "message A { B b = 1; string x = 2; }\nmessage B { A a = 1; }");
    expect(two.backward.map((v) => `${v.confluent} ${v.path}`).sort()).toEqual(["FIELD_NAMED_TYPE_CHANGED /A/b", "FIELD_NAMED_TYPE_CHANGED /B/a", "FIELD_SCALAR_KIND_CHANGED /A/x"]);
  });

  it("a renamed field among 40k is found without quadratic lookups", async () => {
    const fields = (prefix: string): string => Array.from({ length: 40000 }, (_, i) => `int32 ${prefix}${i} = ${i + 20001};`).join(" ");
    const d = await diff(`message M { ${fields("a")} }`, `message M { ${fields("b")} }`);
    expect(d.backward).toEqual([]);
  });
});

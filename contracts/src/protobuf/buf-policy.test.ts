/**
 * The registry's `BUF` policy in the registry's terms: buf's rule ids and messages, a JSON Pointer path per
 * element, the reader's own lines, the catalogue's hints, findings in references, and the FULL direction tags.
 */
import { describe, expect, it } from "vitest";
import { checkLevel } from "../compatibility-level.js";
import type { ParsedSchema, ResolvedReference } from "../format.js";
import { protobufFormat } from "./index.js";

const BUF = { policy: { compatibilityPolicy: "BUF" } } as const;

async function parse(text: string, references: readonly ResolvedReference[] = []): Promise<ParsedSchema> {
  const r = await protobufFormat.parse(text, { references });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const p3 = (body: string): string => `syntax = "proto3";\npackage shop.v1;\n${body}`;

describe("BUF policy: violations", () => {
  it("a renamed field: FIELD_SAME_NAME and FIELD_SAME_JSON_NAME at the field, buf's messages, the catalogue's hints", async () => {
    const oldS = await parse(p3("message Order {\n  message Line {\n    int32 user_id = 1;\n  }\n}\n"));
    const newS = await parse(p3("message Order {\n  message Line {\n    int32 account_id = 1;\n  }\n}\n"));
    const v = protobufFormat.compatibility(newS, oldS, BUF);
    expect(v).toEqual([
      expect.objectContaining({ rule: "FIELD_SAME_NAME", path: "/Order/Line/account_id", line: 5, message: 'Field "1" with name "account_id" on message "Line" changed name from "user_id" to "account_id".' }),
      expect.objectContaining({ rule: "FIELD_SAME_JSON_NAME", path: "/Order/Line/account_id", line: 5 }),
    ]);
    expect(v.every((x) => typeof x.hint === "string" && x.confluent === undefined)).toBe(true);
  });

  it("a deleted field is placed at the old field's name, on the message's line; reserving number and name accepts it", async () => {
    const oldS = await parse(p3("message M {\n  int32 a = 1;\n  string b = 2;\n}\n"));
    const deleted = await parse(p3("message M {\n  int32 a = 1;\n}\n"));
    expect(protobufFormat.compatibility(deleted, oldS, BUF).map((x) => [x.rule, x.path, x.line])).toEqual([
      ["FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "/M/b", 3],
      ["FIELD_NO_DELETE_UNLESS_NAME_RESERVED", "/M/b", 3],
    ]);
    const reserved = await parse(p3('message M {\n  reserved 2;\n  reserved "b";\n  int32 a = 1;\n}\n'));
    expect(protobufFormat.compatibility(reserved, oldS, BUF)).toEqual([]);
  });

  it("a map's key and value findings point at the map field; enum values and RPCs have their own paths", async () => {
    const oldS = await parse(p3("enum E {\n  E0 = 0;\n  E1 = 1;\n}\nmessage M {\n  map<string, int32> counts = 1;\n}\nservice S {\n  rpc Get(M) returns (M);\n}\n"));
    const newS = await parse(p3("enum E {\n  E0 = 0;\n  E_ONE = 1;\n}\nmessage M {\n  map<string, int64> counts = 1;\n}\nservice S {\n  rpc Get(stream M) returns (M);\n}\n"));
    expect(protobufFormat.compatibility(newS, oldS, BUF).map((x) => [x.rule, x.path, x.line])).toEqual([
      ["FIELD_WIRE_JSON_COMPATIBLE_TYPE", "/M/counts", 8],
      ["ENUM_VALUE_SAME_NAME", "/E/E_ONE", 5],
      ["RPC_SAME_CLIENT_STREAMING", "/S/Get", 11],
    ]);
  });

  it("removing a message or an enum is compatible (buf WIRE_JSON checks pairs, not deletions); a package change is FILE_SAME_PACKAGE at the file", async () => {
    const oldS = await parse(p3("message A {}\nenum E {\n  E0 = 0;\n}\nmessage M {}\n"));
    expect(protobufFormat.compatibility(await parse(p3("message M {}\n")), oldS, BUF)).toEqual([]);
    const moved = await parse('syntax = "proto3";\npackage shop.v2;\nmessage A {}\nenum E {\n  E0 = 0;\n}\nmessage M {}\n');
    expect(protobufFormat.compatibility(moved, oldS, BUF)).toEqual([expect.objectContaining({ rule: "FILE_SAME_PACKAGE", path: "", line: 2 })]);
  });

  it("references are part of the module: a finding there has no line and names the file and line in its message", async () => {
    const main = p3('import "shop/v1/money.proto";\nmessage Order {\n  Money total = 1;\n}\n');
    const v1 = [{ name: "shop/v1/money.proto", schema: p3("message Money {\n  int64 units = 1;\n  int32 nanos = 2;\n}\n") }];
    const v2 = [{ name: "shop/v1/money.proto", schema: p3("message Money {\n  int64 units = 1;\n  int64 nanos = 2;\n}\n") }];
    const v = protobufFormat.compatibility(await parse(main, v2), await parse(main, v1), BUF);
    expect(v).toEqual([expect.objectContaining({ rule: "FIELD_WIRE_JSON_COMPATIBLE_TYPE", path: "/Money/nanos", message: expect.stringMatching(/^shop\/v1\/money\.proto:5: Field "2" with name "nanos"/) })]);
    expect(v[0]).not.toHaveProperty("line");
  });

  it("well-known imports are not compared, and an unchanged schema with them is compatible", async () => {
    const text = p3('import "google/protobuf/timestamp.proto";\nmessage M {\n  google.protobuf.Timestamp at = 1;\n}\n');
    expect(protobufFormat.compatibility(await parse(text), await parse(text), BUF)).toEqual([]);
  });

  it("FULL: each direction is buf breaking with reader and writer swapped, tagged with its direction", async () => {
    const v1 = await parse(p3("message M {\n  int32 a = 1;\n}\n"));
    const v2 = await parse(p3("message M {\n  int32 a = 1;\n  string b = 2;\n}\n"));
    const verdict = checkLevel(protobufFormat, "FULL", v2, [{ version: 1, schema: v1 }], BUF);
    expect(verdict.compatible).toBe(false);
    // BACKWARD (v2 reads v1) is fine; FORWARD (v1 reads v2) lacks field 2: buf sees it deleted.
    expect(verdict.violations.map((x) => [x.direction, x.rule, x.path])).toEqual([
      ["forward", "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "/M/b"],
      ["forward", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED", "/M/b"],
    ]);
  });

  it("the single keys do not change BUF (they refine the Confluent-style diff only)", async () => {
    const oldS = await parse(p3("message M {\n  int32 a = 1;\n}\n"));
    const newS = await parse(p3("message M {\n  int64 a = 1;\n}\n"));
    const plain = protobufFormat.compatibility(newS, oldS, BUF);
    expect(protobufFormat.compatibility(newS, oldS, { policy: { compatibilityPolicy: "BUF", fieldType: "exact", label: "confluent" } })).toEqual(plain);
    expect(protobufFormat.compatibility(newS, oldS, { policy: { engine: "buf" } })).toEqual(plain);
  });
});

/**
 * PROTOBUF through the REST API: register / lookup / compatibility with references, `referencedby`,
 * `format=serialized`, schemas given as base64 FileDescriptorProto (Confluent's serialized form), the 409
 * message, and bad input as 42201 with its location (never a 500).
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let registry: InjectRegistry;

beforeEach(async () => {
  registry = await openInjectRegistry("charter-pb-api-");
});
afterEach(async () => {
  await registry.close();
});

interface Answer {
  status: number;
  body: Record<string, unknown> & { message?: string; error_code?: number };
}

const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown): Promise<Answer> => registry.call<Answer["body"]>(method, url, payload);

interface Ref {
  name: string;
  subject: string;
  version: number;
}

const register = (subject: string, schema: string, references: Ref[] = []) =>
  call("POST", `/subjects/${encodeURIComponent(subject)}/versions`, { schemaType: "PROTOBUF", schema, references });

async function registered(subject: string, schema: string, references: Ref[] = []): Promise<number> {
  const r = await register(subject, schema, references);
  expect(r, JSON.stringify(r.body)).toMatchObject({ status: 200 });
  return r.body.id as number;
}

async function rejected(answer: Promise<Answer>, pattern: RegExp): Promise<string> {
  const r = await answer;
  expect(r.status, JSON.stringify(r.body)).toBe(422);
  expect(r.body.error_code).toBe(42201);
  expect(r.body.message).toMatch(pattern);
  return r.body.message ?? "";
}

const MONEY = `syntax = "proto3";
package shop.v1;

// Money in minor units.
message Money {
  string currency = 1;
  int64 units = 2;
}
`;

const ORDER = `syntax = "proto3";
package shop.v1;

import "shop/v1/money.proto";
import "google/protobuf/timestamp.proto";

message Order {
  string id = 1;
  Money total = 2;
  google.protobuf.Timestamp placed_at = 3;
  map<string, string> labels = 4;
  message Line { string sku = 1; int32 qty = 2; }
  repeated Line lines = 5;
}

message OrderCancelled {
  string id = 1;
}
`;

function decodeSerialized(b64: unknown) {
  expect(typeof b64).toBe("string");
  return fromBinary(FileDescriptorProtoSchema, Buffer.from(b64 as string, "base64"));
}

describe("PROTOBUF registration with references", () => {
  it("registers an import as a reference, reads text back byte-for-byte, and serves format=serialized", async () => {
    const moneyId = await registered("shop/v1/money.proto", MONEY);
    const refs = [{ name: "shop/v1/money.proto", subject: "shop/v1/money.proto", version: 1 }];
    const orderId = await registered("orders-value", ORDER, refs);
    expect(orderId).not.toBe(moneyId);

    const byId = await call("GET", `/schemas/ids/${orderId}`);
    const version1 = await call("GET", "/subjects/orders-value/versions/1");
    expect(version1.body.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(byId.body).toEqual({ schema: ORDER, schemaType: "PROTOBUF", references: refs, guid: version1.body.guid });
    const raw = await registry.app.inject({ method: "GET", url: `/schemas/ids/${orderId}/schema` });
    expect(raw.body).toBe(ORDER);

    const serialized = await call("GET", `/schemas/ids/${orderId}?format=serialized`);
    expect(serialized.body.references).toEqual(refs);
    expect(serialized.body.schemaType).toBe("PROTOBUF");
    const fd = decodeSerialized(serialized.body.schema);
    expect(fd.package).toBe("shop.v1");
    expect(fd.dependency).toEqual(["shop/v1/money.proto", "google/protobuf/timestamp.proto"]);
    expect(fd.messageType.map((m) => m.name)).toEqual(["Order", "OrderCancelled"]);
    const total = fd.messageType[0]!.field.find((f) => f.name === "total")!;
    expect(total.typeName).toBe(".shop.v1.Money");
    expect(fd.messageType[0]!.nestedType.map((n) => n.name)).toEqual(["LabelsEntry", "Line"]);

    const version = await call("GET", "/subjects/orders-value/versions/1?format=serialized");
    expect(version.body).toMatchObject({ subject: "orders-value", version: 1, id: orderId, references: refs, schemaType: "PROTOBUF" });
    expect(decodeSerialized(version.body.schema)).toEqual(fd);
    const latestRaw = await registry.app.inject({ method: "GET", url: "/subjects/orders-value/versions/latest/schema?format=serialized" });
    expect(latestRaw.body).toBe(serialized.body.schema);
    // Without format (or an unknown one) the text is as stored.
    expect((await call("GET", "/subjects/orders-value/versions/1")).body.schema).toBe(ORDER);

    expect((await call("GET", "/subjects/shop%2Fv1%2Fmoney.proto/versions/1/referencedby")).body).toEqual([orderId]);
    // Lookup with the same text and references finds it; without the references it cannot even parse.
    const lookup = await call("POST", "/subjects/orders-value", { schemaType: "PROTOBUF", schema: ORDER, references: refs });
    expect(lookup.body).toMatchObject({ id: orderId, version: 1 });
    await rejected(call("POST", "/subjects/orders-value", { schemaType: "PROTOBUF", schema: ORDER }), /import "shop\/v1\/money.proto" is not among the references \(line 4, column 1\)/);

    // Compatibility with references: a new field is fine, changing the referenced type of a field is not.
    const added = ORDER.replace("  repeated Line lines = 5;", "  repeated Line lines = 5;\n  Money tax = 6;");
    const retyped = ORDER.replace("  Money total = 2;", "  Line total = 2;");
    const ok = await call("POST", "/compatibility/subjects/orders-value/versions/latest", { schemaType: "PROTOBUF", schema: added, references: refs });
    expect(ok.body).toEqual({ is_compatible: true });
    const bad = await call("POST", "/compatibility/subjects/orders-value/versions/latest?verbose=true", { schemaType: "PROTOBUF", schema: retyped, references: refs });
    expect(bad.body.is_compatible).toBe(false);
    expect(JSON.parse((bad.body.messages as string[])[0]!)).toMatchObject({ errorType: "FIELD_NAMED_TYPE_CHANGED", rule: "FIELD_SAME_TYPE", line: 9 });
    expect((await register("orders-value", added, refs)).body).toMatchObject({ version: 2 });
  });

  it("accepts a schema given as base64 FileDescriptorProto, stores its printed .proto text, and finds it again either way", async () => {
    // A descriptor built by hand (not by Charter), the way the Confluent serializers send one.
    const fd = create(FileDescriptorProtoSchema, {
      name: "events/ping.proto",
      package: "ev",
      syntax: "proto3",
      messageType: [
        {
          name: "Ping",
          field: [
            { name: "seq", number: 1, label: FieldDescriptorProto_Label.OPTIONAL, type: FieldDescriptorProto_Type.INT64, jsonName: "seq" },
            { name: "note", number: 2, label: FieldDescriptorProto_Label.OPTIONAL, type: FieldDescriptorProto_Type.STRING, jsonName: "note", oneofIndex: 0, proto3Optional: true },
          ],
          oneofDecl: [{ name: "_note" }],
        },
      ],
    });
    const b64 = Buffer.from(toBinary(FileDescriptorProtoSchema, fd)).toString("base64");
    const id = await registered("ping-value", b64);
    const stored = (await call("GET", `/schemas/ids/${id}`)).body.schema as string;
    expect(stored).toBe('syntax = "proto3";\npackage ev;\n\nmessage Ping {\n  int64 seq = 1;\n  optional string note = 2;\n}\n');
    // Same schema again as descriptor or as equivalent .proto text: same id, no new version.
    expect((await register("ping-value", b64)).body).toMatchObject({ id, version: 1 });
    const asText = 'syntax = "proto3";\npackage ev;\nmessage Ping { int64 seq = 1; optional string note = 2; }\n';
    expect((await register("ping-value", asText)).body).toMatchObject({ id, version: 1 });
    expect((await call("POST", "/subjects/ping-value", { schemaType: "PROTOBUF", schema: b64 })).body).toMatchObject({ id, version: 1 });
    const back = decodeSerialized((await call("GET", `/schemas/ids/${id}?format=serialized`)).body.schema);
    expect(back.messageType[0]!.field.map((f) => [f.name, f.number, f.proto3Optional])).toEqual([
      ["seq", 1, false],
      ["note", 2, true],
    ]);
  });

  it("checks compatibility (compatibility endpoint and register) and names the buf rule, the Confluent type and the line in the 409", async () => {
    await registered("c-value", 'syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  string y = 2;\n}\n');
    const changed = 'syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  int64 y = 2;\n}\n';
    const compatible = 'syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  string y = 2;\n  bool z = 3;\n}\n';
    expect((await call("POST", "/compatibility/subjects/c-value/versions/latest", { schemaType: "PROTOBUF", schema: compatible })).body).toEqual({ is_compatible: true });
    const verbose = await call("POST", "/compatibility/subjects/c-value/versions?verbose=true", { schemaType: "PROTOBUF", schema: changed });
    expect(verbose.body.is_compatible).toBe(false);
    const first = JSON.parse((verbose.body.messages as string[])[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ errorType: "FIELD_SCALAR_KIND_CHANGED", rule: "FIELD_WIRE_COMPATIBLE_TYPE", line: 4, oldSchemaVersion: 1 });

    const r = await register("c-value", changed);
    expect(r.status).toBe(409);
    expect(r.body.error_code).toBe(409);
    expect(r.body.message).toMatch(/incompatible with an earlier schema for subject "c-value"/);
    expect(r.body.message).toContain('"errorType":"FIELD_SCALAR_KIND_CHANGED"');
    expect(r.body.message).toContain('"rule":"FIELD_WIRE_COMPATIBLE_TYPE"');
    expect(r.body.message).toContain('"line":4');
    expect((await register("c-value", compatible)).body).toMatchObject({ version: 2 });
  });
});

describe("PROTOBUF bad input → 42201 with the location", () => {
  it("syntax error: line and column", async () => {
    const msg = await rejected(register("bad", 'syntax = "proto3";\nmessage A {\n  int32 x = ;\n}\n'), /SCHEMA_SYNTAX/);
    expect(msg).toMatch(/line 3, column 13/);
  });

  it("unknown import: the import's line", async () => {
    await rejected(register("bad", 'syntax = "proto3";\n\nimport "nowhere/x.proto";\nmessage A { int32 x = 1; }\n'), /REFERENCE_UNRESOLVED.*nowhere\/x\.proto.*line 3, column 1/);
  });

  it("a reference to a subject or version that does not exist", async () => {
    await rejected(register("bad", 'syntax = "proto3";\nimport "x.proto";\n', [{ name: "x.proto", subject: "x.proto", version: 1 }]), /Invalid reference 'x.proto'/);
  });

  it("import cycle through references: a.proto → b.proto → a.proto", async () => {
    await registered("a.proto", 'syntax = "proto3";\npackage a;\nmessage A { int32 x = 1; }\n');
    await registered("b.proto", 'syntax = "proto3";\npackage b;\nimport "a.proto";\nmessage B { a.A a = 1; }\n', [{ name: "a.proto", subject: "a.proto", version: 1 }]);
    await call("PUT", "/config/a.proto", { compatibility: "NONE" });
    const cyclic = 'syntax = "proto3";\npackage a;\n\nimport "b.proto";\nmessage A { int32 x = 1; b.B back = 2; }\n';
    await rejected(register("a.proto", cyclic, [{ name: "b.proto", subject: "b.proto", version: 1 }]), /import cycle through references.*imports "b.proto" which imports "a.proto".*line 4, column 1/);
  });

  it("duplicate field numbers: the second field's line", async () => {
    await rejected(register("bad", 'syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  string y = 1;\n}\n'), /field number 1 is used by both x and y in A.*line 4, column 3/);
  });

  it("an edition other than 2023: the edition line", async () => {
    await rejected(register("bad", 'edition = "2024";\nmessage A { int32 x = 1; }\n'), /UNSUPPORTED.*edition "2024".*line 1, column 1/);
    await rejected(register("bad", 'edition = "1999";\nmessage A { int32 x = 1; }\n'), /UNSUPPORTED.*line 1/);
  });

  it("a base64 text that is not a descriptor keeps the .proto syntax error", async () => {
    await rejected(register("bad", "SGVsbG8gd29ybGQ="), /SCHEMA_SYNTAX.*line 1/);
  });

  it("a message with 10,000 fields answers quickly (registered), and a duplicate among them is a clean 42201", async () => {
    const fields = Array.from({ length: 10_000 }, (_, i) => `  int32 f${i + 1} = ${i + 1};`);
    const text = `syntax = "proto3";\nmessage Wide {\n${fields.join("\n")}\n}\n`;
    let t = performance.now();
    const id = await registered("wide", text);
    const registerMs = performance.now() - t;
    t = performance.now();
    const serialized = await call("GET", `/schemas/ids/${id}?format=serialized`);
    const serializedMs = performance.now() - t;
    expect(decodeSerialized(serialized.body.schema).messageType[0]!.field).toHaveLength(10_000);
    // The same 10,000 fields given as a serialized descriptor: printed, parsed, same identity.
    t = performance.now();
    expect(await registered("wide-b64", serialized.body.schema as string)).toBe(id);
    const descriptorMs = performance.now() - t;
    const dup = text.replace("int32 f10000 = 10000;", "int32 f10000 = 5000;");
    t = performance.now();
    await rejected(register("wide2", dup), /field number 5000 is used by both f5000 and f10000.*line 10002, column 3/);
    const rejectMs = performance.now() - t;
    console.log(`10,000-field message: register ${registerMs.toFixed(0)} ms, format=serialized ${serializedMs.toFixed(0)} ms, as base64 descriptor ${descriptorMs.toFixed(0)} ms, duplicate rejected ${rejectMs.toFixed(0)} ms`);
    expect(registerMs).toBeLessThan(5_000);
    expect(rejectMs).toBeLessThan(5_000);
    expect(descriptorMs).toBeLessThan(5_000);
  });
});

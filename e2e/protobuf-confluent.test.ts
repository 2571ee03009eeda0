/**
 * The Confluent JavaScript Protobuf serde against a real Charter registry. The message descriptors come from an
 * independent compiler (`buf build` over a .proto written here), not from Charter: the serializer registers the
 * files as base64 FileDescriptorProtos (the dependency under its own subject, as a reference), frames messages
 * with their message indexes, and a fresh deserializer fetches the schema and its reference with
 * `format=serialized` and decodes. Messages other than the first (index [1] and nested [1, 0]) are used on
 * purpose: they only decode right if the registry keeps message order.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, createFileRegistry, createMutableRegistry, fromBinary, toBinary, toJson, type DescMessage, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ProtobufDeserializer, ProtobufSerializer, SchemaRegistryClient, SerdeType } from "@confluentinc/schemaregistry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestRegistry, type TestRegistry } from "./helpers.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));

const COMMON = `syntax = "proto3";
package charter.e2e.v1;

message Money {
  string currency = 1;
  int64 units = 2;
}
`;

const EVENTS = `syntax = "proto3";
package charter.e2e.v1;

import "charter/e2e/v1/common.proto";
import "google/protobuf/timestamp.proto";

// Index [0]: deliberately not the message we send.
message Envelope {
  string trace_id = 1;
}

// Index [1].
message OrderPlaced {
  // Index [1, 0].
  message Line {
    string sku = 1;
    int32 qty = 2;
  }
  string order_id = 1;
  Money total = 2;
  google.protobuf.Timestamp placed_at = 3;
  repeated Line lines = 4;
  map<string, string> labels = 5;
  oneof payment {
    string card_token = 6;
    string voucher = 7;
  }
  optional string note = 8;
}
`;

// protovalidate's extension as its documentation describes it (a subset, written here): FieldOptions and
// MessageOptions field 1159.
const VALIDATE = `syntax = "proto2";
package buf.validate;
import "google/protobuf/descriptor.proto";
extend google.protobuf.MessageOptions { optional MessageRules message = 1159; }
extend google.protobuf.FieldOptions { optional FieldRules field = 1159; }
message Rule { optional string id = 1; optional string message = 2; optional string expression = 3; }
message MessageRules { repeated Rule cel = 3; }
message FieldRules {
  repeated Rule cel = 23;
  optional bool required = 25;
  oneof type { Int32Rules int32 = 3; StringRules string = 14; }
}
message Int32Rules { optional int32 const = 1; oneof greater_than { int32 gt = 4; int32 gte = 5; } repeated int32 in = 6; }
message StringRules { optional uint64 min_len = 2; optional uint64 max_len = 3; repeated string in = 10; }
`;

const VALIDATED = `syntax = "proto3";
package charter.e2e.v1;

import "buf/validate/validate.proto";

message Shipment {
  option (buf.validate.message).cel = { id: "qty.positive", expression: "this.qty > 0" };
  string id = 1 [(buf.validate.field).string.max_len = 36, (buf.validate.field).required = true];
  int32 qty = 2 [(buf.validate.field).int32 = { gt: 0, in: [1, 2, 3] }];
  string carrier = 3 [(buf.validate.field).string = { in: ["dhl", "ups"] min_len: 1 }];
}
`;

let registry: TestRegistry;
let tmp: string;
let files: FileRegistry;

beforeAll(async () => {
  registry = await startTestRegistry();
  tmp = mkdtempSync(join(tmpdir(), "charter-pb-serde-"));
  const src = join(tmp, "src");
  for (const [path, text] of [
    ["charter/e2e/v1/common.proto", COMMON],
    ["charter/e2e/v1/events.proto", EVENTS],
    ["buf/validate/validate.proto", VALIDATE],
    ["charter/e2e/v1/validated.proto", VALIDATED],
  ] as const) {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  execFileSync("npx", ["buf", "build", src, "-o", join(tmp, "out.binpb")], { cwd: REPO, stdio: "pipe" });
  files = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(join(tmp, "out.binpb"))));
});
afterAll(async () => {
  await registry?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function message(typeName: string): DescMessage {
  const desc = files.getMessage(typeName);
  if (!desc) throw new Error(`${typeName} not in the buf output`);
  return desc;
}

describe("@confluentinc/schemaregistry ProtobufSerializer / ProtobufDeserializer", () => {
  it("round-trips the second top-level message (message index [1]) with a referenced dependency", async () => {
    const orderPlaced = message("charter.e2e.v1.OrderPlaced");
    const client = new SchemaRegistryClient({ baseURLs: [registry.url] });
    const serializer = new ProtobufSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: true, registry: createMutableRegistry(files) });
    const msg = create(orderPlaced, {
      orderId: "o-42",
      total: { currency: "EUR", units: 1999n },
      placedAt: timestampFromDate(new Date("2026-01-02T03:04:05Z")),
      lines: [
        { sku: "a", qty: 2 },
        { sku: "b", qty: 1 },
      ],
      labels: { channel: "web" },
      payment: { case: "voucher", value: "V-1" },
      note: "gift",
    });
    const bytes = await serializer.serialize("pb-orders", msg);

    // Wire format: magic 0, the id of the latest version of pb-orders-value, then the message-index array [1]
    // (zig-zag varints: count 1 → 0x02, index 1 → 0x02), then the payload.
    const latest = await api(registry.url, "GET", "/subjects/pb-orders-value/versions/latest");
    const id = (latest.body as { id: number }).id;
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    expect([...bytes.subarray(5, 7)]).toEqual([0x02, 0x02]);

    // The dependency was registered under its own subject and is referenced; the stored text is .proto.
    expect(latest.body).toMatchObject({
      schemaType: "PROTOBUF",
      references: [{ name: "charter/e2e/v1/common.proto", subject: "charter/e2e/v1/common.proto", version: 1 }],
    });
    expect((latest.body as { schema: string }).schema).toContain("message OrderPlaced {");
    const dep = await api(registry.url, "GET", `/subjects/${encodeURIComponent("charter/e2e/v1/common.proto")}/versions/1/referencedby`);
    expect(dep.body).toEqual([id]);

    // A fresh deserializer (no caches) fetches the writer schema and its reference with format=serialized.
    const deserializer = new ProtobufDeserializer(new SchemaRegistryClient({ baseURLs: [registry.url] }), SerdeType.VALUE, {});
    const decoded = (await deserializer.deserialize("pb-orders", bytes)) as { $typeName: string };
    expect(decoded.$typeName).toBe("charter.e2e.v1.OrderPlaced");
    const readerDesc = deserializer.fileRegistry.getMessage("charter.e2e.v1.OrderPlaced");
    expect(readerDesc).toBeDefined();
    expect(toJson(readerDesc!, decoded as never)).toEqual(toJson(orderPlaced, msg));

    // Registering the same message again is idempotent (lookup by the serialized descriptor).
    const again = await new ProtobufSerializer(new SchemaRegistryClient({ baseURLs: [registry.url] }), SerdeType.VALUE, {
      autoRegisterSchemas: true,
      registry: createMutableRegistry(files),
    }).serialize("pb-orders", msg);
    expect(again.readInt32BE(1)).toBe(id);
    expect((await api(registry.url, "GET", "/subjects/pb-orders-value/versions")).body).toEqual([1]);
  });

  it("round-trips a nested message (message index [1, 0])", async () => {
    const line = message("charter.e2e.v1.OrderPlaced.Line");
    const client = new SchemaRegistryClient({ baseURLs: [registry.url] });
    const serializer = new ProtobufSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: true, registry: createMutableRegistry(files) });
    const msg = create(line, { sku: "nested", qty: 7 });
    const bytes = await serializer.serialize("pb-lines", msg);
    const id = bytes.readInt32BE(1);
    // count 2 → 0x04, then 1 → 0x02, 0 → 0x00.
    expect([...bytes.subarray(5, 8)]).toEqual([0x04, 0x02, 0x00]);
    const deserializer = new ProtobufDeserializer(new SchemaRegistryClient({ baseURLs: [registry.url] }), SerdeType.VALUE, {});
    const decoded = (await deserializer.deserialize("pb-lines", bytes)) as { $typeName: string; sku: string; qty: number };
    expect(decoded.$typeName).toBe("charter.e2e.v1.OrderPlaced.Line");
    expect({ sku: decoded.sku, qty: decoded.qty }).toEqual({ sku: "nested", qty: 7 });
    // The same file under another subject: same schema id as the [1] case (ids are global).
    const orders = await api(registry.url, "GET", "/subjects/pb-orders-value/versions/latest");
    expect(id).toBe((orders.body as { id: number }).id);
  });

  it("keeps protovalidate options: format=serialized equals buf build's descriptor, byte for byte", async () => {
    const shipment = message("charter.e2e.v1.Shipment");
    const serializer = new ProtobufSerializer(new SchemaRegistryClient({ baseURLs: [registry.url] }), SerdeType.VALUE, {
      autoRegisterSchemas: true,
      registry: createMutableRegistry(files),
    });
    const msg = create(shipment, { id: "s-1", qty: 2, carrier: "dhl" });
    const bytes = await serializer.serialize("pb-shipments", msg);
    const id = bytes.readInt32BE(1);
    // Registered as buf's descriptor, printed as .proto with the options as text.
    const stored = await api(registry.url, "GET", `/schemas/ids/${id}`);
    expect((stored.body as { schema: string }).schema).toContain("(buf.validate.field) = { required: true string { max_len: 36 } }");
    const served = await api(registry.url, "GET", `/schemas/ids/${id}?format=serialized`);
    const ours = fromBinary(FileDescriptorProtoSchema, Buffer.from((served.body as { schema: string }).schema, "base64"));
    // buf's own descriptor, without its source info and its vendor field 8042.
    const theirs = files.getFile("charter/e2e/v1/validated.proto")!.proto;
    const expected = { ...theirs, name: ours.name, sourceCodeInfo: undefined, $unknown: theirs.$unknown?.filter((u) => u.no < 1000) };
    expect(Buffer.from(toBinary(FileDescriptorProtoSchema, ours)).toString("hex")).toBe(Buffer.from(toBinary(FileDescriptorProtoSchema, expected)).toString("hex"));
    // …and a fresh deserializer reads it back.
    const deserializer = new ProtobufDeserializer(new SchemaRegistryClient({ baseURLs: [registry.url] }), SerdeType.VALUE, {});
    const decoded = (await deserializer.deserialize("pb-shipments", bytes)) as { id: string; qty: number; carrier: string };
    expect({ id: decoded.id, qty: decoded.qty, carrier: decoded.carrier }).toEqual({ id: "s-1", qty: 2, carrier: "dhl" });
  });
});

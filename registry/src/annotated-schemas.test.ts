/**
 * Real-world schemas the registry used to refuse (issue 11): Protobuf with text-format option literals
 * (protovalidate, Confluent `meta.proto`) and draft-07 JSON Schemas with a legacy `id`. They register, come back
 * byte for byte, and (Protobuf) serialize to a descriptor that keeps the literal (as an extension field).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let r: InjectRegistry;
beforeEach(async () => {
  r = await openInjectRegistry("charter-annotated-");
});
afterEach(async () => {
  await r.close();
});

// Written for this test in the shape of Confluent's confluent/meta.proto and protovalidate's validate.proto.
const meta = `syntax = "proto3";
package confluent;
import "google/protobuf/descriptor.proto";
message Meta { string doc = 1; map<string, string> params = 2; repeated string tags = 3; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
`;
const validate = `syntax = "proto2";
package buf.validate;
import "google/protobuf/descriptor.proto";
import "google/protobuf/duration.proto";
extend google.protobuf.FieldOptions { optional FieldRules field = 1159; }
message FieldRules { oneof type { DurationRules duration = 21; } }
message DurationRules { repeated google.protobuf.Duration in = 7; }
`;
const order = `syntax = "proto3";
package shop;

import "buf/validate/validate.proto";
import "confluent/meta.proto";
import "google/protobuf/duration.proto";

message Order {
  string amount = 1 [(confluent.field_meta) = { params: [{ key: "precision", value: "8" }], tags: [] }];
  google.protobuf.Duration ttl = 2 [(buf.validate.field).duration = { in: [<seconds: 1>, {seconds: 60}] }];
}
`;

describe("annotated schemas register and round-trip", () => {
  it("Protobuf with protovalidate and Confluent meta option literals", async () => {
    expect((await r.call("POST", "/subjects/confluent%2Fmeta.proto/versions", { schemaType: "PROTOBUF", schema: meta })).status).toBe(200);
    expect((await r.call("POST", "/subjects/buf%2Fvalidate%2Fvalidate.proto/versions", { schemaType: "PROTOBUF", schema: validate })).status).toBe(200);
    const references = [
      { name: "buf/validate/validate.proto", subject: "buf/validate/validate.proto", version: 1 },
      { name: "confluent/meta.proto", subject: "confluent/meta.proto", version: 1 },
    ];
    const reg = await r.call("POST", "/subjects/orders-value/versions", { schemaType: "PROTOBUF", schema: order, references });
    expect(reg.status, JSON.stringify(reg.body)).toBe(200);
    const id = (reg.body as { id: number }).id;
    const back = await r.call("GET", `/schemas/ids/${id}`);
    expect((back.body as { schema: string }).schema).toBe(order);
    const serialized = await r.call("GET", `/schemas/ids/${id}?format=serialized`);
    expect(serialized.status).toBe(200);
    const b64 = (serialized.body as { schema: string }).schema;
    // The literal is the extension field confluent.field_meta (FieldOptions 1088, tag 82 44) holding
    // Meta{params{key: "precision" value: "8"}}, as buf build writes it.
    expect(Buffer.from(b64, "base64").toString("hex")).toContain("8244" + "10" + "120e" + "0a09" + Buffer.from("precision").toString("hex") + "120138");
    // Registered back as a serialized descriptor (as Confluent serializers do), it prints as .proto with the
    // options and serializes to the same descriptor.
    const copy = await r.call("POST", "/subjects/orders-copy-value/versions", { schemaType: "PROTOBUF", schema: b64, references });
    expect(copy.status, JSON.stringify(copy.body)).toBe(200);
    const copyId = (copy.body as { id: number }).id;
    const printed = await r.call("GET", `/schemas/ids/${copyId}`);
    expect((printed.body as { schema: string }).schema).toContain('(confluent.field_meta) = { params { key: "precision" value: "8" } }');
    const copySerialized = await r.call("GET", `/schemas/ids/${copyId}?format=serialized`);
    expect((copySerialized.body as { schema: string }).schema).toBe(b64);
    // A value that does not fit its definition is refused, naming the option.
    const bad = await r.call("POST", "/subjects/orders-value/versions", { schemaType: "PROTOBUF", schema: order.replace("tags: []", 'tag: "x"'), references });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("has no field named tag");
  });

  it("draft-07 JSON Schema with a legacy id and unknown keywords", async () => {
    const schema = JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", id: "urn:shop:order", javaType: "shop.Order", type: "object", properties: { qty: { type: "integer" } } });
    const reg = await r.call("POST", "/subjects/json-orders-value/versions", { schemaType: "JSON", schema });
    expect(reg.status, JSON.stringify(reg.body)).toBe(200);
    const back = await r.call("GET", `/schemas/ids/${(reg.body as { id: number }).id}`);
    expect((back.body as { schema: string }).schema).toBe(schema);
  });
});

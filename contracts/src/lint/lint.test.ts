import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ParsedSchema, SchemaType } from "../format.js";
import { getFormat } from "../formats.js";
import { readsAsFact } from "./event-names.js";
import { lintSchema, type LintOptions } from "./lint.js";
import type { LintFinding, LintRule } from "./rule.js";

const CORPUS = join(import.meta.dirname, "../../../../shared/corpus");

async function parse(type: SchemaType, text: string, references: ReadonlyArray<{ name: string; schema: string }> = []): Promise<ParsedSchema> {
  const r = await getFormat(type)!.parse(text, { references });
  if (!r.ok) throw new Error(`${type}: ${r.error.message}`);
  return r.value;
}

/** Findings of one rule only (the others set to off), for the hand-written cases. */
async function only(rule: string, type: SchemaType, text: string, previous?: string, options: LintOptions["rules"] = {}): Promise<LintFinding[]> {
  const schema = await parse(type, text);
  const prev = previous !== undefined ? await parse(type, previous) : undefined;
  const all = lintSchema(schema, { ...(prev ? { previous: prev } : {}), rules: { TOPIC_PER_DOMAIN: "warning", ...options } });
  return all.filter((f) => f.rule === rule);
}

/** The 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i + 1;
}

const avro = (name: string, fields: string): string => `{
  "type": "record",
  "name": "${name}",
  "namespace": "com.example",
  "doc": "An event.",
  "fields": [
${fields}
  ]
}`;
const ID = `    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}, "doc": "Event id."}`;

const asyncapi = (messages: string, channels = ""): string => `asyncapi: 3.0.0
info: { title: T, version: 1.0.0 }
channels:
  orders:
    address: orders
    messages:
${messages}
${channels}`;

describe("event names", () => {
  it("reads past-tense names as facts, commands and nouns as not", () => {
    for (const n of ["OrderCreated", "UserSignedUp", "PaymentFailedEvent", "order.shipped", "OrderSent", "OrderCreatedV2", "com.example.OrderPaid", "approval-created-event", "lightMeasured"]) expect(readsAsFact(n), n).toBe(true);
    for (const n of ["CreateOrder", "Order", "OrderFeed", "turnOnOff", "dimLight", "PlayEvent"]) expect(readsAsFact(n), n).toBe(false);
  });
});

describe("EVENT_NAME_PAST_TENSE", () => {
  it("Avro: flags the root record's name on its line; clean for a past-tense name", async () => {
    const bad = avro("CreateOrder", ID);
    const f = await only("EVENT_NAME_PAST_TENSE", "AVRO", bad);
    expect(f).toMatchObject([{ severity: "warning", path: "/name", line: lineOf(bad, '"name": "CreateOrder"') }]);
    expect(await only("EVENT_NAME_PAST_TENSE", "AVRO", avro("OrderCreated", ID))).toEqual([]);
  });
  it("JSON Schema: reads the title", async () => {
    const bad = `{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "title": "CreateOrder",\n  "type": "object",\n  "properties": {"id": {"type": "string"}}\n}`;
    expect(await only("EVENT_NAME_PAST_TENSE", "JSON", bad)).toMatchObject([{ path: "/title", line: 3 }]);
    expect(await only("EVENT_NAME_PAST_TENSE", "JSON", bad.replace("CreateOrder", "OrderCreated"))).toEqual([]);
  });
  it("Protobuf: top-level messages no other message uses", async () => {
    const text = `syntax = "proto3";\npackage p;\n\nmessage CreateOrder {\n  string id = 1;\n  Line line = 2;\n}\n\nmessage Line {\n  string sku = 1;\n}\n`;
    expect(await only("EVENT_NAME_PAST_TENSE", "PROTOBUF", text)).toMatchObject([{ path: "/CreateOrder", line: 4 }]);
    expect(await only("EVENT_NAME_PAST_TENSE", "PROTOBUF", text.replace("CreateOrder", "OrderCreated"))).toEqual([]);
  });
  it("AsyncAPI: the message name, on its line; the allow option", async () => {
    const text = asyncapi(`      placeOrder:\n        name: PlaceOrder\n        payload: { type: object }`);
    expect(await only("EVENT_NAME_PAST_TENSE", "ASYNCAPI", text)).toMatchObject([{ line: lineOf(text, "name: PlaceOrder") }]);
    expect(await only("EVENT_NAME_PAST_TENSE", "ASYNCAPI", text, undefined, { EVENT_NAME_PAST_TENSE: { options: { allow: ["PlaceOrder"] } } })).toEqual([]);
  });
});

describe("EVENT_ID_REQUIRED", () => {
  it("Avro: an error at the record when no field is an id; clean with one", async () => {
    const bad = avro("OrderCreated", `    {"name": "orderId", "type": "string", "doc": "The order."}`);
    expect(await only("EVENT_ID_REQUIRED", "AVRO", bad)).toMatchObject([{ severity: "error", path: "", line: 1 }]);
    expect(await only("EVENT_ID_REQUIRED", "AVRO", avro("OrderCreated", ID))).toEqual([]);
  });
  it("JSON Schema: eventId counts, and an envelope's id (CDEvents context.id)", async () => {
    const schema = (props: string) => `{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {${props}}}`;
    expect(await only("EVENT_ID_REQUIRED", "JSON", schema(`"orderId": {"type": "string"}`))).toHaveLength(1);
    expect(await only("EVENT_ID_REQUIRED", "JSON", schema(`"event_id": {"type": "string"}`))).toEqual([]);
    expect(await only("EVENT_ID_REQUIRED", "JSON", schema(`"context": {"type": "object", "properties": {"id": {"type": "string"}}}`))).toEqual([]);
  });
  it("Protobuf: on the message line", async () => {
    const text = `syntax = "proto3";\n\nmessage OrderCreated {\n  string order_id = 1;\n}\n`;
    expect(await only("EVENT_ID_REQUIRED", "PROTOBUF", text)).toMatchObject([{ path: "/OrderCreated", line: 3 }]);
    expect(await only("EVENT_ID_REQUIRED", "PROTOBUF", text.replace("order_id", "event_id"))).toEqual([]);
  });
  it("AsyncAPI: a ce_id header satisfies it", async () => {
    const bad = asyncapi(`      created:\n        name: OrderCreated\n        payload: { type: object, properties: { orderId: { type: string } } }`);
    expect(await only("EVENT_ID_REQUIRED", "ASYNCAPI", bad)).toMatchObject([{ line: lineOf(bad, "created:") }]);
    const good = bad.replace("        payload:", "        headers: { type: object, properties: { ce_id: { type: string } } }\n        payload:");
    expect(await only("EVENT_ID_REQUIRED", "ASYNCAPI", good)).toEqual([]);
  });
});

describe("CLOUDEVENTS_ATTRIBUTES", () => {
  const headers = (names: string[]) => `        headers:\n          type: object\n          properties:\n${names.map((n) => `            ${n}: { type: string }`).join("\n")}\n`;
  it("binary mode: all four ce_ headers are clean; a missing one is reported at the headers", async () => {
    const good = asyncapi(`      created:\n        name: OrderCreated\n${headers(["ce_id", "ce_source", "ce_specversion", "ce_type"])}        payload: { type: object }`);
    expect(await only("CLOUDEVENTS_ATTRIBUTES", "ASYNCAPI", good)).toEqual([]);
    const bad = asyncapi(`      created:\n        name: OrderCreated\n${headers(["ce_id", "ce_source"])}        payload: { type: object }`);
    const f = await only("CLOUDEVENTS_ATTRIBUTES", "ASYNCAPI", bad);
    expect(f).toMatchObject([{ severity: "warning", line: lineOf(bad, "headers:") }]);
    expect(f[0]!.message).toContain("specversion, type");
  });
  it("structured mode: the attributes as payload properties are clean", async () => {
    const good = asyncapi(`      created:\n        name: OrderCreated\n        contentType: application/cloudevents+json\n        payload: { type: object, properties: { id: { type: string }, source: { type: string }, specversion: { type: string }, type: { type: string }, data: { type: object } } }`);
    expect(await only("CLOUDEVENTS_ATTRIBUTES", "ASYNCAPI", good)).toEqual([]);
  });
});

describe("FIELD_DEFAULT_REQUIRED", () => {
  it("Avro: a field added without a default is an error on its line; with a default it is clean; nothing without a previous version", async () => {
    const v1 = avro("OrderCreated", ID);
    const v2 = avro("OrderCreated", `${ID},\n    {"name": "channel", "type": "string", "doc": "Sales channel."}`);
    expect(await only("FIELD_DEFAULT_REQUIRED", "AVRO", v2, v1)).toMatchObject([{ severity: "error", path: "/fields/1", line: lineOf(v2, '"channel"') }]);
    expect(await only("FIELD_DEFAULT_REQUIRED", "AVRO", v2.replace('"doc": "Sales channel."', '"doc": "Sales channel.", "default": "web"'), v1)).toEqual([]);
    expect(await only("FIELD_DEFAULT_REQUIRED", "AVRO", v2)).toEqual([]);
  });
  it("Avro: a renamed field keeping the old name as alias is not new", async () => {
    const v1 = avro("OrderCreated", `${ID},\n    {"name": "chan", "type": "string", "doc": "c"}`);
    const v2 = avro("OrderCreated", `${ID},\n    {"name": "channel", "aliases": ["chan"], "type": "string", "doc": "c"}`);
    expect(await only("FIELD_DEFAULT_REQUIRED", "AVRO", v2, v1)).toEqual([]);
  });
  it("Protobuf proto2: an optional field added without [default] and a required one; proto3 never", async () => {
    const v1 = `syntax = "proto2";\n\nmessage OrderCreated {\n  optional string id = 1;\n}\n`;
    const v2 = `syntax = "proto2";\n\nmessage OrderCreated {\n  optional string id = 1;\n  optional int32 count = 2;\n  required string region = 3;\n  optional string note = 4 [default = "none"];\n}\n`;
    expect(await only("FIELD_DEFAULT_REQUIRED", "PROTOBUF", v2, v1)).toMatchObject([
      { path: "/OrderCreated/count", line: 5 },
      { path: "/OrderCreated/region", line: 6 },
    ]);
    const p3 = (extra: string) => `syntax = "proto3";\n\nmessage OrderCreated {\n  string id = 1;\n${extra}}\n`;
    expect(await only("FIELD_DEFAULT_REQUIRED", "PROTOBUF", p3("  optional int32 count = 2;\n"), p3(""))).toEqual([]);
  });
  it("AsyncAPI: an Avro payload's added field", async () => {
    const doc = (fields: string) =>
      asyncapi(`      paid:\n        name: PaymentCompleted\n        payload:\n          schemaFormat: application/vnd.apache.avro;version=1.9.0\n          schema:\n            type: record\n            name: PaymentCompleted\n            fields:\n              - { name: id, type: string }\n${fields}`);
    const v2 = doc(`              - { name: amount, type: double }\n`);
    expect(await only("FIELD_DEFAULT_REQUIRED", "ASYNCAPI", v2, doc(""))).toMatchObject([{ line: lineOf(v2, "name: amount") }]);
  });
});

describe("FIELD_REMOVED_WITHOUT_DEPRECATION", () => {
  it("Avro: removal of an undeprecated field is reported at the record; deprecated first is clean", async () => {
    const v1 = avro("OrderCreated", `${ID},\n    {"name": "legacy", "type": "string", "doc": "Old."}`);
    const v2 = avro("OrderCreated", ID);
    expect(await only("FIELD_REMOVED_WITHOUT_DEPRECATION", "AVRO", v2, v1)).toMatchObject([{ severity: "error", path: "", line: 1 }]);
    expect(await only("FIELD_REMOVED_WITHOUT_DEPRECATION", "AVRO", v2, v1.replace('"doc": "Old."', '"doc": "Old.", "deprecated": true'))).toEqual([]);
    expect(await only("FIELD_REMOVED_WITHOUT_DEPRECATION", "AVRO", v2, v1.replace('"doc": "Old."', '"doc": "Deprecated: use id."'))).toEqual([]);
  });
  it("JSON Schema: deprecated: true", async () => {
    const s = (extra: string) => `{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n  "type": "object",\n  "properties": {\n    "id": {"type": "string"}${extra}\n  }\n}`;
    const v1 = s(`,\n    "legacy": {"type": "string"}`);
    expect(await only("FIELD_REMOVED_WITHOUT_DEPRECATION", "JSON", s(""), v1)).toMatchObject([{ path: "", line: 1 }]);
    expect(await only("FIELD_REMOVED_WITHOUT_DEPRECATION", "JSON", s(""), v1.replace(`"legacy": {"type": "string"}`, `"legacy": {"type": "string", "deprecated": true}`))).toEqual([]);
  });
  it("Protobuf: [deprecated = true]; a renamed field (same number) is not removed", async () => {
    const v1 = `syntax = "proto3";\n\nmessage OrderCreated {\n  string id = 1;\n  string legacy = 2;\n}\n`;
    const v2 = `syntax = "proto3";\n\nmessage OrderCreated {\n  string id = 1;\n  reserved 2;\n  reserved "legacy";\n}\n`;
    expect(await only("FIELD_REMOVED_WITHOUT_DEPRECATION", "PROTOBUF", v2, v1)).toMatchObject([{ path: "/OrderCreated", line: 3 }]);
    expect(await only("FIELD_REMOVED_WITHOUT_DEPRECATION", "PROTOBUF", v2, v1.replace("legacy = 2;", "legacy = 2 [deprecated = true];"))).toEqual([]);
    expect(await only("FIELD_REMOVED_WITHOUT_DEPRECATION", "PROTOBUF", v1.replace("legacy = 2", "old_legacy = 2"), v1)).toEqual([]);
  });
  it("AsyncAPI: a JSON payload property removed", async () => {
    const doc = (extra: string) => asyncapi(`      created:\n        name: OrderCreated\n        payload:\n          type: object\n          properties:\n            id: { type: string }\n${extra}`);
    const v2 = doc("");
    expect(await only("FIELD_REMOVED_WITHOUT_DEPRECATION", "ASYNCAPI", v2, doc("            legacy: { type: string }\n"))).toMatchObject([{ line: lineOf(v2, "payload:") }]);
  });
});

describe("PROTOBUF_RESERVE_REMOVED", () => {
  const v1 = `syntax = "proto3";\n\nmessage OrderCreated {\n  string id = 1;\n  string legacy = 2 [deprecated = true];\n}\n`;
  it("a removed field without reserved number and name is an error at the message", async () => {
    const v2 = `syntax = "proto3";\n\nmessage OrderCreated {\n  string id = 1;\n}\n`;
    const f = await only("PROTOBUF_RESERVE_REMOVED", "PROTOBUF", v2, v1);
    expect(f).toMatchObject([{ severity: "error", path: "/OrderCreated", line: 3 }]);
    expect(f[0]!.message).toContain('number 2 and name "legacy"');
  });
  it("reserving only the number still reports the name; both reserved is clean", async () => {
    const numberOnly = `syntax = "proto3";\n\nmessage OrderCreated {\n  string id = 1;\n  reserved 2;\n}\n`;
    expect((await only("PROTOBUF_RESERVE_REMOVED", "PROTOBUF", numberOnly, v1))[0]!.message).toContain('name "legacy"');
    const both = `syntax = "proto3";\n\nmessage OrderCreated {\n  string id = 1;\n  reserved 2 to 3;\n  reserved "legacy";\n}\n`;
    expect(await only("PROTOBUF_RESERVE_REMOVED", "PROTOBUF", both, v1)).toEqual([]);
  });
});

describe("PROTOBUF_RESERVE_REMOVED in AsyncAPI", () => {
  it("a Protobuf payload's removed field, on the payload message's line in the document", async () => {
    const doc = (fields: string) =>
      asyncapi(`      shipped:\n        name: OrderShipped\n        payload:\n          schemaFormat: application/vnd.google.protobuf;version=3\n          schema: |\n            syntax = "proto3";\n            message OrderShipped {\n              string id = 1;\n${fields}            }\n`);
    const v2 = doc("");
    const f = await only("PROTOBUF_RESERVE_REMOVED", "ASYNCAPI", v2, doc("              string carrier = 2;\n"));
    expect(f).toMatchObject([{ severity: "error", line: lineOf(v2, "message OrderShipped") }]);
    expect(f[0]!.path).toMatch(/\/payload\/schema\/OrderShipped$/);
  });
});

describe("PAYLOAD_SIZE", () => {
  it("Avro: unbounded strings on their line; maxLength / uuid bound them", async () => {
    const bad = avro("OrderCreated", `${ID},\n    {"name": "note", "type": "string", "doc": "n"}`);
    expect(await only("PAYLOAD_SIZE", "AVRO", bad)).toMatchObject([{ severity: "warning", path: "/fields/1/type", line: lineOf(bad, '"note"') }]);
    expect(await only("PAYLOAD_SIZE", "AVRO", bad.replace(`"type": "string", "doc": "n"`, `"type": {"type": "string", "maxLength": 200}, "doc": "n"`))).toEqual([]);
  });
  it("Avro: over the limit", async () => {
    const big = avro("OrderCreated", `${ID},\n    {"name": "blob", "type": {"type": "bytes", "maxLength": 2000000}, "doc": "b"}`);
    const f = await only("PAYLOAD_SIZE", "AVRO", big);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/estimated at 1\.9 MiB, over the 1\.0 MiB limit/);
    expect(await only("PAYLOAD_SIZE", "AVRO", big, undefined, { PAYLOAD_SIZE: { options: { maxBytes: 4_000_000 } } })).toEqual([]);
  });
  it("JSON Schema: arrays without maxItems and strings without maxLength; formats bound strings", async () => {
    const s = `{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "type": "object",\n  "properties": {\n    "id": {"type": "string", "format": "uuid"},\n    "tags": {"type": "array", "items": {"type": "string", "maxLength": 20}}\n  }\n}`;
    expect(await only("PAYLOAD_SIZE", "JSON", s)).toMatchObject([{ path: "/properties/tags", line: 6 }]);
    expect(await only("PAYLOAD_SIZE", "JSON", s.replace(`"type": "array",`, `"type": "array", "maxItems": 10,`))).toEqual([]);
  });
  it("Protobuf: protovalidate-style max_len / max_items options bound fields", async () => {
    const text = [
      'syntax = "proto3";',
      'import "google/protobuf/descriptor.proto";',
      "message Limits { int32 max_len = 1; int32 max_items = 2; }",
      "extend google.protobuf.FieldOptions { Limits limits = 50000; }",
      "message OrderCreated {",
      "  string id = 1 [(limits).max_len = 36];",
      "  repeated string tags = 2;",
      "  repeated int64 codes = 3 [(limits).max_items = 4];",
      "}",
    ].join("\n");
    const f = lintSchema(await parse("PROTOBUF", text)).filter((x) => x.rule === "PAYLOAD_SIZE" && x.path.startsWith("/OrderCreated"));
    expect(f).toMatchObject([{ path: "/OrderCreated/tags", line: 7 }]);
  });
  it("Protobuf: unbounded string on its line", async () => {
    const text = `syntax = "proto3";\n\nmessage OrderCreated {\n  int64 id = 1;\n  string note = 2;\n}\n`;
    expect(await only("PAYLOAD_SIZE", "PROTOBUF", text)).toMatchObject([{ path: "/OrderCreated/note", line: 5 }]);
    expect(await only("PAYLOAD_SIZE", "PROTOBUF", text.replace("  string note = 2;\n", ""))).toEqual([]);
  });
  it("AsyncAPI: payload strings", async () => {
    const text = asyncapi(`      created:\n        name: OrderCreated\n        payload:\n          type: object\n          properties:\n            note: { type: string }`);
    expect(await only("PAYLOAD_SIZE", "ASYNCAPI", text)).toMatchObject([{ line: lineOf(text, "note:") }]);
  });
});

describe("TOPIC_PER_DOMAIN", () => {
  const text = asyncapi(`      created:\n        name: OrderCreated\n        payload: { type: object }\n      paid:\n        name: PaymentCompleted\n        payload: { type: object }`);
  it("off by default; when enabled, a channel mixing domains is reported on its line", async () => {
    const schema = await parse("ASYNCAPI", text);
    expect(lintSchema(schema).filter((f) => f.rule === "TOPIC_PER_DOMAIN")).toEqual([]);
    const f = await only("TOPIC_PER_DOMAIN", "ASYNCAPI", text);
    expect(f).toMatchObject([{ line: lineOf(text, "  orders:") }]);
    expect(f[0]!.message).toContain("order (OrderCreated); payment (PaymentCompleted)");
  });
  it("the domains option groups prefixes into one domain", async () => {
    expect(await only("TOPIC_PER_DOMAIN", "ASYNCAPI", text, undefined, { TOPIC_PER_DOMAIN: { options: { domains: { sales: ["Order", "Payment"] } } } })).toEqual([]);
  });
});

describe("DOCUMENTED", () => {
  it("Avro: record and field docs", async () => {
    const text = avro("OrderCreated", `${ID},\n    {"name": "note", "type": "string"}`);
    expect(await only("DOCUMENTED", "AVRO", text)).toMatchObject([{ path: "/fields/1", line: lineOf(text, '"note"') }]);
    expect(await only("DOCUMENTED", "AVRO", text.replace(`"doc": "An event.",\n`, ""))).toHaveLength(2);
  });
  it("JSON Schema: descriptions, also on a $ref target", async () => {
    const text = `{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "description": "An order was created.",\n  "type": "object",\n  "properties": {\n    "id": {"$ref": "#/definitions/Id"},\n    "note": {"type": "string"}\n  },\n  "definitions": {"Id": {"type": "string", "description": "Event id."}}\n}`;
    expect(await only("DOCUMENTED", "JSON", text)).toMatchObject([{ path: "/properties/note", line: 7 }]);
  });
  it("Protobuf: leading and trailing comments", async () => {
    const text = `syntax = "proto3";\n\n// An order was created.\nmessage OrderCreated {\n  // Event id.\n  string id = 1;\n  string note = 2; // Free text.\n  int32 count = 3;\n}\n`;
    expect(await only("DOCUMENTED", "PROTOBUF", text)).toMatchObject([{ path: "/OrderCreated/count", line: 8 }]);
  });
  it("AsyncAPI: message description or summary, payload fields", async () => {
    const text = asyncapi(`      created:\n        name: OrderCreated\n        payload:\n          type: object\n          properties:\n            id: { type: string, description: Event id. }`);
    expect(await only("DOCUMENTED", "ASYNCAPI", text)).toMatchObject([{ line: lineOf(text, "created:") }]);
    expect(await only("DOCUMENTED", "ASYNCAPI", text.replace("name: OrderCreated", "name: OrderCreated\n        summary: An order was created."))).toEqual([]);
  });
});

describe("plugins and settings", () => {
  const rule: LintRule = {
    id: "NO_NOTES",
    formats: ["AVRO"],
    defaultSeverity: "error",
    rationale: "r",
    hint: "h",
    check: ({ view }) => view.events.flatMap((e) => (e.fields ?? []).filter((f) => f.name === "note").map((f) => ({ path: f.path, message: "a note" }))),
  };
  it("runs custom rules with lines; severities and off apply; a throwing rule becomes LINT_RULE_FAILED", async () => {
    const text = avro("OrderCreated", `${ID},\n    {"name": "note", "type": {"type": "string", "maxLength": 9}, "doc": "n"}`);
    const schema = await parse("AVRO", text);
    expect(lintSchema(schema, { plugins: [rule] })).toMatchObject([{ rule: "NO_NOTES", severity: "error", line: lineOf(text, '"note"'), hint: "h" }]);
    expect(lintSchema(schema, { plugins: [rule], rules: { NO_NOTES: "warning" } })).toMatchObject([{ severity: "warning" }]);
    expect(lintSchema(schema, { plugins: [rule], rules: { NO_NOTES: "off" } })).toEqual([]);
    const broken: LintRule = { ...rule, id: "BROKEN", check: () => { throw new Error("boom"); } };
    expect(lintSchema(schema, { plugins: [broken] })).toMatchObject([{ rule: "LINT_RULE_FAILED", message: "lint rule BROKEN failed: boom" }]);
  });
});

describe("the shared corpus", () => {
  const read = (p: string) => readFileSync(join(CORPUS, p), "utf8");
  it("CloudEvents Protobuf: CloudEventBatch is the top-level message (CloudEvent is part of it): no id, not a past-tense name", async () => {
    const text = read("protobuf/cloudevents/cloudevents.proto");
    const f = lintSchema(await parse("PROTOBUF", text));
    expect(f.filter((x) => x.rule === "EVENT_ID_REQUIRED")).toMatchObject([{ path: "/CloudEventBatch", line: lineOf(text, "message CloudEventBatch") }]);
    expect(f.filter((x) => x.rule === "EVENT_NAME_PAST_TENSE")).toMatchObject([{ path: "/CloudEventBatch", line: lineOf(text, "message CloudEventBatch") }]);
    // Documented fields: `string id = 1;` has the "Required Attributes" comment block above it.
    expect(f.filter((x) => x.rule === "DOCUMENTED" && x.path === "/CloudEvent/id")).toEqual([]);
    // Unbounded strings of an imported message (google.protobuf.Any) are reported on the field that uses it.
    const size = f.filter((x) => x.rule === "PAYLOAD_SIZE");
    expect(size.find((x) => x.path === "/CloudEvent/proto_data")).toMatchObject({ line: lineOf(text, "proto_data = 8") });
    expect(size.every((x) => x.line !== undefined)).toBe(true);
  });
  it("kafka-streams-examples Avro: PlayEvent is not past tense, has no id; its fields have no docs", async () => {
    const text = read("avro/kafka-streams-examples/io/confluent/examples/streams/playevent.avsc");
    const f = lintSchema(await parse("AVRO", text));
    expect(f.filter((x) => x.rule === "EVENT_NAME_PAST_TENSE")).toMatchObject([{ line: lineOf(text, '"PlayEvent"') }]);
    expect(f.filter((x) => x.rule === "EVENT_ID_REQUIRED")).toHaveLength(1);
    expect(f.filter((x) => x.rule === "DOCUMENTED").length).toBeGreaterThan(0);
  });
  it("CDEvents JSON Schema: named by $id, id inside its context envelope", async () => {
    const text = read("jsonschema/cdevents/schemas/approvalcreated.json");
    const links = join(CORPUS, "jsonschema/cdevents/schemas/links");
    const references = readdirSync(links).map((f) => {
      const schema = readFileSync(join(links, f), "utf8");
      return { name: (JSON.parse(schema) as { $id: string }).$id, schema };
    });
    const f = lintSchema(await parse("JSON", text, references));
    expect(f.filter((x) => x.rule === "EVENT_NAME_PAST_TENSE" || x.rule === "EVENT_ID_REQUIRED")).toEqual([]);
    expect(f.filter((x) => x.rule === "PAYLOAD_SIZE").length).toBeGreaterThan(0);
    // A context attribute removed without `deprecated: true`: reported at the context object.
    const removed = text.replace(`"timestamp": {\n          "type": "string",\n          "format": "date-time"\n        },\n`, "").replace(`,\n        "timestamp"`, "");
    const g = lintSchema(await parse("JSON", removed, references), { previous: await parse("JSON", text, references) });
    expect(g.filter((x) => x.rule === "FIELD_REMOVED_WITHOUT_DEPRECATION")).toMatchObject([{ path: "/properties/context", line: lineOf(removed, `"context": {`) }]);
  });
  it("AsyncAPI streetlights: command-named messages flagged on their name line, no CloudEvents headers", async () => {
    const text = read("asyncapi/spec-examples-3.0.0/streetlights-kafka-asyncapi.yml");
    const f = lintSchema(await parse("ASYNCAPI", text));
    const names = f.filter((x) => x.rule === "EVENT_NAME_PAST_TENSE");
    expect(names.map((x) => x.line).sort()).toEqual([lineOf(text, "name: dimLight"), lineOf(text, "name: turnOnOff"), lineOf(text, "name: turnOnOff")].sort());
    expect(f.filter((x) => x.rule === "CLOUDEVENTS_ATTRIBUTES").length).toBeGreaterThan(0);
    expect(f.filter((x) => x.rule === "EVENT_ID_REQUIRED")[0]).toMatchObject({ path: "/channels/lightingMeasured/messages/lightMeasured", line: lineOf(text, "      lightMeasured:") });
    // Its payloads are bounded (integers, date-time strings) and every message and field is documented.
    expect(f.filter((x) => x.rule === "PAYLOAD_SIZE" || x.rule === "DOCUMENTED")).toEqual([]);
    // lumens removed without deprecation: reported on the message's payload (a $ref to the shared schema).
    const removed = text.replace("        lumens:\n          type: integer\n          minimum: 0\n          description: Light intensity measured in lumens.\n", "");
    const g = lintSchema(await parse("ASYNCAPI", removed), { previous: await parse("ASYNCAPI", text) }).filter((x) => x.rule === "FIELD_REMOVED_WITHOUT_DEPRECATION");
    expect(g).toMatchObject([{ path: "/channels/lightingMeasured/messages/lightMeasured/payload", line: lineOf(removed, "$ref: '#/components/schemas/lightMeasuredPayload'") - 1 }]);
  });
  it("AsyncAPI slack-rtm: one channel carries every message: TOPIC_PER_DOMAIN when enabled", async () => {
    const text = read("asyncapi/spec-examples-3.0.0/slack-rtm-asyncapi.yml");
    const f = lintSchema(await parse("ASYNCAPI", text), { rules: { TOPIC_PER_DOMAIN: "warning" } }).filter((x) => x.rule === "TOPIC_PER_DOMAIN");
    expect(f).toMatchObject([{ path: "/channels/root", line: lineOf(text, "  root:") }]);
    expect(f[0]!.message).toContain("17 domains");
  });
  it("edited corpus versions: removals and additions against the original, on the right lines", async () => {
    const proto = read("protobuf/cloudevents/cloudevents.proto");
    const removed = proto.replace("  string source = 2; // URI-reference\n", "");
    const f = lintSchema(await parse("PROTOBUF", removed), { previous: await parse("PROTOBUF", proto) });
    for (const rule of ["PROTOBUF_RESERVE_REMOVED", "FIELD_REMOVED_WITHOUT_DEPRECATION"]) {
      expect(f.filter((x) => x.rule === rule), rule).toMatchObject([{ severity: "error", path: "/CloudEvent", line: lineOf(removed, "message CloudEvent {") }]);
    }
    const reserved = proto.replace("  string source = 2; // URI-reference\n", '  reserved 2;\n  reserved "source";\n');
    expect(lintSchema(await parse("PROTOBUF", reserved), { previous: await parse("PROTOBUF", proto) }).filter((x) => x.rule === "PROTOBUF_RESERVE_REMOVED")).toEqual([]);

    const avsc = read("avro/kafka-streams-examples/io/confluent/examples/streams/playevent.avsc");
    const added = avsc.replace(`{"name": "duration", "type": "long"}`, `{"name": "duration", "type": "long"},\n     {"name": "region", "type": "string"}`);
    const g = lintSchema(await parse("AVRO", added), { previous: await parse("AVRO", avsc) });
    expect(g.filter((x) => x.rule === "FIELD_DEFAULT_REQUIRED")).toMatchObject([{ path: "/fields/2", line: lineOf(added, '"region"') }]);
    const dropped = avsc.replace(`,\n     {"name": "duration", "type": "long"}`, "");
    expect(lintSchema(await parse("AVRO", dropped), { previous: await parse("AVRO", avsc) }).filter((x) => x.rule === "FIELD_REMOVED_WITHOUT_DEPRECATION")).toHaveLength(1);
  });
  it("CloudEvents Avro: the compact format has an id field; the map format keeps attributes in a map the schema cannot show", async () => {
    const compact = lintSchema(await parse("AVRO", read("avro/cloudevents/cloudevents-compact.avsc")));
    expect(compact.filter((x) => x.rule === "EVENT_ID_REQUIRED")).toEqual([]);
    const text = read("avro/cloudevents/cloudevents.avsc");
    const f = lintSchema(await parse("AVRO", text));
    expect(f.filter((x) => x.rule === "EVENT_ID_REQUIRED")).toMatchObject([{ path: "", line: 1 }]);
    // The recursive data record is unbounded.
    expect(f.filter((x) => x.rule === "PAYLOAD_SIZE").some((x) => x.message.includes("map without maxItems"))).toBe(true);
  });
});

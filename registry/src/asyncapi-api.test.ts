/**
 * ASYNCAPI through the REST API: register / lookup / both compatibility endpoints / verbose messages,
 * fragments as reference targets, the derived payload subjects written in the document's own transaction,
 * `GET /subjects/{s}/versions/{v}/messages`, and direction-aware refusals (409 with the path of the field).
 */
import { readYamlOrJson } from "@charter/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let registry: InjectRegistry;

beforeEach(async () => {
  registry = await openInjectRegistry("charter-asyncapi-api-");
});
afterEach(async () => {
  await registry.close();
});

interface Answer {
  status: number;
  body: unknown;
}

const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown): Promise<Answer> => registry.call<Answer["body"]>(method, url, payload);

const asyncapi = (schema: string, references: Array<{ name: string; subject: string; version: number }> = []) => ({ schemaType: "ASYNCAPI", schema, references });
const register = (subject: string, schema: string) => call("POST", `/subjects/${encodeURIComponent(subject)}/versions`, asyncapi(schema));
/** The `guid` the registry reports for a subject version (`GET /subjects/{s}/versions/{v}`), a lower-case UUID. */
async function versionGuid(subject: string, version: number): Promise<string> {
  const answer = await call("GET", `/subjects/${encodeURIComponent(subject)}/versions/${version}`);
  expect(answer.status).toBe(200);
  const guid = (answer.body as { guid: unknown }).guid;
  expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return guid as string;
}
/** The violations of a 409 message or a verbose answer, parsed (the trailing `{compatibility}` dropped). */
function violations(messages: readonly string[]): Array<Record<string, unknown>> {
  return messages.map((m) => JSON.parse(m) as Record<string, unknown>).filter((m) => !("compatibility" in m));
}
function details(message: string): Array<Record<string, unknown>> {
  const list = JSON.parse(message.slice(message.indexOf("details: ") + "details: ".length)) as Array<Record<string, unknown>>;
  return list.filter((m) => !("compatibility" in m));
}

/** The order service, version 1. */
const ORDERS_V1 = `asyncapi: 3.0.0
info:
  title: Orders
  version: 1.0.0
channels:
  orders:
    address: orders
    messages:
      OrderPlaced:
        $ref: '#/components/messages/OrderPlaced'
  payments:
    address: payments
    messages:
      PaymentReceived:
        $ref: '#/components/messages/PaymentReceived'
operations:
  placeOrder:
    action: send
    channel:
      $ref: '#/channels/orders'
    messages:
      - $ref: '#/channels/orders/messages/OrderPlaced'
  onPayment:
    action: receive
    channel:
      $ref: '#/channels/payments'
    messages:
      - $ref: '#/channels/payments/messages/PaymentReceived'
components:
  messages:
    OrderPlaced:
      payload:
        $ref: '#/components/schemas/Order'
      bindings:
        kafka:
          key:
            type: string
    PaymentReceived:
      payload:
        schemaFormat: application/vnd.apache.avro;version=1.9.0
        schema:
          type: record
          name: Payment
          namespace: com.example.payments
          fields:
            - name: orderId
              type: string
            - name: amount
              type: double
  schemas:
    Order:
      type: object
      properties:
        orderId:
          type: string
        lines:
          type: array
          items:
            $ref: '#/components/schemas/Line'
      required:
        - orderId
    Line:
      type: object
      properties:
        sku:
          type: string
        qty:
          type: integer
`;

/** Compatible both ways: a new optional Avro field with a default on the received payment. */
const ORDERS_V2_COMPATIBLE = ORDERS_V1.replace(
  "            - name: amount\n              type: double\n",
  "            - name: amount\n              type: double\n            - name: note\n              type: string\n              default: ''\n",
);

/** Breaks only the RECEIVED message: a new Avro field without a default (the new reader cannot read old payments). */
const ORDERS_BREAK_RECEIVED = ORDERS_V1.replace(
  "            - name: amount\n              type: double\n",
  "            - name: amount\n              type: double\n            - name: currency\n              type: string\n",
);

/** Breaks only the SENT message: `qty` widened to integer-or-string (old consumers cannot read what is sent now). */
const ORDERS_BREAK_SENT = ORDERS_V1.replace("        qty:\n          type: integer\n", "        qty:\n          type:\n            - integer\n            - string\n");

describe("schemaType ASYNCAPI on every schema endpoint", () => {
  it("registers, reads back byte for byte, looks up, and tests compatibility (both endpoints, verbose)", async () => {
    const reg = await register("orders", ORDERS_V1);
    expect(reg).toEqual({ status: 200, body: { id: 1, version: 1 } });
    expect(await call("GET", "/schemas/ids/1")).toEqual({ status: 200, body: { schema: ORDERS_V1, schemaType: "ASYNCAPI", guid: await versionGuid("orders", 1) } });
    expect((await call("GET", "/schemas/types")).body).toContain("ASYNCAPI");
    // Lookup: the same document spelled as JSON has the same canonical form.
    const asJson = readYamlOrJson(ORDERS_V1);
    if (!asJson.ok) expect.fail(asJson.error.message);
    expect(await call("POST", "/subjects/orders", asyncapi(ORDERS_V1))).toMatchObject({ status: 200, body: { subject: "orders", version: 1, id: 1, schemaType: "ASYNCAPI" } });
    expect(await call("POST", "/subjects/orders", asyncapi(JSON.stringify(asJson.value, null, 2)))).toMatchObject({ status: 200, body: { id: 1 } });
    expect(await call("POST", "/subjects/orders", asyncapi(ORDERS_V2_COMPATIBLE))).toMatchObject({ status: 404, body: { error_code: 40403 } });
    // Both compatibility endpoints.
    for (const url of ["/compatibility/subjects/orders/versions", "/compatibility/subjects/orders/versions/1", "/compatibility/subjects/orders/versions/latest"]) {
      expect(await call("POST", `${url}?verbose=true`, asyncapi(ORDERS_V2_COMPATIBLE))).toEqual({ status: 200, body: { is_compatible: true, messages: [] } });
      const broken = await call("POST", `${url}?verbose=true`, asyncapi(ORDERS_BREAK_RECEIVED));
      expect(broken.status).toBe(200);
      const body = broken.body as { is_compatible: boolean; messages: string[] };
      expect(body.is_compatible).toBe(false);
      expect(violations(body.messages)[0]).toMatchObject({ errorType: "PAYLOAD_INCOMPATIBLE", oldSchemaVersion: 1 });
      expect(JSON.parse(body.messages.at(-1)!)).toEqual({ compatibility: "BACKWARD" });
    }
    expect(await call("POST", "/compatibility/subjects/orders/versions", asyncapi(ORDERS_BREAK_SENT))).toEqual({ status: 200, body: { is_compatible: false } });
  });

  it("answers bad documents with 42201 and the location, never a 500", async () => {
    const notYaml = await register("bad", "asyncapi: 3.0.0\ninfo: [unclosed");
    expect(notYaml).toMatchObject({ status: 422, body: { error_code: 42201 } });
    // A mapping with document keys but no `asyncapi` field is a broken document, not a fragment.
    const noVersion = await register("bad", "info:\n  title: x\n  version: 1.0.0\nchannels: {}\n");
    expect(noVersion).toMatchObject({ status: 422, body: { error_code: 42201 } });
    expect((noVersion.body as { message: string }).message).toContain("/asyncapi");
    const unresolved = await register("bad", ORDERS_V1.replace("'#/components/schemas/Line'", "'./common.yaml#/Line'"));
    expect(unresolved).toMatchObject({ status: 422, body: { error_code: 42201 } });
    expect((unresolved.body as { message: string }).message).toMatch(/REFERENCE_UNRESOLVED.*common\.yaml/);
    expect((await call("GET", "/subjects")).body).toEqual([]);
  });
});

describe("fragments as reference targets", () => {
  const schemas = "Line:\n  type: object\n  properties:\n    sku:\n      type: string\n    qty:\n      type: integer\n";
  const withFragment = ORDERS_V1.replace("'#/components/schemas/Line'", "'./common.yaml#/Line'");

  it("registers a YAML fragment as ASYNCAPI and resolves a document's relative $ref through it", async () => {
    expect(await register("common.yaml", schemas)).toEqual({ status: 200, body: { id: 1, version: 1 } });
    expect(await call("GET", "/schemas/ids/1")).toEqual({ status: 200, body: { schema: schemas, schemaType: "ASYNCAPI", guid: await versionGuid("common.yaml", 1) } });
    const ref = { name: "./common.yaml", subject: "common.yaml", version: 1 };
    const doc = await call("POST", "/subjects/orders/versions", asyncapi(withFragment, [ref]));
    expect(doc).toMatchObject({ status: 200, body: { version: 1 } });
    const id = (doc.body as { id: number }).id;
    expect(await call("GET", `/schemas/ids/${id}`)).toEqual({ status: 200, body: { schema: withFragment, schemaType: "ASYNCAPI", references: [ref], guid: await versionGuid("orders", 1) } });
    expect((await call("GET", "/subjects/common.yaml/versions/1/referencedby")).body).toEqual([id]);
    // The fragment's schema reached the derived payload, inlined.
    const payload = await call("GET", "/subjects/orders.OrderPlaced-value/versions/1/schema");
    expect(payload.body).toMatchObject({ properties: { lines: { items: { properties: { qty: { type: "integer" } } } } } });
    // A fragment has no messages; a fragment version may change freely (the documents using it are checked).
    expect(await call("GET", "/subjects/common.yaml/versions/1/messages")).toEqual({ status: 200, body: [] });
    expect(await register("common.yaml", schemas.replace("integer", "string"))).toMatchObject({ status: 200, body: { version: 2 } });
    const next = await call("POST", "/subjects/orders/versions", asyncapi(withFragment, [{ ...ref, version: 2 }]));
    expect(next).toMatchObject({ status: 409, body: { error_code: 409 } });
    expect(details((next.body as { message: string }).message)[0]).toMatchObject({ errorType: "PAYLOAD_INCOMPATIBLE" });
  });

  it("refuses to replace a document with a fragment (ASYNCAPI_KIND_CHANGED)", async () => {
    await register("orders", ORDERS_V1);
    const r = await register("orders", schemas);
    expect(r).toMatchObject({ status: 409 });
    expect(details((r.body as { message: string }).message)[0]).toMatchObject({ errorType: "ASYNCAPI_KIND_CHANGED" });
  });
});

describe("derived payload subjects", () => {
  it("registers each payload and Kafka key under <subject>.<messageId>-value|key with its own schema type, standalone", async () => {
    await register("orders", ORDERS_V1);
    expect((await call("GET", "/subjects")).body).toEqual(["orders", "orders.OrderPlaced-key", "orders.OrderPlaced-value", "orders.PaymentReceived-value"]);
    const value = (await call("GET", "/subjects/orders.OrderPlaced-value/versions/latest")).body as { schemaType: string; schema: string };
    expect(value.schemaType).toBe("JSON");
    // Local `#/components/...` refs inlined: the payload is a standalone JSON Schema.
    expect(value.schema).not.toContain("$ref");
    expect(JSON.parse(value.schema)).toEqual({
      type: "object",
      properties: {
        orderId: { type: "string" },
        lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" } } } },
      },
      required: ["orderId"],
    });
    expect((await call("GET", "/subjects/orders.OrderPlaced-key/versions/latest/schema")).body).toEqual({ type: "string" });
    const avro = (await call("GET", "/subjects/orders.PaymentReceived-value/versions/latest")).body as { schemaType?: string; schema: string };
    expect(avro.schemaType).toBeUndefined(); // AVRO, Confluent's default, is omitted
    expect(JSON.parse(avro.schema)).toMatchObject({ type: "record", name: "Payment", namespace: "com.example.payments" });
  });

  it("lists them: GET /subjects/{s}/versions/{v}/messages", async () => {
    await register("orders", ORDERS_V1);
    const list = await call("GET", "/subjects/orders/versions/latest/messages");
    expect(list).toEqual({
      status: 200,
      body: [
        { messageId: "OrderPlaced", channel: "orders", address: "orders", action: "send", role: "value", path: "/channels/orders/messages/OrderPlaced/payload", schemaType: "JSON", subject: "orders.OrderPlaced-value", id: 2, version: 1 },
        { messageId: "OrderPlaced", channel: "orders", address: "orders", action: "send", role: "key", path: "/channels/orders/messages/OrderPlaced/bindings/kafka/key", schemaType: "JSON", subject: "orders.OrderPlaced-key", id: 3, version: 1 },
        { messageId: "PaymentReceived", channel: "payments", address: "payments", action: "receive", role: "value", path: "/channels/payments/messages/PaymentReceived/payload/schema", schemaType: "AVRO", subject: "orders.PaymentReceived-value", id: 4, version: 1 },
      ],
    });
    // Each id is the payload's own schema, readable by id (what a deserializer fetches).
    expect((await call("GET", "/schemas/ids/4")).body).toMatchObject({ schema: expect.stringContaining("Payment") });
    expect(await call("GET", "/subjects/orders/versions/2/messages")).toMatchObject({ status: 404, body: { error_code: 40402 } });
    expect(await call("GET", "/subjects/nope/versions/1/messages")).toMatchObject({ status: 404, body: { error_code: 40401 } });
    await call("POST", "/subjects/avro/versions", { schema: '"string"' });
    expect(await call("GET", "/subjects/avro/versions/1/messages")).toMatchObject({ status: 422, body: { error_code: 42201 } });
  });

  it("adds derived versions only for payloads that changed, with no check of their own, and nothing on re-registration", async () => {
    await register("orders", ORDERS_V1);
    expect(await register("orders", ORDERS_V1)).toEqual({ status: 200, body: { id: 1, version: 1 } });
    expect((await call("GET", "/subjects/orders.PaymentReceived-value/versions")).body).toEqual([1]);
    expect(await register("orders", ORDERS_V2_COMPATIBLE)).toMatchObject({ status: 200, body: { version: 2 } });
    expect((await call("GET", "/subjects/orders.PaymentReceived-value/versions")).body).toEqual([1, 2]);
    expect((await call("GET", "/subjects/orders.OrderPlaced-value/versions")).body).toEqual([1]);
    // The sent payload may gain a required field (consumers on v1 still read it): the document allows it,
    // although a plain BACKWARD check of the derived JSON subject alone would refuse it.
    const stricter = ORDERS_V2_COMPATIBLE.replace("      required:\n        - orderId\n", "      required:\n        - orderId\n        - lines\n");
    expect(await call("POST", "/compatibility/subjects/orders.OrderPlaced-value/versions", { schemaType: "JSON", schema: '{"type":"object","properties":{"orderId":{"type":"string"},"lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},"qty":{"type":"integer"}}}}},"required":["orderId","lines"]}' })).toMatchObject({ body: { is_compatible: false } });
    expect(await register("orders", stricter)).toMatchObject({ status: 200, body: { version: 3 } });
    expect((await call("GET", "/subjects/orders.OrderPlaced-value/versions")).body).toEqual([1, 2]);
  });

  it("writes nothing when a derived subject refuses the write (read-only): no half-written store", async () => {
    await call("PUT", "/mode/orders.PaymentReceived-value", { mode: "READONLY" });
    const r = await register("orders", ORDERS_V1);
    expect(r).toMatchObject({ status: 422, body: { error_code: 42205 } });
    expect((r.body as { message: string }).message).toContain("orders.PaymentReceived-value");
    expect((await call("GET", "/subjects")).body).toEqual([]);
    expect(await call("GET", "/schemas/ids/1")).toMatchObject({ status: 404, body: { error_code: 40403 } });
    await call("DELETE", "/mode/orders.PaymentReceived-value");
    // Ids allocated by the rolled-back unit of work were never committed either.
    expect(await register("orders", ORDERS_V1)).toEqual({ status: 200, body: { id: 1, version: 1 } });
  });

  it("names messages sharing an id by channel when their payloads differ (AsyncAPI 2.x `message`)", async () => {
    const v2 = `asyncapi: 2.6.0
info: {title: Ids, version: 1.0.0}
channels:
  a:
    publish:
      message: {name: message, payload: {type: string}}
  b:
    subscribe:
      message: {name: message, payload: {type: integer}}
`;
    expect(await register("ids", v2)).toMatchObject({ status: 200 });
    const rows = (await call("GET", "/subjects/ids/versions/1/messages")).body as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.subject, r.action])).toEqual([
      ["ids.a.message-value", "receive"],
      ["ids.b.message-value", "send"],
    ]);
  });
});

describe("direction through the API", () => {
  it("refuses, under BACKWARD, a change that breaks only a RECEIVED message's payload (new reader, old data), naming the field", async () => {
    await register("orders", ORDERS_V1);
    const r = await register("orders", ORDERS_BREAK_RECEIVED);
    expect(r.status).toBe(409);
    const message = (r.body as { error_code: number; message: string }).message;
    expect(message).toMatch(/^Schema being registered is incompatible with an earlier schema for subject "orders", details: /);
    const [v, ...rest] = details(message);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({
      errorType: "PAYLOAD_INCOMPATIBLE",
      path: "/components/messages/PaymentReceived/payload/schema",
      oldSchemaVersion: 1,
      direction: "backward",
      causes: [{ errorType: "READER_FIELD_MISSING_DEFAULT_VALUE", path: "/components/messages/PaymentReceived/payload/schema/fields/2" }],
    });
    expect(v!.description).toContain("(received)");
    expect((await call("GET", "/subjects/orders.PaymentReceived-value/versions")).body).toEqual([1]);
  });

  it("refuses a change that breaks only a SENT message's payload (old consumers, new data), naming the field", async () => {
    await register("orders", ORDERS_V1);
    const r = await register("orders", ORDERS_BREAK_SENT);
    expect(r.status).toBe(409);
    const [v, ...rest] = details((r.body as { message: string }).message);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({
      errorType: "PAYLOAD_INCOMPATIBLE",
      path: "/components/messages/OrderPlaced/payload",
      causes: [{ errorType: "TYPE_CHANGED", path: "/components/schemas/Line/properties/qty" }],
    });
    expect(v!.description).toContain("(sent)");
    // The level still governs: under NONE the document (and its derived subjects) registers.
    expect(await call("PUT", "/config/orders", { compatibility: "NONE" })).toMatchObject({ status: 200 });
    expect(await register("orders", ORDERS_BREAK_SENT)).toMatchObject({ status: 200, body: { version: 2 } });
    expect((await call("GET", "/subjects/orders.OrderPlaced-value/versions")).body).toEqual([1, 2]);
  });
});

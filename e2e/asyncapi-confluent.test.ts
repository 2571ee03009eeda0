/**
 * Kafka serializers on AsyncAPI-defined payloads: an AsyncAPI document registered under subject `shop` puts each
 * message payload in its derived subject (`shop.<messageId>-value`), so the stock `@confluentinc/schemaregistry`
 * serializers — TopicNameStrategy, `useLatestVersion: true` — serialize against it for topic
 * `shop.<messageId>`, and a fresh deserializer reads the record back by the id in the wire header.
 */
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  SchemaRegistryClient,
  SerdeType,
} from "@confluentinc/schemaregistry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestRegistry, type TestRegistry } from "./helpers.js";

const SHOP = `asyncapi: 3.0.0
info:
  title: Shop
  version: 1.0.0
channels:
  orders:
    address: shop.orders
    messages:
      OrderPlaced:
        payload:
          $ref: '#/components/schemas/Order'
  payments:
    address: shop.payments
    messages:
      PaymentReceived:
        payload:
          schemaFormat: application/vnd.apache.avro;version=1.9.0
          schema:
            type: record
            name: Payment
            namespace: com.example.shop
            fields:
              - name: orderId
                type: string
              - name: amount
                type: double
operations:
  placeOrder:
    action: send
    channel:
      $ref: '#/channels/orders'
  onPayment:
    action: receive
    channel:
      $ref: '#/channels/payments'
components:
  schemas:
    Order:
      type: object
      additionalProperties: false
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
          minimum: 1
      required:
        - sku
        - qty
`;

interface MessageRow {
  messageId: string;
  subject: string;
  id: number;
  schemaType: string;
}

let registry: TestRegistry;
let rows: MessageRow[];
beforeAll(async () => {
  registry = await startTestRegistry();
  const reg = await api(registry.url, "POST", "/subjects/shop/versions", { schemaType: "ASYNCAPI", schema: SHOP });
  expect(reg, JSON.stringify(reg.body)).toMatchObject({ status: 200 });
  rows = (await api(registry.url, "GET", "/subjects/shop/versions/latest/messages")).body as MessageRow[];
});
afterAll(async () => {
  await registry?.stop();
});

const client = () => new SchemaRegistryClient({ baseURLs: [registry.url] });

describe("@confluentinc/schemaregistry on derived payload subjects", () => {
  it("JsonSerializer (useLatestVersion, validate) serializes an AsyncAPI JSON payload; JsonDeserializer reads it back", async () => {
    const row = rows.find((r) => r.messageId === "OrderPlaced")!;
    expect(row).toMatchObject({ subject: "shop.OrderPlaced-value", schemaType: "JSON" });
    const order = { orderId: "o-1", lines: [{ sku: "tea", qty: 2 }] };
    const serializer = new JsonSerializer(client(), SerdeType.VALUE, { useLatestVersion: true, validate: true });
    const bytes = await serializer.serialize("shop.OrderPlaced", order);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(row.id);
    const reader = new JsonDeserializer(client(), SerdeType.VALUE, { validate: true });
    expect(await reader.deserialize("shop.OrderPlaced", bytes)).toEqual(order);
    // The inlined `Line` schema is enforced: the payload is the document's, not a loose copy.
    await expect(serializer.serialize("shop.OrderPlaced", { orderId: "o-2", lines: [{ sku: "tea", qty: 0 }] })).rejects.toThrow();
    await expect(serializer.serialize("shop.OrderPlaced", { orderId: "o-3", extra: true })).rejects.toThrow();
  });

  it("AvroSerializer (useLatestVersion) serializes an AsyncAPI Avro payload; AvroDeserializer reads it back", async () => {
    const row = rows.find((r) => r.messageId === "PaymentReceived")!;
    expect(row).toMatchObject({ subject: "shop.PaymentReceived-value", schemaType: "AVRO" });
    const payment = { orderId: "o-1", amount: 12.5 };
    const serializer = new AvroSerializer(client(), SerdeType.VALUE, { useLatestVersion: true });
    const bytes = await serializer.serialize("shop.PaymentReceived", payment);
    expect(bytes.readInt32BE(1)).toBe(row.id);
    const reader = new AvroDeserializer(client(), SerdeType.VALUE, {});
    expect(await reader.deserialize("shop.PaymentReceived", bytes)).toEqual(payment);
  });
});

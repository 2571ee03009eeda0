import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRegistry, type RunningRegistry } from "@charter/registry";
import { SchemaRegistry } from "@kafkajs/confluent-schema-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBroker } from "../test-broker.js";

const fixture = (name: string) => join(import.meta.dirname, "../../test/fixtures", name);
const order = { orderId: "0b9d7a8e-1f3c-4a0b-9d7e-2f3b4c5d6e7f", total: 12.5, items: [{ sku: "A-1", qty: 2 }] };

async function produce(broker: ReturnType<typeof createBroker>, topic: string, value: string | Buffer, key?: string) {
  const producer = broker.kafka({ logLevel: 0 }).producer();
  await producer.connect();
  return producer.send({ topic, messages: [{ key: key ?? null, value }] });
}

describe("contract binding to local files", () => {
  it("validates JSON values against a JSON Schema file and refuses violations naming file, path and rule", async () => {
    const broker = createBroker();
    await broker.bindContract("orders", { file: fixture("order.schema.json") });
    await produce(broker, "orders", JSON.stringify(order));
    const bad = { ...order, total: -1 };
    await expect(produce(broker, "orders", JSON.stringify(bad))).rejects.toMatchObject({
      code: "CONTRACT_VIOLATION",
      details: { topic: "orders", path: "/total", rule: "minimum" },
      message: expect.stringMatching(/order\.schema\.json.*\/total.*rule minimum/),
    });
    expect(broker.messages("orders")).toHaveLength(1);
  });

  it("refuses a whole batch when one record breaks the contract (nothing stored)", async () => {
    const broker = createBroker();
    await broker.bindContract("orders", { file: fixture("order.schema.json") });
    const producer = broker.kafka({ logLevel: 0 }).producer();
    await producer.connect();
    await expect(
      producer.send({ topic: "orders", messages: [{ value: JSON.stringify(order) }, { value: JSON.stringify({ ...order, items: [] }) }] }),
    ).rejects.toMatchObject({ details: { path: "/items", rule: "minItems" } });
    expect(broker.messages("orders")).toEqual([]);
  });

  it("validates Avro and Protobuf files, JSON or binary payloads", async () => {
    const broker = createBroker();
    await broker.bindContract("payments", { file: fixture("payment.avsc") });
    await produce(broker, "payments", JSON.stringify({ paymentId: "p1", amount: 3, currency: "EUR" }));
    await expect(produce(broker, "payments", JSON.stringify({ paymentId: "p1", amount: 3, currency: "GBP" }))).rejects.toMatchObject({
      code: "CONTRACT_VIOLATION",
      details: { path: "/currency" },
    });
    await broker.bindContract("shipments", { file: fixture("shipment.proto"), message: "shop.shipping.Shipment" });
    await produce(broker, "shipments", JSON.stringify({ shipment_id: "s1", parcels: 2, to: { city: "Gent" } }));
    await expect(produce(broker, "shipments", JSON.stringify({ shipment_id: "s1", weight: 3 }))).rejects.toMatchObject({
      code: "CONTRACT_VIOLATION",
      details: { path: "/weight", rule: "UNKNOWN_FIELD" },
    });
  });

  it("binds an AsyncAPI message's payload and Kafka key; lists the messages when the name is wrong", async () => {
    const broker = createBroker();
    const loaded = await broker.bindContract("orders", { file: fixture("shop.asyncapi.yaml"), message: "OrderPlaced" });
    expect(loaded.message?.id).toBe("OrderPlaced");
    await produce(broker, "orders", JSON.stringify({ orderId: "o1", total: 1 }), "o1");
    await expect(produce(broker, "orders", JSON.stringify({ total: 1 }), "o1")).rejects.toMatchObject({ details: { path: "/orderId", rule: "required" } });
    await expect(broker.bindContract("x", { file: fixture("shop.asyncapi.yaml"), message: "Nope" })).rejects.toMatchObject({
      code: "CONTRACT_UNAVAILABLE",
      message: expect.stringContaining("its messages: OrderPlaced"),
    });
  });
});

describe("contract binding to a registry (Confluent REST API)", () => {
  let registry: RunningRegistry;
  let dir: string;
  let orderId: number;
  let paymentId: number;
  let keyId: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "testkit-registry-"));
    registry = await startRegistry({ port: 0, dbPath: join(dir, "registry.db") });
    const register = async (subject: string, schema: string, schemaType?: string) => {
      const res = await fetch(`${registry.url}/subjects/${subject}/versions`, {
        method: "POST",
        headers: { "content-type": "application/vnd.schemaregistry.v1+json" },
        body: JSON.stringify({ schema, ...(schemaType ? { schemaType } : {}) }),
      });
      return ((await res.json()) as { id: number }).id;
    };
    orderId = await register("orders-value", readFileSync(fixture("order.schema.json"), "utf8"), "JSON");
    paymentId = await register("payments-value", readFileSync(fixture("payment.avsc"), "utf8"));
    keyId = await register("orders-key", JSON.stringify({ type: "string", pattern: "^o-[0-9]+$" }), "JSON");
  });
  afterAll(async () => {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores values in the Confluent wire format with the registered id and hands consumers the decoded value", async () => {
    const broker = createBroker();
    await broker.bindContract("orders", { registryUrl: registry.url });
    await produce(broker, "orders", JSON.stringify(order), order.orderId);
    const [stored] = broker.messages("orders");
    expect(stored!.value![0]).toBe(0);
    expect(stored!.value!.readInt32BE(1)).toBe(orderId);
    expect(JSON.parse(stored!.value!.subarray(5).toString())).toEqual(order);
    expect(broker.values("orders")).toEqual([order]);
    const received: unknown[] = [];
    const consumer = broker.kafka({ logLevel: 0 }).consumer({ groupId: "g" });
    await consumer.subscribe({ topic: "orders", fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(JSON.parse(message.value!.toString())) });
    await broker.waitForIdle();
    await consumer.disconnect();
    expect(received).toEqual([order]);
    await expect(produce(broker, "orders", JSON.stringify({ ...order, status: "LOST" }))).rejects.toMatchObject({
      details: { path: "/status", rule: "enum", origin: expect.stringContaining('subject "orders-value" version 1') },
    });
  });

  it("encodes Avro, accepts values pre-encoded by @kafkajs/confluent-schema-registry, and can hand consumers the wire bytes", async () => {
    const broker = createBroker();
    await broker.bindContract("payments", { registryUrl: registry.url, subject: "payments-value", consumers: "wire" });
    const payment = { paymentId: "p-9", amount: 20, currency: "USD" };
    await produce(broker, "payments", JSON.stringify(payment));
    const confluent = new SchemaRegistry({ host: registry.url });
    const encoded = await confluent.encode(paymentId, payment);
    await produce(broker, "payments", encoded);
    const [first, second] = broker.messages("payments");
    expect(first!.value!.readInt32BE(1)).toBe(paymentId);
    expect(first!.value!.equals(encoded)).toBe(true);
    expect(second!.value!.equals(encoded)).toBe(true);
    // A consumer that decodes with the Confluent client itself gets the wire bytes.
    const decoded: unknown[] = [];
    const consumer = broker.kafka({ logLevel: 0 }).consumer({ groupId: "g" });
    await consumer.subscribe({ topic: "payments", fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void decoded.push(await confluent.decode(message.value!)) });
    await broker.waitForIdle();
    await consumer.disconnect();
    expect(decoded).toEqual([payment, payment]);
  });

  it("binds keys to a key subject: wire-encoded on the log, the plain key for consumers, violations refused", async () => {
    const broker = createBroker();
    await broker.bindContract("orders", { registryUrl: registry.url, subject: "orders-value", keySubject: "orders-key" });
    await produce(broker, "orders", JSON.stringify(order), "o-17");
    const [stored] = broker.messages("orders");
    expect(stored!.key!.readInt32BE(1)).toBe(keyId);
    expect(stored!.key!.subarray(5).toString()).toBe('"o-17"');
    const keys: string[] = [];
    const consumer = broker.kafka({ logLevel: 0 }).consumer({ groupId: "keys" });
    await consumer.subscribe({ topic: "orders", fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void keys.push(message.key!.toString()) });
    await broker.waitForIdle();
    await consumer.disconnect();
    expect(keys).toEqual(["o-17"]);
    await expect(produce(broker, "orders", JSON.stringify(order), "order-17")).rejects.toMatchObject({
      details: { part: "key", rule: "pattern", origin: expect.stringContaining('subject "orders-key"') },
    });
  });

  it("says what to do when the registry or the subject is missing", async () => {
    const broker = createBroker();
    await expect(broker.bindContract("nothing", { registryUrl: registry.url })).rejects.toMatchObject({
      code: "CONTRACT_UNAVAILABLE",
      message: expect.stringContaining("40401"),
    });
  });
});

/**
 * A generated client sends and receives through each transport — kafkajs (on `@charter/testkit`'s broker), NATS
 * JetStream and RabbitMQ (the services on 127.0.0.1) — with the registry wire format on: payloads framed with
 * the schema ids of Charter's registry (started in-process), a v1 producer (generated from the subject's
 * version 1) delivering to a v2 consumer through the generated upcasters (JSON and Avro), invalid payloads
 * refused before sending, and undecodable messages rejected with the reason. With CI=true a missing service
 * fails; elsewhere its tests are skipped with how to start it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import amqplib from "amqplib";
import { connect, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "@charter/registry";
import { outputDir } from "./compile.js";
import { createBroker } from "@charter/testkit";
import { eventually, generateFromRegistry, importPackage, ordersContract, runName, type OrdersPackage, type Transportish } from "./orders.js";

const NATS_URL = process.env["NATS_URL"] ?? "127.0.0.1:4222";
const AMQP_URL = process.env["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672";
const CI = process.env["CI"] === "true";

async function reachable(what: string, probe: () => Promise<void>, howToStart: string): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (e) {
    if (CI) throw new Error(`${what} is required with CI=true and is not reachable: ${e instanceof Error ? e.message : String(e)}`);
    console.warn(`skipping the ${what} tests: not reachable (${e instanceof Error ? e.message : String(e)}). Start it with: ${howToStart}`);
    return false;
  }
}

const natsUp = await reachable("NATS", async () => (await connect({ servers: NATS_URL, timeout: 2000 })).close(), "nats-server -a 127.0.0.1 -p 4222 -js");
const amqpUp = await reachable("RabbitMQ", async () => (await amqplib.connect(AMQP_URL)).close(), "rabbitmq-server -detached");

const run = runName("wire");
let registry: RunningRegistry;
let dbDir: string;
let v2: OrdersPackage;
let v1: OrdersPackage;

async function register(subject: string, text: string): Promise<void> {
  const res = await fetch(`${registry.url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: "POST",
    headers: { "content-type": "application/vnd.schemaregistry.v1+json" },
    body: JSON.stringify({ schemaType: "ASYNCAPI", schema: text }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  dbDir = mkdtempSync(join(tmpdir(), "charter-codegen-"));
  registry = await startRegistry({ port: 0, dbPath: join(dbDir, "registry.db") });
  await fetch(`${registry.url}/config/${run}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ compatibility: "NONE" }) });
  await register(run, ordersContract(1, run));
  await register(run, ordersContract(2, run));
  const dir = outputDir("wire");
  v2 = await importPackage(await generateFromRegistry(join(dir, "v2"), registry.url, run, "latest", "orders-v2"));
  v1 = await importPackage(await generateFromRegistry(join(dir, "v1"), registry.url, run, 1, "orders-v1"));
}, 300_000);

afterAll(async () => {
  await registry?.close();
  rmSync(dbDir, { recursive: true, force: true });
});

const headers = { ce_specversion: "1.0", ce_id: "evt-1", ce_source: "/orders", ce_type: "com.example.order.created" };
const orderV2 = {
  orderId: "0f8fad5b-d9cb-469f-a165-70867728950e",
  customerId: "c-42",
  items: [{ sku: "BOOK-1", quantity: 2, unitPrice: 12.5 }],
  total: 25,
  currency: "GBP",
  channel: "app",
  createdAt: "2024-05-01T10:00:00Z",
  shippingAddress: { street: "1 Main St", city: "Leeds", country: "GB" },
};
const { channel: _channel, ...orderV1Base } = orderV2;
const orderV1 = { ...orderV1Base, currency: "EUR", legacyRef: "L-1" };
const paymentV1 = { orderId: orderV2.orderId, amountCents: 2500, method: "CARD", txId: "tx-9", paidAt: 1_714_557_600_000 };

/** Records what a transport sends. */
function spy(transport: Transportish): { transport: Transportish; sent: Array<{ address: string; value: Uint8Array }> } {
  const sent: Array<{ address: string; value: Uint8Array }> = [];
  return {
    sent,
    transport: { ...transport, send: (m, b) => (sent.push(m), transport.send(m, b)) },
  };
}

/** The wire scenario on one kind of transport; `make()` returns a transport over a fresh connection. */
function wireScenario(make: () => Promise<Transportish>, deadLetters?: () => readonly unknown[]): void {
  it("sends in the Confluent wire format, upcasts v1 messages (JSON and Avro) for v2 handlers, refuses invalid payloads", async () => {
    const producer = spy(await make());
    const consumer = await make();
    const old = await make();
    const invalid: string[] = [];
    const registryOptions = { url: registry.url };
    const client = v2.createClient({ transport: producer.transport, registry: registryOptions });
    const mirror = v2.createMirrorClient({ transport: consumer, registry: registryOptions, onInvalidMessage: (e: Error) => invalid.push(e.message) });
    const oldClient = v1.createClient({ transport: old, registry: registryOptions });
    const oldMirror = v1.createMirrorClient({ transport: old, registry: registryOptions });
    try {
      const orders: Array<{ payload: unknown; context: { writtenVersion: number; key: unknown; headers: unknown } }> = [];
      const payments: Array<{ payload: unknown; context: { messageName: string; writtenVersion: number } }> = [];
      await mirror["publishOrderCreated"]!(async (payload: unknown, context: unknown) => void orders.push({ payload, context: context as never }), { groupId: `${run}-orders-${Math.random()}` });
      await client["onPaymentEvent"]!(async (payload: unknown, context: unknown) => void payments.push({ payload, context: context as never }), { groupId: `${run}-payments-${Math.random()}` });

      // v2 → v2, framed: magic byte 0 then the registered schema id.
      await client["publishOrderCreated"]!(orderV2, { key: orderV2.orderId, headers });
      await eventually(() => orders.length === 1, 20_000, "the v2 OrderCreated");
      expect(orders[0]!.payload).toEqual(orderV2);
      expect(orders[0]!.context).toMatchObject({ writtenVersion: 2, key: orderV2.orderId, headers });
      const framed = producer.sent[0]!.value;
      expect(framed[0]).toBe(0);
      const id = new DataView(framed.buffer, framed.byteOffset).getInt32(1);
      const byId = (await (await fetch(`${registry.url}/schemas/ids/${id}/versions`)).json()) as Array<{ subject: string }>;
      expect(byId.map((v) => v.subject)).toContain(`${run}.OrderCreated-value`);

      // v1 producer (generated from version 1 of the subject) → v2 handler, through the JSON upcaster.
      await oldClient["publishOrderCreated"]!(orderV1, { key: orderV1.orderId, headers });
      await eventually(() => orders.length === 2, 20_000, "the v1 OrderCreated");
      expect(orders[1]!.payload).toEqual({ ...orderV1Base, currency: "EUR", channel: "web" });
      expect(orders[1]!.context.writtenVersion).toBe(1);

      // Avro: v1 PaymentCompleted (txId, no provider) → v2 (transactionId via alias, provider default).
      await oldMirror["onPaymentEvent"]!(paymentV1);
      await eventually(() => payments.length === 1, 20_000, "the v1 PaymentCompleted");
      expect(payments[0]!.payload).toEqual({ orderId: paymentV1.orderId, amountCents: 2500, method: "CARD", transactionId: "tx-9", provider: "stripe", paidAt: paymentV1.paidAt });
      expect(payments[0]!.context).toMatchObject({ messageName: "PaymentCompleted", writtenVersion: 1 });

      // An invalid payload never leaves: a typed error naming the path.
      const before = producer.sent.length;
      await expect(client["publishOrderCreated"]!({ ...orderV2, currency: "JPY" }, { key: orderV2.orderId, headers })).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        path: "/currency",
      });
      expect(producer.sent.length).toBe(before);

      // Bytes that are no OrderCreated never reach the handler: rejected with the reason.
      await producer.transport.send({ address: `${run}.order-events`, value: Buffer.from("not a message"), headers: {} }, {});
      await eventually(() => invalid.length === 1, 20_000, "the rejection");
      expect(invalid[0]).toMatch(/OrderCreated|JSON|schema/);
      expect(orders.length).toBe(2);
      if (deadLetters) await eventually(() => deadLetters().length === 1, 5_000, "the dead letter");
    } finally {
      await Promise.all([client.close(), mirror.close(), oldClient.close(), oldMirror.close()]);
    }
  }, 120_000);
}

describe("kafkaTransport over the testkit broker (kafkajs facade)", () => {
  const broker = createBroker();
  wireScenario(async () => v2.kafkaTransport(broker.kafka()), () => broker.messages(`${run}.order-events.DLT`));

  it("dead-letters with Spring's headers", async () => {
    await broker.waitForIdle();
    const letters = broker.messages(`${run}.order-events.DLT`);
    expect(letters).toHaveLength(1);
    const headers = Object.fromEntries(Object.entries(letters[0]!.headers).map(([k, v]) => [k, String(v)]));
    expect(headers).toMatchObject({ "kafka_dlt-original-topic": `${run}.order-events`, "kafka_dlt-original-offset": expect.any(String) });
    expect(headers["kafka_dlt-exception-message"]).not.toBe("");
  });
});

describe.skipIf(!natsUp)("natsTransport over NATS JetStream", () => {
  const connections: NatsConnection[] = [];
  beforeAll(async () => {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: run, subjects: [`${run}.>`] });
  });
  afterAll(async () => {
    const jsm = await connections[0]!.jetstreamManager();
    await jsm.streams.delete(run).catch(() => undefined);
    await Promise.all(connections.map((c) => c.close()));
  });
  wireScenario(async () => {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    return v2.natsTransport(nc);
  });

  it("answers a request over a reply inbox (AsyncAPI 3 reply, correlation id header)", async () => {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    const transport = v2.natsTransport(nc);
    const client = v2.createClient({ transport });
    const mirror = v2.createMirrorClient({ transport });
    try {
      await mirror["checkStock"]!(async (query: unknown) => ({ sku: (query as { sku: string }).sku, available: 7 }), { groupId: `${run}-stock` });
      await expect(client["checkStock"]!({ sku: "BOOK-1" }, { timeoutMs: 15_000 })).resolves.toEqual({ sku: "BOOK-1", available: 7 });
    } finally {
      await Promise.all([client.close(), mirror.close()]);
    }
  }, 60_000);
});

describe.skipIf(!amqpUp)("amqpTransport over RabbitMQ", () => {
  const connections: Array<Awaited<ReturnType<typeof amqplib.connect>>> = [];
  afterAll(async () => {
    const ch = await connections[0]!.createChannel();
    // Queues are named by the consumer groups of this run; delete what the scenario declared.
    for (const q of queues) await ch.deleteQueue(q).catch(() => undefined);
    await ch.close();
    await Promise.all(connections.map((c) => c.close()));
  });
  const queues: string[] = [];
  wireScenario(async () => {
    const connection = await amqplib.connect(AMQP_URL);
    connections.push(connection);
    const transport = v2.amqpTransport(connection);
    const original = (transport as unknown as { subscribe: (r: { groupId: string }, d: unknown) => Promise<unknown> }).subscribe;
    (transport as unknown as { subscribe: typeof original }).subscribe = (request, deliver) => (queues.push(request.groupId), original(request, deliver));
    return transport;
  });
});

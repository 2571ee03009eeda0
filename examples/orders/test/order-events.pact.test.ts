// Pact on both sides of order-events: each consuming service's real kafkajs handler runs on the contract's
// example (consumer pacts), then the order service's real outbox + relay is verified against those pacts by
// Pact's verifier and against the AsyncAPI contract in one call.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createBroker } from "@charter/testkit";
import { checkPactFileV4, consumeContractMessage, type ContractMessage, verifyContractMessages } from "@charter/testkit/pact";
import { Matchers } from "@pact-foundation/pact";
import { logLevel, type Kafka } from "kafkajs";
import { beforeAll, describe, expect, it } from "vitest";
import { EmailService } from "../src/email-service.js";
import { EventTypes, ORDER_EVENTS } from "../src/events.js";
import { InventoryService } from "../src/inventory-service.js";
import { startEmailConsumer, startInventoryConsumer, startOrderStatusProjection } from "../src/messaging/consumers.js";
import { OutboxRelay } from "../src/messaging/outbox-relay.js";
import { OrderService } from "../src/order-service.js";
import { OrderStatusView } from "../src/order-status-view.js";
import { orderCreatedContract, twoBooks } from "./harness.js";

const pactDir = join(import.meta.dirname, "../pacts");
const headers = {
  ce_specversion: "1.0",
  ce_type: EventTypes.OrderCreated,
  ce_source: "/orders",
  ce_id: Matchers.uuid("0c3e5d2a-9b1f-4e7c-8a6d-5f4e3d2c1b0a"),
  "content-type": "application/json",
};

/** Delivers the pact's message to a real consumer module through the in-memory broker. */
async function deliver(message: ContractMessage, start: (kafka: Kafka) => Promise<{ disconnect(): Promise<void> }>): Promise<void> {
  const broker = createBroker();
  const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
  const consumer = await start(kafka);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: message.topic, messages: [{ key: message.key, value: JSON.stringify(message.value), headers: message.headers }] });
  await broker.waitForIdle();
  await consumer.disconnect();
}

beforeAll(() => rmSync(pactDir, { recursive: true, force: true }));

describe("order-events pacts", () => {
  it("consumer inventory-service: reserves stock for the contract's OrderCreated", async () => {
    const inventory = new InventoryService({ "BOOK-1": 10 });
    await consumeContractMessage({
      consumer: "inventory-service",
      provider: "order-service",
      contract: orderCreatedContract,
      key: "6f1d9c2a-3b4e-4f5a-8b6c-7d8e9f0a1b2c",
      headers,
      dir: pactDir,
      handler: (m) => deliver(m, (kafka) => startInventoryConsumer(kafka, inventory)),
    });
    expect(inventory.stockOf("BOOK-1")).toBe(8);
  });

  it("consumer email-service: sends the order confirmation", async () => {
    const mail: Array<{ to: string; subject: string }> = [];
    const email = new EmailService({ send: (m) => void mail.push(m) });
    await consumeContractMessage({
      consumer: "email-service",
      provider: "order-service",
      contract: orderCreatedContract,
      key: "6f1d9c2a-3b4e-4f5a-8b6c-7d8e9f0a1b2c",
      headers,
      dir: pactDir,
      handler: (m) => deliver(m, (kafka) => startEmailConsumer(kafka, email)),
    });
    expect(mail).toEqual([{ to: "jane.doe@example.com", subject: "Order 6f1d9c2a-3b4e-4f5a-8b6c-7d8e9f0a1b2c received" }]);
  });

  it("consumer order-status-view: shows the new order as pending payment", async () => {
    const view = new OrderStatusView();
    await consumeContractMessage({
      consumer: "order-status-view",
      provider: "order-service",
      contract: orderCreatedContract,
      key: "6f1d9c2a-3b4e-4f5a-8b6c-7d8e9f0a1b2c",
      headers,
      dir: pactDir,
      handler: (m) => deliver(m, (kafka) => startOrderStatusProjection(kafka, view)),
    });
    expect(view.all()).toEqual([{ orderId: "6f1d9c2a-3b4e-4f5a-8b6c-7d8e9f0a1b2c", status: "PENDING_PAYMENT", total: 25 }]);
  });

  it("the written pacts are standard V4 files a Pact Broker accepts", () => {
    for (const consumer of ["inventory-service", "email-service", "order-status-view"]) {
      const pact = JSON.parse(readFileSync(join(pactDir, `${consumer}-order-service.json`), "utf8")) as unknown;
      expect(checkPactFileV4(pact)).toEqual([]);
      expect(pact).toMatchObject({ interactions: [{ type: "Asynchronous/Messages", description: `OrderCreated on ${ORDER_EVENTS}`, metadata: { topic: ORDER_EVENTS } }] });
    }
  });

  it("provider order-service: the outbox relay's messages satisfy every pact (Pact's verifier) and the AsyncAPI contract", async () => {
    const report = await verifyContractMessages({
      provider: "order-service",
      pactDir,
      contracts: { [ORDER_EVENTS]: orderCreatedContract },
      messages: {
        [`OrderCreated on ${ORDER_EVENTS}`]: async ({ kafka }) => {
          const orders = new OrderService();
          orders.placeOrder(twoBooks);
          const producer = kafka.producer();
          await producer.connect();
          await new OutboxRelay(orders.db, producer).relayPending();
          await producer.disconnect();
        },
      },
    });
    expect(report.pactFiles).toHaveLength(3);
  });
});

// The service test from testkit/README.md, kept runnable.
import { join } from "node:path";
import { expect, it } from "vitest";
import "../src/vitest/index.js";
import { createBroker } from "../src/index.js";
import { startStockConsumer } from "./services/stock-service.js";

const schemaFile = join(import.meta.dirname, "fixtures/order.schema.json");

it("reserves stock once per order, even when Kafka delivers it twice", async () => {
  const broker = createBroker({ defaultPartitions: 3, retry: { maxAttempts: 3, initialBackoffMs: 100 } });
  await broker.bindContract("orders", { file: schemaFile });
  const stock = new Map([["A-1", 10]]);
  const consumer = await startStockConsumer(broker.kafka({ logLevel: 0 }), stock);

  broker.faults.duplicateNextDeliveries("orders");
  const producer = broker.kafka({ logLevel: 0 }).producer();
  await producer.connect();
  const order = { orderId: "0b9d7a8e-1f3c-4a0b-9d7e-2f3b4c5d6e7f", total: 5, items: [{ sku: "A-1", qty: 2 }] };
  await producer.send({ topic: "orders", messages: [{ key: order.orderId, value: JSON.stringify(order) }] });

  await broker.waitForIdle();
  expect(stock.get("A-1")).toBe(8);
  expect(broker).toHavePublished("orders", { key: order.orderId, value: { items: [{ qty: 2 }] } });
  await consumer.disconnect();
});

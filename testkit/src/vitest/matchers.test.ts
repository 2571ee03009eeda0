import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContract } from "../contracts/load-contract.js";
import { createBroker } from "../test-broker.js";
import "./index.js";

const orderSchema = join(import.meta.dirname, "../../test/fixtures/order.schema.json");
const order = { orderId: "0b9d7a8e-1f3c-4a0b-9d7e-2f3b4c5d6e7f", total: 12.5, items: [{ sku: "A-1", qty: 2 }] };

async function brokerWithOrders() {
  const broker = createBroker();
  const producer = broker.kafka({ logLevel: 0 }).producer();
  await producer.connect();
  await producer.send({
    topic: "orders",
    messages: [
      { key: "o-1", value: JSON.stringify({ ...order, total: 1 }), headers: { ce_type: "OrderCreated" } },
      { key: "o-2", value: JSON.stringify({ ...order, total: 4 }), headers: { ce_type: "OrderCreated" } },
    ],
  });
  return broker;
}

describe("toHavePublished / toHavePublishedTimes", () => {
  it("match partial messages with decoded values, string keys and headers, asymmetric matchers included", async () => {
    const broker = await brokerWithOrders();
    expect(broker).toHavePublished("orders", { key: "o-2", value: { total: 4 }, headers: { ce_type: "OrderCreated" } });
    expect(broker).toHavePublished("orders", { value: { items: [{ sku: expect.any(String) }] } });
    expect(broker).not.toHavePublished("orders", { key: "o-3" });
    expect(broker).toHavePublishedTimes("orders", 2);
    expect(broker).toHavePublishedTimes("orders", 1, { value: { total: 1 } });
    expect(broker).toHavePublishedTimes("payments", 0);
  });

  it("fail with the closest message and a path-level diff", async () => {
    const broker = await brokerWithOrders();
    let message = "";
    try {
      expect(broker).toHavePublished("orders", { key: "o-2", value: { total: 5, items: [{ sku: "A-1", qty: 2 }] } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('the topic has 2 message(s)');
    expect(message).toContain("Closest message (partition 0, offset 1)");
    expect(message).toContain("/value/total: expected 5, received 4");
    expect(message).not.toContain("/key");
    expect(() => expect(broker).toHavePublishedTimes("orders", 3)).toThrow('expected the broker to have published 3 messages to "orders", found 2');
  });
});

describe("toMatchContract", () => {
  it("passes valid values (objects or JSON text) and lists violations with paths and rules", async () => {
    const contract = await loadContract({ file: orderSchema });
    expect(order).toMatchContract(contract);
    expect(JSON.stringify(order)).toMatchContract(contract);
    await expect(order).toMatchContract({ file: orderSchema });
    expect(() => expect({ ...order, total: -2 }).toMatchContract(contract)).toThrow(/to match file .*order\.schema\.json:\n {2}\/total: .*\(rule minimum\)/);
    expect(() => expect({ ...order, extra: 1 }).toMatchContract(contract)).toThrow(/\(rule additionalProperties\)/);
    expect({ ...order, total: -2 }).not.toMatchContract(contract);
  });
});

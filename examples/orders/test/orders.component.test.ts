import "@charter/testkit/vitest";
import { afterEach, describe, expect, it } from "vitest";
import { EventTypes } from "../src/events.js";
import { type Harness, orderCreatedContract, startHarness, twoBooks } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.system.stop();
  harness = undefined;
});

describe("orders example: component tests of the kafkajs services on the in-memory broker", () => {
  it("publishes OrderCreated as a CloudEvent (binary mode) through the outbox; inventory, payment, email and the read model follow", async () => {
    harness = await startHarness();
    const { broker, system, mail } = harness;
    const order = system.orders.placeOrder(twoBooks);
    expect(broker.messages("order-events")).toEqual([]); // in the outbox, not yet relayed
    await system.orderRelay.relayPending();
    await broker.waitForIdle();

    expect(broker).toHavePublished("order-events", {
      key: order.orderId,
      value: { orderId: order.orderId, total: 25, currency: "EUR", items: [{ sku: "BOOK-1", quantity: 2, unitPrice: 12.5 }] },
      headers: {
        ce_specversion: "1.0",
        ce_type: EventTypes.OrderCreated,
        ce_source: "/orders",
        ce_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ce_time: order.createdAt,
        ce_subject: order.orderId,
        "content-type": "application/json",
      },
    });
    await expect(broker.values("order-events")[0]).toMatchContract(orderCreatedContract);
    expect(broker).toHavePublished("payment-events", { key: order.orderId, headers: { ce_type: EventTypes.PaymentCompleted, ce_source: "/payments" } });
    expect(system.inventory.stockOf("BOOK-1")).toBe(8);
    expect(system.payments.statusOf(order.orderId)).toBe("COMPLETED");
    expect(mail.map((m) => m.subject)).toEqual([`Order ${order.orderId} received`, `Payment for order ${order.orderId} received`]);
    expect(system.view.statusOf(order.orderId)).toBe("PAID");
    for (const group of ["inventory", "payment", "email", "order-status-view"]) expect(broker.lag(group).total).toBe(0);
  });

  it("inventory is an idempotent consumer: a duplicated delivery does not decrement stock twice", async () => {
    harness = await startHarness();
    const { broker, system, mail } = harness;
    broker.faults.duplicateNextDeliveries("order-events", 4);
    const order = system.orders.placeOrder(twoBooks);
    await system.orderRelay.relayPending();
    await broker.waitForIdle();
    expect(system.inventory.stockOf("BOOK-1")).toBe(8);
    expect(mail.filter((m) => m.subject.startsWith("Order"))).toHaveLength(1);
    expect(harness.gateway.calls).toHaveLength(1);
    expect(system.view.statusOf(order.orderId)).toBe("PAID");
  });

  it("a relay crash between send and mark re-sends the event, and consumers apply it once", async () => {
    let crashes = 1;
    harness = await startHarness({
      orderRelay: {
        afterSend: () => {
          if (crashes-- > 0) throw new Error("relay process died before marking the row published");
        },
      },
    });
    const { broker, system, mail, gateway } = harness;
    const order = system.orders.placeOrder(twoBooks);
    await expect(system.orderRelay.relayPending()).rejects.toThrow("relay process died");
    expect(await system.orderRelay.relayPending()).toBe(1);
    await broker.waitForIdle();
    const copies = broker.decoded("order-events");
    expect(copies).toHaveLength(2);
    expect(copies[0]!.headers["ce_id"]).toBe(copies[1]!.headers["ce_id"]);
    expect(system.inventory.stockOf("BOOK-1")).toBe(8);
    expect(gateway.calls).toHaveLength(1);
    expect(mail.filter((m) => m.subject.startsWith("Order"))).toHaveLength(1);
    expect(system.view.statusOf(order.orderId)).toBe("PAID");
    expect(broker).toHavePublishedTimes("payment-events", 1);
  });

  it("retries transient payment failures with backoff on the virtual clock", async () => {
    harness = await startHarness();
    const { broker, system, gateway } = harness;
    gateway.transientFailures = 2;
    const order = system.orders.placeOrder(twoBooks);
    await system.orderRelay.relayPending();
    await broker.waitForIdle();
    const start = gateway.calls[0]!.at;
    expect(gateway.calls.map((c) => c.at - start)).toEqual([0, 100, 300]);
    expect(system.view.statusOf(order.orderId)).toBe("PAID");
    expect(broker.messages("order-events.DLT")).toEqual([]);
  });

  it("dead-letters an order whose payment keeps failing, with Spring's DLT headers", async () => {
    harness = await startHarness();
    const { broker, system, gateway } = harness;
    gateway.transientFailures = 99;
    const order = system.orders.placeOrder(twoBooks);
    await system.orderRelay.relayPending();
    await broker.waitForIdle();
    expect(gateway.calls).toHaveLength(4);
    expect(broker).toHavePublished("order-events.DLT", {
      key: order.orderId,
      headers: {
        "kafka_dlt-original-topic": "order-events",
        "kafka_dlt-original-offset": "0",
        "kafka_dlt-original-consumer-group": "payment",
        "kafka_dlt-exception-fqcn": "TransientPaymentError",
        "kafka_dlt-exception-message": "gateway timed out",
        "kafka_dlt-attempts": "4",
        ce_type: EventTypes.OrderCreated,
      },
    });
    expect(system.view.statusOf(order.orderId)).toBe("PENDING_PAYMENT");
    expect(system.inventory.stockOf("BOOK-1")).toBe(8);
  });

  it("dead-letters a poison message (not a CloudEvent) in every group that consumes it", async () => {
    harness = await startHarness();
    const { broker, system } = harness;
    const legacy = broker.kafka({ logLevel: 0 }).producer();
    await legacy.connect();
    const order = system.orders.placeOrder(twoBooks);
    const [row] = system.orders.db.prepare("SELECT record FROM outbox").all() as Array<{ record: string }>;
    await legacy.send({ topic: "order-events", messages: [{ key: order.orderId, value: (JSON.parse(row!.record) as { value: string }).value }] });
    await broker.waitForIdle();
    const dead = broker.decoded("order-events.DLT");
    expect(dead.map((m) => m.headers["kafka_dlt-original-consumer-group"]).sort()).toEqual(["email", "inventory", "order-status-view", "payment"]);
    expect(dead[0]!.headers["kafka_dlt-exception-message"]).toBe("not a CloudEvent: header ce_specversion is missing");
    expect(system.inventory.stockOf("BOOK-1")).toBe(10);
  });

  it("a declined payment shows as PAYMENT_FAILED in the read model", async () => {
    harness = await startHarness();
    const { broker, system, gateway } = harness;
    gateway.decline = true;
    const order = system.orders.placeOrder(twoBooks);
    await system.orderRelay.relayPending();
    await broker.waitForIdle();
    expect(broker).toHavePublished("payment-events", { value: { orderId: order.orderId, reason: "DECLINED" }, headers: { ce_type: EventTypes.PaymentFailed } });
    expect(system.view.all()).toEqual([{ orderId: order.orderId, status: "PAYMENT_FAILED", total: 25 }]);
  });

  it("the contract binding stops an OrderCreated that breaks the AsyncAPI contract; nothing reaches the topic", async () => {
    harness = await startHarness();
    const { broker, system } = harness;
    system.orders.placeOrder({ ...twoBooks, currency: "GBP" as "EUR" });
    await expect(system.orderRelay.relayPending()).rejects.toMatchObject({ code: "CONTRACT_VIOLATION", details: { path: "/currency", rule: "enum" } });
    expect(broker.messages("order-events")).toEqual([]);
  });
});

import { join } from "node:path";
import { createBroker, type TestBroker } from "@charter/testkit";
import { logLevel } from "kafkajs";
import type { OutboxRelayOptions } from "../src/messaging/outbox-relay.js";
import { TransientPaymentError, type PaymentGateway } from "../src/payment-service.js";
import { startOrdersSystem, type OrdersSystem } from "../src/system.js";

/** The AsyncAPI contract's OrderCreated message. */
export const orderCreatedContract = { file: join(import.meta.dirname, "../contracts/asyncapi.yaml"), message: "OrderCreated" };

/** A payment gateway double: approves, declines, or fails transiently `transientFailures` times first. */
export class FakeGateway implements PaymentGateway {
  calls: Array<{ orderId: string; at: number }> = [];
  transientFailures = 0;
  decline = false;
  constructor(private readonly now: () => number) {}
  async charge(request: { orderId: string; amount: number; currency: string }) {
    this.calls.push({ orderId: request.orderId, at: this.now() });
    if (this.transientFailures > 0) {
      this.transientFailures--;
      throw new TransientPaymentError("gateway timed out");
    }
    return this.decline ? { status: "declined" as const } : { status: "approved" as const, paymentId: `pay-${request.orderId.slice(0, 8)}` };
  }
}

export interface Harness {
  readonly broker: TestBroker;
  readonly system: OrdersSystem;
  readonly gateway: FakeGateway;
  readonly mail: Array<{ to: string; subject: string }>;
}

/**
 * The orders system on an in-memory broker: 3 partitions per topic, Spring-style retries (4 deliveries, 100 ms
 * doubling backoff on the virtual clock) then `<topic>.DLT`, and `order-events` bound to the AsyncAPI contract.
 */
export async function startHarness(options: { orderRelay?: OutboxRelayOptions } = {}): Promise<Harness> {
  const broker = createBroker({ defaultPartitions: 3, retry: { maxAttempts: 4, initialBackoffMs: 100, multiplier: 2 } });
  await broker.bindContract("order-events", orderCreatedContract);
  const gateway = new FakeGateway(() => broker.clock.now());
  const mail: Array<{ to: string; subject: string }> = [];
  const system = await startOrdersSystem({
    kafka: broker.kafka({ clientId: "orders-example", logLevel: logLevel.NOTHING }),
    gateway,
    mailer: { send: (m) => void mail.push(m) },
    initialStock: { "BOOK-1": 10, "PEN-2": 100 },
    ...(options.orderRelay ? { orderRelay: options.orderRelay } : {}),
  });
  return { broker, system, gateway, mail };
}

export const twoBooks = { customerId: "c-1", email: "ada@example.com", currency: "EUR" as const, items: [{ sku: "BOOK-1", quantity: 2, unitPrice: 12.5 }] };

import { cloudEvent } from "./cloudevents.js";
import { type Db, openDatabase, processOnce } from "./database.js";
import { EventTypes, type OrderCreated, PAYMENT_EVENTS, type PaymentCompleted, type PaymentFailed } from "./events.js";
import { addToOutbox, OUTBOX_SCHEMA } from "./outbox.js";

/** A failure worth retrying (timeout, 503): the message is redelivered with backoff. */
export class TransientPaymentError extends Error {
  override readonly name = "TransientPaymentError";
}

/** The payment provider; `charge` is idempotent per orderId (as real gateways are with an idempotency key). */
export interface PaymentGateway {
  charge(request: { orderId: string; amount: number; currency: string }): Promise<{ status: "approved"; paymentId: string } | { status: "declined" }>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS payments (order_id TEXT PRIMARY KEY, payment_id TEXT, status TEXT NOT NULL);
${OUTBOX_SCHEMA}`;

/**
 * Payment: charges each order once and records `PaymentCompleted` or `PaymentFailed` in its outbox, in the same
 * transaction as the payment row. Gateway errors propagate, so the broker's retry policy redelivers the order.
 */
export class PaymentService {
  readonly db: Db;

  constructor(
    private readonly gateway: PaymentGateway,
    db?: Db,
  ) {
    this.db = db ?? openDatabase(SCHEMA);
  }

  async handle(eventId: string, order: OrderCreated): Promise<void> {
    if (this.db.prepare("SELECT 1 FROM processed_events WHERE event_id = ?").get(eventId)) return;
    const result = await this.gateway.charge({ orderId: order.orderId, amount: order.total, currency: order.currency });
    processOnce(this.db, eventId, () => {
      if (result.status === "approved") {
        this.db.prepare("INSERT OR REPLACE INTO payments (order_id, payment_id, status) VALUES (?, ?, 'COMPLETED')").run(order.orderId, result.paymentId);
        const data: PaymentCompleted = { orderId: order.orderId, paymentId: result.paymentId, amount: order.total, currency: order.currency };
        addToOutbox(this.db, PAYMENT_EVENTS, cloudEvent({ source: "/payments", type: EventTypes.PaymentCompleted, subject: order.orderId, data }), order.orderId);
      } else {
        this.db.prepare("INSERT OR REPLACE INTO payments (order_id, payment_id, status) VALUES (?, NULL, 'FAILED')").run(order.orderId);
        const data: PaymentFailed = { orderId: order.orderId, reason: "DECLINED" };
        addToOutbox(this.db, PAYMENT_EVENTS, cloudEvent({ source: "/payments", type: EventTypes.PaymentFailed, subject: order.orderId, data }), order.orderId);
      }
    });
  }

  statusOf(orderId: string): string | undefined {
    return (this.db.prepare("SELECT status FROM payments WHERE order_id = ?").get(orderId) as { status: string } | undefined)?.status;
  }
}

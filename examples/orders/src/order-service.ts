import { randomUUID } from "node:crypto";
import { cloudEvent } from "./cloudevents.js";
import { type Db, openDatabase } from "./database.js";
import { EventTypes, ORDER_EVENTS, type OrderCreated, type OrderItem } from "./events.js";
import { addToOutbox, OUTBOX_SCHEMA } from "./outbox.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  order_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  email TEXT NOT NULL,
  total REAL NOT NULL,
  currency TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS order_items (order_id TEXT NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL, unit_price REAL NOT NULL);
${OUTBOX_SCHEMA}`;

/** What a customer submits. */
export interface PlaceOrder {
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly OrderItem[];
  readonly currency: "EUR" | "USD";
}

/**
 * The order service: stores an order and its `OrderCreated` event (CloudEvents, keyed by orderId) in one SQLite
 * transaction — the transactional outbox. The outbox relay publishes the event afterwards.
 */
export class OrderService {
  readonly db: Db;

  constructor(db?: Db) {
    this.db = db ?? openDatabase(SCHEMA);
  }

  placeOrder(input: PlaceOrder, now = new Date()): OrderCreated {
    if (input.items.length === 0) throw new Error("an order needs at least one item");
    const order: OrderCreated = {
      orderId: randomUUID(),
      customerId: input.customerId,
      email: input.email,
      items: input.items,
      total: input.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0),
      currency: input.currency,
      createdAt: now.toISOString(),
    };
    this.db.transaction(() => {
      this.db
        .prepare("INSERT INTO orders (order_id, customer_id, email, total, currency, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(order.orderId, order.customerId, order.email, order.total, order.currency, order.createdAt);
      const item = this.db.prepare("INSERT INTO order_items (order_id, sku, quantity, unit_price) VALUES (?, ?, ?, ?)");
      for (const i of order.items) item.run(order.orderId, i.sku, i.quantity, i.unitPrice);
      const event = cloudEvent({ source: "/orders", type: EventTypes.OrderCreated, subject: order.orderId, data: order, time: order.createdAt });
      addToOutbox(this.db, ORDER_EVENTS, event, order.orderId);
    })();
    return order;
  }

  orderCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM orders").get() as { n: number }).n;
  }
}

import { type Db, openDatabase, processOnce } from "./database.js";

/** Order status as the read side shows it. */
export type OrderStatus = "PENDING_PAYMENT" | "PAID" | "PAYMENT_FAILED";

const RANK: Record<OrderStatus, number> = { PENDING_PAYMENT: 0, PAID: 1, PAYMENT_FAILED: 1 };

const SCHEMA = `CREATE TABLE IF NOT EXISTS order_status (order_id TEXT PRIMARY KEY, status TEXT NOT NULL, total REAL, updated_at TEXT NOT NULL);`;

/**
 * The CQRS read model: an order-status view fed by order and payment events. Events of two topics can arrive in
 * either order, so a status never moves back (a late OrderCreated does not undo PAID); each event counts once.
 */
export class OrderStatusView {
  readonly db: Db;

  constructor(db?: Db) {
    this.db = db ?? openDatabase(SCHEMA);
  }

  apply(eventId: string, orderId: string, status: OrderStatus, total?: number): void {
    processOnce(this.db, eventId, () => {
      const current = this.statusOf(orderId);
      if (current && RANK[current] >= RANK[status]) {
        if (total !== undefined) this.db.prepare("UPDATE order_status SET total = ? WHERE order_id = ?").run(total, orderId);
        return;
      }
      this.db
        .prepare("INSERT INTO order_status (order_id, status, total, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(order_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, total = COALESCE(excluded.total, total)")
        .run(orderId, status, total ?? null, new Date().toISOString());
    });
  }

  statusOf(orderId: string): OrderStatus | undefined {
    return (this.db.prepare("SELECT status FROM order_status WHERE order_id = ?").get(orderId) as { status: OrderStatus } | undefined)?.status;
  }

  all(): Array<{ orderId: string; status: OrderStatus; total: number | null }> {
    return (this.db.prepare("SELECT order_id, status, total FROM order_status ORDER BY order_id").all() as Array<{ order_id: string; status: OrderStatus; total: number | null }>).map(
      (r) => ({ orderId: r.order_id, status: r.status, total: r.total }),
    );
  }
}

import { type Db, openDatabase, processOnce } from "./database.js";
import type { OrderCreated } from "./events.js";

const SCHEMA = `CREATE TABLE IF NOT EXISTS stock (sku TEXT PRIMARY KEY, quantity INTEGER NOT NULL);`;

/** Inventory: reserves stock for each order exactly once, however often the event is delivered. */
export class InventoryService {
  readonly db: Db;

  constructor(initialStock: Record<string, number>, db?: Db) {
    this.db = db ?? openDatabase(SCHEMA);
    const put = this.db.prepare("INSERT OR REPLACE INTO stock (sku, quantity) VALUES (?, ?)");
    for (const [sku, quantity] of Object.entries(initialStock)) put.run(sku, quantity);
  }

  /** Decrements stock for the order; a duplicate delivery (same event id) changes nothing. */
  reserve(eventId: string, order: OrderCreated): boolean {
    return processOnce(this.db, eventId, () => {
      const take = this.db.prepare("UPDATE stock SET quantity = quantity - ? WHERE sku = ?");
      for (const item of order.items) take.run(item.quantity, item.sku);
    });
  }

  stockOf(sku: string): number | undefined {
    return (this.db.prepare("SELECT quantity FROM stock WHERE sku = ?").get(sku) as { quantity: number } | undefined)?.quantity;
  }
}

import { type Db, openDatabase, processOnce } from "./database.js";

/** Sends mail (an SMTP client in production; a recorder in tests). */
export interface Mailer {
  send(mail: { to: string; subject: string }): void;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS sent_emails (event_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, subject TEXT NOT NULL);`;

/** Email: one confirmation per order, one receipt per completed payment; duplicates send nothing. */
export class EmailService {
  readonly db: Db;
  private readonly recipients = new Map<string, string>();

  constructor(
    private readonly mailer: Mailer,
    db?: Db,
  ) {
    this.db = db ?? openDatabase(SCHEMA);
  }

  orderConfirmation(eventId: string, order: { orderId: string; email: string }): void {
    this.recipients.set(order.orderId, order.email);
    this.sendOnce(eventId, order.email, `Order ${order.orderId} received`);
  }

  paymentReceipt(eventId: string, payment: { orderId: string }): void {
    const to = this.recipients.get(payment.orderId);
    if (to) this.sendOnce(eventId, to, `Payment for order ${payment.orderId} received`);
  }

  private sendOnce(eventId: string, to: string, subject: string): void {
    processOnce(this.db, eventId, () => {
      this.db.prepare("INSERT INTO sent_emails (event_id, recipient, subject) VALUES (?, ?, ?)").run(eventId, to, subject);
      this.mailer.send({ to, subject });
    });
  }
}

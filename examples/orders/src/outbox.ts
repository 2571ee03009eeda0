import type { Db } from "./database.js";
import type { CloudEvent, KafkaRecord } from "./cloudevents.js";
import { toKafkaRecord } from "./cloudevents.js";

/** The outbox table: events written in the same transaction as the state change, relayed to Kafka later. */
export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  record TEXT NOT NULL,
  published_at TEXT
);`;

/** An outbox row waiting to be published. */
export interface OutboxEntry {
  readonly seq: number;
  readonly eventId: string;
  readonly topic: string;
  readonly record: KafkaRecord;
}

/** Appends an event to the outbox; call inside the transaction that changes the state it reports. */
export function addToOutbox(db: Db, topic: string, event: CloudEvent, key: string): void {
  db.prepare("INSERT INTO outbox (event_id, topic, record) VALUES (?, ?, ?)").run(event.id, topic, JSON.stringify(toKafkaRecord(event, key)));
}

/** Unpublished entries, oldest first. */
export function pendingOutbox(db: Db, limit = 100): OutboxEntry[] {
  const rows = db.prepare("SELECT seq, event_id, topic, record FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ?").all(limit) as Array<{
    seq: number;
    event_id: string;
    topic: string;
    record: string;
  }>;
  return rows.map((r) => ({ seq: r.seq, eventId: r.event_id, topic: r.topic, record: JSON.parse(r.record) as KafkaRecord }));
}

/** Marks an entry published. */
export function markPublished(db: Db, seq: number): void {
  db.prepare("UPDATE outbox SET published_at = ? WHERE seq = ?").run(new Date().toISOString(), seq);
}

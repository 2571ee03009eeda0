import Database from "better-sqlite3";

/** A SQLite database (in memory by default), one per service as each service owns its data. */
export type Db = Database.Database;

/** Opens a database and creates the service's tables plus `processed_events`, the inbox for idempotency. */
export function openDatabase(schema: string, file = ":memory:"): Db {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec(`CREATE TABLE IF NOT EXISTS processed_events (event_id TEXT PRIMARY KEY, processed_at TEXT NOT NULL);\n${schema}`);
  return db;
}

/**
 * Runs `apply` once per event id, in one transaction with the inbox insert: a redelivered or duplicated event
 * (same `ce_id`) is skipped. Returns false when the event had already been processed.
 */
export function processOnce(db: Db, eventId: string, apply: () => void): boolean {
  return db.transaction(() => {
    const fresh = db.prepare("INSERT OR IGNORE INTO processed_events (event_id, processed_at) VALUES (?, ?)").run(eventId, new Date().toISOString()).changes === 1;
    if (fresh) apply();
    return fresh;
  })();
}

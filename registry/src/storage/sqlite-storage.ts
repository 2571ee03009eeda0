import { readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { setImmediate } from "node:timers/promises";
import Database from "better-sqlite3";
import { isMode, type Mode } from "../mode.js";
import type { SubjectConfig } from "../subject-config.js";
import { SerialQueue } from "./serial-queue.js";
import {
  StorageLimitError,
  type DeletedFilter,
  type Storage,
  type StorageReader,
  type StorageTransaction,
  type StoredReference,
  type StoredSchema,
  type StoredUser,
  type SubjectVersion,
  type UserRole,
} from "./storage.js";

/** Options for {@link SqliteStorage.open}. */
export interface SqliteStorageOptions {
  /** Database file; created (with its tables) when missing. `:memory:` for a throwaway store. */
  readonly path: string;
  /** How long a writer waits for another process's write lock, in milliseconds. Default 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * Hold the file exclusively (default true): a registry serves ids from memory, so only one may run per
   * file. `false` is for administrative commands (`charter users`) that write beside a running registry;
   * never serve a registry from such a store.
   */
  readonly exclusive?: boolean;
}

type Db = Database.Database;

// The schema of the store, as numbered migrations (PRAGMA user_version counts those applied). Counters live in
// rows (meta.next_schema_id, subjects.next_version): permanent deletes never free an id for reuse; a subject's
// version counter follows its highest remaining version, as Confluent numbers versions.
const MIGRATIONS: readonly string[] = [
  // 1: schemas, references, subjects (with their compatibility level and mode), versions.
  `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS schemas (
  id INTEGER PRIMARY KEY,
  schema_type TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  references_key TEXT NOT NULL,
  text TEXT NOT NULL,
  UNIQUE (schema_type, fingerprint, references_key)
) STRICT;
CREATE TABLE IF NOT EXISTS schema_references (
  schema_id INTEGER NOT NULL REFERENCES schemas(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  subject TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (schema_id, position)
) STRICT;
CREATE INDEX IF NOT EXISTS schema_references_target ON schema_references (subject, version);
CREATE TABLE IF NOT EXISTS subjects (
  name TEXT PRIMARY KEY,
  next_version INTEGER NOT NULL DEFAULT 1,
  compatibility TEXT,
  mode TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS versions (
  subject TEXT NOT NULL,
  version INTEGER NOT NULL,
  schema_id INTEGER NOT NULL REFERENCES schemas(id),
  deleted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (subject, version)
) STRICT;
CREATE INDEX IF NOT EXISTS versions_schema ON versions (schema_id);
`,
  // 2: schema metadata and rule sets (part of the identity), whole configs instead of levels, API users.
  `
CREATE TABLE schemas_v2 (
  id INTEGER PRIMARY KEY,
  schema_type TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  references_key TEXT NOT NULL,
  contract_key TEXT NOT NULL DEFAULT '',
  metadata TEXT,
  rule_set TEXT,
  text TEXT NOT NULL,
  UNIQUE (schema_type, fingerprint, references_key, contract_key)
) STRICT;
INSERT INTO schemas_v2 (id, schema_type, fingerprint, references_key, text)
  SELECT id, schema_type, fingerprint, references_key, text FROM schemas;
DROP TABLE schemas;
ALTER TABLE schemas_v2 RENAME TO schemas;
ALTER TABLE subjects ADD COLUMN config TEXT;
UPDATE subjects SET config = json_object('compatibilityLevel', compatibility), compatibility = NULL WHERE compatibility IS NOT NULL;
INSERT INTO meta (key, value) SELECT 'global_config', json_object('compatibilityLevel', value) FROM meta WHERE key = 'global_compatibility';
DELETE FROM meta WHERE key = 'global_compatibility';
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  subject_prefix TEXT,
  key_id TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`,
];

/**
 * Brings the database up to the newest migration, each in its own transaction with foreign keys off (SQLite's
 * table-rebuild procedure: a dropped parent table must not cascade), checking foreign keys before committing.
 * Safe when two processes open the same new file at once: `BEGIN IMMEDIATE` serializes them and the version is
 * re-read inside.
 */
function migrate(db: Db): void {
  db.pragma("foreign_keys = OFF");
  for (;;) {
    db.exec("BEGIN IMMEDIATE");
    try {
      const current = db.pragma("user_version", { simple: true }) as number;
      if (current >= MIGRATIONS.length) {
        db.exec("COMMIT");
        break;
      }
      db.exec(MIGRATIONS[current]!);
      const broken = db.pragma("foreign_key_check") as unknown[];
      if (broken.length > 0) throw new Error(`migration ${current + 1} left ${broken.length} broken foreign keys`);
      db.pragma(`user_version = ${current + 1}`);
      db.exec("COMMIT");
    } catch (e) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw e;
    }
  }
  db.pragma("foreign_keys = ON");
}

interface SchemaRow {
  id: number;
  schema_type: string;
  fingerprint: string;
  references_key: string;
  contract_key: string;
  metadata: string | null;
  rule_set: string | null;
  text: string;
}
interface UserRow {
  name: string;
  role: string;
  subject_prefix: string | null;
  key_id: string;
  secret_hash: string;
  created_at: string;
  updated_at: string;
}

function toUser(row: UserRow): StoredUser {
  return {
    name: row.name,
    role: row.role as UserRole,
    ...(row.subject_prefix !== null ? { subjectPrefix: row.subject_prefix } : {}),
    keyId: row.key_id,
    secretHash: row.secret_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function parseConfig(text: string | null | undefined): SubjectConfig | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as SubjectConfig);
}
interface ReferenceRow {
  schema_id: number;
  name: string;
  subject: string;
  version: number;
}
interface VersionRow {
  subject: string;
  version: number;
  schema_id: number;
  deleted: number;
}

function toVersion(row: VersionRow): SubjectVersion {
  return { subject: row.subject, version: row.version, schemaId: row.schema_id, deleted: row.deleted !== 0 };
}

function deletedClause(filter: DeletedFilter): string {
  return filter === "live" ? "AND deleted = 0" : filter === "deletedOnly" ? "AND deleted = 1" : "";
}

/** Reads over one connection. Statements are prepared lazily and cached per SQL text. */
class SqliteReader implements StorageReader {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(protected readonly db: Db) {}

  protected stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** A trivial query that touches the file (readiness probe). */
  ping(): void {
    this.stmt("SELECT COUNT(*) FROM meta").get();
  }

  protected meta(key: string): string | undefined {
    const row = this.stmt("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value;
  }

  private references(id: number): StoredReference[] {
    const rows = this.stmt(
      "SELECT schema_id, name, subject, version FROM schema_references WHERE schema_id = ? ORDER BY position",
    ).all(id) as ReferenceRow[];
    return rows.map((r) => ({ name: r.name, subject: r.subject, version: r.version }));
  }

  private toSchema(row: SchemaRow, references: StoredReference[]): StoredSchema {
    return {
      id: row.id,
      schemaType: row.schema_type,
      fingerprint: row.fingerprint,
      referencesKey: row.references_key,
      text: row.text,
      references,
      contractKey: row.contract_key,
      ...(row.metadata !== null ? { metadata: JSON.parse(row.metadata) as StoredSchema["metadata"] } : {}),
      ...(row.rule_set !== null ? { ruleSet: JSON.parse(row.rule_set) as StoredSchema["ruleSet"] } : {}),
    };
  }

  async getSchema(id: number): Promise<StoredSchema | undefined> {
    const row = this.stmt("SELECT * FROM schemas WHERE id = ?").get(id) as SchemaRow | undefined;
    return row === undefined ? undefined : this.toSchema(row, this.references(id));
  }

  async listSchemas(): Promise<StoredSchema[]> {
    const rows = this.stmt("SELECT * FROM schemas ORDER BY id").all() as SchemaRow[];
    const refs = new Map<number, StoredReference[]>();
    const refRows = this.stmt(
      "SELECT schema_id, name, subject, version FROM schema_references ORDER BY schema_id, position",
    ).all() as ReferenceRow[];
    for (const r of refRows) {
      const list = refs.get(r.schema_id) ?? [];
      list.push({ name: r.name, subject: r.subject, version: r.version });
      refs.set(r.schema_id, list);
    }
    return rows.map((row) => this.toSchema(row, refs.get(row.id) ?? []));
  }

  async findSchemaId(schemaType: string, fingerprint: string, referencesKey: string, contractKey: string): Promise<number | undefined> {
    const row = this.stmt(
      "SELECT id FROM schemas WHERE schema_type = ? AND fingerprint = ? AND references_key = ? AND contract_key = ?",
    ).get(schemaType, fingerprint, referencesKey, contractKey) as { id: number } | undefined;
    return row?.id;
  }

  async getMaxSchemaId(): Promise<number> {
    return Number(this.meta("next_schema_id") ?? "1") - 1;
  }

  async listSubjects(filter: DeletedFilter, prefix = ""): Promise<string[]> {
    // substr/length compare characters, so any prefix works without LIKE escaping.
    const having =
      filter === "live" ? "HAVING MIN(deleted) = 0" : filter === "deletedOnly" ? "HAVING MIN(deleted) = 1" : "";
    const rows = this.stmt(
      `SELECT subject FROM versions WHERE substr(subject, 1, length(?)) = ? GROUP BY subject ${having} ORDER BY subject`,
    ).all(prefix, prefix) as Array<{ subject: string }>;
    return rows.map((r) => r.subject);
  }

  async listVersions(subject: string, filter: DeletedFilter): Promise<SubjectVersion[]> {
    const rows = this.stmt(
      `SELECT * FROM versions WHERE subject = ? ${deletedClause(filter)} ORDER BY version`,
    ).all(subject) as VersionRow[];
    return rows.map(toVersion);
  }

  async getVersion(subject: string, version: number): Promise<SubjectVersion | undefined> {
    const row = this.stmt("SELECT * FROM versions WHERE subject = ? AND version = ?").get(subject, version) as
      | VersionRow
      | undefined;
    return row === undefined ? undefined : toVersion(row);
  }

  async listVersionsOfSchema(id: number): Promise<SubjectVersion[]> {
    const rows = this.stmt("SELECT * FROM versions WHERE schema_id = ? ORDER BY subject, version").all(
      id,
    ) as VersionRow[];
    return rows.map(toVersion);
  }

  async listReferrers(subject: string, version: number): Promise<number[]> {
    const rows = this.stmt(
      "SELECT DISTINCT schema_id FROM schema_references WHERE subject = ? AND version = ? ORDER BY schema_id",
    ).all(subject, version) as Array<{ schema_id: number }>;
    return rows.map((r) => r.schema_id);
  }

  async getConfig(subject: string | undefined): Promise<SubjectConfig | undefined> {
    if (subject === undefined) return parseConfig(this.meta("global_config"));
    const row = this.stmt("SELECT config FROM subjects WHERE name = ?").get(subject) as { config: string | null } | undefined;
    return parseConfig(row?.config);
  }

  async getSubjectMode(subject: string): Promise<Mode | undefined> {
    const row = this.stmt("SELECT mode FROM subjects WHERE name = ?").get(subject) as
      | { mode: string | null }
      | undefined;
    const mode = row?.mode;
    return isMode(mode) ? mode : undefined;
  }

  async getGlobalMode(): Promise<Mode | undefined> {
    const mode = this.meta("global_mode");
    return isMode(mode) ? mode : undefined;
  }

  async listUsers(): Promise<StoredUser[]> {
    return (this.stmt("SELECT * FROM users ORDER BY name").all() as UserRow[]).map(toUser);
  }

  async getUser(name: string): Promise<StoredUser | undefined> {
    const row = this.stmt("SELECT * FROM users WHERE name = ?").get(name) as UserRow | undefined;
    return row === undefined ? undefined : toUser(row);
  }

  async getUserByKeyId(keyId: string): Promise<StoredUser | undefined> {
    const row = this.stmt("SELECT * FROM users WHERE key_id = ?").get(keyId) as UserRow | undefined;
    return row === undefined ? undefined : toUser(row);
  }
}

/** Writes over the writer connection; only used between BEGIN IMMEDIATE and COMMIT/ROLLBACK. */
class SqliteTransaction extends SqliteReader implements StorageTransaction {
  private setMeta(key: string, value: string | undefined): void {
    if (value === undefined) this.stmt("DELETE FROM meta WHERE key = ?").run(key);
    else
      this.stmt("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
        key,
        value,
      );
  }

  private ensureSubject(subject: string): void {
    this.stmt("INSERT INTO subjects (name) VALUES (?) ON CONFLICT (name) DO NOTHING").run(subject);
  }

  async allocateSchemaId(): Promise<number> {
    const next = Number(this.meta("next_schema_id") ?? "1");
    if (next > MAX_INT32) throw new StorageLimitError("schema ids are exhausted (the next one would exceed 2^31-1)");
    this.setMeta("next_schema_id", String(next + 1));
    return next;
  }

  async reserveSchemaId(id: number): Promise<void> {
    const next = Number(this.meta("next_schema_id") ?? "1");
    if (id + 1 > next) this.setMeta("next_schema_id", String(id + 1));
  }

  async insertSchema(schema: StoredSchema): Promise<void> {
    this.stmt(
      "INSERT INTO schemas (id, schema_type, fingerprint, references_key, contract_key, metadata, rule_set, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(
      schema.id,
      schema.schemaType,
      schema.fingerprint,
      schema.referencesKey,
      schema.contractKey,
      schema.metadata === undefined ? null : JSON.stringify(schema.metadata),
      schema.ruleSet === undefined ? null : JSON.stringify(schema.ruleSet),
      schema.text,
    );
    const insertRef = this.stmt(
      "INSERT INTO schema_references (schema_id, position, name, subject, version) VALUES (?, ?, ?, ?, ?)",
    );
    schema.references.forEach((r, position) => insertRef.run(schema.id, position, r.name, r.subject, r.version));
  }

  async deleteSchema(id: number): Promise<void> {
    this.stmt("DELETE FROM schema_references WHERE schema_id = ?").run(id);
    this.stmt("DELETE FROM schemas WHERE id = ?").run(id);
  }

  async allocateVersion(subject: string): Promise<number> {
    this.ensureSubject(subject);
    const row = this.stmt(
      "UPDATE subjects SET next_version = next_version + 1 WHERE name = ? RETURNING next_version - 1 AS version",
    ).get(subject) as { version: number };
    if (row.version > MAX_INT32) throw new StorageLimitError(`versions of subject ${JSON.stringify(subject)} are exhausted (the next one would exceed 2^31-1)`);
    return row.version;
  }

  async reserveVersion(subject: string, version: number): Promise<void> {
    this.ensureSubject(subject);
    this.stmt("UPDATE subjects SET next_version = MAX(next_version, ?) WHERE name = ?").run(version + 1, subject);
  }

  async insertVersion(v: SubjectVersion): Promise<void> {
    this.stmt("INSERT INTO versions (subject, version, schema_id, deleted) VALUES (?, ?, ?, ?)").run(
      v.subject,
      v.version,
      v.schemaId,
      v.deleted ? 1 : 0,
    );
  }

  async setVersionDeleted(subject: string, version: number, deleted: boolean): Promise<void> {
    this.stmt("UPDATE versions SET deleted = ? WHERE subject = ? AND version = ?").run(deleted ? 1 : 0, subject, version);
  }

  async deleteVersion(subject: string, version: number): Promise<void> {
    this.stmt("DELETE FROM versions WHERE subject = ? AND version = ?").run(subject, version);
    // Confluent numbers the next version after the highest one the subject still has (soft-deleted included).
    this.stmt("UPDATE subjects SET next_version = (SELECT COALESCE(MAX(version), 0) + 1 FROM versions WHERE subject = ?) WHERE name = ?").run(subject, subject);
  }

  async setConfig(subject: string | undefined, config: SubjectConfig | undefined): Promise<void> {
    const text = config === undefined ? undefined : JSON.stringify(config);
    if (subject === undefined) return this.setMeta("global_config", text);
    this.ensureSubject(subject);
    this.stmt("UPDATE subjects SET config = ? WHERE name = ?").run(text ?? null, subject);
  }

  async setSubjectMode(subject: string, mode: Mode | undefined): Promise<void> {
    this.ensureSubject(subject);
    this.stmt("UPDATE subjects SET mode = ? WHERE name = ?").run(mode ?? null, subject);
  }

  async setGlobalMode(mode: Mode | undefined): Promise<void> {
    this.setMeta("global_mode", mode);
  }

  async putUser(user: StoredUser): Promise<void> {
    this.stmt(
      `INSERT INTO users (name, role, subject_prefix, key_id, secret_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET role = excluded.role, subject_prefix = excluded.subject_prefix, key_id = excluded.key_id,
       secret_hash = excluded.secret_hash, updated_at = excluded.updated_at`,
    ).run(user.name, user.role, user.subjectPrefix ?? null, user.keyId, user.secretHash, user.createdAt, user.updatedAt);
  }

  async deleteUser(name: string): Promise<boolean> {
    return this.stmt("DELETE FROM users WHERE name = ?").run(name).changes > 0;
  }
}

/**
 * {@link Storage} on SQLite via better-sqlite3. Durability: WAL journal with `synchronous=FULL`, so a unit of
 * work is fsynced before `withTransaction` resolves and an acknowledged write survives `kill -9` and power loss
 * (NORMAL would only survive process crashes). Units of work in this process are queued and run one at a time
 * (none interleave); those queued together share one `BEGIN IMMEDIATE` transaction, each under its own
 * savepoint, and one COMMIT (group commit: one fsync for many registrations; see `runBatches`). Reads outside
 * a transaction use a second connection and see only committed data (WAL readers do not block the writer). A
 * `:memory:` store uses one connection for both. One store per database file: the registry answers
 * `GET /schemas/ids/{id}` from memory, so {@link SqliteStorage.open} refuses a file another store (in any
 * process) holds open, with a {@link DatabaseInUseError}.
 */
export class SqliteStorage implements Storage {
  private readonly queue = new SerialQueue();
  private readonly reader: SqliteReader;
  private readonly tx: SqliteTransaction;
  private closed = false;
  /** Set once the writer connection is closed: queued units of work are refused. */
  private closedWriter = false;
  /** Units of work waiting for the next batch ({@link runBatches}). */
  private readonly pending: PendingUnit[] = [];
  private batching = false;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;

  private constructor(
    private readonly writer: Db,
    private readonly readerDb: Db,
    private readonly lock: Db | undefined,
  ) {
    this.reader = new SqliteReader(readerDb);
    this.tx = new SqliteTransaction(writer);
    this.savepoint = writer.prepare("SAVEPOINT unit");
    this.release = writer.prepare("RELEASE unit");
    this.rollbackTo = writer.prepare("ROLLBACK TO unit");
  }

  /**
   * Opens (creating when missing) the database at `options.path`. Throws when the file cannot be opened or is not
   * a Charter database (callers treat that as a startup failure, not a request error).
   */
  static open(options: SqliteStorageOptions): SqliteStorage {
    const busy = options.busyTimeoutMs ?? 5000;
    const memory = options.path === ":memory:";
    // The file itself, whatever symlinks lead to it: one lock (and one WAL) per file, not per spelling of its path.
    const path = memory ? options.path : databaseFile(options.path);
    const lock = memory || options.exclusive === false ? undefined : lockDatabaseFile(path);
    let writer: Db;
    try {
      writer = new Database(path);
    } catch (e) {
      lock?.close();
      throw e;
    }
    try {
      writer.pragma(`busy_timeout = ${busy}`);
      if (!memory) writer.pragma("journal_mode = WAL");
      writer.pragma("synchronous = FULL");
      migrate(writer);
      writer.exec("BEGIN IMMEDIATE");
      // Keep the id counter above every stored id, whatever wrote the file.
      writer
        .prepare(
          "INSERT INTO meta (key, value) SELECT 'next_schema_id', CAST(COALESCE(MAX(id), 0) + 1 AS TEXT) FROM schemas WHERE 1 ON CONFLICT (key) DO UPDATE SET value = CAST(MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
        )
        .run();
      writer.exec("COMMIT");
      const readerDb = memory ? writer : new Database(path, { readonly: true });
      if (!memory) readerDb.pragma(`busy_timeout = ${busy}`);
      return new SqliteStorage(writer, readerDb, lock);
    } catch (e) {
      if (writer.inTransaction) writer.exec("ROLLBACK");
      writer.close();
      lock?.close();
      throw e;
    }
  }

  withTransaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("storage is closed"));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work: work as (tx: StorageTransaction) => Promise<unknown>, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1 && !this.batching) void this.queue.run(() => this.runBatches());
    });
  }

  /**
   * Group commit: runs the queued units of work, and those queued meanwhile, one after another inside one
   * `BEGIN IMMEDIATE` transaction, each under its own SAVEPOINT (a failing one rolls back to it alone), then
   * COMMITs once — one fsync for the whole batch — and only then settles every unit's promise. A failed COMMIT
   * (or a failure that aborted the whole transaction) rejects every unit of the batch: nothing is acknowledged
   * that is not durable. Batches end at {@link MAX_BATCH} units or {@link MAX_BATCH_MS}, so answers are not
   * held back for long under a steady stream.
   */
  private async runBatches(): Promise<void> {
    this.batching = true;
    try {
      while (this.pending.length > 0) {
        const settled: Array<{ unit: PendingUnit; ok: boolean; value: unknown }> = [];
        const started = performance.now();
        if (this.closedWriter) {
          for (const unit of this.pending.splice(0)) unit.reject(new Error("storage is closed"));
          return;
        }
        this.writer.exec("BEGIN IMMEDIATE");
        let aborted: unknown;
        const open = () => settled.length < MAX_BATCH && performance.now() - started < MAX_BATCH_MS;
        for (;;) {
          if (this.pending.length === 0 && open()) {
            // One turn of the event loop before committing: requests read meanwhile join this batch, so concurrent
            // clients share one fsync (a third as many commits with 16 clients) instead of committing one by one.
            await setImmediate();
          }
          if (this.pending.length === 0 || !open()) break;
          const unit = this.pending.shift()!;
          this.savepoint.run();
          try {
            const value = await unit.work(this.tx);
            this.release.run();
            settled.push({ unit, ok: true, value });
          } catch (e) {
            if (!this.writer.inTransaction) {
              // SQLite rolled the whole transaction back: earlier units of the batch are lost too.
              aborted = e;
              settled.push({ unit, ok: false, value: e });
              break;
            }
            this.rollbackTo.run();
            this.release.run();
            settled.push({ unit, ok: false, value: e });
          }
        }
        if (aborted === undefined) {
          try {
            this.writer.exec("COMMIT");
          } catch (e) {
            aborted = e;
            if (this.writer.inTransaction) this.writer.exec("ROLLBACK");
          }
        }
        for (const { unit, ok, value } of settled) {
          if (aborted !== undefined) unit.reject(ok ? aborted : value);
          else if (ok) unit.resolve(value);
          else unit.reject(value);
        }
      }
    } finally {
      this.batching = false;
    }
  }

  async ping(): Promise<void> {
    this.read().ping();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.drain();
    this.closedWriter = true;
    if (this.readerDb !== this.writer) this.readerDb.close();
    this.writer.close();
    this.lock?.close();
  }

  private read(): SqliteReader {
    if (this.closed) throw new Error("storage is closed");
    return this.reader;
  }

  async getSchema(id: number): Promise<StoredSchema | undefined> {
    return this.read().getSchema(id);
  }
  async listSchemas(): Promise<StoredSchema[]> {
    return this.read().listSchemas();
  }
  async findSchemaId(schemaType: string, fingerprint: string, referencesKey: string, contractKey: string): Promise<number | undefined> {
    return this.read().findSchemaId(schemaType, fingerprint, referencesKey, contractKey);
  }
  async getMaxSchemaId(): Promise<number> {
    return this.read().getMaxSchemaId();
  }
  async listSubjects(filter: DeletedFilter, prefix?: string): Promise<string[]> {
    return this.read().listSubjects(filter, prefix);
  }
  async listVersions(subject: string, filter: DeletedFilter): Promise<SubjectVersion[]> {
    return this.read().listVersions(subject, filter);
  }
  async getVersion(subject: string, version: number): Promise<SubjectVersion | undefined> {
    return this.read().getVersion(subject, version);
  }
  async listVersionsOfSchema(id: number): Promise<SubjectVersion[]> {
    return this.read().listVersionsOfSchema(id);
  }
  async listReferrers(subject: string, version: number): Promise<number[]> {
    return this.read().listReferrers(subject, version);
  }
  async getConfig(subject: string | undefined): Promise<SubjectConfig | undefined> {
    return this.read().getConfig(subject);
  }
  async getSubjectMode(subject: string): Promise<Mode | undefined> {
    return this.read().getSubjectMode(subject);
  }
  async getGlobalMode(): Promise<Mode | undefined> {
    return this.read().getGlobalMode();
  }
  async listUsers(): Promise<StoredUser[]> {
    return this.read().listUsers();
  }
  async getUser(name: string): Promise<StoredUser | undefined> {
    return this.read().getUser(name);
  }
  async getUserByKeyId(keyId: string): Promise<StoredUser | undefined> {
    return this.read().getUserByKeyId(keyId);
  }
}

/** 2^31 − 1: the largest schema id (int32 on the wire) and version (Confluent). */
const MAX_INT32 = 2 ** 31 - 1;

/** Most units of work committed together (group commit). */
const MAX_BATCH = 256;
/** Longest a batch keeps taking new units of work, in ms, before it commits. */
const MAX_BATCH_MS = 20;

interface PendingUnit {
  readonly work: (tx: StorageTransaction) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** The database file is held open by another Charter store (this process or another). */
export class DatabaseInUseError extends Error {}

/**
 * The real path of a database file: symlinks resolved (the file's own, and its directories'), so every path to
 * one file gives one name. A file that does not exist yet: its directory resolved, or the target a dangling
 * symlink names (which opening then creates).
 */
function databaseFile(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(p);
    } catch {
      // Missing: follow a dangling symlink by hand, else resolve the directory and keep the name.
    }
    let target: string | undefined;
    try {
      target = readlinkSync(p);
    } catch {
      target = undefined;
    }
    if (target === undefined) {
      let dir: string;
      try {
        dir = realpathSync(dirname(p));
      } catch {
        dir = dirname(p);
      }
      return join(dir, basename(p));
    }
    p = resolve(dirname(p), target);
  }
  return p;
}

/**
 * Holds an exclusive SQLite lock on `<path>.lock` (`path` as {@link databaseFile} gives it) for as long as the store is open, so a second registry on the
 * same database fails fast instead of serving a stale in-memory id map. The operating system drops the lock
 * when the process dies (even on `kill -9`), so a crash never leaves a stale lock behind.
 * @throws DatabaseInUseError when another store holds it.
 */
function lockDatabaseFile(path: string): Db {
  const lock = new Database(`${path}.lock`);
  try {
    lock.pragma("busy_timeout = 0");
    lock.exec("BEGIN EXCLUSIVE");
    return lock;
  } catch (e) {
    lock.close();
    if (e instanceof Error && /SQLITE_BUSY|locked/i.test(`${(e as { code?: string }).code ?? ""} ${e.message}`)) {
      throw new DatabaseInUseError(`database ${path} is in use by another Charter registry (one process per database file)`);
    }
    throw e;
  }
}

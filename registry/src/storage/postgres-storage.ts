import { createHash } from "node:crypto";
import pg from "pg";
import { isMode, type Mode } from "../mode.js";
import type { SubjectConfig } from "../subject-config.js";
import {
  StorageLimitError,
  type DeletedFilter,
  type Storage,
  type StorageChange,
  type StorageReader,
  type StorageTransaction,
  type StoredReference,
  type StoredSchema,
  type StoredUser,
  type SubjectVersion,
  type UserRole,
} from "./storage.js";

/** Options for {@link PostgresStorage.open}. */
export interface PostgresStorageOptions {
  /**
   * A libpq-style URL, `postgres://user:password@host:port/database`. A `schema=NAME` query parameter puts
   * Charter's tables in that PostgreSQL schema (created when missing) instead of the connection's default
   * (`public`); NAME is lowercase letters, digits and `_`.
   */
  readonly url: string;
  /** The PostgreSQL schema, overriding the URL's `schema` parameter. */
  readonly schema?: string;
  /** Most connections in the pool (units of work and reads). Default 16. */
  readonly poolSize?: number;
  /** Listen for other instances' changes ({@link Storage.subscribe}). Default true; `false` for administrative commands. */
  readonly listen?: boolean;
  /** Drop the whole PostgreSQL schema on close (throwaway test stores only). Default false. */
  readonly dropSchemaOnClose?: boolean;
}

type Queryable = Pick<pg.ClientBase, "query">;

/** 2^31 − 1: the largest schema id (int32 on the wire) and version (Confluent). */
const MAX_INT32 = 2 ** 31 - 1;

// Advisory lock classes (the first key of pg_advisory*_lock(int, int)); the second key hashes a name that
// includes the PostgreSQL schema, so stores in different schemas of one database rarely wait on each other.
const LOCK_MIGRATE = 0x43480001;
const LOCK_SUBJECT = 0x43480002;
const LOCK_IDENTITY = 0x43480003;

// SQLSTATEs after which a unit of work is run again: serialization failure, deadlock, a concurrent insert of
// the same key (identity, version), a row removed under a foreign key by a concurrent delete.
const RETRYABLE = new Set(["40001", "40P01", "23505", "23503"]);
const MAX_ATTEMPTS = 6;

// NOTIFY payloads are limited to 8000 bytes; a schema travels with its notice only when it fits well below.
const MAX_NOTICE_BYTES = 7000;

/**
 * The store's tables, as numbered migrations (recorded in `charter_migrations`). Counters are rows, as in
 * SQLite: `id_counter.next_id` (its row lock, held until commit, serializes id allocation across instances, and a
 * rolled-back allocation leaves no gap) and `subjects.next_version`, updated under the subject's lock. Identity is unique through an index on hashes of
 * the long keys (a B-tree entry must stay under ~2.7 KB).
 */
const MIGRATIONS: readonly string[] = [
  `
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE id_counter (single boolean PRIMARY KEY DEFAULT true CHECK (single), next_id bigint NOT NULL);
INSERT INTO id_counter (next_id) VALUES (1);
CREATE TABLE schemas (
  id integer PRIMARY KEY,
  schema_type text NOT NULL,
  fingerprint text NOT NULL,
  references_key text NOT NULL,
  contract_key text NOT NULL DEFAULT '',
  metadata text,
  rule_set text,
  text text NOT NULL
);
CREATE UNIQUE INDEX schemas_identity ON schemas (schema_type, fingerprint, md5(references_key), md5(contract_key));
CREATE TABLE schema_references (
  schema_id integer NOT NULL REFERENCES schemas(id) ON DELETE CASCADE,
  position integer NOT NULL,
  name text NOT NULL,
  subject text NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (schema_id, position)
);
CREATE INDEX schema_references_target ON schema_references (subject, version);
CREATE TABLE subjects (
  name text PRIMARY KEY,
  next_version integer NOT NULL DEFAULT 1,
  config text,
  mode text
);
CREATE TABLE versions (
  subject text NOT NULL,
  version integer NOT NULL,
  schema_id integer NOT NULL REFERENCES schemas(id),
  deleted boolean NOT NULL DEFAULT false,
  PRIMARY KEY (subject, version)
);
CREATE INDEX versions_schema ON versions (schema_id);
CREATE TABLE users (
  name text PRIMARY KEY,
  role text NOT NULL,
  subject_prefix text,
  key_id text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
`,
];

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
  deleted: boolean;
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

function toVersion(row: VersionRow): SubjectVersion {
  return { subject: row.subject, version: row.version, schemaId: row.schema_id, deleted: row.deleted };
}

function toSchema(row: SchemaRow, references: StoredReference[]): StoredSchema {
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

function deletedClause(filter: DeletedFilter): string {
  return filter === "live" ? "AND NOT deleted" : filter === "deletedOnly" ? "AND deleted" : "";
}

const IDENTITY_WHERE =
  "schema_type = $1 AND fingerprint = $2 AND md5(references_key) = md5($3) AND references_key = $3 AND md5(contract_key) = md5($4) AND contract_key = $4";

/** Reads over one connection (a transaction's) or the pool (committed state). */
class PgReader implements StorageReader {
  constructor(
    protected readonly db: Queryable,
    protected readonly namespace: string,
  ) {}

  protected async query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return this.db.query(sql, params);
  }

  protected async rows<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.query(sql, params)).rows as R[];
  }

  /** Waits for the subject's lock (inside a transaction only; see {@link PgTransaction}). */
  protected async touchSubject(_subject: string): Promise<void> {}

  protected async meta(key: string): Promise<string | undefined> {
    return (await this.rows<{ value: string }>("SELECT value FROM meta WHERE key = $1", [key]))[0]?.value;
  }

  async getSchema(id: number): Promise<StoredSchema | undefined> {
    if (!Number.isInteger(id) || id < 1 || id > MAX_INT32) return undefined;
    const [row] = await this.rows<SchemaRow>("SELECT * FROM schemas WHERE id = $1", [id]);
    if (row === undefined) return undefined;
    const refs = await this.rows<ReferenceRow>("SELECT name, subject, version FROM schema_references WHERE schema_id = $1 ORDER BY position", [id]);
    return toSchema(row, refs.map((r) => ({ name: r.name, subject: r.subject, version: r.version })));
  }

  async listSchemas(): Promise<StoredSchema[]> {
    const rows = await this.rows<SchemaRow>("SELECT * FROM schemas ORDER BY id");
    const refs = new Map<number, StoredReference[]>();
    for (const r of await this.rows<ReferenceRow>("SELECT schema_id, name, subject, version FROM schema_references ORDER BY schema_id, position")) {
      const list = refs.get(r.schema_id) ?? [];
      list.push({ name: r.name, subject: r.subject, version: r.version });
      refs.set(r.schema_id, list);
    }
    return rows.map((row) => toSchema(row, refs.get(row.id) ?? []));
  }

  async findSchemaId(schemaType: string, fingerprint: string, referencesKey: string, contractKey: string): Promise<number | undefined> {
    return (await this.rows<{ id: number }>(`SELECT id FROM schemas WHERE ${IDENTITY_WHERE}`, [schemaType, fingerprint, referencesKey, contractKey]))[0]?.id;
  }

  async getMaxSchemaId(): Promise<number> {
    const [row] = await this.rows<{ last: string }>("SELECT next_id - 1 AS last FROM id_counter");
    return Number(row?.last ?? 0);
  }

  async listSubjects(filter: DeletedFilter, prefix = ""): Promise<string[]> {
    const having = filter === "live" ? "HAVING bool_and(deleted) = false" : filter === "deletedOnly" ? "HAVING bool_and(deleted)" : "";
    // left() compares characters, so any prefix works without LIKE escaping; ordered by code point as SQLite does.
    const rows = await this.rows<{ subject: string }>(
      `SELECT subject FROM versions WHERE left(subject, char_length($1)) = $1 GROUP BY subject ${having} ORDER BY subject COLLATE "C"`,
      [prefix],
    );
    return rows.map((r) => r.subject);
  }

  async listVersions(subject: string, filter: DeletedFilter): Promise<SubjectVersion[]> {
    await this.touchSubject(subject);
    return (await this.rows<VersionRow>(`SELECT * FROM versions WHERE subject = $1 ${deletedClause(filter)} ORDER BY version`, [subject])).map(toVersion);
  }

  async getVersion(subject: string, version: number): Promise<SubjectVersion | undefined> {
    if (!Number.isInteger(version) || version < 1 || version > MAX_INT32) return undefined;
    await this.touchSubject(subject);
    const [row] = await this.rows<VersionRow>("SELECT * FROM versions WHERE subject = $1 AND version = $2", [subject, version]);
    return row === undefined ? undefined : toVersion(row);
  }

  async listVersionsOfSchema(id: number): Promise<SubjectVersion[]> {
    return (await this.rows<VersionRow>('SELECT * FROM versions WHERE schema_id = $1 ORDER BY subject COLLATE "C", version', [id])).map(toVersion);
  }

  async listReferrers(subject: string, version: number): Promise<number[]> {
    const rows = await this.rows<{ schema_id: number }>(
      "SELECT DISTINCT schema_id FROM schema_references WHERE subject = $1 AND version = $2 ORDER BY schema_id",
      [subject, version],
    );
    return rows.map((r) => r.schema_id);
  }

  async getConfig(subject: string | undefined): Promise<SubjectConfig | undefined> {
    if (subject === undefined) return parseConfig(await this.meta("global_config"));
    await this.touchSubject(subject);
    return parseConfig((await this.rows<{ config: string | null }>("SELECT config FROM subjects WHERE name = $1", [subject]))[0]?.config);
  }

  async getSubjectMode(subject: string): Promise<Mode | undefined> {
    await this.touchSubject(subject);
    const mode = (await this.rows<{ mode: string | null }>("SELECT mode FROM subjects WHERE name = $1", [subject]))[0]?.mode;
    return isMode(mode) ? mode : undefined;
  }

  async getGlobalMode(): Promise<Mode | undefined> {
    const mode = await this.meta("global_mode");
    return isMode(mode) ? mode : undefined;
  }

  async listUsers(): Promise<StoredUser[]> {
    return (await this.rows<UserRow>('SELECT * FROM users ORDER BY name COLLATE "C"')).map(toUser);
  }

  async getUser(name: string): Promise<StoredUser | undefined> {
    const [row] = await this.rows<UserRow>("SELECT * FROM users WHERE name = $1", [name]);
    return row === undefined ? undefined : toUser(row);
  }

  async getUserByKeyId(keyId: string): Promise<StoredUser | undefined> {
    const [row] = await this.rows<UserRow>("SELECT * FROM users WHERE key_id = $1", [keyId]);
    return row === undefined ? undefined : toUser(row);
  }
}

/**
 * Writes inside `BEGIN … COMMIT` on one pooled connection. The first touch of a subject (any read or write of
 * its versions, config or mode) takes a transaction-scoped advisory lock on it, so units of work on one subject
 * run one after another across every instance, and a read-check-allocate sequence is atomic; looking up an
 * identity locks that identity, so two instances registering the same schema at once agree on one id.
 */
class PgTransaction extends PgReader implements StorageTransaction {
  /**
   * Inserts not sent yet: they go with the next statement, or with COMMIT ({@link takeBuffered}), so a plain
   * registration holds the id counter's lock for two round trips (allocate, commit) instead of four.
   */
  private buffered: string[] = [];

  constructor(
    private readonly client: pg.PoolClient,
    namespace: string,
  ) {
    super(client, namespace);
  }

  /** Sends the buffered inserts first, so every statement (and read) sees them. */
  protected override async query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    if (this.buffered.length > 0) await this.client.query(this.takeBuffered());
    return this.client.query(sql, params);
  }

  /** The buffered inserts as one simple-protocol script (`""` when none), and forgets them. */
  takeBuffered(): string {
    const script = this.buffered.join(" ");
    this.buffered = [];
    return script;
  }

  private text(value: string | null): string {
    return value === null ? "NULL" : this.client.escapeLiteral(value);
  }

  private int(value: number): string {
    if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer: ${value}`);
    return String(value);
  }

  private readonly lockedSubjects = new Set<string>();
  private readonly lockedIdentities = new Set<string>();
  /** Subjects known to have their row (inserted or seen) in this transaction. */
  private readonly ensured = new Set<string>();
  /** The subject rows read in this transaction (the subject is locked, so they cannot change but through us). */
  private readonly subjectRows = new Map<string, { config: string | null; mode: string | null } | null>();
  /** The `meta` rows, read once per transaction (global config and mode). */
  private metaRows: Map<string, string> | undefined;
  /** Schemas inserted and ids removed, announced to every instance at commit. */
  readonly added: StoredSchema[] = [];
  readonly removed: number[] = [];

  private async lock(kind: number, name: string): Promise<void> {
    await this.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [kind, `${this.namespace}\u0001${name}`]);
  }

  protected override async touchSubject(subject: string): Promise<void> {
    if (this.lockedSubjects.has(subject)) return;
    await this.lock(LOCK_SUBJECT, subject);
    this.lockedSubjects.add(subject);
  }

  override async findSchemaId(schemaType: string, fingerprint: string, referencesKey: string, contractKey: string): Promise<number | undefined> {
    const key = `${schemaType}\u0001${fingerprint}`;
    if (!this.lockedIdentities.has(key)) {
      await this.lock(LOCK_IDENTITY, key);
      this.lockedIdentities.add(key);
    }
    return super.findSchemaId(schemaType, fingerprint, referencesKey, contractKey);
  }

  protected override async meta(key: string): Promise<string | undefined> {
    if (this.metaRows === undefined) {
      const rows = await this.rows<{ key: string; value: string }>("SELECT key, value FROM meta");
      this.metaRows = new Map(rows.map((r) => [r.key, r.value]));
    }
    return this.metaRows.get(key);
  }

  private async setMeta(key: string, value: string | undefined): Promise<void> {
    if (value === undefined) await this.query("DELETE FROM meta WHERE key = $1", [key]);
    else await this.query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value]);
    if (value === undefined) this.metaRows?.delete(key);
    else this.metaRows?.set(key, value);
  }

  /** The subject's config and mode columns (one query per subject and transaction). */
  private async subjectRow(subject: string): Promise<{ config: string | null; mode: string | null } | null> {
    await this.touchSubject(subject);
    let row = this.subjectRows.get(subject);
    if (row === undefined) {
      row = (await this.rows<{ config: string | null; mode: string | null }>("SELECT config, mode FROM subjects WHERE name = $1", [subject]))[0] ?? null;
      this.subjectRows.set(subject, row);
      if (row !== null) this.ensured.add(subject);
    }
    return row;
  }

  override async getConfig(subject: string | undefined): Promise<SubjectConfig | undefined> {
    if (subject === undefined) return super.getConfig(undefined);
    return parseConfig((await this.subjectRow(subject))?.config);
  }

  override async getSubjectMode(subject: string): Promise<Mode | undefined> {
    const mode = (await this.subjectRow(subject))?.mode;
    return isMode(mode) ? mode : undefined;
  }

  private async ensureSubject(subject: string): Promise<void> {
    await this.touchSubject(subject);
    if (this.ensured.has(subject)) return;
    await this.query("INSERT INTO subjects (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [subject]);
    this.ensured.add(subject);
    this.subjectRows.delete(subject);
  }

  async allocateSchemaId(): Promise<number> {
    // The row stays locked until this unit of work ends: the next allocation (any instance) waits for it.
    const [row] = await this.rows<{ id: string }>("UPDATE id_counter SET next_id = next_id + 1 WHERE next_id <= $1 RETURNING next_id - 1 AS id", [MAX_INT32]);
    if (row === undefined) throw new StorageLimitError("schema ids are exhausted (the next one would exceed 2^31-1)");
    return Number(row.id);
  }

  async reserveSchemaId(id: number): Promise<void> {
    await this.query("UPDATE id_counter SET next_id = GREATEST(next_id, $1::bigint + 1)", [id]);
  }

  async insertSchema(schema: StoredSchema): Promise<void> {
    const metadata = schema.metadata === undefined ? null : JSON.stringify(schema.metadata);
    const ruleSet = schema.ruleSet === undefined ? null : JSON.stringify(schema.ruleSet);
    this.buffered.push(
      `INSERT INTO schemas (id, schema_type, fingerprint, references_key, contract_key, metadata, rule_set, text) VALUES (${this.int(schema.id)}, ${this.text(schema.schemaType)}, ${this.text(schema.fingerprint)}, ${this.text(schema.referencesKey)}, ${this.text(schema.contractKey)}, ${this.text(metadata)}, ${this.text(ruleSet)}, ${this.text(schema.text)});`,
    );
    if (schema.references.length > 0) {
      const rows = schema.references.map((r, position) => `(${this.int(schema.id)}, ${this.int(position)}, ${this.text(r.name)}, ${this.text(r.subject)}, ${this.int(r.version)})`);
      this.buffered.push(`INSERT INTO schema_references (schema_id, position, name, subject, version) VALUES ${rows.join(", ")};`);
    }
    this.added.push(schema);
  }

  async deleteSchema(id: number): Promise<void> {
    await this.query("DELETE FROM schemas WHERE id = $1", [id]);
    this.removed.push(id);
  }

  async allocateVersion(subject: string): Promise<number> {
    await this.touchSubject(subject);
    // Creates the subject's row when missing, in the same round trip.
    const [row] = await this.rows<{ version: number }>(
      `INSERT INTO subjects (name, next_version) VALUES ($1, 2) ON CONFLICT (name) DO UPDATE SET next_version = subjects.next_version + 1
       WHERE subjects.next_version <= $2 RETURNING next_version - 1 AS version`,
      [subject, MAX_INT32 - 1],
    );
    this.ensured.add(subject);
    if (row === undefined) throw new StorageLimitError(`versions of subject ${JSON.stringify(subject)} are exhausted (the next one would exceed 2^31-1)`);
    return row.version;
  }

  async reserveVersion(subject: string, version: number): Promise<void> {
    await this.ensureSubject(subject);
    await this.query("UPDATE subjects SET next_version = GREATEST(next_version, $1::bigint + 1) WHERE name = $2", [Math.min(version, MAX_INT32 - 1), subject]);
  }

  async insertVersion(v: SubjectVersion): Promise<void> {
    await this.ensureSubject(v.subject);
    this.buffered.push(`INSERT INTO versions (subject, version, schema_id, deleted) VALUES (${this.text(v.subject)}, ${this.int(v.version)}, ${this.int(v.schemaId)}, ${v.deleted ? "true" : "false"});`);
  }

  async setVersionDeleted(subject: string, version: number, deleted: boolean): Promise<void> {
    await this.touchSubject(subject);
    await this.query("UPDATE versions SET deleted = $1 WHERE subject = $2 AND version = $3", [deleted, subject, version]);
  }

  async deleteVersion(subject: string, version: number): Promise<void> {
    await this.touchSubject(subject);
    await this.query("DELETE FROM versions WHERE subject = $1 AND version = $2", [subject, version]);
    // Confluent numbers the next version after the highest one the subject still has (soft-deleted included).
    await this.query(
      "UPDATE subjects SET next_version = (SELECT COALESCE(MAX(version), 0) + 1 FROM versions WHERE subject = $1) WHERE name = $1",
      [subject],
    );
  }

  async setConfig(subject: string | undefined, config: SubjectConfig | undefined): Promise<void> {
    const text = config === undefined ? undefined : JSON.stringify(config);
    if (subject === undefined) return this.setMeta("global_config", text);
    await this.ensureSubject(subject);
    await this.query("UPDATE subjects SET config = $1 WHERE name = $2", [text ?? null, subject]);
    this.subjectRows.delete(subject);
  }

  async setSubjectMode(subject: string, mode: Mode | undefined): Promise<void> {
    await this.ensureSubject(subject);
    await this.query("UPDATE subjects SET mode = $1 WHERE name = $2", [mode ?? null, subject]);
    this.subjectRows.delete(subject);
  }

  async setGlobalMode(mode: Mode | undefined): Promise<void> {
    await this.setMeta("global_mode", mode);
  }

  async putUser(user: StoredUser): Promise<void> {
    await this.query(
      `INSERT INTO users (name, role, subject_prefix, key_id, secret_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (name) DO UPDATE SET role = excluded.role, subject_prefix = excluded.subject_prefix, key_id = excluded.key_id,
       secret_hash = excluded.secret_hash, updated_at = excluded.updated_at`,
      [user.name, user.role, user.subjectPrefix ?? null, user.keyId, user.secretHash, user.createdAt, user.updatedAt],
    );
  }

  async deleteUser(name: string): Promise<boolean> {
    return ((await this.query("DELETE FROM users WHERE name = $1", [name])).rowCount ?? 0) > 0;
  }
}

/** The notices a unit of work's changes make: each under {@link MAX_NOTICE_BYTES}, schemas inline when they fit. */
function notices(added: readonly StoredSchema[], removed: readonly number[]): string[] {
  const out: string[] = [];
  let current: { s: StoredSchema[]; a: number[]; r: number[] } = { s: [], a: [], r: [] };
  let size = 20;
  const flush = () => {
    if (current.s.length + current.a.length + current.r.length > 0) out.push(JSON.stringify(current));
    current = { s: [], a: [], r: [] };
    size = 20;
  };
  for (const schema of added) {
    const text = JSON.stringify(schema);
    const inline = Buffer.byteLength(text) <= MAX_NOTICE_BYTES - 40;
    const cost = inline ? Buffer.byteLength(text) + 1 : 12;
    if (size + cost > MAX_NOTICE_BYTES) flush();
    if (inline) current.s.push(schema);
    else current.a.push(schema.id);
    size += cost;
  }
  for (const id of removed) {
    if (size + 12 > MAX_NOTICE_BYTES) flush();
    current.r.push(id);
    size += 12;
  }
  flush();
  return out;
}

/** The channel a store's notices travel on: one per database schema (an identifier of at most 63 bytes). */
function channelOf(namespace: string): string {
  return `charter_${createHash("sha256").update(namespace).digest("hex").slice(0, 24)}`;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Splits a `postgres://` URL into the connection string and the `schema` query parameter.
 * @throws Error for a schema name that is not lowercase letters, digits and `_` (at most 63).
 */
export function parsePostgresUrl(url: string): { readonly connectionString: string; readonly schema: string | undefined } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name '${schema}' (lowercase letters, digits and _)`);
  return { connectionString: parsed.toString(), schema };
}

/** Whether a `--db` value names a PostgreSQL database. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * {@link Storage} on PostgreSQL via `pg`, for any number of registry instances on one database.
 *
 * - Migrations: numbered, recorded in `charter_migrations`, applied at open under a session advisory lock, so
 *   instances starting together apply each once and the others wait, then find nothing to do.
 * - Units of work: `BEGIN … COMMIT` (READ COMMITTED) on one pooled connection; touching a subject locks it (an
 *   advisory transaction lock), looking up a schema identity locks that identity, so the register / check /
 *   allocate sequence is atomic across instances. Ids come from one counter row whose lock is held until
 *   commit, so allocations serialize across instances and a rolled-back one leaves no gap (as in SQLite);
 *   versions from the subject's row counter. Deadlocks and identity races are retried from the start
 *   (up to 6 attempts). A unit of work resolves after COMMIT returns, i.e. after PostgreSQL made it durable.
 * - Coherence: each commit that adds or removes schemas sends a NOTIFY on the store's channel (inside the
 *   transaction, so it is delivered only if it commits, in commit order); every instance LISTENs and tells its
 *   {@link Storage.subscribe} listeners. A lost listening connection reconnects and announces `resync`.
 */
export class PostgresStorage implements Storage {
  private readonly reader: PgReader;
  private readonly listeners = new Set<(change: StorageChange) => void>();
  private listenClient: pg.Client | undefined;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresStorageOptions,
    private readonly connectionString: string,
    private readonly namespace: string,
    private readonly channel: string,
  ) {
    this.reader = new PgReader(pool, namespace);
  }

  /**
   * Connects, creates the schema when one is named and missing, applies pending migrations, and starts listening.
   * @throws Error when the database cannot be reached or a migration fails (a startup failure).
   */
  static async open(options: PostgresStorageOptions): Promise<PostgresStorage> {
    const { connectionString, schema: fromUrl } = parsePostgresUrl(options.url);
    const schema = options.schema ?? fromUrl;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name '${schema}' (lowercase letters, digits and _)`);
    const pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 16,
      // Waiting for a pooled connection is queueing behind other units of work, not a failure: allow it a while.
      connectionTimeoutMillis: 30_000,
      ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on("error", () => undefined);
    try {
      const namespace = await migrate(pool, schema);
      const storage = new PostgresStorage(pool, options, connectionString, namespace, channelOf(namespace));
      if (options.listen !== false) await storage.listen();
      return storage;
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw e;
    }
  }

  /** Opens the listening connection; on its loss, reconnects (with backoff) and announces `resync`. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on("notification", (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.announce(message.payload);
    });
    client.on("error", () => {
      if (this.listenClient === client) this.relisten(client);
    });
    client.on("end", () => {
      if (this.listenClient === client) this.relisten(client);
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.listenClient = client;
  }

  private relisten(lost: pg.Client): void {
    this.listenClient = undefined;
    lost.end().catch(() => undefined);
    const attempt = (delay: number) => {
      if (this.closed) return;
      setTimeout(() => {
        if (this.closed) return;
        this.listen().then(
          () => this.emit({ kind: "resync" }),
          () => attempt(Math.min(delay * 2, 5000)),
        );
      }, delay).unref();
    };
    attempt(100);
  }

  private announce(payload: string): void {
    let notice: { s?: StoredSchema[]; a?: number[]; r?: number[] };
    try {
      notice = JSON.parse(payload) as typeof notice;
    } catch {
      return;
    }
    this.emit({ kind: "schemas", added: notice.s ?? [], addedIds: notice.a ?? [], removed: notice.r ?? [] });
  }

  private emit(change: StorageChange): void {
    for (const listener of this.listeners) listener(change);
  }

  subscribe(listener: (change: StorageChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  withTransaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("storage is closed"));
    const run = this.runTransaction(work);
    this.inFlight.add(run);
    const done = () => this.inFlight.delete(run);
    run.then(done, done);
    return run;
  }

  private async runTransaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const tx = new PgTransaction(client, this.namespace);
        const value = await work(tx);
        // The notices and COMMIT in one round trip (simple protocol, literals escaped by the driver).
        const notify = notices(tx.added, tx.removed).map((payload) => `SELECT pg_notify('${this.channel}', ${client.escapeLiteral(payload)});`);
        await client.query(`${tx.takeBuffered()} ${notify.join(" ")} COMMIT`);
        return value;
      } catch (e) {
        try {
          await client.query("ROLLBACK");
        } catch {
          broken = true;
        }
        const code = (e as { code?: unknown }).code;
        if (attempt < MAX_ATTEMPTS && typeof code === "string" && RETRYABLE.has(code)) {
          // A short, growing, jittered pause lets the other side of a deadlock finish.
          await new Promise((r) => setTimeout(r, Math.random() * 2 ** attempt));
          continue;
        }
        throw e;
      } finally {
        client.release(broken);
      }
    }
  }

  async ping(): Promise<void> {
    this.read();
    await this.pool.query("SELECT 1");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    const listener = this.listenClient;
    this.listenClient = undefined;
    await listener?.end().catch(() => undefined);
    if (this.options.dropSchemaOnClose === true && this.namespace !== "public") {
      await this.pool.query(`DROP SCHEMA IF EXISTS ${this.namespace} CASCADE`).catch(() => undefined);
    }
    await this.pool.end();
  }

  private read(): PgReader {
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

/**
 * Creates the named schema when missing and applies pending migrations, holding a session advisory lock for
 * the schema meanwhile (several instances starting at once: one migrates, the others wait and find nothing
 * left). Each migration commits together with its row in `charter_migrations`. Also lifts the id counter
 * above every stored id (whatever wrote the tables). Returns the schema the tables live in.
 */
async function migrate(pool: pg.Pool, schema: string | undefined): Promise<string> {
  const client = await pool.connect();
  try {
    const lockName = schema ?? (await client.query<{ s: string }>("SELECT current_schema() AS s")).rows[0]!.s;
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [LOCK_MIGRATE, lockName]);
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      const namespace = (await client.query<{ s: string | null }>("SELECT current_schema() AS s")).rows[0]!.s;
      if (namespace === null) throw new Error("PostgreSQL has no schema to create Charter's tables in (check search_path)");
      await client.query("CREATE TABLE IF NOT EXISTS charter_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
      const applied = new Set((await client.query<{ version: number }>("SELECT version FROM charter_migrations")).rows.map((r) => r.version));
      for (let i = 0; i < MIGRATIONS.length; i++) {
        if (applied.has(i + 1)) continue;
        await client.query("BEGIN");
        try {
          await client.query(MIGRATIONS[i]!);
          await client.query("INSERT INTO charter_migrations (version) VALUES ($1)", [i + 1]);
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK");
          throw new Error(`PostgreSQL migration ${i + 1} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      await client.query("UPDATE id_counter SET next_id = GREATEST(next_id, (SELECT COALESCE(MAX(id), 0) + 1 FROM schemas))");
      return namespace;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_MIGRATE, lockName]);
    }
  } finally {
    client.release();
  }
}

import type { SchemaMetadata, SchemaRuleSet } from "../metadata.js";
import type { Mode } from "../mode.js";
import type { SubjectConfig } from "../subject-config.js";

/**
 * A reference from one schema to a version of another subject, as stored: the version is always concrete
 * (`-1`/latest is resolved before storing). Confluent: `SchemaReference{name, subject, version}`.
 */
export interface StoredReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/**
 * One distinct schema. `id` is global and immutable; `(schemaType, fingerprint, referencesKey, contractKey)` is
 * its identity (unique); `text` is exactly what was registered (or the canonical text when registered with
 * `normalize=true`). `metadata` and `ruleSet` are Confluent's data-contract fields, part of the identity.
 */
export interface StoredSchema {
  readonly id: number;
  /** Confluent's `schemaType` spelling (`AVRO`, `JSON`, …). */
  readonly schemaType: string;
  /** The engine's fingerprint of the canonical form (lowercase hex SHA-256). */
  readonly fingerprint: string;
  /** A stable encoding of `references`, part of the identity (see `referencesKey` in the service). */
  readonly referencesKey: string;
  readonly text: string;
  readonly references: readonly StoredReference[];
  /** `contractKey(metadata, ruleSet)` (see `metadata.ts`): `""` without either, part of the identity. */
  readonly contractKey: string;
  readonly metadata?: SchemaMetadata;
  readonly ruleSet?: SchemaRuleSet;
}

/** A role of an API user: `read` < `write` < `admin` (see `auth/access-policy.ts`). */
export type UserRole = "read" | "write" | "admin";

/**
 * An API user. The secret itself is never stored: `secretHash` is its scrypt hash (`auth/secret-hash.ts`) and
 * `keyId` the public part of the secret that finds the user for a Bearer token.
 */
export interface StoredUser {
  readonly name: string;
  readonly role: UserRole;
  /** When set, the user may only touch subjects whose names start with it. */
  readonly subjectPrefix?: string;
  readonly keyId: string;
  readonly secretHash: string;
  /** ISO-8601 timestamps. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One version of a subject. Soft-deleted versions keep their row with `deleted: true`. */
export interface SubjectVersion {
  readonly subject: string;
  /** 1 … 2^31−1, never reused within a subject. */
  readonly version: number;
  readonly schemaId: number;
  readonly deleted: boolean;
}

/**
 * Which rows a listing returns with respect to soft deletion: `live` only non-deleted ones (Confluent's default),
 * `all` both, `deletedOnly` only soft-deleted ones (`deleted=true` / `deletedOnly=true` query parameters).
 */
export type DeletedFilter = "live" | "all" | "deletedOnly";

/** Read access, available both outside a transaction (committed state) and inside one (own writes visible). */
export interface StorageReader {
  /** The schema with this id, or `undefined` (never existed, or garbage-collected after permanent deletes). */
  getSchema(id: number): Promise<StoredSchema | undefined>;
  /** Every stored schema, ascending by id (used to load the in-memory id map at start). */
  listSchemas(): Promise<StoredSchema[]>;
  /** The id of the schema with this identity, or `undefined`. */
  findSchemaId(schemaType: string, fingerprint: string, referencesKey: string, contractKey: string): Promise<number | undefined>;
  /** The highest schema id ever allocated or reserved (0 when none); permanent deletes never lower it. */
  getMaxSchemaId(): Promise<number>;
  /**
   * Subject names, sorted ascending, that start with `prefix` (default all). With `live`, subjects with at least
   * one non-deleted version; `all`: with any version; `deletedOnly`: with versions that are all soft-deleted.
   */
  listSubjects(filter: DeletedFilter, prefix?: string): Promise<string[]>;
  /** The subject's versions matching `filter`, ascending. Empty when the subject has none. */
  listVersions(subject: string, filter: DeletedFilter): Promise<SubjectVersion[]>;
  /** One version, deleted or not, or `undefined`. */
  getVersion(subject: string, version: number): Promise<SubjectVersion | undefined>;
  /** Every version (any subject, deleted or not) that uses schema `id`, ordered by subject then version. */
  listVersionsOfSchema(id: number): Promise<SubjectVersion[]>;
  /** Ids of the schemas whose references point at `subject`/`version`, ascending. */
  listReferrers(subject: string, version: number): Promise<number[]>;
  /** The config of a subject, or with `undefined` the global one; `undefined` when none is set. */
  getConfig(subject: string | undefined): Promise<SubjectConfig | undefined>;
  /** The subject's own mode, or `undefined` when not configured. */
  getSubjectMode(subject: string): Promise<Mode | undefined>;
  /** The global mode, or `undefined` when never set (READWRITE applies). */
  getGlobalMode(): Promise<Mode | undefined>;
  /** Every API user, by name. */
  listUsers(): Promise<StoredUser[]>;
  getUser(name: string): Promise<StoredUser | undefined>;
  getUserByKeyId(keyId: string): Promise<StoredUser | undefined>;
}

/**
 * Write access inside one unit of work. Allocation counters are stored, so ids and versions are never reused,
 * even after permanent deletion.
 */
export interface StorageTransaction extends StorageReader {
  /** Allocates the next schema id (1, 2, …) from the persistent counter. */
  allocateSchemaId(): Promise<number>;
  /** Raises the id counter so {@link allocateSchemaId} never hands out `id` or anything below it (IMPORT). */
  reserveSchemaId(id: number): Promise<void>;
  insertSchema(schema: StoredSchema): Promise<void>;
  /** Removes a schema (and its reference rows); callers only do so once no version uses it. */
  deleteSchema(id: number): Promise<void>;
  /**
   * Allocates the subject's next version (1, 2, …) from its persistent counter: one past the highest version it
   * ever had, except that a permanent delete ({@link deleteVersion}) brings the counter back to one past the highest
   * version remaining (soft-deleted ones count), or 1 — Confluent `KafkaSchemaRegistry.register` numbers a new
   * version after the last of all versions it still stores.
   */
  allocateVersion(subject: string): Promise<number>;
  /** Raises the subject's version counter past `version` (IMPORT with an explicit version). */
  reserveVersion(subject: string, version: number): Promise<void>;
  insertVersion(version: SubjectVersion): Promise<void>;
  setVersionDeleted(subject: string, version: number, deleted: boolean): Promise<void>;
  /** Removes a version row for good, and lowers the subject's version counter to follow its highest remaining version. */
  deleteVersion(subject: string, version: number): Promise<void>;
  /** Replaces (or with `undefined` clears) a subject's config, or with subject `undefined` the global one. */
  setConfig(subject: string | undefined, config: SubjectConfig | undefined): Promise<void>;
  /** Sets (or with `undefined` clears) the subject's mode. */
  setSubjectMode(subject: string, mode: Mode | undefined): Promise<void>;
  /** Sets (or with `undefined` clears) the global mode. */
  setGlobalMode(mode: Mode | undefined): Promise<void>;
  /** Inserts or replaces the user with this name (its `keyId` must be unique). */
  putUser(user: StoredUser): Promise<void>;
  /** Removes a user; false when there was none. */
  deleteUser(name: string): Promise<boolean>;
}

/**
 * The registry's persistence. Reads outside a transaction see committed state. All writes happen inside
 * {@link Storage.withTransaction}: `work` runs against a {@link StorageTransaction}; when its promise resolves
 * the unit of work commits (durably, before `withTransaction` resolves), when it rejects everything rolls back
 * and the rejection propagates. Units of work that touch the same subject never interleave, so a
 * read-check-allocate sequence inside one is atomic; `work` may be run again from the start when the store has to
 * retry (PostgreSQL: a deadlock or a concurrent insert of the same identity), so it must only act through `tx`.
 * Implementations: `SqliteStorage` (one process per file; no two units of work interleave) and `PostgresStorage`
 * (any number of instances on one database; units of work serialize in the database, per subject).
 */
export interface Storage extends StorageReader {
  withTransaction<T>(work: (tx: StorageTransaction) => Promise<T>): Promise<T>;
  /**
   * Present on a store that other processes write too (PostgreSQL: several registry instances on one database).
   * `listener` is told, in commit order, about schemas committed by any writer (this process included), so an
   * in-memory cache of ids can follow; a reader must still fall back to the store on a cache miss, since a change
   * reaches listeners a moment after its commit. Returns a function that unsubscribes.
   */
  subscribe?(listener: (change: StorageChange) => void): () => void;
  /** Resolves when the store answers a trivial query (`GET /health/ready`); rejects otherwise. */
  ping(): Promise<void>;
  /** Waits for the running unit of work, then releases the store. Further calls reject. */
  close(): Promise<void>;
}

/**
 * A committed change other instances' caches must follow ({@link Storage.subscribe}). `schemas`: ids added (with
 * the stored schema when it was small enough to travel with the notice, else only the id) and removed (permanent
 * deletes). `resync`: notices may have been lost (the store reconnected), so a cache must reload everything.
 */
export type StorageChange =
  | { readonly kind: "schemas"; readonly added: readonly StoredSchema[]; readonly addedIds: readonly number[]; readonly removed: readonly number[] }
  | { readonly kind: "resync" };

/**
 * Thrown by a store inside a unit of work when a counter (schema ids, a subject's versions) would pass
 * 2^31 − 1 (ids are int32 on the wire; Confluent's version range). The unit of work rolls back and the registry
 * answers 42205.
 */
export class StorageLimitError extends Error {}

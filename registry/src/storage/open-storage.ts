import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { isPostgresUrl, PostgresStorage } from "./postgres-storage.js";
import { SqliteStorage } from "./sqlite-storage.js";
import type { Storage } from "./storage.js";

/** Options of {@link openStorage}. */
export interface OpenStorageOptions {
  /**
   * Hold the database for one serving registry (default true). `false` for administrative commands that write
   * beside a running registry (`charter users`); such a store must never serve a registry. For PostgreSQL, any
   * number of instances share a database either way; `false` only skips listening for their changes.
   */
  readonly exclusive?: boolean;
}

/**
 * Opens the store a `--db` value (or `CHARTER_DB`) names: `postgres://…` / `postgresql://…` (a
 * {@link PostgresStorage}; `?schema=NAME` picks the PostgreSQL schema), a SQLite file path (its directory is
 * created when missing), or `:memory:`. Throws when it cannot be opened, or for a database URL of another kind.
 */
export async function openStorage(location: string, options: OpenStorageOptions = {}): Promise<Storage> {
  if (isPostgresUrl(location)) return PostgresStorage.open({ url: location, listen: options.exclusive ?? true });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) throw new Error(`no storage for '${location.split("://")[0]}://' databases (use a SQLite file path or postgres://…)`);
  if (location !== ":memory:") mkdirSync(dirname(location), { recursive: true });
  return SqliteStorage.open({ path: location, exclusive: options.exclusive ?? true });
}

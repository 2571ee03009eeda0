import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { SqliteStorage } from "./sqlite-storage.js";
import type { Storage } from "./storage.js";

/** Options of {@link openStorage}. */
export interface OpenStorageOptions {
  /**
   * Hold the database for one serving registry (default true). `false` for administrative commands that write
   * beside a running registry (`charter users`); such a store must never serve a registry.
   */
  readonly exclusive?: boolean;
}

/**
 * Opens the store a `--db` value names: a SQLite file path (its directory is created when missing) or
 * `:memory:`. Throws when it cannot be opened, or for a database URL this build has no store for.
 */
export async function openStorage(location: string, options: OpenStorageOptions = {}): Promise<Storage> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) throw new Error(`no storage for '${location.split("://")[0]}://' databases in this build`);
  if (location !== ":memory:") mkdirSync(dirname(location), { recursive: true });
  return SqliteStorage.open({ path: location, exclusive: options.exclusive ?? true });
}

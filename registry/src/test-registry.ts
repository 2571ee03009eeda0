import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { buildRegistry, type RegistryOptions } from "./build-registry.js";
import { PostgresStorage } from "./storage/postgres-storage.js";
import { SqliteStorage } from "./storage/sqlite-storage.js";
import type { Storage } from "./storage/storage.js";

/** Which store registry tests run on: `CHARTER_TEST_STORAGE=postgres` (the vitest project `registry-postgres`), else SQLite. */
export type TestStorageKind = "sqlite" | "postgres";

/** The store kind this test process runs on (`CHARTER_TEST_STORAGE`). */
export function testStorageKind(): TestStorageKind {
  return process.env.CHARTER_TEST_STORAGE === "postgres" ? "postgres" : "sqlite";
}

/** The PostgreSQL tests use: `CHARTER_TEST_PG_URL`, default the machine's `test` database. */
export const TEST_PG_URL = process.env.CHARTER_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** How to start the machine's PostgreSQL, for skip messages. */
export const PG_START_HINT = "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set CHARTER_TEST_PG_URL)";

let pgProbe: Promise<boolean> | undefined;

/** Whether {@link TEST_PG_URL}'s host accepts TCP connections (probed once per process). */
export function postgresReachable(): Promise<boolean> {
  return (pgProbe ??= new Promise<boolean>((resolve) => {
    const url = new URL(TEST_PG_URL);
    const socket = connect({ host: url.hostname, port: Number(url.port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  }));
}

/**
 * Whether PostgreSQL tests should be skipped: true when it is unreachable outside CI (with a console note saying
 * how to start it); with `CI=true` an unreachable PostgreSQL is an error, so the tests run and fail.
 */
export async function skipWithoutPostgres(): Promise<boolean> {
  if (await postgresReachable()) return false;
  if (process.env.CI === "true") return false;
  console.warn(`PostgreSQL is not reachable at ${TEST_PG_URL}: PostgreSQL tests skipped; ${PG_START_HINT}`);
  return true;
}

let schemaCounter = 0;

/** A fresh, empty PostgreSQL schema name for one test store. */
export function freshPgSchema(): string {
  return `t_${process.pid}_${++schemaCounter}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A fresh, empty store of `kind`: SQLite in memory, or PostgreSQL in a new schema of {@link TEST_PG_URL} that is
 * dropped when the store closes (so test files run in parallel without seeing each other).
 */
export async function openTestStorage(kind: TestStorageKind = testStorageKind()): Promise<Storage> {
  if (kind === "sqlite") return SqliteStorage.open({ path: ":memory:" });
  return PostgresStorage.open({ url: TEST_PG_URL, schema: freshPgSchema(), poolSize: 4, dropSchemaOnClose: true });
}

/** One answer of {@link InjectRegistry.call}: status and parsed JSON body. */
export interface InjectAnswer<B = unknown> {
  readonly status: number;
  readonly body: B;
}

/** A database for one test that registries can open, close and reopen by its `location` (`dbPath`). */
export interface TestDatabase {
  /** A SQLite file in the test's directory, or `postgres://…?schema=<fresh>`. */
  readonly location: string;
  /** Removes it (PostgreSQL: drops the schema; SQLite: nothing, the caller removes its directory). */
  drop(): Promise<void>;
}

/** A fresh {@link TestDatabase} of `kind`: `<dir>/registry.db`, or a new schema of {@link TEST_PG_URL}. */
export function testDatabase(dir: string, kind: TestStorageKind = testStorageKind()): TestDatabase {
  if (kind === "sqlite") return { location: join(dir, "registry.db"), drop: async () => undefined };
  const schema = freshPgSchema();
  return { location: `${TEST_PG_URL}?schema=${schema}`, drop: () => dropPgSchema(schema) };
}

/** Drops a test schema of {@link TEST_PG_URL} with everything in it. */
export async function dropPgSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A registry over a fresh store ({@link openTestStorage}: a SQLite file, or PostgreSQL), driven with `app.inject` (tests only). */
export interface InjectRegistry {
  readonly app: FastifyInstance;
  /** Sends `payload` as JSON with Confluent's media type (no body when `undefined`). */
  call<B = unknown>(method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown): Promise<InjectAnswer<B>>;
  /** Closes the registry and removes its directory. */
  close(): Promise<void>;
}

/** Builds a registry for one test over `<tmpdir>/<prefix>…/registry.db`, or a fresh PostgreSQL schema ({@link testStorageKind}). */
export async function openInjectRegistry(prefix: string, options: Omit<RegistryOptions, "dbPath" | "storage"> = {}): Promise<InjectRegistry> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const app = await buildRegistry({
    ...options,
    ...(testStorageKind() === "postgres" ? { storage: await openTestStorage("postgres") } : { dbPath: join(dir, "registry.db") }),
  });
  return {
    app,
    async call<B>(method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown) {
      const res = await app.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { "content-type": "application/vnd.schemaregistry.v1+json" } }),
      });
      return { status: res.statusCode, body: JSON.parse(res.body) as B };
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPgSchema, PG_START_HINT, skipWithoutPostgres, TEST_PG_URL } from "../test-registry.js";
import { PostgresStorage } from "./postgres-storage.js";
import { describeStorageContract, testSchema } from "./storage-contract.js";
import type { StorageChange } from "./storage.js";

const skip = await skipWithoutPostgres();

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

describe.skipIf(skip)(`PostgresStorage (${skip ? PG_START_HINT : TEST_PG_URL})`, () => {
  describeStorageContract("PostgresStorage", async () => {
    const schema = freshPgSchema();
    return {
      open: () => PostgresStorage.open({ url: TEST_PG_URL, schema, poolSize: 4 }),
      reopen: () => PostgresStorage.open({ url: TEST_PG_URL, schema, poolSize: 4 }),
      cleanup: () => dropSchema(schema),
    };
  });

  describe("across instances", () => {
    const schema = freshPgSchema();
    const url = `${TEST_PG_URL}?schema=${schema}`;
    let stores: PostgresStorage[] = [];

    beforeAll(async () => {
      // Four instances starting at once: the migrations run once, none fails.
      stores = await Promise.all([1, 2, 3, 4].map(() => PostgresStorage.open({ url, poolSize: 8 })));
    });
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await dropSchema(schema);
    });

    it("applies each migration once when instances start together, and records it", async () => {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      const rows = (await client.query(`SELECT version FROM ${schema}.charter_migrations ORDER BY version`)).rows as Array<{ version: number }>;
      await client.end();
      expect(rows.map((r) => r.version)).toEqual([1]);
    });

    it("never hands out an id or a version twice when instances allocate at once", async () => {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          stores[i % stores.length]!.withTransaction(async (tx) => {
            const id = await tx.allocateSchemaId();
            await tx.insertSchema(testSchema(id, `race-${i}`));
            const version = await tx.allocateVersion("race");
            await tx.insertVersion({ subject: "race", version, schemaId: id, deleted: false });
            return { id, version };
          }),
        ),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(40);
      expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect((await stores[3]!.listVersions("race", "all")).length).toBe(40);
    });

    it("serializes units of work on one subject: a read-check-allocate sequence sees the previous one's commit", async () => {
      // Each unit reads the latest version, waits, then writes latest + 1: interleaving would duplicate versions.
      const seen = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          stores[i % stores.length]!.withTransaction(async (tx) => {
            const latest = (await tx.listVersions("serial", "all")).at(-1)?.version ?? 0;
            await new Promise((r) => setTimeout(r, 2));
            const id = await tx.allocateSchemaId();
            await tx.insertSchema(testSchema(id, `serial-${i}`));
            const version = await tx.allocateVersion("serial");
            expect(version).toBe(latest + 1);
            await tx.insertVersion({ subject: "serial", version, schemaId: id, deleted: false });
            return version;
          }),
        ),
      );
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    });

    it("gives two instances registering the same schema at once one id (the identity is locked, not duplicated)", async () => {
      const ids = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          stores[i]!.withTransaction(async (tx) => {
            let id = await tx.findSchemaId("AVRO", "shared-fp", "[]", "");
            if (id === undefined) {
              id = await tx.allocateSchemaId();
              await tx.insertSchema(testSchema(id, "shared-fp"));
            }
            await tx.insertVersion({ subject: `shared-${i}`, version: await tx.allocateVersion(`shared-${i}`), schemaId: id, deleted: false });
            return id;
          }),
        ),
      );
      expect(new Set(ids).size).toBe(1);
    });

    it("tells every instance about schemas another one added or removed, in commit order", async () => {
      const seen: StorageChange[] = [];
      const unsubscribe = stores[1]!.subscribe((c) => seen.push(c));
      const big = "x".repeat(20_000);
      const ids = await stores[0]!.withTransaction(async (tx) => {
        const small = await tx.allocateSchemaId();
        await tx.insertSchema(testSchema(small, "notice-small"));
        const large = await tx.allocateSchemaId();
        await tx.insertSchema({ ...testSchema(large, "notice-large"), text: big });
        return { small, large };
      });
      await stores[2]!.withTransaction(async (tx) => tx.deleteSchema(ids.small));
      await expect.poll(() => seen.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      unsubscribe();
      const [first, second] = seen;
      expect(first).toMatchObject({ kind: "schemas", addedIds: [ids.large], removed: [] });
      expect(first?.kind === "schemas" ? first.added.map((s) => s.id) : []).toEqual([ids.small]);
      expect(second).toMatchObject({ kind: "schemas", added: [], addedIds: [], removed: [ids.small] });
    });

    it("announces nothing for a unit of work that rolls back", async () => {
      const seen: StorageChange[] = [];
      const unsubscribe = stores[1]!.subscribe((c) => seen.push(c));
      await expect(
        stores[0]!.withTransaction(async (tx) => {
          await tx.insertSchema(testSchema(await tx.allocateSchemaId(), "rolled-back"));
          throw new Error("no");
        }),
      ).rejects.toThrow("no");
      await stores[0]!.withTransaction(async (tx) => tx.insertSchema(testSchema(await tx.allocateSchemaId(), "after-rollback")));
      await expect.poll(() => seen.length, { timeout: 5000 }).toBe(1);
      unsubscribe();
      expect(seen[0]?.kind === "schemas" ? seen[0].added.map((s) => s.fingerprint) : []).toEqual(["after-rollback"]);
    });
  });
});

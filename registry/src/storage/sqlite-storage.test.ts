import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseInUseError, SqliteStorage } from "./sqlite-storage.js";
import { describeStorageContract, testSchema } from "./storage-contract.js";

describeStorageContract("SqliteStorage", async () => {
  const dir = mkdtempSync(join(tmpdir(), "charter-storage-"));
  const path = join(dir, "charter.db");
  return {
    open: async () => SqliteStorage.open({ path }),
    reopen: async () => SqliteStorage.open({ path }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("SqliteStorage", () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "charter-storage-"));
    path = join(dir, "charter.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("never interleaves units of work", async () => {
    const storage = SqliteStorage.open({ path });
    const order: string[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        storage.withTransaction(async (tx) => {
          order.push(`start${n}`);
          await new Promise((r) => setTimeout(r, 5));
          const id = await tx.allocateSchemaId();
          order.push(`end${n}:${id}`);
        }),
      ),
    );
    expect(order).toEqual(["start1", "end1:1", "start2", "end2:2", "start3", "end3:3"]);
    await storage.close();
  });

  it("holds the file exclusively, except for a shared (administrative) store", async () => {
    const storage = SqliteStorage.open({ path });
    expect(() => SqliteStorage.open({ path })).toThrow(DatabaseInUseError);
    const admin = SqliteStorage.open({ path, exclusive: false });
    await admin.withTransaction((tx) => tx.putUser({ name: "u", role: "read", keyId: "k", secretHash: "h", createdAt: "t", updatedAt: "t" }));
    expect((await storage.getUser("u"))?.keyId).toBe("k");
    await admin.close();
    await storage.close();
  });

  it("migrates a database written by the first schema version, keeping levels and identities", async () => {
    const old = new Database(path);
    old.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE schemas (id INTEGER PRIMARY KEY, schema_type TEXT NOT NULL, fingerprint TEXT NOT NULL, references_key TEXT NOT NULL, text TEXT NOT NULL, UNIQUE (schema_type, fingerprint, references_key)) STRICT;
      CREATE TABLE schema_references (schema_id INTEGER NOT NULL REFERENCES schemas(id) ON DELETE CASCADE, position INTEGER NOT NULL, name TEXT NOT NULL, subject TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (schema_id, position)) STRICT;
      CREATE TABLE subjects (name TEXT PRIMARY KEY, next_version INTEGER NOT NULL DEFAULT 1, compatibility TEXT, mode TEXT) STRICT;
      CREATE TABLE versions (subject TEXT NOT NULL, version INTEGER NOT NULL, schema_id INTEGER NOT NULL REFERENCES schemas(id), deleted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (subject, version)) STRICT;
      INSERT INTO meta VALUES ('next_schema_id', '3'), ('global_compatibility', 'FULL');
      INSERT INTO schemas VALUES (1, 'AVRO', 'fa', '[]', '"string"'), (2, 'AVRO', 'fb', '[["a","s",1]]', '"int"');
      INSERT INTO schema_references VALUES (2, 0, 'a', 's', 1);
      INSERT INTO subjects VALUES ('s', 2, 'NONE', 'READONLY'), ('t', 2, NULL, NULL);
      INSERT INTO versions VALUES ('s', 1, 1, 0), ('t', 1, 2, 0);
    `);
    old.close();
    const storage = SqliteStorage.open({ path });
    expect(await storage.getConfig(undefined)).toEqual({ compatibilityLevel: "FULL" });
    expect(await storage.getConfig("s")).toEqual({ compatibilityLevel: "NONE" });
    expect(await storage.getConfig("t")).toBeUndefined();
    expect(await storage.getSubjectMode("s")).toBe("READONLY");
    expect(await storage.findSchemaId("AVRO", "fb", '[["a","s",1]]', "")).toBe(2);
    expect((await storage.getSchema(2))?.references).toEqual([{ name: "a", subject: "s", version: 1 }]);
    expect(await storage.listReferrers("s", 1)).toEqual([2]);
    await storage.withTransaction(async (tx) => {
      expect(await tx.allocateSchemaId()).toBe(3);
      await tx.insertSchema(testSchema(3, "fa", [], { schemaType: "AVRO", referencesKey: "[]", contractKey: "k" }));
    });
    await storage.close();
    // Reopening does not migrate again.
    const again = SqliteStorage.open({ path });
    expect((await again.listSchemas()).map((s) => s.id)).toEqual([1, 2, 3]);
    await again.close();
  });
});

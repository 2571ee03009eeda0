/**
 * The behaviour every {@link Storage} implementation must show, as a vitest suite to run against each one
 * (`describeStorageContract("SqliteStorage", …)` in `sqlite-storage.test.ts`; a PostgreSQL store calls it the
 * same way). Tests only: it imports vitest.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Storage, StoredSchema, StoredUser } from "./storage.js";

/** How the suite gets a store: `open` a fresh, empty one; `reopen` the same data in a new store; `cleanup` at the end. */
export interface StorageFixture {
  open(): Promise<Storage>;
  reopen(): Promise<Storage>;
  cleanup(): Promise<void>;
}

/** A stored schema for tests: identity from `fingerprint`, `references` and `contractKey`. */
export function testSchema(id: number, fingerprint = `fp${id}`, references: StoredSchema["references"] = [], extra: Partial<StoredSchema> = {}): StoredSchema {
  return { id, schemaType: "AVRO", fingerprint, referencesKey: JSON.stringify(references), text: `{"id":${id}}`, references, contractKey: "", ...extra };
}

function user(name: string, keyId: string, extra: Partial<StoredUser> = {}): StoredUser {
  return { name, role: "read", keyId, secretHash: `hash-${keyId}`, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z", ...extra };
}

/** Registers the storage contract suite under `name`; `makeFixture` runs before each test. */
export function describeStorageContract(name: string, makeFixture: () => Promise<StorageFixture>): void {
  describe(`${name} (storage contract)`, () => {
    let fixture: StorageFixture;
    let storage: Storage;

    beforeEach(async () => {
      fixture = await makeFixture();
      storage = await fixture.open();
    });
    afterEach(async () => {
      await storage.close();
      await fixture.cleanup();
    });

    it("allocates ids from a counter that survives deletes and reopening; versions follow the highest remaining one (Confluent)", async () => {
      await storage.withTransaction(async (tx) => {
        expect(await tx.allocateSchemaId()).toBe(1);
        await tx.insertSchema(testSchema(1));
        expect(await tx.allocateVersion("s")).toBe(1);
        await tx.insertVersion({ subject: "s", version: 1, schemaId: 1, deleted: false });
      });
      await storage.withTransaction(async (tx) => {
        await tx.deleteVersion("s", 1);
        await tx.deleteSchema(1);
      });
      await storage.close();
      storage = await fixture.reopen();
      expect(await storage.getMaxSchemaId()).toBe(1);
      await storage.withTransaction(async (tx) => {
        expect(await tx.allocateSchemaId()).toBe(2);
        expect(await tx.allocateVersion("s")).toBe(1);
      });
      expect(await storage.getSchema(1)).toBeUndefined();
      expect(await storage.getMaxSchemaId()).toBe(2);
    });

    it("numbers the next version after the highest one left, soft-deleted ones included, after permanent deletes", async () => {
      await storage.withTransaction(async (tx) => {
        await tx.insertSchema(testSchema(await tx.allocateSchemaId()));
        for (let i = 0; i < 3; i++) await tx.insertVersion({ subject: "s", version: await tx.allocateVersion("s"), schemaId: 1, deleted: i === 1 });
      });
      await storage.withTransaction(async (tx) => {
        await tx.deleteVersion("s", 3);
        expect(await tx.allocateVersion("s")).toBe(3); // 2 is soft-deleted but still there
      });
      await storage.withTransaction(async (tx) => {
        await tx.deleteVersion("s", 1); // a lower one: the highest is still 2
        expect(await tx.allocateVersion("s")).toBe(3);
      });
    });

    it("reserves ids and versions above explicit ones (IMPORT)", async () => {
      expect(await storage.getMaxSchemaId()).toBe(0);
      await storage.withTransaction(async (tx) => {
        await tx.reserveSchemaId(100);
        await tx.reserveVersion("s", 7);
        expect(await tx.allocateSchemaId()).toBe(101);
        expect(await tx.allocateVersion("s")).toBe(8);
        await tx.reserveSchemaId(5); // never lowers
        expect(await tx.allocateSchemaId()).toBe(102);
      });
      expect(await storage.getMaxSchemaId()).toBe(102);
    });

    it("rolls back everything when the unit of work throws", async () => {
      await expect(
        storage.withTransaction(async (tx) => {
          await tx.insertSchema(testSchema(1));
          await tx.insertVersion({ subject: "s", version: 1, schemaId: 1, deleted: false });
          await tx.setConfig("s", { compatibilityLevel: "NONE" });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await storage.listSchemas()).toEqual([]);
      expect(await storage.listSubjects("all")).toEqual([]);
      expect(await storage.getConfig("s")).toBeUndefined();
    });

    it("reads outside a transaction see only committed state", async () => {
      let seenDuring: StoredSchema | undefined;
      await storage.withTransaction(async (tx) => {
        await tx.insertSchema(testSchema(1));
        seenDuring = await storage.getSchema(1);
        expect(await tx.getSchema(1)).toBeDefined();
      });
      expect(seenDuring).toBeUndefined();
      expect((await storage.getSchema(1))?.text).toBe('{"id":1}');
    });

    it("finds schemas by identity, lists subjects and versions with deleted filters", async () => {
      const ref = { name: "a.B", subject: "base", version: 1 };
      await storage.withTransaction(async (tx) => {
        await tx.insertSchema(testSchema(1));
        await tx.insertSchema(testSchema(2, "fp2", [ref]));
        await tx.insertVersion({ subject: "base", version: 1, schemaId: 1, deleted: false });
        await tx.insertVersion({ subject: "x/ü", version: 1, schemaId: 2, deleted: false });
        await tx.insertVersion({ subject: "x/ü", version: 2, schemaId: 1, deleted: true });
        await tx.insertVersion({ subject: "gone", version: 1, schemaId: 1, deleted: true });
      });
      expect(await storage.findSchemaId("AVRO", "fp2", JSON.stringify([ref]), "")).toBe(2);
      expect(await storage.findSchemaId("AVRO", "fp2", "[]", "")).toBeUndefined();
      expect((await storage.getSchema(2))?.references).toEqual([ref]);
      expect(await storage.listSubjects("live")).toEqual(["base", "x/ü"]);
      expect(await storage.listSubjects("all")).toEqual(["base", "gone", "x/ü"]);
      expect(await storage.listSubjects("deletedOnly")).toEqual(["gone"]);
      expect(await storage.listSubjects("all", "x/")).toEqual(["x/ü"]);
      expect(await storage.listSubjects("all", "%")).toEqual([]);
      expect((await storage.listVersions("x/ü", "live")).map((v) => v.version)).toEqual([1]);
      expect((await storage.listVersions("x/ü", "all")).map((v) => v.version)).toEqual([1, 2]);
      expect((await storage.listVersions("x/ü", "deletedOnly")).map((v) => v.version)).toEqual([2]);
      expect(await storage.listReferrers("base", 1)).toEqual([2]);
      expect((await storage.listVersionsOfSchema(1)).map((v) => `${v.subject}@${v.version}`)).toEqual(["base@1", "gone@1", "x/ü@2"]);
    });

    it("keeps metadata and rule sets, and makes them part of the identity", async () => {
      const metadata = { properties: { owner: "team-a" }, tags: { "/fields/0": ["PII"] }, sensitive: ["secret"] };
      const ruleSet = { domainRules: [{ name: "positive", kind: "CONDITION", mode: "WRITE", type: "CEL", expr: "message.qty > 0" }] };
      await storage.withTransaction(async (tx) => {
        await tx.insertSchema(testSchema(1, "same"));
        await tx.insertSchema(testSchema(2, "same", [], { contractKey: "k2", metadata, ruleSet }));
      });
      expect(await storage.findSchemaId("AVRO", "same", "[]", "")).toBe(1);
      expect(await storage.findSchemaId("AVRO", "same", "[]", "k2")).toBe(2);
      const stored = await storage.getSchema(2);
      expect(stored).toMatchObject({ contractKey: "k2", metadata, ruleSet });
      expect((await storage.getSchema(1))?.metadata).toBeUndefined();
      expect((await storage.listSchemas()).find((s) => s.id === 2)?.ruleSet).toEqual(ruleSet);
    });

    it("stores whole configs and modes per subject and globally, and clears them", async () => {
      const config = {
        compatibilityLevel: "FULL" as const,
        compatibilityGroup: "major",
        normalize: true,
        defaultMetadata: { properties: { owner: "x" } },
        overrideRuleSet: { domainRules: [{ name: "r", type: "CEL" }] },
      };
      await storage.withTransaction(async (tx) => {
        await tx.setConfig(undefined, config);
        await tx.setConfig("s", { compatibilityLevel: "NONE", alias: "t" });
        await tx.setGlobalMode("READONLY");
        await tx.setSubjectMode("s", "IMPORT");
      });
      expect(await storage.getConfig(undefined)).toEqual(config);
      expect(await storage.getConfig("s")).toEqual({ compatibilityLevel: "NONE", alias: "t" });
      expect(await storage.getConfig("other")).toBeUndefined();
      expect(await storage.getGlobalMode()).toBe("READONLY");
      expect(await storage.getSubjectMode("s")).toBe("IMPORT");
      // Config alone does not make a subject appear in listings.
      expect(await storage.listSubjects("all")).toEqual([]);
      await storage.withTransaction(async (tx) => {
        await tx.setConfig(undefined, undefined);
        await tx.setConfig("s", undefined);
        await tx.setGlobalMode(undefined);
        await tx.setSubjectMode("s", undefined);
      });
      expect(await storage.getConfig(undefined)).toBeUndefined();
      expect(await storage.getConfig("s")).toBeUndefined();
      expect(await storage.getGlobalMode()).toBeUndefined();
      expect(await storage.getSubjectMode("s")).toBeUndefined();
    });

    it("stores users, finds them by name and key id, replaces and removes them", async () => {
      await storage.withTransaction(async (tx) => {
        await tx.putUser(user("bob", "k-bob", { role: "write", subjectPrefix: "orders." }));
        await tx.putUser(user("alice", "k-alice", { role: "admin" }));
      });
      expect((await storage.listUsers()).map((u) => u.name)).toEqual(["alice", "bob"]);
      expect(await storage.getUser("bob")).toEqual(user("bob", "k-bob", { role: "write", subjectPrefix: "orders." }));
      expect((await storage.getUserByKeyId("k-alice"))?.name).toBe("alice");
      expect(await storage.getUserByKeyId("nope")).toBeUndefined();
      await storage.withTransaction(async (tx) => {
        await tx.putUser(user("bob", "k-bob2", { role: "read", updatedAt: "2026-02-01T00:00:00.000Z" }));
      });
      const bob = await storage.getUser("bob");
      expect(bob).toMatchObject({ role: "read", keyId: "k-bob2", secretHash: "hash-k-bob2", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-02-01T00:00:00.000Z" });
      expect(bob?.subjectPrefix).toBeUndefined();
      expect(await storage.getUserByKeyId("k-bob")).toBeUndefined();
      expect(await storage.withTransaction((tx) => tx.deleteUser("bob"))).toBe(true);
      expect(await storage.withTransaction((tx) => tx.deleteUser("bob"))).toBe(false);
      expect((await storage.listUsers()).map((u) => u.name)).toEqual(["alice"]);
    });

    it("rejects a second schema with the same identity", async () => {
      await storage.withTransaction(async (tx) => tx.insertSchema(testSchema(1, "same")));
      await expect(storage.withTransaction(async (tx) => tx.insertSchema(testSchema(2, "same")))).rejects.toThrow();
      expect((await storage.listSchemas()).map((s) => s.id)).toEqual([1]);
    });

    it("answers a ping, and refuses work after close", async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
      await storage.close();
      await expect(storage.withTransaction(async () => 1)).rejects.toThrow("closed");
      await expect(storage.getSchema(1)).rejects.toThrow("closed");
      await expect(storage.ping()).rejects.toThrow();
      storage = await fixture.reopen(); // for afterEach
    });
  });
}

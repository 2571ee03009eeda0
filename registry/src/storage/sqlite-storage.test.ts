import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteStorage } from "./sqlite-storage.js";
import type { StoredSchema } from "./storage.js";

function schema(id: number, fingerprint = `fp${id}`, references: StoredSchema["references"] = []): StoredSchema {
  return { id, schemaType: "AVRO", fingerprint, referencesKey: JSON.stringify(references), text: `{"id":${id}}`, references };
}

describe("SqliteStorage", () => {
  let dir: string;
  let path: string;
  let storage: SqliteStorage;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "charter-storage-"));
    path = join(dir, "charter.db");
    storage = SqliteStorage.open({ path });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("allocates ids and versions from counters that survive deletes and reopening", async () => {
    await storage.withTransaction(async (tx) => {
      expect(await tx.allocateSchemaId()).toBe(1);
      await tx.insertSchema(schema(1));
      expect(await tx.allocateVersion("s")).toBe(1);
      await tx.insertVersion({ subject: "s", version: 1, schemaId: 1, deleted: false });
    });
    await storage.withTransaction(async (tx) => {
      await tx.deleteVersion("s", 1);
      await tx.deleteSchema(1);
    });
    await storage.close();
    storage = SqliteStorage.open({ path });
    await storage.withTransaction(async (tx) => {
      expect(await tx.allocateSchemaId()).toBe(2);
      expect(await tx.allocateVersion("s")).toBe(2);
    });
    expect(await storage.getSchema(1)).toBeUndefined();
  });

  it("reserves ids and versions above explicit ones (IMPORT)", async () => {
    await storage.withTransaction(async (tx) => {
      await tx.reserveSchemaId(100);
      await tx.reserveVersion("s", 7);
      expect(await tx.allocateSchemaId()).toBe(101);
      expect(await tx.allocateVersion("s")).toBe(8);
      await tx.reserveSchemaId(5); // never lowers
      expect(await tx.allocateSchemaId()).toBe(102);
    });
  });

  it("rolls back everything when the unit of work throws", async () => {
    await expect(
      storage.withTransaction(async (tx) => {
        await tx.insertSchema(schema(1));
        await tx.insertVersion({ subject: "s", version: 1, schemaId: 1, deleted: false });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await storage.listSchemas()).toEqual([]);
    expect(await storage.listSubjects("all")).toEqual([]);
  });

  it("reads outside a transaction see only committed state", async () => {
    let seenDuring: StoredSchema | undefined;
    await storage.withTransaction(async (tx) => {
      await tx.insertSchema(schema(1));
      seenDuring = await storage.getSchema(1);
      expect(await tx.getSchema(1)).toBeDefined();
    });
    expect(seenDuring).toBeUndefined();
    expect((await storage.getSchema(1))?.text).toBe('{"id":1}');
  });

  it("never interleaves units of work", async () => {
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
  });

  it("finds schemas by identity, lists subjects and versions with deleted filters", async () => {
    const ref = { name: "a.B", subject: "base", version: 1 };
    await storage.withTransaction(async (tx) => {
      await tx.insertSchema(schema(1));
      await tx.insertSchema(schema(2, "fp2", [ref]));
      await tx.insertVersion({ subject: "base", version: 1, schemaId: 1, deleted: false });
      await tx.insertVersion({ subject: "x/ü", version: 1, schemaId: 2, deleted: false });
      await tx.insertVersion({ subject: "x/ü", version: 2, schemaId: 1, deleted: true });
      await tx.insertVersion({ subject: "gone", version: 1, schemaId: 1, deleted: true });
    });
    expect(await storage.findSchemaId("AVRO", "fp2", JSON.stringify([ref]))).toBe(2);
    expect(await storage.findSchemaId("AVRO", "fp2", "[]")).toBeUndefined();
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
    expect((await storage.listVersionsOfSchema(1)).map((v) => `${v.subject}@${v.version}`)).toEqual([
      "base@1",
      "gone@1",
      "x/ü@2",
    ]);
  });

  it("stores config and mode per subject and globally, and clears them", async () => {
    await storage.withTransaction(async (tx) => {
      await tx.setGlobalCompatibility("FULL");
      await tx.setSubjectCompatibility("s", "NONE");
      await tx.setGlobalMode("READONLY");
      await tx.setSubjectMode("s", "IMPORT");
    });
    expect(await storage.getGlobalCompatibility()).toBe("FULL");
    expect(await storage.getSubjectCompatibility("s")).toBe("NONE");
    expect(await storage.getGlobalMode()).toBe("READONLY");
    expect(await storage.getSubjectMode("s")).toBe("IMPORT");
    // Config alone does not make a subject appear in listings.
    expect(await storage.listSubjects("all")).toEqual([]);
    await storage.withTransaction(async (tx) => {
      await tx.setGlobalCompatibility(undefined);
      await tx.setSubjectCompatibility("s", undefined);
      await tx.setGlobalMode(undefined);
      await tx.setSubjectMode("s", undefined);
    });
    expect(await storage.getGlobalCompatibility()).toBeUndefined();
    expect(await storage.getSubjectCompatibility("s")).toBeUndefined();
    expect(await storage.getGlobalMode()).toBeUndefined();
    expect(await storage.getSubjectMode("s")).toBeUndefined();
  });

  it("rejects a second schema with the same identity", async () => {
    await storage.withTransaction(async (tx) => tx.insertSchema(schema(1, "same")));
    await expect(storage.withTransaction(async (tx) => tx.insertSchema(schema(2, "same")))).rejects.toThrow();
    expect((await storage.listSchemas()).map((s) => s.id)).toEqual([1]);
  });

  it("refuses work after close", async () => {
    await storage.close();
    await expect(storage.withTransaction(async () => 1)).rejects.toThrow("closed");
    await expect(storage.getSchema(1)).rejects.toThrow("closed");
    storage = SqliteStorage.open({ path }); // for afterEach
  });
});

/**
 * Edge cases of ids, modes, references and the HTTP layer: the id and version spaces end at 2^31 − 1, a global
 * READONLY_OVERRIDE beats subject modes, IMPORT ignores soft-deleted subjects, `version: -1` references resolve
 * alike on lookup and register, Fastify's own URL errors use the catalogue, and one database serves one registry.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildRegistry } from "./build-registry.js";
import { DatabaseInUseError, SqliteStorage } from "./storage/sqlite-storage.js";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let registry: InjectRegistry;
beforeEach(async () => {
  registry = await openInjectRegistry("charter-limits-");
});
afterEach(async () => {
  await registry.close();
});

type Body = { id?: number; version?: number; error_code?: number; mode?: string; message?: string };
const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown) => registry.call<Body>(method, url, payload);
const record = (name: string, field = "x") => JSON.stringify({ type: "record", name, fields: [{ name: field, type: "int" }] });

describe("the id and version spaces", () => {
  it("refuses to allocate a schema id past 2^31 - 1 with 42205, leaving the store unchanged", async () => {
    await call("PUT", "/mode", { mode: "IMPORT" });
    expect((await call("POST", "/subjects/a/versions", { schema: record("A"), id: 2 ** 31 - 1, version: 1 })).body).toEqual({ id: 2 ** 31 - 1, version: 1 });
    await call("PUT", "/mode", { mode: "READWRITE" });
    const next = await call("POST", "/subjects/b/versions", { schema: record("B") });
    expect(next.status).toBe(422);
    expect(next.body.error_code).toBe(42205);
    expect(next.body.message).toMatch(/exhausted/);
    expect((await call("GET", "/subjects")).body).toEqual(["a"]);
    // The schema at the top of the space is still served.
    expect((await call("GET", `/schemas/ids/${2 ** 31 - 1}`)).status).toBe(200);
  });

  it("refuses to allocate a version past 2^31 - 1", async () => {
    await call("PUT", "/mode", { mode: "IMPORT" });
    await call("POST", "/subjects/a/versions", { schema: record("A"), id: 1, version: 2 ** 31 - 1 });
    await call("PUT", "/mode", { mode: "READWRITE" });
    await call("PUT", "/config/a", { compatibility: "NONE" });
    const next = await call("POST", "/subjects/a/versions", { schema: record("B") });
    expect([next.status, next.body.error_code]).toEqual([422, 42205]);
    expect((await call("GET", "/subjects/a/versions")).body).toEqual([2 ** 31 - 1]);
  });
});

describe("modes", () => {
  it("a global READONLY_OVERRIDE beats a subject's own READWRITE (Confluent getModeInScope)", async () => {
    await call("PUT", "/mode/s", { mode: "READWRITE" });
    await call("PUT", "/mode", { mode: "READONLY_OVERRIDE" });
    const write = await call("POST", "/subjects/s/versions", { schema: record("A") });
    expect([write.status, write.body.error_code]).toEqual([422, 42205]);
    expect((await call("GET", "/mode/s")).body).toEqual({ mode: "READONLY_OVERRIDE" });
    await call("PUT", "/mode", { mode: "READWRITE" });
    expect((await call("GET", "/mode/s")).body).toEqual({ mode: "READWRITE" });
  });

  it("IMPORT is refused only by live subjects, and re-entering IMPORT is no change", async () => {
    await call("POST", "/subjects/s/versions", { schema: record("A") });
    expect((await call("PUT", "/mode", { mode: "IMPORT" })).body.error_code).toBe(42205);
    await call("DELETE", "/subjects/s");
    expect((await call("PUT", "/mode", { mode: "IMPORT" })).body).toEqual({ mode: "IMPORT" });
    expect((await call("PUT", "/mode", { mode: "IMPORT" })).body).toEqual({ mode: "IMPORT" });
  });
});

describe("references", () => {
  it("version -1 means the latest live version on lookup as on register", async () => {
    const base = (doc: string) => JSON.stringify({ type: "record", name: "Base", namespace: "n", doc, fields: [{ name: "x", type: "int" }] });
    await call("PUT", "/config/base", { compatibility: "NONE" });
    await call("POST", "/subjects/base/versions", { schema: base("one") });
    await call("POST", "/subjects/base/versions", { schema: base("two") });
    await call("DELETE", "/subjects/base/versions/2");
    const user = {
      schema: JSON.stringify({ type: "record", name: "User", fields: [{ name: "b", type: "n.Base" }] }),
      references: [{ name: "n.Base", subject: "base", version: -1 }],
    };
    const registered = await call("POST", "/subjects/user/versions", user);
    expect(registered.status).toBe(200);
    const found = await call("POST", "/subjects/user", user);
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(registered.body.id);
  });
});

describe("the HTTP layer", () => {
  it("answers Fastify's own URL errors through the catalogue", async () => {
    const res = await registry.app.inject({ method: "GET", url: "/subjects/%E0%A4%A/versions" });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/vnd\.schemaregistry\.v1\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ error_code: 400 });
  });
});

describe("one registry per database file", () => {
  it("refuses a second store on an open database, and allows it once the first closes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-lock-"));
    const path = join(dir, "r.db");
    try {
      const first = await buildRegistry({ dbPath: path });
      await expect(buildRegistry({ dbPath: path })).rejects.toThrow(DatabaseInUseError);
      expect(() => SqliteStorage.open({ path })).toThrow(/in use by another Charter registry/);
      await first.close();
      const second = await buildRegistry({ dbPath: path });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

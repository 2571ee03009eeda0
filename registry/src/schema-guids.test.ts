/**
 * Schema GUIDs (Confluent 8.x): the `guid` of subject version bodies, `GET /schemas/guids/{guid}` and
 * `GET /schemas/guids/{guid}/ids`. A GUID is derived from the schema's content (Confluent: the MD5 of the
 * schema as a UUID), so identical schemas share it and it survives restarts without being stored. Runs on SQLite
 * and PostgreSQL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildRegistry } from "./build-registry.js";
import { openInjectRegistry, testDatabase, type InjectRegistry } from "./test-registry.js";

let r: InjectRegistry;
beforeEach(async () => {
  r = await openInjectRegistry("charter-guids-");
});
afterEach(async () => {
  await r.close();
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const user = JSON.stringify({ type: "record", name: "User", fields: [{ name: "id", type: "string" }] });

async function register(subject: string, extra: Record<string, unknown> = {}, schema = user): Promise<number> {
  const res = await r.call<{ id: number }>("POST", `/subjects/${subject}/versions`, { schema, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
}
const guidOf = async (subject: string, version: number | "latest" = "latest") =>
  (await r.call<{ guid: string }>("GET", `/subjects/${subject}/versions/${version}?deleted=true`)).body.guid;

describe("schema GUIDs", () => {
  it("are UUIDs shared by identical schemas and different for different content, metadata included", async () => {
    const id = await register("a-value");
    expect(await register("b-value", {}, ` ${user}`)).toBe(id);
    const guid = await guidOf("a-value");
    expect(guid).toMatch(GUID);
    expect(await guidOf("b-value")).toBe(guid);
    // Lookups, listings and the latest-with-metadata answer carry it too.
    expect((await r.call("POST", "/subjects/a-value", { schema: user })).body).toMatchObject({ id, guid });
    expect((await r.call<Array<{ guid: string }>>("GET", "/schemas")).body.map((s) => s.guid)).toEqual([guid, guid]);
    await register("c-value", { metadata: { properties: { owner: "team-a" } } });
    const withMetadata = await guidOf("c-value");
    expect(withMetadata).toMatch(GUID);
    expect(withMetadata).not.toBe(guid);
    expect((await r.call("GET", "/subjects/c-value/metadata?key=owner&value=team-a")).body).toMatchObject({ guid: withMetadata });
  });

  it("GET /schemas/guids/{guid} answers the schema with its GUID; /ids answers [{context, id}]", async () => {
    const id = await register("a-value", { metadata: { properties: { owner: "team-a" } } });
    const guid = await guidOf("a-value");
    const byGuid = await r.call("GET", `/schemas/guids/${guid}`);
    expect(byGuid.status).toBe(200);
    expect(byGuid.body).toEqual({ schema: user, metadata: { properties: { owner: "team-a" } }, guid });
    expect((await r.call("GET", `/schemas/guids/${guid}/ids`)).body).toEqual([{ context: ".", id }]);
    // Upper case and the 32-digit form are the same GUID.
    expect((await r.call("GET", `/schemas/guids/${guid.toUpperCase()}`)).body).toMatchObject({ guid });
    expect((await r.call("GET", `/schemas/guids/${guid.replaceAll("-", "")}/ids`)).body).toEqual([{ context: ".", id }]);
    expect((await r.call("GET", `/schemas/guids/${guid}?format=resolved`)).body).toMatchObject({ schema: user, guid });
  });

  it("answer 40403 (and [] for /ids) for an unknown GUID or text that is not one", async () => {
    await register("a-value");
    for (const guid of ["00000000-0000-0000-0000-000000000000", "not-a-guid"]) {
      const res = await r.call("GET", `/schemas/guids/${guid}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error_code: 40403, message: `Schema ${guid} not found` });
      expect((await r.call("GET", `/schemas/guids/${guid}/ids`)).body).toEqual([]);
    }
  });

  it("stay resolvable while a version is soft-deleted, and go with the schema's last version", async () => {
    const id = await register("a-value");
    const guid = await guidOf("a-value");
    expect((await r.call("DELETE", "/subjects/a-value")).status).toBe(200);
    expect((await r.call("GET", `/schemas/guids/${guid}/ids`)).body).toEqual([{ context: ".", id }]);
    expect((await r.call("DELETE", "/subjects/a-value?permanent=true")).status).toBe(200);
    expect((await r.call("GET", `/schemas/guids/${guid}`)).status).toBe(404);
    expect((await r.call("GET", `/schemas/guids/${guid}/ids`)).body).toEqual([]);
    // Registered again, the same content has a new id and the same GUID.
    const again = await register("a-value");
    expect(again).not.toBe(id);
    expect(await guidOf("a-value")).toBe(guid);
    expect((await r.call("GET", `/schemas/guids/${guid}/ids`)).body).toEqual([{ context: ".", id: again }]);
  });
});

describe("schema GUIDs across restarts", () => {
  it("are the same after the registry reopens its database (nothing stored, nothing to migrate)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-guids-restart-"));
    const db = testDatabase(dir);
    try {
      const guidIn = async (app: Awaited<ReturnType<typeof buildRegistry>>) =>
        (JSON.parse((await app.inject({ method: "GET", url: "/subjects/a-value/versions/1" })).body) as { guid: string }).guid;
      const first = await buildRegistry({ dbPath: db.location });
      const res = await first.inject({
        method: "POST",
        url: "/subjects/a-value/versions",
        payload: JSON.stringify({ schema: user }),
        headers: { "content-type": "application/vnd.schemaregistry.v1+json" },
      });
      expect(res.statusCode).toBe(200);
      const guid = await guidIn(first);
      await first.close();
      const second = await buildRegistry({ dbPath: db.location });
      expect(await guidIn(second)).toBe(guid);
      expect(JSON.parse((await second.inject({ method: "GET", url: `/schemas/guids/${guid}/ids` })).body)).toEqual([{ context: ".", id: 1 }]);
      await second.close();
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Explicit versions and the `confluent:version` metadata property (Confluent 7.5+): `version` in a register
 * body, `metadata.properties["confluent:version"]`, and lookups that set it aside. The first test replays
 * Confluent's own `RestApiTest.testConfluentVersion` step by step. Runs on SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let r: InjectRegistry;
beforeEach(async () => {
  r = await openInjectRegistry("charter-confluent-version-");
});
afterEach(async () => {
  await r.close();
});

const SCHEMA = JSON.stringify({ type: "object", properties: { myEnum: { enum: ["YES_VALUE", "NO_VALUE"], type: "string" } } });
const cv = (version: string) => ({ metadata: { properties: { "confluent:version": version } } });

interface Version {
  version: number;
  id: number;
  metadata?: { properties?: Record<string, string> };
}

const register = (extra: Record<string, unknown> = {}, schema = SCHEMA, subject = "test") =>
  r.call<Record<string, unknown>>("POST", `/subjects/${subject}/versions`, { schemaType: "JSON", schema, ...extra });
const idOf = async (extra: Record<string, unknown> = {}) => {
  const res = await register(extra);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
};
const lookup = async (extra: Record<string, unknown> = {}) => (await r.call<Version>("POST", "/subjects/test", { schemaType: "JSON", schema: SCHEMA, ...extra })).body;
const latest = async () => (await r.call<Version>("GET", "/subjects/test/versions/latest")).body;
const versionOf = (v: Version) => v.metadata?.properties?.["confluent:version"];

describe("Confluent RestApiTest.testConfluentVersion, replayed", () => {
  it("numbers versions registered with a version, finds versions whatever confluent:version they carry", async () => {
    expect(await idOf()).toBe(1);
    expect(await latest()).toMatchObject({ version: 1 });
    expect((await latest()).metadata).toBeUndefined();
    // -1 ("latest"): the latest version holds the schema.
    expect(await idOf({ version: -1 })).toBe(1);
    // An explicit version (the next one) makes a new version carrying confluent:version — new content, new id.
    expect((await register({ version: 2 })).body).toEqual({ id: 2, version: 2, metadata: { properties: { "confluent:version": "2" } } });
    expect(await idOf({ version: -1 })).toBe(2);
    expect(await latest()).toMatchObject({ version: 2, metadata: { properties: { "confluent:version": "2" } } });
    // Lookups: exact first, else confluent:version set aside (a requested one must name the version).
    expect(await lookup()).toMatchObject({ version: 1, id: 1 });
    expect((await lookup()).metadata).toBeUndefined();
    expect(await lookup(cv("1"))).toMatchObject({ version: 1, id: 1 });
    expect(await lookup(cv("2"))).toMatchObject({ version: 2, id: 2, metadata: { properties: { "confluent:version": "2" } } });
    expect((await r.call("DELETE", "/subjects/test/versions/1")).status).toBe(200);
    expect(versionOf(await lookup())).toBe("2");
    expect(await idOf()).toBe(2);
    expect(await idOf({ version: 3 })).toBe(3);
    expect(await idOf({ version: -1 })).toBe(3);
    expect(await idOf({ version: -1 })).toBe(3);
    expect(await latest()).toMatchObject({ version: 3, metadata: { properties: { "confluent:version": "3" } } });
    // Not the next version: 422 / 42201.
    const stale = await register({ version: 3 });
    expect(stale.status).toBe(422);
    expect(stale.body).toEqual({ error_code: 42201, message: "Version is not one more than previous version: subject test would get version 4, not 3" });
    expect(await idOf({ version: 4 })).toBe(4);
    expect(await lookup()).toMatchObject({ version: 4, metadata: { properties: { "confluent:version": "4" } } });
    // confluent:version in the metadata: rewritten to the version's own number…
    expect(await idOf(cv("-1"))).toBe(5);
    expect(await latest()).toMatchObject({ version: 5, metadata: { properties: { "confluent:version": "5" } } });
    // …unless it names a version holding the schema, which is the answer.
    expect(await idOf(cv("2"))).toBe(2);
    expect(await idOf(cv("3"))).toBe(3);
    expect(await idOf(cv("0"))).toBe(6);
    expect(await latest()).toMatchObject({ version: 6, metadata: { properties: { "confluent:version": "6" } } });
    expect(await idOf({ metadata: { properties: {} } })).toBe(6);
    // Metadata of its own, without confluent:version: a new version without one.
    expect(await idOf({ metadata: { properties: { mykey: "myvalue" } } })).toBe(7);
    expect(await latest()).toMatchObject({ version: 7, metadata: { properties: { mykey: "myvalue" } } });
    expect(versionOf(await latest())).toBeUndefined();
    // -1 inherits the latest metadata and numbers it.
    expect(await idOf({ version: -1 })).toBe(8);
    expect(await latest()).toMatchObject({ version: 8, metadata: { properties: { mykey: "myvalue", "confluent:version": "8" } } });
    expect(await lookup({ metadata: { properties: { mykey: "myvalue" } } })).toEqual({
      subject: "test",
      version: 7,
      id: 7,
      guid: expect.any(String) as unknown,
      schemaType: "JSON",
      metadata: { properties: { mykey: "myvalue" } },
      schema: SCHEMA,
    });
    expect((await r.call("DELETE", "/subjects/test/versions/7")).status).toBe(200);
    expect(await lookup({ metadata: { properties: { mykey: "myvalue" } } })).toMatchObject({ version: 8, metadata: { properties: { mykey: "myvalue", "confluent:version": "8" } } });
  });
});

describe("confluent:version and explicit versions", () => {
  const other = (field: string) => JSON.stringify({ type: "object", properties: { [field]: { type: "string" } } });
  beforeEach(async () => {
    // Each test's schemas differ freely; the compatibility check has its own test.
    expect((await r.call("PUT", "/config/test", { compatibility: "NONE" })).status).toBe(200);
  });

  it("keeps a confluent:version equal to the next version, and rewrites any other to the version's number", async () => {
    expect((await register(cv("1"), other("a"))).body).toEqual({ id: 1, version: 1, metadata: { properties: { "confluent:version": "1" } } });
    expect((await register(cv("7"), other("b"))).body).toEqual({ id: 2, version: 2, metadata: { properties: { "confluent:version": "2" } } });
    expect((await register(cv("not-a-number"), other("c"))).body).toEqual({ id: 3, version: 3, metadata: { properties: { "confluent:version": "3" } } });
  });

  it("numbers every later version once a version carries confluent:version (the metadata is inherited)", async () => {
    await register({ ...cv("1"), metadata: { properties: { "confluent:version": "1", owner: "team-a" } } }, other("a"));
    expect((await register({}, other("b"))).body).toEqual({ id: 2, version: 2, metadata: { properties: { "confluent:version": "2", owner: "team-a" } } });
    expect((await r.call("GET", "/subjects/test/versions/2")).body).toMatchObject({ metadata: { properties: { "confluent:version": "2", owner: "team-a" } } });
    // The same schema and metadata, without confluent:version: the version that holds it, no new one.
    expect((await register({ metadata: { properties: { owner: "team-a" } } }, other("b"))).body).toMatchObject({ id: 2, version: 2 });
    expect((await r.call("GET", "/subjects/test/versions")).body).toEqual([1, 2]);
    // Without metadata it does not match (its empty metadata is not {owner}), so the inherited metadata is
    // renumbered and a version is added — Confluent's `register` does the same.
    expect((await register({}, other("b"))).body).toEqual({ id: 3, version: 3, metadata: { properties: { "confluent:version": "3", owner: "team-a" } } });
  });

  it("allows an explicit version outside IMPORT only when it is the next one; 409 comes before the version check", async () => {
    expect((await register({ version: 2 }, other("a"))).body).toEqual({ error_code: 42201, message: "Version is not one more than previous version: subject test would get version 1, not 2" });
    expect((await register({ version: 1 }, other("a"))).body).toEqual({ id: 1, version: 1, metadata: { properties: { "confluent:version": "1" } } });
    // The same schema with the same explicit version is not an existing version: Confluent always writes one.
    expect((await register({ version: 1 }, other("a"))).body).toMatchObject({ error_code: 42201 });
    expect((await r.call("PUT", "/config/test", { compatibility: "BACKWARD" })).status).toBe(200);
    expect((await register({ version: 9 }, other("b"))).body).toMatchObject({ error_code: 409 });
    // An explicit id still needs IMPORT.
    expect((await register({ id: 50 }, other("z"))).body).toMatchObject({ error_code: 42205 });
  });

  it("counts soft-deleted versions in the next number, and a permanently deleted subject starts again at 1", async () => {
    await register({ version: 1 }, other("a"));
    await register({ version: 2 }, other("b"));
    expect((await r.call("DELETE", "/subjects/test/versions/2")).status).toBe(200);
    expect((await register({ version: 2 }, other("c"))).body).toMatchObject({ error_code: 42201 });
    expect((await register({ version: 3 }, other("c"))).body).toMatchObject({ id: 3, version: 3 });
    expect((await r.call("DELETE", "/subjects/test")).status).toBe(200);
    expect((await r.call("DELETE", "/subjects/test?permanent=true")).status).toBe(200);
    expect((await register({ version: 1 }, other("d"))).body).toMatchObject({ version: 1, metadata: { properties: { "confluent:version": "1" } } });
  });

  it("leaves IMPORT alone: the body's version is the version, and confluent:version is stored as sent", async () => {
    expect((await r.call("PUT", "/mode", { mode: "IMPORT" })).status).toBe(200);
    expect((await register({ id: 10, version: 5, ...cv("2") }, other("a"))).body).toEqual({ id: 10, version: 5, metadata: { properties: { "confluent:version": "2" } } });
  });
});

/**
 * `GET /subjects/{s}/metadata?key=…&value=…`: Confluent's "latest version with metadata" (`SubjectsResource
 * .getLatestWithMetadata`, `KafkaSchemaRegistry.getLatestWithMetadata`), what serializers configured with
 * `use.latest.with.metadata` ask. Runs on SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let r: InjectRegistry;
beforeEach(async () => {
  r = await openInjectRegistry("charter-latest-metadata-");
});
afterEach(async () => {
  await r.close();
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const user = (...fields: string[]) =>
  JSON.stringify({ type: "record", name: "User", fields: [{ name: "id", type: "string" }, ...fields.map((name) => ({ name, type: "int", default: 0 }))] });
const props = (properties: Record<string, string>) => ({ metadata: { properties } });

async function register(subject: string, schema: string, extra: Record<string, unknown> = {}): Promise<{ id: number; version: number }> {
  const res = await r.call<{ id: number; version: number }>("POST", `/subjects/${subject}/versions`, { schema, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const latest = (subject: string, query: string) => r.call<Record<string, unknown>>("GET", `/subjects/${subject}/metadata${query}`);

/** Three versions of `users-value`: application.version 1, 2 and 3 (all owned by team-a), ids 1, 2, 3. */
async function threeVersions(): Promise<void> {
  await register("users-value", user(), props({ "application.version": "1", owner: "team-a" }));
  await register("users-value", user("age"), props({ "application.version": "2", owner: "team-a" }));
  await register("users-value", user("age", "rank"), props({ "application.version": "3", owner: "team-a" }));
}

describe("GET /subjects/{s}/metadata", () => {
  it("answers the newest version whose metadata.properties hold every pair, in the body of GET /subjects/{s}/versions/{v}", async () => {
    await threeVersions();
    const v1 = await latest("users-value", "?key=application.version&value=1");
    expect(v1.status).toBe(200);
    expect(v1.body).toEqual({
      subject: "users-value",
      version: 1,
      id: 1,
      guid: expect.stringMatching(GUID) as unknown,
      metadata: { properties: { "application.version": "1", owner: "team-a" } },
      schema: user(),
    });
    expect(v1.body).toEqual((await r.call("GET", "/subjects/users-value/versions/1")).body);
    // Every pair must match; the newest matching version wins.
    expect((await latest("users-value", "?key=owner&value=team-a")).body).toMatchObject({ version: 3, id: 3 });
    expect((await latest("users-value", "?key=owner&value=team-a&key=application.version&value=2")).body).toMatchObject({ version: 2, id: 2 });
    expect((await latest("users-value", "?key=owner&value=team-b&key=application.version&value=2")).body).toEqual({ error_code: 40403, message: "Schema not found" });
  });

  it("pairs keys and values in order, up to the shorter list; a repeated key keeps its last value", async () => {
    await threeVersions();
    // `key` without `value`: no pair, so any version with properties matches — the latest.
    expect((await latest("users-value", "?key=application.version")).body).toMatchObject({ version: 3 });
    expect((await latest("users-value", "")).body).toMatchObject({ version: 3 });
    expect((await latest("users-value", "?key=application.version&value=1&key=application.version&value=2")).body).toMatchObject({ version: 2 });
    // Values are compared exactly.
    expect((await latest("users-value", "?key=owner&value=TEAM-A")).status).toBe(404);
  });

  it("answers 40401 for an unknown subject and 40403 when no version matches; a version without properties never matches", async () => {
    expect((await latest("nobody-value", "?key=a&value=b")).body).toEqual({ error_code: 40401, message: "Subject 'nobody-value' not found." });
    await register("tags-value", user(), { metadata: { tags: { "$.id": ["PII"] } } });
    const res = await latest("tags-value", "");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error_code: 40403, message: "Schema not found" });
  });

  it("skips soft-deleted versions unless deleted=true, and a fully soft-deleted subject is 40401 without it", async () => {
    await threeVersions();
    expect((await r.call("DELETE", "/subjects/users-value/versions/3")).status).toBe(200);
    expect((await latest("users-value", "?key=application.version&value=3")).body).toEqual({ error_code: 40403, message: "Schema not found" });
    expect((await latest("users-value", "?key=application.version&value=3&deleted=true")).body).toMatchObject({ version: 3, id: 3 });
    expect((await latest("users-value", "?key=owner&value=team-a")).body).toMatchObject({ version: 2 });
    expect((await latest("users-value", "?key=owner&value=team-a&deleted=true")).body).toMatchObject({ version: 3 });
    expect((await r.call("DELETE", "/subjects/users-value")).status).toBe(200);
    expect((await latest("users-value", "?key=owner&value=team-a")).body).toEqual({ error_code: 40401, message: "Subject 'users-value' not found." });
    expect((await latest("users-value", "?key=owner&value=team-a&deleted=true")).body).toMatchObject({ version: 3 });
  });

  it("follows the subject's alias, applies format, and checks the subject name and query values", async () => {
    await threeVersions();
    expect((await r.call("PUT", "/config/users-alias", { alias: "users-value" })).status).toBe(200);
    expect((await latest("users-alias", "?key=application.version&value=2")).body).toMatchObject({ subject: "users-value", version: 2 });
    expect((await latest("users-value", "?key=application.version&value=1&format=resolved")).body).toMatchObject({ version: 1, schema: user() });
    expect((await latest("users-value", "?deleted=maybe")).body).toEqual({ error_code: 400, message: `Invalid value for query parameter 'deleted': "maybe" (expected true or false)` });
    expect((await latest(encodeURIComponent(":.staging:users-value"), "")).body).toMatchObject({ error_code: 42208 });
  });
});

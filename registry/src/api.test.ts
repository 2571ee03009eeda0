import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildRegistry, type RegistryOptions } from "./index.js";
import { readBuildInfo } from "./build-info.js";
import { testDatabase, type TestDatabase } from "./test-registry.js";

const V1 = "application/vnd.schemaregistry.v1+json";

/** An Avro record schema text. */
function record(name: string, fields: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: "record", name, ...extra, fields });
}
const intField = (name: string) => ({ name, type: "int" });
/** A schema GUID as Confluent writes it: a UUID, lower-case. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let dir: string;
let db: TestDatabase;
let app: FastifyInstance;

async function open(options: Partial<RegistryOptions> = {}): Promise<void> {
  if (app !== undefined) await app.close();
  app = await buildRegistry({ dbPath: db.location, ...options });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "charter-api-"));
  db = testDatabase(dir);
  await open();
});
afterEach(async () => {
  await app.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: unknown;
  raw: string;
  contentType: string | undefined;
}

async function call(method: InjectOptions["method"], url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await app.inject({
    method,
    url,
    ...(payload === undefined
      ? {}
      : { payload: typeof payload === "string" ? payload : JSON.stringify(payload), headers: { "content-type": V1, ...headers } }),
    ...(payload === undefined && Object.keys(headers).length > 0 ? { headers } : {}),
  });
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, body, raw: res.body, contentType: res.headers["content-type"] as string | undefined };
}

const get = (url: string) => call("GET", url);
const post = (url: string, payload: unknown, headers?: Record<string, string>) => call("POST", url, payload, headers);
const put = (url: string, payload: unknown) => call("PUT", url, payload);
const del = (url: string) => call("DELETE", url);
const register = (subject: string, schema: string, extra: Record<string, unknown> = {}, query = "") =>
  post(`/subjects/${encodeURIComponent(subject)}/versions${query}`, { schema, ...extra });
/** The `guid` the registry reports for a subject version (`GET /subjects/{s}/versions/{v}`). */
async function versionGuid(subject: string, version: number): Promise<string> {
  const answer = await get(`/subjects/${encodeURIComponent(subject)}/versions/${version}`);
  expect(answer.status, answer.raw).toBe(200);
  const guid = (answer.body as { guid: unknown }).guid;
  expect(guid).toMatch(GUID);
  return guid as string;
}

/** Everything a client can observe of the store; equal snapshots = nothing changed. */
async function snapshot(): Promise<unknown> {
  const subjects = (await get("/subjects?deleted=true")).body as string[];
  const perSubject: Record<string, unknown> = {};
  for (const s of subjects) {
    perSubject[s] = {
      versions: (await get(`/subjects/${encodeURIComponent(s)}/versions?deleted=true`)).body,
      config: (await get(`/config/${encodeURIComponent(s)}`)).body,
      mode: (await get(`/mode/${encodeURIComponent(s)}`)).body,
    };
  }
  const schemas = (await get("/schemas?deleted=true")).body;
  const ids: unknown[] = [];
  for (let id = 1; id <= 20; id++) ids.push((await get(`/schemas/ids/${id}`)).body);
  return { subjects, perSubject, schemas, ids, config: (await get("/config")).body, mode: (await get("/mode")).body };
}

function expectError(answer: Answer, status: number, errorCode: number): void {
  expect(answer.status, answer.raw).toBe(status);
  expect((answer.body as { error_code: number }).error_code, answer.raw).toBe(errorCode);
  expect(typeof (answer.body as { message: unknown }).message).toBe("string");
  expect(answer.contentType).toMatch(/^application\/vnd\.schemaregistry\.v1\+json/);
}

describe("root, metadata and types", () => {
  it("answers liveness, metadata and schema types", async () => {
    expect(await get("/")).toMatchObject({ status: 200, body: {} });
    expect(await post("/", {})).toMatchObject({ status: 200, body: {} });
    expect((await get("/v1/metadata/id")).body).toEqual({
      scope: { path: [], clusters: { "kafka-cluster": null, "schema-registry-cluster": "charter" } },
    });
    expect((await get("/v1/metadata/version")).body).toEqual({ version: "0.1.0", commitId: readBuildInfo().commitId });
    const types = await get("/schemas/types");
    expect(types.status).toBe(200);
    expect(types.body).toEqual(expect.arrayContaining(["AVRO", "JSON"]));
    expect(types.contentType).toMatch(/^application\/vnd\.schemaregistry\.v1\+json/);
  });

  it("answers unknown routes with 404 / 404", async () => {
    expectError(await get("/nope"), 404, 404);
  });
});

describe("register, get and lookup", () => {
  it("gives one id per distinct schema across subjects and returns the text byte for byte", async () => {
    const text = '{ "type": "record",  "name": "A", "fields": [ {"name": "x", "type": "int"} ] }';
    expect((await register("a-value", text)).body).toEqual({ id: 1, version: 1 });
    // The same schema, spelled differently, in another subject: same id.
    expect((await register("b-value", record("A", [intField("x")]))).body).toEqual({ id: 1, version: 1 });
    // Identical schemas share a GUID: both subjects' versions and the id answer carry the same one.
    const guid = await versionGuid("a-value", 1);
    expect(await versionGuid("b-value", 1)).toBe(guid);
    const byId = await get("/schemas/ids/1");
    expect(byId.body).toEqual({ schema: text, guid });
    expect((await get("/schemas/ids/1/schema")).raw).toBe(text);
    expect((await get("/schemas/ids/1/subjects")).body).toEqual(["a-value", "b-value"]);
    expect((await get("/schemas/ids/1/versions")).body).toEqual([
      { subject: "a-value", version: 1 },
      { subject: "b-value", version: 1 },
    ]);
    expect((await register("a-value", record("A", [intField("x"), { name: "y", type: "int", default: 0 }]))).body).toEqual({
      id: 2,
      version: 2,
    });
  });

  it("re-registering a schema identical to an existing version returns it without a new version", async () => {
    await register("s", record("A", [intField("x")]));
    await register("s", record("A", [intField("x"), { name: "y", type: "int", default: 0 }]));
    expect((await register("s", record("A", [intField("x")]))).body).toEqual({ id: 1, version: 1 });
    expect((await get("/subjects/s/versions")).body).toEqual([1, 2]);
  });

  it("serves versions, latest, -1, raw schema and subject listings", async () => {
    await register("s", record("A", [intField("x")]));
    await register("s", record("A", [intField("x"), { name: "y", type: "int", default: 0 }]));
    await register("t", JSON.stringify({ type: "object" }), { schemaType: "JSON" });
    expect((await get("/subjects")).body).toEqual(["s", "t"]);
    expect((await get("/subjects?subjectPrefix=t")).body).toEqual(["t"]);
    expect((await get("/subjects/s/versions/1")).body).toEqual({
      subject: "s",
      version: 1,
      id: 1,
      guid: expect.stringMatching(GUID) as unknown,
      schema: record("A", [intField("x")]),
    });
    expect((await get("/subjects/s/versions/latest")).body).toMatchObject({ version: 2, id: 2 });
    expect((await get("/subjects/s/versions/-1")).body).toMatchObject({ version: 2, id: 2 });
    expect((await get("/subjects/s/versions/1/schema")).raw).toBe(record("A", [intField("x")]));
    expect((await get("/subjects/t/versions/1")).body).toMatchObject({ schemaType: "JSON", id: 3 });
    expect((await get("/schemas/ids/3")).body).toEqual({ schema: JSON.stringify({ type: "object" }), schemaType: "JSON", guid: await versionGuid("t", 1) });
    const all = (await get("/schemas")).body as Array<{ subject: string; version: number }>;
    expect(all.map((s) => `${s.subject}@${s.version}`)).toEqual(["s@1", "s@2", "t@1"]);
    const latest = (await get("/schemas?latestOnly=true")).body as Array<{ subject: string; version: number }>;
    expect(latest.map((s) => `${s.subject}@${s.version}`)).toEqual(["s@2", "t@1"]);
    const page = (await get("/schemas?offset=1&limit=1")).body as Array<{ subject: string; version: number }>;
    expect(page.map((s) => `${s.subject}@${s.version}`)).toEqual(["s@2"]);
    expect((await get("/schemas?subjectPrefix=t")).body).toHaveLength(1);
    expectError(await get("/subjects/nope/versions"), 404, 40401);
    expectError(await get("/subjects/nope/versions/1"), 404, 40401);
    expectError(await get("/subjects/s/versions/9"), 404, 40402);
    expectError(await get("/schemas/ids/99"), 404, 40403);
    expectError(await get("/schemas/ids/abc"), 404, 40403);
    expectError(await get("/schemas/ids/99/subjects"), 404, 40403);
  });

  it("looks a schema up under a subject", async () => {
    await put("/config/s", { compatibility: "NONE" });
    await register("s", record("A", [intField("x")]));
    await register("s", record("B", [intField("x")]));
    const found = await post("/subjects/s", { schema: ' {"type":"record","name":"A","fields":[{"name":"x","type":"int"}]}' });
    expect(found.body).toEqual({ subject: "s", version: 1, id: 1, guid: ((await get("/subjects/s/versions/1")).body as { guid: string }).guid, schema: record("A", [intField("x")]) });
    expectError(await post("/subjects/s", { schema: record("C", [intField("x")]) }), 404, 40403);
    expectError(await post("/subjects/other", { schema: record("A", [intField("x")]) }), 404, 40401);
    await del("/subjects/s/versions/1");
    expectError(await post("/subjects/s", { schema: record("A", [intField("x")]) }), 404, 40403);
    expect((await post("/subjects/s?deleted=true", { schema: record("A", [intField("x")]) })).body).toMatchObject({ id: 1, version: 1 });
  });

  it("stores the canonical text with normalize=true", async () => {
    const text = '{"fields":[{"type":"int","name":"x"}],"name":"A","type":"record"}';
    const r = await register("s", text, {}, "?normalize=true");
    expect(r.status).toBe(200);
    const stored = (await get("/schemas/ids/1/schema")).raw;
    expect(stored).not.toBe(text);
    expect(JSON.parse(stored)).toMatchObject({ type: "record", name: "A" });
  });

  it("accepts every Confluent media type and octet-stream; 415 for a body without a content type (issue 7)", async () => {
    const bodies = ["a", "b", "c", "d", "e"].map((n) => JSON.stringify({ schema: record(n.toUpperCase(), [intField("x")]) }));
    const types = [V1, "application/vnd.schemaregistry+json", "application/json; charset=utf-8", "application/octet-stream"];
    for (const [i, type] of types.entries()) {
      const res = await app.inject({ method: "POST", url: `/subjects/m${i}/versions`, payload: bodies[i], headers: { "content-type": type } });
      expect(res.statusCode, `${type}: ${res.body}`).toBe(200);
    }
    // A body without a content type is what a page on another site can send without a preflight (a Blob body).
    const none = await app.inject({ method: "POST", url: "/subjects/m9/versions", payload: Buffer.from(bodies[4]!) });
    expect(none.statusCode, none.body).toBe(415);
    expect(JSON.parse(none.body)).toMatchObject({ error_code: 415 });
    expect(JSON.parse((await app.inject({ url: "/subjects" })).body)).toEqual(["m0", "m1", "m2", "m3"]);
  });

  it("round-trips URL-encoded slashes and unicode in subject names", async () => {
    for (const subject of ["team/orders-value", "zähler ☃ 🎉", "a%b", "with space"]) {
      const r = await register(subject, record("A", [intField("x")]));
      expect(r.status, r.raw).toBe(200);
      expect((await get(`/subjects/${encodeURIComponent(subject)}/versions/1`)).body).toMatchObject({ subject });
    }
    expect((await get("/subjects")).body).toEqual(["a%b", "team/orders-value", "with space", "zähler ☃ 🎉"]);
    expect((await get(`/subjects?subjectPrefix=${encodeURIComponent("team/")}`)).body).toEqual(["team/orders-value"]);
  });

  it("accepts JSON Schema with metadata, a null ruleSet and unknown request fields", async () => {
    const r = await register("j", JSON.stringify({ type: "object", properties: { a: { type: "string" } } }), {
      schemaType: "JSON",
      metadata: { properties: { owner: "x" } },
      ruleSet: null,
      schemaTagsToAdd: [],
    });
    expect(r.body).toEqual({ id: 1, version: 1, metadata: { properties: { owner: "x" } } });
  });
});

describe("bad input never hurts", () => {
  beforeEach(async () => {
    await register("s", record("A", [intField("x")]));
  });

  async function expectRejected(answer: Promise<Answer>, status: number, errorCode: number): Promise<void> {
    const before = await snapshot();
    expectError(await answer, status, errorCode);
    expect(await snapshot()).toEqual(before);
  }

  it("malformed JSON bodies → 400 / 400", async () => {
    await expectRejected(post("/subjects/s/versions", '{"schema": '), 400, 400);
    await expectRejected(post("/subjects/s/versions", "not json", { "content-type": "application/json" }), 400, 400);
    await expectRejected(put("/config", "{compatibility"), 400, 400);
    await expectRejected(put("/mode", "[1,"), 400, 400);
  });

  it("bodies of the wrong shape → 42201", async () => {
    await expectRejected(post("/subjects/s/versions", "[]"), 422, 42201);
    await expectRejected(post("/subjects/s/versions", "{}"), 422, 42201);
    await expectRejected(post("/subjects/s/versions", ""), 422, 42201);
    await expectRejected(post("/subjects/s/versions", { schema: 42 }), 422, 42201);
    await expectRejected(post("/subjects/s/versions", { schema: "\"int\"", references: {} }), 422, 42201);
    await expectRejected(post("/subjects/s/versions", { schema: "\"int\"", references: [{ name: "x" }] }), 422, 42201);
  });

  it("schema text over maxSchemaBytes → 42209; a body over the body limit too", async () => {
    await open({ maxSchemaBytes: 1024 });
    const big = record("A", [intField("x")], { doc: "x".repeat(1100) });
    await expectRejected(register("s", big), 422, 42209);
    await expectRejected(post("/subjects/s/versions", JSON.stringify({ schema: "\"int\"", pad: "y".repeat(200_000) })), 422, 42209);
  });

  it("schema text over the default 1 MiB → 42209", async () => {
    const big = record("A", [intField("x")], { doc: "x".repeat(1024 * 1024) });
    await expectRejected(register("s", big), 422, 42209);
  });

  it("nesting deeper than 256 → 42201", async () => {
    let type: unknown = "int";
    for (let i = 0; i < 300; i++) type = { type: "array", items: type };
    await expectRejected(register("deep", JSON.stringify(type)), 422, 42201);
    await expectRejected(register("deep", "[".repeat(5000) + "]".repeat(5000)), 422, 42201);
  });

  it("invalid schemas, invalid Avro defaults and unknown schema types → 42201", async () => {
    await expectRejected(register("s", "{not avro"), 422, 42201);
    await expectRejected(register("s", record("B", [{ name: "x", type: "int", default: "nope" }])), 422, 42201);
    await expectRejected(register("s", '"int"', { schemaType: "XML" }), 422, 42201);
    await expectRejected(register("s", '"int"', { schemaType: "PROTOBUF" }), 422, 42201);
    await expectRejected(register("s", '"int"', { schemaType: 7 }), 422, 42201);
  });

  it("invalid compatibility levels → 42203, invalid modes → 42204", async () => {
    await expectRejected(put("/config", { compatibility: "SIDEWAYS" }), 422, 42203);
    await expectRejected(put("/config/s", { compatibilityLevel: "SIDEWAYS" }), 422, 42203);
    await expectRejected(put("/config/s", { compatibility: 3 }), 422, 42203);
    await expectRejected(put("/mode", { mode: "WRITEONLY" }), 422, 42204);
    await expectRejected(put("/mode/s", {}), 422, 42204);
  });

  it("invalid subject names → 42208", async () => {
    const long = "x".repeat(256);
    const twoByte = "ä".repeat(128); // 256 UTF-8 bytes
    for (const subject of [long, twoByte, "a\u0000b", "tab\there", "nl\n", "del\u007f", "c1\u0085"]) {
      await expectRejected(register(subject, '"int"'), 422, 42208);
      await expectRejected(get(`/subjects/${encodeURIComponent(subject)}/versions`), 422, 42208);
    }
    await expectRejected(post("/subjects//versions", { schema: '"int"' }), 422, 42208);
    await expectRejected(put(`/config/${encodeURIComponent("a\u0001")}`, { compatibility: "NONE" }), 422, 42208);
    // 255 bytes is fine.
    expect((await register("y".repeat(255), '"int"')).status).toBe(200);
  });

  it("invalid versions → 42202", async () => {
    for (const v of ["0", "abc", "2147483648", "-2", "1.5", "+1", "01"]) {
      await expectRejected(get(`/subjects/s/versions/${v}`), 422, 42202);
      await expectRejected(del(`/subjects/s/versions/${v}`), 422, 42202);
      await expectRejected(post(`/compatibility/subjects/s/versions/${v}`, { schema: '"int"' }), 422, 42202);
    }
    expect((await get("/subjects/s/versions/2147483647")).status).toBe(404);
  });

  it("invalid references → 42201", async () => {
    await expectRejected(register("r", '"int"', { references: [{ name: "x.Y", subject: "missing", version: 1 }] }), 422, 42201);
    await expectRejected(register("r", '"int"', { references: [{ name: "x.Y", subject: "s", version: 9 }] }), 422, 42201);
  });
});

describe("compatibility", () => {
  const v1 = record("A", [intField("a")]);
  const v2 = record("A", []);
  const v3 = record("A", [{ name: "a", type: "string", default: "" }]);

  it("rejects an incompatible registration with 409 listing the violations", async () => {
    await register("s", v1);
    const before = await snapshot();
    const r = await register("s", record("A", [intField("a"), intField("b")]));
    expectError(r, 409, 409);
    const message = (r.body as { message: string }).message;
    expect(message).toContain("READER_FIELD_MISSING_DEFAULT_VALUE");
    expect(message).toContain("/fields/1");
    expect(message).toContain('"oldSchemaVersion":1');
    expect(await snapshot()).toEqual(before);
  });

  it("NONE accepts anything; a subject level overrides the global one", async () => {
    await register("s", v1);
    expect((await put("/config/s", { compatibility: "none" })).body).toEqual({ compatibility: "NONE" });
    expect((await register("s", record("A", [intField("a"), intField("b")]))).status).toBe(200);
    expect((await put("/config", { compatibility: "FULL" })).body).toEqual({ compatibility: "FULL" });
    expect((await register("s", record("A", [intField("c")]))).status).toBe(200);
  });

  it("checks transitively only at *_TRANSITIVE levels", async () => {
    await put("/config/s", { compatibility: "BACKWARD" });
    await register("s", v1);
    await register("s", v2);
    const one = (await post("/compatibility/subjects/s/versions/1?verbose=true", { schema: v3 })).body as {
      is_compatible: boolean;
      messages: string[];
    };
    expect(one.is_compatible).toBe(false);
    expect(one.messages.join("\n")).toContain("oldSchemaVersion");
    // Each message says in words which schema reads which, and how such a change is usually fixed.
    expect(JSON.parse(one.messages[0]!)).toMatchObject({
      errorType: "TYPE_MISMATCH",
      direction: "backward",
      readerWriter: "the new schema cannot read data written with version 1 (old)",
      hint: expect.stringContaining("promotion"),
    });
    expect((await post("/compatibility/subjects/s/versions/latest", { schema: v3 })).body).toEqual({ is_compatible: true });
    expect((await post("/compatibility/subjects/s/versions", { schema: v3 })).body).toEqual({ is_compatible: true });
    await put("/config/s", { compatibility: "BACKWARD_TRANSITIVE" });
    expect((await post("/compatibility/subjects/s/versions", { schema: v3 })).body).toEqual({ is_compatible: false });
    // The single-version form stays non-transitive (Confluent #1681).
    expect((await post("/compatibility/subjects/s/versions/latest", { schema: v3 })).body).toEqual({ is_compatible: true });
    expectError(await register("s", v3), 409, 409);
    await put("/config/s", { compatibility: "BACKWARD" });
    expect((await register("s", v3)).body).toEqual({ id: 3, version: 3 });
  });

  it("verbose answers carry messages; errors for missing subjects and versions", async () => {
    expect((await post("/compatibility/subjects/none/versions?verbose=true", { schema: v1 })).body).toEqual({
      is_compatible: true,
      messages: [],
    });
    expectError(await post("/compatibility/subjects/none/versions/latest", { schema: v1 }), 404, 40401);
    await register("s", v1);
    expectError(await post("/compatibility/subjects/s/versions/7", { schema: v1 }), 404, 40402);
    expectError(await post("/compatibility/subjects/s/versions", { schema: "{bad" }), 422, 42201);
  });

  it("soft-deleted versions take no part in compatibility", async () => {
    await register("s", v1);
    await del("/subjects/s/versions/1");
    expect((await register("s", record("A", [intField("b")]))).body).toEqual({ id: 2, version: 2 });
  });
});

describe("config", () => {
  it("gets, sets and deletes global and subject levels", async () => {
    expect((await get("/config")).body).toEqual({ compatibilityLevel: "BACKWARD" });
    expectError(await get("/config/s"), 404, 40408);
    expect((await get("/config/s?defaultToGlobal=true")).body).toEqual({ compatibilityLevel: "BACKWARD" });
    expect((await put("/config", { compatibility: "FULL_TRANSITIVE" })).body).toEqual({ compatibility: "FULL_TRANSITIVE" });
    expect((await get("/config/s?defaultToGlobal=true")).body).toEqual({ compatibilityLevel: "FULL_TRANSITIVE" });
    expect((await put("/config/s", { compatibility: "FORWARD" })).body).toEqual({ compatibility: "FORWARD" });
    expect((await get("/config/s")).body).toEqual({ compatibilityLevel: "FORWARD" });
    expect((await del("/config/s")).body).toEqual({ compatibilityLevel: "FORWARD" });
    expectError(await del("/config/s"), 404, 40408);
    expect((await del("/config")).body).toEqual({ compatibilityLevel: "FULL_TRANSITIVE" });
    expect((await get("/config")).body).toEqual({ compatibilityLevel: "BACKWARD" });
  });

  it("survives a restart", async () => {
    await put("/config", { compatibility: "NONE" });
    await put("/mode/x", { mode: "READONLY" });
    await open();
    expect((await get("/config")).body).toEqual({ compatibilityLevel: "NONE" });
    expect((await get("/mode/x")).body).toEqual({ mode: "READONLY" });
  });
});

describe("modes", () => {
  it("READONLY refuses writes with 42205 and leaves the store unchanged", async () => {
    await register("s", record("A", [intField("x")]));
    expect((await put("/mode", { mode: "READONLY" })).body).toEqual({ mode: "READONLY" });
    const before = await snapshot();
    expectError(await register("s", record("B", [intField("x")])), 422, 42205);
    expectError(await del("/subjects/s/versions/1"), 422, 42205);
    expectError(await del("/subjects/s"), 422, 42205);
    expect(await snapshot()).toEqual(before);
    // A subject-level mode wins over the global one.
    expect((await put("/mode/s", { mode: "READWRITE" })).body).toEqual({ mode: "READWRITE" });
    expect((await register("s", record("A", [intField("x"), { name: "y", type: "int", default: 1 }]))).status).toBe(200);
    expectError(await register("t", '"int"'), 422, 42205);
    expect((await del("/mode")).body).toEqual({ mode: "READONLY" });
    expect((await get("/mode")).body).toEqual({ mode: "READWRITE" });
  });

  it("subject modes: get with defaultToGlobal, 40409 when unset, READONLY_OVERRIDE refuses writes", async () => {
    expectError(await get("/mode/s"), 404, 40409);
    expect((await get("/mode/s?defaultToGlobal=true")).body).toEqual({ mode: "READWRITE" });
    await put("/mode/s", { mode: "READONLY_OVERRIDE" });
    expectError(await register("s", '"int"'), 422, 42205);
    expect((await del("/mode/s")).body).toEqual({ mode: "READONLY_OVERRIDE" });
    expectError(await del("/mode/s"), 404, 40409);
    expect((await register("s", '"int"')).status).toBe(200);
  });

  it("IMPORT needs an empty registry unless forced, honours ids and versions and skips compatibility", async () => {
    await register("s", record("A", [intField("x")]));
    expectError(await put("/mode", { mode: "IMPORT" }), 422, 42205);
    expectError(await put("/mode/s", { mode: "IMPORT" }), 422, 42205);
    expect((await get("/mode")).body).toEqual({ mode: "READWRITE" });
    // Explicit ids outside IMPORT are refused.
    expectError(await register("s", record("B", [intField("x")]), { id: 50 }), 422, 42205);
    expect((await put("/mode?force=true", { mode: "IMPORT" })).body).toEqual({ mode: "IMPORT" });
    // Incompatible with version 1, but IMPORT skips the check.
    expect((await register("s", record("A", [intField("y")]), { id: 100, version: 5 })).body).toEqual({ id: 100, version: 5 });
    expect((await get("/schemas/ids/100")).body).toEqual({ schema: record("A", [intField("y")]), guid: await versionGuid("s", 5) });
    // The same schema with another id: 42207; another schema with a taken id or version: 42205.
    expectError(await register("t", record("A", [intField("y")]), { id: 101 }), 422, 42207);
    expectError(await register("t", record("C", [intField("y")]), { id: 100 }), 422, 42205);
    expectError(await register("s", record("C", [intField("y")]), { id: 102, version: 5 }), 422, 42205);
    await put("/mode", { mode: "READWRITE" });
    // Allocation continues above imported ids and versions.
    await put("/config/s", { compatibility: "NONE" });
    expect((await register("s", record("D", [intField("z")]))).body).toEqual({ id: 101, version: 6 });
  });

  it("IMPORT on an empty registry needs no force", async () => {
    expect((await put("/mode", { mode: "import" })).body).toEqual({ mode: "IMPORT" });
    expect((await register("s", '"int"', { id: 7, version: 3 })).body).toEqual({ id: 7, version: 3 });
  });
});

describe("deletion", () => {
  it("soft-deletes and permanently deletes versions with Confluent's preconditions", async () => {
    await put("/config", { compatibility: "NONE" });
    await register("s", record("A", [intField("x")]));
    await register("s", record("B", [intField("x")]));
    expectError(await del("/subjects/s/versions/1?permanent=true"), 404, 40407);
    expect((await del("/subjects/s/versions/1")).body).toBe(1);
    expectError(await del("/subjects/s/versions/1"), 404, 40406);
    expect((await get("/subjects/s/versions")).body).toEqual([2]);
    expect((await get("/subjects/s/versions?deleted=true")).body).toEqual([1, 2]);
    expect((await get("/subjects/s/versions?deletedOnly=true")).body).toEqual([1]);
    expectError(await get("/subjects/s/versions/1"), 404, 40402);
    expect((await get("/subjects/s/versions/1?deleted=true")).body).toMatchObject({ id: 1 });
    // The id still resolves after a soft delete.
    expect((await get("/schemas/ids/1")).status).toBe(200);
    expect((await get("/schemas/ids/1/subjects")).body).toEqual([]);
    expect((await get("/schemas/ids/1/subjects?deleted=true")).body).toEqual(["s"]);
    expect((await del("/subjects/s/versions/1?permanent=true")).body).toBe(1);
    expectError(await get("/subjects/s/versions/1?deleted=true"), 404, 40402);
    expectError(await get("/schemas/ids/1"), 404, 40403);
    // Neither ids nor versions are reused.
    expect((await register("s", record("A", [intField("x")]))).body).toEqual({ id: 3, version: 3 });
    expectError(await del("/subjects/s/versions/9"), 404, 40402);
    expectError(await del("/subjects/none/versions/1"), 404, 40401);
  });

  it("numbers versions again from 1 after the subject is deleted permanently, with a new id (Confluent)", async () => {
    await put("/config", { compatibility: "NONE" });
    await register("s", record("A", [intField("x")]));
    await register("s", record("A", [intField("x"), intField("y")]));
    await del("/subjects/s");
    expect((await del("/subjects/s?permanent=true")).body).toEqual([1, 2]);
    expect((await register("s", record("A", [intField("x"), intField("y"), intField("z")]))).body).toEqual({ id: 3, version: 1 });
    // After the highest version goes for good, its number is given again; ids never are.
    await del("/subjects/s/versions/1");
    await del("/subjects/s/versions/1?permanent=true");
    expect((await register("s", record("A", [intField("x")]))).body).toEqual({ id: 4, version: 1 });
  });

  it("re-registering a soft-deleted schema adds a version with the same id", async () => {
    await register("s", record("A", [intField("x")]));
    await del("/subjects/s/versions/1");
    expect((await register("s", record("A", [intField("x")]))).body).toEqual({ id: 1, version: 2 });
  });

  it("soft-deletes and permanently deletes subjects", async () => {
    await put("/config", { compatibility: "NONE" });
    await register("s", record("A", [intField("x")]));
    await register("s", record("B", [intField("x")]));
    await put("/config/s", { compatibility: "FULL" });
    expectError(await del("/subjects/s?permanent=true"), 404, 40405);
    expect((await del("/subjects/s")).body).toEqual([1, 2]);
    expectError(await del("/subjects/s"), 404, 40404);
    expect((await get("/subjects")).body).toEqual([]);
    expect((await get("/subjects?deleted=true")).body).toEqual(["s"]);
    expect((await get("/subjects?deletedOnly=true")).body).toEqual(["s"]);
    expectError(await get("/subjects/s/versions"), 404, 40401);
    expect((await del("/subjects/s?permanent=true")).body).toEqual([1, 2]);
    expectError(await del("/subjects/s"), 404, 40401);
    expect((await get("/subjects?deleted=true")).body).toEqual([]);
    expectError(await get("/config/s"), 404, 40408);
    // A new id (ids are never reused); versions start again from 1, as Confluent numbers them.
    expect((await register("s", record("A", [intField("x")]))).body).toEqual({ id: 3, version: 1 });
  });

  it("survives a restart: ids, versions and the id map", async () => {
    await register("s", record("A", [intField("x")]));
    await del("/subjects/s/versions/1");
    await del("/subjects/s/versions/1?permanent=true");
    await open();
    expectError(await get("/schemas/ids/1"), 404, 40403);
    expect((await register("s", record("B", [intField("x")]))).body).toEqual({ id: 2, version: 1 });
    await open();
    expect((await get("/schemas/ids/2")).body).toEqual({ schema: record("B", [intField("x")]), guid: await versionGuid("s", 1) });
  });
});

describe("references", () => {
  const address = JSON.stringify({ type: "record", name: "Address", namespace: "com.example", fields: [{ name: "street", type: "string" }] });
  const person = JSON.stringify({
    type: "record",
    name: "Person",
    namespace: "com.example",
    fields: [{ name: "home", type: "com.example.Address" }],
  });
  const addressRef = { name: "com.example.Address", subject: "address", version: 1 };

  it("registers with references, lists referencedby and blocks deleting referenced versions (42206)", async () => {
    expect((await register("address", address)).body).toEqual({ id: 1, version: 1 });
    const r = await register("person", person, { references: [addressRef] });
    expect(r.body, r.raw).toEqual({ id: 2, version: 1 });
    expect((await get("/schemas/ids/2")).body).toEqual({ schema: person, references: [addressRef], guid: await versionGuid("person", 1) });
    expect((await get("/subjects/person/versions/1")).body).toMatchObject({ references: [addressRef] });
    expect((await get("/subjects/address/versions/1/referencedby")).body).toEqual([2]);
    expect((await get("/subjects/person/versions/1/referencedby")).body).toEqual([]);
    // Without the reference the schema does not parse; with a different reference list it is another schema.
    expectError(await register("person2", person), 422, 42201);
    expect((await register("person2", person, { references: [{ ...addressRef, version: -1 }] })).body).toEqual({ id: 2, version: 1 });
    const before = await snapshot();
    expectError(await del("/subjects/address/versions/1"), 422, 42206);
    expectError(await del("/subjects/address"), 422, 42206);
    expect(await snapshot()).toEqual(before);
    // Lookup resolves references too.
    expect((await post("/subjects/person", { schema: person, references: [addressRef] })).body).toMatchObject({ id: 2 });
    // Once every referrer is gone for good, the referenced version may go.
    for (const s of ["person", "person2"]) {
      await del(`/subjects/${s}`);
      await del(`/subjects/${s}?permanent=true`);
    }
    expect((await get("/subjects/address/versions/1/referencedby")).body).toEqual([]);
    expect((await del("/subjects/address/versions/1")).body).toBe(1);
  });

  it("checks compatibility of schemas with references", async () => {
    await register("address", address);
    await register("person", person, { references: [addressRef] });
    const extended = JSON.stringify({
      type: "record",
      name: "Person",
      namespace: "com.example",
      fields: [{ name: "home", type: "com.example.Address" }, { name: "age", type: "int" }],
    });
    expectError(await register("person", extended, { references: [addressRef] }), 409, 409);
  });
});

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "./start-registry.js";
import { freshPgSchema, PG_START_HINT, skipWithoutPostgres, TEST_PG_URL } from "./test-registry.js";

const V1 = "application/vnd.schemaregistry.v1+json";
const skip = await skipWithoutPostgres();

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(base + path, { method, headers: { "content-type": V1 }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}

function avro(name: string, extra = 0): string {
  const fields = [{ name: "x", type: "int" }, ...Array.from({ length: extra }, (_, i) => ({ name: `f${i}`, type: ["null", "string"], default: null }))];
  return JSON.stringify({ type: "record", name, fields });
}

describe.skipIf(skip)(`two registry instances on one PostgreSQL (${skip ? PG_START_HINT : TEST_PG_URL})`, () => {
  const schema = freshPgSchema();
  const url = `${TEST_PG_URL}?schema=${schema}`;
  let a: RunningRegistry;
  let b: RunningRegistry;

  beforeAll(async () => {
    [a, b] = await Promise.all([startRegistry({ port: 0, dbPath: url, workers: 1, logger: { level: "error" } }), startRegistry({ port: 0, dbPath: url, workers: 1, logger: { level: "error" } })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it("50 concurrent writers on each: no duplicate id or version, every id readable on both at once", async () => {
    const instances = [a, b];
    expect((await call(a.url, "PUT", "/config", { compatibility: "NONE" })).status).toBe(200);
    // 100 writers, 4 registrations each: into 10 shared subjects (versions race), some of one schema twice
    // across instances (ids race), every id read back from the other instance right after the answer.
    const registered: Array<{ subject: string; name: string; id: number; version: number }> = [];
    const unreadable: string[] = [];
    await Promise.all(
      Array.from({ length: 100 }, async (_, writer) => {
        const here = instances[writer % 2]!;
        const there = instances[(writer + 1) % 2]!;
        for (let n = 0; n < 4; n++) {
          const subject = `s${(writer + n) % 10}`;
          // Writers w and w+50 send the same schema (one through each instance): one id between them.
          const name = `R${writer % 50}_${n}`;
          const answer = await call(here.url, "POST", `/subjects/${subject}/versions`, { schema: avro(name, n) });
          expect(answer.status).toBe(200);
          const { id } = answer.body as { id: number };
          const read = await call(there.url, "GET", `/schemas/ids/${id}`);
          if (read.status !== 200 || JSON.parse((read.body as { schema: string }).schema).name !== name) unreadable.push(`${id}: ${read.status}`);
          const version = (await call(here.url, "POST", `/subjects/${subject}`, { schema: avro(name, n) })).body as { version: number };
          registered.push({ subject, name, id, version: version.version });
        }
      }),
    );
    expect(unreadable).toEqual([]);
    // One id per distinct schema, distinct ids for distinct schemas.
    const idByName = new Map<string, Set<number>>();
    for (const r of registered) idByName.set(r.name, (idByName.get(r.name) ?? new Set()).add(r.id));
    for (const [name, ids] of idByName) expect([name, ids.size]).toEqual([name, 1]);
    const ids = [...idByName.values()].map((s) => [...s][0]!);
    expect(new Set(ids).size).toBe(200);
    // Each subject's versions are 1..n with no duplicates, the same seen from both instances.
    for (let s = 0; s < 10; s++) {
      const fromA = (await call(a.url, "GET", `/subjects/s${s}/versions`)).body as number[];
      const fromB = (await call(b.url, "GET", `/subjects/s${s}/versions`)).body as number[];
      expect(fromA).toEqual(Array.from({ length: fromA.length }, (_, i) => i + 1));
      expect(fromB).toEqual(fromA);
    }
    const pairs = new Set(registered.map((r) => `${r.subject}@${r.version}`));
    const distinct = new Set(registered.map((r) => `${r.subject}|${r.name}`));
    expect(pairs.size).toBe(distinct.size);
    // Every id is served by both instances.
    for (const id of ids) {
      expect((await call(a.url, "GET", `/schemas/ids/${id}`)).status).toBe(200);
      expect((await call(b.url, "GET", `/schemas/ids/${id}`)).status).toBe(200);
    }
  });

  it("a GUID registered on one instance is found on the other at once", async () => {
    for (let n = 0; n < 10; n++) {
      const registered = (await call(a.url, "POST", "/subjects/guids/versions", { schema: avro(`G${n}`) })).body as { id: number; version: number };
      const { guid } = (await call(a.url, "GET", `/subjects/guids/versions/${registered.version}`)).body as { guid: string };
      expect((await call(b.url, "GET", `/schemas/guids/${guid}`)).body).toMatchObject({ guid });
      expect((await call(b.url, "GET", `/schemas/guids/${guid}/ids`)).body).toEqual([{ context: ".", id: registered.id }]);
    }
  });

  it("of two instances registering the same explicit next version, one wins and the other gets 42201", async () => {
    await call(a.url, "PUT", "/config/race", { compatibility: "NONE" });
    expect((await call(a.url, "POST", "/subjects/race/versions", { schema: avro("Race0"), version: 1 })).status).toBe(200);
    const answers = await Promise.all([a, b].map((r, i) => call(r.url, "POST", "/subjects/race/versions", { schema: avro(`Race${i + 1}`), version: 2 })));
    expect(answers.map((x) => x.status).sort()).toEqual([200, 422]);
    expect(answers.find((x) => x.status === 422)!.body).toMatchObject({ error_code: 42201 });
    expect((await call(b.url, "GET", "/subjects/race/versions")).body).toEqual([1, 2]);
  });

  it("a permanent delete on one instance is followed by the other's cache", async () => {
    const registered = (await call(a.url, "POST", "/subjects/gone/versions", { schema: avro("Gone") })).body as { id: number };
    expect((await call(b.url, "GET", `/schemas/ids/${registered.id}`)).status).toBe(200);
    expect((await call(a.url, "DELETE", "/subjects/gone")).status).toBe(200);
    expect((await call(a.url, "DELETE", "/subjects/gone?permanent=true")).status).toBe(200);
    await expect.poll(async () => (await call(b.url, "GET", `/schemas/ids/${registered.id}`)).status, { timeout: 5000 }).toBe(404);
  });
});

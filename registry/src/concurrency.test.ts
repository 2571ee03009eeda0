import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "./index.js";
import { testDatabase, type TestDatabase } from "./test-registry.js";

const V1 = "application/vnd.schemaregistry.v1+json";

function avro(name: string): string {
  return JSON.stringify({ type: "record", name, fields: [{ name: "x", type: "int" }] });
}

describe("concurrent writers over a listening server", () => {
  let dir: string;
  let registry: RunningRegistry;
  let db: TestDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "charter-concurrency-"));
    db = testDatabase(join(dir, "nested"));
    registry = await startRegistry({ host: "127.0.0.1", port: 0, dbPath: db.location });
  });
  afterEach(async () => {
    await registry.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(registry.url + path, {
      method,
      headers: { "content-type": V1 },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  }

  it("20 parallel registrations of 10 schemas, each twice, into one subject: no duplicate ids or versions", async () => {
    await send("PUT", "/config/s", { compatibility: "NONE" });
    const names = Array.from({ length: 10 }, (_, i) => `R${i}`);
    const answers = await Promise.all(
      [...names, ...names].map((n) => send("POST", "/subjects/s/versions", { schema: avro(n) })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const byName = new Map<string, Set<string>>();
    answers.forEach((a, i) => {
      const name = names[i % 10]!;
      const { id, version } = a.body as { id: number; version: number };
      byName.set(name, (byName.get(name) ?? new Set()).add(`${id}@${version}`));
    });
    // Each schema got exactly one (id, version), and all ten are distinct.
    for (const pairs of byName.values()) expect(pairs.size).toBe(1);
    const pairs = [...byName.values()].map((p) => [...p][0]!);
    expect(new Set(pairs.map((p) => p.split("@")[0])).size).toBe(10);
    expect(new Set(pairs.map((p) => p.split("@")[1])).size).toBe(10);
    expect((await send("GET", "/subjects/s/versions")).body).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const ids = ((await send("GET", "/schemas")).body as Array<{ id: number }>).map((s) => s.id).sort((a, b) => a - b);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("20 parallel registrations of one schema into 20 subjects share one id", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send("POST", `/subjects/t${i}/versions`, { schema: avro("Same") })),
    );
    expect(answers.map((a) => a.body)).toEqual(Array.from({ length: 20 }, () => ({ id: 1, version: 1 })));
    expect(((await send("GET", "/schemas/ids/1/subjects")).body as string[]).length).toBe(20);
  });

  it("parallel identical registrations into one subject create one version", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => send("POST", "/subjects/u/versions", { schema: avro("Once") })),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a.body)))).toEqual(new Set([JSON.stringify({ id: 1, version: 1 })]));
    expect((await send("GET", "/subjects/u/versions")).body).toEqual([1]);
  });
});

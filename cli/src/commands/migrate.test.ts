/**
 * `charter export`, `import` and `migrate` between live registries: every id, version, reference, metadata,
 * soft delete, config and mode survives; an interrupted copy resumes; the verification pass sees differences.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addUser, openStorage, startRegistry, type RunningRegistry } from "@charter/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRegistry, verifyRegistry, writeRegistry, type RegistryBackup } from "../registry-backup.js";
import { parseEndpoint, RegistryClient, RegistryHttpError } from "../registry-client.js";
import { runCli } from "../test-cli.js";

let dir: string;
let source: RunningRegistry;
const targets: RunningRegistry[] = [];

async function target(options: { auth?: boolean; name: string }): Promise<RunningRegistry> {
  const r = await startRegistry({ port: 0, dbPath: join(dir, `${options.name}.db`), logger: false, auth: options.auth ?? false });
  targets.push(r);
  return r;
}

async function api<T = unknown>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(url + path, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const avro = (name: string, fields: Array<Record<string, unknown>>, namespace = "acme") => JSON.stringify({ type: "record", name, namespace, fields });

/** The comparable part of a backup (without when and from where). */
const content = (b: RegistryBackup) => ({ config: b.config, mode: b.mode, schemas: b.schemas, subjects: b.subjects });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "charter-migrate-"));
  source = await startRegistry({ port: 0, dbPath: join(dir, "source.db"), logger: false });
  const u = source.url;
  await api(u, "POST", "/subjects/common-address/versions", { schema: avro("Address", [{ name: "city", type: "string" }]) });
  await api(u, "POST", "/subjects/person-value/versions", {
    schema: avro("Person", [{ name: "home", type: "acme.Address" }]),
    references: [{ name: "acme.Address", subject: "common-address", version: 1 }],
  });
  // A gap in the ids: a subject deleted for good.
  await api(u, "POST", "/subjects/scratch/versions", { schema: avro("Scratch", [{ name: "x", type: "int" }]) });
  await api(u, "DELETE", "/subjects/scratch");
  await api(u, "DELETE", "/subjects/scratch?permanent=true");
  await api(u, "POST", "/subjects/orders-value/versions", { schema: avro("Order", [{ name: "id", type: "string" }]) });
  await api(u, "POST", "/subjects/orders-value/versions", { schema: avro("Order", [{ name: "id", type: "string" }, { name: "qty", type: "int", default: 1 }]) });
  await api(u, "POST", "/subjects/orders-value/versions", { schema: avro("Order", [{ name: "id", type: "string" }, { name: "note", type: ["null", "string"], default: null }]) });
  await api(u, "DELETE", "/subjects/orders-value/versions/3");
  // The same schema under a second subject shares its id; a subject whose only version is soft-deleted.
  await api(u, "POST", "/subjects/orders-copy/versions", { schema: avro("Order", [{ name: "id", type: "string" }]) });
  await api(u, "POST", "/subjects/gone/versions", { schema: avro("Gone", [{ name: "g", type: "int" }]) });
  await api(u, "DELETE", "/subjects/gone");
  await api(u, "POST", "/subjects/payments-value/versions", {
    schemaType: "JSON",
    schema: JSON.stringify({ type: "object", properties: { amount: { type: "number" } } }),
    metadata: { properties: { owner: "payments" } },
    ruleSet: { domainRules: [{ name: "positive", kind: "CONDITION", mode: "WRITE", type: "CEL", expr: "message.amount > 0" }] },
  });
  await api(u, "POST", "/subjects/events-value/versions", { schemaType: "PROTOBUF", schema: 'syntax = "proto3";\npackage acme;\nmessage Event { string id = 1; }\n' });
  // An id far above the rest, registered in IMPORT mode.
  await api(u, "PUT", "/mode/imported", { mode: "IMPORT" });
  await api(u, "POST", "/subjects/imported/versions", { schema: avro("Imported", [{ name: "i", type: "int" }]), id: 500, version: 7 });
  await api(u, "DELETE", "/mode/imported");
  await api(u, "PUT", "/config/orders-value", { compatibility: "FULL", compatibilityGroup: "major", normalize: true });
  await api(u, "PUT", "/config", { compatibility: "BACKWARD_TRANSITIVE" });
  await api(u, "PUT", "/mode/events-value", { mode: "READONLY" });
});
afterAll(async () => {
  await source.close();
  for (const t of targets) await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("charter export and import", () => {
  it("reproduce every id, version, reference, soft delete, config and mode in an empty registry", async () => {
    const file = join(dir, "backup.json");
    const exported = await runCli(["export", "--registry", source.url, "--output", file]);
    expect(exported.code, exported.stderr).toBeUndefined();
    const backup = JSON.parse(readFileSync(file, "utf8")) as RegistryBackup;
    expect(backup.format).toBe("charter-backup");
    expect(backup.schemas.map((s) => s.id)).toContain(500);
    expect(backup.subjects.find((s) => s.subject === "orders-value")?.versions.map((v) => v.deleted)).toEqual([false, false, true]);

    const empty = await target({ name: "import" });
    const imported = await runCli(["import", file, "--registry", empty.url]);
    expect(imported.code, imported.stderr).toBeUndefined();
    expect(imported.stderr).toMatch(/verified/);
    const again = await readRegistry(new RegistryClient(parseEndpoint(empty.url)));
    expect(content(again)).toEqual(content(backup));
    // The copy keeps working: new ids continue above the highest imported one, the levels apply.
    const next = await api<{ id: number }>(empty.url, "POST", "/subjects/fresh/versions", { schema: avro("Fresh", [{ name: "f", type: "int" }]) });
    expect(next.id).toBe(501);
    expect(await api(empty.url, "GET", "/mode")).toEqual({ mode: "READWRITE" });
    expect(await api(empty.url, "GET", "/config/orders-value")).toEqual({ normalize: true, compatibilityLevel: "FULL", compatibilityGroup: "major" });
  });

  it("refuse a target that already has subjects unless --force, and unreadable backups", async () => {
    const busy = await target({ name: "busy" });
    await api(busy.url, "POST", "/subjects/mine/versions", { schema: avro("Mine", [{ name: "m", type: "int" }]) });
    const file = join(dir, "backup2.json");
    expect((await runCli(["export", "--registry", source.url, "--output", file])).code).toBeUndefined();
    const refused = await runCli(["import", file, "--registry", busy.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/must be empty/);
    expect((await runCli(["import", join(dir, "missing.json"), "--registry", busy.url])).code).toBe(2);
    expect((await runCli(["export", "--registry", "http://127.0.0.1:1"])).code).toBe(2);
  });
});

describe("charter migrate", () => {
  it("copies a registry with references into Charter behind authentication and verifies every id", async () => {
    const secure = await target({ name: "secure", auth: true });
    const storage = await openStorage(join(dir, "secure.db"), { exclusive: false });
    const { secret } = await addUser(storage, "migrator", "admin");
    await storage.close();
    await secure.close();
    const reopened = await startRegistry({ port: 0, dbPath: join(dir, "secure.db"), logger: false, auth: true });
    targets.push(reopened);
    const run = await runCli(["migrate", "--from", source.url, "--to", reopened.url, "--to-user", `migrator:${secret}`]);
    expect(run.code, run.stderr).toBeUndefined();
    expect(run.stdout).toMatch(/every id verified/);
    expect(run.stderr).toMatch(/read .*100%/);
    const client = new RegistryClient(parseEndpoint(reopened.url.replace("://", `://migrator:${encodeURIComponent(secret)}@`)));
    const person = await client.call<{ id: number; references: unknown[] }>("GET", "/subjects/person-value/versions/1");
    expect(person.references).toEqual([{ name: "acme.Address", subject: "common-address", version: 1 }]);
    expect(await verifyRegistry(client, await readRegistry(new RegistryClient(parseEndpoint(source.url))))).toEqual([]);
  });

  it("resumes an interrupted copy, and the verification pass reports differences", async () => {
    const backup = await readRegistry(new RegistryClient(parseEndpoint(source.url)));
    const half = await target({ name: "half" });
    // A client that dies after three registrations: the target is left in IMPORT mode, half written.
    class Flaky extends RegistryClient {
      posts = 0;
      override async call<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
        if (method === "POST" && ++this.posts > 3) throw new Error("connection reset");
        return super.call<T>(method, path, body);
      }
    }
    await expect(writeRegistry(new Flaky(parseEndpoint(half.url)), backup)).rejects.toThrow("connection reset");
    expect(await api(half.url, "GET", "/mode")).toEqual({ mode: "IMPORT" });
    const resumed = await runCli(["migrate", "--from", source.url, "--to", half.url]);
    expect(resumed.code, resumed.stderr).toBeUndefined();
    expect(resumed.stderr).toMatch(/, 3 already there/);
    const client = new RegistryClient(parseEndpoint(half.url));
    expect(await verifyRegistry(client, backup)).toEqual([]);
    // Break the copy: the verification names the difference.
    await api(half.url, "DELETE", "/subjects/orders-value/versions/2");
    const mismatches = await verifyRegistry(client, backup);
    expect(mismatches).toEqual([{ what: "subject 'orders-value' version 2 deleted", expected: false, actual: true }]);
  });

  it("parses registry URLs with a path and credentials", () => {
    const e = parseEndpoint("https://alice:s%3Acret@apicurio.internal/apis/ccompat/v7/");
    expect(e).toEqual({ url: "https://apicurio.internal/apis/ccompat/v7", authorization: `Basic ${Buffer.from("alice:s:cret").toString("base64")}` });
    expect(parseEndpoint("http://h:8081", { token: "t" }).authorization).toBe("Bearer t");
    expect(() => parseEndpoint("ftp://x")).toThrow(/http/);
    expect(new RegistryHttpError("GET", "/x", 404, 40401, "nope").message).toMatch(/404 \(error_code 40401\)/);
  });
});

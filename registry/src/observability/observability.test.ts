/**
 * `/metrics` in Prometheus text format with the registry's own series, the health probes, and structured JSON
 * logs with a request id per request and no schema bodies or secrets.
 */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildRegistry } from "../build-registry.js";
import { addUser } from "../auth/users.js";
import type { Storage } from "../storage/storage.js";
import { openTestStorage } from "../test-registry.js";

const V1 = "application/vnd.schemaregistry.v1+json";
const schema = (fields: Array<Record<string, unknown>>) => JSON.stringify({ type: "record", name: "SecretPayloadName", fields });

/**
 * Parses Prometheus text exposition format 0.0.4 into `name{labels}` → value, checking every line's syntax
 * (values as Go's ParseFloat reads them: NaN and Inf in any case).
 */
function parseProm(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$/i.exec(line);
    if (m === null) throw new Error(`not Prometheus text: ${line}`);
    out.set(`${m[1]}${m[2] ?? ""}`, Number(m[3]));
  }
  return out;
}

describe("metrics", () => {
  it("exposes request, registration, compatibility, cache, storage and process metrics", async () => {
    const app = await buildRegistry({ storage: await openTestStorage() });
    const post = (url: string, body: unknown) => app.inject({ method: "POST", url, payload: JSON.stringify(body), headers: { "content-type": V1 } });
    await post("/subjects/s/versions", { schema: schema([{ name: "a", type: "int" }]) });
    await post("/subjects/s/versions", { schema: schema([{ name: "a", type: "int" }]) });
    await post("/subjects/s/versions", { schema: schema([{ name: "a", type: "int" }, { name: "b", type: "string" }]) });
    await post("/compatibility/subjects/s/versions/latest", { schema: schema([{ name: "a", type: "int" }, { name: "c", type: "int", default: 1 }]) });
    await app.inject({ method: "GET", url: "/schemas/ids/1" });
    await app.inject({ method: "GET", url: "/schemas/ids/404" });
    await app.inject({ method: "GET", url: "/no/such/route" });
    await app.inject({ method: "POST", url: "/subjects/s/versions", payload: "{not json", headers: { "content-type": V1 } });
    await app.inject({ method: "GET", url: "/subjects?offset=x" });
    const res = await app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parseProm(res.body);
    expect(m.get('charter_http_requests_total{method="GET",route="/schemas/ids/:id",status="200"}')).toBe(1);
    expect(m.get('charter_http_requests_total{method="GET",route="/schemas/ids/:id",status="404"}')).toBe(1);
    expect(m.get('charter_http_requests_total{method="POST",route="/subjects/:subject/versions",status="409"}')).toBe(1);
    // Answers given outside handlers: unknown URLs, bodies that do not parse, bad query values.
    expect(m.get('charter_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(m.get('charter_http_requests_total{method="POST",route="/subjects/:subject/versions",status="400"}')).toBe(1);
    expect(m.get('charter_http_requests_total{method="GET",route="/subjects",status="400"}')).toBe(1);
    expect(m.get('charter_http_request_duration_seconds_count{method="POST",route="/subjects/:subject/versions",status="200"}')).toBe(2);
    expect(m.get('charter_registrations_total{result="created"}')).toBe(1);
    expect(m.get('charter_registrations_total{result="existing"}')).toBe(1);
    expect(m.get('charter_registrations_total{result="incompatible"}')).toBe(1);
    // The first registration (against no versions) and the test.
    expect(m.get('charter_compatibility_checks_total{level="BACKWARD",verdict="compatible"}')).toBe(2);
    expect(m.get('charter_compatibility_checks_total{level="BACKWARD",verdict="incompatible"}')).toBe(1);
    expect(m.get('charter_schema_cache_entries{cache="ids"}')).toBe(1);
    expect(m.get('charter_schema_cache_requests_total{cache="ids",result="hit"}')).toBe(1);
    expect(m.get('charter_schema_cache_hit_ratio{cache="ids"}')).toBe(0.5);
    expect(m.get('charter_storage_operation_duration_seconds_count{operation="transaction"}')).toBeGreaterThanOrEqual(3);
    expect(m.has("process_cpu_user_seconds_total")).toBe(true);
    expect(m.has("nodejs_eventloop_lag_seconds")).toBe(true);
    // Subjects never become label values.
    expect(res.body).not.toContain('"s"');
    await app.close();
  });

  it("can be turned off", async () => {
    const app = await buildRegistry({ storage: await openTestStorage(), metrics: false });
    expect((await app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(404);
    await app.close();
  });
});

describe("health", () => {
  it("answers live always and ready only while the store answers", async () => {
    const storage = await openTestStorage();
    let broken = false;
    const flaky: Storage = new Proxy(storage, {
      get(target, property, receiver) {
        if (property === "ping") return () => (broken ? Promise.reject(new Error("disk gone")) : target.ping());
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const app = await buildRegistry({ storage: flaky });
    expect(JSON.parse((await app.inject({ method: "GET", url: "/health/live" })).body)).toEqual({ status: "UP" });
    expect((await app.inject({ method: "GET", url: "/health/ready" })).statusCode).toBe(200);
    broken = true;
    const down = await app.inject({ method: "GET", url: "/health/ready" });
    expect(down.statusCode).toBe(503);
    expect(JSON.parse(down.body)).toEqual({ status: "DOWN", reason: "storage unreachable" });
    expect((await app.inject({ method: "GET", url: "/health/live" })).statusCode).toBe(200);
    await app.close();
  });
});

describe("logs", () => {
  it("are JSON lines with a request id per request, and carry neither schema bodies nor secrets", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split("\n").filter((l) => l !== ""));
        done();
      },
    });
    const storage = await openTestStorage();
    const { secret } = await addUser(storage, "ops", "admin");
    const app = await buildRegistry({ storage, auth: true, logger: { level: "info", stream } });
    const authorization = `Basic ${Buffer.from(`ops:${secret}`).toString("base64")}`;
    await app.inject({ method: "POST", url: "/subjects/s/versions", payload: JSON.stringify({ schema: schema([{ name: "a", type: "int" }]) }), headers: { "content-type": V1, authorization } });
    await app.inject({ method: "GET", url: "/schemas/ids/1", headers: { authorization, "x-request-id": "trace-abc-123" } });
    await app.inject({ method: "GET", url: "/subjects", headers: { authorization: "Basic bm9ib2R5Ondyb25n" } });
    await app.close();
    const records = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string; level: number });
    const completed = records.filter((r) => r.msg === "request completed");
    expect(completed).toHaveLength(3);
    expect(new Set(completed.map((r) => r.reqId)).size).toBe(3);
    expect(completed.map((r) => r.reqId)).toContain("trace-abc-123");
    const all = lines.join("\n");
    expect(all).not.toContain("SecretPayloadName");
    expect(all).not.toContain(secret);
    expect(all).not.toContain("bm9ib2R5Ondyb25n");
  });
});

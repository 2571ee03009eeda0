/**
 * Authentication and roles through the REST API: 401 with a challenge, 403 by role and subject prefix, filtered
 * lists, Basic and Bearer, rate-limited failures, `/v1/auth/me`, open health probes.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRegistry } from "../build-registry.js";
import type { Storage } from "../storage/storage.js";
import { openTestStorage } from "../test-registry.js";
import { addUser, rotateUser } from "./users.js";

const V1 = "application/vnd.schemaregistry.v1+json";
const schema = (name: string) => JSON.stringify({ type: "record", name, fields: [{ name: "a", type: "int" }] });

let app: FastifyInstance;
let storage: Storage;
const secrets: Record<string, string> = {};

const basic = (name: string, secret = secrets[name]!) => `Basic ${Buffer.from(`${name}:${secret}`).toString("base64")}`;

async function call(method: "GET" | "POST" | "PUT" | "DELETE", url: string, authorization?: string, payload?: unknown, remoteAddress = "10.0.0.1") {
  const res = await app.inject({
    method,
    url,
    remoteAddress,
    headers: { ...(authorization !== undefined ? { authorization } : {}), ...(payload !== undefined ? { "content-type": V1 } : {}) },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> & unknown[], headers: res.headers };
}

beforeAll(async () => {
  storage = await openTestStorage();
  for (const [name, role, prefix] of [
    ["root", "admin", undefined],
    ["writer", "write", undefined],
    ["reader", "read", undefined],
    ["orders", "write", "orders."],
    ["ordersAdmin", "admin", "orders."],
  ] as const) {
    secrets[name] = (await addUser(storage, name, role, prefix)).secret;
  }
  app = await buildRegistry({ storage, auth: { maxFailures: 5, failureWindowMs: 60_000 } });
  expect((await call("POST", "/subjects/orders.placed-value/versions", basic("writer"), { schema: schema("Placed") })).status).toBe(200);
  expect((await call("POST", "/subjects/billing.paid-value/versions", basic("writer"), { schema: schema("Paid") })).status).toBe(200);
});
afterAll(async () => {
  await app.close();
});

describe("authentication", () => {
  it("answers 401 / 40101 with a WWW-Authenticate challenge without valid credentials", async () => {
    for (const authorization of [undefined, basic("reader", "wrong"), basic("nobody", "x"), "Bearer nope", "Digest abc", basic("reader", secrets.writer!)]) {
      const r = await call("GET", "/subjects", authorization, undefined, "10.9.9.9");
      expect(r.status, authorization).toBe(401);
      expect(r.body.error_code).toBe(40101);
      expect(r.headers["www-authenticate"]).toMatch(/^Basic realm="Charter".*Bearer realm="Charter"/);
    }
  });

  it("accepts HTTP Basic and Bearer with the same secret", async () => {
    expect((await call("GET", "/subjects", basic("reader"))).status).toBe(200);
    expect((await call("GET", "/subjects", `Bearer ${secrets.reader}`)).status).toBe(200);
    expect((await call("GET", "/subjects", `bearer ${secrets.reader}`)).status).toBe(200);
  });

  it("leaves the health probes open and keeps /metrics behind authentication", async () => {
    expect((await call("GET", "/health/live")).status).toBe(200);
    expect((await call("GET", "/health/ready")).status).toBe(200);
    expect((await call("GET", "/metrics")).status).toBe(401);
    const res = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: basic("reader") } });
    expect(res.statusCode).toBe(200);
    // Refused requests are counted too.
    expect(res.body).toMatch(/charter_http_requests_total\{method="GET",route="\/metrics",status="401"\} 1/);
  });

  it("answers /v1/auth/me for the caller", async () => {
    expect((await call("GET", "/v1/auth/me", basic("orders"))).body).toEqual({ auth: true, user: "orders", role: "write", subjectPrefix: "orders." });
    expect((await call("GET", "/v1/auth/me", basic("root"))).body).toEqual({ auth: true, user: "root", role: "admin", subjectPrefix: null });
    expect((await call("GET", "/v1/auth/me")).status).toBe(401);
  });

  it("rate-limits failed attempts per source with 429 and Retry-After, leaving other sources alone", async () => {
    const source = "10.7.7.7";
    for (let i = 0; i < 5; i++) expect((await call("GET", "/subjects", basic("reader", "bad"), undefined, source)).status).toBe(401);
    const limited = await call("GET", "/subjects", basic("reader"), undefined, source);
    expect(limited.status).toBe(429);
    expect(limited.body.error_code).toBe(42901);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect((await call("GET", "/subjects", basic("reader"), undefined, "10.7.7.8")).status).toBe(200);
  });

  it("stops accepting a rotated secret once the user table is re-read", async () => {
    const temp = await addUser(storage, "temp", "read");
    await app.authenticator!.reload();
    expect((await call("GET", "/subjects", basic("temp", temp.secret))).status).toBe(200);
    const rotated = await rotateUser(storage, "temp");
    await app.authenticator!.reload();
    expect((await call("GET", "/subjects", basic("temp", temp.secret))).status).toBe(401);
    expect((await call("GET", "/subjects", basic("temp", rotated.secret))).status).toBe(200);
  });
});

describe("roles", () => {
  const body = { schema: schema("Placed") };
  it("read: GETs, lookups and compatibility checks; nothing else", async () => {
    const r = basic("reader");
    expect((await call("GET", "/subjects/orders.placed-value/versions/1", r)).status).toBe(200);
    expect((await call("POST", "/subjects/orders.placed-value", r, body)).status).toBe(200);
    expect((await call("POST", "/compatibility/subjects/orders.placed-value/versions/latest", r, body)).status).toBe(200);
    expect((await call("GET", "/config", r)).status).toBe(200);
    for (const [method, url] of [
      ["POST", "/subjects/orders.placed-value/versions"],
      ["DELETE", "/subjects/orders.placed-value/versions/1"],
      ["PUT", "/config"],
    ] as const) {
      const answer = await call(method, url, r, method === "DELETE" ? undefined : { schema: schema("X"), compatibility: "NONE" });
      expect(answer.status, `${method} ${url}`).toBe(403);
      expect(answer.body.error_code).toBe(40301);
    }
  });

  it("write: registers and soft-deletes, but config, mode and permanent deletes need admin", async () => {
    const w = basic("writer");
    expect((await call("POST", "/subjects/tmp-value/versions", w, body)).status).toBe(200);
    expect((await call("DELETE", "/subjects/tmp-value", w)).status).toBe(200);
    expect((await call("DELETE", "/subjects/tmp-value?permanent=true", w)).status).toBe(403);
    expect((await call("PUT", "/config/tmp-value", w, { compatibility: "NONE" })).status).toBe(403);
    expect((await call("PUT", "/mode/tmp-value", w, { mode: "READONLY" })).status).toBe(403);
    const a = basic("root");
    expect((await call("DELETE", "/subjects/tmp-value?permanent=true", a)).status).toBe(200);
    expect((await call("PUT", "/config/tmp-value", a, { compatibility: "NONE" })).status).toBe(200);
    expect((await call("PUT", "/mode", a, { mode: "READWRITE" })).status).toBe(200);
  });
});

describe("subject-prefix grants", () => {
  it("limit every operation to matching subjects and filter lists", async () => {
    const o = basic("orders");
    expect((await call("GET", "/subjects", o)).body).toEqual(["orders.placed-value"]);
    expect(((await call("GET", "/schemas", o)).body as unknown as Array<{ subject: string }>).map((s) => s.subject)).toEqual(["orders.placed-value"]);
    expect((await call("POST", "/subjects/orders.shipped-value/versions", o, { schema: schema("Shipped") })).status).toBe(200);
    expect((await call("POST", "/subjects/billing.refund-value/versions", o, { schema: schema("Refund") })).status).toBe(403);
    expect((await call("GET", "/subjects/billing.paid-value/versions", o)).status).toBe(403);
    expect((await call("POST", "/compatibility/subjects/billing.paid-value/versions", o, { schema: schema("Paid") })).status).toBe(403);
    // Schema ids: readable when one of their subjects carries the prefix.
    const billingId = ((await call("GET", "/subjects/billing.paid-value/versions/1", basic("root"))).body as unknown as { id: number }).id;
    const ordersId = ((await call("GET", "/subjects/orders.placed-value/versions/1", o)).body as unknown as { id: number }).id;
    expect((await call("GET", `/schemas/ids/${ordersId}`, o)).status).toBe(200);
    expect((await call("GET", `/schemas/ids/${billingId}`, o)).status).toBe(403);
    expect((await call("GET", "/schemas/ids/99999", o)).status).toBe(404);
  });

  it("limit GUID reads like id reads, and the metadata lookup like other subject reads", async () => {
    const o = basic("orders");
    const guidOf = async (subject: string) => ((await call("GET", `/subjects/${subject}/versions/1`, basic("root"))).body as unknown as { guid: string }).guid;
    const ordersGuid = await guidOf("orders.placed-value");
    const billingGuid = await guidOf("billing.paid-value");
    expect((await call("GET", `/schemas/guids/${ordersGuid}`, o)).status).toBe(200);
    expect((await call("GET", `/schemas/guids/${ordersGuid}/ids`, o)).status).toBe(200);
    expect((await call("GET", `/schemas/guids/${billingGuid}`, o)).status).toBe(403);
    expect((await call("GET", `/schemas/guids/${billingGuid}/ids`, o)).status).toBe(403);
    expect((await call("GET", `/schemas/guids/${billingGuid}`, basic("reader"))).status).toBe(200);
    // An unknown GUID is the route's to answer.
    expect((await call("GET", "/schemas/guids/00000000-0000-0000-0000-000000000000", o)).status).toBe(404);
    expect((await call("GET", "/subjects/billing.paid-value/metadata", o)).status).toBe(403);
    expect((await call("GET", "/subjects/billing.paid-value/metadata")).status).toBe(401);
  });

  it("keep a prefixed admin away from registry-wide settings", async () => {
    const oa = basic("ordersAdmin");
    expect((await call("PUT", "/config/orders.placed-value", oa, { compatibility: "FULL" })).status).toBe(200);
    expect((await call("PUT", "/config", oa, { compatibility: "NONE" })).status).toBe(403);
    expect((await call("PUT", "/mode", oa, { mode: "READONLY" })).status).toBe(403);
    expect((await call("PUT", "/config/billing.paid-value", oa, { compatibility: "NONE" })).status).toBe(403);
  });
});

describe("without --auth", () => {
  it("serves everyone as an anonymous admin and says so on /v1/auth/me", async () => {
    const open = await buildRegistry({ dbPath: ":memory:" });
    const res = await open.inject({ method: "GET", url: "/v1/auth/me" });
    expect(JSON.parse(res.body)).toEqual({ auth: false, user: null, role: "admin", subjectPrefix: null });
    await open.close();
  });
});

/**
 * Issue 7: each hostile request found by probing the registry from outside, sent as it was, answers a documented
 * 4xx within 5 s while a concurrent reader (`GET /schemas/ids/1`, served from memory on the main thread) keeps
 * normal latency, and leaves the store unchanged; the process survives (every test after the first proves it).
 */
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRegistry } from "./build-registry.js";
import { DatabaseInUseError } from "./storage/sqlite-storage.js";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

const V1 = "application/vnd.schemaregistry.v1+json";
/** "Within 5 s" (the issue), and what the concurrent reader's slowest answer may take. */
const ANSWER_MS = 5000;
const READER_MS = 1000;

let registry: InjectRegistry;
let app: FastifyInstance;

/** What the store holds, for "unchanged" checks: subjects (deleted too), their versions and schemas. */
async function snapshot(): Promise<string> {
  const subjects = await app.inject({ url: "/subjects?deleted=true" });
  const schemas = await app.inject({ url: "/schemas?deleted=true" });
  return `${subjects.body}\n${schemas.body}`;
}

interface Timed {
  readonly status: number;
  readonly body: { error_code?: number; message?: string; is_compatible?: boolean };
  readonly ms: number;
  /** Slowest concurrent `GET /schemas/ids/1` while the request ran, and how many were answered. */
  readonly readerMaxMs: number;
  readonly reads: number;
}

/**
 * Sends a request (`payload` as JSON with Confluent's media type unless `headers` say otherwise) while a reader
 * keeps asking for schema 1, one request after another.
 */
async function hostile(method: "POST" | "PUT", url: string, payload: string, headers: Record<string, string> = { "content-type": V1 }): Promise<Timed> {
  let done = false;
  let readerMaxMs = 0;
  let reads = 0;
  const reader = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await app.inject({ url: "/schemas/ids/1" });
      expect(res.statusCode).toBe(200);
      readerMaxMs = Math.max(readerMaxMs, performance.now() - started);
      reads++;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const started = performance.now();
  const res = await app.inject({ method, url, payload, headers });
  const ms = performance.now() - started;
  done = true;
  await reader;
  return { status: res.statusCode, body: JSON.parse(res.body) as Timed["body"], ms, readerMaxMs, reads };
}

/** The documented answer, in time, with the reader unaffected and the store unchanged. */
async function expectRefused(request: () => Promise<Timed>, status: number, errorCode: number, message?: RegExp): Promise<void> {
  const before = await snapshot();
  const answer = await request();
  expect([answer.status, answer.body.error_code], answer.body.message).toEqual([status, errorCode]);
  if (message) expect(answer.body.message).toMatch(message);
  expect(answer.ms).toBeLessThan(ANSWER_MS);
  expect(answer.reads).toBeGreaterThan(0);
  expect(answer.readerMaxMs).toBeLessThan(READER_MS);
  expect(await snapshot()).toBe(before);
}

const body = (schema: string, schemaType?: string) => JSON.stringify({ schema, ...(schemaType ? { schemaType } : {}) });
const deepJson = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

beforeAll(async () => {
  registry = await openInjectRegistry("charter-hostile-");
  app = registry.app;
  // Schema 1, which the reader reads; registering it also starts the schema worker.
  const first = await registry.call("POST", "/subjects/reader/versions", { schema: '"string"' });
  expect(first).toEqual({ status: 200, body: { id: 1, version: 1 } });
});
afterAll(async () => {
  await registry.close();
});

describe("an AsyncAPI document nested 10,000 deep (killed the process)", () => {
  const doc = `{"asyncapi":"2.6.0","info":{"title":"x","version":"1"},"channels":{},"x":${deepJson(10_000)}}`;

  it("answers 422 / 42201 on register and on both compatibility routes", async () => {
    for (const url of ["/subjects/deep/versions", "/compatibility/subjects/reader/versions", "/compatibility/subjects/reader/versions/1"]) {
      await expectRefused(() => hostile("POST", url, body(doc, "ASYNCAPI")), 422, 42201, /SCHEMA_TOO_DEEP.*256/);
    }
    // And in YAML, block style: 10,000 nested sequences on one line.
    const yaml = `asyncapi: 2.6.0\ninfo: {title: x, version: "1"}\nchannels: {}\nx:\n  ${"- ".repeat(10_000)}a\n`;
    await expectRefused(() => hostile("POST", "/subjects/deep/versions", body(yaml, "ASYNCAPI")), 422, 42201, /SCHEMA_TOO_DEEP/);
  });
});

describe("an AsyncAPI document whose $refs loop (blocked the event loop for over 90 s)", () => {
  const loop = (version: "2.6.0" | "3.0.0") =>
    JSON.stringify(
      version === "2.6.0"
        ? {
            asyncapi: version,
            info: { title: "x", version: "1" },
            channels: { c: { publish: { message: { payload: { $ref: "#/components/schemas/a" } } } } },
            components: { schemas: { a: { $ref: "#/components/schemas/b" }, b: { $ref: "#/components/schemas/a" } } },
          }
        : {
            asyncapi: version,
            info: { title: "x", version: "1" },
            channels: { c: { messages: { m: { $ref: "#/components/messages/a" } } } },
            components: { messages: { a: { $ref: "#/components/messages/b" }, b: { $ref: "#/components/messages/a" } } },
          },
    );

  it("answers 422 / 42201 naming the loop, on register and through POST /compatibility", async () => {
    for (const version of ["2.6.0", "3.0.0"] as const) {
      await expectRefused(() => hostile("POST", "/subjects/loop/versions", body(loop(version), "ASYNCAPI")), 422, 42201, /\$ref loop/);
      await expectRefused(() => hostile("POST", "/compatibility/subjects/reader/versions", body(loop(version), "ASYNCAPI")), 422, 42201, /\$ref loop/);
    }
  });
});

describe("a cross-site POST (registered a schema)", () => {
  it("answers 415 for text/plain, form types and no content type, and writes nothing", async () => {
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      await expectRefused(() => hostile("POST", "/subjects/csrf/versions", body('"int"'), { "content-type": type }), 415, 415);
    }
    await expectRefused(() => hostile("POST", "/subjects/csrf/versions", body('"int"'), {}), 415, 415, /no content type/);
    await expectRefused(() => hostile("PUT", "/config", JSON.stringify({ compatibility: "NONE" }), { "content-type": "text/plain" }), 415, 415);
  });

  it("sends no CORS headers unless origins are configured, and allows only those when they are", async () => {
    const preflight = { method: "OPTIONS" as const, url: "/subjects/s/versions", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } };
    const plain = await app.inject({ url: "/schemas/ids/1", headers: { origin: "https://evil.example" } });
    expect(plain.headers["access-control-allow-origin"]).toBeUndefined();
    expect((await app.inject(preflight)).headers["access-control-allow-origin"]).toBeUndefined();
    const withCors = await buildRegistry({ corsOrigins: ["https://ui.example"], workers: 0 });
    try {
      const allowed = await withCors.inject({ ...preflight, headers: { ...preflight.headers, origin: "https://ui.example" } });
      expect(allowed.headers["access-control-allow-origin"]).toBe("https://ui.example");
      const other = await withCors.inject(preflight);
      expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      await withCors.close();
    }
  });
});

describe("regular expressions that backtrack catastrophically (stalled for seconds to minutes)", () => {
  it("checks patternProperties ^a*a*a*a*a*a*a*a*$ against a 59-character property name at once", async () => {
    const name = "a".repeat(58) + "!";
    const v1 = JSON.stringify({ type: "object", properties: { [name]: { type: "string" } }, additionalProperties: false });
    expect((await registry.call("POST", "/subjects/redos-json/versions", { schemaType: "JSON", schema: v1 })).status).toBe(200);
    const v2 = JSON.stringify({ type: "object", patternProperties: { "^a*a*a*a*a*a*a*a*$": { type: "string" } }, additionalProperties: false });
    const before = await snapshot();
    const answer = await hostile("POST", "/compatibility/subjects/redos-json/versions?verbose=true", body(v2, "JSON"));
    // The right answer, not a refusal: the name does not match, so the closed content model drops it.
    expect([answer.status, answer.body.is_compatible]).toEqual([200, false]);
    expect(answer.ms).toBeLessThan(ANSWER_MS);
    expect(answer.readerMaxMs).toBeLessThan(READER_MS);
    expect(await snapshot()).toBe(before);
  });

  it("checks an AsyncAPI 2.6 message example against a payload pattern ^(a+)+$ at once (422: the example does not match)", async () => {
    const doc = JSON.stringify({
      asyncapi: "2.6.0",
      info: { title: "x", version: "1" },
      channels: { c: { publish: { message: { payload: { type: "string", pattern: "^(a+)+$" }, examples: [{ payload: "a".repeat(40) + "!" }] } } } },
    });
    await expectRefused(() => hostile("POST", "/subjects/redos-asyncapi/versions", body(doc, "ASYNCAPI")), 422, 42201, /must match pattern/);
  });
});

describe("PUT /config and PUT /mode with a value nested 10,000 deep (answered 500)", () => {
  it("answers 400 / 400 (the body nests too deep), globally and for a subject", async () => {
    for (const url of ["/config", "/config/s", "/mode", "/mode/s"]) {
      const key = url.startsWith("/config") ? "compatibility" : "mode";
      await expectRefused(() => hostile("PUT", url, `{"${key}":${deepJson(10_000)}}`), 400, 400, /Request body nesting exceeds the maximum depth of 256/);
    }
  });

  it("echoes at most 100 characters of an invalid value", async () => {
    const answer = await hostile("PUT", "/config", JSON.stringify({ compatibility: "x".repeat(100_000) }));
    expect([answer.status, answer.body.error_code]).toEqual([422, 42203]);
    expect(answer.body.message!.length).toBeLessThan(400);
  });
});

describe("a second registry on the same SQLite file through a symlink (was not refused)", () => {
  it("is refused while the first runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-symlink-"));
    try {
      const first = await buildRegistry({ dbPath: join(dir, "registry.db"), workers: 0 });
      symlinkSync(join(dir, "registry.db"), join(dir, "link.db"));
      symlinkSync(dir, join(dir, "dir-link"));
      await expect(buildRegistry({ dbPath: join(dir, "link.db"), workers: 0 })).rejects.toThrow(DatabaseInUseError);
      await expect(buildRegistry({ dbPath: join(dir, "dir-link", "registry.db"), workers: 0 })).rejects.toThrow(DatabaseInUseError);
      await first.close();
      const second = await buildRegistry({ dbPath: join(dir, "link.db"), workers: 0 });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("invalid input that was accepted", () => {
  it("refuses a patternProperties key that is not a regex, anywhere in a JSON schema or an AsyncAPI payload", async () => {
    const nested = JSON.stringify({ type: "object", properties: { a: { type: "object", patternProperties: { "[": { type: "string" } } } } });
    await expectRefused(() => hostile("POST", "/subjects/bad-regex/versions", body(nested, "JSON")), 422, 42201, /patternProperties.*Invalid regular expression/);
    const unused = JSON.stringify({ type: "object", definitions: { x: { patternProperties: { "[": {} } } } });
    await expectRefused(() => hostile("POST", "/subjects/bad-regex/versions", body(unused, "JSON")), 422, 42201, /Invalid regular expression/);
    const doc = JSON.stringify({ asyncapi: "3.0.0", info: { title: "x", version: "1" }, channels: { c: { messages: { m: { payload: { type: "object", patternProperties: { "[": {} } } } } } } });
    await expectRefused(() => hostile("POST", "/subjects/bad-regex/versions", body(doc, "ASYNCAPI")), 422, 42201, /Invalid regular expression/);
  });

  it("refuses Protobuf enum values outside int32", async () => {
    for (const value of ["2147483648", "-2147483649"]) {
      const proto = `syntax = "proto3";\nenum E {\n  A = 0;\n  B = ${value};\n}\n`;
      await expectRefused(() => hostile("POST", "/subjects/enum/versions", body(proto, "PROTOBUF")), 422, 42201, /int32/);
    }
    const edge = `syntax = "proto3";\nenum E {\n  A = 0;\n  B = 2147483647;\n  C = -2147483648;\n}\n`;
    expect((await registry.call("POST", "/subjects/enum/versions", { schemaType: "PROTOBUF", schema: edge })).status).toBe(200);
  });

  it("refuses proto2 extension ranges past the maximum field number", async () => {
    for (const range of ["100 to 536870912", "536870912", "0 to 10"]) {
      const proto = `syntax = "proto2";\nmessage M {\n  extensions ${range};\n}\n`;
      await expectRefused(() => hostile("POST", "/subjects/ext/versions", body(proto, "PROTOBUF")), 422, 42201, /extension numbers/);
    }
    const ok = `syntax = "proto2";\nmessage M {\n  extensions 100 to max;\n}\n`;
    expect((await registry.call("POST", "/subjects/ext/versions", { schemaType: "PROTOBUF", schema: ok })).status).toBe(200);
  });
});

describe("the time budget", () => {
  it("does not count loading an engine: a fresh worker's first AsyncAPI registration fits a budget shorter than the load", async () => {
    // 700 ms: loading and warming @asyncapi/parser in a fresh worker takes longer here (seconds under tsx).
    const fresh = await openInjectRegistry("charter-budget-load-", { limits: { budgetMs: 700 } });
    try {
      const doc = 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nchannels:\n  c:\n    messages:\n      m:\n        payload: {type: string}\n';
      const answer = await fresh.call<{ id: number }>("POST", "/subjects/first/versions", { schemaType: "ASYNCAPI", schema: doc });
      expect(answer.status).toBe(200);
      expect((await fresh.call("POST", "/subjects/second/versions", { schema: '"int"' })).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it("stops a parse past its budget with 422 / 42201, terminating only its worker", async () => {
    const tight = await openInjectRegistry("charter-budget-", { limits: { budgetMs: 1 } });
    try {
      const doc = 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nchannels:\n  c:\n    messages:\n      m:\n        payload: {type: string}\n';
      const answer = await tight.call<{ error_code: number; message: string }>("POST", "/subjects/slow/versions", { schemaType: "ASYNCAPI", schema: doc });
      expect([answer.status, answer.body.error_code]).toEqual([422, 42201]);
      expect(answer.body.message).toMatch(/budget of 1 ms/);
      expect((await tight.call("GET", "/subjects")).body).toEqual([]);
    } finally {
      await tight.close();
    }
    // Other registries' workers were never touched.
    expect((await app.inject({ url: "/schemas/ids/1" })).statusCode).toBe(200);
    expect((await registry.call("POST", "/subjects/after-budget/versions", { schema: '"long"' })).status).toBe(200);
  });
});

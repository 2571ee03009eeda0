/**
 * Issue 7, as properties (fast-check): hostile variants of every schema type (AVRO, JSON, PROTOBUF, ASYNCAPI) and
 * of the other request bodies get an answer within the time budget, a 4xx with a Confluent error code, and leave
 * the store unchanged. Hostile-but-valid inputs (catastrophic regexes in a compatibility check) get their right
 * answer within the budget. Run counts are bounded so the suite stays well under a minute.
 */
import { DEFAULT_LIMITS } from "@charter/contracts";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

const V1 = "application/vnd.schemaregistry.v1+json";
const BUDGET_MS = DEFAULT_LIMITS.budgetMs;
/** Every `error_code` the registry's catalogue (errors.ts) can answer with a 4xx. */
const CONFLUENT_4XX = new Set([400, 401, 403, 404, 409, 415, 422, 42210, 40401, 40402, 40403, 40404, 40405, 40406, 40407, 40408, 40409, 42201, 42202, 42203, 42204, 42205, 42206, 42207, 42208, 42209]);

let registry: InjectRegistry;
let app: FastifyInstance;

beforeAll(async () => {
  registry = await openInjectRegistry("charter-properties-");
  app = registry.app;
  // Something to compare against, and a started worker.
  expect((await registry.call("POST", "/subjects/base/versions", { schema: '"string"' })).status).toBe(200);
  const json = JSON.stringify({ type: "object", properties: { ["a".repeat(30) + "!"]: { type: "string" } }, additionalProperties: false });
  expect((await registry.call("POST", "/subjects/json/versions", { schemaType: "JSON", schema: json })).status).toBe(200);
});
afterAll(async () => {
  await registry.close();
});

async function snapshot(): Promise<string> {
  const subjects = await app.inject({ url: "/subjects?deleted=true" });
  const schemas = await app.inject({ url: "/schemas?deleted=true" });
  const config = await app.inject({ url: "/config" });
  const mode = await app.inject({ url: "/mode" });
  return [subjects.body, schemas.body, config.body, mode.body].join("\n");
}

interface Request {
  readonly method: "POST" | "PUT";
  readonly url: string;
  readonly payload: string;
  readonly contentType?: string;
}

/** Sends `request`; returns status, body and time taken. */
async function send(request: Request): Promise<{ status: number; body: { error_code?: number; message?: string }; ms: number }> {
  const started = performance.now();
  const res = await app.inject({
    method: request.method,
    url: request.url,
    payload: request.payload,
    headers: request.contentType === undefined ? {} : { "content-type": request.contentType },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as { error_code?: number; message?: string }, ms: performance.now() - started };
}

/** The property: a 4xx with a Confluent error code, within the budget, nothing written. */
async function refused(request: Request): Promise<void> {
  const before = await snapshot();
  const answer = await send(request);
  expect(answer.status, answer.body.message).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.body.message).toBeLessThan(500);
  expect(CONFLUENT_4XX.has(answer.body.error_code ?? 0), JSON.stringify(answer.body)).toBe(true);
  expect(String(answer.body.error_code).startsWith(String(answer.status))).toBe(true);
  expect(answer.ms).toBeLessThan(BUDGET_MS);
  expect(await snapshot()).toBe(before);
}

const schemaBody = (schemaType: string, schema: string) => JSON.stringify({ schemaType, schema });
const route = fc.constantFrom("/subjects/hostile/versions", "/compatibility/subjects/base/versions", "/compatibility/subjects/base/versions/latest", "/subjects/base");
const depth = fc.integer({ min: DEFAULT_LIMITS.maxDepth + 1, max: 20_000 });

/** A schema of `type` nesting `n` deep, in that type's own way. */
function deepSchema(type: "AVRO" | "JSON" | "PROTOBUF" | "ASYNCAPI", n: number, style: "json" | "yaml"): string {
  switch (type) {
    case "AVRO":
      return `${'{"type":"array","items":'.repeat(n)}"int"${"}".repeat(n)}`;
    case "JSON":
      return `${'{"type":"object","properties":{"a":'.repeat(n)}{"type":"string"}${"}}".repeat(n)}`;
    case "PROTOBUF":
      return `syntax = "proto3";\n${Array.from({ length: n }, (_, i) => `message M${i} {`).join("\n")}\n${"}\n".repeat(n)}`;
    case "ASYNCAPI":
      return style === "json"
        ? `{"asyncapi":"3.0.0","info":{"title":"x","version":"1"},"x":${"[".repeat(n)}${"]".repeat(n)}}`
        : `asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nx:\n  ${"- ".repeat(n)}a\n`;
  }
}

describe("hostile schemas of every type get a 4xx within the budget and write nothing", () => {
  it("nesting past the depth limit, in each type's own way (JSON arrays/objects, YAML block and flow, messages)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("AVRO", "JSON", "PROTOBUF", "ASYNCAPI" as const), depth, fc.constantFrom("json" as const, "yaml" as const), route, async (type, n, style, url) => {
        await refused({ method: "POST", url, payload: schemaBody(type, deepSchema(type, n, style)), contentType: V1 });
      }),
      { numRuns: 12 },
    );
  });

  it("AsyncAPI $ref chains that loop back on themselves (AsyncAPI 2 and 3, any length)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 1, maxLength: 6 }), fc.boolean(), route, async (names, v3, url) => {
        const kind = v3 ? "messages" : "schemas";
        const ring = Object.fromEntries(names.map((n, i) => [n, { $ref: `#/components/${kind}/${names[(i + 1) % names.length]}` }]));
        const doc = v3
          ? { asyncapi: "3.0.0", info: { title: "x", version: "1" }, channels: { c: { messages: { m: { $ref: `#/components/messages/${names[0]}` } } } }, components: { messages: ring } }
          : { asyncapi: "2.6.0", info: { title: "x", version: "1" }, channels: { c: { publish: { message: { payload: { $ref: `#/components/schemas/${names[0]}` } } } } }, components: { schemas: ring } };
        await refused({ method: "POST", url, payload: schemaBody("ASYNCAPI", JSON.stringify(doc)), contentType: V1 });
      }),
      { numRuns: 8 },
    );
  });

  it("regexes that are not ECMAScript regexes, wherever a JSON schema (or an AsyncAPI payload) holds them", async () => {
    const broken = fc.constantFrom("[", "(", "a{2,1}", "\\", "(?<", "*a", "a**", "[z-a]", "(?<n>a)(?<n>b)", "(?=(a+)+$)x\\1");
    const place = fc.constantFrom("pattern", "patternProperties", "nested", "unused");
    await fc.assert(
      fc.asyncProperty(broken, place, fc.boolean(), route, async (regex, where, asyncapi, url) => {
        const payload =
          where === "pattern"
            ? { type: "string", pattern: regex }
            : where === "patternProperties"
              ? { type: "object", patternProperties: { [regex]: {} } }
              : where === "nested"
                ? { type: "object", properties: { a: { type: "array", items: { type: "string", pattern: regex } } } }
                : { type: "object", definitions: { x: { patternProperties: { [regex]: {} } } } };
        const schema = asyncapi
          ? JSON.stringify({ asyncapi: "3.0.0", info: { title: "x", version: "1" }, channels: { c: { messages: { m: { payload } } } } })
          : JSON.stringify(payload);
        await refused({ method: "POST", url, payload: schemaBody(asyncapi ? "ASYNCAPI" : "JSON", schema), contentType: V1 });
      }),
      { numRuns: 8 },
    );
  });

  it("Protobuf numbers out of range: enum values outside int32, extension and field numbers past 2^29 - 1", async () => {
    const outsideInt32 = fc.oneof(fc.bigInt({ min: 2n ** 31n, max: 2n ** 53n }), fc.bigInt({ min: -(2n ** 53n), max: -(2n ** 31n) - 1n }));
    const pastMax = fc.integer({ min: 536_870_912, max: 2 ** 31 - 1 });
    const proto = fc.oneof(
      outsideInt32.map((v) => `syntax = "proto3";\nenum E {\n  A = 0;\n  B = ${v};\n}\n`),
      pastMax.map((n) => `syntax = "proto2";\nmessage M {\n  extensions 100 to ${n};\n}\n`),
      pastMax.map((n) => `syntax = "proto3";\nmessage M {\n  int32 a = ${n};\n}\n`),
    );
    await fc.assert(
      fc.asyncProperty(proto, route, async (text, url) => {
        await refused({ method: "POST", url, payload: schemaBody("PROTOBUF", text), contentType: V1 });
      }),
      { numRuns: 10 },
    );
  });

  it("AsyncAPI 2 examples against catastrophic payload patterns (the example does not match)", async () => {
    const catastrophic = fc.constantFrom("^(a+)+$", "^(a|aa)*$", "^a*a*a*a*a*a*a*a*$", "^(a|a?)+$", "^(\\w+\\s?)*$");
    await fc.assert(
      fc.asyncProperty(catastrophic, fc.integer({ min: 30, max: 5000 }), async (pattern, n) => {
        const doc = { asyncapi: "2.6.0", info: { title: "x", version: "1" }, channels: { c: { publish: { message: { payload: { type: "string", pattern }, examples: [{ payload: "a".repeat(n) + "!" }] } } } } };
        await refused({ method: "POST", url: "/subjects/hostile/versions", payload: schemaBody("ASYNCAPI", JSON.stringify(doc)), contentType: V1 });
      }),
      { numRuns: 3 },
    );
  });
});

describe("hostile request bodies get a 4xx within the budget and write nothing", () => {
  it("PUT /config and /mode with values nested past the depth limit, or of any other shape", async () => {
    const value = fc.oneof(
      depth.map((n) => ({ raw: `${"[".repeat(n)}${"]".repeat(n)}` })),
      // `null` clears a config field (Confluent's config surface), so it is not hostile.
      fc.jsonValue({ maxDepth: 4 }).filter((v) => typeof v !== "string" && v !== null).map((v) => ({ raw: JSON.stringify(v) })),
      fc.string({ maxLength: 50 }).filter((s) => !/^(none|backward|forward|full|readwrite|readonly|import)/i.test(s)).map((s) => ({ raw: JSON.stringify(s) })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/config", "/config/s", "/mode", "/mode/s"), value, async (url, { raw }) => {
        await refused({ method: "PUT", url, payload: `{"${url.startsWith("/config") ? "compatibility" : "mode"}":${raw}}`, contentType: V1 });
      }),
      { numRuns: 15 },
    );
  });

  it("bodies in other media types (cross-site simple requests), and bodies that are not JSON", async () => {
    const request = fc.oneof(
      fc.record({
        contentType: fc.constantFrom(undefined, "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "text/html"),
        payload: fc.constant(JSON.stringify({ schema: '"int"' })),
      }),
      fc.record({ contentType: fc.constant(V1), payload: fc.string({ minLength: 1, maxLength: 200 }).filter((s) => { try { JSON.parse(s); return false; } catch { return s.trim() !== ""; } }) }),
    );
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom("/subjects/hostile/versions", "/config", "/mode/s", "/compatibility/subjects/base/versions"), async ({ contentType, payload }, url) => {
        await refused({ method: url.startsWith("/subjects") || url.startsWith("/compat") ? "POST" : "PUT", url, payload, ...(contentType !== undefined ? { contentType } : {}) });
      }),
      { numRuns: 20 },
    );
  });
});

describe("hostile but valid input gets its answer within the budget", () => {
  it("compatibility checks with catastrophic patternProperties against long property names", async () => {
    const catastrophic = fc.constantFrom("^(a+)+$", "^(a|aa)*$", "^a*a*a*a*a*a*a*a*$", "^(a|a?)+$", "(.*a){12}");
    await fc.assert(
      fc.asyncProperty(catastrophic, async (pattern) => {
        const reader = JSON.stringify({ type: "object", patternProperties: { [pattern]: { type: "string" } }, additionalProperties: false });
        const before = await snapshot();
        const answer = await send({ method: "POST", url: "/compatibility/subjects/json/versions", payload: schemaBody("JSON", reader), contentType: V1 });
        expect(answer.status, answer.body.message).toBe(200);
        expect(answer.ms).toBeLessThan(BUDGET_MS);
        expect(await snapshot()).toBe(before);
      }),
      { numRuns: 5 },
    );
  });
});

/**
 * Charter's lint extension of the registry (docs/registry.md, docs/lint.md): `PUT /config/{subject}` with
 * `lint: "error" | "warn" | "off"`; errors refuse registration with 422 / 42280 naming the rule ids, warnings
 * come back in the register answer's `lint` field; off (the default) answers exactly as Confluent does.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let registry: InjectRegistry;
beforeEach(async () => {
  registry = await openInjectRegistry("charter-lint-");
});
afterEach(async () => {
  await registry.close();
});

type Body = { id?: number; version?: number; error_code?: number; message?: string; lint?: Array<{ rule: string; severity: string; path: string; line?: number }>; compatibilityLevel?: string };
const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown) => registry.call<Body>(method, url, payload);

const field = (name: string, extra = "") => `{"name": "${name}", "type": {"type": "string", "maxLength": 36}, "doc": "${name}."${extra}}`;
const avro = (name: string, ...fields: string[]) => `{\n"type": "record",\n"name": "${name}",\n"doc": "An event.",\n"fields": [\n${fields.join(",\n")}\n]\n}`;

describe("lint on registration", () => {
  it("off by default: a schema breaking lint rules registers as in Confluent, without a lint field", async () => {
    const answer = await call("POST", "/subjects/orders-value/versions", { schema: avro("CreateOrder", field("orderId")) });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ id: 1, version: 1 });
    expect((await call("GET", "/config/orders-value?defaultToGlobal=true")).body).not.toHaveProperty("lint");
  });

  it("lint: error refuses error findings with 422 / 42280 and the rule ids; answers warnings", async () => {
    expect((await call("PUT", "/config/orders-value", { lint: "error" })).body).toEqual({ lint: "error" });
    expect((await call("GET", "/config/orders-value")).body).toMatchObject({ lint: "error" });
    const refused = await call("POST", "/subjects/orders-value/versions", { schema: avro("OrderCreated", field("orderId")) });
    expect(refused.status).toBe(422);
    expect(refused.body.error_code).toBe(42280);
    expect(refused.body.message).toContain("EVENT_ID_REQUIRED at / (line 1)");
    const ok = await call("POST", "/subjects/orders-value/versions", { schema: avro("CreateOrder", field("id"), field("orderId")) });
    expect(ok.status).toBe(200);
    expect(ok.body.lint).toEqual([expect.objectContaining({ rule: "EVENT_NAME_PAST_TENSE", severity: "warning", path: "/name", line: 3 })]);
  });

  it("compares with the latest version: a field added without a default is refused", async () => {
    await call("PUT", "/config/orders-value", { lint: "error", compatibility: "NONE" });
    expect((await call("POST", "/subjects/orders-value/versions", { schema: avro("OrderCreated", field("id")) })).status).toBe(200);
    const refused = await call("POST", "/subjects/orders-value/versions", { schema: avro("OrderCreated", field("id"), field("channel")) });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain("FIELD_DEFAULT_REQUIRED at /fields/1");
    const fine = await call("POST", "/subjects/orders-value/versions", { schema: avro("OrderCreated", field("id"), field("channel", ', "default": "web"')) });
    expect(fine.status).toBe(200);
    expect(fine.body).toEqual({ id: 2, version: 2 });
  });

  it("lint: warn answers every finding and refuses nothing; the global config applies to subjects without their own", async () => {
    await call("PUT", "/config", { lint: "WARN" });
    const answer = await call("POST", "/subjects/x-value/versions", { schema: avro("CreateOrder", field("orderId")) });
    expect(answer.status).toBe(200);
    expect(answer.body.lint?.map((f) => f.rule).sort()).toEqual(["EVENT_ID_REQUIRED", "EVENT_NAME_PAST_TENSE"]);
    expect((await call("PUT", "/config/x-value", { lint: "off" })).status).toBe(200);
    expect((await call("POST", "/subjects/x-value/versions", { schema: avro("CreateOrder", field("orderId"), field("note", ', "default": "n"')) })).body).not.toHaveProperty("lint");
  });

  it("refuses an unknown lint mode with 422", async () => {
    const bad = await call("PUT", "/config/orders-value", { lint: "strict" });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain("'lint' must be one of error, warn, off");
  });
});

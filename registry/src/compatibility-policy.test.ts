/**
 * Confluent's `compatibilityPolicy` (issue 11): stored in `/config` like Confluent's, and applied by the engines
 * when the registry checks a new version — JSON Schema STRICT (default) vs LENIENT, per subject or global.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let r: InjectRegistry;
beforeEach(async () => {
  r = await openInjectRegistry("charter-policy-");
});
afterEach(async () => {
  await r.close();
});

const v1 = JSON.stringify({ type: "object", properties: { id: { type: "string" } } });
// Adds a property to an open content model: Confluent PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL.
const v2 = JSON.stringify({ type: "object", properties: { id: { type: "string" }, qty: { type: "integer" } } });
const register = (subject: string, schema: string) => r.call("POST", `/subjects/${subject}/versions`, { schemaType: "JSON", schema });
const test = (subject: string, schema: string) => r.call("POST", `/compatibility/subjects/${subject}/versions/latest?verbose=true`, { schemaType: "JSON", schema });

describe("compatibilityPolicy changes JSON Schema verdicts as Confluent's does", () => {
  it("STRICT by default: a property added to an open content model is refused", async () => {
    expect((await register("orders-value", v1)).status).toBe(200);
    const check = await test("orders-value", v2);
    expect(check.body).toMatchObject({ is_compatible: false });
    expect(JSON.stringify(check.body)).toContain("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL");
    expect((await register("orders-value", v2)).status).toBe(409);
  });

  it("LENIENT on the subject accepts it; the policy round-trips through /config; clearing it restores STRICT", async () => {
    expect((await register("orders-value", v1)).status).toBe(200);
    const put = await r.call("PUT", "/config/orders-value", { compatibilityPolicy: "LENIENT" });
    expect(put.body).toMatchObject({ compatibilityPolicy: "LENIENT" });
    expect((await r.call("GET", "/config/orders-value")).body).toMatchObject({ compatibilityPolicy: "LENIENT" });
    expect((await test("orders-value", v2)).body).toMatchObject({ is_compatible: true });
    await r.call("PUT", "/config/orders-value", { compatibilityPolicy: null });
    expect((await test("orders-value", v2)).body).toMatchObject({ is_compatible: false });
  });

  it("a global LENIENT applies to subjects without their own; KARAPACE keeps Karapace's conventions", async () => {
    expect((await register("orders-value", v1)).status).toBe(200);
    await r.call("PUT", "/config", { compatibilityPolicy: "LENIENT" });
    expect((await r.call("GET", "/config")).body).toMatchObject({ compatibilityPolicy: "LENIENT" });
    expect((await register("orders-value", v2)).status).toBe(200);
    // KARAPACE: `true` is read as an object schema, so it cannot read an integer writer (Confluent: it can).
    expect((await r.call("POST", "/subjects/n-value/versions", { schemaType: "JSON", schema: '{"type":"integer"}' })).status).toBe(200);
    expect((await test("n-value", "true")).body).toMatchObject({ is_compatible: true });
    await r.call("PUT", "/config/n-value", { compatibilityPolicy: "karapace" });
    expect((await test("n-value", "true")).body).toMatchObject({ is_compatible: false });
  });
});

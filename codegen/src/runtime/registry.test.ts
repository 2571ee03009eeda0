import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "@charter/registry";
import { createRegistryClient, topicNameStrategy } from "./registry.js";

let registry: RunningRegistry;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "charter-registry-client-"));
  registry = await startRegistry({ port: 0, dbPath: join(dir, "r.db") });
});
afterAll(async () => {
  await registry.close();
  rmSync(dir, { recursive: true, force: true });
});

const SCHEMA = { type: "JSON" as const, text: JSON.stringify({ type: "object", properties: { id: { type: "string" } } }) };

describe("the registry client", () => {
  it("looks ids up once (cached), registers only when allowed, and fetches schemas by id once", async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => (calls++, fetch(input, init));
    const strict = createRegistryClient({ url: registry.url, fetch: counting });
    await expect(strict.idFor("orders-value", SCHEMA)).rejects.toMatchObject({ code: "SCHEMA_UNKNOWN" });
    const client = createRegistryClient({ url: registry.url, autoRegister: true, fetch: counting });
    const id = await client.idFor("orders-value", SCHEMA);
    const before = calls;
    expect(await client.idFor("orders-value", SCHEMA)).toBe(id);
    expect(await strict.idFor("orders-value", SCHEMA)).toBe(id);
    expect(calls).toBe(before + 1);
    expect(await client.schemaById(id)).toEqual({ schema: SCHEMA.text, schemaType: "JSON" });
    await client.schemaById(id);
    await expect(client.schemaById(999_999)).rejects.toMatchObject({ code: "SCHEMA_UNKNOWN" });
  });

  it("names subjects as generated, else by Confluent's TopicNameStrategy, else as the option says", () => {
    const ctx = { messageName: "OrderCreated", address: "orders", role: "value" as const };
    expect(createRegistryClient({ url: registry.url }).subjectOf(ctx)).toBe("orders-value");
    expect(createRegistryClient({ url: registry.url }).subjectOf({ ...ctx, generated: "s.OrderCreated-value" })).toBe("s.OrderCreated-value");
    expect(createRegistryClient({ url: registry.url, subject: (c) => `${c.messageName}-${c.role}` }).subjectOf(ctx)).toBe("OrderCreated-value");
    expect(topicNameStrategy({ ...ctx, role: "key" })).toBe("orders-key");
  });

  it("reports an unreachable registry as REGISTRY_ERROR", async () => {
    await expect(createRegistryClient({ url: "http://127.0.0.1:9" }).schemaById(1)).rejects.toMatchObject({ code: "REGISTRY_ERROR" });
  });
});

/**
 * Confluent contexts: Charter implements the default context only (docs/registry.md §Contexts). A
 * context-qualified subject is refused with 42208 instead of becoming a literal subject, and the contexts
 * resource answers as a registry whose only context is the default one.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let r: InjectRegistry;
beforeEach(async () => {
  r = await openInjectRegistry("charter-contexts-");
});
afterEach(async () => {
  await r.close();
});

const schema = JSON.stringify({ type: "record", name: "Order", fields: [{ name: "id", type: "string" }] });

describe("context-qualified subjects", () => {
  it("refuses to register, look up, check or configure :.staging:orders-value (42208) and stores nothing", async () => {
    const subject = encodeURIComponent(":.staging:orders-value");
    const answers = [
      await r.call("POST", `/subjects/${subject}/versions`, { schema }),
      await r.call("POST", `/subjects/${subject}`, { schema }),
      await r.call("POST", `/compatibility/subjects/${subject}/versions`, { schema }),
      await r.call("PUT", `/config/${subject}`, { compatibility: "FULL" }),
      await r.call("GET", `/subjects/${subject}/versions`),
    ];
    for (const a of answers) {
      expect(a.status).toBe(422);
      expect(a.body).toMatchObject({ error_code: 42208 });
      expect((a.body as { message: string }).message).toMatch(/context '\.staging'.*unqualified subject name 'orders-value'/);
    }
    expect((await r.call("GET", "/subjects")).body).toEqual([]);
    expect((await r.call("GET", "/subjects?deleted=true")).body).toEqual([]);
  });

  it("refuses the explicit default context :.:name and the wildcard :*:name too, naming the plain subject", async () => {
    for (const name of [":.:orders-value", ":*:orders-value"]) {
      const a = await r.call("POST", `/subjects/${encodeURIComponent(name)}/versions`, { schema });
      expect(a.status, name).toBe(422);
      expect((a.body as { message: string }).message, name).toContain("'orders-value'");
    }
  });

  it("keeps names that only look similar: a colon inside, or a leading colon without a context", async () => {
    for (const name of ["orders:value", ":orders-value", "a:.b:c"]) {
      const a = await r.call<{ id: number }>("POST", `/subjects/${encodeURIComponent(name)}/versions`, { schema });
      expect(a.status, name).toBe(200);
    }
  });
});

describe("/contexts", () => {
  it("lists the default context only, honouring contextPrefix and paging", async () => {
    expect(await r.call("GET", "/contexts")).toEqual({ status: 200, body: ["."] });
    expect((await r.call("GET", "/contexts?contextPrefix=.")).body).toEqual(["."]);
    expect((await r.call("GET", "/contexts?contextPrefix=.staging")).body).toEqual([]);
    expect((await r.call("GET", "/contexts?offset=1")).body).toEqual([]);
    expect((await r.call("GET", "/contexts?limit=abc")).status).toBe(400);
  });

  it("answers the /contexts/{context}/… URL prefix and DELETE /contexts/{context} with 40401 saying why", async () => {
    for (const [method, url] of [
      ["GET", "/contexts/.staging/subjects"],
      ["POST", "/contexts/.staging/subjects/orders-value/versions"],
      ["DELETE", "/contexts/.staging"],
    ] as const) {
      const a = await r.call(method, url, method === "POST" ? { schema } : undefined);
      expect(a.status, url).toBe(404);
      expect(a.body, url).toMatchObject({ error_code: 40401, message: expect.stringContaining("only the default context") });
    }
    expect((await r.call("GET", "/subjects")).body).toEqual([]);
  });
});

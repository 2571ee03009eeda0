import type { Format } from "@charter/contracts";
import { describe, expect, it } from "vitest";
import { buildRegistry } from "./index.js";
import { openTestStorage } from "./test-registry.js";

/** An engine that breaks its contract by throwing. */
const throwingFormat: Format = {
  type: "AVRO",
  parse: async () => {
    throw new RangeError("Maximum call stack size exceeded");
  },
  compatibility: () => [],
  validate: () => [],
  encode: () => ({ ok: false, error: { code: "UNSUPPORTED", message: "no" } }),
  decode: () => ({ ok: false, error: { code: "UNSUPPORTED", message: "no" } }),
};

describe("failure modes", () => {
  it("an engine that throws gives 42201, not 500", async () => {
    const app = await buildRegistry({ storage: await openTestStorage(), formats: () => throwingFormat });
    const res = await app.inject({ method: "POST", url: "/subjects/s/versions", payload: { schema: '"int"' } });
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({ error_code: 42201 });
    expect(JSON.parse((await app.inject({ url: "/subjects" })).body)).toEqual([]);
    await app.close();
  });

  it("a failing store gives 500 / 50001 without internals", async () => {
    const storage = await openTestStorage();
    const app = await buildRegistry({ storage });
    await storage.close();
    const res = await app.inject({ method: "POST", url: "/subjects/s/versions", payload: { schema: '"int"' } });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error_code: 50001, message: "Error in the backend data store" });
    await app.close();
  });

  it("pages list answers with offset and limit", async () => {
    const app = await buildRegistry({ storage: await openTestStorage() });
    for (const s of ["a", "b", "c"]) await app.inject({ method: "POST", url: `/subjects/${s}/versions`, payload: { schema: '"int"' } });
    expect(JSON.parse((await app.inject({ url: "/subjects?offset=1&limit=1" })).body)).toEqual(["b"]);
    expect(JSON.parse((await app.inject({ url: "/schemas/ids/1/subjects?offset=2" })).body)).toEqual(["c"]);
    expect(JSON.parse((await app.inject({ url: "/schemas/ids/1/versions?limit=1" })).body)).toEqual([{ subject: "a", version: 1 }]);
    await app.close();
  });
});

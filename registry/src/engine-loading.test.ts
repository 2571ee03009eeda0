/**
 * The registry imports a format's engine only when a request needs it (`lazyFormat`): a registry that serves
 * Avro never loads protobufjs, Ajv's engine or @asyncapi/parser. Observed on the main thread (`workers: 0`, where
 * the engines would otherwise load); the worker threads use the same lookup (schema-worker.ts). Runs in the
 * `isolated` vitest project: it needs a module graph of its own.
 */
import { describe, expect, it, vi } from "vitest";
import { buildRegistry } from "./build-registry.js";

// Records which engines were imported: each mock hands back the real module and notes the load.
const loaded = vi.hoisted(() => new Set<string>());
vi.mock("@charter/contracts", async (original) => (loaded.add("contracts"), original()));
vi.mock("../../contracts/src/avro/index.js", async (original) => (loaded.add("avro"), original()));
vi.mock("../../contracts/src/json-schema/index.js", async (original) => (loaded.add("json-schema"), original()));
vi.mock("../../contracts/src/protobuf/index.js", async (original) => (loaded.add("protobuf"), original()));
vi.mock("../../contracts/src/asyncapi/index.js", async (original) => (loaded.add("asyncapi"), original()));

const V1 = "application/vnd.schemaregistry.v1+json";

describe("engines load on first use", () => {
  it("starts with none, and an Avro registration and check load the Avro engine only", async () => {
    const app = await buildRegistry({ workers: 0, logger: false });
    try {
      expect([...loaded]).toEqual([]);
      const register = (subject: string, body: object) => app.inject({ method: "POST", url: `/subjects/${subject}/versions`, headers: { "content-type": V1 }, payload: body });
      const record = (fields: object[]) => JSON.stringify({ type: "record", name: "R", fields });
      expect((await register("orders-value", { schema: record([{ name: "id", type: "string" }]) })).statusCode).toBe(200);
      const next = { schema: record([{ name: "id", type: "string" }, { name: "n", type: "int", default: 0 }]) };
      const check = await app.inject({ method: "POST", url: "/compatibility/subjects/orders-value/versions/latest", headers: { "content-type": V1 }, payload: next });
      expect(check.json()).toEqual({ is_compatible: true });
      expect([...loaded]).toEqual(["avro"]);
      const doc = 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\n';
      expect((await register("shop", { schemaType: "ASYNCAPI", schema: doc })).statusCode).toBe(200);
      expect(loaded.has("asyncapi")).toBe(true);
      expect(loaded.has("contracts")).toBe(false);
    } finally {
      await app.close();
    }
  });
});

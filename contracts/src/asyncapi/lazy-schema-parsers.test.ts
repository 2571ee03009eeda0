import { AvroSchemaParser } from "@asyncapi/avro-schema-parser";
import { ProtoBuffSchemaParser } from "@asyncapi/protobuf-schema-parser";
import { describe, expect, it } from "vitest";
import { AVRO_SCHEMA_FORMATS, lazySchemaParser, PROTOBUF_SCHEMA_FORMATS } from "./lazy-schema-parsers.js";

describe("lazy schema parsers", () => {
  it("answer the real parsers' mime types", () => {
    expect([...AVRO_SCHEMA_FORMATS].sort()).toEqual(AvroSchemaParser().getMimeTypes().sort());
    expect([...PROTOBUF_SCHEMA_FORMATS].sort()).toEqual(ProtoBuffSchemaParser().getMimeTypes().sort());
  });

  it("load the real parser once, on the first validate or parse, and pass its answers through", async () => {
    let loads = 0;
    const parser = lazySchemaParser(["application/x-test"], async () => {
      loads++;
      return { getMimeTypes: () => ["application/x-test"], validate: () => [{ message: "bad", path: ["x"] }], parse: () => ({ type: "string" }) };
    });
    expect(parser.getMimeTypes()).toEqual(["application/x-test"]);
    expect(loads).toBe(0);
    const input = { asyncapi: {}, data: {}, meta: {}, path: [], schemaFormat: "application/x-test", defaultSchemaFormat: "" } as unknown as Parameters<typeof parser.validate>[0];
    expect(await parser.validate(input)).toEqual([{ message: "bad", path: ["x"] }]);
    expect(await parser.parse(input)).toEqual({ type: "string" });
    expect(loads).toBe(1);
  });
});

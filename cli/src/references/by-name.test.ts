import { join } from "node:path";
import type { JsonValue } from "@charter/contracts";
import { describe, expect, it } from "vitest";
import { corpus } from "../../test/gate-fixture.js";
import { avroNames, avroReferences, externalRefs, jsonSchemaReferences, type SchemaSource } from "./by-name.js";

/** An in-memory repository as a reference source. */
function source(files: Record<string, string>, listed = true): SchemaSource {
  const abs = Object.fromEntries(Object.entries(files).map(([p, t]) => [join("/repo", p), t]));
  return {
    read: (path) => Promise.resolve(abs[path]),
    ...(listed ? { schemaFiles: () => Promise.resolve(Object.keys(abs)) } : {}),
  };
}

describe("avroNames", () => {
  it("finds defined and used names with Avro's namespace rules", () => {
    const names = avroNames({
      type: "record",
      name: "Order",
      namespace: "acme.orders",
      fields: [
        { name: "state", type: "State" },
        { name: "money", type: "acme.common.Money" },
        { name: "lines", type: { type: "array", items: { type: "record", name: "Line", fields: [{ name: "sku", type: "string" }] } } },
        { name: "tags", type: { type: "map", values: ["null", "Tag"] } },
        { name: "at", type: { type: "long", logicalType: "timestamp-millis" } },
      ],
    });
    expect([...names.defined]).toEqual(["acme.orders.Order", "acme.orders.Line"]);
    expect(names.used).toEqual(expect.arrayContaining([["acme.orders.State", "State"], ["acme.common.Money"], ["acme.orders.Tag", "Tag"]]));
    expect(names.used.flat()).not.toContain("string");
  });
});

describe("avroReferences", () => {
  const money = '{"type": "record", "name": "Money", "namespace": "acme.common", "fields": [{"name": "ccy", "type": "Currency"}]}';
  const currency = '{"type": "enum", "name": "Currency", "namespace": "acme.common", "symbols": ["EUR"]}';
  const order: JsonValue = { type: "record", name: "Order", namespace: "acme.orders", fields: [{ name: "total", type: "acme.common.Money" }] };

  it("finds the files defining the names a schema uses, transitively, dependencies first", async () => {
    const refs = await avroReferences("/repo/order.avsc", order, source({ "common/money.avsc": money, "common/currency.avsc": currency }), new Set());
    expect(refs.map((r) => [r.name, r.file])).toEqual([
      ["acme.common.Currency", "/repo/common/currency.avsc"],
      ["acme.common.Money", "/repo/common/money.avsc"],
    ]);
  });

  it("looks nothing up without a repository listing (charter check) or for names given explicitly", async () => {
    expect(await avroReferences("/repo/order.avsc", order, source({ "common/money.avsc": money }, false), new Set())).toEqual([]);
    expect(await avroReferences("/repo/order.avsc", order, source({ "common/money.avsc": money }), new Set(["acme.common.Money"]))).toEqual([]);
  });
});

describe("jsonSchemaReferences", () => {
  it("resolves cdevents' $refs by $id across the repository, transitively", async () => {
    const files: Record<string, string> = {};
    for (const name of ["embeddedlinksarray", "embeddedlinkend", "embeddedlinkpath", "embeddedlinkrelation", "domainid"]) files[`schemas/links/${name}.json`] = corpus(`jsonschema/cdevents/schemas/links/${name}.json`);
    const event = JSON.parse(corpus("jsonschema/cdevents/schemas/artifactpublished.json")) as JsonValue;
    const refs = await jsonSchemaReferences("/repo/schemas/artifactpublished.json", event, source(files), new Set());
    expect(refs.map((r) => r.name)).toEqual(expect.arrayContaining(["links/embeddedlinksarray", "embeddedlinkend", "embeddedlinkpath", "embeddedlinkrelation", "https://cdevents.dev/0.6.0-draft/schema/links/domainid"]));
    expect(refs.at(-1)!.file).toBe("/repo/schemas/links/embeddedlinksarray.json");
  });

  it("resolves plain relative file $refs, with or without the .json extension", async () => {
    const schema: JsonValue = { $schema: "https://json-schema.org/draft/2020-12/schema", properties: { a: { $ref: "./address.json#/$defs/street" }, b: { $ref: "common/money" } } };
    const refs = await jsonSchemaReferences("/repo/s/order.json", schema, source({ "s/address.json": "{}", "s/common/money.json": '{"type": "number"}' }), new Set());
    expect(refs.map((r) => [r.name, r.file])).toEqual([
      ["./address.json", "/repo/s/address.json"],
      ["address.json", "/repo/s/address.json"],
      ["common/money", "/repo/s/common/money.json"],
    ]);
    expect(externalRefs(schema)).toEqual(["./address.json", "common/money"]);
  });
});

import { describe, expect, it } from "vitest";
import { checkLevel, isCompatibilityLevel, type PreviousVersion } from "./compatibility-level.js";
import { ok } from "./errors.js";
import type { Format, ParsedSchema, SchemaType, Violation } from "./format.js";

// A toy record format to test the level logic alone: a schema lists its fields; `name!` is required.
// A reader can read a writer's data when every field the reader requires was written.
interface Toy {
  fields: string[];
  required: string[];
}
const toy = (spec: string, type: SchemaType = "AVRO"): ParsedSchema => {
  const names = spec.split(",").filter(Boolean);
  const model: Toy = { fields: names.map((n) => n.replace("!", "")), required: names.filter((n) => n.endsWith("!")).map((n) => n.slice(0, -1)) };
  return { type, text: spec, canonical: spec, fingerprint: spec, references: [], model };
};
const toyFormat: Format = {
  type: "AVRO",
  parse: async (text) => ok(toy(text)),
  compatibility(reader, writer): Violation[] {
    const r = reader.model as Toy;
    const w = writer.model as Toy;
    return r.required.filter((f) => !w.fields.includes(f)).map((f) => ({ rule: "READER_FIELD_MISSING_DEFAULT_VALUE", path: `/${f}`, message: `${f} missing` }));
  },
  validate: () => [],
  encode: () => ok(new Uint8Array()),
  decode: () => ok(null),
};
const history = (...specs: string[]): PreviousVersion[] => specs.map((s, i) => ({ version: i + 1, schema: toy(s) }));

describe("checkLevel", () => {
  it("accepts anything under NONE and with no history", () => {
    expect(checkLevel(toyFormat, "NONE", toy("x!"), history("a")).compatible).toBe(true);
    expect(checkLevel(toyFormat, "FULL_TRANSITIVE", toy("x!"), []).compatible).toBe(true);
  });

  it("BACKWARD: the new schema reads the latest version only", () => {
    // v1 lacks b, v2 has it: a new schema requiring b reads v2 (latest) but not v1.
    const prev = history("a", "a,b");
    expect(checkLevel(toyFormat, "BACKWARD", toy("a,b!"), prev).compatible).toBe(true);
    const transitive = checkLevel(toyFormat, "BACKWARD_TRANSITIVE", toy("a,b!"), prev);
    expect(transitive.compatible).toBe(false);
    expect(transitive.violations[0]).toMatchObject({ version: 1, direction: "backward", path: "/b" });
  });

  it("FORWARD: the old schema reads data written with the new one", () => {
    const prev = history("a,b!");
    const verdict = checkLevel(toyFormat, "FORWARD", toy("a"), prev);
    expect(verdict.compatible).toBe(false);
    expect(verdict.violations[0]).toMatchObject({ direction: "forward", version: 1 });
    expect(checkLevel(toyFormat, "BACKWARD", toy("a"), prev).compatible).toBe(true);
  });

  it("FULL checks both directions", () => {
    expect(checkLevel(toyFormat, "FULL", toy("a,b"), history("a")).compatible).toBe(true);
    const v = checkLevel(toyFormat, "FULL", toy("a,b!"), history("a!"));
    expect(v.violations.map((x) => x.direction)).toEqual(["backward"]);
  });

  it("transitive levels stop at the newest version that fails", () => {
    const prev = history("a", "a", "c");
    const v = checkLevel(toyFormat, "BACKWARD_TRANSITIVE", toy("a!,c!"), prev);
    expect(v.violations.map((x) => x.version)).toEqual([3]);
  });

  it("a change of schema type is incompatible", () => {
    const v = checkLevel(toyFormat, "BACKWARD", toy("a", "JSON"), history("a"));
    expect(v.violations[0]).toMatchObject({ rule: "SCHEMA_TYPE_CHANGED", direction: "backward" });
    expect(checkLevel(toyFormat, "FORWARD", toy("a", "JSON"), history("a")).violations[0]).toMatchObject({ direction: "forward" });
  });

  it("validates level names case-sensitively", () => {
    expect(isCompatibilityLevel("FULL_TRANSITIVE")).toBe(true);
    expect(isCompatibilityLevel("full")).toBe(false);
    expect(isCompatibilityLevel(3)).toBe(false);
  });
});

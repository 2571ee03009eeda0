import { describe, expect, it } from "vitest";
import { findRefLoop } from "./ref-cycles.js";

const schemas = (s: Record<string, unknown>) => ({ components: { schemas: s } }) as never;

describe("findRefLoop", () => {
  it("finds chains of $refs that come back to themselves", () => {
    expect(findRefLoop(schemas({ a: { $ref: "#/components/schemas/a" } }))?.message).toMatch(/a → #\/components\/schemas\/a/);
    const loop = findRefLoop(schemas({ a: { $ref: "#/components/schemas/b" }, b: { $ref: "#/components/schemas/c" }, c: { $ref: "#/components/schemas/a" } }));
    expect(loop?.code).toBe("SCHEMA_INVALID");
    expect(loop?.path).toMatch(/^\/components\/schemas\/[abc]\/\$ref$/);
  });

  it("leaves recursive schemas, chains that end, and dangling refs alone", () => {
    expect(findRefLoop(schemas({ a: { type: "object", properties: { next: { $ref: "#/components/schemas/a" } } } }))).toBeUndefined();
    expect(findRefLoop(schemas({ a: { $ref: "#/components/schemas/b" }, b: { $ref: "#/components/schemas/c" }, c: { type: "string" } }))).toBeUndefined();
    expect(findRefLoop(schemas({ a: { $ref: "#/components/schemas/missing" }, b: { $ref: "other.yaml#/x" } }))).toBeUndefined();
    expect(findRefLoop(schemas({ a: { $ref: "#/components/schemas" } }))).toBeUndefined();
  });
});

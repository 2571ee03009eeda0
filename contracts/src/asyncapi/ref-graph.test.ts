import { describe, expect, it } from "vitest";
import { checkResolvedShape, findRefLoop } from "./ref-graph.js";

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

describe("checkResolvedShape", () => {
  const chain = (n: number, fanOut: boolean) => {
    const s: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const next = { $ref: `#/components/schemas/s${i + 1}` };
      s[`s${i}`] = { type: "object", properties: fanOut ? { a: next, b: next } : { a: next } };
    }
    s[`s${n}`] = { type: "string" };
    return schemas(s);
  };

  it("refuses a chain of schemas that nests past the limit once resolved, and a fan-out that grows past maxNodes", () => {
    expect(checkResolvedShape(chain(50, false), 256, 500_000)).toBeUndefined();
    expect(checkResolvedShape(chain(200, false), 256, 500_000)?.message).toMatch(/deeper than 256 once its \$refs are resolved/);
    expect(checkResolvedShape(chain(40, true), 256, 500_000)?.message).toMatch(/more than 500000 values/);
  });

  it("counts recursion once, as the parser keeps it a reference", () => {
    const tree = schemas({ node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/components/schemas/node" } } } } });
    expect(checkResolvedShape(tree, 256, 500_000)).toBeUndefined();
    expect(checkResolvedShape(schemas({ a: { $ref: "#/components/schemas/a" } }), 256, 500_000)).toBeUndefined();
  });
});

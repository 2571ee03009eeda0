import { describe, expect, it } from "vitest";
import { createCompiler, metaValidator } from "./ajv-factory.js";
import { DRAFT_META_URIS, type JsonSchemaDraft } from "./draft.js";
import { parseJsonSchema } from "./parse.js";

const DRAFTS: JsonSchemaDraft[] = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"];

/** `enum` lists, some with duplicates under ajv's deep equality (key order ignored, 1 = 1.0). */
const ENUMS: unknown[][] = [
  ["a", "b", "c"],
  ["a", "b", "a"],
  [1, 2, 3, 2, 1],
  JSON.parse("[1, 1.0]") as unknown[],
  [{ a: 1, b: [2, { c: 3 }] }, { b: [2, { c: 3 }], a: 1 }],
  [[1, 2], [2, 1], [1, 2]],
  [null, false, 0, "", null],
  ["x", "y", "x", "y", "z", "z"],
];

describe("metaValidator", () => {
  it.each(DRAFTS)("%s: reports duplicate enum values exactly as ajv's own meta-schema check does", (draft) => {
    const own = createCompiler(draft);
    const fast = metaValidator(draft);
    for (const values of ENUMS) {
      const schema = { $schema: DRAFT_META_URIS[draft], properties: { a: { enum: values } } };
      const expected = own.validateSchema(schema);
      const expectedErrors = (own.errors ?? []).map(({ instancePath, keyword, message, params }) => ({ instancePath, keyword, message, params }));
      expect(fast.validateSchema(schema), JSON.stringify(values)).toBe(expected);
      expect((fast.errors ?? []).map(({ instancePath, keyword, message, params }) => ({ instancePath, keyword, message, params })), JSON.stringify(values)).toEqual(expectedErrors);
    }
  });

  it("checks a 20,000-value enum without comparing every pair", () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `v${i}`);
    const ajv = metaValidator("draft-07");
    expect(ajv.validateSchema({ enum: values })).toBe(true);
    expect(ajv.validateSchema({ enum: [...values, "v0"] })).toBe(false);
    expect(ajv.errors?.[0]?.message).toBe("must NOT have duplicate items (items ## 0 and 20000 are identical)");
  });

  it("leaves the parse's SCHEMA_INVALID where it was: the duplicate's enum, ajv's message", async () => {
    const result = await parseJsonSchema(JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", properties: { size: { enum: ["S", "M", "S"] } } }), { references: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: "SCHEMA_INVALID", path: "/properties/size/enum" });
    expect(result.error.message).toContain("/properties/size/enum must NOT have duplicate items (items ## 0 and 2 are identical)");
  });
});

import type { JsonValue } from "@charter/contracts";
import { describe, expect, it } from "vitest";
import { NameTable } from "../naming.js";
import { GeneratedFile } from "../printer.js";
import { jsonSchemaType } from "./json-schema-types.js";
import { printDeclaration, TypeSet } from "./type-ir.js";

/** The declarations printed for a payload schema named `name`. */
function declarations(schema: JsonValue, name = "Payload", names: Record<string, string> = {}): string {
  const set = new TypeSet(new NameTable());
  jsonSchemaType({ set, root: schema, names, suffix: "", rootId: "t" }, name);
  const file = new GeneratedFile("x.ts", "");
  for (const t of set.all()) printDeclaration(file, t);
  return file.toString();
}

describe("JSON Schema → TypeScript", () => {
  it("types required and optional properties, enums, const, nullable and arrays, nested objects as named types", () => {
    const out = declarations({
      type: "object",
      required: ["id", "status", "lines"],
      properties: {
        id: { type: "string", description: "The id." },
        status: { enum: ["open", "paid"] },
        kind: { const: "order" },
        note: { type: ["string", "null"] },
        lines: { type: "array", items: { type: "object", required: ["sku"], properties: { sku: { type: "string" } } } },
        shipping: { type: "object", properties: { city: { type: "string" } }, additionalProperties: false },
      },
    });
    expect(out).toBe(`export interface Payload {
  /** The id. */
  id: string;
  status: "open" | "paid";
  kind?: "order";
  note?: string | null;
  lines: PayloadLine[];
  shipping?: PayloadShipping;
}
export interface PayloadLine {
  sku: string;
}
export interface PayloadShipping {
  city?: string;
}
`);
  });

  it("types additionalProperties and patternProperties as index signatures, only when written", () => {
    expect(declarations({ type: "object", additionalProperties: { type: "integer" } })).toBe("export type Payload = Record<string, number>;\n");
    expect(declarations({ type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "number" } })).toContain("[key: string]: number | string | undefined;");
    expect(declarations({ type: "object", properties: { a: { type: "string" } } })).not.toContain("[key: string]");
    expect(declarations({ type: "object" })).toBe("export type Payload = Record<string, unknown>;\n");
  });

  it("types oneOf with a discriminator as a discriminated union of the named members", () => {
    const cat = { type: "object", required: ["petType"], properties: { petType: { type: "string" }, meows: { type: "boolean" } } };
    const dog = { type: "object", required: ["petType"], properties: { petType: { type: "string" }, barks: { type: "boolean" } } };
    const out = declarations({ discriminator: "petType", oneOf: [cat, dog] }, "Pet", { "/oneOf/0": "Cat", "/oneOf/1": "Dog" });
    expect(out).toContain('export type Pet = (Cat & { petType: "Cat" }) | (Dog & { petType: "Dog" });');
    expect(out).toContain("export interface Cat {");
  });

  it("types allOf as an intersection, tuples, and recursive schemas through their names", () => {
    expect(declarations({ allOf: [{ type: "object", properties: { a: { type: "string" } } }, { type: "object", properties: { b: { type: "number" } } }] })).toContain(
      "export type Payload = PayloadPart1 & PayloadPart2;",
    );
    expect(declarations({ type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false })).toBe("export type Payload = [string, number];\n");
    const tree = declarations({ type: "object", properties: { value: { type: "number" }, children: { type: "array", items: { $ref: "#" } } } }, "Node");
    expect(tree).toContain("children?: Node[];");
  });

  it("names a payload written as a component by the component, with the message name as alias", () => {
    const out = declarations({ type: "object", properties: { id: { type: "string" } } }, "OrderCreated", { "": "Order" });
    expect(out).toContain("export interface Order {");
    expect(out).toContain("export type OrderCreated = Order;");
  });
});

import { describe, expect, it } from "vitest";
import { parseCompatibilityMessages } from "./registry-messages.js";

describe("parseCompatibilityMessages", () => {
  it("reads Charter's JSON messages: rule, Confluent name, path, line, direction, version, causes, level", () => {
    const verdict = parseCompatibilityMessages([
      JSON.stringify({ errorType: "FIELD_NAMED_TYPE_CHANGED", rule: "FIELD_SAME_TYPE", description: "field 1 changed", path: "/A/b", line: 7, oldSchemaVersion: 2, direction: "backward" }),
      JSON.stringify({ errorType: "PAYLOAD_INCOMPATIBLE", description: "payload", path: "/components/messages/m/payload", oldSchemaVersion: 1, direction: "forward", causes: [{ errorType: "MINIMUM_INCREASED", description: "lower bound", path: "/x/minimum" }] }),
      JSON.stringify({ compatibility: "FULL_TRANSITIVE" }),
    ]);
    expect(verdict).toEqual({
      level: "FULL_TRANSITIVE",
      violations: [
        { rule: "FIELD_SAME_TYPE", confluent: "FIELD_NAMED_TYPE_CHANGED", message: "field 1 changed", path: "/A/b", line: 7, direction: "backward", version: 2 },
        { rule: "PAYLOAD_INCOMPATIBLE", message: "payload", path: "/components/messages/m/payload", direction: "forward", version: 1, causes: [{ rule: "MINIMUM_INCREASED", path: "/x/minimum", message: "lower bound" }] },
      ],
    });
  });

  it("reads Confluent's non-JSON messages, attaching oldSchemaVersion to the violations before it", () => {
    const verdict = parseCompatibilityMessages([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'note' at path '/fields/4' in the new schema has no default value and is missing in the old schema', additionalInfo:'note'}",
      "{oldSchemaVersion: 3}",
      "{oldSchema: '{\"type\":\"record\"}'}",
      "{errorType:\"TYPE_NARROWED\", description:\"The type of a property at path '#/properties/age' in the new schema was narrowed\"}",
      "{oldSchemaVersion: 1}",
      "{validateFields: 'false', compatibility: 'BACKWARD_TRANSITIVE'}",
    ]);
    expect(verdict).toEqual({
      level: "BACKWARD_TRANSITIVE",
      violations: [
        { rule: "READER_FIELD_MISSING_DEFAULT_VALUE", message: "The field 'note' at path '/fields/4' in the new schema has no default value and is missing in the old schema", path: "/fields/4", version: 3 },
        { rule: "TYPE_NARROWED", message: expect.stringContaining("was narrowed"), path: "/properties/age", version: 1 },
      ],
    });
  });

  it("reads the older Incompatibility{…} form and keeps unknown text as an INCOMPATIBLE violation", () => {
    const verdict = parseCompatibilityMessages([
      "Incompatibility{type:TYPE_MISMATCH, location:/fields/2/type, message:reader type: DOUBLE not compatible with writer type: STRING, reader:\"double\", writer:\"string\"}",
      "Unable to read schema: \"string\" using schema: \"int\"",
    ]);
    expect(verdict.violations).toEqual([
      { rule: "TYPE_MISMATCH", message: "reader type: DOUBLE not compatible with writer type: STRING", path: "/fields/2/type" },
      { rule: "INCOMPATIBLE", message: 'Unable to read schema: "string" using schema: "int"', path: "" },
    ]);
    expect(verdict.level).toBeUndefined();
  });
});

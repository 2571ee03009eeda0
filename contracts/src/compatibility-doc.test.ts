import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compatibilityDoc } from "./compatibility-doc.js";
import { JSON_SCHEMA_RULES } from "./json-schema/rules.js";
import { PROTOBUF_RULES } from "./protobuf/rules.js";

describe("docs/compatibility.md", () => {
  const doc = readFileSync(fileURLToPath(new URL("../../docs/compatibility.md", import.meta.url)), "utf8");

  it("is what the rule catalogues generate (regenerate: node --import tsx contracts/scripts/compatibility-doc.ts)", () => {
    expect(doc).toBe(compatibilityDoc());
  });

  it("lists every JSON Schema and Protobuf rule with its hint", () => {
    for (const r of [...JSON_SCHEMA_RULES, ...PROTOBUF_RULES]) {
      expect(doc).toContain(`\`${r.rule}\``);
      expect(doc).toContain(r.hint.replace(/\|/g, "\\|"));
    }
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LINT_RULES } from "./catalogue.js";
import { renderLintDocs, withRuleSection } from "./docs.js";

describe("docs/lint.md", () => {
  const doc = readFileSync(join(import.meta.dirname, "../../../docs/lint.md"), "utf8");
  it("lists every rule as the catalogue describes it (regenerate with npm run docs:lint)", () => {
    expect(withRuleSection(doc, renderLintDocs(LINT_RULES))).toBe(doc);
    for (const rule of LINT_RULES) expect(doc).toContain(`### ${rule.id}`);
  });
  it("has the default severities the issue lists", () => {
    const severities = Object.fromEntries(LINT_RULES.map((r) => [r.id, r.defaultSeverity]));
    expect(severities).toEqual({
      EVENT_ID_REQUIRED: "error",
      FIELD_DEFAULT_REQUIRED: "error",
      FIELD_REMOVED_WITHOUT_DEPRECATION: "error",
      PROTOBUF_RESERVE_REMOVED: "error",
      EVENT_NAME_PAST_TENSE: "warning",
      CLOUDEVENTS_ATTRIBUTES: "warning",
      PAYLOAD_SIZE: "warning",
      DOCUMENTED: "warning",
      TOPIC_PER_DOMAIN: "off",
    });
    for (const rule of LINT_RULES) expect(rule.practice, rule.id).toBeTruthy();
  });
});

/**
 * An example custom lint rule for `charter lint` (docs/lint.md §Custom rules): events should not carry personal
 * data in the clear. It flags payload fields whose names say they hold personal data (email, phone, address …)
 * unless their description marks them as reviewed (`PII:` in the doc). Register it in charter.config.yaml:
 *
 *   lint:
 *     plugins: [examples/lint-rules/no-pii-fields.ts]
 *     rules:
 *       NO_PII_FIELDS: { severity: error, options: { names: [email, phone, iban] } }
 *
 * A plugin module exports `rules`: an array of objects with the `LintRule` shape from @charter/contracts. Rules
 * are pure: they read the format-neutral view of the contract (`context.view`: events, records, fields with
 * their paths and docs) and return `{ path, message }` reports; Charter adds the line, severity and hint.
 */
import type { LintRule, RuleReport } from "@charter/contracts";

const DEFAULT_NAMES = ["email", "phone", "phonenumber", "address", "ssn", "dateofbirth", "birthdate", "iban", "creditcard"];

const norm = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** NO_PII_FIELDS: personal data in events is reviewed (and documented as such) or left out. */
export const NO_PII_FIELDS: LintRule = {
  id: "NO_PII_FIELDS",
  formats: ["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"],
  defaultSeverity: "warning",
  rationale: "Events are copied to every consumer and kept for the topic's retention; personal data there is hard to erase (GDPR art. 17).",
  hint: "Send an opaque reference (customerId) instead, or mark the field as reviewed with 'PII:' in its description.",
  practice: "Keep personal data out of events, or review each such field explicitly.",
  optionDocs: { names: "field names treated as personal data (compared ignoring case and punctuation)" },
  check({ view, options }) {
    const names = new Set((Array.isArray(options["names"]) ? options["names"].map(String) : DEFAULT_NAMES).map(norm));
    const out: RuleReport[] = [];
    for (const schema of view.schemas.values()) {
      for (const record of schema.records) {
        for (const field of record.fields) {
          if (names.has(norm(field.name)) && !/\bPII:/.test(field.doc ?? "")) out.push({ path: field.path, message: `field ${field.name} looks like personal data` });
        }
      }
    }
    return out;
  },
};

export const rules: readonly LintRule[] = [NO_PII_FIELDS];

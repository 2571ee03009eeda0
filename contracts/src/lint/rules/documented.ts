import type { LintRule, RuleReport } from "../rule.js";

/** DOCUMENTED: messages (events) and their fields have descriptions. */
export const DOCUMENTED: LintRule = {
  id: "DOCUMENTED",
  formats: ["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"],
  defaultSeverity: "warning",
  rationale: "The contract is the documentation other teams read; an undocumented field gets guessed at and misused.",
  hint: "Add a description: AsyncAPI `description`/`summary`, Avro `doc`, JSON Schema `description`, a Protobuf comment above the declaration.",
  practice:
    "Every event and every field says what it means (units, time zones, who sets it). Messages: AsyncAPI `description` or `summary`, Avro `doc` on the root record, JSON Schema root `description`, a Protobuf comment on the message. Fields: Avro `doc`, JSON Schema `description` (on the property or the schema it references), a Protobuf leading or trailing comment.",
  optionDocs: { fields: "check fields too (default true)" },
  check({ view, options }) {
    const out: RuleReport[] = [];
    for (const event of view.events) {
      if (event.doc === undefined) out.push({ path: event.path, message: `${event.kind === "message" ? "message" : "event"} ${event.name ?? event.key} has no description` });
    }
    if (options["fields"] === false) return out;
    const seen = new Set<string>();
    for (const schema of view.schemas.values()) {
      for (const record of schema.records) {
        for (const field of record.fields) {
          if (field.doc !== undefined || seen.has(field.path)) continue;
          seen.add(field.path);
          out.push({ path: field.path, message: `field ${field.name} of ${record.name ?? (record.key === "" ? "the payload" : record.key)} has no description` });
        }
      }
    }
    return out;
  },
};

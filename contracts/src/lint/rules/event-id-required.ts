import type { LintRule, RuleReport } from "../rule.js";

/** Spellings of an event id, compared lowercase without `_`, `-`, `:` and `.` (so `ce_id`, `event-id`, `eventId` match). */
const DEFAULT_ID_FIELDS = ["id", "eventId", "messageId", "ce_id", "cloudEvents:id"];

const norm = (name: string): string => name.toLowerCase().replace(/[-_:.]/g, "");

/** EVENT_ID_REQUIRED: every event carries a unique id, in its payload or its CloudEvents envelope (headers). */
export const EVENT_ID_REQUIRED: LintRule = {
  id: "EVENT_ID_REQUIRED",
  formats: ["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"],
  defaultSeverity: "error",
  rationale: "Brokers deliver at least once: without a unique id consumers cannot deduplicate redeliveries or trace an event.",
  hint: "Add an `id` (or `eventId`) field to the payload, or declare the CloudEvents `id` attribute (`ce_id` header) on the message.",
  practice:
    "Every event carries a unique identifier so consumers can be idempotent (deduplicate redeliveries) and events can be traced; CloudEvents makes `id` a required attribute. Checked on the event's top-level payload fields and, for AsyncAPI messages, its header fields.",
  optionDocs: { fields: `the accepted field names (default ${DEFAULT_ID_FIELDS.join(", ")}; compared ignoring case, "_", "-", ":" and ".")` },
  check({ view, options }) {
    const names = new Set((Array.isArray(options["fields"]) ? options["fields"].map(String) : DEFAULT_ID_FIELDS).map(norm));
    const out: RuleReport[] = [];
    for (const event of view.events) {
      if (event.fields === undefined && event.headers === undefined) continue;
      const all = [...(event.fields ?? []), ...(event.headers ?? [])];
      if (all.some((f) => names.has(norm(f.name)))) continue;
      out.push({ path: event.path, message: `event ${event.name ?? event.key} has no event id: none of its ${event.headers ? "payload or header " : ""}fields is named ${[...(Array.isArray(options["fields"]) ? options["fields"].map(String) : DEFAULT_ID_FIELDS)].join(", ")}` });
    }
    return out;
  },
};

import type { LintRule, RuleReport } from "../rule.js";
import type { FieldView, SchemaView } from "../view.js";

/** Spellings of an event id, compared lowercase without `_`, `-`, `:` and `.` (so `ce_id`, `event-id`, `eventId` match). */
const DEFAULT_ID_FIELDS = ["id", "eventId", "messageId", "ce_id", "cloudEvents:id"];

/** Top-level fields that hold an event's envelope (CDEvents `context`, `metadata` …), whose own fields are searched too. */
const DEFAULT_ENVELOPES = ["context", "metadata", "meta", "envelope", "header", "headers"];

const norm = (name: string): string => name.toLowerCase().replace(/[-_:.]/g, "");

/** The fields of the record a field holds directly (JSON Schema object property, Avro record or union branch, Protobuf message). */
export function nestedFields(schema: SchemaView | undefined, field: FieldView): readonly FieldView[] {
  if (!schema) return [];
  const resolved = field.proto?.resolved;
  if (resolved?.kind === "message") return schema.records.find((r) => r.key === resolved.fullName)?.fields ?? [];
  if (schema.source.kind === "avro") {
    const base = `${field.path}/type`;
    return schema.records.filter((r) => r.path === base || (r.path.startsWith(`${base}/`) && /^\/\d+$/.test(r.path.slice(base.length)))).flatMap((r) => r.fields);
  }
  return schema.records.find((r) => r.path === field.path)?.fields ?? [];
}

/** EVENT_ID_REQUIRED: every event carries a unique id, in its payload or its CloudEvents envelope (headers). */
export const EVENT_ID_REQUIRED: LintRule = {
  id: "EVENT_ID_REQUIRED",
  formats: ["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"],
  defaultSeverity: "error",
  rationale: "Brokers deliver at least once: without a unique id consumers cannot deduplicate redeliveries or trace an event.",
  hint: "Add an `id` (or `eventId`) field to the payload, or declare the CloudEvents `id` attribute (`ce_id` header) on the message.",
  practice:
    "Every event carries a unique identifier so consumers can be idempotent (deduplicate redeliveries) and events can be traced; CloudEvents makes `id` a required attribute. Checked on the event's top-level payload fields, the fields of an envelope field (`context`, `metadata` …, as CDEvents nests `context.id`) and, for AsyncAPI messages, its header fields.",
  optionDocs: {
    envelopes: `top-level fields whose own fields are searched too (default ${DEFAULT_ENVELOPES.join(", ")})`,
    fields: `the accepted field names (default ${DEFAULT_ID_FIELDS.join(", ")}; compared ignoring case, "_", "-", ":" and ".")`,
  },
  check({ view, options }) {
    const names = new Set((Array.isArray(options["fields"]) ? options["fields"].map(String) : DEFAULT_ID_FIELDS).map(norm));
    const envelopes = new Set((Array.isArray(options["envelopes"]) ? options["envelopes"].map(String) : DEFAULT_ENVELOPES).map(norm));
    const out: RuleReport[] = [];
    for (const event of view.events) {
      if (event.fields === undefined && event.headers === undefined) continue;
      const top = [...(event.fields ?? []), ...(event.headers ?? [])];
      const all = [...top, ...(event.fields ?? []).filter((f) => envelopes.has(norm(f.name))).flatMap((f) => nestedFields(event.payload, f))];
      if (all.some((f) => names.has(norm(f.name)))) continue;
      out.push({ path: event.path, message: `event ${event.name ?? event.key} has no event id: none of its ${event.headers ? "payload or header " : ""}fields is named ${[...(Array.isArray(options["fields"]) ? options["fields"].map(String) : DEFAULT_ID_FIELDS)].join(", ")}` });
    }
    return out;
  },
};

import type { LintRule, RuleReport } from "../rule.js";

/** The CloudEvents 1.0 required context attributes (CloudEvents spec §Required Attributes). */
export const CLOUDEVENTS_REQUIRED = ["id", "source", "specversion", "type"] as const;

/**
 * A header name without its protocol binding prefix: Kafka `ce_`, HTTP `ce-`, AMQP `cloudEvents:` /
 * `cloudEvents_`, MQTT user properties and NATS use the bare names (CloudEvents protocol bindings, binary mode).
 */
export function attributeName(header: string): string {
  return header.replace(/^(ce[_-]|cloudEvents[:_])/i, "").toLowerCase();
}

/** CLOUDEVENTS_ATTRIBUTES: AsyncAPI messages declare the CloudEvents required attributes, as headers or in the payload. */
export const CLOUDEVENTS_ATTRIBUTES: LintRule = {
  id: "CLOUDEVENTS_ATTRIBUTES",
  formats: ["ASYNCAPI"],
  defaultSeverity: "warning",
  rationale: "CloudEvents gives every event the same envelope (id, source, specversion, type) so routers, tracing and consumers can handle any event without knowing its payload.",
  hint: "Declare ce_id, ce_source, ce_specversion and ce_type in the message headers (binary mode), or id, source, specversion and type in the payload (structured mode).",
  practice:
    "Events travel in a CloudEvents envelope: binary content mode puts the attributes in protocol headers (Kafka `ce_id`, HTTP `ce-id`, AMQP `cloudEvents:id`), structured mode puts them in the payload. Either way the four required attributes are declared in the contract.",
  check({ view }) {
    const out: RuleReport[] = [];
    for (const event of view.events) {
      const headers = new Set((event.headers ?? []).map((f) => attributeName(f.name)));
      const payload = new Set((event.fields ?? []).map((f) => f.name.toLowerCase()));
      const missing = CLOUDEVENTS_REQUIRED.filter((a) => !headers.has(a) && !payload.has(a));
      if (missing.length === 0) continue;
      out.push({
        path: event.headers ? `${event.path}/headers` : event.path,
        message: `message ${event.name ?? event.key} does not declare the CloudEvents attribute${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (headers: ${missing.map((a) => `ce_${a}`).join(", ")}; or payload properties)`,
      });
    }
    return out;
  },
};

import { decidingWord, readsAsFact } from "../event-names.js";
import type { LintRule, RuleReport } from "../rule.js";
import type { ContractView, EventView } from "../view.js";

/** Where an event's name is written: Avro `name`, JSON Schema `title` (else `$id`), AsyncAPI message `name`, Protobuf the message. */
function namePath(view: ContractView, event: EventView): string {
  switch (view.type) {
    case "AVRO":
    case "ASYNCAPI":
      return `${event.path}/name`;
    case "JSON":
      return event.path === "" ? "/title" : `${event.path}/title`;
    case "PROTOBUF":
      return event.path;
  }
}

/** EVENT_NAME_PAST_TENSE: events are facts, named in the past tense (see event-names.ts for how names are read). */
export const EVENT_NAME_PAST_TENSE: LintRule = {
  id: "EVENT_NAME_PAST_TENSE",
  formats: ["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"],
  defaultSeverity: "warning",
  rationale: "An event records something that already happened; a name in the imperative reads as a command someone may refuse.",
  hint: "Name the event after what happened, verb last in the past tense: CreateOrder → OrderCreated.",
  practice:
    "Events are named as facts in the past tense (OrderPlaced, PaymentFailed); commands (PlaceOrder) are requests that may be rejected and belong on another channel. Applies to AsyncAPI messages (their `name`, else their id), Avro root records, Protobuf top-level messages that no other message uses, and JSON Schema roots (`title`, else the last `$id` segment).",
  optionDocs: { allow: "names accepted as they are (e.g. Heartbeat)" },
  check({ view, options }) {
    const allow = new Set(Array.isArray(options["allow"]) ? options["allow"].map(String) : []);
    const out: RuleReport[] = [];
    for (const event of view.events) {
      if (event.name === undefined || allow.has(event.name) || readsAsFact(event.name)) continue;
      const word = decidingWord(event.name);
      out.push({
        path: namePath(view, event),
        message: `event ${event.name} does not read as a fact: its last word${word !== undefined ? ` "${word}"` : ""} is not a verb in the past tense`,
      });
    }
    return out;
  },
};

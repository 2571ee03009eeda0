import { reservationsOf } from "../../protobuf/reservations.js";
import type { LintRule, RuleReport } from "../rule.js";
import { recordPairs, stillPresent } from "./pairs.js";

/** PROTOBUF_RESERVE_REMOVED: a removed Protobuf field's number and name are `reserved` (buf FIELD_NO_DELETE_UNLESS_*_RESERVED). */
export const PROTOBUF_RESERVE_REMOVED: LintRule = {
  id: "PROTOBUF_RESERVE_REMOVED",
  formats: ["PROTOBUF", "ASYNCAPI"],
  defaultSeverity: "error",
  needsPrevious: true,
  rationale: "A field number reused for another field makes old events decode into the wrong field; a reused name breaks JSON and text formats.",
  hint: "Add `reserved <number>;` and `reserved \"<name>\";` to the message for every field you delete.",
  practice:
    "Protobuf field numbers are never reused: when a field is deleted its number and name are reserved, so protoc refuses a later field that takes them (protobuf.dev \"Reserved Fields\"; buf breaking FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED / _NAME_RESERVED). Needs the previous version.",
  check({ view, previousView }) {
    const out: RuleReport[] = [];
    for (const { next, previous, schema } of recordPairs(view, previousView)) {
      if (schema.source.kind !== "protobuf" || !next.proto) continue;
      const reserved = reservationsOf(next.proto.reserved);
      for (const field of previous.fields) {
        if (!field.proto || stillPresent(field, next)) continue;
        const missing = [reserved.hasNumber(field.proto.number) ? undefined : `number ${field.proto.number}`, reserved.hasName(field.name) ? undefined : `name "${field.name}"`].filter((m) => m !== undefined);
        if (missing.length === 0) continue;
        out.push({ path: next.path, message: `field ${field.name} = ${field.proto.number} was removed from ${next.name ?? next.key} without reserving its ${missing.join(" and ")}` });
      }
    }
    return out;
  },
};

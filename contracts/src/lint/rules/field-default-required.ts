import { findOption } from "../../protobuf/ast.js";
import type { LintRule, RuleReport } from "../rule.js";
import { existedBefore, recordPairs } from "./pairs.js";

/** FIELD_DEFAULT_REQUIRED: fields added after the first version carry defaults (Avro; Protobuf proto2/editions presence). */
export const FIELD_DEFAULT_REQUIRED: LintRule = {
  id: "FIELD_DEFAULT_REQUIRED",
  formats: ["AVRO", "PROTOBUF", "ASYNCAPI"],
  defaultSeverity: "error",
  needsPrevious: true,
  rationale: "A reader with the new schema must fill the new field when it reads events written before the field existed.",
  hint: "Give the new field a default (Avro: `\"default\": null` with a [\"null\", …] union; proto2: `[default = …]`), or make it optional with a default.",
  practice:
    "New fields get defaults, so consumers upgraded first can still read old events (Avro schema resolution fills a missing writer field from the reader's default). Protobuf: a proto2 `required` field cannot be added at all, a proto2 `optional` one gets `[default = …]` (editions: no `LEGACY_REQUIRED` presence); proto3 fields always have the type's zero value. Needs the previous version (`--against`, the registry, or the gate's base).",
  check({ view, previousView }) {
    const out: RuleReport[] = [];
    for (const { next, previous, schema } of recordPairs(view, previousView)) {
      for (const field of next.fields) {
        if (existedBefore(field, previous)) continue;
        if (schema.source.kind === "avro") {
          if (!field.hasDefault) out.push({ path: field.path, message: `field ${field.name} was added to ${next.name ?? next.key} without a default: the new schema cannot read events written with the previous one` });
          continue;
        }
        if (schema.source.kind !== "protobuf" || !field.proto) continue;
        const syntax = schema.source.linked.file.syntax;
        if (syntax === "proto2" && field.proto.label === "required") {
          out.push({ path: field.path, message: `required field ${field.name} was added to ${next.name ?? next.key}: events written before it cannot be read` });
        } else if (syntax === "proto2" && field.proto.label === "optional" && !field.hasDefault && field.proto.resolved?.kind !== "message" && field.proto.mapKey === undefined) {
          out.push({ path: field.path, message: `optional field ${field.name} was added to ${next.name ?? next.key} without [default = …]` });
        } else if (syntax === "editions") {
          const presence = findOption(field.proto.options, "features.field_presence");
          if (presence?.kind === "ident" && presence.text === "LEGACY_REQUIRED") {
            out.push({ path: field.path, message: `field ${field.name} with LEGACY_REQUIRED presence was added to ${next.name ?? next.key}: events written before it cannot be read` });
          }
        }
      }
    }
    return out;
  },
};

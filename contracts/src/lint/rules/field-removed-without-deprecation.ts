import type { LintRule, RuleReport } from "../rule.js";
import { recordPairs, stillPresent } from "./pairs.js";

/** FIELD_REMOVED_WITHOUT_DEPRECATION: a field is deprecated in one version before a later version removes it. */
export const FIELD_REMOVED_WITHOUT_DEPRECATION: LintRule = {
  id: "FIELD_REMOVED_WITHOUT_DEPRECATION",
  formats: ["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"],
  defaultSeverity: "error",
  needsPrevious: true,
  rationale: "Consumers need a release's notice that a field goes away before it disappears from the events they read.",
  hint: "Put the field back and mark it deprecated (Avro `\"deprecated\": true` or a doc saying so, JSON Schema `deprecated: true`, Protobuf `[deprecated = true]`); remove it in a later version.",
  practice:
    "Fields are removed in two steps: deprecate first (consumers see the warning in generated code and docs and stop reading the field), remove in a later version. Avro marks deprecation with a `deprecated` property or a doc that says so, JSON Schema with `deprecated: true`, Protobuf with `[deprecated = true]`. Needs the previous version.",
  check({ view, previousView }) {
    const out: RuleReport[] = [];
    for (const { next, previous } of recordPairs(view, previousView)) {
      for (const field of previous.fields) {
        if (field.deprecated || stillPresent(field, next)) continue;
        out.push({ path: next.path, message: `field ${field.name}${field.proto ? ` = ${field.proto.number}` : ""} was removed from ${next.name ?? next.key} without being marked deprecated in the previous version` });
      }
    }
    return out;
  },
};

import type { LintRule } from "./rule.js";
import { CLOUDEVENTS_ATTRIBUTES } from "./rules/cloudevents-attributes.js";
import { DOCUMENTED } from "./rules/documented.js";
import { EVENT_ID_REQUIRED } from "./rules/event-id-required.js";
import { EVENT_NAME_PAST_TENSE } from "./rules/event-name-past-tense.js";
import { FIELD_DEFAULT_REQUIRED } from "./rules/field-default-required.js";
import { FIELD_REMOVED_WITHOUT_DEPRECATION } from "./rules/field-removed-without-deprecation.js";
import { PAYLOAD_SIZE } from "./rules/payload-size.js";
import { PROTOBUF_RESERVE_REMOVED } from "./rules/protobuf-reserve-removed.js";
import { TOPIC_PER_DOMAIN } from "./rules/topic-per-domain.js";

/**
 * Charter's built-in lint rules, in the order docs/lint.md lists them. Default severities (issue 15): errors
 * EVENT_ID_REQUIRED, FIELD_DEFAULT_REQUIRED, FIELD_REMOVED_WITHOUT_DEPRECATION, PROTOBUF_RESERVE_REMOVED;
 * warnings EVENT_NAME_PAST_TENSE, CLOUDEVENTS_ATTRIBUTES, PAYLOAD_SIZE, DOCUMENTED; off TOPIC_PER_DOMAIN.
 */
export const LINT_RULES: readonly LintRule[] = [
  EVENT_NAME_PAST_TENSE,
  EVENT_ID_REQUIRED,
  CLOUDEVENTS_ATTRIBUTES,
  FIELD_DEFAULT_REQUIRED,
  FIELD_REMOVED_WITHOUT_DEPRECATION,
  PROTOBUF_RESERVE_REMOVED,
  PAYLOAD_SIZE,
  TOPIC_PER_DOMAIN,
  DOCUMENTED,
];

/** The built-in rule with this id, if any. */
export function lintRule(id: string): LintRule | undefined {
  return LINT_RULES.find((r) => r.id === id);
}

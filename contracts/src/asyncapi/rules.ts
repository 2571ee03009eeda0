/**
 * The stable ids of AsyncAPI change rules. Structural rules compare channels, operations and messages;
 * schema rules delegate to the payload's format engine and carry its violations in `causes`.
 */
export type AsyncApiRule =
  | "CHANNEL_REMOVED"
  | "CHANNEL_ADDED"
  | "CHANNEL_ADDRESS_CHANGED"
  | "CHANNEL_PARAMETER_CHANGED"
  | "OPERATION_REMOVED"
  | "OPERATION_ADDED"
  | "OPERATION_ACTION_CHANGED"
  | "OPERATION_CHANNEL_CHANGED"
  | "OPERATION_REPLY_CHANGED"
  | "OPERATION_RENAMED"
  | "MESSAGE_REMOVED"
  | "MESSAGE_ADDED"
  | "MESSAGE_RENAMED"
  | "MESSAGE_CONTENT_TYPE_CHANGED"
  | "MESSAGE_CORRELATION_ID_CHANGED"
  | "MESSAGE_HEADERS_INCOMPATIBLE"
  | "MESSAGE_KEY_INCOMPATIBLE"
  | "PAYLOAD_INCOMPATIBLE"
  | "PAYLOAD_FORMAT_CHANGED"
  | "PAYLOAD_UNCHECKED"
  | "SERVERS_CHANGED"
  | "INFO_CHANGED";

/** How a rule's findings count: `breaking` refuses the document, `non-breaking` is reported only, `ignore` drops it. */
export type RuleSeverity = "breaking" | "non-breaking" | "ignore";

/**
 * Default severities. Removing or re-pointing what peers depend on breaks them; adding does not; `info` and
 * `servers` describe deployment, not the contract between producers and consumers, so they do not break
 * (unlike @asyncapi/diff's standard, which calls `info.version` and server edits breaking). Descriptions,
 * tags and externalDocs are never compared. A 2.x `operationId` or message `name`/`messageId` is a name, not an
 * identity (2.x operations are identified by channel and verb), so changing it is a rename that does not break.
 * `PAYLOAD_UNCHECKED` (a changed schema no engine could check) is
 * breaking: we refuse what we cannot prove compatible.
 */
export const DEFAULT_SEVERITY: Readonly<Record<AsyncApiRule, RuleSeverity>> = {
  CHANNEL_REMOVED: "breaking",
  CHANNEL_ADDED: "non-breaking",
  CHANNEL_ADDRESS_CHANGED: "breaking",
  CHANNEL_PARAMETER_CHANGED: "breaking",
  OPERATION_REMOVED: "breaking",
  OPERATION_ADDED: "non-breaking",
  OPERATION_ACTION_CHANGED: "breaking",
  OPERATION_CHANNEL_CHANGED: "breaking",
  OPERATION_REPLY_CHANGED: "breaking",
  OPERATION_RENAMED: "non-breaking",
  MESSAGE_REMOVED: "breaking",
  MESSAGE_ADDED: "non-breaking",
  MESSAGE_RENAMED: "non-breaking",
  MESSAGE_CONTENT_TYPE_CHANGED: "breaking",
  MESSAGE_CORRELATION_ID_CHANGED: "breaking",
  MESSAGE_HEADERS_INCOMPATIBLE: "breaking",
  MESSAGE_KEY_INCOMPATIBLE: "breaking",
  PAYLOAD_INCOMPATIBLE: "breaking",
  PAYLOAD_FORMAT_CHANGED: "breaking",
  PAYLOAD_UNCHECKED: "breaking",
  SERVERS_CHANGED: "non-breaking",
  INFO_CHANGED: "non-breaking",
};

/** True when `value` is one of the rule ids. */
export function isAsyncApiRule(value: string): value is AsyncApiRule {
  return Object.prototype.hasOwnProperty.call(DEFAULT_SEVERITY, value);
}

/**
 * The severity of `rule` under a policy (`CompatibilityOptions.policy`): a key naming a rule id with value
 * `"breaking"`, `"non-breaking"`, `"ignore"`, or a boolean (`true` = breaking, `false` = non-breaking)
 * overrides the default; other keys and values are ignored (they may be meant for a payload engine).
 */
export function severityOf(rule: AsyncApiRule, policy: Readonly<Record<string, string | boolean>> | undefined): RuleSeverity {
  const value = policy?.[rule];
  if (value === true || value === "breaking") return "breaking";
  if (value === false || value === "non-breaking") return "non-breaking";
  if (value === "ignore") return "ignore";
  return DEFAULT_SEVERITY[rule];
}

/**
 * The usual fix of each rule, one sentence (`Violation.hint`). Removing or re-pointing what peers use breaks
 * them; the fix is to keep the old element beside the new one until no peer needs it.
 */
export const ASYNCAPI_HINTS: Readonly<Record<AsyncApiRule, string>> = {
  CHANNEL_REMOVED: "Keep the channel (deprecate it first) until no application uses it, or publish the change as a new major version of the contract.",
  CHANNEL_ADDED: "Nothing to fix for BACKWARD: a new channel only stops the old document from taking over again (FORWARD).",
  CHANNEL_ADDRESS_CHANGED: "Keep the old address, or add the new address as a new channel and retire the old one once its peers moved.",
  CHANNEL_PARAMETER_CHANGED: "Keep the channel's parameters as they were, or add a channel with the new parameters beside it.",
  OPERATION_REMOVED: "Keep the operation (deprecate it first) until its peers are gone.",
  OPERATION_ADDED: "Nothing to fix for BACKWARD: a new operation only stops the old document from taking over again (FORWARD).",
  OPERATION_ACTION_CHANGED: "Keep the action; to change direction add a new operation and retire the old one later.",
  OPERATION_CHANNEL_CHANGED: "Keep the operation on its channel; add a new operation for the new channel.",
  OPERATION_REPLY_CHANGED: "Keep the reply as it was, or add a new operation with the new reply.",
  OPERATION_RENAMED: "Nothing to fix in the contract: an operationId only names the operation; update code generated from it.",
  MESSAGE_REMOVED: "Keep the message on its channel and operation until no peer sends or expects it.",
  MESSAGE_ADDED: "Nothing to fix for BACKWARD: consumers built on the old document do not know the new message (FORWARD).",
  MESSAGE_RENAMED: "Nothing to fix in the contract: the name only labels the message; update code that matches on it.",
  MESSAGE_CONTENT_TYPE_CHANGED: "Keep the content type; for a new encoding add a new message.",
  MESSAGE_CORRELATION_ID_CHANGED: "Keep the correlation id where it was: peers match replies by it.",
  MESSAGE_HEADERS_INCOMPATIBLE: "Change headers compatibly: add optional headers, keep existing ones and their types.",
  MESSAGE_KEY_INCOMPATIBLE: "Keep the Kafka key schema: a different key breaks its readers and changes partitioning.",
  PAYLOAD_INCOMPATIBLE: "Make the payload change compatible in the direction shown (each cause says how), or publish a new message instead.",
  PAYLOAD_FORMAT_CHANGED: "Keep the schema format; to move to another format add a new message in it.",
  PAYLOAD_UNCHECKED: "Use a schema format Charter checks (AsyncAPI/JSON Schema, Avro, Protobuf), or leave the schema unchanged.",
  SERVERS_CHANGED: "Nothing to fix: servers describe deployment, not the contract.",
  INFO_CHANGED: "Nothing to fix: info is documentation.",
};

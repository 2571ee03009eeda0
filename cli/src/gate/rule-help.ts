import type { SchemaType } from "@charter/contracts/core";

/** Help for one rule: a one-line summary and what to do about it. */
export interface RuleHelp {
  readonly summary: string;
  readonly help: string;
}

const h = (summary: string, help: string): RuleHelp => ({ summary, help });

const ADD_DEFAULT = "Give the new field a default, or make it optional, so data written without it can still be read.";
const KEEP_OR_DEFAULT = "Keep the element, or make the change in a new subject (a new major version) and migrate consumers.";
const NARROWED = "The new schema accepts fewer values than the old one: data valid under the old schema would be rejected. Widen the constraint back, or ship the change as a new subject.";
const WIDENED = "The new schema accepts values the old one rejects, so consumers still on the old schema cannot read new data. Keep the old constraint, or check at a level that does not include FORWARD.";

/**
 * The gate's own rules (about contracts as files) and the engines' rule ids (Avro `SchemaIncompatibilityType`,
 * Confluent JSON Schema `Difference.Type`, buf breaking rules, AsyncAPI rules) with help for a reviewer.
 */
const RULES: Readonly<Record<string, RuleHelp>> = {
  // The gate
  CONTRACT_DELETED: h("A contract was deleted", "Producers and consumers of the subject lose their contract. Restore the file, or set `allowDeletion: true` (for the mapping or globally) in charter.config.yaml, or add an ignore entry with a reason."),
  CONTRACT_RENAMED: h("A contract was renamed to another subject", "The file moved and its subject changed, so the old subject loses its contract. Keep the subject with a `subject:` template in charter.config.yaml, or accept it with `allowDeletion` or an ignore entry."),
  CONTRACT_INVALID: h("A contract does not parse", "The new version is not a valid schema of its format; the message names the place. Fix the file: the registry would refuse it too."),
  BASE_INVALID: h("The base version does not parse", "The old version of this contract is not valid, so the change could not be checked against it. The new version is treated as a new contract."),
  REFERENCE_NOT_REGISTERED: h("A referenced schema is not registered yet", "The registry cannot check this contract until the schemas it references are registered; they are registered first on the push to the main branch (`--register`)."),
  REGISTRY_ERROR: h("The registry could not be used", "The registry was unreachable, refused the credentials (set CHARTER_REGISTRY_AUTH to `user:password` or a token) or answered with an error; the message says which."),
  USAGE: h("The options do not fit together", "See `charter gate --help` and docs/gate.md."),
  NOT_A_REPOSITORY: h("Not inside a git work tree", "Run the gate in a checkout of the repository (actions/checkout in a workflow)."),
  CONFIG_INVALID: h("The configuration is invalid", "Fix charter.config.yaml at the line named; its JSON Schema is cli/src/gate/charter.config.schema.json (docs/gate.md)."),
  BASE_NOT_FOUND: h("The base to compare against is missing", "Fetch it (a shallow fetch is enough: `git fetch --depth=1 origin <base>`) or pass --base."),
  SUBJECT_CONFLICT: h("Two contracts map to one subject", "Give them distinct subjects with `subject:` templates in charter.config.yaml."),
  GIT_ERROR: h("A git command failed", "The message has git's own error."),
  SCHEMA_TYPE_CHANGED: h("The schema type changed", "A subject keeps one schema type (Confluent refuses a different type). Keep the format, or use a new subject."),
  INCOMPATIBLE: h("The registry found the change incompatible", "The registry's message says why; change the schema so it stays compatible at the subject's level."),
  // Avro (SchemaIncompatibilityType)
  READER_FIELD_MISSING_DEFAULT_VALUE: h("A field the reader needs has no default", `The reading schema has a field that data written with the other schema lacks, and no default to fill it. ${ADD_DEFAULT}`),
  TYPE_MISMATCH: h("A type changed incompatibly", "The reader's type cannot read the writer's (Avro promotions allow only int→long/float/double, long→float/double, float→double, string↔bytes). Keep the type, or add a new field with the new type."),
  MISSING_ENUM_SYMBOLS: h("Enum symbols were removed", "Data may still carry the removed symbols. Keep them, or give the enum a `default` symbol that readers fall back to."),
  MISSING_UNION_BRANCH: h("A union branch was removed", "Data written with the removed branch cannot be read. Keep the branch in the union."),
  NAME_MISMATCH: h("A named type was renamed", "Avro matches records, enums and fixed types by full name. Keep the name, or add the old one to `aliases`."),
  FIXED_SIZE_MISMATCH: h("A fixed type changed size", "Fixed values of another size cannot be read. Keep the size."),
  // Protobuf (buf rule ids; Confluent names in brackets in the messages)
  FIELD_NO_DELETE: h("A field was deleted or renumbered", "Field numbers identify fields on the wire: removing or renumbering one breaks readers of existing data. Keep the field (deprecate it), or reserve its number and name."),
  FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED: h("A field was deleted without reserving its number", "Reserve the deleted field's number (`reserved 4;`) so it is never reused with another meaning."),
  FIELD_SAME_TYPE: h("A field's type changed", "Readers decode the field with its old type. Keep the type, or add a new field with a new number."),
  FIELD_WIRE_COMPATIBLE_TYPE: h("A field's type changed to one with another wire encoding", "Only wire-compatible changes (e.g. int32↔int64↔uint32) are safe. Keep the type, or add a new field."),
  FIELD_SAME_CARDINALITY: h("A field's cardinality changed", "Changing between optional, repeated and map changes the wire meaning. Add a new field instead."),
  FIELD_WIRE_COMPATIBLE_CARDINALITY: h("A field's cardinality changed incompatibly on the wire", "Add a new field instead of changing an existing field's label."),
  FIELD_SAME_LABEL: h("A field's label changed", "Add a new field instead of changing an existing field's label."),
  FIELD_SAME_ONEOF: h("A field moved into or out of a oneof", "Moving fields between oneofs changes which fields can be set together. Leave existing fields where they are."),
  FIELD_SAME_JSON_NAME: h("A field's JSON name changed", "JSON consumers read fields by json_name. Keep it."),
  FIELD_SAME_NAME: h("A field was renamed", "Generated code and JSON use the name. Keep it, or accept the rename deliberately."),
  MESSAGE_NO_DELETE: h("A message was deleted", KEEP_OR_DEFAULT),
  ENUM_NO_DELETE: h("An enum was deleted", KEEP_OR_DEFAULT),
  ENUM_VALUE_NO_DELETE: h("An enum value was deleted", "Data may still carry the value. Keep it (deprecate it), or reserve its number and name."),
  ENUM_VALUE_SAME_NAME: h("An enum value was renamed", "JSON and text formats use the value's name. Keep it."),
  RESERVED_ENUM_NO_DELETE: h("An enum reservation was removed", "Removed reservations let old numbers come back with new meanings. Keep them."),
  RESERVED_MESSAGE_NO_DELETE: h("A message reservation was removed", "Removed reservations let old field numbers come back with new meanings. Keep them."),
  MESSAGE_SAME_REQUIRED_FIELDS: h("Required fields changed", "Adding or removing a proto2 required field breaks parsing of existing data. Avoid required fields."),
  FILE_SAME_PACKAGE: h("The package changed", "Full names of every type change with the package. Keep the package."),
  FILE_SAME_SYNTAX: h("The syntax changed", "proto2 and proto3 differ in presence and defaults. Keep the syntax."),
  ONEOF_FIELD_REMOVED: h("A oneof field was removed", KEEP_OR_DEFAULT),
  // buf FILE / PACKAGE rules (buf modules judged with their buf.yaml)
  FILE_NO_DELETE: h("A .proto file was deleted", "Generated code imports files by path: keep the file (it may be emptied of elements you move), or check with the PACKAGE category in buf.yaml if moving elements between files of a package is fine for you."),
  PACKAGE_NO_DELETE: h("A package was deleted", "Every type of the package disappears for its users. Keep the package, or move its types back."),
  PACKAGE_MESSAGE_NO_DELETE: h("A message was deleted from its package", KEEP_OR_DEFAULT),
  PACKAGE_ENUM_NO_DELETE: h("An enum was deleted from its package", KEEP_OR_DEFAULT),
  PACKAGE_SERVICE_NO_DELETE: h("A service was deleted from its package", KEEP_OR_DEFAULT),
  PACKAGE_EXTENSION_NO_DELETE: h("An extension was deleted from its package", KEEP_OR_DEFAULT),
  SERVICE_NO_DELETE: h("A service was deleted", "Clients of the service lose it. Keep it (deprecate its methods), or ship a new service in a new package version."),
  RPC_NO_DELETE: h("An RPC was deleted", "Clients calling the method fail. Keep it (mark it deprecated)."),
  ONEOF_NO_DELETE: h("A oneof was deleted", "Generated code exposes the oneof's case accessor. Keep the oneof."),
  EXTENSION_NO_DELETE: h("An extension was deleted", "Data and options that use the extension lose it. Keep it, or reserve its number."),
  EXTENSION_MESSAGE_NO_DELETE: h("An extension range was deleted", "Extensions declared in the range stop being valid. Keep the range."),
  ENUM_SAME_TYPE: h("An enum changed between open and closed", "Closed (proto2) and open (proto3) enums treat unknown values differently. Keep the enum's type."),
  ENUM_SAME_JSON_FORMAT: h("An enum's JSON format changed", "JSON readers parse the enum by the old rules. Keep the json_format feature."),
  MESSAGE_SAME_JSON_FORMAT: h("A message's JSON format changed", "JSON readers parse the message by the old rules. Keep the json_format feature."),
  MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR: h("A message lost its standard descriptor accessor", "Generated code uses `descriptor()`; keep `no_standard_descriptor_accessor` unset."),
  MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT: h("A message's message_set_wire_format changed", "The wire encoding of the message changes. Keep the option."),
  FIELD_SAME_DEFAULT: h("A field's default changed", "Readers fill missing values with the default; another default changes what old data means. Keep it."),
  FIELD_SAME_JSTYPE: h("A field's jstype changed", "JavaScript code reads the field as a string or a number by jstype. Keep it."),
  FIELD_SAME_CPP_STRING_TYPE: h("A field's C++ string type changed", "Generated C++ accessors change. Keep ctype / the string_type feature."),
  FIELD_SAME_JAVA_UTF8_VALIDATION: h("A field's Java UTF-8 validation changed", "Java parsing of existing data may start failing. Keep java_string_check_utf8 / the utf8_validation feature."),
  FIELD_SAME_UTF8_VALIDATION: h("A field's UTF-8 validation changed", "Parsers may start refusing existing data. Keep the utf8_validation feature."),
  FIELD_WIRE_JSON_COMPATIBLE_TYPE: h("A field's type changed incompatibly for the wire or JSON", "Only changes that keep both the binary and the JSON encoding are safe. Keep the type, or add a new field."),
  FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY: h("A field's cardinality changed incompatibly for the wire or JSON", "Add a new field instead of changing an existing field's label."),
  FIELD_NO_DELETE_UNLESS_NAME_RESERVED: h("A field was deleted without reserving its name", "Reserve the deleted field's name (`reserved \"old_name\";`) so JSON data using it is not misread."),
  ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED: h("An enum value was deleted without reserving its number", "Reserve the number (`reserved 3;`) so it is never reused with another meaning."),
  ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED: h("An enum value was deleted without reserving its name", "Reserve the name so JSON data using it is not misread."),
  RPC_SAME_REQUEST_TYPE: h("An RPC's request type changed", "Clients send the old type. Add a new RPC instead."),
  RPC_SAME_RESPONSE_TYPE: h("An RPC's response type changed", "Clients expect the old type. Add a new RPC instead."),
  RPC_SAME_CLIENT_STREAMING: h("An RPC's client streaming changed", "Clients call the method the old way. Add a new RPC instead."),
  RPC_SAME_SERVER_STREAMING: h("An RPC's server streaming changed", "Clients read the response the old way. Add a new RPC instead."),
  RPC_SAME_IDEMPOTENCY_LEVEL: h("An RPC's idempotency level changed", "Clients and proxies retry or cache by it. Keep it."),
  // JSON Schema (Confluent Difference.Type)
  TYPE_CHANGED: h("A type changed", NARROWED),
  TYPE_NARROWED: h("A type was narrowed", NARROWED),
  ENUM_ARRAY_NARROWED: h("Enum values were removed", NARROWED),
  REQUIRED_ATTRIBUTE_ADDED: h("A property became required", "Data written without the property is rejected. Make it optional, or give it a default."),
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: h("A required property was added to a closed content model", "Old data lacks the property. Make it optional."),
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: h("A property was removed from a closed content model", "With additionalProperties false, old data that carries the property is rejected. Keep the property, or open the content model."),
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: h("A property was removed and additionalProperties does not cover it", "Old data with the property is rejected. Keep it."),
  PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: h("A property was added to an open content model", "Old data may already use the name with another type. Close the content model first, or use a new name."),
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: h("A property was added that additionalProperties did not allow", WIDENED),
  ADDITIONAL_PROPERTIES_REMOVED: h("additionalProperties was closed", NARROWED),
  ADDITIONAL_PROPERTIES_NARROWED: h("additionalProperties was narrowed", NARROWED),
  ADDITIONAL_ITEMS_REMOVED: h("additionalItems was closed", NARROWED),
  ADDITIONAL_ITEMS_NARROWED: h("additionalItems was narrowed", NARROWED),
  MAX_LENGTH_ADDED: h("maxLength was added", NARROWED),
  MAX_LENGTH_DECREASED: h("maxLength was decreased", NARROWED),
  MIN_LENGTH_ADDED: h("minLength was added", NARROWED),
  MIN_LENGTH_INCREASED: h("minLength was increased", NARROWED),
  MAXIMUM_ADDED: h("maximum was added", NARROWED),
  MAXIMUM_DECREASED: h("maximum was decreased", NARROWED),
  MINIMUM_ADDED: h("minimum was added", NARROWED),
  MINIMUM_INCREASED: h("minimum was increased", NARROWED),
  EXCLUSIVE_MAXIMUM_ADDED: h("exclusiveMaximum was added", NARROWED),
  EXCLUSIVE_MAXIMUM_DECREASED: h("exclusiveMaximum was decreased", NARROWED),
  EXCLUSIVE_MINIMUM_ADDED: h("exclusiveMinimum was added", NARROWED),
  EXCLUSIVE_MINIMUM_INCREASED: h("exclusiveMinimum was increased", NARROWED),
  PATTERN_ADDED: h("A pattern was added", NARROWED),
  PATTERN_CHANGED: h("A pattern changed", NARROWED),
  MULTIPLE_OF_ADDED: h("multipleOf was added", NARROWED),
  MULTIPLE_OF_CHANGED: h("multipleOf changed", NARROWED),
  MULTIPLE_OF_EXPANDED: h("multipleOf was expanded", NARROWED),
  UNIQUE_ITEMS_ADDED: h("uniqueItems was added", NARROWED),
  ITEMS_ADDED: h("An items schema was added", NARROWED),
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: h("A tuple item was removed from a closed content model", NARROWED),
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: h("A tuple item was added to an open content model", "Old data may already hold another value at that position. Close the content model first."),
  COMBINED_TYPE_CHANGED: h("A combined type (allOf/anyOf/oneOf) changed", NARROWED),
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: h("Subschemas of a combined type changed", NARROWED),
  SUM_TYPE_NARROWED: h("An anyOf/oneOf lost alternatives", NARROWED),
  PRODUCT_TYPE_EXTENDED: h("An allOf gained subschemas", NARROWED),
  NOT_TYPE_EXTENDED: h("A not schema was extended", NARROWED),
  DEPENDENCY_ARRAY_ADDED: h("A property dependency was added", NARROWED),
  DEPENDENCY_ARRAY_EXTENDED: h("A property dependency was extended", NARROWED),
  DEPENDENCY_SCHEMA_ADDED: h("A schema dependency was added", NARROWED),
  COMPATIBILITY_CHECK_TOO_COMPLEX: h("The schemas are too complex to compare", "The engine gave up proving compatibility within its limits; simplify the change or accept it deliberately."),
  // AsyncAPI
  CHANNEL_REMOVED: h("A channel was removed", "Applications using the channel lose it. Keep it, or deprecate it first."),
  CHANNEL_ADDRESS_CHANGED: h("A channel's address changed", "Producers and consumers meet on the address. Keep it, or add a new channel."),
  CHANNEL_PARAMETER_CHANGED: h("A channel parameter changed", "Addresses built from the parameters change. Keep the parameters."),
  OPERATION_REMOVED: h("An operation was removed", "Peers relying on the operation lose it. Keep it, or deprecate it first."),
  OPERATION_ACTION_CHANGED: h("An operation's action changed", "send and receive swap who produces the messages. Add a new operation instead."),
  OPERATION_CHANNEL_CHANGED: h("An operation moved to another channel", "Peers look for the messages on the old channel. Add a new operation instead."),
  OPERATION_REPLY_CHANGED: h("An operation's reply changed", "Requesters expect the old reply. Keep it."),
  MESSAGE_REMOVED: h("A message was removed", "Peers may still send or expect it. Keep it."),
  MESSAGE_CONTENT_TYPE_CHANGED: h("A message's content type changed", "Consumers decode by content type. Keep it, or add a new message."),
  MESSAGE_CORRELATION_ID_CHANGED: h("A message's correlation id changed", "Request/reply matching uses it. Keep it."),
  MESSAGE_HEADERS_INCOMPATIBLE: h("A message's headers changed incompatibly", "See the nested causes from the header schema's engine."),
  MESSAGE_KEY_INCOMPATIBLE: h("A message's key changed incompatibly", "Partitioning and compaction use the key. Keep its schema compatible."),
  PAYLOAD_INCOMPATIBLE: h("A message payload changed incompatibly", "See the nested causes from the payload format's engine; fix them in the payload schema."),
  PAYLOAD_FORMAT_CHANGED: h("A payload's schema format changed", "Consumers decode with the old format. Keep it, or add a new message."),
  PAYLOAD_UNCHECKED: h("A changed payload could not be checked", "No engine could prove the payload change compatible, so it is refused. Use a schema format Charter checks (JSON Schema, Avro, Protobuf)."),
};

const FORMAT_HELP: Readonly<Record<SchemaType, string>> = {
  AVRO: "Avro schema resolution (the Avro specification, as Confluent checks it)",
  JSON: "JSON Schema compatibility (Confluent's Difference types)",
  PROTOBUF: "Protobuf compatibility (buf breaking rules, Confluent's Protobuf diff)",
  ASYNCAPI: "AsyncAPI contract compatibility (channels, operations, messages and their payloads)",
};

/** Help for a rule id; rules without their own text get one from their format. */
export function ruleHelp(rule: string, format?: SchemaType): RuleHelp {
  const known = RULES[rule];
  if (known) return known;
  // buf's FILE_SAME_<OPTION> rules: a file option that shapes generated code changed.
  const option = /^FILE_SAME_([A-Z0-9_]+)$/.exec(rule)?.[1];
  if (option) return h(`The file option ${option.toLowerCase()} changed`, `Generated code for some languages moves or changes with ${option.toLowerCase()}; code importing it breaks. Keep the option's value.`);
  const family = format ? FORMAT_HELP[format] : "the format's compatibility rules";
  return h(rule.toLowerCase().replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()), `A breaking change under ${family}. The message says what changed and where; keep the new schema compatible at the subject's level, or accept the break deliberately with an ignore entry and a reason.`);
}

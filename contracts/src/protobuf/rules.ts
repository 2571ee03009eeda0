/**
 * The Protobuf engine's rule catalogue: every buf rule id `protobufCompatibility` reports, with the Confluent
 * `Difference.Type` it carries (when Confluent names the change), the change it stands for, whether each named
 * policy reports it (`PROTOBUF_POLICIES`: CONFLUENT, BUF, APICURIO, KARAPACE) and the usual fix
 * (`Violation.hint`). One buf id can stand for several changes (FIELD_SAME_TYPE: kind, named type, exact type);
 * rows are per change. The BUF policy runs buf's own WIRE_JSON rules (`buf-policy.ts`), which name some changes
 * with other ids (`ProtobufRule.buf`) and check a few changes no other policy does (the rows breaking under BUF
 * only). `docs/compatibility.md` is generated from this list.
 */
import type { Violation } from "../format.js";

/** Which named policies report a change: `true` = breaking under that policy. */
export interface ProtobufVerdicts {
  readonly CONFLUENT: boolean;
  readonly BUF: boolean;
  readonly APICURIO: boolean;
  readonly KARAPACE: boolean;
}

/** One change kind. */
export interface ProtobufRule {
  /** The buf rule id (`Violation.rule`). */
  readonly rule: string;
  /** Confluent's `Difference.Type`, when Confluent names the change (`Violation.confluent`). */
  readonly confluent?: string;
  readonly change: string;
  readonly breaking: ProtobufVerdicts;
  /** The buf rule id the BUF policy (buf WIRE_JSON) reports this change under, when it is not `rule`. */
  readonly buf?: string;
  readonly hint: string;
}

const v = (CONFLUENT: boolean, BUF: boolean, APICURIO: boolean, KARAPACE: boolean): ProtobufVerdicts => ({ CONFLUENT, BUF, APICURIO, KARAPACE });
const ALL = v(true, true, true, true);
const BUF_ONLY = v(false, true, false, false);

/** Every change kind, in the order docs/compatibility.md lists them. */
export const PROTOBUF_RULES: readonly ProtobufRule[] = [
  { rule: "FILE_SAME_PACKAGE", confluent: "PACKAGE_CHANGED", change: "the package changed", breaking: v(true, true, true, false), hint: "keep the package; publish the new package under a new subject" },
  { rule: "FILE_SAME_SYNTAX", change: "syntax changed (proto2 ↔ proto3); reported with the single key `syntax: buf` (a buf FILE rule): BUF's WIRE_JSON rules check what the change does to JSON formats, cardinality and defaults instead", breaking: v(false, false, false, false), hint: "keep the old syntax; proto3 and proto2 differ in presence and defaults" },
  { rule: "MESSAGE_NO_DELETE", confluent: "MESSAGE_REMOVED", change: "a message was removed", breaking: v(true, false, true, true), hint: "keep the message (mark it deprecated) until no producer uses it" },
  { rule: "FIELD_NO_DELETE", change: "a field kept its name but changed number", breaking: v(false, true, true, true), buf: "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", hint: "keep the old number; add a new field for a new number" },
  { rule: "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", confluent: "FIELD_REMOVED", change: "a field was removed (or renumbered) without reserving its number", breaking: v(false, true, true, false), hint: "add `reserved <number>;` (and the name) where the field was" },
  { rule: "FIELD_SAME_TYPE", confluent: "FIELD_KIND_CHANGED", change: "a field changed kind (scalar ↔ message ↔ map; BUF reports a map ↔ repeated change as FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY)", breaking: ALL, buf: "FIELD_WIRE_JSON_COMPATIBLE_TYPE", hint: "keep the field's type; add a new field with the new type" },
  { rule: "FIELD_SAME_TYPE", confluent: "FIELD_NAMED_TYPE_CHANGED", change: "a message-typed field changed to another message, or its message changed incompatibly (BUF reports that change where it is, not on the field)", breaking: ALL, buf: "FIELD_WIRE_JSON_COMPATIBLE_TYPE", hint: "keep the field's message type, and change that message compatibly" },
  { rule: "FIELD_WIRE_COMPATIBLE_TYPE", confluent: "FIELD_SCALAR_KIND_CHANGED", change: "a scalar field changed to a type of another wire group (e.g. int32 → string)", breaking: ALL, buf: "FIELD_WIRE_JSON_COMPATIBLE_TYPE", hint: "keep a wire-compatible type (int32/int64/uint32/uint64/bool, sint32/sint64, string/bytes …)" },
  { rule: "FIELD_SAME_TYPE", confluent: "FIELD_SCALAR_KIND_CHANGED", change: "a scalar field changed type within its wire group (e.g. int32 → int64; BUF accepts only pairs that also share a JSON form: int32/uint32, int64/uint64, fixed32/sfixed32, fixed64/sfixed64)", breaking: v(false, true, true, false), buf: "FIELD_WIRE_JSON_COMPATIBLE_TYPE", hint: "keep the exact declared type, or use a policy that compares wire groups" },
  { rule: "FIELD_WIRE_COMPATIBLE_CARDINALITY", confluent: "FIELD_NUMERIC_LABEL_CHANGED", change: "a numeric field changed between singular and repeated", breaking: v(true, true, true, true), buf: "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", hint: "keep the label; add a new repeated field instead" },
  { rule: "FIELD_WIRE_COMPATIBLE_CARDINALITY", confluent: "FIELD_STRING_OR_BYTES_LABEL_CHANGED", change: "a string/bytes field changed between optional and repeated", breaking: v(false, true, false, false), buf: "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", hint: "none needed on the wire (readers of a singular field keep the last value); JSON and buf need the old label" },
  { rule: "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", change: "a field changed cardinality in a way its wire or JSON form notices: singular ↔ repeated (any type), optional ↔ required, repeated ↔ map", breaking: BUF_ONLY, hint: "keep the label; add a new field with the new cardinality" },
  { rule: "FIELD_WIRE_JSON_COMPATIBLE_TYPE", change: "a field changed to a type whose wire or JSON form differs (int32 → int64, string → bytes, enum → int32, another message or enum …)", breaking: BUF_ONLY, hint: "keep the field's type; add a new field with the new type" },
  { rule: "MESSAGE_SAME_REQUIRED_FIELDS", confluent: "REQUIRED_FIELD_ADDED", change: "a required field was added (proto2)", breaking: ALL, hint: "add the field as optional" },
  { rule: "MESSAGE_SAME_REQUIRED_FIELDS", confluent: "REQUIRED_FIELD_REMOVED", change: "a required field was removed (proto2)", breaking: ALL, hint: "keep the required field; required fields can never be removed safely" },
  { rule: "FIELD_SAME_ONEOF", confluent: "MULTIPLE_FIELDS_MOVED_TO_ONEOF", change: "several existing fields were moved into one oneof", breaking: ALL, hint: "move at most one existing field into a new oneof; add new fields to it instead" },
  { rule: "FIELD_SAME_ONEOF", confluent: "FIELD_MOVED_TO_EXISTING_ONEOF", change: "an existing field was moved into a oneof that already had members", breaking: ALL, hint: "leave the field where it was; a new oneof may take one existing field" },
  { rule: "FIELD_SAME_ONEOF", confluent: "ONEOF_FIELD_REMOVED", change: "a field left its oneof (still declared elsewhere)", breaking: ALL, hint: "keep the field in its oneof" },
  { rule: "FIELD_SAME_ONEOF", change: "one existing field was moved into a new oneof, or a oneof was renamed", breaking: BUF_ONLY, hint: "leave existing fields out of new oneofs, and keep oneof names" },
  { rule: "FIELD_NO_DELETE", confluent: "ONEOF_FIELD_REMOVED", change: "a field was removed from a oneof that stays", breaking: ALL, buf: "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", hint: "keep the oneof member, or remove the whole oneof" },
  { rule: "FIELD_SAME_JSON_NAME", confluent: "FIELD_NAME_CHANGED", change: "a field was renamed and its JSON name changed (APICURIO reports FIELD_SAME_NAME)", breaking: v(false, true, false, false), hint: "keep the field name (JSON payloads use it), or set json_name to the old one" },
  { rule: "FIELD_SAME_NAME", confluent: "FIELD_NAME_CHANGED", change: "a field was renamed (same number)", breaking: v(false, true, true, false), hint: "keep the field name; deprecate it and add a new field if needed" },
  { rule: "ENUM_NO_DELETE", confluent: "ENUM_REMOVED", change: "an enum was removed", breaking: v(false, false, false, false), hint: "keep the enum until no field uses it" },
  { rule: "ENUM_VALUE_NO_DELETE", confluent: "ENUM_CONST_REMOVED", change: "an enum value was removed", breaking: v(false, true, false, false), buf: "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", hint: "keep the value, or reserve its number and name" },
  { rule: "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", change: "an enum value was removed without reserving its name", breaking: BUF_ONLY, hint: "add `reserved \"NAME\";` where the value was" },
  { rule: "FIELD_NO_DELETE_UNLESS_NAME_RESERVED", change: "a field was removed (or renumbered) without reserving its name", breaking: BUF_ONLY, hint: "add `reserved \"name\";` where the field was" },
  { rule: "ENUM_VALUE_SAME_NAME", confluent: "ENUM_CONST_CHANGED", change: "an enum value was renamed (same number)", breaking: v(false, true, false, false), hint: "keep the value's name; JSON payloads carry it" },
  { rule: "RESERVED_MESSAGE_NO_DELETE", change: "a field reuses a number or name the old message reserved", breaking: v(false, true, true, false), hint: "pick a number and name that were never used" },
  { rule: "RESERVED_ENUM_NO_DELETE", change: "an enum value reuses a number or name the old enum reserved", breaking: v(false, true, true, false), hint: "pick a number and name that were never used" },
  { rule: "RESERVED_MESSAGE_NO_DELETE", change: "a reserved range or name of a message was removed or narrowed", breaking: BUF_ONLY, hint: "keep every reservation; reserved numbers and names are reserved for good" },
  { rule: "RESERVED_ENUM_NO_DELETE", change: "a reserved range or name of an enum was removed or narrowed", breaking: BUF_ONLY, hint: "keep every reservation; reserved numbers and names are reserved for good" },
  { rule: "MESSAGE_SAME_JSON_FORMAT", change: "a message's JSON format support went from ALLOW to LEGACY_BEST_EFFORT (proto3 → proto2, editions `features.json_format`)", breaking: BUF_ONLY, hint: "keep the syntax, or set `features.json_format = ALLOW`" },
  { rule: "ENUM_SAME_JSON_FORMAT", change: "an enum's JSON format support went from ALLOW to LEGACY_BEST_EFFORT", breaking: BUF_ONLY, hint: "keep the syntax, or set `features.json_format = ALLOW`" },
  { rule: "FIELD_SAME_DEFAULT", change: "a field's default value changed (proto2 `default`, editions explicit presence)", breaking: BUF_ONLY, hint: "keep the default; readers fill absent fields with their own" },
  { rule: "RPC_NO_DELETE", change: "an RPC was removed from a service", breaking: v(false, false, true, false), hint: "keep the RPC until no client calls it" },
  { rule: "SERVICE_NO_DELETE", change: "a service was removed", breaking: v(false, false, true, false), hint: "keep the service until no client calls it" },
  { rule: "RPC_SAME_REQUEST_TYPE", change: "an RPC changed its request type (APICURIO: or its client streaming)", breaking: v(false, true, true, false), hint: "add a new RPC with the new request type" },
  { rule: "RPC_SAME_RESPONSE_TYPE", change: "an RPC changed its response type (APICURIO: or its server streaming)", breaking: v(false, true, true, false), hint: "add a new RPC with the new response type" },
  { rule: "RPC_SAME_CLIENT_STREAMING", change: "an RPC changed its client streaming", breaking: BUF_ONLY, hint: "add a new RPC with the new streaming" },
  { rule: "RPC_SAME_SERVER_STREAMING", change: "an RPC changed its server streaming", breaking: BUF_ONLY, hint: "add a new RPC with the new streaming" },
  { rule: "RPC_SAME_IDEMPOTENCY_LEVEL", change: "an RPC changed its `idempotency_level`", breaking: BUF_ONLY, hint: "keep the idempotency level; clients retry by it" },
];

/** The hint of a violation: by buf id and Confluent type, else by buf id alone, else by the id BUF reports a change under. */
function hintOf(rule: string, confluent: string | undefined): string | undefined {
  return (PROTOBUF_RULES.find((r) => r.rule === rule && r.confluent === confluent) ?? PROTOBUF_RULES.find((r) => r.rule === rule) ?? PROTOBUF_RULES.find((r) => r.buf === rule))?.hint;
}

/** `v` with `hint` filled from the catalogue where it has one. */
export function withProtobufHint<V extends Violation>(violation: V): V {
  if (violation.hint !== undefined) return violation;
  const hint = hintOf(violation.rule, violation.confluent);
  return hint === undefined ? violation : { ...violation, hint };
}

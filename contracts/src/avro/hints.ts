import type { Violation } from "../format.js";
import type { AvroIncompatibility } from "./compatibility.js";

/**
 * The usual fix of each Avro incompatibility, one sentence (Avro spec 1.11 §Schema Resolution says what a
 * reader may differ in: defaults fill missing fields, aliases match renamed fields and types, enum defaults
 * take unknown symbols, and only the listed primitive promotions convert).
 */
export const AVRO_HINTS: Readonly<Record<AvroIncompatibility, string>> = {
  READER_FIELD_MISSING_DEFAULT_VALUE:
    "Give the field a default in the reading schema, or, if it was renamed, keep the old name as an alias; a field the new schema removes needs a default in the old one.",
  MISSING_ENUM_SYMBOLS: "Keep the symbol, or give the reading enum a default symbol for values it does not know.",
  TYPE_MISMATCH:
    "Keep the type, or change it only by a promotion Avro allows (int → long → float → double, string ↔ bytes); for another type add a new field with a default.",
  NAME_MISMATCH: "Keep the name, or list the old full name in the type's aliases.",
  FIXED_SIZE_MISMATCH: "Keep the fixed size; for another size add a new field with a default.",
  MISSING_UNION_BRANCH: "Keep every branch the writing schema may use in the reading schema's union: add branches, do not remove them.",
};

/** `violations` with {@link AVRO_HINTS} filled in (rules without advice, such as SCHEMA_TOO_DEEP, unchanged). */
export function withAvroHints(violations: readonly Violation[]): Violation[] {
  return violations.map((v) => (Object.hasOwn(AVRO_HINTS, v.rule) ? { ...v, hint: AVRO_HINTS[v.rule as AvroIncompatibility] } : v));
}

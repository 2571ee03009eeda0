import { readerWriterSentence, type CompatibilityLevel, type LevelViolation, type Violation } from "@charter/contracts/core";

function describe(v: Violation): Record<string, unknown> {
  return {
    // Protobuf engines name Confluent's Difference.Type separately from the buf rule id.
    errorType: v.confluent ?? v.rule,
    ...(v.confluent !== undefined ? { rule: v.rule } : {}),
    description: v.message,
    path: v.path,
    ...(v.line !== undefined ? { line: v.line } : {}),
    ...(v.causes !== undefined && v.causes.length > 0 ? { causes: v.causes.map(describe) } : {}),
    ...(v.hint !== undefined ? { hint: v.hint } : {}),
  };
}

/**
 * The `messages` of a compatibility answer (`verbose=true`) and of a 409: one JSON object per violation, as a
 * string — Confluent sends strings such as `{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'…'}`,
 * we send the same keys as real JSON plus `path`, `oldSchemaVersion`, `direction`, `readerWriter` (the direction
 * in words: "version 4 (old) cannot read data written with the new schema") and `hint` (the usual fix, when
 * the engine has one) — followed by `{"compatibility":"<level>"}` (Confluent ends its list with the level too).
 */
export function violationMessages(violations: readonly LevelViolation[], level: CompatibilityLevel): string[] {
  return [
    ...violations.map((v) =>
      JSON.stringify({ ...describe(v), oldSchemaVersion: v.version, direction: v.direction, readerWriter: readerWriterSentence(v.direction, v.version) }),
    ),
    JSON.stringify({ compatibility: level }),
  ];
}

/**
 * The 409 message for an incompatible registration, Confluent's wording:
 * `Schema being registered is incompatible with an earlier schema for subject "<s>", details: [...]`.
 */
export function incompatibleMessage(subject: string, violations: readonly LevelViolation[], level: CompatibilityLevel): string {
  return `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${violationMessages(violations, level).join(", ")}]`;
}

import type { CompatibilityOptions, Format, ParsedSchema, Violation } from "./format.js";

/**
 * Confluent's compatibility levels. BACKWARD (the default) = the new schema, as reader, reads data written with
 * the old one; FORWARD = the old schema reads data written with the new one; FULL = both. Non-transitive levels
 * compare with the latest version only, `_TRANSITIVE` ones with every (non-deleted) version.
 * Source: Confluent `CompatibilityLevel.java`, `CompatibilityChecker.java`.
 */
export type CompatibilityLevel =
  | "NONE"
  | "BACKWARD"
  | "BACKWARD_TRANSITIVE"
  | "FORWARD"
  | "FORWARD_TRANSITIVE"
  | "FULL"
  | "FULL_TRANSITIVE";

/** All levels, for validation of user input. */
export const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[] = [
  "NONE",
  "BACKWARD",
  "BACKWARD_TRANSITIVE",
  "FORWARD",
  "FORWARD_TRANSITIVE",
  "FULL",
  "FULL_TRANSITIVE",
];

/** Confluent's server default (`schema.compatibility.level=backward`). */
export const DEFAULT_COMPATIBILITY_LEVEL: CompatibilityLevel = "BACKWARD";

/** True when `value` names a level (case-sensitive, as Confluent's API is). */
export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === "string" && (COMPATIBILITY_LEVELS as readonly string[]).includes(value);
}

/** A violation found against one earlier version, tagged with the direction that failed. */
export interface LevelViolation extends Violation {
  /** The version of the earlier schema this was found against (as given in {@link PreviousVersion.version}). */
  readonly version: number;
  /** `backward`: the new schema cannot read this version's data; `forward`: this version cannot read new data. */
  readonly direction: "backward" | "forward";
}

/** An earlier version of a subject, for {@link checkLevel}. */
export interface PreviousVersion {
  readonly version: number;
  readonly schema: ParsedSchema;
}

/** The verdict of {@link checkLevel}: compatible when `violations` is empty. */
export interface LevelVerdict {
  readonly compatible: boolean;
  readonly violations: readonly LevelViolation[];
}

/**
 * Checks `next` against the earlier versions of a subject at `level`.
 * `previous` is ordered oldest → latest and holds only non-deleted versions. Non-transitive levels compare with
 * the latest only; transitive levels walk newest → oldest and stop at the first version that fails (Confluent
 * `SchemaValidatorBuilder.validateAll`). A schema of a different type than an earlier version is incompatible
 * with it (rule `SCHEMA_TYPE_CHANGED`). With no earlier versions, everything is compatible.
 */
export function checkLevel(
  format: Format,
  level: CompatibilityLevel,
  next: ParsedSchema,
  previous: readonly PreviousVersion[],
  options?: CompatibilityOptions,
): LevelVerdict {
  if (level === "NONE" || previous.length === 0) return { compatible: true, violations: [] };
  const transitive = level.endsWith("_TRANSITIVE");
  const backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
  const forward = level.startsWith("FORWARD") || level.startsWith("FULL");
  const against = transitive ? [...previous].reverse() : previous.slice(-1);
  for (const old of against) {
    const violations: LevelViolation[] = [];
    if (old.schema.type !== next.type) {
      violations.push({
        rule: "SCHEMA_TYPE_CHANGED",
        path: "",
        message: `Schema type changed from ${old.schema.type} to ${next.type}`,
        version: old.version,
        direction: backward ? "backward" : "forward",
      });
    } else {
      if (backward) {
        for (const v of format.compatibility(next, old.schema, { ...options, readerIs: "new" })) {
          violations.push({ ...v, version: old.version, direction: "backward" });
        }
      }
      if (forward) {
        for (const v of format.compatibility(old.schema, next, { ...options, readerIs: "old" })) {
          violations.push({ ...v, version: old.version, direction: "forward" });
        }
      }
    }
    if (violations.length > 0) return { compatible: false, violations };
  }
  return { compatible: true, violations: [] };
}

/**
 * Which schema reads and which wrote, in words, for a violation found in `direction`: backward → "the new
 * schema cannot read data written with version 4 (old)"; forward → "version 4 (old) cannot read data written
 * with the new schema". Without `version`, the earlier schema is "the old schema". (Confluent: BACKWARD = the
 * new schema reads the old one's data, FORWARD = the old schema reads the new one's.)
 */
export function readerWriterSentence(direction: "backward" | "forward", version?: number): string {
  const old = version !== undefined ? `version ${version} (old)` : "the old schema";
  return direction === "backward" ? `the new schema cannot read data written with ${old}` : `${old} cannot read data written with the new schema`;
}

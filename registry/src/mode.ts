/**
 * Confluent's registry modes (`Mode.java`). READWRITE (default) accepts writes; READONLY and READONLY_OVERRIDE
 * refuse them (42205); IMPORT accepts registrations that carry their own `id`/`version` and skips the
 * compatibility check (used to migrate registries with their ids). Confluent's global-only FORWARD mode
 * (request forwarding between clusters) is not supported.
 */
export type Mode = "READWRITE" | "READONLY" | "READONLY_OVERRIDE" | "IMPORT";

/** All modes, for validating user input. */
export const MODES: readonly Mode[] = ["READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT"];

/** Confluent's default mode. */
export const DEFAULT_MODE: Mode = "READWRITE";

/** True when `value` names a mode (case-sensitive, as Confluent's API is). */
export function isMode(value: unknown): value is Mode {
  return typeof value === "string" && (MODES as readonly string[]).includes(value);
}

/** True when `mode` refuses schema writes (register, delete). */
export function isReadOnly(mode: Mode): boolean {
  return mode === "READONLY" || mode === "READONLY_OVERRIDE";
}

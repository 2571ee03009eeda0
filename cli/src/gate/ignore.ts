import picomatch from "picomatch";
import type { IgnoreEntry } from "./config.js";

/** What an ignore entry is matched against: the finding's rule, its pointer (and its causes'), the contract. */
export interface IgnoreTarget {
  /** The finding's rule id, and its Confluent name when it has one (Protobuf). */
  readonly rules: readonly string[];
  readonly path: string;
  readonly subject: string;
  readonly file: string;
  readonly causePaths?: readonly string[];
}

/** A compiled ignore list: {@link IgnoreList.match} answers the entry accepting a finding, if any. */
export interface IgnoreList {
  match(target: IgnoreTarget): IgnoreEntry | undefined;
}

const hasGlob = (s: string): boolean => /[*?[\]{}]/.test(s);

/**
 * Compiles the configuration's ignore list. An entry matches a finding when its rule is one of the finding's
 * (rule id or Confluent name), its `path` equals the
 * finding's JSON Pointer or one of its causes' (glob characters `*`, `**` match several), and its optional
 * `subject` equals / `file` glob matches the contract. First matching entry wins.
 */
export function compileIgnoreList(entries: readonly IgnoreEntry[]): IgnoreList {
  const compiled = entries.map((entry) => {
    const path = hasGlob(entry.path) ? picomatch(entry.path, { dot: true }) : (p: string) => p === entry.path;
    const file = entry.file === undefined ? undefined : picomatch(entry.file, { dot: true });
    return { entry, path, file };
  });
  return {
    match(target) {
      for (const c of compiled) {
        if (!target.rules.includes(c.entry.rule)) continue;
        if (c.entry.subject !== undefined && c.entry.subject !== target.subject) continue;
        if (c.file && !c.file(target.file)) continue;
        if (c.path(target.path) || (target.causePaths ?? []).some((p) => c.path(p))) return c.entry;
      }
      return undefined;
    },
  };
}

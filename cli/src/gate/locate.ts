import type { FileLocation } from "./result.js";
import { TextMap } from "./text-map.js";

/** A violation's place as the engines report it (see `CheckViolation` in commands/check-report.ts). */
export interface ReportedPlace {
  readonly path: string;
  readonly line?: number;
  /** The version `path`/`line` point into, when the engine says; else the reader of `direction`. */
  readonly document?: "new" | "old";
  readonly direction?: "backward" | "forward";
  readonly causes?: ReadonlyArray<{ readonly path: string; readonly line?: number; readonly causes?: readonly unknown[] }>;
}

/** The two versions of one contract file, for {@link locate}. `old` is absent when there is no base text (registry mode, new contracts). */
export interface Versions {
  readonly file: string;
  readonly newText: string;
  readonly oldText?: string;
}

/** Text maps of one contract's versions, built once per contract and reused for all its violations. */
export class Locator {
  private newMap: TextMap | undefined;
  private oldMap: TextMap | undefined;
  private readonly lines = new Map<"new" | "old", string[]>();

  constructor(private readonly versions: Versions) {}

  private get next(): TextMap {
    return (this.newMap ??= new TextMap(this.versions.newText));
  }

  private get previous(): TextMap | undefined {
    return this.versions.oldText === undefined ? undefined : (this.oldMap ??= new TextMap(this.versions.oldText));
  }

  /** The column of a line's first non-blank character (1-based): where an editor puts the cursor for that line. */
  private indentColumn(line: number, version: "new" | "old" = "new"): number | undefined {
    let lines = this.lines.get(version);
    if (!lines) this.lines.set(version, (lines = (version === "new" ? this.versions.newText : (this.versions.oldText ?? "")).split("\n")));
    const text = lines[line - 1];
    if (text === undefined) return undefined;
    const at = text.search(/\S/);
    return at < 0 ? undefined : at + 1;
  }

  /**
   * Where to annotate a violation: in the new file when the place exists there — the engine's line when it
   * is in the new version (with the column of the pointer's key on that line, else of the line's first
   * character), else the pointer located in the new text, or translated from the old text by element identity
   * — and otherwise (a removal) the old version's line, marked `version: "old"`. Lines of nested causes are
   * preferred when the violation itself has none. Never throws; a place found nowhere is file-level.
   */
  locate(place: ReportedPlace): FileLocation {
    const file = this.versions.file;
    const doc = place.document ?? (place.direction === "forward" ? "old" : "new");
    const leaf = place.line === undefined ? firstCauseWithLine(place) : undefined;
    const line = place.line ?? leaf?.line;
    const path = leaf?.path ?? place.path;
    if (line !== undefined) {
      if (doc === "new") {
        const at = this.next.locate(path);
        const column = at?.exact && at.line === line ? at.column : this.indentColumn(line);
        return { file, line, ...(column !== undefined ? { column } : {}), version: "new" };
      }
      const moved = this.previous?.translate(path, this.next);
      if (moved) return { file, line: moved.line, column: moved.column, version: "new" };
      const at = this.previous?.locate(path);
      const column = at?.exact && at.line === line ? at.column : this.indentColumn(line, "old");
      return { file, line, ...(column !== undefined ? { column } : {}), version: "old" };
    }
    if (doc === "new") {
      const at = this.next.locate(path);
      if (at?.exact) return { file, line: at.line, column: at.column, version: "new" };
    }
    const moved = this.previous?.translate(path, this.next);
    if (moved) return { file, line: moved.line, column: moved.column, version: "new" };
    if (doc === "old") {
      const at = this.next.locate(path);
      if (at?.exact) return { file, line: at.line, column: at.column, version: "new" };
    }
    const removed = this.previous?.locate(path);
    if (removed?.exact) return { file, line: removed.line, column: removed.column, version: "old" };
    const partial = this.next.locate(path);
    return partial ? { file, line: partial.line, column: partial.column, version: "new" } : { file, version: "new" };
  }
}

/** The first cause (depth first) that carries a line. */
function firstCauseWithLine(place: ReportedPlace): { path: string; line: number } | undefined {
  const stack = [...(place.causes ?? [])].reverse();
  while (stack.length > 0) {
    const c = stack.pop() as { path: string; line?: number; causes?: readonly unknown[] };
    if (c.line !== undefined) return { path: c.path, line: c.line };
    for (const child of [...((c.causes ?? []) as Array<typeof c>)].reverse()) stack.push(child);
  }
  return undefined;
}

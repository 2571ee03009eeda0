import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { git } from "./git.js";
import type { ContractResult } from "./result.js";

/** One `@@ -a,b +c,d @@` hunk of a unified diff. */
interface Hunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
}

/** The hunks of `git diff -U0` output (a count left out means 1). */
export function parseHunks(diff: string): Hunk[] {
  const out: Hunk[] = [];
  for (const m of diff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    out.push({ oldStart: Number(m[1]), oldCount: m[2] === undefined ? 1 : Number(m[2]), newStart: Number(m[3]), newCount: m[4] === undefined ? 1 : Number(m[4]) });
  }
  return out;
}

/**
 * The head line that stands where base line `oldLine` was, given the `-U0` hunks between the two: a line
 * outside every hunk moves by the lines added and removed above it; a replaced line maps onto its replacement;
 * a removed line maps onto the first line after the removal (the line GitHub's diff shows the removal above).
 * Clamped to `1…headLines`.
 */
export function headLineOf(hunks: readonly Hunk[], oldLine: number, headLines: number): number {
  let delta = 0;
  let at: number | undefined;
  for (const h of hunks) {
    if (h.oldCount === 0) {
      // A pure insertion after base line oldStart.
      if (oldLine <= h.oldStart) break;
      delta += h.newCount;
      continue;
    }
    if (oldLine < h.oldStart) break;
    if (oldLine < h.oldStart + h.oldCount) {
      at = h.newCount > 0 ? h.newStart + Math.min(oldLine - h.oldStart, h.newCount - 1) : h.newStart + 1;
      break;
    }
    delta += h.newCount - h.oldCount;
  }
  return Math.min(Math.max(1, at ?? oldLine + delta), Math.max(1, headLines));
}

/**
 * Gives every `old` location of `contracts` (a removal, whose line is the base version's) its place in the head
 * file (`FileLocation.head`): `git diff -U0 -M <base> -- <base path> <head path>` against the work tree,
 * then {@link headLineOf}, with the column of that line's first non-blank character. GitHub attaches an
 * annotation to a line of the head ("Workflow commands for GitHub Actions": `file`, `line`), so a base line
 * number used as is would point at an unrelated head line whenever lines above it changed. Files gone at head
 * keep no head place.
 */
export async function placeRemovals(root: string, base: string, contracts: readonly ContractResult[]): Promise<ContractResult[]> {
  const cache = new Map<string, Promise<{ hunks: Hunk[]; lines: string[] } | undefined>>();
  const diffOf = (from: string, to: string): Promise<{ hunks: Hunk[]; lines: string[] } | undefined> => {
    const key = `${from}\0${to}`;
    let found = cache.get(key);
    if (!found) {
      found = (async () => {
        let text: string;
        try {
          text = await readFile(join(root, to), "utf8");
        } catch {
          return undefined;
        }
        try {
          const diff = await git(root, ["diff", "-U0", "-M", "--no-ext-diff", "--no-color", "--no-relative", base, "--", ...new Set([from, to])]);
          return { hunks: parseHunks(diff), lines: text.split("\n") };
        } catch {
          return undefined;
        }
      })();
      cache.set(key, found);
    }
    return found;
  };
  const out: ContractResult[] = [];
  for (const c of contracts) {
    if (!c.violations.some((v) => v.location.version === "old" && v.location.line !== undefined)) {
      out.push(c);
      continue;
    }
    const violations = [];
    for (const v of c.violations) {
      const loc = v.location;
      if (loc.version !== "old" || loc.line === undefined) {
        violations.push(v);
        continue;
      }
      const diff = await diffOf(c.previousFile ?? loc.file, loc.file);
      if (!diff) {
        violations.push(v);
        continue;
      }
      const line = headLineOf(diff.hunks, loc.line, diff.lines.length - (diff.lines.at(-1) === "" ? 1 : 0));
      const indent = (diff.lines[line - 1] ?? "").search(/\S/);
      const head = { line, ...(indent >= 0 ? { column: indent + 1 } : {}) };
      violations.push({ ...v, location: { ...loc, head } });
    }
    out.push({ ...c, violations });
  }
  return out;
}

/**
 * Writes a generated package to disk: every file, except hand-written upcaster steps that already exist (the
 * generator creates those once and never overwrites them). Writing the same package twice gives identical bytes.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { GeneratedPackage } from "./generate.js";

/** What {@link writePackage} did. */
export interface WriteResult {
  /** Files written (created or replaced), package-relative. */
  readonly written: readonly string[];
  /** Hand-written files that existed and were left as they were. */
  readonly kept: readonly string[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes `pkg` under `dir` (created when missing). Throws the file system's error when a write fails. */
export async function writePackage(dir: string, pkg: GeneratedPackage): Promise<WriteResult> {
  const written: string[] = [];
  const kept: string[] = [];
  for (const [path, text] of pkg.files) {
    const target = join(dir, path);
    if (pkg.handWritten.has(path) && (await exists(target))) {
      kept.push(path);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, "utf8");
    written.push(path);
  }
  return { written, kept };
}

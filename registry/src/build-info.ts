import { readFileSync } from "node:fs";

/** What the build recorded about itself (`registry/scripts/write-build-info.mjs`). */
export interface BuildInfo {
  /** The git commit the registry was built from (`<sha>-dirty` with uncommitted changes), or `"unknown"`. */
  readonly commitId: string;
}

/**
 * Reads `dist/build-info.json` of the registry package (the same path from `src/` and `dist/`), written by the
 * root `build` script when building from a git checkout. `{commitId: "unknown"}` when it is missing or
 * unreadable (a build outside git). Read once per call; {@link buildRegistry} calls it once at start.
 */
export function readBuildInfo(file: URL = new URL("../dist/build-info.json", import.meta.url)): BuildInfo {
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    const commitId = typeof value === "object" && value !== null ? (value as Record<string, unknown>).commitId : undefined;
    return { commitId: typeof commitId === "string" && commitId !== "" ? commitId : "unknown" };
  } catch {
    return { commitId: "unknown" };
  }
}

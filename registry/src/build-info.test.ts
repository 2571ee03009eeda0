import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readBuildInfo } from "./build-info.js";
import { buildRegistry } from "./build-registry.js";

const SCRIPT = fileURLToPath(new URL("../scripts/write-build-info.mjs", import.meta.url));
const head = (): string => execFileSync("git", ["rev-parse", "HEAD"], { cwd: fileURLToPath(new URL(".", import.meta.url)), encoding: "utf8" }).trim();

describe("GET /v1/metadata/version commitId", () => {
  it("reports the commit the build recorded (the build script writes dist/build-info.json from git)", async () => {
    execFileSync(process.execPath, [SCRIPT]);
    const recorded = readBuildInfo().commitId;
    expect(recorded).toMatch(/^[0-9a-f]{40}(-dirty)?$/);
    expect(recorded.slice(0, 40)).toBe(head());
    const app = await buildRegistry();
    try {
      const answer = await app.inject({ method: "GET", url: "/v1/metadata/version" });
      expect(answer.json()).toEqual({ version: expect.any(String), commitId: recorded });
    } finally {
      await app.close();
    }
  });

  it("says unknown when the build recorded nothing or something unreadable", () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-build-info-"));
    try {
      expect(readBuildInfo(pathToFileURL(join(dir, "missing.json")))).toEqual({ commitId: "unknown" });
      writeFileSync(join(dir, "bad.json"), "{not json");
      expect(readBuildInfo(pathToFileURL(join(dir, "bad.json")))).toEqual({ commitId: "unknown" });
      writeFileSync(join(dir, "empty.json"), '{"commitId": ""}');
      expect(readBuildInfo(pathToFileURL(join(dir, "empty.json")))).toEqual({ commitId: "unknown" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

#!/usr/bin/env node
// Records the git commit the registry is built from in dist/build-info.json, which `GET /v1/metadata/version`
// reports as `commitId` (Confluent reports its build's commit there). Run by the root `build` script. Outside a
// git checkout (a published package being rebuilt) it leaves any existing file alone and writes nothing.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const out = fileURLToPath(new URL("../dist/build-info.json", import.meta.url));
let commitId;
try {
  commitId = execFileSync("git", ["rev-parse", "HEAD"], { cwd: packageDir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
} catch {
  process.exit(0);
}
if (!/^[0-9a-f]{40}$/.test(commitId)) process.exit(0);
let dirty = false;
try {
  dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: packageDir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() !== "";
} catch {
  // Unknown: report the commit alone.
}
mkdirSync(fileURLToPath(new URL("../dist/", import.meta.url)), { recursive: true });
writeFileSync(out, JSON.stringify({ commitId: dirty ? `${commitId}-dirty` : commitId }) + "\n");

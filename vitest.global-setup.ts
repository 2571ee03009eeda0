/**
 * Runs once before the suite: brings `cli/dist` (and the packages it builds from) up to date with the sources,
 * incrementally (about half a second when current), because some tests run the built CLI as a user would
 * (`node cli/bin/charter.js`: serve, crash safety, runnable docs) and must not run a stale build. A build that
 * fails (a type error being worked on) is reported, not fatal: the tests that run sources still run.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export default async function buildCli(): Promise<void> {
  const root = fileURLToPath(new URL(".", import.meta.url));
  try {
    await promisify(execFile)(process.execPath, ["node_modules/typescript/bin/tsc", "-b", "cli/tsconfig.json"], { cwd: root });
  } catch (e) {
    const out = (e as { stdout?: string }).stdout ?? String(e);
    console.warn(`tsc -b cli/tsconfig.json failed: tests that run cli/bin/charter.js use the previous build\n${out.slice(0, 2000)}`);
  }
}

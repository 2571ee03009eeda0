import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "@charter/registry";

/**
 * Every fenced shell block marked `runnable` in README.md and docs/*.md (```` ```sh runnable ````, optionally
 * `exit=N` when the block demonstrates a failure, e.g. a breaking change's exit 1) runs as written with bash
 * (`set -e -o pipefail`) from the repository root, with node_modules/.bin on PATH so `npx charter` is this
 * checkout's (built first), against a registry this test starts: `http://127.0.0.1:8081` in a block is
 * replaced by its address. Each must end with its exit code — so the README's commands stay copy-paste true.
 */
const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const DOCS = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const FENCE = /^```(sh|bash|shell)([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;

/** One runnable block: where it is, the exit code it must end with, its text. */
interface RunnableBlock {
  readonly file: string;
  readonly line: number;
  readonly exit: number;
  readonly body: string;
}

/** The shell blocks of `markdown` whose info string has the word `runnable` (and maybe `exit=N`). */
function runnableBlocks(file: string, markdown: string): RunnableBlock[] {
  const out: RunnableBlock[] = [];
  for (const m of markdown.matchAll(FENCE)) {
    const words = m[2]!.trim().split(/\s+/);
    if (!words.includes("runnable")) continue;
    const exit = Number(/^exit=(\d+)$/.exec(words.find((w) => w.startsWith("exit=")) ?? "")?.[1] ?? 0);
    out.push({ file, line: markdown.slice(0, m.index).split("\n").length, exit, body: m[3]! });
  }
  return out;
}

const blocks = DOCS.flatMap((f) => runnableBlocks(f, readFileSync(join(ROOT, f), "utf8")));

function run(body: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn("bash", ["-e", "-o", "pipefail", "-c", body], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => done({ code, output }));
  });
}

describe("runnable documentation", () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    // `npx charter` runs cli/bin/charter.js → cli/dist, which vitest.global-setup.ts brought up to date.
    registry = await startRegistry({ host: "127.0.0.1", port: 0, dbPath: ":memory:", logger: false, workers: 0 });
  }, 240_000);
  afterAll(async () => registry?.close());

  it("the README marks its charter check commands runnable", () => {
    const readme = blocks.filter((b) => b.file === "README.md");
    expect(readme.filter((b) => b.body.includes("charter check")).length).toBeGreaterThanOrEqual(2);
    expect(readme.some((b) => b.body.includes("127.0.0.1:8081"))).toBe(true);
  });

  it.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))("%s runs as written", async (_where, block) => {
    const env = { ...process.env, PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH ?? ""}`, NO_COLOR: "1" };
    const body = block.body.replaceAll("http://127.0.0.1:8081", registry.url);
    const { code, output } = await run(body, env);
    expect(code, `${block.file}:${block.line} exited ${code}, expected ${block.exit}:\n${output}`).toBe(block.exit);
  });
});

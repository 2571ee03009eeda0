/**
 * Test support: runs the committed bundle the way a GitHub runner runs a node20 action ("Metadata syntax for
 * GitHub Actions": runs.using node20; "Variables": default environment variables) — `node dist/index.js` from a
 * copy of the Action's files outside this repository (`_actions/<owner>/<repo>/<ref>/`, no node_modules
 * above), inputs as `INPUT_<NAME>` (upper-cased, spaces → underscores, hyphens kept), GITHUB_* variables, the
 * event payload at GITHUB_EVENT_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, RUNNER_TEMP — and reads back
 * what a runner reads: the exit code, stdout (workflow commands), the summary and the outputs. Also builds
 * checkouts the way actions/checkout@v4 makes them for other events than pull_request (one commit deep).
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { git, removeDir, tempDir, type GateFixture } from "../../cli/test/gate-fixture.js";

/** A copy of the Action installed as a runner installs it, and a way to run it. */
export interface InstalledAction {
  /** The copied bundle a runner would start. */
  readonly entry: string;
  /** Runs `node dist/index.js` as a runner does for `setting`. */
  run(setting: RunnerSetting): Promise<ActionRun>;
  /** Removes the copy (call from afterAll). */
  remove(): void;
}

/**
 * Copies dist/index.js and action.yml to `_actions/charter/charter/v1/` in a fresh temporary directory. Each
 * test file installs its own copy: files may share this module, and one file's cleanup must not remove another's.
 */
export function installAction(): InstalledAction {
  const root = tempDir("runner-actions");
  const dir = join(root, "_actions", "charter", "charter", "v1");
  mkdirSync(join(dir, "dist"), { recursive: true });
  copyFileSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)), join(dir, "dist", "index.js"));
  copyFileSync(fileURLToPath(new URL("../action.yml", import.meta.url)), join(dir, "action.yml"));
  const entry = join(dir, "dist", "index.js");
  return { entry, run: (setting) => runAction(entry, setting), remove: () => removeDir(root) };
}

/** What a runner sees of one run. */
export interface ActionRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly outputs: Record<string, string>;
  /** The GITHUB_OUTPUT file as written. */
  readonly outputFile: string;
}

/** Reads a GITHUB_OUTPUT file (`name<<DELIMITER\nvalue\nDELIMITER` blocks, as @actions/core writes them). */
export function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join("\n");
  }
  return out;
}

/** The `::kind props::message` workflow commands among stdout's lines. */
export function workflowCommands(stdout: string, kind?: "error" | "warning" | "notice"): string[] {
  return stdout.split("\n").filter((l) => (kind ? l.startsWith(`::${kind} `) || l.startsWith(`::${kind}::`) : /^::(error|warning|notice)[ :]/.test(l)));
}

/** One run's setting: where, which event, which inputs; `summaryPrefix` is what the step's summary file already holds. */
export interface RunnerSetting {
  readonly dir: string;
  readonly workspace: string;
  readonly eventName: string;
  readonly eventPath: string;
  readonly inputs?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly summaryPrefix?: string;
}

/** Runs the bundle at `entry` (`node entry`) as a runner does for `setting`. */
function runAction(entry: string, setting: RunnerSetting): Promise<ActionRun> {
  const summaryFile = join(setting.dir, "step-summary.md");
  const outputFile = join(setting.dir, "output.txt");
  writeFileSync(summaryFile, setting.summaryPrefix ?? "");
  writeFileSync(outputFile, "");
  // The runner passes every input of action.yml, with its default when the workflow sets none.
  const inputEnv = Object.fromEntries(Object.entries(setting.inputs ?? {}).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v]));
  const childEnv: Record<string, string> = {
    PATH: process.env["PATH"] ?? "",
    HOME: process.env["HOME"] ?? setting.dir,
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_WORKSPACE: setting.workspace,
    GITHUB_EVENT_NAME: setting.eventName,
    GITHUB_EVENT_PATH: setting.eventPath,
    GITHUB_REPOSITORY: "acme/events",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_API_URL: "http://127.0.0.1:9",
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: setting.dir,
    ...inputEnv,
    ...(setting.env ?? {}),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [entry], { cwd: setting.workspace, env: childEnv, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      const written = readFileSync(outputFile, "utf8");
      resolve({ code, stdout, stderr, summary: readFileSync(summaryFile, "utf8"), outputs: readOutputs(written), outputFile: written });
    });
  });
}

/** A bare `origin` cloned from the fixture (its `main` and `feature` branches). */
export function bareOrigin(fixture: GateFixture, root: string): string {
  mkdirSync(root, { recursive: true });
  const origin = join(root, "origin.git");
  git(root, "clone", "-q", "--bare", fixture.dir, origin);
  return origin;
}

/**
 * A workspace as actions/checkout@v4 leaves it (fetch-depth 1): `git init`, `origin`, one commit fetched
 * into `refspec`'s destination, then checked out (`-B branch`, or detached). No other ref is fetched.
 */
export function shallowCheckout(root: string, origin: string, refspec: string, checkout: { readonly branch?: string; readonly ref: string }): string {
  const workspace = join(root, "workspace");
  mkdirSync(workspace, { recursive: true });
  git(workspace, "init", "-q");
  git(workspace, "remote", "add", "origin", `file://${origin}`);
  git(workspace, "fetch", "-q", "--no-tags", "--depth=1", "origin", refspec);
  if (checkout.branch) git(workspace, "checkout", "-q", "-B", checkout.branch, checkout.ref);
  else git(workspace, "checkout", "-q", "--detach", checkout.ref);
  return workspace;
}

/** Writes an event payload; returns its path. */
export function writeEvent(root: string, payload: unknown): string {
  const path = join(root, "event.json");
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

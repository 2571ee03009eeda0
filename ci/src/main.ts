/**
 * The GitHub Action (action.yml → dist/index.js, bundled by build.ts): a thin adapter over `charter gate`.
 * It reads the inputs, runs the gate library, writes the report (stdout with annotations, job summary, SARIF),
 * sets the outputs, optionally keeps one sticky pull-request comment, and exits with the gate's code
 * (0 compatible, 1 breaking, 2 invalid input).
 */
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { DEFAULT_SKIP_LABEL, emitReport, gateReport, parseFailOn, readGitHubEvent, runGate } from "@charter/cli/gate";
import { upsertStickyComment } from "./comment.js";

/** Runs the Action in the process's environment; resolves to the exit code. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const failOn = parseFailOn(core.getInput("fail-on"));
  if (!failOn) {
    core.error(`fail-on must be error, warning or never (got "${core.getInput("fail-on")}")`);
    return 2;
  }
  const workspace = env["GITHUB_WORKSPACE"] || process.cwd();
  const cwd = resolve(workspace, core.getInput("working-directory") || ".");
  const registry = core.getInput("registry");
  const result = await runGate({
    cwd,
    env,
    ...(core.getInput("base") ? { base: core.getInput("base") } : {}),
    ...(core.getInput("config") ? { config: core.getInput("config") } : {}),
    ...(registry ? { registry } : {}),
    register: core.getInput("register").toLowerCase() === "true",
    all: core.getInput("all").toLowerCase() === "true",
    failOn,
    skipLabel: core.getInput("skip-label") || DEFAULT_SKIP_LABEL,
    // "auto" (default): lint when the configuration has a lint section (docs/lint.md).
    ...(["true", "false"].includes(core.getInput("lint").toLowerCase()) ? { lint: core.getInput("lint").toLowerCase() === "true" } : {}),
    // actions/checkout clones one commit: fetch the base (depth 1) when the workflow did not.
    fetchBase: true,
  });
  const sarif = resolve(workspace, core.getInput("sarif") || join(env["RUNNER_TEMP"] || tmpdir(), "charter-gate.sarif"));
  const emitted = await emitReport(gateReport(result), {
    output: "text",
    annotations: true,
    ...(env["GITHUB_STEP_SUMMARY"] ? { summaryFile: env["GITHUB_STEP_SUMMARY"] } : {}),
    sarifFile: sarif,
    stdout: (text) => process.stdout.write(text),
  });
  for (const e of emitted.errors) core.warning(e);
  core.setOutput("breaking", result.breaking ? "true" : "false");
  core.setOutput("summary", emitted.markdown);
  core.setOutput("sarif", sarif);
  await comment(env, emitted.markdown);
  return result.exitCode;
}

/** The sticky comment, when a token is given and the event is a pull request from this repository. */
async function comment(env: NodeJS.ProcessEnv, markdown: string): Promise<void> {
  const token = core.getInput("github-token");
  const event = await readGitHubEvent(env);
  const pr = event?.pull_request;
  if (!token || !pr || typeof pr.number !== "number") return;
  const repository = env["GITHUB_REPOSITORY"] || pr.base?.repo?.full_name;
  const fork = pr.head?.repo?.fork === true || (pr.head?.repo?.full_name !== undefined && pr.head.repo.full_name !== pr.base?.repo?.full_name);
  if (fork || !repository) {
    core.notice("Pull request from a fork: its token cannot comment; the job summary has the report.");
    return;
  }
  const outcome = await upsertStickyComment({ apiUrl: env["GITHUB_API_URL"] || "https://api.github.com", repository, issueNumber: pr.number, token }, markdown);
  if (outcome.ok) core.info(`Pull request comment ${outcome.action} (id ${outcome.id}).`);
  else core.warning(`Could not comment on the pull request (HTTP ${outcome.status}: ${outcome.message.slice(0, 200)}); the job summary has the report.`);
}

process.exitCode = await run();

/**
 * The GitHub Action (action.yml → dist/index.js, bundled by build.ts): a thin adapter over `charter gate`.
 * It reads the inputs, runs the gate library, writes the report (stdout with annotations, job summary, SARIF),
 * sets the outputs, optionally keeps one sticky pull-request comment, and exits with the gate's code
 * (0 compatible, 1 breaking, 2 invalid input; an unexpected failure is also 2, with an `::error`).
 */
import { appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { DEFAULT_SKIP_LABEL, emitReport, gateReport, readGitHubEvent, runGate, type GateResult } from "@charter/cli/gate";
import { upsertStickyComment } from "./comment.js";
import { reportCrash } from "./crash.js";
import { readInputs } from "./inputs.js";
import { setGateOutputs } from "./outputs.js";

/** A run that stopped at its inputs: exit 2 with a USAGE finding, reported like any other problem. */
function usageResult(message: string): GateResult {
  return { mode: "offline", contracts: [], discovered: 0, problems: [{ rule: "USAGE", message }], failOn: "error", breaking: false, exitCode: 2 };
}

/** Runs the Action in the process's environment; resolves to the exit code. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const workspace = env["GITHUB_WORKSPACE"] || process.cwd();
  const inputs = readInputs();
  const sarif = resolve(workspace, (inputs.ok && inputs.value.sarif) || join(env["RUNNER_TEMP"] || tmpdir(), "charter-gate.sarif"));
  let result: GateResult;
  if (!inputs.ok) result = usageResult(inputs.error);
  else {
    const i = inputs.value;
    result = await runGate({
      cwd: resolve(workspace, i.workingDirectory || "."),
      env,
      ...(i.base ? { base: i.base } : {}),
      ...(i.config ? { config: i.config } : {}),
      ...(i.registry ? { registry: i.registry } : {}),
      register: i.register,
      all: i.all,
      failOn: i.failOn,
      skipLabel: i.skipLabel || DEFAULT_SKIP_LABEL,
      ...(i.lint !== undefined ? { lint: i.lint } : {}),
      // actions/checkout clones one commit: fetch the base (depth 1) when the workflow did not.
      fetchBase: true,
    });
  }
  const report = gateReport(result);
  const emitted = await emitReport(report, {
    output: "text",
    annotations: true,
    ...(env["GITHUB_STEP_SUMMARY"] ? { summaryFile: env["GITHUB_STEP_SUMMARY"] } : {}),
    sarifFile: sarif,
    stdout: (text) => process.stdout.write(text),
  });
  for (const e of emitted.errors) core.warning(e);
  const note = inputs.ok && inputs.value.githubToken ? await comment(env, inputs.value.githubToken, emitted.markdown) : undefined;
  let markdown = emitted.markdown;
  if (note !== undefined) {
    // The comment is missing: the job summary is the report, and says why.
    const paragraph = `> ${note}\n`;
    markdown += `\n${paragraph}`;
    if (env["GITHUB_STEP_SUMMARY"]) await appendFile(env["GITHUB_STEP_SUMMARY"], `${paragraph}\n`).catch(() => undefined);
  }
  setGateOutputs({ breaking: result.breaking, outcome: report.outcome, summary: markdown, sarif });
  return result.exitCode;
}

/**
 * The sticky comment, when the event is a pull request. Resolves to a note for the job summary when no
 * comment could be posted (a fork's read-only token, an HTTP error such as 403), else `undefined`. Never
 * fails the step: the comment is a convenience, the job summary and the annotations are the report.
 */
async function comment(env: NodeJS.ProcessEnv, token: string, markdown: string): Promise<string | undefined> {
  const event = await readGitHubEvent(env);
  const pr = event?.pull_request;
  if (!pr || typeof pr.number !== "number") return undefined;
  const repository = env["GITHUB_REPOSITORY"] || pr.base?.repo?.full_name;
  // pull_request from a fork gets a read-only token; pull_request_target runs with the base's token and may comment.
  const fork = env["GITHUB_EVENT_NAME"] !== "pull_request_target" && (pr.head?.repo?.fork === true || (pr.head?.repo?.full_name !== undefined && pr.head.repo.full_name !== pr.base?.repo?.full_name));
  if (fork || !repository) {
    core.notice("Pull request from a fork: its token cannot comment; the job summary has the report.");
    return `No pull-request comment: the pull request comes from a fork, whose token is read-only. This job summary is the report.`;
  }
  const outcome = await upsertStickyComment({ apiUrl: env["GITHUB_API_URL"] || "https://api.github.com", repository, issueNumber: pr.number, token }, markdown);
  if (outcome.ok) {
    core.info(`Pull request comment ${outcome.action} (id ${outcome.id}).`);
    return undefined;
  }
  const why = outcome.status === 0 ? outcome.message.slice(0, 200) : `HTTP ${outcome.status}${outcome.status === 403 ? ", the token may not write pull-request comments (a fork, or no `pull-requests: write` permission)" : ""}`;
  core.warning(`Could not comment on the pull request (${why}: ${outcome.message.slice(0, 200)}); the job summary has the report.`);
  return `The pull-request comment could not be posted (${why}). This job summary is the report.`;
}

// Exceptions outside the awaited chain (an emitter's error event) are crashes too: exit 2 with an ::error, not Node's exit 1.
const crash = (e: unknown): void => void reportCrash(e).then((code) => process.exit(code));
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);
try {
  process.exitCode = await run();
} catch (e) {
  process.exitCode = await reportCrash(e);
}

import { appendFile } from "node:fs/promises";
import * as core from "@actions/core";
import { setGateOutputs } from "./outputs.js";

/**
 * Reports an unexpected exception (a bug, or a runner file the Action cannot write) the way a runner shows it:
 * one `::error title=Charter gate crashed::…` annotation with the message and the top of the stack ("Workflow
 * commands for GitHub Actions": setting an error message; @actions/core escapes its newlines), the full stack
 * in the log, the job summary and the outputs when they can still be written (`outcome` `error`). Resolves to
 * exit code 2 — the gate's "could not decide", never 1, which means "breaking".
 */
export async function reportCrash(e: unknown): Promise<number> {
  const error = e instanceof Error ? e : new Error(String(e));
  const top = (error.stack ?? "").split("\n").slice(1, 4).map((l) => l.trim()).join("\n");
  core.error(`The Charter gate failed unexpectedly: ${error.message}${top ? `\n${top}` : ""}`, { title: "Charter gate crashed" });
  if (error.stack) core.info(error.stack);
  const summary = `## ⛔ Charter compatibility gate: crashed\n\n${error.message}\n`;
  const summaryFile = process.env["GITHUB_STEP_SUMMARY"];
  if (summaryFile) await appendFile(summaryFile, summary + "\n").catch(() => undefined);
  try {
    setGateOutputs({ breaking: false, outcome: "error", summary, sarif: "" });
  } catch (again) {
    core.info(`(outputs not set: ${again instanceof Error ? again.message : String(again)})`);
  }
  return 2;
}

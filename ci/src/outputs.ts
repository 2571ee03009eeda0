import * as core from "@actions/core";
import { limitMarkdown } from "@charter/cli/gate";

/**
 * The most of the summary the `summary` output carries. GitHub allows 1 MB of outputs per job, approximated
 * in UTF-16 ("Metadata syntax for GitHub Actions": outputs; "Workflow syntax": jobs.<job_id>.outputs), so
 * the output keeps a quarter of that in UTF-8 and leaves the rest to other steps; the job summary keeps more.
 */
export const SUMMARY_OUTPUT_LIMIT = 256 * 1024;

/** The values of the Action's outputs (action.yml `outputs`). */
export interface GateOutputs {
  readonly breaking: boolean;
  /** `pass`, `fail` (breaking, exit 1) or `error` (invalid input or a crash, exit 2). */
  readonly outcome: "pass" | "fail" | "error";
  readonly summary: string;
  readonly sarif: string;
}

/**
 * Sets every output, whatever the outcome, through @actions/core `setOutput`: with `GITHUB_OUTPUT` set it
 * appends `name<<ghadelimiter_<uuid>` … blocks ("Workflow commands for GitHub Actions": setting an output
 * parameter, multiline strings), so a summary's newlines are safe.
 */
export function setGateOutputs(outputs: GateOutputs): void {
  core.setOutput("breaking", outputs.breaking ? "true" : "false");
  core.setOutput("outcome", outputs.outcome);
  core.setOutput("summary", limitMarkdown(outputs.summary, SUMMARY_OUTPUT_LIMIT, "Cut here: the summary output holds at most 256 KiB; the job summary and the SARIF log have more.").markdown);
  core.setOutput("sarif", outputs.sarif);
}

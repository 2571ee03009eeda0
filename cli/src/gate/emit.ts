import { appendFile, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { renderAnnotations } from "../report/annotations.js";
import { renderJsonReport } from "../report/json.js";
import type { Report } from "../report/report.js";
import { renderSarif } from "../report/sarif.js";
import { renderMarkdown } from "../report/summary.js";
import { limitMarkdown, STEP_SUMMARY_LIMIT } from "../report/summary-limit.js";
import { renderText } from "../report/text.js";

/** Where one run's report goes (the CLI flags and the Action's inputs map onto these). */
export interface EmitOptions {
  /** stdout style: the human report, or the JSON report. */
  readonly output: "text" | "json";
  /** Print GitHub workflow commands (annotations) after the report on stdout. */
  readonly annotations: boolean;
  /** Append the Markdown summary to this file (`GITHUB_STEP_SUMMARY`). */
  readonly summaryFile?: string;
  /** Write the SARIF log here (directories are created). */
  readonly sarifFile?: string;
  readonly stdout: (text: string) => void;
}

/** What {@link emitReport} produced: the Markdown summary (as written: cut when over GitHub's limit), and the errors writing files (messages). */
export interface Emitted {
  readonly markdown: string;
  /** True when the summary was cut to fit GitHub's 1 MiB per step. */
  readonly truncated: boolean;
  readonly errors: readonly string[];
}

/** The size of a file, 0 when it does not exist yet. */
async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/**
 * Renders a report everywhere it is asked for: stdout (text or JSON), annotations (at most 10 of a kind, as
 * GitHub shows, the last one counting the rest), the step summary (appended, as GitHub expects, and cut with a
 * note when the step's summary would pass GitHub's 1 MiB), SARIF (every finding, always). Never throws: a file
 * that cannot be written is reported in `errors`.
 */
export async function emitReport(report: Report, options: EmitOptions): Promise<Emitted> {
  options.stdout(options.output === "json" ? renderJsonReport(report) : renderText(report));
  const rest = options.sarifFile ? `the job summary and the SARIF log (${options.sarifFile}) list every finding` : "the job summary lists every finding";
  if (options.annotations) options.stdout(renderAnnotations(report, { rest }));
  const full = renderMarkdown(report);
  // The step's summary file may already hold other text of this step; the limit is for the whole file.
  const room = options.summaryFile ? STEP_SUMMARY_LIMIT - (await sizeOf(options.summaryFile)) - 1 : STEP_SUMMARY_LIMIT - 1;
  const limited = limitMarkdown(full, room, `The summary is cut here: GitHub shows at most 1 MiB of a step's summary.${options.sarifFile ? " The SARIF log has every finding." : ""}`);
  const markdown = limited.markdown;
  const errors: string[] = [];
  if (options.summaryFile) {
    try {
      await appendFile(options.summaryFile, markdown + "\n");
    } catch (e) {
      errors.push(`cannot append the summary to ${options.summaryFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (options.sarifFile) {
    try {
      await mkdir(dirname(options.sarifFile), { recursive: true });
      await writeFile(options.sarifFile, renderSarif(report));
    } catch (e) {
      errors.push(`cannot write the SARIF log ${options.sarifFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { markdown, truncated: limited.truncated, errors };
}

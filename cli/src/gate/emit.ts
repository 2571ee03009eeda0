import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { renderAnnotations } from "../report/annotations.js";
import { renderJsonReport } from "../report/json.js";
import type { Report } from "../report/report.js";
import { renderSarif } from "../report/sarif.js";
import { renderMarkdown } from "../report/summary.js";
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

/** What {@link emitReport} produced: the Markdown summary, and the errors writing files (messages). */
export interface Emitted {
  readonly markdown: string;
  readonly errors: readonly string[];
}

/**
 * Renders a report everywhere it is asked for: stdout (text or JSON), annotations, the step summary (appended,
 * as GitHub expects), SARIF. Never throws: a file that cannot be written is reported in `errors`.
 */
export async function emitReport(report: Report, options: EmitOptions): Promise<Emitted> {
  options.stdout(options.output === "json" ? renderJsonReport(report) : renderText(report));
  if (options.annotations) options.stdout(renderAnnotations(report));
  const markdown = renderMarkdown(report);
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
  return { markdown, errors };
}

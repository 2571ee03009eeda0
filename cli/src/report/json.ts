import type { Report } from "./report.js";

/** `--output json`: the report itself (tool, outcome, exitCode, headline, details, sections with facts and findings, general findings, rules), one object, newline-terminated. */
export function renderJsonReport(report: Report): string {
  return JSON.stringify(report) + "\n";
}

import type { Finding, Report, ReportSection, Status } from "./report.js";

const ICON: Readonly<Record<Status | Report["outcome"], string>> = {
  pass: "✅",
  fail: "❌",
  error: "⛔",
  accepted: "☑️",
  invalid: "⛔",
  warning: "⚠️",
};

/** Escapes text for a Markdown table cell: pipes, newlines, and HTML-looking brackets. */
export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, "<br>");
}

/** `code` in a table cell (backticks inside are dropped, as Markdown has no escape for them in code spans). */
const code = (text: string): string => (text === "" ? "`\"\"`" : "`" + cell(text).replace(/`/g, "'") + "`");

function findingRow(f: Finding): string {
  const where = f.line !== undefined ? `${f.line}${f.column !== undefined ? `:${f.column}` : ""}` : "";
  const status = f.accepted !== undefined ? `accepted: ${f.accepted}` : f.severity;
  return `| ${code(f.rule)} | ${f.path !== undefined ? code(f.path) : ""} | ${where} | ${cell(status)} | ${cell(f.message)} |`;
}

function section(s: ReportSection): string[] {
  const labels = Object.keys(s.facts);
  const lines = [
    `### ${ICON[s.status]} ${code(s.title)}`,
    "",
    `| ${labels.map(cell).join(" | ")} |`,
    `|${labels.map(() => "---").join("|")}|`,
    `| ${labels.map((l) => cell(s.facts[l]!)).join(" | ")} |`,
  ];
  if (s.findings.length > 0) {
    lines.push("", "| rule | path | line | status | message |", "|---|---|---|---|---|", ...s.findings.map(findingRow));
  }
  return [...lines, ""];
}

/**
 * The report as GitHub-flavoured Markdown for the job summary (`GITHUB_STEP_SUMMARY`) and the PR comment: a
 * headline with the outcome, the details, then per section a table of its facts (for the gate: format, level,
 * verdict …) and a table of its findings (rule id, JSON Pointer, line, status, message).
 */
export function renderMarkdown(report: Report): string {
  const lines = [`## ${ICON[report.outcome]} ${report.title}: ${cell(report.headline)}`, ""];
  for (const d of report.details) lines.push(`- ${d}`);
  if (report.details.length > 0) lines.push("");
  if (report.general.length > 0) lines.push("| rule | path | line | status | message |", "|---|---|---|---|---|", ...report.general.map((f) => findingRow(f).replace(/^\| /, `| ${f.file !== undefined ? code(f.file) + " " : ""}`)), "");
  for (const s of report.sections) lines.push(...section(s));
  return lines.join("\n") + "\n";
}

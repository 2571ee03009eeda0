import type { Finding, Report } from "./report.js";

const MARK: Readonly<Record<string, string>> = { pass: "ok", fail: "FAIL", error: "ERROR", accepted: "accepted", invalid: "INVALID", warning: "warn" };

function findingLines(f: Finding, indent: string): string[] {
  const where = f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}${f.column !== undefined ? `:${f.column}` : ""}` : ""}` : "";
  const tag = f.accepted !== undefined ? `accepted ${f.severity}` : f.severity;
  return [
    `${indent}${where ? `${where}: ` : ""}${tag} ${f.rule}${f.path !== undefined ? ` at ${f.path || "/"}` : ""}`,
    ...f.message.split("\n").map((l) => `${indent}    ${l}`),
    ...(f.accepted !== undefined ? [`${indent}    accepted: ${f.accepted}`] : []),
  ];
}

/** The human report on stdout: the headline, the details, then per section its status, facts and findings. */
export function renderText(report: Report): string {
  const lines = [`${report.title}: ${report.headline}`];
  for (const d of report.details) lines.push(`  ${d.replace(/`/g, "")}`);
  for (const f of report.general) lines.push("", ...findingLines(f, ""));
  for (const s of report.sections) {
    const facts = Object.entries(s.facts)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    lines.push("", `[${MARK[s.status]}] ${s.title} (${facts})`);
    for (const f of s.findings) lines.push(...findingLines(f, "  "));
  }
  return lines.join("\n") + "\n";
}

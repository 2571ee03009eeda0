import { allFindings, type Finding, type Report } from "./report.js";

/** Escapes a workflow command's message (GitHub: `%`, CR and LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value (also `:` and `,`, which separate properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * One finding as a GitHub workflow command: `::error file=…,line=…,col=…,title=…::message` (`warning`,
 * `notice` for notes). An accepted finding becomes a `notice` whose message starts with why it was accepted,
 * so a deliberate break stays visible on its line without failing the check.
 */
export function annotation(finding: Finding): string {
  const command = finding.accepted !== undefined ? "notice" : finding.severity === "note" ? "notice" : finding.severity;
  const props: string[] = [];
  if (finding.file !== undefined) props.push(`file=${escapeProperty(finding.file)}`);
  if (finding.file !== undefined && finding.line !== undefined) props.push(`line=${finding.line}`);
  if (finding.file !== undefined && finding.line !== undefined && finding.column !== undefined) props.push(`col=${finding.column}`);
  props.push(`title=${escapeProperty(finding.title ?? finding.rule)}`);
  const message = finding.accepted !== undefined ? `Accepted (${finding.accepted}): ${finding.message}` : finding.message;
  return `::${command} ${props.join(",")}::${escapeData(message)}`;
}

/** Every finding of the report as workflow commands, one per line (GitHub reads them from the step's stdout). */
export function renderAnnotations(report: Report): string {
  const lines = allFindings(report).map(annotation);
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}

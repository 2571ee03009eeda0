import { allFindings, type Finding, type Report } from "./report.js";

/**
 * Escapes a workflow command's message, as GitHub's "Workflow commands for GitHub Actions" and @actions/core's
 * `escapeData` do: `%` → `%25`, CR → `%0D`, LF → `%0A`.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * Escapes a workflow command's property value (@actions/core's `escapeProperty`): as {@link escapeData}, and
 * also `:` → `%3A` and `,` → `%2C`, which would otherwise end the property.
 */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** The workflow command a finding becomes: accepted findings and notes are notices. */
export type AnnotationKind = "error" | "warning" | "notice";

/** The command of one finding. */
export function annotationKind(finding: Finding): AnnotationKind {
  return finding.accepted !== undefined || finding.severity === "note" ? "notice" : finding.severity;
}

/**
 * One finding as a GitHub workflow command: `::error file=…,line=…,col=…,title=…::message` (`warning`,
 * `notice` for notes), as in "Workflow commands for GitHub Actions" (setting an error/warning/notice message).
 * An accepted finding becomes a `notice` whose message starts with why it was accepted, so a deliberate break
 * stays visible on its line without failing the check. `line` and `col` are only given with a file (the
 * runner drops a column without a line anyway).
 */
export function annotation(finding: Finding): string {
  const command = annotationKind(finding);
  const props: string[] = [];
  if (finding.file !== undefined) props.push(`file=${escapeProperty(finding.file)}`);
  if (finding.file !== undefined && finding.line !== undefined) props.push(`line=${finding.line}`);
  if (finding.file !== undefined && finding.line !== undefined && finding.column !== undefined) props.push(`col=${finding.column}`);
  props.push(`title=${escapeProperty(finding.title ?? finding.rule)}`);
  const message = finding.accepted !== undefined ? `Accepted (${finding.accepted}): ${finding.message}` : finding.message;
  return `::${command} ${props.join(",")}::${escapeData(message)}`;
}

/**
 * How many annotations of each kind GitHub shows for one step: 10 errors, 10 warnings and 10 notices (and
 * 50 per job), per actions/toolkit docs/problem-matchers.md "Limitations"; the rest are dropped silently.
 */
export const ANNOTATIONS_PER_STEP = 10;

/** Options of {@link renderAnnotations}. */
export interface AnnotationOptions {
  /** Annotations of one kind shown at most (default {@link ANNOTATIONS_PER_STEP}); the last slot says how many more there are. */
  readonly perKind?: number;
  /** Where the remaining findings can be read, for the overflow annotation (default: the job summary and the SARIF log). */
  readonly rest?: string;
}

const NOUN: Readonly<Record<AnnotationKind, [string, string]>> = { error: ["error", "errors"], warning: ["warning", "warnings"], notice: ["notice", "notices"] };

/**
 * Every finding of the report as workflow commands, one per line (GitHub reads them from the step's stdout).
 * GitHub shows only {@link ANNOTATIONS_PER_STEP} annotations of a kind per step, so when a kind has more, the
 * first `perKind - 1` are printed and the last slot is one annotation of that kind saying how many more there
 * are and where they are (the job summary and the SARIF log list every finding) — instead of GitHub dropping
 * them without a word.
 */
export function renderAnnotations(report: Report, options: AnnotationOptions = {}): string {
  const perKind = Math.max(1, options.perKind ?? ANNOTATIONS_PER_STEP);
  const rest = options.rest ?? "the job summary and the SARIF log list every finding";
  const byKind = new Map<AnnotationKind, Finding[]>();
  for (const f of allFindings(report)) {
    const kind = annotationKind(f);
    byKind.set(kind, [...(byKind.get(kind) ?? []), f]);
  }
  const lines: string[] = [];
  for (const [kind, findings] of byKind) {
    const shown = findings.length <= perKind ? findings : findings.slice(0, perKind - 1);
    lines.push(...shown.map(annotation));
    const more = findings.length - shown.length;
    if (more > 0) {
      const [one, many] = NOUN[kind];
      const title = `${more} more ${more === 1 ? one : many} not annotated`;
      lines.push(`::${kind} title=${escapeProperty(title)}::${escapeData(`${findings.length} ${many} in all; GitHub shows ${perKind} ${many} per step, so ${more} more are not annotated here: ${rest}.`)}`);
    }
  }
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}

/**
 * The one result type every Charter reporter renders (GitHub annotations, step summary, SARIF, JSON, text),
 * whatever command produced it — `charter gate` today, `charter lint` later: findings with a rule id,
 * severity, file, line/column, message and help, grouped into sections (one per contract).
 */

/** Severity of a finding, in SARIF's and GitHub's words (`note` is GitHub's `notice`). */
export type Severity = "error" | "warning" | "note";

/** One thing a check found. */
export interface Finding {
  /** Stable rule id (see {@link Report.rules} for its help). */
  readonly rule: string;
  readonly severity: Severity;
  /** What is wrong, in one or a few sentences. */
  readonly message: string;
  /** A short title for annotations (defaults to the rule id). */
  readonly title?: string;
  /** Repository-relative POSIX path. */
  readonly file?: string;
  /** 1-based line and column. */
  readonly line?: number;
  readonly column?: number;
  /** The JSON Pointer of the place inside the document, when there is one. */
  readonly path?: string;
  /** Set when the finding is accepted deliberately (ignore list, label …): why. Reported, never hidden; it does not fail the run. */
  readonly accepted?: string;
}

/** Help for a rule: SARIF `reportingDescriptor`, the summary's legend. */
export interface RuleDescriptor {
  readonly id: string;
  /** One line: what the rule finds. */
  readonly summary: string;
  /** What to do about it. */
  readonly help: string;
}

/** The outcome a section or a report shows (its icon). */
export type Status = "pass" | "fail" | "accepted" | "invalid" | "warning";

/** A group of findings about one thing (a contract): a title, a few facts shown as a table row, the findings. */
export interface ReportSection {
  readonly title: string;
  readonly file?: string;
  readonly status: Status;
  /** Ordered label → value (e.g. subject, format, level, verdict). */
  readonly facts: Readonly<Record<string, string>>;
  readonly findings: readonly Finding[];
}

/** A whole run, ready for any reporter. */
export interface Report {
  readonly tool: { readonly name: string; readonly version: string };
  /** e.g. "Charter compatibility gate". */
  readonly title: string;
  readonly outcome: "pass" | "fail" | "error";
  readonly exitCode: number;
  /** One line saying what happened. */
  readonly headline: string;
  /** Context lines (what was compared, how; accepted breaks …), Markdown allowed. */
  readonly details: readonly string[];
  readonly sections: readonly ReportSection[];
  /** Findings about the run as a whole (bad configuration …). */
  readonly general: readonly Finding[];
  /** Help for every rule used by a finding. */
  readonly rules: readonly RuleDescriptor[];
}

/** Every finding of a report, sections first, in order. */
export function allFindings(report: Report): Finding[] {
  return [...report.sections.flatMap((s) => s.findings), ...report.general];
}

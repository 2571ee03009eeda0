import { allFindings, type Finding, type Report, type Severity } from "./report.js";

/** The SARIF 2.1.0 schema URI (OASIS; what GitHub code scanning expects in `$schema`). */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = { error: "error", warning: "warning", note: "note" };

function result(finding: Finding, ruleIndex: number): Record<string, unknown> {
  const region =
    finding.line !== undefined ? { region: { startLine: finding.line, ...(finding.column !== undefined ? { startColumn: finding.column } : {}) } } : {};
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    ...(finding.file !== undefined
      ? { locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(finding.file), uriBaseId: "%SRCROOT%" }, ...region } }] }
      : {}),
    ...(finding.path !== undefined ? { properties: { pointer: finding.path } } : {}),
    // Accepted breaks stay in the log as suppressed results (SARIF §3.27.23), with the reason as justification.
    ...(finding.accepted !== undefined ? { suppressions: [{ kind: "external", status: "accepted", justification: finding.accepted }] } : {}),
  };
}

/**
 * The report as a SARIF 2.1.0 log (one run): the tool with a `reportingDescriptor` per rule (id, short
 * description, help text), and one result per finding with its level, message, location (repository-relative
 * URI under `%SRCROOT%`, start line/column) and, for accepted findings, an external suppression with the
 * reason. Upload it with github/codeql-action/upload-sarif for code scanning alerts.
 */
export function toSarif(report: Report): Record<string, unknown> {
  const ids = report.rules.map((r) => r.id);
  const rules = report.rules.map((r) => ({
    id: r.id,
    name: r.id
      .toLowerCase()
      .split("_")
      .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
      .join(""),
    shortDescription: { text: r.summary },
    fullDescription: { text: `${r.summary}. ${r.help}` },
    help: { text: r.help, markdown: `**${r.summary}.** ${r.help}` },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, rules } },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The repository root." } } },
        results: allFindings(report).map((f) => result(f, ids.indexOf(f.rule))),
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

/** {@link toSarif} as pretty-printed JSON text. */
export function renderSarif(report: Report): string {
  return JSON.stringify(toSarif(report), null, 2) + "\n";
}

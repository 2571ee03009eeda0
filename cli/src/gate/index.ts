/**
 * `@charter/cli/gate`: the compatibility gate as a library — what `charter gate` runs and the GitHub Action
 * (ci/) bundles. `runGate` finds and checks the changed contracts; `gateReport` turns the result into the
 * generic report the reporters render; `emitReport` writes it out.
 */
export { runGate, DEFAULT_SKIP_LABEL, type GateOptions } from "./run-gate.js";
export { gateReport } from "./report.js";
export { emitReport, type EmitOptions, type Emitted } from "./emit.js";
export { parseFailOn } from "./fail-on.js";
export { readGitHubEvent, resolveBase, type BaseRef, type GitHubEvent } from "./base-ref.js";
export { authorizationHeader, RegistryClient } from "./registry-client.js";
export * from "./result.js";
export type { Finding, Report, ReportSection, RuleDescriptor } from "../report/report.js";
export { renderAnnotations } from "../report/annotations.js";
export { renderMarkdown } from "../report/summary.js";
export { limitMarkdown, STEP_SUMMARY_LIMIT } from "../report/summary-limit.js";
export { renderSarif, toSarif } from "../report/sarif.js";

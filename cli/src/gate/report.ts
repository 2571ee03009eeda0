import type { Finding, Report, ReportSection, RuleDescriptor, Status } from "../report/report.js";
import { CLI_VERSION } from "../version.js";
import type { ContractResult, GateResult, GateViolation, ViolationCause } from "./result.js";
import { ruleHelp } from "./rule-help.js";

const STATUS: Readonly<Record<ContractResult["verdict"], Status>> = {
  compatible: "pass",
  breaking: "fail",
  accepted: "accepted",
  invalid: "invalid",
  unchecked: "warning",
};

function causeText(causes: readonly ViolationCause[] | undefined, depth = 1): string {
  if (!causes || causes.length === 0) return "";
  return causes.map((c) => `\n${"  ".repeat(depth)}- ${c.rule} at ${c.path || "/"}: ${c.message}${causeText(c.causes, depth + 1)}`).join("");
}

function finding(result: ContractResult, v: GateViolation, base: GateResult["base"], registry: boolean): Finding {
  const direction = v.direction ? ` [${v.direction}]` : "";
  const old = v.location.version === "old" && v.location.line !== undefined ? ` (line ${v.location.line} of ${result.previousFile ?? result.file} at ${base ? base.ref : "base"})` : "";
  const confluent = v.confluent !== undefined ? ` [Confluent ${v.confluent}]` : "";
  const versus = registry && v.version !== undefined ? ` (against registered version ${v.version})` : "";
  const prefix = result.subject !== result.file ? `subject ${result.subject}: ` : "";
  const place = v.location.head ?? v.location;
  return {
    rule: v.rule,
    severity: v.severity,
    message: `${prefix}${v.message}${confluent}${versus}${direction}${old}${causeText(v.causes)}`,
    title: v.lint ? `${v.rule} (lint)` : `${v.rule}${result.level ? ` (${result.level})` : result.checkedWith ? ` (${result.checkedWith})` : ""}`,
    file: v.location.file,
    // A removal is annotated where it happened in the head file; its base line is in the message.
    ...(place.line !== undefined ? { line: place.line } : {}),
    ...(place.column !== undefined ? { column: place.column } : {}),
    path: v.path,
    ...(v.accepted !== undefined ? { accepted: v.accepted } : {}),
  };
}

function section(result: ContractResult, gate: GateResult): ReportSection {
  const facts: Record<string, string> = {
    subject: result.subject,
    format: result.format,
    level: result.level ?? result.checkedWith ?? "registry default",
    change: result.previousFile !== undefined ? `${result.change} (from ${result.previousFile})` : result.change,
    verdict: result.verdict,
  };
  if (result.registered) facts["registered"] = `id ${result.registered.id}${result.registered.version !== undefined ? `, version ${result.registered.version}` : ""}`;
  return { title: result.file, file: result.file, status: STATUS[result.verdict], facts, findings: result.violations.map((v) => finding(result, v, gate.base, gate.mode === "registry")) };
}

function headline(gate: GateResult): string {
  if (gate.problems.length > 0) return gate.problems[0]!.message;
  const n = gate.contracts.length;
  const count = (k: number, what: string): string => `${k} ${what}${k === 1 ? "" : "s"}`;
  const invalid = gate.contracts.filter((c) => c.verdict === "invalid").length;
  const failing = gate.contracts.filter((c) => c.verdict === "breaking");
  // A contract failing only on lint rules (docs/lint.md) is not a compatibility break.
  const lintOnly = failing.filter((c) => c.violations.every((v) => v.lint || v.accepted !== undefined || v.severity !== "error")).length;
  const breaking = failing.length - lintOnly;
  const accepted = gate.contracts.filter((c) => c.verdict === "accepted").length;
  const scope = `${count(n, "contract")} checked of ${gate.discovered}`;
  if (invalid > 0) return `${count(invalid, "invalid contract")} (${scope})`;
  if (breaking > 0) return `${breaking} of ${count(n, "contract")} break compatibility${lintOnly > 0 ? `; ${lintOnly} more fail${lintOnly === 1 ? "s" : ""} lint rules` : ""}`;
  if (lintOnly > 0) return `${lintOnly} of ${count(n, "contract")} fail${lintOnly === 1 ? "s" : ""} lint rules (compatible)`;
  if (n === 0) return `no contract changed (${count(gate.discovered, "contract")} in the repository)`;
  return `${scope}: compatible${accepted > 0 ? ` (${accepted} with accepted breaks)` : ""}`;
}

/** The gate's result as the generic {@link Report} every reporter renders. */
export function gateReport(gate: GateResult): Report {
  const details: string[] = [];
  if (gate.base) details.push(`Compared with base \`${gate.base.ref}\` (${gate.base.commit.slice(0, 12)}, from ${gate.base.source})${gate.mode === "offline" ? ", offline" : ""}`);
  if (gate.registry) details.push(`Checked through the registry ${gate.registry} (its level for each subject applies)`);
  if (gate.skipLabel !== undefined) {
    const n = gate.contracts.flatMap((c) => c.violations).filter((v) => v.accepted?.startsWith("accepted by the pull request label")).length;
    details.push(`Label \`${gate.skipLabel}\` is set on the pull request: ${n} breaking change${n === 1 ? "" : "s"} accepted, not failing the check`);
  }
  if (gate.failOn !== "error") details.push(`fail-on: ${gate.failOn}`);
  if (gate.lint) {
    const open = gate.contracts.flatMap((c) => c.violations.filter((v) => v.lint && v.accepted === undefined));
    const errors = open.filter((v) => v.severity === "error").length;
    details.push(`Linted with the event-design rules (docs/lint.md): ${errors} error${errors === 1 ? "" : "s"}, ${open.length - errors} warning${open.length - errors === 1 ? "" : "s"}`);
  }
  const general: Finding[] = gate.problems.map((p) => ({
    rule: p.rule,
    severity: "error",
    message: p.message,
    ...(p.file !== undefined ? { file: p.file } : {}),
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
  }));
  const sections = gate.contracts.map((c) => section(c, gate));
  const used = new Map<string, RuleDescriptor>();
  const lintHelp = new Map((gate.lint?.rules ?? []).map((r) => [r.id, r]));
  for (const c of gate.contracts) for (const v of c.violations) if (!used.has(v.rule)) used.set(v.rule, (v.lint ? lintHelp.get(v.rule) : undefined) ?? { id: v.rule, ...ruleHelp(v.rule, c.format) });
  for (const p of gate.problems) if (!used.has(p.rule)) used.set(p.rule, { id: p.rule, ...ruleHelp(p.rule) });
  return {
    tool: { name: "charter", version: CLI_VERSION },
    title: "Charter compatibility gate",
    outcome: gate.exitCode === 0 ? "pass" : gate.exitCode === 1 ? "fail" : "error",
    exitCode: gate.exitCode,
    headline: headline(gate),
    details,
    sections,
    general,
    rules: [...used.values()],
  };
}

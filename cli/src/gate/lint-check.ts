import { lintSchema, type LintRule, type RuleSetting } from "@charter/contracts";
import type { RuleDescriptor } from "../report/report.js";
import { parseVersion, type ContractVersion } from "./contract-check.js";
import type { ContractResult, GateViolation } from "./result.js";

/** What the gate lints with: the configuration's rule settings and the loaded plugin rules. */
export interface GateLint {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly plugins: readonly LintRule[];
}

/** Help for every lint rule (built-in and plugins), for the report's rule legend and SARIF descriptors. */
export function lintDescriptors(rules: readonly LintRule[]): RuleDescriptor[] {
  return rules.map((r) => ({ id: r.id, summary: r.rationale.replace(/\.$/, ""), help: r.hint }));
}

/**
 * Lints the head version of a checked contract (docs/lint.md), with its base version as the previous one
 * (`FIELD_DEFAULT_REQUIRED` and the other comparing rules need it), and appends the findings to the result
 * as violations marked `lint: true`, located on the head file. An invalid contract is left as it is (it has
 * its CONTRACT_INVALID); a base that does not parse is linted without a previous version.
 */
export async function lintResult(result: ContractResult, head: ContractVersion, base: ContractVersion | undefined, lint: GateLint): Promise<ContractResult> {
  if (result.verdict === "invalid") return result;
  const next = await parseVersion(head);
  if (!next.ok) return result;
  const previous = base ? await parseVersion(base) : undefined;
  const findings = lintSchema(next.value, { ...(previous?.ok ? { previous: previous.value } : {}), rules: lint.rules, plugins: lint.plugins });
  if (findings.length === 0) return result;
  const violations: GateViolation[] = findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: `${f.message}. Fix: ${f.hint}`,
    path: f.path,
    lint: true,
    location: { file: head.contract.path, ...(f.line !== undefined ? { line: f.line } : {}), version: "new" },
  }));
  return { ...result, violations: [...result.violations, ...violations] };
}

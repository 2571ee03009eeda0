import type { ParsedSchema } from "../format.js";
import { LINT_RULES } from "./catalogue.js";
import type { LintContext, LintFinding, LintRule, LintSeverity, RuleOptions, RuleSetting } from "./rule.js";
import { contractView, type ContractView } from "./view.js";

/** Options of {@link lintSchema}. */
export interface LintOptions {
  /** The previous version of the contract (same schema type), for the rules that compare (`needsPrevious`). */
  readonly previous?: ParsedSchema;
  /** Per-rule settings by id (`charter.config.yaml` `lint.rules`); unlisted rules keep their default severity. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Custom rules, run after the built-in ones (ids must not collide; see {@link checkRuleIds}). */
  readonly plugins?: readonly LintRule[];
}

/** The severity and options a setting gives a rule (its default severity when the setting names none). */
export function resolveSetting(rule: LintRule, setting: RuleSetting | undefined): { severity: LintSeverity; options: RuleOptions } {
  if (setting === undefined) return { severity: rule.defaultSeverity, options: {} };
  if (typeof setting === "string") return { severity: setting, options: {} };
  // An options-only entry turns an `off` rule on at warning: configuring options means wanting the rule.
  return { severity: setting.severity ?? (rule.defaultSeverity === "off" ? "warning" : rule.defaultSeverity), options: setting.options ?? {} };
}

/** Problems with a rule set: duplicate ids among `rules`, and configured ids no rule has. Empty = fine. */
export function checkRuleIds(rules: readonly LintRule[], configured: Iterable<string> = []): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) problems.push(`two lint rules have the id ${r.id}`);
    ids.add(r.id);
  }
  for (const id of configured) if (!ids.has(id)) problems.push(`unknown lint rule ${id} (known: ${[...ids].join(", ")})`);
  return problems;
}

/** The rule id of findings about a rule that threw (a plugin bug): reported, never a crash. */
export const LINT_RULE_FAILED = "LINT_RULE_FAILED";

/**
 * Lints one parsed contract: runs every rule (built-in, then `plugins`) that applies to its schema type and is
 * not `off`, skipping those that need a previous version when none is given (or it is of another type), and
 * returns the findings with severity, hint and the 1-based line of each path in the contract's text, sorted by
 * line. Pure: no I/O. A rule that throws yields one `LINT_RULE_FAILED` error finding naming it.
 */
export function lintSchema(schema: ParsedSchema, options: LintOptions = {}): LintFinding[] {
  const rules = [...LINT_RULES, ...(options.plugins ?? [])];
  let view: ContractView | undefined;
  let previousView: ContractView | undefined;
  const previous = options.previous?.type === schema.type ? options.previous : undefined;
  const findings: LintFinding[] = [];
  for (const rule of rules) {
    const { severity, options: ruleOptions } = resolveSetting(rule, options.rules?.[rule.id]);
    if (severity === "off" || !rule.formats.includes(schema.type)) continue;
    if (rule.needsPrevious && !previous) continue;
    view ??= contractView(schema);
    if (previous) previousView ??= contractView(previous);
    const context: LintContext = { schema, view, options: ruleOptions, ...(previous ? { previous } : {}), ...(previousView ? { previousView } : {}) };
    try {
      for (const report of rule.check(context)) {
        const line = report.line ?? view.lineOf(report.path);
        findings.push({ rule: rule.id, severity, message: report.message, path: report.path, ...(line !== undefined ? { line } : {}), hint: rule.hint });
      }
    } catch (e) {
      findings.push({ rule: LINT_RULE_FAILED, severity: "error", message: `lint rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}`, path: "", hint: "Fix or disable the rule (lint.rules in charter.config.yaml)." });
    }
  }
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

export type { LintContext, LintFinding, LintRule, LintSeverity, RuleOptions, RuleReport, RuleSetting } from "./rule.js";
export { LINT_RULES, lintRule } from "./catalogue.js";
export { lintSchema, resolveSetting, checkRuleIds, LINT_RULE_FAILED, type LintOptions } from "./lint.js";
export { contractView, type ContractView, type EventView, type ChannelView, type SchemaView, type RecordView, type FieldView } from "./view.js";
export { estimateSize, type SizeEstimate, type UnboundedPlace } from "./payload-size.js";
export { readsAsFact } from "./event-names.js";
export { renderLintDocs, withRuleSection, RULES_BEGIN, RULES_END } from "./docs.js";

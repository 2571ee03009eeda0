import type { ParsedSchema, SchemaType } from "../format.js";
import type { ContractView } from "./view.js";

/** How a rule's findings count: `error` fails `charter lint` (exit 1), `warning` is printed, `off` skips the rule. */
export type LintSeverity = "error" | "warning" | "off";

/** Options of one rule, as written in the configuration (`lint.rules.ID.options`). Rules read what they know. */
export type RuleOptions = Readonly<Record<string, unknown>>;

/** What a rule reports: where (JSON Pointer, or `/Message/field` for Protobuf) and what; the engine adds the rest. */
export interface RuleReport {
  /** JSON Pointer into the linted document (`""` = the whole document); Protobuf: `/Message/field`. */
  readonly path: string;
  readonly message: string;
  /** 1-based line in the linted text; the engine looks it up from `path` when absent. */
  readonly line?: number;
}

/**
 * What a rule sees: the contract being linted, its previous version when one was given (`--against` or the
 * registry's latest version; same schema type), the rule's options, and both as format-neutral views
 * (`view.ts`) built once per lint run.
 */
export interface LintContext {
  readonly schema: ParsedSchema;
  readonly previous?: ParsedSchema;
  readonly view: ContractView;
  readonly previousView?: ContractView;
  readonly options: RuleOptions;
}

/**
 * A lint rule: a stable id, the formats it applies to, its documentation (one-line rationale, a fix hint and
 * the event-design practice it encodes, which `docs/lint.md` prints) and `check`, a pure function of the
 * {@link LintContext}. Custom rules (plugins) implement this same interface (see docs/lint.md §Custom rules).
 */
export interface LintRule {
  /** Stable id, `UPPER_SNAKE_CASE`; what configurations, ignore entries and reports name. */
  readonly id: string;
  /** The schema types it checks; other contracts are skipped. */
  readonly formats: readonly SchemaType[];
  readonly defaultSeverity: LintSeverity;
  /** Why the rule exists, one line. */
  readonly rationale: string;
  /** The usual fix, one sentence. */
  readonly hint: string;
  /** The guide practice it encodes (a sentence or two, for docs/lint.md). */
  readonly practice?: string;
  /** Options it reads, name → what it does (for docs/lint.md). */
  readonly optionDocs?: Readonly<Record<string, string>>;
  /** True when it only reports something with a previous version to compare with. */
  readonly needsPrevious?: boolean;
  check(context: LintContext): readonly RuleReport[];
}

/** One finding of a lint run. */
export interface LintFinding {
  readonly rule: string;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly path: string;
  /** 1-based line in the linted text, when known. */
  readonly line?: number;
  /** The rule's fix hint. */
  readonly hint: string;
}

/** A rule's configured setting: a severity, or a severity with options. */
export type RuleSetting = LintSeverity | { readonly severity?: LintSeverity; readonly options?: RuleOptions };

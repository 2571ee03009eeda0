import { sortedJson, type JsonValue } from "@charter/contracts/core";
import { Errors, failure, success, type Outcome } from "./errors.js";

/**
 * Confluent's schema `metadata` (`Metadata.java`): `tags` (a JSON Pointer-ish path → tag names), `properties`
 * (string → string, e.g. `owner`, `major_version`, what `compatibilityGroup` and `use.latest.with.metadata`
 * read) and `sensitive` (property names whose values are secrets).
 */
export interface SchemaMetadata {
  readonly tags?: Readonly<Record<string, readonly string[]>>;
  readonly properties?: Readonly<Record<string, string>>;
  readonly sensitive?: readonly string[];
}

/** Confluent's `Rule` (data-contract rule). Charter stores and returns rules; clients execute them. */
export interface SchemaRule {
  readonly name: string;
  readonly doc?: string;
  /** `CONDITION` (default) or `TRANSFORM`. */
  readonly kind?: string;
  /** `UPGRADE`, `DOWNGRADE`, `UPDOWN` (migration rules); `WRITE`, `READ`, `WRITEREAD` (domain/encoding rules). */
  readonly mode?: string;
  /** Executor type: `CEL`, `CEL_FIELD`, `JSONATA`, `ENCRYPT`, … */
  readonly type: string;
  readonly tags?: readonly string[];
  readonly params?: Readonly<Record<string, string>>;
  readonly expr?: string;
  readonly onSuccess?: string;
  readonly onFailure?: string;
  readonly disabled?: boolean;
}

/** Confluent's `RuleSet`. */
export interface SchemaRuleSet {
  readonly migrationRules?: readonly SchemaRule[];
  readonly domainRules?: readonly SchemaRule[];
  readonly encodingRules?: readonly SchemaRule[];
  /** Epoch milliseconds (Confluent `enableAt`), or absent. */
  readonly enableAt?: number;
}

const RULE_KINDS = ["CONDITION", "TRANSFORM"];
const MIGRATION_MODES = ["UPGRADE", "DOWNGRADE", "UPDOWN"];
const DOMAIN_MODES = ["WRITE", "READ", "WRITEREAD"];
const RULE_LISTS = ["migrationRules", "domainRules", "encodingRules"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, where: string): Outcome<Record<string, string> | undefined> {
  if (value === undefined || value === null) return success(undefined);
  if (!isRecord(value)) return failure(Errors.unprocessableEntity(`'${where}' must be an object of strings`));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") return failure(Errors.unprocessableEntity(`'${where}.${k}' must be a string`));
    out[k] = v;
  }
  return success(out);
}

function stringList(value: unknown, where: string): Outcome<string[] | undefined> {
  if (value === undefined || value === null) return success(undefined);
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    return failure(Errors.unprocessableEntity(`'${where}' must be an array of strings`));
  }
  return success(value as string[]);
}

/**
 * Validates a `metadata` value from a request body (`where` names the field in messages). Absent, null and an
 * object with no entries are all "no metadata" (`undefined`). Tag lists and `sensitive` are sets (sorted,
 * de-duplicated), as Confluent's `Metadata` holds them. 422 / 422 for a wrong shape.
 */
export function parseMetadata(value: unknown, where = "metadata"): Outcome<SchemaMetadata | undefined> {
  if (value === undefined || value === null) return success(undefined);
  if (!isRecord(value)) return failure(Errors.unprocessableEntity(`'${where}' must be an object`));
  const properties = stringMap(value.properties, `${where}.properties`);
  if (!properties.ok) return properties;
  const sensitive = stringList(value.sensitive, `${where}.sensitive`);
  if (!sensitive.ok) return sensitive;
  let tags: Record<string, string[]> | undefined;
  if (value.tags !== undefined && value.tags !== null) {
    if (!isRecord(value.tags)) return failure(Errors.unprocessableEntity(`'${where}.tags' must be an object of string arrays`));
    tags = {};
    for (const [path, list] of Object.entries(value.tags)) {
      const names = stringList(list, `${where}.tags.${path}`);
      if (!names.ok) return names;
      tags[path] = [...new Set(names.value ?? [])].sort();
    }
  }
  return success(compactMetadata({ tags, properties: properties.value, sensitive: sensitive.value }));
}

function compactMetadata(m: { tags?: Record<string, readonly string[]>; properties?: Record<string, string>; sensitive?: readonly string[] }): SchemaMetadata | undefined {
  const out: { tags?: Record<string, readonly string[]>; properties?: Record<string, string>; sensitive?: string[] } = {};
  if (m.tags !== undefined && Object.keys(m.tags).length > 0) out.tags = m.tags;
  if (m.properties !== undefined && Object.keys(m.properties).length > 0) out.properties = m.properties;
  if (m.sensitive !== undefined && m.sensitive.length > 0) out.sensitive = [...new Set(m.sensitive)].sort();
  return Object.keys(out).length === 0 ? undefined : out;
}

function parseRule(value: unknown, list: (typeof RULE_LISTS)[number], index: number): Outcome<SchemaRule> {
  const where = `${list}[${index}]`;
  if (!isRecord(value)) return failure(Errors.invalidRuleSet(`${where} must be an object`));
  const { name, type, kind, mode, doc, expr, onSuccess, onFailure, disabled } = value;
  if (typeof name !== "string" || name.trim() === "") return failure(Errors.invalidRuleSet(`${where}: missing rule name`));
  // Confluent `Rule.validate`: names are identifiers (letters, digits, '_', '-', '.'), starting with a letter or '_'.
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return failure(Errors.invalidRuleSet(`${where}: invalid rule name '${name}'`));
  if (typeof type !== "string" || type.trim() === "") return failure(Errors.invalidRuleSet(`rule '${name}': missing rule type`));
  for (const [field, v] of Object.entries({ doc, expr, onSuccess, onFailure, kind, mode })) {
    if (v !== undefined && v !== null && typeof v !== "string") return failure(Errors.invalidRuleSet(`rule '${name}': '${field}' must be a string`));
  }
  if (disabled !== undefined && disabled !== null && typeof disabled !== "boolean") {
    return failure(Errors.invalidRuleSet(`rule '${name}': 'disabled' must be a boolean`));
  }
  const k = typeof kind === "string" ? kind.toUpperCase() : undefined;
  if (k !== undefined && !RULE_KINDS.includes(k)) return failure(Errors.invalidRuleSet(`rule '${name}': invalid kind '${kind as string}'`));
  const m = typeof mode === "string" ? mode.toUpperCase() : undefined;
  const modes = list === "migrationRules" ? MIGRATION_MODES : DOMAIN_MODES;
  if (m !== undefined && !modes.includes(m)) {
    return failure(Errors.invalidRuleSet(`rule '${name}': ${list} take mode ${modes.join(", ")}; got '${mode as string}'`));
  }
  if (m === undefined && list === "migrationRules") return failure(Errors.invalidRuleSet(`rule '${name}': migration rules need a mode (${modes.join(", ")})`));
  const tags = stringList(value.tags, `${where}.tags`);
  if (!tags.ok) return failure(Errors.invalidRuleSet(tags.error.message));
  const params = stringMap(value.params, `${where}.params`);
  if (!params.ok) return failure(Errors.invalidRuleSet(params.error.message));
  const rule: Record<string, unknown> = { name, type };
  if (typeof doc === "string") rule.doc = doc;
  if (k !== undefined) rule.kind = k;
  if (m !== undefined) rule.mode = m;
  if (tags.value !== undefined && tags.value.length > 0) rule.tags = tags.value;
  if (params.value !== undefined && Object.keys(params.value).length > 0) rule.params = params.value;
  if (typeof expr === "string") rule.expr = expr;
  if (typeof onSuccess === "string") rule.onSuccess = onSuccess;
  if (typeof onFailure === "string") rule.onFailure = onFailure;
  if (disabled === true) rule.disabled = true;
  return success(rule as unknown as SchemaRule);
}

/**
 * Validates a `ruleSet` from a request body: each rule needs a name (an identifier, unique within the rule set)
 * and a type; `kind` is CONDITION or TRANSFORM; migration rules take UPGRADE/DOWNGRADE/UPDOWN, domain and
 * encoding rules WRITE/READ/WRITEREAD (Confluent `RuleSet.validate`). Kinds and modes are upper-cased. An
 * empty rule set is "none" (`undefined`). 42210 for invalid rules.
 */
export function parseRuleSet(value: unknown, where = "ruleSet"): Outcome<SchemaRuleSet | undefined> {
  if (value === undefined || value === null) return success(undefined);
  if (!isRecord(value)) return failure(Errors.invalidRuleSet(`'${where}' must be an object`));
  const out: { migrationRules?: SchemaRule[]; domainRules?: SchemaRule[]; encodingRules?: SchemaRule[]; enableAt?: number } = {};
  const names = new Set<string>();
  for (const list of RULE_LISTS) {
    const raw = value[list];
    if (raw === undefined || raw === null) continue;
    if (!Array.isArray(raw)) return failure(Errors.invalidRuleSet(`'${where}.${list}' must be an array`));
    const rules: SchemaRule[] = [];
    for (const [i, r] of raw.entries()) {
      const rule = parseRule(r, list, i);
      if (!rule.ok) return rule;
      if (names.has(rule.value.name)) return failure(Errors.invalidRuleSet(`duplicate rule name '${rule.value.name}'`));
      names.add(rule.value.name);
      rules.push(rule.value);
    }
    if (rules.length > 0) out[list] = rules;
  }
  if (value.enableAt !== undefined && value.enableAt !== null) {
    if (typeof value.enableAt !== "number" || !Number.isSafeInteger(value.enableAt)) return failure(Errors.invalidRuleSet(`'${where}.enableAt' must be an integer`));
    out.enableAt = value.enableAt;
  }
  return success(Object.keys(out).length === 0 ? undefined : out);
}

/**
 * Confluent `Metadata.mergeMetadata(base, over)`: `over`'s tags and properties win key by key, `sensitive` is
 * the union. Either side absent: the other.
 */
export function mergeMetadata(base: SchemaMetadata | undefined, over: SchemaMetadata | undefined): SchemaMetadata | undefined {
  if (base === undefined) return over;
  if (over === undefined) return base;
  return compactMetadata({
    tags: { ...base.tags, ...over.tags },
    properties: { ...base.properties, ...over.properties },
    sensitive: [...(base.sensitive ?? []), ...(over.sensitive ?? [])],
  });
}

function mergeRules(base: readonly SchemaRule[] | undefined, over: readonly SchemaRule[] | undefined): readonly SchemaRule[] | undefined {
  if (base === undefined || base.length === 0) return over;
  if (over === undefined || over.length === 0) return base;
  const replaced = new Set(over.map((r) => r.name));
  return [...base.filter((r) => !replaced.has(r.name)), ...over];
}

/**
 * Confluent `RuleSet.mergeRuleSets(base, over)`: per list, `over`'s rules replace `base`'s rules of the same
 * name and follow the remaining ones. Either side absent: the other.
 */
export function mergeRuleSets(base: SchemaRuleSet | undefined, over: SchemaRuleSet | undefined): SchemaRuleSet | undefined {
  if (base === undefined) return over;
  if (over === undefined) return base;
  const out: Record<string, unknown> = {};
  for (const list of RULE_LISTS) {
    const merged = mergeRules(base[list], over[list]);
    if (merged !== undefined && merged.length > 0) out[list] = merged;
  }
  const enableAt = over.enableAt ?? base.enableAt;
  if (enableAt !== undefined) out.enableAt = enableAt;
  return out as SchemaRuleSet;
}

/**
 * The part of a schema's identity that its `metadata` and `ruleSet` make (Confluent: two schemas with the same
 * text and references but different metadata or rules are different schemas, with different ids): `""` when
 * both are absent, else their keys-sorted JSON.
 */
export function contractKey(metadata: SchemaMetadata | undefined, ruleSet: SchemaRuleSet | undefined): string {
  if (metadata === undefined && ruleSet === undefined) return "";
  return sortedJson({ metadata: (metadata ?? null) as JsonValue, ruleSet: (ruleSet ?? null) as JsonValue });
}

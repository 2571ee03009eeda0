import { isCompatibilityLevel, type CompatibilityLevel } from "@charter/contracts/core";
import { Errors, failure, success, type Outcome } from "./errors.js";
import { parseMetadata, parseRuleSet, type SchemaMetadata, type SchemaRuleSet } from "./metadata.js";

/**
 * One scope's config (global or a subject), as Confluent's `Config` entity holds it. Every field is optional:
 * an unset field falls back to the global config, then to the registry default (see {@link effectiveConfig}).
 * Fields: the compatibility level and policy (`STRICT`, `LENIENT`, … — applied by the engines), the
 * compatibility group (a `metadata.properties` key: only versions with the same value are compared), `normalize`
 * (canonicalize on register, lookup and checks), `validateFields`/`validateRules` (stored for clients), `alias`
 * (reads of this subject are served from another subject) and the metadata/rule-set defaults and overrides
 * merged into each new version.
 */
export interface SubjectConfig {
  readonly compatibilityLevel?: CompatibilityLevel;
  readonly compatibilityPolicy?: string;
  readonly compatibilityGroup?: string;
  readonly normalize?: boolean;
  readonly validateFields?: boolean;
  readonly validateRules?: boolean;
  readonly alias?: string;
  readonly defaultMetadata?: SchemaMetadata;
  readonly overrideMetadata?: SchemaMetadata;
  readonly defaultRuleSet?: SchemaRuleSet;
  readonly overrideRuleSet?: SchemaRuleSet;
  /**
   * Charter extension (not in Confluent): run the `charter lint` rules on registration (docs/lint.md). `error`:
   * error findings refuse the schema (422, error code 42280), warnings come back in the answer's `lint` field;
   * `warn`: every finding comes back, nothing is refused; `off` (the default when unset): no lint.
   */
  readonly lint?: LintMode;
}

/** The registry's lint modes (see {@link SubjectConfig.lint}). */
export type LintMode = "error" | "warn" | "off";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A validated `PUT /config` body: for each field, `undefined` = not in the body (keep the stored value),
 * `null` = sent as null (clear it), else the new value. Confluent `ConfigUpdateRequest` (`Optional<…>` fields).
 */
export type ConfigUpdate = { readonly [K in keyof SubjectConfig]?: SubjectConfig[K] | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalBoolean(body: Record<string, unknown>, field: string): Outcome<boolean | null | undefined> {
  const v = body[field];
  if (v === undefined || v === null || typeof v === "boolean") return success(v);
  // Jackson reads "true"/"false" strings into Boolean fields; clients (shell scripts) send them.
  if (v === "true" || v === "false") return success(v === "true");
  return failure(Errors.unprocessableEntity(`'${field}' must be a boolean`));
}

function optionalString(body: Record<string, unknown>, field: string): Outcome<string | null | undefined> {
  const v = body[field];
  if (v === undefined || v === null || typeof v === "string") return success(v);
  return failure(Errors.unprocessableEntity(`'${field}' must be a string`));
}

/**
 * Validates a `PUT /config[/{subject}]` body (Confluent `ConfigUpdateRequest`): any subset of `compatibility`
 * (also accepted as `compatibilityLevel`, which the `GET` answer uses), `compatibilityPolicy`,
 * `compatibilityGroup`, `normalize`, `validateFields`, `validateRules`, `alias`, `defaultMetadata`,
 * `overrideMetadata`, `defaultRuleSet`, `overrideRuleSet`, and Charter's `lint` (`error`, `warn` — also `warning` —
 * or `off`, case-insensitive); unknown fields are ignored. Levels and policies are
 * case-insensitive. Errors: 42203 bad level, 42210 bad rule set, 422 other wrong shapes (a body that is not an
 * object, a non-boolean `normalize`, …).
 */
export function parseConfigUpdate(body: unknown): Outcome<ConfigUpdate> {
  if (!isRecord(body)) return failure(Errors.unprocessableEntity("The request body must be a JSON object"));
  const out: Mutable<ConfigUpdate> = {};
  const rawLevel = body.compatibility !== undefined ? body.compatibility : body.compatibilityLevel;
  if (rawLevel === null) out.compatibilityLevel = null;
  else if (rawLevel !== undefined) {
    const level = typeof rawLevel === "string" ? rawLevel.toUpperCase() : rawLevel;
    if (!isCompatibilityLevel(level)) return failure(Errors.invalidCompatibilityLevel(rawLevel));
    out.compatibilityLevel = level;
  }
  const policy = optionalString(body, "compatibilityPolicy");
  if (!policy.ok) return policy;
  if (typeof policy.value === "string") {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(policy.value)) {
      return failure(Errors.invalidCompatibilityLevel(`compatibilityPolicy ${policy.value}`));
    }
    out.compatibilityPolicy = policy.value.toUpperCase();
  } else if (policy.value === null) out.compatibilityPolicy = null;
  for (const field of ["compatibilityGroup", "alias"] as const) {
    const v = optionalString(body, field);
    if (!v.ok) return v;
    if (v.value !== undefined) out[field] = v.value;
  }
  for (const field of ["normalize", "validateFields", "validateRules"] as const) {
    const v = optionalBoolean(body, field);
    if (!v.ok) return v;
    if (v.value !== undefined) out[field] = v.value;
  }
  const lint = optionalString(body, "lint");
  if (!lint.ok) return lint;
  if (lint.value === null) out.lint = null;
  else if (lint.value !== undefined) {
    const mode = lint.value.toLowerCase();
    const normalized = mode === "warning" ? "warn" : mode;
    if (normalized !== "error" && normalized !== "warn" && normalized !== "off") return failure(Errors.unprocessableEntity(`'lint' must be one of error, warn, off; got '${lint.value}'`));
    out.lint = normalized;
  }
  for (const field of ["defaultMetadata", "overrideMetadata"] as const) {
    if (body[field] === null) out[field] = null;
    else if (body[field] !== undefined) {
      const m = parseMetadata(body[field], field);
      if (!m.ok) return m;
      out[field] = m.value ?? null;
    }
  }
  for (const field of ["defaultRuleSet", "overrideRuleSet"] as const) {
    if (body[field] === null) out[field] = null;
    else if (body[field] !== undefined) {
      const r = parseRuleSet(body[field], field);
      if (!r.ok) return r;
      out[field] = r.value ?? null;
    }
  }
  return success(out);
}

/**
 * Applies an update to a stored config (Confluent `ConfigValue.update`): fields absent from the update keep
 * their value, `null` clears them. `undefined` when nothing is left set.
 */
export function applyConfigUpdate(current: SubjectConfig | undefined, update: ConfigUpdate): SubjectConfig | undefined {
  const out: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (value === null) delete out[field];
    else out[field] = value;
  }
  return isEmptyConfig(out) ? undefined : (out as SubjectConfig);
}

/** True when no field of `config` is set. */
export function isEmptyConfig(config: SubjectConfig | Record<string, unknown> | undefined): boolean {
  return config === undefined || Object.values(config).every((v) => v === undefined);
}

/**
 * The config in force for a subject: each field from the subject's own config, else the global one; the
 * compatibility level falls back to `defaultLevel`. `alias` is never inherited (it names one subject's target).
 * Confluent `getConfigInScope`.
 */
export function effectiveConfig(
  subject: SubjectConfig | undefined,
  global: SubjectConfig | undefined,
  defaultLevel: CompatibilityLevel,
): SubjectConfig & { readonly compatibilityLevel: CompatibilityLevel } {
  const { alias: _globalAlias, ...inherited } = global ?? {};
  const merged: Record<string, unknown> = { ...inherited };
  for (const [field, value] of Object.entries(subject ?? {})) if (value !== undefined) merged[field] = value;
  return { ...(merged as SubjectConfig), compatibilityLevel: (merged.compatibilityLevel as CompatibilityLevel | undefined) ?? defaultLevel };
}

/**
 * The JSON a config answers with, in Confluent's field order; unset fields are left out (`@JsonInclude(NON_EMPTY)`).
 * `GET` and `DELETE` name the level `compatibilityLevel` (`Config`), `PUT` names it `compatibility`
 * (`ConfigUpdateRequest`).
 */
export function configView(config: SubjectConfig, levelKey: "compatibilityLevel" | "compatibility" = "compatibilityLevel"): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  put("alias", config.alias);
  put("normalize", config.normalize);
  put("validateFields", config.validateFields);
  put("validateRules", config.validateRules);
  put(levelKey, config.compatibilityLevel);
  put("compatibilityPolicy", config.compatibilityPolicy);
  put("compatibilityGroup", config.compatibilityGroup);
  put("defaultMetadata", config.defaultMetadata);
  put("overrideMetadata", config.overrideMetadata);
  put("defaultRuleSet", config.defaultRuleSet);
  put("overrideRuleSet", config.overrideRuleSet);
  put("lint", config.lint);
  return out;
}

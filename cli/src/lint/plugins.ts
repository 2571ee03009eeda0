import { pathToFileURL } from "node:url";
import { checkRuleIds, LINT_RULES, type LintRule, type LintSeverity, type SchemaType } from "@charter/contracts";
import type { LintConfig } from "../gate/config.js";

/** A plugin module that could not be used: which file and why. */
export interface PluginProblem {
  readonly file: string;
  readonly message: string;
}

const SEVERITIES: ReadonlySet<string> = new Set<LintSeverity>(["error", "warning", "off"]);
const FORMATS: ReadonlySet<string> = new Set<SchemaType>(["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"]);
/** tsx's programmatic loader; a variable so bundlers (the Action's esbuild bundle) leave the import alone. */
const TSX_API = "tsx/esm/api";

/** Why `value` is not a {@link LintRule}, or undefined when it is one. */
export function ruleProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return "a rule must be an object";
  const r = value as Partial<Record<keyof LintRule, unknown>>;
  if (typeof r.id !== "string" || !/^[A-Z][A-Z0-9_]*$/.test(r.id)) return `rule id ${JSON.stringify(r.id)} must be UPPER_SNAKE_CASE`;
  if (!Array.isArray(r.formats) || r.formats.length === 0 || !r.formats.every((f) => FORMATS.has(String(f)))) return `${r.id}: formats must list AVRO, JSON, PROTOBUF and/or ASYNCAPI`;
  if (typeof r.defaultSeverity !== "string" || !SEVERITIES.has(r.defaultSeverity)) return `${r.id}: defaultSeverity must be error, warning or off`;
  if (typeof r.rationale !== "string" || typeof r.hint !== "string") return `${r.id}: rationale and hint must be strings`;
  if (typeof r.check !== "function") return `${r.id}: check must be a function`;
  return undefined;
}

/** Imports a module; TypeScript sources through tsx when Node cannot strip types itself (Node < 22.6). */
async function importModule(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  try {
    return await import(url);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!/\.[mc]?ts$/.test(file) || (code !== "ERR_UNKNOWN_FILE_EXTENSION" && code !== "ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING")) throw e;
    const tsx = (await import(TSX_API)) as { tsImport: (specifier: string, parent: string) => Promise<unknown> };
    return tsx.tsImport(url, import.meta.url);
  }
}

/**
 * Loads custom lint rules from plugin modules (docs/lint.md §Custom rules): each module exports `rules` (or a
 * default export) — an array of {@link LintRule}s. `.js`/`.mjs` modules are imported as they are; `.ts`
 * modules directly when Node strips types, else through tsx. Errors as values: a module that cannot be
 * imported or exports something that is not a rule list names the file.
 */
export async function loadLintPlugins(files: readonly string[]): Promise<{ ok: true; rules: LintRule[] } | { ok: false; error: PluginProblem }> {
  const rules: LintRule[] = [];
  for (const file of files) {
    let mod: unknown;
    try {
      mod = await importModule(file);
    } catch (e) {
      return { ok: false, error: { file, message: `cannot load the lint plugin: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` } };
    }
    const m = mod as { rules?: unknown; default?: unknown };
    const list = m.rules ?? (Array.isArray(m.default) ? m.default : (m.default as { rules?: unknown } | undefined)?.rules);
    if (!Array.isArray(list)) return { ok: false, error: { file, message: "a lint plugin must export `rules`, an array of lint rules" } };
    for (const rule of list) {
      const problem = ruleProblem(rule);
      if (problem !== undefined) return { ok: false, error: { file, message: problem } };
      rules.push(rule as LintRule);
    }
  }
  return { ok: true, rules };
}

/** Loads the `lint` configuration's plugins and checks the configured rule ids. */
export async function lintRules(lint: LintConfig | undefined): Promise<{ ok: true; rules: LintRule[]; plugins: LintRule[] } | { ok: false; error: string; file?: string }> {
  const loaded = await loadLintPlugins(lint?.plugins ?? []);
  if (!loaded.ok) return { ok: false, error: loaded.error.message, file: loaded.error.file };
  const rules = [...LINT_RULES, ...loaded.rules];
  const problems = checkRuleIds(rules, [...Object.keys(lint?.rules ?? {}), ...(lint?.ignore ?? []).map((i) => i.rule)]);
  if (problems.length > 0) return { ok: false, error: problems.join("; ") };
  return { ok: true, rules, plugins: loaded.rules };
}

import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import picomatch from "picomatch";
import { parseDocument } from "yaml";
import { isCompatibilityLevel, type CompatibilityLevel, type SchemaType } from "@charter/contracts/core";
import type { LintSeverity, RuleSetting } from "@charter/contracts";
import { formatFromName } from "../commands/check-options.js";
import schema from "./charter.config.schema.json" with { type: "json" };
import { TextMap } from "./text-map.js";

/** The file names `charter gate` looks for at the repository root, in this order. */
export const CONFIG_FILE_NAMES = ["charter.config.yaml", "charter.config.yml", "charter.config.json"] as const;

/** A placeholder a subject template may use (see {@link subjectFor}). */
const SUBJECT_PLACEHOLDERS = new Set(["path", "dir", "file", "name", "ext"]);

/** One entry of `contracts:` in the configuration, validated. */
export interface ContractMapping {
  /** Matches a repository-relative POSIX path against the mapping's globs and excludes. */
  readonly matches: (path: string) => boolean;
  readonly format?: SchemaType;
  /** Subject template; default `{path}`. */
  readonly subject?: string;
  readonly level?: CompatibilityLevel;
  readonly policy?: Readonly<Record<string, string | boolean>>;
  readonly allowDeletion?: boolean;
}

/** An accepted break: findings with this rule at a matching path (and subject/file, when given) are reported as accepted. */
export interface IgnoreEntry {
  readonly rule: string;
  readonly path: string;
  readonly reason: string;
  readonly subject?: string;
  readonly file?: string;
}

/**
 * The gate's configuration (`charter.config.yaml`; schema `charter.config.schema.json`, documented in
 * docs/gate.md). `mappings` absent = the default detection rules. Later sections (e.g. `lint`) are siblings of
 * these keys.
 */
export interface GateConfig {
  /** The file it was read from (absolute), absent when there is none (all defaults). */
  readonly file?: string;
  readonly mappings?: readonly ContractMapping[];
  readonly level: CompatibilityLevel;
  readonly allowDeletion: boolean;
  readonly ignore: readonly IgnoreEntry[];
  /** The `lint:` section, when the file has one. */
  readonly lint?: LintConfig;
  /**
   * `buf:`: judge buf modules with their buf.yaml rules (offline mode). `configs` absent: every buf.yaml of the
   * repository; absent altogether: `.proto` files are contracts like any other.
   */
  readonly buf?: { readonly configs?: readonly string[] };
}

/**
 * The `lint:` section (docs/lint.md): per-rule settings (severity `warn` read as `warning`), the ignore list
 * (each entry with its mandatory reason), plugin module paths (absolute, resolved against the configuration
 * file's directory), and whether `charter gate` lints (`gate`, default true when the section exists).
 */
export interface LintConfig {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignore: readonly IgnoreEntry[];
  readonly plugins: readonly string[];
  readonly gate: boolean;
}

/** A configuration that cannot be used: what is wrong and where (1-based line/column when known). */
export interface ConfigProblem {
  readonly message: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** The configuration used when a repository has no configuration file. */
export const DEFAULT_CONFIG: GateConfig = { level: "BACKWARD", allowDeletion: false, ignore: [] };

type Raw = {
  contracts?: Array<{ glob: string | string[]; exclude?: string | string[]; format?: string; subject?: string; level?: string; policy?: Record<string, string | boolean>; allowDeletion?: boolean }>;
  level?: string;
  allowDeletion?: boolean;
  ignore?: IgnoreEntry[];
  buf?: boolean | { configs?: string[] };
  lint?: {
    gate?: boolean;
    rules?: Record<string, string | { severity?: string; options?: Record<string, unknown> }>;
    ignore?: IgnoreEntry[];
    plugins?: string[];
  };
};

const severity = (s: string | undefined): LintSeverity | undefined => (s === undefined ? undefined : s === "warn" ? "warning" : (s as LintSeverity));

/** The validated `lint:` section in its typed form (plugin paths made absolute against `configDir`). */
function lintConfigOf(raw: NonNullable<Raw["lint"]>, configDir: string): LintConfig {
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (typeof setting === "string") rules[id] = severity(setting)!;
    else {
      const sev = severity(setting.severity);
      rules[id] = { ...(sev !== undefined ? { severity: sev } : {}), ...(setting.options !== undefined ? { options: setting.options } : {}) };
    }
  }
  return { rules, ignore: raw.ignore ?? [], plugins: (raw.plugins ?? []).map((p) => resolve(configDir, p)), gate: raw.gate ?? true };
}

let validator: ReturnType<Ajv["compile"]> | undefined;
function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(schema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** Turns ajv's first error into a message naming the key. */
function describe(error: ErrorObject): string {
  const at = error.instancePath === "" ? "the configuration" : error.instancePath.slice(1).replace(/\//g, ".");
  if (error.keyword === "additionalProperties") return `${at}: unknown key '${String(error.params["additionalProperty"])}'`;
  if (error.keyword === "enum") return `${at}: must be one of ${(error.params["allowedValues"] as unknown[]).join(", ")}`;
  if (error.keyword === "required") return `${at}: missing '${String(error.params["missingProperty"])}'`;
  return `${at}: ${error.message ?? "invalid"}`;
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Reads and validates the configuration: `explicit` (relative to `root`, or absolute) when given — it must
 * exist — else the first of {@link CONFIG_FILE_NAMES} at `root`, else {@link DEFAULT_CONFIG}. YAML and JSON
 * are both read (JSON is YAML). Never throws: a problem (unreadable file, syntax error, a value the schema
 * refuses, an unknown subject placeholder) comes back with its file and line.
 */
export async function loadGateConfig(root: string, explicit?: string): Promise<{ ok: true; value: GateConfig } | { ok: false; error: ConfigProblem }> {
  let file: string | undefined;
  let text: string | undefined;
  const candidates = explicit !== undefined ? [isAbsolute(explicit) ? explicit : resolve(root, explicit)] : CONFIG_FILE_NAMES.map((n) => join(root, n));
  for (const candidate of candidates) {
    try {
      text = await readFile(candidate, "utf8");
      file = candidate;
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (explicit !== undefined || (code !== "ENOENT" && code !== "ENOTDIR")) {
        return { ok: false, error: { file: candidate, message: `cannot read the configuration: ${code === "ENOENT" ? "no such file" : e instanceof Error ? e.message : String(e)}` } };
      }
    }
  }
  if (file === undefined || text === undefined) return { ok: true, value: DEFAULT_CONFIG };
  const shown = relative(root, file).split(sep).join("/") || file;

  const doc = parseDocument(text.startsWith("\uFEFF") ? text.slice(1) : text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { ok: false, error: { file: shown, message: `not valid YAML/JSON: ${e.message.split("\n")[0]}`, ...(e.linePos ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}) } };
  }
  const value: unknown = doc.toJS() ?? {};
  const errors = validate(value);
  if (errors.length > 0) {
    const e = errors[0]!;
    // An unknown key is best shown on its own line.
    const extra = e.keyword === "additionalProperties" ? `/${String(e.params["additionalProperty"]).replace(/~/g, "~0").replace(/\//g, "~1")}` : "";
    const at = new TextMap(text).locate(e.instancePath + extra);
    return { ok: false, error: { file: shown, message: describe(errors[0]!), ...(at ? { line: at.line, column: at.column } : {}) } };
  }
  const raw = value as Raw;
  const mappings: ContractMapping[] = [];
  for (const [i, m] of (raw.contracts ?? []).entries()) {
    const unknown = [...(m.subject ?? "").matchAll(/\{([^}]*)\}/g)].map((x) => x[1]!).find((p) => !SUBJECT_PLACEHOLDERS.has(p));
    if (unknown !== undefined) {
      const at = new TextMap(text).locate(`/contracts/${i}/subject`);
      return { ok: false, error: { file: shown, message: `contracts.${i}.subject: unknown placeholder {${unknown}} (use {path}, {dir}, {file}, {name} or {ext})`, ...(at ? { line: at.line, column: at.column } : {}) } };
    }
    const include = picomatch(asList(m.glob), { dot: true });
    const exclude = asList(m.exclude).length > 0 ? picomatch(asList(m.exclude), { dot: true }) : undefined;
    mappings.push({
      matches: (path) => include(path) && !(exclude?.(path) ?? false),
      ...(m.format !== undefined ? { format: formatFromName(m.format)! } : {}),
      ...(m.subject !== undefined ? { subject: m.subject } : {}),
      ...(m.level !== undefined && isCompatibilityLevel(m.level) ? { level: m.level } : {}),
      ...(m.policy !== undefined ? { policy: m.policy } : {}),
      ...(m.allowDeletion !== undefined ? { allowDeletion: m.allowDeletion } : {}),
    });
  }
  return {
    ok: true,
    value: {
      file,
      ...(raw.contracts !== undefined ? { mappings } : {}),
      level: raw.level !== undefined && isCompatibilityLevel(raw.level) ? raw.level : DEFAULT_CONFIG.level,
      allowDeletion: raw.allowDeletion ?? false,
      ignore: raw.ignore ?? [],
      ...(raw.lint !== undefined ? { lint: lintConfigOf(raw.lint ?? {}, dirname(file)) } : {}),
      ...(raw.buf === true ? { buf: {} } : typeof raw.buf === "object" ? { buf: raw.buf.configs !== undefined ? { configs: raw.buf.configs } : {} } : {}),
    },
  };
}

/**
 * The subject of a contract file: the mapping's template with `{path}` (repository-relative POSIX path),
 * `{dir}` (its directory, `.` at the root), `{file}` (file name), `{name}` (file name without its last
 * extension) and `{ext}` (that extension, without the dot) replaced; `{path}` when there is no template.
 */
export function subjectFor(path: string, template: string | undefined): string {
  const slash = path.lastIndexOf("/");
  const file = path.slice(slash + 1);
  const dot = file.lastIndexOf(".");
  const values: Record<string, string> = {
    path,
    dir: slash < 0 ? "." : path.slice(0, slash),
    file,
    name: dot > 0 ? file.slice(0, dot) : file,
    ext: dot > 0 ? file.slice(dot + 1) : "",
  };
  return (template ?? "{path}").replace(/\{(path|dir|file|name|ext)\}/g, (_, key: string) => values[key]!);
}

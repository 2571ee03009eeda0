/**
 * buf's configuration file (`buf.yaml` v1beta1, v1, v2): the modules it declares and their `breaking` settings,
 * for judging a Protobuf module as `buf breaking` does. Source: buf.build/docs/configuration.
 */
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import type { ContractError, Result } from "../errors.js";
import { bufCategoryRules, isBufBuiltinRule, isBufCategory, REPLACED_RULES } from "./buf-categories.js";

/** The `version` of a buf configuration file. */
export type BufConfigVersion = "v1beta1" | "v1" | "v2";

/**
 * A module's `breaking` section (buf.yaml). Paths in `ignore` and `ignoreOnly` are relative to the module's
 * source root, so they compare directly with the file paths {@link checkBufBreaking} reports.
 */
export interface BufBreakingConfig {
  /** Rule ids and categories to check. buf's default: `["FILE"]`. */
  readonly use: readonly string[];
  /** Rule ids and categories taken out of `use`. */
  readonly except: readonly string[];
  /** Files or directories whose findings are dropped. */
  readonly ignore: readonly string[];
  /** Per rule id or category: files or directories whose findings of that rule are dropped. */
  readonly ignoreOnly: Readonly<Record<string, readonly string[]>>;
  /** buf `ignore_unstable_packages`: skip packages such as `foo.v1alpha1`, `foo.v2beta1`, `foo.v1test`. */
  readonly ignoreUnstablePackages: boolean;
  /** buf `disable_builtin` (v2): only rules of Buf plugins are checked, none of buf's own. */
  readonly disableBuiltin: boolean;
}

/**
 * One module of a buf configuration file. Directories are relative to the buf.yaml's directory (POSIX, no
 * leading `./`; `.` is the directory itself).
 */
export interface BufModuleConfig {
  /** The module's directory (v2 `modules[].path`; the buf.yaml's directory in v1 and v1beta1). */
  readonly path: string;
  /**
   * The source roots: `.proto` paths (and so imports) are relative to these. One root, `path`, except in
   * v1beta1, where `build.roots` may name several.
   */
  readonly roots: readonly string[];
  /** Directories left out of the module (`excludes`). */
  readonly excludes: readonly string[];
  /** v2 `includes`: when not empty, only files under these directories belong to the module. */
  readonly includes: readonly string[];
  readonly breaking: BufBreakingConfig;
}

/**
 * A parsed buf.yaml: its version and its modules (one in v1/v1beta1, one or more in v2), and (v2) the Buf
 * plugins and policies it names: plugin names as written, policies as written (a local `buf.policy.yaml` path
 * relative to the buf.yaml's directory, or a BSR policy name).
 */
export interface BufYaml {
  readonly version: BufConfigVersion;
  readonly modules: readonly BufModuleConfig[];
  readonly plugins: readonly string[];
  readonly policies: readonly string[];
}

/** buf's defaults for a missing `breaking` section: the FILE category, nothing ignored. */
export const DEFAULT_BUF_BREAKING: BufBreakingConfig = { use: ["FILE"], except: [], ignore: [], ignoreOnly: {}, ignoreUnstablePackages: false, disableBuiltin: false };


/** `a/./b/` → `a/b`; `""` and `./` → `.`. Returns undefined for paths that leave the directory or are absolute. */
function cleanDir(path: string): string | undefined {
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return undefined;
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") return undefined;
    parts.push(part);
  }
  return parts.length === 0 ? "." : parts.join("/");
}

/** `path` relative to `dir` (both clean), or undefined when it is not inside `dir`. */
function within(dir: string, path: string): string | undefined {
  if (dir === ".") return path;
  if (path === dir) return ".";
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}

/** Joins clean relative directories. */
function joinDir(a: string, b: string): string {
  return a === "." ? b : b === "." ? a : `${a}/${b}`;
}

class BufYamlError extends Error {
  constructor(
    readonly at: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function field(obj: { [key: string]: Json }, key: string): Json | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function objectAt(value: Json | undefined, at: string): { [key: string]: Json } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw new BufYamlError(at, `${at} must be a mapping`);
  return value;
}

function stringsAt(value: Json | undefined, at: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new BufYamlError(at, `${at} must be a list of strings`);
  return value as string[];
}

/** What a `breaking` section is read under: the config version, and whether Buf plugins may add rule ids. */
interface Scope {
  readonly version: BufConfigVersion;
  readonly plugins: boolean;
}

/** The `key` names of a list of mappings such as `plugins: [{plugin: name, options: …}]` (v2 `plugins`, `policies`). */
function listOf(obj: { [key: string]: Json }, list: string, key: string): string[] {
  const value = field(obj, list);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BufYamlError(list, `${list} must be a list`);
  return value.map((entry, i) => {
    const name = entry !== null && typeof entry === "object" && !Array.isArray(entry) ? field(entry, key) : undefined;
    if (typeof name !== "string" || name === "") throw new BufYamlError(list, `${list}.${i}.${key} must be a string`);
    return name;
  });
}

/**
 * Reads a `breaking` section. `toRoot` turns a path as written (relative to what the config version says) into
 * a path relative to the module's source root, or undefined when it lies outside the module.
 */
function breakingOf(value: Json | undefined, at: string, scope: Scope, toRoot: (path: string) => string | undefined, outside: "error" | "drop" = "error"): BufBreakingConfig {
  const { version } = scope;
  const section = objectAt(value, at);
  if (!section) return DEFAULT_BUF_BREAKING;
  // buf refuses an unknown rule or category id rather than checking less than the user asked for; with Buf
  // plugins configured, an id buf does not know may be a plugin's.
  const ids = (list: string[], where: string): string[] => {
    for (const id of list) {
      if (!isBufBuiltinRule(id) && !scope.plugins) throw new BufYamlError(where, `${where}: unknown buf rule or category ${JSON.stringify(id)}`);
      if (id === "CSR" && version !== "v2") throw new BufYamlError(where, `${where}: the CSR category needs version: v2`);
    }
    return list;
  };
  const paths = (list: string[], where: string): string[] =>
    list.flatMap((p) => {
      const clean = cleanDir(p);
      const rel = clean === undefined ? undefined : toRoot(clean);
      if (rel !== undefined) return [rel];
      // A workspace-wide section (v2 top level) names paths of every module: the others' are theirs.
      if (clean !== undefined && outside === "drop") return [];
      throw new BufYamlError(where, `${where}: ${JSON.stringify(p)} is not a path inside the module`);
    });
  const use = ids(stringsAt(field(section, "use"), `${at}.use`), `${at}.use`);
  const ignoreOnly: Record<string, readonly string[]> = {};
  const only = objectAt(field(section, "ignore_only"), `${at}.ignore_only`) ?? {};
  for (const [rule, list] of Object.entries(only)) ignoreOnly[ids([rule], `${at}.ignore_only`)[0]!] = paths(stringsAt(list, `${at}.ignore_only.${rule}`), `${at}.ignore_only.${rule}`);
  const flag = (key: string): boolean => {
    const v = field(section, key);
    if (v !== undefined && v !== null && typeof v !== "boolean") throw new BufYamlError(`${at}.${key}`, `${at}.${key} must be true or false`);
    return v === true;
  };
  return {
    use: use.length > 0 ? use : DEFAULT_BUF_BREAKING.use,
    except: ids(stringsAt(field(section, "except"), `${at}.except`), `${at}.except`),
    ignore: paths(stringsAt(field(section, "ignore"), `${at}.ignore`), `${at}.ignore`),
    ignoreOnly,
    ignoreUnstablePackages: flag("ignore_unstable_packages"),
    disableBuiltin: flag("disable_builtin"),
  };
}

/**
 * Parses a buf configuration file (`buf.yaml`, versions v1beta1, v1 and v2) into its modules and their
 * `breaking` settings, with buf's defaults for what is missing (no `breaking`: the FILE category). Paths are
 * normalised as described on {@link BufYaml}: module directories relative to the buf.yaml's directory,
 * ignore paths relative to the module's source root.
 *
 * Semantics (buf.build/docs/configuration): v1beta1 — `build.roots` (default `.`) are the source roots;
 * `build.excludes` and `breaking.ignore` are relative to a root. v1 — the buf.yaml's directory is the module
 * root; `build.excludes` and `breaking.ignore` are relative to it. v2 — `modules[]` (default one module at `.`)
 * with `path`, `includes`, `excludes` and an optional `breaking` that replaces the top-level one; all paths
 * are relative to the buf.yaml's directory (the workspace root).
 *
 * Errors: `SCHEMA_SYNTAX` (not YAML) and `SCHEMA_INVALID` (an unknown `version`, a wrong shape, a path outside
 * its module), with the 1-based line of the offending key when known.
 */
export function parseBufYaml(text: string): Result<BufYaml> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { ok: false, error: { code: "SCHEMA_SYNTAX", message: `buf.yaml is not valid YAML: ${e.message.split("\n")[0]}`, ...(e.linePos ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}) } };
  }
  const lineOf = (at: string): { line?: number } => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const key of at.split(".").filter((k) => k !== "")) {
      if (isSeq(node) && /^\d+$/.test(key)) {
        node = node.items[Number(key)];
        offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? offset;
        continue;
      }
      if (!isMap(node)) break;
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key || String((p.key as { value?: unknown } | null)?.value) === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
      node = pair.value;
    }
    return offset === undefined ? {} : { line: lines.linePos(offset).line };
  };
  const invalid = (at: string, message: string): { ok: false; error: ContractError } => ({ ok: false, error: { code: "SCHEMA_INVALID", message, ...lineOf(at) } });
  try {
    const root = objectAt((doc.toJS() ?? {}) as Json, "buf.yaml") ?? {};
    const version = field(root, "version");
    if (version !== "v1beta1" && version !== "v1" && version !== "v2") {
      return invalid("version", `buf.yaml: version must be v1beta1, v1 or v2${version === undefined ? " (it is missing)" : `, not ${JSON.stringify(version)}`}`);
    }
    if (version === "v2") {
      const plugins = listOf(root, "plugins", "plugin");
      const policies = listOf(root, "policies", "policy");
      const scope: Scope = { version, plugins: plugins.length > 0 };
      const top = field(root, "breaking");
      const listed = field(root, "modules");
      if (listed !== undefined && listed !== null && !Array.isArray(listed)) throw new BufYamlError("modules", "modules must be a list");
      const entries = Array.isArray(listed) && listed.length > 0 ? listed : [{ path: "." }];
      const modules = entries.map((entry, i): BufModuleConfig => {
        const at = `modules.${i}`;
        const m = objectAt(entry, at) ?? {};
        const raw = field(m, "path");
        if (raw !== undefined && typeof raw !== "string") throw new BufYamlError(at, `${at}.path must be a string`);
        const path = cleanDir(raw ?? ".");
        if (path === undefined) throw new BufYamlError(at, `${at}.path ${JSON.stringify(raw)} must be a directory inside the workspace`);
        const dirs = (key: string): string[] =>
          stringsAt(field(m, key), `${at}.${key}`).map((d) => {
            const clean = cleanDir(d);
            if (clean === undefined || within(path, clean) === undefined) throw new BufYamlError(at, `${at}.${key}: ${JSON.stringify(d)} is not a directory inside the module ${path}`);
            return clean;
          });
        const own = field(m, "breaking");
        return { path, roots: [path], includes: dirs("includes"), excludes: dirs("excludes"), breaking: own !== undefined && own !== null ? breakingOf(own, `${at}.breaking`, scope, (p) => within(path, p)) : breakingOf(top, "breaking", scope, (p) => within(path, p), "drop") };
      });
      return { ok: true, value: { version, modules, plugins, policies } };
    }
    const build = objectAt(field(root, "build"), "build") ?? {};
    if (version === "v1") {
      const excludes = stringsAt(field(build, "excludes"), "build.excludes").map((d) => {
        const clean = cleanDir(d);
        if (clean === undefined) throw new BufYamlError("build", `build.excludes: ${JSON.stringify(d)} is not a directory inside the module`);
        return clean;
      });
      const breaking = breakingOf(field(root, "breaking"), "breaking", { version, plugins: false }, (p) => p);
      return { ok: true, value: { version, modules: [{ path: ".", roots: ["."], includes: [], excludes, breaking }], plugins: [], policies: [] } };
    }
    // v1beta1: several roots; excludes and ignores are relative to a root.
    const roots = stringsAt(field(build, "roots"), "build.roots").map((d) => {
      const clean = cleanDir(d);
      if (clean === undefined) throw new BufYamlError("build", `build.roots: ${JSON.stringify(d)} is not a directory inside the module`);
      return clean;
    });
    const rootList = roots.length > 0 ? roots : ["."];
    const excludes = stringsAt(field(build, "excludes"), "build.excludes").flatMap((d) => {
      const clean = cleanDir(d);
      if (clean === undefined) throw new BufYamlError("build", `build.excludes: ${JSON.stringify(d)} is not a directory inside a root`);
      return rootList.map((r) => joinDir(r, clean));
    });
    const breaking = breakingOf(field(root, "breaking"), "breaking", { version, plugins: false }, (p) => p);
    return { ok: true, value: { version, modules: [{ path: ".", roots: rootList, includes: [], excludes, breaking }], plugins: [], policies: [] } };
  } catch (e) {
    if (e instanceof BufYamlError) return invalid(e.at, `buf.yaml: ${e.message}`);
    throw e;
  }
}

/**
 * The rule ids a `breaking` section checks: `use` minus `except`, each category expanded for the config
 * `version` and each deprecated id replaced by the rules buf runs for it (buf `bufconfig`: "except" removes
 * rules or categories from `use`); with `disable_builtin`, only the ids buf does not know (plugin rules).
 * Sorted. The ids were validated by {@link parseBufYaml}.
 */
export function bufBreakingRules(version: BufConfigVersion, breaking: BufBreakingConfig): string[] {
  const expand = (ids: readonly string[]): string[] => ids.flatMap((id) => (isBufCategory(id) ? bufCategoryRules(id, version) : (REPLACED_RULES[id] ?? [id])));
  const except = new Set(expand(breaking.except));
  return [...new Set(expand(breaking.use))].filter((r) => !except.has(r) && !(breaking.disableBuiltin && isBufBuiltinRule(r))).sort();
}

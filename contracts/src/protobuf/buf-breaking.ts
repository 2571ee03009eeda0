/**
 * `buf breaking` emulation: which rules run (categories per buf.yaml version, deprecated ids replaced), the ignore
 * filters, and the annotations. The rules themselves live in `buf-rules-file.ts` (file values, FILE deletions),
 * `buf-rules-package.ts` (PACKAGE deletions), `buf-rules-element.ts` (element pairs) and `buf-rules-field.ts`
 * (field options and features).
 */
import type { ContractError, Result } from "../errors.js";
import { bufCategoryRules, isBufCategory, REPLACED_RULES, type BufCategory } from "./buf-categories.js";
import { buildImage, indexElements, isUnstablePackage, type BufFile, type Emit, type Image } from "./buf-image.js";
import { checkElementPairs } from "./buf-rules-element.js";
import { checkFileDeletions, checkFileValues } from "./buf-rules-file.js";
import { checkPackageDeletions } from "./buf-rules-package.js";

export type { BufFile } from "./buf-image.js";
export { bufCategoryRules, CSR_RULES, EXTRA_RULES, FILE_RULES, isBufBuiltinRule, isBufCategory, PACKAGE_RULES, WIRE_JSON_RULES, WIRE_RULES, type BufCategory } from "./buf-categories.js";

/**
 * One finding, shaped like buf's `FileAnnotation`: `file` is the path in the current set and `line`/`column` are
 * 1-based, absent when buf reports the finding on a file without a position (a deleted nested element, a file
 * option now unset; buf ≥ 1.5x prints those at the empty range 1:1–1:1). `file` is `""` when buf has no current
 * location at all (a deleted file or package); `againstFile` then names the previous file the finding is about.
 */
export interface BufAnnotation {
  readonly rule: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly againstFile?: string;
  readonly message: string;
}

/**
 * A {@link BufAnnotation} with the element it is about (`Where.element`: a JSON Pointer of names below the package,
 * `/Outer/field`), for callers that place findings in a schema rather than in a file (the registry's BUF policy).
 */
export interface BufFinding extends BufAnnotation {
  readonly element?: string;
}

/**
 * Options for {@link checkBufBreaking}: `rules` (buf rule ids, deprecated ids included) and/or `categories`
 * (default `WIRE_JSON` when neither is given), expanded as buf.yaml `version` does (default `v2`).
 */
export interface BufCheckOptions {
  readonly rules?: readonly string[];
  readonly categories?: readonly BufCategory[];
  /** buf.yaml `version`, whose categories differ slightly. */
  readonly version?: "v1beta1" | "v1" | "v2";
  /** buf `ignore_unstable_packages`: skip findings on files in packages like `foo.v1alpha1`, `foo.v2beta`, `foo.v1test`. */
  readonly ignoreUnstablePackages?: boolean;
  /** buf `ignore`: paths (files or directories, relative to the root) whose findings are dropped. */
  readonly ignore?: readonly string[];
  /** buf `ignore_only`: rule id or category → paths whose findings of those rules are dropped. */
  readonly ignoreOnly?: Readonly<Record<string, readonly string[]>>;
}

/** The rules to run: categories expanded for the version, deprecated ids replaced. */
function selectRules(options: BufCheckOptions): Set<string> {
  const rules = new Set<string>();
  const categories = options.categories ?? (options.rules ? [] : ["WIRE_JSON" as const]);
  for (const c of categories) for (const r of bufCategoryRules(c, options.version)) rules.add(r);
  for (const r of options.rules ?? []) {
    const replaced = REPLACED_RULES[r];
    if (replaced) for (const x of replaced) rules.add(x);
    else rules.add(r);
  }
  return rules;
}

/** Whether `path` is `dir` or lies under it (buf's `MapHasEqualOrContainingPath`). */
function covers(dir: string, path: string): boolean {
  const d = dir.replace(/\/+$/, "");
  return d === "." || d === "" || path === d || path.startsWith(`${d}/`);
}

/**
 * buf-style breaking-change check of two sets of `.proto` files (`buf breaking current --against previous`) for
 * buf's FILE, PACKAGE, WIRE, WIRE_JSON and CSR rules. Elements are paired as buf pairs them: files by path, messages
 * (the entry messages of map fields included), enums and services by full name across the set, fields by number, extensions by extendee and number. Each
 * annotation names the rule, the current file and the 1-based line/column where buf puts it (the field, its type,
 * its option, the enclosing message …); findings on an ignored path (`ignore`, `ignoreOnly`) or, with
 * `ignoreUnstablePackages`, in an unstable package are dropped, judged on both the current and the previous file.
 * Semantics: buf `bufcheckserverhandle/breaking.go` and its helpers (see the `buf-rules-*.ts` modules). Returns
 * `SCHEMA_SYNTAX`/`SCHEMA_INVALID` (with `file`) when a file does not parse; unknown types are tolerated
 * (treated as messages).
 */
export function checkBufBreaking(previousFiles: readonly BufFile[], currentFiles: readonly BufFile[], options: BufCheckOptions = {}): Result<BufAnnotation[], ContractError & { file: string }> {
  const found = bufBreakingFindings(previousFiles, currentFiles, options);
  if (!found.ok) return found;
  // The annotation is buf's shape: the element pointer is left out.
  return { ok: true, value: found.value.map(({ element: _element, ...annotation }) => annotation) };
}

/** {@link checkBufBreaking}, each finding with the element it is about ({@link BufFinding}). */
export function bufBreakingFindings(previousFiles: readonly BufFile[], currentFiles: readonly BufFile[], options: BufCheckOptions = {}): Result<BufFinding[], ContractError & { file: string }> {
  const rules = selectRules(options);
  const prevImg = buildImage(previousFiles);
  if (!prevImg.ok) return prevImg;
  const curImg = buildImage(currentFiles);
  if (!curImg.ok) return curImg;
  const prev = prevImg.value;
  const cur = curImg.value;
  const ignoreOnly = new Map<string, string[]>();
  for (const [key, paths] of Object.entries(options.ignoreOnly ?? {})) {
    const ids = isBufCategory(key) ? bufCategoryRules(key, options.version) : (REPLACED_RULES[key] ?? [key]);
    for (const id of ids) ignoreOnly.set(id, [...(ignoreOnly.get(id) ?? []), ...paths]);
  }
  const ignored = (rule: string, path: string | undefined, img: Image): boolean => {
    if (path === undefined) return false;
    if ((options.ignore ?? []).some((d) => covers(d, path)) || (ignoreOnly.get(rule) ?? []).some((d) => covers(d, path))) return true;
    return options.ignoreUnstablePackages === true && isUnstablePackage(img.files.get(path)?.package ?? "");
  };
  const out: BufFinding[] = [];
  const seen = new Set<string>();
  const emit: Emit = (rule, where, message) => {
    if (!rules.has(rule) || ignored(rule, where.file, cur) || ignored(rule, where.against, prev)) return;
    const key = `${rule}|${where.file ?? ""}|${where.pos?.line ?? ""}|${where.pos?.column ?? ""}|${where.against ?? ""}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const pos = where.file !== undefined && where.pos ? { line: where.pos.line, column: where.pos.column } : {};
    out.push({ rule, file: where.file ?? "", ...pos, ...(where.against !== undefined ? { againstFile: where.against } : {}), message, ...(where.element !== undefined ? { element: where.element } : {}) });
  };

  const index = { prev: indexElements(prev), cur: indexElements(cur) };
  checkFileValues(prev, cur, emit);
  checkFileDeletions(prev, cur, emit, index);
  checkPackageDeletions(prev, cur, emit, index);
  checkElementPairs(prev, cur, emit);
  return { ok: true, value: out };
}

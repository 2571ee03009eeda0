/**
 * buf's file-scoped breaking rules: the FILE_SAME_* values of files paired by path (package, syntax, the
 * generated-code options) and the FILE category's deletions (FILE_NO_DELETE; ENUM/MESSAGE/EXTENSION/SERVICE_NO_DELETE,
 * which compare each file with the file of the same path, so moving an element to another file is a deletion).
 * Semantics: buf `bufcheckserverhandle/breaking.go` (`checkFileSameValue`, `getDescriptorAndLocationForDeleted*`).
 */
import type { OptionValue, Pos } from "./ast.js";
import { indexElements, nestedPointer, optionNamed, type DeclaredElement, type ElementIndex, type Emit, type Image, type Where } from "./buf-image.js";

/** A FILE_SAME_* option rule: the file option it watches, and the value an unset option has. */
interface FileOptionRule {
  readonly rule: string;
  readonly option: string;
  readonly unset: string;
}

/** The FILE_SAME_<option> rules (unset bools are false, except `cc_enable_arenas`, true since protobuf 3.12). */
export const FILE_OPTION_RULES: readonly FileOptionRule[] = [
  ...["java_package", "java_outer_classname", "go_package", "objc_class_prefix", "csharp_namespace", "swift_prefix", "php_class_prefix", "php_namespace", "php_metadata_namespace", "ruby_package"].map((option) => ({ rule: `FILE_SAME_${option.toUpperCase()}`, option, unset: "" })),
  ...["java_multiple_files", "cc_generic_services", "java_generic_services", "py_generic_services"].map((option) => ({ rule: `FILE_SAME_${option.toUpperCase()}`, option, unset: "false" })),
  { rule: "FILE_SAME_CC_ENABLE_ARENAS", option: "cc_enable_arenas", unset: "true" },
  { rule: "FILE_SAME_OPTIMIZE_FOR", option: "optimize_for", unset: "SPEED" },
];

function optionText(v: OptionValue | undefined, unset: string): string {
  if (v === undefined) return unset;
  return v.kind === "string" ? v.value : v.text;
}

/**
 * Compares the files present in both sets (by path) and emits FILE_SAME_PACKAGE, FILE_SAME_SYNTAX and the
 * FILE_SAME_<option> rules at the current file's statement. When the current file has no statement to point at
 * (the value is now unset), buf reports the change on the file itself, without a line (`checkFileSameValue`
 * passes the file's path as the annotation's fallback file name).
 */
export function checkFileValues(prev: Image, cur: Image, emit: Emit): void {
  for (const [path, p] of prev.files) {
    const c = cur.files.get(path);
    if (!c) continue;
    const where = (pos: Pos | undefined): Where => ({ file: path, ...(pos ? { pos } : {}), against: path, element: "" });
    if (p.package !== c.package) emit("FILE_SAME_PACKAGE", where(c.packagePos), `File package changed from "${p.package}" to "${c.package}".`);
    // The parser calls an undeclared syntax proto2, as buf does; every edition is "editions" to buf.
    if (p.syntax !== c.syntax) emit("FILE_SAME_SYNTAX", where(c.syntaxPos), `File syntax changed from "${p.syntax}" to "${c.syntax}".`);
    for (const r of FILE_OPTION_RULES) {
      const po = optionNamed(p.options, r.option);
      const co = optionNamed(c.options, r.option);
      const pv = optionText(po?.value, r.unset);
      const cv = optionText(co?.value, r.unset);
      if (pv !== cv) emit(r.rule, where(co?.pos), `File option "${r.option}" changed from "${pv}" to "${cv}".`);
    }
  }
}

/**
 * Where buf reports an element deleted from `file` (`getDescriptorAndLocationForDeleted*`): the nearest enclosing
 * message that still exists among `messages` (by nested name), else the file without a line.
 */
export function deletionSite(nested: string, messages: ReadonlyMap<string, DeclaredElement>, file: string, against: string): Where {
  const parts = nested.split(".");
  for (let i = parts.length - 1; i > 0; i--) {
    const m = messages.get(parts.slice(0, i).join("."));
    if (m) return m.pos ? { file: m.path, pos: m.pos, against } : { file: m.path, against };
  }
  return { file, against };
}

/** Groups elements by file path, then by nested name. */
export function byFile(list: readonly DeclaredElement[]): Map<string, Map<string, DeclaredElement>> {
  const out = new Map<string, Map<string, DeclaredElement>>();
  for (const e of list) {
    let m = out.get(e.path);
    if (!m) out.set(e.path, (m = new Map()));
    m.set(e.nested, e);
  }
  return out;
}

/**
 * The FILE category's deletion rules. FILE_NO_DELETE has no current location (buf prints it without a path).
 * ENUM/MESSAGE/EXTENSION_NO_DELETE point at the nearest surviving enclosing message of the same file, else at
 * the file; SERVICE_NO_DELETE at the file. EXTENSION_NO_DELETE exists in v2 configs only.
 */
export function checkFileDeletions(prev: Image, cur: Image, emit: Emit, index?: { prev: ElementIndex; cur: ElementIndex }): void {
  const pi = index?.prev ?? indexElements(prev);
  const ci = index?.cur ?? indexElements(cur);
  for (const path of prev.files.keys()) if (!cur.files.has(path)) emit("FILE_NO_DELETE", { against: path }, `Previously present file "${path}" was deleted.`);
  const curMessages = byFile(ci.messages);
  const kinds: ReadonlyArray<[string, string, readonly DeclaredElement[], readonly DeclaredElement[]]> = [
    ["MESSAGE_NO_DELETE", "message", pi.messages, ci.messages],
    ["ENUM_NO_DELETE", "enum", pi.enums, ci.enums],
    ["EXTENSION_NO_DELETE", "extension", pi.extensions, ci.extensions],
    ["SERVICE_NO_DELETE", "service", pi.services, ci.services],
  ];
  for (const [rule, what, before, after] of kinds) {
    const now = byFile(after);
    for (const e of before) {
      if (!cur.files.has(e.path) || now.get(e.path)?.has(e.nested)) continue;
      // Services are top-level: buf reports them on the file.
      const where = what === "service" ? { file: e.path, against: e.path } : deletionSite(e.nested, curMessages.get(e.path) ?? new Map(), e.path, e.path);
      emit(rule, { ...where, element: nestedPointer(e.nested) }, `Previously present ${what} "${e.nested}" was deleted from file.`);
    }
  }
}

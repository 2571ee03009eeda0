/**
 * The `buf` conformance set: buf's breaking-change test directories (`../shared/vectors/buf/cases.json`), judged
 * by comparing the set of (rule, file, line) our `checkBufBreaking` reports with buf's `expected_annotations`
 * (file-level annotations, which have no line, compare by rule + file; findings buf prints without a path, such as
 * FILE_NO_DELETE, by rule alone). Every case counts except the few that need buf check plugins or policies.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { bufBreakingRules, checkBufBreaking, parseBufYaml, type BufConfigVersion, type BufFile, type BufModuleConfig } from "../src/protobuf/index.js";

/** A case of `buf/cases.json` (the fields this judge reads). */
export interface BufCase {
  readonly id: string;
  readonly old_dir: string;
  readonly new_dir: string;
  readonly rules_violated: readonly string[];
  readonly expected_annotations: ReadonlyArray<{ path?: string; rule: string; start_line?: number }>;
  readonly requires_buf_plugins_or_policies?: boolean;
}

interface Disagreement {
  readonly id: string;
  readonly detail: string;
  readonly refused: boolean;
}

let wireRules: Set<string> | undefined;

/** Every rule id that some buf config version puts in WIRE or WIRE_JSON (`buf/rule-categories.json`). */
function wireCategoryRules(vectors: string): Set<string> {
  if (wireRules) return wireRules;
  const json = JSON.parse(readFileSync(join(vectors, "buf/rule-categories.json"), "utf8")) as { rule_categories: Record<string, Record<string, string[]>> };
  wireRules = new Set();
  for (const spec of Object.values(json.rule_categories)) {
    for (const [rule, cats] of Object.entries(spec)) if (cats.includes("WIRE") || cats.includes("WIRE_JSON")) wireRules.add(rule);
  }
  return wireRules;
}

/** True for the cases the checker can run: all but those needing buf check plugins or policies (not emulated). */
export function isBufBuiltinCase(c: BufCase): boolean {
  return !c.requires_buf_plugins_or_policies;
}

/** True when every rule the case violates is a WIRE/WIRE_JSON rule (vacuously true for "no breakage" cases). */
export function isBufWireCase(vectors: string, c: BufCase): boolean {
  const rules = wireCategoryRules(vectors);
  return !c.requires_buf_plugins_or_policies && c.rules_violated.every((r) => rules.has(r));
}

/** Every `.proto` under `root` (sorted, recursively) as `{path relative to root, text}`. */
export function protoFiles(root: string): BufFile[] {
  const out: BufFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".proto")) out.push({ path: relative(root, p).split("\\").join("/"), text: readFileSync(p, "utf8") });
    }
  };
  walk(root);
  return out;
}

/** A case directory's buf.yaml through our own {@link parseBufYaml} (buf's defaults when there is none). */
export function caseModule(dir: string): { version: BufConfigVersion; module: BufModuleConfig } {
  let text = "version: v1\n";
  try {
    text = readFileSync(join(dir, "buf.yaml"), "utf8");
  } catch {
    // No buf.yaml: buf's defaults.
  }
  const parsed = parseBufYaml(text);
  if (!parsed.ok) throw new Error(`${dir}/buf.yaml: ${parsed.error.message}`);
  return { version: parsed.value.version, module: parsed.value.modules[0]! };
}

/** Reads a case's directories, runs the checker with the case's rules and compares (rule, file, line) sets. */
export function judgeBufCase(vectors: string, c: BufCase): Disagreement | null {
  const base = join(vectors, "buf");
  const oldDir = join(base, c.old_dir);
  const newDir = join(base, c.new_dir);
  // The current side's buf.yaml decides the rules (`use` minus `except`, default FILE), as `buf breaking` does.
  const { version, module } = caseModule(newDir);
  const { breaking } = module;
  // Each side's own buf.yaml may name module roots; paths are relative to the root.
  const files = (dir: string): BufFile[] => caseModule(dir).module.roots.flatMap((root) => protoFiles(join(dir, root)));
  const previous = files(oldDir);
  const current = files(newDir);
  const result = checkBufBreaking(previous, current, {
    rules: bufBreakingRules(version, breaking),
    version,
    ignore: breaking.ignore,
    ignoreOnly: breaking.ignoreOnly,
    ignoreUnstablePackages: breaking.ignoreUnstablePackages,
  });
  if (!result.ok) return { id: c.id, detail: `refused ${result.error.file}: ${result.error.message}${result.error.line ? ` (line ${result.error.line})` : ""}`, refused: true };
  // buf prints findings without a current location (a deleted file or package) with no path: ours have file "".
  const key = (rule: string, file: string, line?: number): string => `${rule} ${file}${line !== undefined ? `:${line}` : ""}`;
  const expected = new Set(c.expected_annotations.map((a) => key(a.rule, a.path ?? "", a.start_line)));
  const ours = new Set(result.value.map((a) => key(a.rule, a.file, a.line)));
  const missing = [...expected].filter((k) => !ours.has(k));
  const extra = [...ours].filter((k) => !expected.has(k));
  if (missing.length === 0 && extra.length === 0) return null;
  return { id: c.id, detail: `missing [${missing.slice(0, 6).join(", ")}${missing.length > 6 ? ", …" : ""}] extra [${extra.slice(0, 6).join(", ")}${extra.length > 6 ? ", …" : ""}]`, refused: false };
}

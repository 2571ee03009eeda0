/**
 * The `buf` conformance set: buf's breaking-change test directories (`../shared/vectors/buf/cases.json`), judged
 * by comparing the set of (rule, file, line) our `checkBufBreaking` reports with buf's `expected_annotations`
 * (file-level annotations, which have no line, compare by rule + file). Only cases whose violated rules are all
 * in buf's WIRE or WIRE_JSON categories count.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { checkBufBreaking, type BufFile } from "../src/protobuf/index.js";

/** A case of `buf/cases.json` (the fields this judge reads). */
export interface BufCase {
  readonly id: string;
  readonly old_dir: string;
  readonly new_dir: string;
  readonly rules_violated: readonly string[];
  readonly expected_annotations: ReadonlyArray<{ path: string; rule: string; start_line?: number }>;
  readonly requires_buf_plugins_or_policies?: boolean;
}

interface Disagreement {
  readonly id: string;
  readonly detail: string;
  readonly refused: boolean;
}

let wireRules: Set<string> | undefined;
let categories: Record<string, Record<string, string[]>> | undefined;

/** Rules of a category for a buf.yaml version (`v1beta1`, `v1`, `v2`), from `buf/rule-categories.json`. */
function categoryRules(vectors: string, version: string, category: string): string[] {
  categories ??= (JSON.parse(readFileSync(join(vectors, "buf/rule-categories.json"), "utf8")) as { rule_categories: Record<string, Record<string, string[]>> }).rule_categories;
  const spec = categories[version === "v2" ? "V2Spec" : version === "v1beta1" ? "V1Beta1Spec" : "V1Spec"] ?? {};
  return Object.entries(spec)
    .filter(([, cats]) => cats.includes(category))
    .map(([rule]) => rule);
}

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

/** The `version`, `breaking.use`, `breaking.ignore_unstable_packages` and `build.roots` of a case's buf.yaml (defaults when absent). */
export function readBufYaml(dir: string): { version: string; use: string[]; ignoreUnstable: boolean; roots: string[] } {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(join(dir, "buf.yaml"), "utf8"));
  } catch {
    return { version: "v1", use: [], ignoreUnstable: false, roots: [] };
  }
  const get = (value: unknown, key: string): unknown => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined);
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  const breaking = get(doc, "breaking");
  const version = get(doc, "version");
  return {
    version: typeof version === "string" ? version : "v1",
    use: strings(get(breaking, "use")),
    ignoreUnstable: get(breaking, "ignore_unstable_packages") === true,
    roots: strings(get(get(doc, "build"), "roots")),
  };
}

/** Reads a case's directories, runs the checker with the case's rules and compares (rule, file, line) sets. */
export function judgeBufCase(vectors: string, c: BufCase): Disagreement | null {
  const base = join(vectors, "buf");
  const oldDir = join(base, c.old_dir);
  const newDir = join(base, c.new_dir);
  const config = readBufYaml(newDir);
  // Rules named in buf.yaml (default: the FILE category); categories expand by the config's version.
  const rules = new Set<string>();
  for (const u of config.use.length > 0 ? config.use : ["FILE"]) {
    const expanded = categoryRules(vectors, config.version, u);
    if (expanded.length > 0) for (const r of expanded) rules.add(r);
    else rules.add(u);
  }
  // Each side's own buf.yaml may name module roots; paths are relative to the root.
  const rootDirs = (dir: string): string[] => {
    const roots = readBufYaml(dir).roots;
    return roots.length > 0 ? roots.map((r) => join(dir, r)) : [dir];
  };
  const files = (dir: string): BufFile[] => rootDirs(dir).flatMap((root) => protoFiles(root));
  const previous = files(oldDir);
  const current = files(newDir);
  const result = checkBufBreaking(previous, current, { rules: [...rules], ignoreUnstablePackages: config.ignoreUnstable });
  if (!result.ok) return { id: c.id, detail: `refused ${result.error.file}: ${result.error.message}${result.error.line ? ` (line ${result.error.line})` : ""}`, refused: true };
  const key = (rule: string, file: string, line?: number): string => `${rule} ${file}${line !== undefined ? `:${line}` : ""}`;
  const expected = new Set(c.expected_annotations.map((a) => key(a.rule, a.path, a.start_line)));
  const ours = new Set(result.value.map((a) => key(a.rule, a.file, a.line)));
  const missing = [...expected].filter((k) => !ours.has(k));
  const extra = [...ours].filter((k) => !expected.has(k));
  if (missing.length === 0 && extra.length === 0) return null;
  return { id: c.id, detail: `missing [${missing.slice(0, 6).join(", ")}${missing.length > 6 ? ", …" : ""}] extra [${extra.slice(0, 6).join(", ")}${extra.length > 6 ? ", …" : ""}]`, refused: false };
}

import { posix } from "node:path";
import type { BufAnnotation, BufBreakingConfig, BufConfigVersion, BufFile, BufModuleConfig } from "@charter/contracts/protobuf";
import type { ContractFile } from "./discover.js";
import type { ConfigProblem } from "./config.js";
import type { ContractChange, ContractResult, GateViolation } from "./result.js";
import type { RepositoryTree } from "./tree.js";

/** The file names of buf's configuration: a module or v2 workspace (`buf.yaml`), a v1 workspace (`buf.work.yaml`). */
const BUF_YAML = "buf.yaml";
const BUF_WORK_YAML = "buf.work.yaml";

/** One buf module of the repository at head, with repository-relative POSIX directories (`.` = the root). */
export interface BufModule {
  /** The buf.yaml that configures it (repository-relative); for a v1 workspace directory without one, the buf.work.yaml. */
  readonly configFile: string;
  readonly version: BufConfigVersion;
  /** The module's directory. */
  readonly dir: string;
  /** Source roots (`.proto` paths are relative to these). */
  readonly roots: readonly string[];
  readonly includes: readonly string[];
  readonly excludes: readonly string[];
  /** The module's own `breaking` section, then one per local policy of its buf.yaml; each is checked. */
  readonly ruleSets: readonly BufRuleSet[];
  /** How reports name the judgement: `buf FILE (proto/buf.yaml)`, plus policies and what could not be checked. */
  readonly label: string;
}

/** One `breaking` configuration a module is checked with: the buf.yaml's own, or a policy's. */
export interface BufRuleSet {
  /** The repository path of the file it comes from (buf.yaml, buf.policy.yaml). */
  readonly source: string;
  readonly breaking: BufBreakingConfig;
  /** Its built-in rule ids (`use` minus `except`, categories expanded for the config version). */
  readonly rules: readonly string[];
}

const protobufEngine = () => import("@charter/contracts/protobuf");

const dirOf = (path: string): string => {
  const d = posix.dirname(path);
  return d === "" ? "." : d;
};
const join = (a: string, b: string): string => (a === "." ? b : b === "." ? a : `${a}/${b}`);
const under = (dir: string, path: string): boolean => dir === "." || path.startsWith(`${dir}/`);

/**
 * The buf modules of a tree: every `buf.yaml` (v1beta1/v1: a module at its directory; v2: its `modules`), or only
 * the `configs` named, and every directory a v1 `buf.work.yaml` lists without a buf.yaml of its own (buf's
 * defaults: the FILE category). Errors: a buf.yaml or buf.work.yaml that does not parse, or a named config that
 * is missing, as a {@link ConfigProblem} naming the file and line.
 */
export async function findBufModules(tree: RepositoryTree, configs?: readonly string[]): Promise<{ ok: true; value: BufModule[] } | { ok: false; error: ConfigProblem }> {
  const { parseBufYaml, bufBreakingRules, isBufBuiltinRule } = await protobufEngine();
  const named = configs?.map((c) => posix.normalize(c).replace(/^\.\//, ""));
  const files = named ?? tree.files.filter((f) => posix.basename(f) === BUF_YAML);
  const modules: BufModule[] = [];
  const problem = (file: string, error: { message: string; line?: number; column?: number }): { ok: false; error: ConfigProblem } => ({
    ok: false,
    error: { file, message: error.message, ...(error.line !== undefined ? { line: error.line } : {}), ...(error.column !== undefined ? { column: error.column } : {}) },
  });
  /** What a breaking section names that buf's built-in rules do not cover (a Buf plugin's rules). */
  const pluginIds = (b: BufBreakingConfig): string[] => b.use.filter((id) => !isBufBuiltinRule(id));
  const rulesOf = (version: BufConfigVersion, b: BufBreakingConfig): string[] => bufBreakingRules(version, b).filter(isBufBuiltinRule);
  const describe = (b: BufBreakingConfig): string =>
    b.disableBuiltin ? "buf plugins only" : `buf ${b.use.filter(isBufBuiltinRule).join(", ") || "(no built-in rule)"}${b.except.length > 0 ? ` except ${b.except.join(", ")}` : ""}`;
  const add = (configFile: string, version: BufConfigVersion, base: string, m: BufModuleConfig, policies: readonly BufRuleSet[], unchecked: readonly string[]): void => {
    const own: BufRuleSet = { source: configFile, breaking: m.breaking, rules: rulesOf(version, m.breaking) };
    const sets = [own, ...policies];
    const plugins = [...new Set(sets.flatMap((r) => pluginIds(r.breaking)))];
    const notChecked = [...(plugins.length > 0 ? [`Buf plugin rules ${plugins.join(", ")}`] : []), ...unchecked];
    const label = `${sets.map((r) => `${describe(r.breaking)} (${r.source})`).join(" + ")}${notChecked.length > 0 ? `; not checked: ${notChecked.join(", ")}` : ""}`;
    modules.push({
      configFile,
      version,
      dir: join(base, m.path),
      roots: m.roots.map((r) => join(base, r)),
      includes: m.includes.map((d) => join(base, d)),
      excludes: m.excludes.map((d) => join(base, d)),
      ruleSets: sets,
      label,
    });
  };
  for (const file of files) {
    const text = await tree.read(file);
    if (text === undefined) return { ok: false, error: { file, message: `${file} does not exist (named in buf.configs)` } };
    const parsed = parseBufYaml(text);
    if (!parsed.ok) return problem(file, parsed.error);
    // Local policies (buf.policy.yaml files) add their breaking rules; BSR policies cannot be read offline.
    const policies: BufRuleSet[] = [];
    const remote: string[] = [];
    for (const policy of parsed.value.policies) {
      if (!/\.ya?ml$/.test(policy)) {
        remote.push(`BSR policy ${policy}`);
        continue;
      }
      const path = join(dirOf(file), posix.normalize(policy).replace(/^\.\//, ""));
      const policyText = await tree.read(path);
      if (policyText === undefined) return { ok: false, error: { file, message: `${file}: policy ${policy} not found (${path})` } };
      const read = parseBufYaml(policyText);
      if (!read.ok) return problem(path, read.error);
      const breaking = read.value.modules[0]!.breaking;
      policies.push({ source: path, breaking, rules: rulesOf(read.value.version, breaking) });
    }
    for (const m of parsed.value.modules) add(file, parsed.value.version, dirOf(file), m, policies, remote);
  }
  if (!named) {
    // A v1 workspace's directories are modules even without a buf.yaml of their own.
    const { parse } = await import("yaml");
    for (const work of tree.files.filter((f) => posix.basename(f) === BUF_WORK_YAML)) {
      let dirs: unknown;
      try {
        dirs = (parse((await tree.read(work)) ?? "") as { directories?: unknown } | null)?.directories;
      } catch (e) {
        return { ok: false, error: { file: work, message: `${work} is not valid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` } };
      }
      if (!Array.isArray(dirs) || dirs.some((d) => typeof d !== "string")) return { ok: false, error: { file: work, message: `${work}: directories must be a list of directories` } };
      for (const d of dirs as string[]) {
        const dir = join(dirOf(work), posix.normalize(d).replace(/\/$/, ""));
        if (modules.some((m) => m.dir === dir)) continue;
        const defaults = parseBufYaml("version: v1\n");
        if (defaults.ok) add(work, "v1", dir, defaults.value.modules[0]!, [], []);
      }
    }
  }
  return { ok: true, value: modules };
}

/**
 * The `.proto` files of a module in a tree: under one of its roots, not under an exclude, under an include when
 * it has includes. Each as `{ repo: repository path, path: path relative to its root }`.
 */
export function moduleFiles(module: BufModule, files: readonly string[]): Array<{ repo: string; path: string }> {
  const out: Array<{ repo: string; path: string }> = [];
  for (const repo of files) {
    if (!repo.endsWith(".proto")) continue;
    if (module.excludes.some((d) => under(d, repo) || repo === d)) continue;
    if (module.includes.length > 0 && !module.includes.some((d) => under(d, repo))) continue;
    const root = module.roots.find((r) => under(r, repo));
    if (root === undefined) continue;
    out.push({ repo, path: root === "." ? repo : repo.slice(root.length + 1) });
  }
  return out;
}

/** What {@link checkBufModules} found: results per file, and every file the modules own (not checked elsewhere). */
export interface BufCheck {
  readonly results: ContractResult[];
  /** Repository paths of the `.proto` files the modules own, at head and at base. */
  readonly owned: ReadonlySet<string>;
}

/** Reads a module's files of one tree as `BufFile`s (paths relative to the roots), with their repository paths. */
async function readModule(module: BufModule, tree: RepositoryTree): Promise<{ files: BufFile[]; repoOf: Map<string, string> }> {
  const listed = moduleFiles(module, tree.files);
  const files: BufFile[] = [];
  const repoOf = new Map<string, string>();
  for (const f of listed) {
    const text = await tree.read(f.repo);
    if (text === undefined) continue;
    files.push({ path: f.path, text });
    repoOf.set(f.path, f.repo);
  }
  return { files, repoOf };
}

/**
 * Judges each buf module as `buf breaking --against <base>` does: the module's files at base and at head are
 * compared whole (types may move between files, a package may span files) with `checkBufBreaking` and the
 * rules of the module's buf.yaml (`use`, `except`, `ignore`, `ignore_only`, `ignore_unstable_packages`). A
 * module is checked when one of its files or its buf.yaml changed (every module with `all`). Each file with
 * findings, and each changed file, becomes one result (subject: the contract's, when the gate's mapping makes the
 * file a contract; else its path); its level is the module's buf rules. A file that does not parse at head is
 * `CONTRACT_INVALID`; a base that does not parse is a `BASE_INVALID` warning on the module's config.
 */
export async function checkBufModules(
  modules: readonly BufModule[],
  headTree: RepositoryTree,
  baseTree: RepositoryTree,
  changed: ReadonlySet<string>,
  all: boolean,
  contracts: ReadonlyMap<string, ContractFile>,
): Promise<BufCheck> {
  const { checkBufBreaking } = await protobufEngine();
  const owned = new Set<string>();
  const results: ContractResult[] = [];
  for (const module of modules) {
    const head = await readModule(module, headTree);
    const base = await readModule(module, baseTree);
    for (const repo of [...head.repoOf.values(), ...base.repoOf.values()]) owned.add(repo);
    const touched = [...head.repoOf.values(), ...base.repoOf.values()].filter((p) => changed.has(p));
    if (!all && touched.length === 0 && !changed.has(module.configFile)) continue;

    const result = (file: string, change: ContractChange, violations: GateViolation[], invalid = false): ContractResult => ({
      subject: contracts.get(file)?.subject ?? file,
      file,
      format: "PROTOBUF",
      checkedWith: module.label,
      change,
      verdict: invalid ? "invalid" : violations.some((v) => v.severity === "error") ? "breaking" : violations.length > 0 ? "unchecked" : "compatible",
      violations,
    });
    const changeOf = (repo: string): ContractChange => (!baseTree.has(repo) ? "added" : !headTree.has(repo) ? "deleted" : changed.has(repo) ? "modified" : all ? "unknown" : "unchanged");

    // Each rule set (the buf.yaml's own, each policy's) is checked with its own ignores; findings are merged.
    let checked: ReturnType<typeof checkBufBreaking> = { ok: true, value: [] };
    const seen = new Set<string>();
    for (const set of module.ruleSets) {
      const { breaking } = set;
      const one = checkBufBreaking(base.files, head.files, { rules: set.rules, version: module.version, ignore: breaking.ignore, ignoreOnly: breaking.ignoreOnly, ignoreUnstablePackages: breaking.ignoreUnstablePackages });
      if (!one.ok) {
        checked = one;
        break;
      }
      for (const a of one.value) {
        const key = `${a.rule}|${a.file}|${a.line ?? ""}|${a.column ?? ""}|${a.againstFile ?? ""}|${a.message}`;
        if (!seen.has(key) && checked.ok) {
          seen.add(key);
          checked.value.push(a);
        }
      }
    }
    if (!checked.ok) {
      const error = checked.error;
      // Which side failed: the head alone either builds or it does not.
      const headAlone = checkBufBreaking(head.files, head.files, { rules: [] });
      if (!headAlone.ok) {
        const file = head.repoOf.get(headAlone.error.file) ?? headAlone.error.file;
        results.push(
          result(file, changeOf(file), [
            {
              rule: "CONTRACT_INVALID",
              severity: "error",
              message: `cannot build the buf module of ${module.configFile} (${headAlone.error.code}): ${headAlone.error.message}`,
              path: headAlone.error.path ?? "",
              location: { file, ...(headAlone.error.line !== undefined ? { line: headAlone.error.line } : {}), ...(headAlone.error.column !== undefined ? { column: headAlone.error.column } : {}), version: "new" },
            },
          ], true),
        );
        continue;
      }
      const file = base.repoOf.get(error.file) ?? error.file;
      results.push(
        result(module.configFile, "unknown", [
          {
            rule: "BASE_INVALID",
            severity: "warning",
            message: `the base version of the buf module of ${module.configFile} does not build (${error.code} in ${file}${error.line !== undefined ? `:${error.line}` : ""}): ${error.message}; not compared`,
            path: "",
            location: { file: module.configFile, version: "new" },
          },
        ]),
      );
      continue;
    }

    const byFile = new Map<string, GateViolation[]>();
    for (const a of checked.value) {
      // A finding without a current file (a deleted file or package, an option now unset) goes on the base file.
      const atHead = a.file === "" ? undefined : head.repoOf.get(a.file);
      const repo = atHead ?? (a.againstFile !== undefined ? base.repoOf.get(a.againstFile) : undefined) ?? base.repoOf.get(a.file) ?? module.configFile;
      const list = byFile.get(repo) ?? [];
      list.push(toViolation(a, repo, atHead !== undefined ? "head" : repo === module.configFile ? "config" : "base"));
      byFile.set(repo, list);
    }
    for (const repo of touched) if (!byFile.has(repo)) byFile.set(repo, []);
    for (const [repo, violations] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) results.push(result(repo, changeOf(repo), violations));
  }
  return { results, owned };
}

/**
 * A buf annotation as a gate finding, placed on `repo`: at its line in the head file, else on the base file or
 * the module's config (no line) when buf has no current place for it.
 */
function toViolation(a: BufAnnotation, repo: string, on: "head" | "base" | "config"): GateViolation {
  const line = on === "head" && a.line !== undefined ? { line: a.line, ...(a.column !== undefined ? { column: a.column } : {}) } : {};
  return { rule: a.rule, severity: "error", message: a.message, path: "", location: { file: repo, ...line, version: on === "base" ? "old" : "new" } };
}

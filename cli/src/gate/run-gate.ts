import { basename, join } from "node:path";
import { autoReferences } from "../commands/check-references.js";
import type { LocatedReference } from "../references/by-name.js";
import { noBaseMessage, resolveBase, readGitHubEvent, type BaseRef, type GitHubEvent } from "./base-ref.js";
import { checkBufModules, findBufModules } from "./buf-gate.js";
import { loadGateConfig, type GateConfig } from "./config.js";
import { checkOffline, type ContractVersion } from "./contract-check.js";
import { classify, mayBeContract, needsText, type ContractFile } from "./discover.js";
import { BlobReader, changedFiles, GitError, repositoryRoot, type FileChange } from "./git.js";
import { compileIgnoreList } from "./ignore.js";
import { lintDescriptors, lintResult, type GateLint } from "./lint-check.js";
import { lintRules } from "../lint/plugins.js";
import { RegistryClient } from "./registry-client.js";
import { placeRemovals } from "./removed-lines.js";
import { RegistryRunError, RegistrySession } from "./registry-check.js";
import type { ContractChange, ContractResult, FailOn, GateProblem, GateResult } from "./result.js";
import { commitTree, toRepoPath, workTree, type RepositoryTree } from "./tree.js";
import { applyAcceptance, exitCodeOf, isBreaking } from "./verdicts.js";

/** The pull-request label that lets maintainers accept a break (read from the event payload). */
export const DEFAULT_SKIP_LABEL = "charter: skip-compat";

/** Options of {@link runGate}; the CLI flags and the Action's inputs map onto these. */
export interface GateOptions {
  /** Any directory inside the repository's work tree. */
  readonly cwd: string;
  /** Environment: `GITHUB_EVENT_PATH`, `GITHUB_BASE_REF`, `CHARTER_REGISTRY_AUTH` are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--base`: the git ref to compare against (see `resolveBase` for the default). */
  readonly base?: string;
  /** `--config`: the configuration file (default: `charter.config.yaml|yml|json` at the root, else defaults). */
  readonly config?: string;
  /** `--registry`: check through this registry's compatibility endpoint instead of against the base ref. */
  readonly registry?: string;
  /** `--register`: after a successful check, register the new versions (dependencies first). Needs `registry`. */
  readonly register?: boolean;
  /** `--all`: check every contract, not only the changed ones. */
  readonly all?: boolean;
  /** `--fail-on`; default `error`. */
  readonly failOn?: FailOn;
  /** The skip label; default {@link DEFAULT_SKIP_LABEL}; `false` ignores labels. */
  readonly skipLabel?: string | false;
  /** Fetch a missing base from `origin` (shallow, `git fetch --depth=1`) before giving up. */
  readonly fetchBase?: boolean;
  /** Per-request registry timeout (ms). */
  readonly registryTimeoutMs?: number;
  /**
   * `--lint` / `--no-lint`: also run the lint rules (docs/lint.md) on every checked contract. Default: on when
   * the configuration has a `lint:` section (and its `gate` is not false).
   */
  readonly lint?: boolean;
}

/** Maps `items` through `fn` with at most `limit` in flight (file reads: no EMFILE on large repositories). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The contracts among `paths` of `tree` under `config`, by path. */
async function discover(config: GateConfig, tree: RepositoryTree, paths: readonly string[]): Promise<Map<string, ContractFile>> {
  const candidates = paths.filter((p) => mayBeContract(config, p));
  const found = await mapLimit(candidates, 32, async (path) => classify(config, path, needsText(config, path) ? await tree.read(path) : undefined));
  return new Map(found.filter((c): c is ContractFile => c !== undefined).map((c) => [c.path, c]));
}

/** References of one contract file in one tree, resolved from its own point of view. */
async function referencesOf(root: string, tree: RepositoryTree, contract: ContractFile): Promise<{ text: string; references: readonly LocatedReference[] } | undefined> {
  const text = await tree.read(contract.path);
  if (text === undefined) return undefined;
  const { references } = await autoReferences(contract.format, join(root, contract.path), text, new Set(), tree.source);
  return { text, references };
}

/** Whether any reference of a version was read from one of `changed` (repository-relative paths). */
function touches(root: string, references: readonly LocatedReference[], changed: ReadonlySet<string>): boolean {
  return references.some((r) => {
    const path = toRepoPath(root, r.file);
    return path !== undefined && changed.has(path);
  });
}

/** The labels of the event's pull request. */
function labelsOf(event: GitHubEvent | undefined): string[] {
  return (event?.pull_request?.labels ?? []).map((l) => l.name ?? "").filter((n) => n !== "");
}

/**
 * What {@link plan} found: the contracts to check, with their change, the subjects that disappeared, and the
 * repository paths that changed since the base (both paths of a rename).
 */
interface Plan {
  readonly checks: ReadonlyArray<{ readonly head: ContractVersion; readonly base?: ContractVersion; readonly change: ContractChange }>;
  readonly deleted: readonly ContractResult[];
  readonly changed: ReadonlySet<string>;
}

/**
 * Pairs head and base contracts by subject: a subject only at head is `added`; at both, `modified` when its
 * file changed, `renamed` when its file moved, `references` when only files it references changed (at head
 * or base), else unchanged (checked only with `all`); a subject only at base is deleted — or renamed, when git
 * saw its file move — which is `CONTRACT_DELETED`/`CONTRACT_RENAMED`, breaking unless `allowDeletion`.
 */
async function plan(root: string, config: GateConfig, headTree: RepositoryTree, headContracts: ReadonlyMap<string, ContractFile>, baseTree: RepositoryTree, changes: readonly FileChange[], all: boolean): Promise<Plan> {
  const changed = new Set<string>();
  const renamedFrom = new Map<string, string>();
  for (const c of changes) {
    changed.add(c.path);
    if (c.kind === "renamed") {
      changed.add(c.from);
      renamedFrom.set(c.from, c.path);
    }
  }
  const baseChangedPaths = [...changed].filter((p) => baseTree.has(p));
  const baseContracts = new Map<string, ContractFile>();
  for (const c of headContracts.values()) if (!changed.has(c.path) && baseTree.has(c.path)) baseContracts.set(c.path, c);
  for (const [path, c] of await discover(config, baseTree, baseChangedPaths)) baseContracts.set(path, c);
  baseTree.setSchemaFiles([...baseContracts.keys()]);
  const baseBySubject = new Map([...baseContracts.values()].map((c) => [c.subject, c]));
  const deletions = [...changed].some((p) => !headTree.has(p));

  const checks: Array<{ head: ContractVersion; base?: ContractVersion; change: ContractChange }> = [];
  for (const contract of headContracts.values()) {
    const headSide = await referencesOf(root, headTree, contract);
    if (!headSide) continue;
    const b = baseBySubject.get(contract.subject);
    // The base side is read only when it may matter: for a check, or to see whether a deleted file was referenced.
    let baseSide = b && (b.path !== contract.path || changed.has(contract.path) || deletions || all) ? await referencesOf(root, baseTree, b) : undefined;
    let change: ContractChange;
    if (!b) change = "added";
    else if (b.path !== contract.path) change = "renamed";
    else if (changed.has(contract.path)) change = "modified";
    else if (changes.length > 0 && (touches(root, headSide.references, changed) || (baseSide !== undefined && deletions && touches(root, baseSide.references, changed)))) change = "references";
    else change = "unchanged";
    if (change === "unchanged" && !all) continue;
    if (b && !baseSide) baseSide = await referencesOf(root, baseTree, b);
    checks.push({ head: { contract, ...headSide }, ...(b && baseSide ? { base: { contract: b, ...baseSide } } : {}), change: b && !baseSide ? "added" : change });
  }

  const headSubjects = new Set([...headContracts.values()].map((c) => c.subject));
  const deleted: ContractResult[] = [];
  for (const b of baseBySubject.values()) {
    if (headSubjects.has(b.subject)) continue;
    const to = renamedFrom.get(b.path);
    const still = headTree.has(b.path);
    const rule = to !== undefined ? "CONTRACT_RENAMED" : "CONTRACT_DELETED";
    const how = to !== undefined ? `was renamed to ${to}${headContracts.get(to) ? ` (subject ${headContracts.get(to)!.subject})` : ""}` : still ? "is no longer a contract" : "was deleted";
    deleted.push({
      subject: b.subject,
      file: to ?? b.path,
      ...(to !== undefined ? { previousFile: b.path } : {}),
      format: b.format,
      level: b.level,
      change: to !== undefined ? "renamed" : "deleted",
      verdict: "breaking",
      violations: [
        {
          rule,
          severity: "error",
          message: `${b.path} ${how}: subject ${b.subject} loses its contract`,
          path: "",
          location: { file: to ?? b.path, line: 1, version: to !== undefined || still ? "new" : "old" },
          ...(b.allowDeletion ? { accepted: `allowDeletion in ${config.file ? basename(config.file) : "the configuration"}` } : {}),
        },
      ],
    });
  }
  return { checks, deleted, changed };
}

/**
 * Runs the compatibility gate over a repository (see docs/gate.md): finds the contracts (configuration or
 * default rules), finds the base, and checks every contract that changed — offline against the base commit
 * read with git (no second checkout; works in a shallow clone), or through a registry's compatibility
 * endpoint — then applies the ignore list and the skip label, and (`register`) registers the new versions in
 * dependency order. Never throws: problems (bad configuration, no base, unreachable registry) are in the
 * result with exit code 2.
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const failOn = options.failOn ?? "error";
  const mode = options.registry ? "registry" : "offline";
  const problems: GateProblem[] = [];
  const finish = (fields: Partial<GateResult>, contracts: readonly ContractResult[] = []): GateResult => ({
    mode,
    ...(options.registry ? { registry: options.registry.replace(/\/+$/, "") } : {}),
    contracts,
    discovered: 0,
    problems,
    failOn,
    breaking: isBreaking(contracts),
    exitCode: exitCodeOf(contracts, problems, failOn),
    ...fields,
  });
  if (options.register && !options.registry) {
    problems.push({ rule: "USAGE", message: "--register needs --registry: the new versions are registered in that registry" });
    return finish({});
  }
  let root: string;
  try {
    root = await repositoryRoot(options.cwd);
  } catch (e) {
    problems.push({ rule: "NOT_A_REPOSITORY", message: `${options.cwd} is not inside a git work tree${e instanceof GitError ? `: ${e.stderr.trim()}` : ""}` });
    return finish({});
  }
  const config = await loadGateConfig(root, options.config);
  if (!config.ok) {
    problems.push({ rule: "CONFIG_INVALID", ...config.error });
    return finish({});
  }
  let lint: GateLint | undefined;
  let lintHelp: GateResult["lint"];
  if (options.lint ?? (config.value.lint !== undefined && config.value.lint.gate)) {
    const loaded = await lintRules(config.value.lint);
    if (!loaded.ok) {
      problems.push({ rule: "CONFIG_INVALID", message: `lint: ${loaded.error}`, file: loaded.file ?? config.value.file ?? "charter.config.yaml" });
      return finish({});
    }
    lint = { rules: config.value.lint?.rules ?? {}, plugins: loaded.plugins };
    lintHelp = { rules: lintDescriptors(loaded.rules) };
  }
  const linted = (fields: Partial<GateResult>): Partial<GateResult> => (lintHelp ? { ...fields, lint: lintHelp } : fields);
  const event = await readGitHubEvent(options.env);
  const labels = labelsOf(event);
  const skipLabel = options.skipLabel === false ? undefined : labels.find((l) => l === (options.skipLabel ?? DEFAULT_SKIP_LABEL));
  let resolved = options.all && mode === "registry" && options.base === undefined ? { ok: true as const, value: undefined } : await resolveBase(root, options.base, options.env, event, { fetch: options.fetchBase ?? false });
  // The registry holds what the base would give; without a base (and none asked for) every contract is checked.
  if (!resolved.ok && mode === "registry" && options.base === undefined) resolved = { ok: true, value: undefined };
  if (!resolved.ok) {
    problems.push({ rule: "BASE_NOT_FOUND", message: resolved.error });
    return finish({});
  }
  const base: BaseRef | undefined = resolved.value;
  if (mode === "offline" && !base) {
    problems.push({ rule: "BASE_NOT_FOUND", message: noBaseMessage(options.env) });
    return finish({});
  }

  const blobs = new BlobReader(root);
  try {
    const headTree = await workTree(root);
    const headContracts = await discover(config.value, headTree, headTree.files);
    headTree.setSchemaFiles([...headContracts.keys()]);
    const bySubject = new Map<string, string>();
    for (const c of headContracts.values()) {
      const other = bySubject.get(c.subject);
      if (other !== undefined) problems.push({ rule: "SUBJECT_CONFLICT", message: `two contracts map to subject ${c.subject}: ${other} and ${c.path}; give them distinct subjects in the configuration`, file: c.path });
      bySubject.set(c.subject, c.path);
    }
    if (problems.length > 0) return finish({ discovered: headContracts.size, ...(base ? { base } : {}) });

    let work: Plan;
    let bufResults: readonly ContractResult[] = [];
    if (base) {
      const baseTree = await commitTree(root, base.commit, blobs);
      const changes = await changedFiles(root, base.commit);
      work = await plan(root, config.value, headTree, headContracts, baseTree, changes, options.all ?? false);
      // buf modules are judged whole by their buf.yaml (offline only: a registry judges subjects by its level).
      if (config.value.buf && mode === "offline") {
        const modules = await findBufModules(headTree, config.value.buf.configs);
        if (!modules.ok) {
          problems.push({ rule: "CONFIG_INVALID", ...modules.error });
          return finish({ discovered: headContracts.size, base });
        }
        const buf = await checkBufModules(modules.value, headTree, baseTree, work.changed, options.all ?? false, headContracts);
        work = {
          ...work,
          checks: work.checks.filter((c) => !buf.owned.has(c.head.contract.path)),
          deleted: work.deleted.filter((d) => !buf.owned.has(d.file) && (d.previousFile === undefined || !buf.owned.has(d.previousFile))),
        };
        bufResults = buf.results;
      }
    } else {
      const checks = [];
      for (const contract of headContracts.values()) {
        const side = await referencesOf(root, headTree, contract);
        if (side) checks.push({ head: { contract, ...side }, change: "unknown" as const });
      }
      work = { checks, deleted: [], changed: new Set() };
    }

    const results: ContractResult[] = [];
    const deferred = new Set<number>();
    let session: RegistrySession | undefined;
    if (options.registry) {
      const client = new RegistryClient({ url: options.registry, auth: options.env["CHARTER_REGISTRY_AUTH"], ...(options.registryTimeoutMs ? { timeoutMs: options.registryTimeoutMs } : {}) });
      session = new RegistrySession(client, root, headTree, headContracts);
    }
    for (const check of work.checks) {
      let result: ContractResult;
      if (session) {
        const checked = await session.check(check.head, check.change);
        if (checked.deferred && options.register) deferred.add(results.length);
        result = checked.result;
      } else {
        result = await checkOffline(check.head, check.base, check.change);
      }
      results.push(lint ? await lintResult(result, check.head, check.base, lint) : result);
    }
    results.push(...work.deleted, ...bufResults);

    const acceptance = {
      ignore: compileIgnoreList([...config.value.ignore, ...(lint ? (config.value.lint?.ignore ?? []) : [])]),
      ...(skipLabel !== undefined ? { skipLabel } : {}),
      configName: config.value.file ? basename(config.value.file) : "the configuration",
    };
    let contracts = results.map((r) => applyAcceptance(r, acceptance));

    // Contracts waiting for their references to be registered are checked by their own registration.
    if (session && options.register && exitCodeOf(contracts.filter((_, i) => !deferred.has(i)), problems, failOn) === 0) {
      contracts = await registerAll(session, work.checks, contracts, acceptance);
    }
    // Removals carry base lines: give each its place in the head file, where GitHub can attach it.
    if (base) contracts = await placeRemovals(root, base.commit, contracts);
    contracts.sort((a, b) => a.file.localeCompare(b.file) || a.subject.localeCompare(b.subject));
    return finish(linted({ discovered: headContracts.size, ...(base ? { base } : {}), ...(skipLabel !== undefined ? { skipLabel } : {}) }), contracts);
  } catch (e) {
    if (e instanceof RegistryRunError || e instanceof GitError) {
      problems.push({ rule: e instanceof GitError ? "GIT_ERROR" : "REGISTRY_ERROR", message: e.message });
      return finish({});
    }
    throw e;
  } finally {
    blobs.close();
  }
}

/**
 * `--register`: registers every checked contract (its references first), in check order. A contract the
 * registry refuses (409) becomes breaking with the registry's reasons, and registration stops there.
 */
async function registerAll(session: RegistrySession, checks: Plan["checks"], contracts: ContractResult[], acceptance: Parameters<typeof applyAcceptance>[1]): Promise<ContractResult[]> {
  const out = [...contracts];
  for (const [i, check] of checks.entries()) {
    const { registration, refused } = await session.register(check.head, check.change);
    if (refused) {
      out[i] = applyAcceptance(refused, acceptance);
      if (out[i]!.verdict === "breaking" || out[i]!.verdict === "invalid") break;
      continue;
    }
    const current = out[i]!;
    // A contract deferred for unregistered references was checked by its registration itself.
    out[i] = { ...current, ...(current.verdict === "unchecked" && current.violations.every((v) => v.rule === "REFERENCE_NOT_REGISTERED") ? { verdict: "compatible" as const, violations: [] } : {}), ...(registration ? { registered: registration } : {}) };
  }
  return out;
}

import { readFile } from "node:fs/promises";
import { git, resolveCommit } from "./git.js";

/** The base a run compares against: the ref as given or found, its commit, and where it came from. */
export interface BaseRef {
  readonly ref: string;
  readonly commit: string;
  /** `--base`, `pull_request.base.sha`, `GITHUB_BASE_REF`, `push.before`, `merge_group.base_sha` or `merge-base`. */
  readonly source: string;
}

/**
 * The fields of a GitHub event payload the gate reads ("Webhook events and payloads"; "Events that trigger
 * workflows"): `pull_request`/`pull_request_target` (base sha and ref, head sha and repository, labels),
 * `push` (`before`, `after`, `created`, `ref`, the repository's default branch), `merge_group` (`base_sha`,
 * `head_sha`).
 */
export interface GitHubEvent {
  readonly pull_request?: {
    readonly number?: number;
    readonly base?: { readonly sha?: string; readonly ref?: string; readonly repo?: { readonly full_name?: string } };
    readonly head?: { readonly sha?: string; readonly ref?: string; readonly repo?: { readonly full_name?: string; readonly fork?: boolean } | null };
    readonly labels?: ReadonlyArray<{ readonly name?: string }>;
  };
  readonly before?: string;
  readonly after?: string;
  readonly created?: boolean;
  readonly ref?: string;
  readonly repository?: { readonly default_branch?: string; readonly full_name?: string };
  readonly merge_group?: { readonly base_sha?: string; readonly head_sha?: string; readonly base_ref?: string };
}

/** Reads the event payload at `GITHUB_EVENT_PATH`; `undefined` when unset, unreadable or not JSON. */
export async function readGitHubEvent(env: Readonly<Record<string, string | undefined>>): Promise<GitHubEvent | undefined> {
  const path = env["GITHUB_EVENT_PATH"];
  if (!path) return undefined;
  try {
    const value: unknown = JSON.parse(await readFile(path, "utf8"));
    return value !== null && typeof value === "object" ? (value as GitHubEvent) : undefined;
  } catch {
    return undefined;
  }
}

const ZERO_SHA = /^0+$/;

/** The first of `refs` that names a commit here, as a {@link BaseRef}. */
async function firstCommit(root: string, refs: ReadonlyArray<readonly [ref: string, source: string]>): Promise<BaseRef | undefined> {
  for (const [ref, source] of refs) {
    const commit = await resolveCommit(root, ref);
    if (commit) return { ref, commit, source };
  }
  return undefined;
}

/** What {@link resolveBase} found: a base, none at all (`undefined` value), or a base that was named but is missing. */
export type BaseResolution = { readonly ok: true; readonly value: BaseRef | undefined } | { readonly ok: false; readonly error: string };

const fetchHint = (ref: string): string =>
  `fetch it first, e.g. \`git fetch --depth=1 origin ${ref}\` (a shallow fetch is enough: the gate reads the base tree, not the history)`;

/**
 * `git fetch --no-tags --depth=1 origin <what>` (a branch also updates `origin/<branch>`); false when it fails
 * (no `origin`, no network, unknown ref). GitHub serves commits by id, so a pull request's base sha works too.
 */
async function fetchShallow(root: string, what: string, branch: boolean): Promise<boolean> {
  try {
    await git(root, ["fetch", "--no-tags", "--depth=1", "origin", branch ? `+refs/heads/${what}:refs/remotes/origin/${what}` : what]);
    return true;
  } catch {
    return false;
  }
}

/** Options of {@link resolveBase}. */
export interface ResolveBaseOptions {
  /** Fetch a missing base from `origin` (shallow) before giving up. The Action does; the CLI on `--fetch`. */
  readonly fetch?: boolean;
}

/** The events whose payload names no base: a run of them compares against `--base`/the `base` input, or a registry. */
const NO_BASE_EVENTS = "workflow_dispatch, schedule, repository_dispatch, workflow_call, release and the like";

/**
 * Finds the base to compare against, in this order:
 * 1. `explicit` (`--base`): as given, else `origin/<explicit>`; missing → an error naming it.
 * 2. A pull request (`pull_request`, `pull_request_target`): `pull_request.base.sha` when that commit is here,
 *    else `GITHUB_BASE_REF` as `origin/<ref>` or `<ref>`; a pull request whose base is missing here → an error
 *    with the fetch to add. For `pull_request_target`, whose checkout is the base branch unless the workflow
 *    checks out the pull request, a work tree still at `GITHUB_SHA` (the base branch) is an error: there is
 *    nothing of the pull request to compare.
 * 3. `merge_group.base_sha` (a merge queue); a push's `before`; a new branch's push (all-zero `before`) → the
 *    repository's default branch (`origin/<default_branch>`), unless the push is to the default branch itself.
 *    A named commit that is missing → an error (a force-push may have made `before` unreachable).
 *    With `options.fetch`, a missing base of 1.–3. is first fetched from `origin` (depth 1): GitHub serves
 *    commits by id, so a bare actions/checkout (one commit deep) is enough.
 * 4. The merge base of `HEAD` with the default branch (`origin/HEAD`, `origin/main`, `origin/master`, `main`,
 *    `master`) — in a GitHub run (`GITHUB_EVENT_NAME` set) only when it is not `HEAD` itself: the work tree is
 *    the checked-out commit there, so comparing it with itself would check nothing and pass.
 * 5. None (`{ ok: true, value: undefined }`): events such as workflow_dispatch or schedule carry no base.
 */
export async function resolveBase(root: string, explicit: string | undefined, env: Readonly<Record<string, string | undefined>>, event: GitHubEvent | undefined, options: ResolveBaseOptions = {}): Promise<BaseResolution> {
  if (explicit !== undefined && explicit !== "") {
    const candidates: Array<readonly [string, string]> = [
      [explicit, "--base"],
      [`origin/${explicit}`, "--base"],
    ];
    let found = await firstCommit(root, candidates);
    if (!found && options.fetch) {
      // A branch lands in origin/<name>; a commit id or tag is then an object here (or FETCH_HEAD).
      if (await fetchShallow(root, explicit, true)) found = await firstCommit(root, candidates);
      else if (await fetchShallow(root, explicit, false)) found = (await firstCommit(root, candidates)) ?? (await firstCommit(root, [["FETCH_HEAD", "--base"]]));
    }
    return found ? { ok: true, value: { ...found, ref: explicit } } : { ok: false, error: `the base ${explicit} is not in this clone: ${fetchHint(explicit)}` };
  }
  const eventName = env["GITHUB_EVENT_NAME"];
  const baseRef = env["GITHUB_BASE_REF"] || event?.pull_request?.base?.ref;
  const baseSha = event?.pull_request?.base?.sha;
  if (baseRef || baseSha) {
    const candidates: Array<readonly [string, string]> = [];
    if (baseSha) candidates.push([baseSha, "pull_request.base.sha"]);
    if (baseRef) candidates.push([`origin/${baseRef}`, "GITHUB_BASE_REF"], [`refs/remotes/origin/${baseRef}`, "GITHUB_BASE_REF"], [baseRef, "GITHUB_BASE_REF"]);
    let found = await firstCommit(root, candidates);
    if (!found && options.fetch && ((baseSha !== undefined && (await fetchShallow(root, baseSha, false))) || (baseRef !== undefined && (await fetchShallow(root, baseRef, true))))) {
      found = await firstCommit(root, candidates);
    }
    if (!found) return { ok: false, error: `the pull request's base ${baseRef ?? baseSha} is not in this clone: ${fetchHint(baseRef ?? baseSha ?? "")}` };
    if (eventName === "pull_request_target") {
      const problem = await targetCheckoutProblem(root, env, event, found);
      if (problem) return { ok: false, error: problem };
    }
    return { ok: true, value: found };
  }

  const named: Array<readonly [sha: string, source: string]> = [];
  if (event?.merge_group?.base_sha) named.push([event.merge_group.base_sha, "merge_group.base_sha"]);
  else if (event?.before && !ZERO_SHA.test(event.before)) named.push([event.before, "push.before"]);
  if (named.length > 0) {
    let found = await firstCommit(root, named);
    if (!found && options.fetch) {
      for (const [sha] of named) await fetchShallow(root, sha, false);
      found = await firstCommit(root, named);
    }
    if (found) return { ok: true, value: found };
    const [sha, source] = named[0]!;
    return {
      ok: false,
      error: `the base ${sha} (${source}) is not in this clone${options.fetch ? " and could not be fetched from origin (a force-push makes the previous commit unreachable)" : ""}: ${fetchHint(sha)}, or pass the base explicitly (--base / the Action's \`base\` input)`,
    };
  }
  // A new branch's push: before is all zeros. Its changes are what it adds to the default branch.
  const defaultBranch = event?.repository?.default_branch;
  if (event?.before !== undefined && ZERO_SHA.test(event.before) && defaultBranch && event.ref !== `refs/heads/${defaultBranch}`) {
    const candidates: Array<readonly [string, string]> = [
      [`origin/${defaultBranch}`, "push (new branch): default branch"],
      [`refs/remotes/origin/${defaultBranch}`, "push (new branch): default branch"],
    ];
    let found = await firstCommit(root, candidates);
    if (!found && options.fetch && (await fetchShallow(root, defaultBranch, true))) found = await firstCommit(root, candidates);
    if (found) return { ok: true, value: found };
  }

  const head = eventName ? await resolveCommit(root, "HEAD") : undefined;
  for (const branch of ["origin/HEAD", "origin/main", "origin/master", "main", "master"]) {
    if (!(await resolveCommit(root, branch))) continue;
    try {
      const commit = (await git(root, ["merge-base", "HEAD", branch])).trim();
      // In a GitHub run the work tree is HEAD: a merge base that is HEAD itself would compare nothing.
      if (commit && commit !== head) return { ok: true, value: { ref: `merge-base(HEAD, ${branch})`, commit, source: "merge-base" } };
    } catch {
      // no common history (e.g. a shallow clone): try the next candidate
    }
  }
  return { ok: true, value: undefined };
}

/**
 * A `pull_request_target` run checks out the base branch's last commit (`GITHUB_SHA`) unless the workflow
 * checks out the pull request ("Events that trigger workflows": pull_request_target). A work tree still there
 * holds nothing of the pull request: say so rather than compare the base with itself (or with an older base
 * sha) and pass. A checkout of `refs/pull/N/merge` or of `pull_request.head.sha` is compared like `pull_request`.
 */
async function targetCheckoutProblem(root: string, env: Readonly<Record<string, string | undefined>>, event: GitHubEvent | undefined, base: BaseRef): Promise<string | undefined> {
  const head = await resolveCommit(root, "HEAD");
  const prHead = event?.pull_request?.head?.sha;
  if (!head || head === prHead) return undefined;
  if (head !== base.commit && head !== env["GITHUB_SHA"]) return undefined;
  const n = event?.pull_request?.number;
  return (
    `pull_request_target checks out the base branch (${head.slice(0, 12)}), not the pull request, so there is nothing of the pull request to compare: ` +
    `check out its test merge commit (actions/checkout with \`ref: refs/pull/${n ?? "<number>"}/merge\`) or its head (\`ref: \${{ github.event.pull_request.head.sha }}\`) before this step, or use the pull_request event`
  );
}

/** Why a run found no base, for its message: the event that carried none, or how to give one. */
export function noBaseMessage(env: Readonly<Record<string, string | undefined>>): string {
  const event = env["GITHUB_EVENT_NAME"];
  const how = "pass --base <ref> (the Action's `base` input, e.g. `base: main`; it is fetched when missing), or use --registry (the `registry` input), which checks every contract without a base";
  if (event && !["pull_request", "pull_request_target", "push", "merge_group"].includes(event)) {
    return `no base to compare against: a ${event} event names no base (neither do ${NO_BASE_EVENTS}), and HEAD has no merge base with the default branch here: ${how}`;
  }
  return `no base to compare against: ${how}, or run in a pull_request workflow`;
}

import { readFile } from "node:fs/promises";
import { git, resolveCommit } from "./git.js";

/** The base a run compares against: the ref as given or found, its commit, and where it came from. */
export interface BaseRef {
  readonly ref: string;
  readonly commit: string;
  /** `--base`, `pull_request.base.sha`, `GITHUB_BASE_REF`, `push.before`, `merge_group.base_sha` or `merge-base`. */
  readonly source: string;
}

/** The fields of a GitHub event payload the gate reads (pull_request, push, merge_group events). */
export interface GitHubEvent {
  readonly pull_request?: {
    readonly number?: number;
    readonly base?: { readonly sha?: string; readonly ref?: string; readonly repo?: { readonly full_name?: string } };
    readonly head?: { readonly repo?: { readonly full_name?: string; readonly fork?: boolean } | null };
    readonly labels?: ReadonlyArray<{ readonly name?: string }>;
  };
  readonly before?: string;
  readonly merge_group?: { readonly base_sha?: string };
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

/**
 * Finds the base to compare against, in this order:
 * 1. `explicit` (`--base`): as given, else `origin/<explicit>`; missing → an error naming it.
 * 2. A GitHub event: `pull_request.base.sha` when that commit is here, else `GITHUB_BASE_REF` as
 *    `origin/<ref>` or `<ref>`; a pull request whose base is missing here → an error with the fetch to add.
 *    With `options.fetch`, a missing base of 1. or 2. is first fetched from `origin` (depth 1).
 *    `merge_group.base_sha`, and a push's `before` (not for a new branch, whose `before` is all zeros).
 * 3. The merge base of `HEAD` with the default branch (`origin/HEAD`, `origin/main`, `origin/master`, `main`,
 *    `master`).
 * 4. None (`{ ok: true, value: undefined }`).
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
    return found ? { ok: true, value: found } : { ok: false, error: `the pull request's base ${baseRef ?? baseSha} is not in this clone: ${fetchHint(baseRef ?? baseSha ?? "")}` };
  }
  const others: Array<readonly [string, string]> = [];
  if (event?.merge_group?.base_sha) others.push([event.merge_group.base_sha, "merge_group.base_sha"]);
  if (event?.before && !ZERO_SHA.test(event.before)) others.push([event.before, "push.before"]);
  const fromEvent = await firstCommit(root, others);
  if (fromEvent) return { ok: true, value: fromEvent };

  for (const branch of ["origin/HEAD", "origin/main", "origin/master", "main", "master"]) {
    if (!(await resolveCommit(root, branch))) continue;
    try {
      const commit = (await git(root, ["merge-base", "HEAD", branch])).trim();
      if (commit) return { ok: true, value: { ref: `merge-base(HEAD, ${branch})`, commit, source: "merge-base" } };
    } catch {
      // no common history (e.g. a shallow clone): try the next candidate
    }
  }
  return { ok: true, value: undefined };
}

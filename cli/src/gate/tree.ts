import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import type { SchemaSource } from "../references/by-name.js";
import { BlobReader, listTree, listWorkTree } from "./git.js";

/**
 * One version of the repository — the work tree (head) or a commit (base) — read by repository-relative
 * POSIX path. `source` is the same tree as a reference-resolution {@link SchemaSource} (absolute paths under
 * the repository root; nothing outside it is ever read, so head and base resolve alike).
 */
export interface RepositoryTree {
  /** Every file of the tree (repository-relative, POSIX). */
  readonly files: readonly string[];
  has(path: string): boolean;
  read(path: string): Promise<string | undefined>;
  /** The tree as a reference source; `schemaFiles` lists the contract files set with {@link setSchemaFiles}. */
  readonly source: SchemaSource;
  setSchemaFiles(paths: readonly string[]): void;
}

/** Repository-relative POSIX path of absolute `path` under `root`, or `undefined` outside it. */
export function toRepoPath(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join("/");
}

function makeTree(root: string, files: readonly string[], read: (path: string) => Promise<string | undefined>): RepositoryTree {
  const set = new Set(files);
  const cache = new Map<string, Promise<string | undefined>>();
  let schemaFiles: readonly string[] = [];
  const cachedRead = (path: string): Promise<string | undefined> => {
    if (!set.has(path)) return Promise.resolve(undefined);
    let text = cache.get(path);
    if (!text) cache.set(path, (text = read(path)));
    return text;
  };
  return {
    files,
    has: (path) => set.has(path),
    read: cachedRead,
    source: {
      read: (abs) => {
        const path = toRepoPath(root, abs);
        return path === undefined ? Promise.resolve(undefined) : cachedRead(path);
      },
      schemaFiles: () => Promise.resolve(schemaFiles.map((p) => join(root, p))),
    },
    setSchemaFiles: (paths) => {
      schemaFiles = paths;
    },
  };
}

/** The work tree at `root`: tracked and untracked-but-not-ignored files, read from disk. */
export async function workTree(root: string): Promise<RepositoryTree> {
  const files = await listWorkTree(root);
  return makeTree(root, files, async (path) => {
    try {
      const text = await readFile(join(root, path), "utf8");
      return text.startsWith("\uFEFF") ? text.slice(1) : text;
    } catch {
      return undefined; // deleted but not yet staged, or not a regular file
    }
  });
}

/** The tree of `commit`, read with git (`ls-tree`, `cat-file --batch`): no second checkout. */
export async function commitTree(root: string, commit: string, blobs: BlobReader): Promise<RepositoryTree> {
  const objects = await listTree(root, commit);
  return makeTree(root, [...objects.keys()], (path) => blobs.read(objects.get(path)!));
}

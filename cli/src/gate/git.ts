import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

/** A git command that failed: its arguments, exit code and stderr. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed${exitCode !== null ? ` (exit ${exitCode})` : ""}: ${stderr.trim() || "no output"}`);
  }
}

/**
 * Runs `git args…` in `cwd` and returns its stdout (UTF-8). `core.quotepath=off` keeps non-ASCII paths as
 * they are. Throws {@link GitError} when git exits non-zero or cannot start.
 */
export function git(cwd: string, args: readonly string[]): Promise<string> {
  const full = ["-c", "core.quotepath=off", ...args];
  return new Promise((resolve, reject) => {
    execFile("git", full, { cwd, maxBuffer: 512 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) {
        const code = typeof error.code === "number" ? error.code : null;
        reject(new GitError(args, code, stderr || error.message));
      } else resolve(stdout);
    });
  });
}

/** `git rev-parse --verify` of `ref` as a commit: its full id, or `undefined` when no such commit is here. */
export async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The top directory of the work tree that holds `cwd`. Throws {@link GitError} outside a repository. */
export async function repositoryRoot(cwd: string): Promise<string> {
  return (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
}

/** Splits NUL-terminated git output (`-z`) into its fields, dropping the trailing empty one. */
function nulFields(output: string): string[] {
  const fields = output.split("\0");
  if (fields.at(-1) === "") fields.pop();
  return fields;
}

/** The blobs of a commit's tree: repository-relative path (POSIX) → object id. Symlinks and submodules are left out. */
export async function listTree(cwd: string, commit: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of nulFields(await git(cwd, ["ls-tree", "-r", "-z", "--full-tree", commit]))) {
    // `<mode> SP <type> SP <object> TAB <path>`
    const tab = entry.indexOf("\t");
    const [mode, type, object] = entry.slice(0, tab).split(" ");
    if (type === "blob" && mode !== "120000" && object) out.set(entry.slice(tab + 1), object);
  }
  return out;
}

/**
 * The files of the work tree: tracked ones plus untracked ones that are not ignored, less tracked files deleted
 * from disk but not yet staged (POSIX, repository-relative).
 */
export async function listWorkTree(cwd: string): Promise<string[]> {
  const deleted = new Set(nulFields(await git(cwd, ["ls-files", "-z", "--deleted", "--full-name", ":/"])));
  return nulFields(await git(cwd, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", ":/"])).filter((p) => !deleted.has(p));
}

/** How a path changed between a commit and the work tree. */
export type FileChange =
  | { readonly kind: "added" | "modified" | "deleted"; readonly path: string }
  | { readonly kind: "renamed"; readonly path: string; readonly from: string };

/**
 * What changed between `base` and the work tree (tracked files, with rename detection) plus untracked files
 * that are not ignored (as added). Compares trees directly (`git diff <base>`), so it needs only the base
 * commit itself, not a merge base: it works in a shallow clone after `git fetch --depth=1 origin <base>`.
 */
export async function changedFiles(cwd: string, base: string): Promise<FileChange[]> {
  const fields = nulFields(await git(cwd, ["diff", "-z", "--name-status", "-M", "--no-ext-diff", "--no-relative", base, "--"]));
  const out: FileChange[] = [];
  for (let i = 0; i < fields.length; ) {
    const status = fields[i++] ?? "";
    if (status.startsWith("R") || status.startsWith("C")) {
      const from = fields[i++] ?? "";
      const path = fields[i++] ?? "";
      out.push(status.startsWith("R") ? { kind: "renamed", path, from } : { kind: "added", path });
    } else {
      const path = fields[i++] ?? "";
      const kind = status === "A" ? "added" : status === "D" ? "deleted" : "modified";
      out.push({ kind, path });
    }
  }
  for (const path of nulFields(await git(cwd, ["ls-files", "-z", "--others", "--exclude-standard", "--full-name", ":/"]))) {
    out.push({ kind: "added", path });
  }
  return out;
}

/**
 * Reads many blobs through one `git cat-file --batch` process (one process for a whole run instead of one
 * per file). Requests are answered in order; {@link close} ends the process.
 */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: Array<{ resolve: (text: string | undefined) => void; reject: (e: Error) => void }> = [];
  private failure: Error | undefined;

  constructor(private readonly cwd: string) {}

  /** The blob's text (UTF-8, a leading byte-order mark dropped), or `undefined` when git has no such object. */
  read(object: string): Promise<string | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      child.stdin.write(`${object}\n`);
    });
  }

  /** Ends the git process. Pending reads fail. */
  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn("git", ["cat-file", "--batch"], { cwd: this.cwd, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const fail = (e: Error): void => {
      this.failure = e;
      for (const w of this.waiting.splice(0)) w.reject(e);
    };
    child.on("error", (e) => fail(e));
    child.on("close", (code) => {
      if (this.waiting.length > 0) fail(new GitError(["cat-file", "--batch"], code, stderr));
    });
    this.child = child;
    return child;
  }

  /** Answers every complete response in the buffer: `<oid> blob <size>\n<content>\n` or `<name> missing\n`. */
  private drain(): void {
    for (;;) {
      const eol = this.buffer.indexOf(10);
      if (eol < 0 || this.waiting.length === 0) return;
      const header = this.buffer.subarray(0, eol).toString("utf8");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        this.buffer = this.buffer.subarray(eol + 1);
        this.waiting.shift()!.resolve(undefined);
        continue;
      }
      const size = Number(header.split(" ")[2]);
      if (this.buffer.length < eol + 1 + size + 1) return;
      const text = this.buffer.subarray(eol + 1, eol + 1 + size).toString("utf8");
      this.buffer = this.buffer.subarray(eol + 1 + size + 1);
      this.waiting.shift()!.resolve(text.startsWith("\uFEFF") ? text.slice(1) : text);
    }
  }
}

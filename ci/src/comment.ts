/** The hidden marker that identifies the gate's sticky comment among a pull request's comments. */
export const COMMENT_MARKER = "<!-- charter-gate:sticky-comment -->";

/** GitHub's limit on an issue comment's body. */
const MAX_BODY = 65_536;

/** Where and how to post: the REST API root (`GITHUB_API_URL`), `owner/repo`, the pull request number, a token. */
export interface CommentTarget {
  readonly apiUrl: string;
  readonly repository: string;
  readonly issueNumber: number;
  readonly token: string;
}

/** What {@link upsertStickyComment} did. */
export type CommentOutcome = { readonly ok: true; readonly action: "created" | "updated"; readonly id: number } | { readonly ok: false; readonly status: number; readonly message: string };

async function github(target: CommentTarget, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${target.apiUrl.replace(/\/+$/, "")}${path}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${target.token}`,
      "x-github-api-version": "2022-11-28",
      "user-agent": "charter-gate",
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/**
 * Creates the gate's comment on the pull request, or updates it when one with {@link COMMENT_MARKER} is
 * already there (buf-action's sticky comment: one comment per pull request, rewritten on every push). Lists
 * the comments page by page (100 each). Never throws: an HTTP error (e.g. 403 for a read-only token on a
 * fork) comes back with its status.
 */
export async function upsertStickyComment(target: CommentTarget, markdown: string): Promise<CommentOutcome> {
  const suffix = "\n\n…(truncated; the job summary has the whole report)";
  const text = `${COMMENT_MARKER}\n${markdown}`;
  const body = text.length > MAX_BODY ? text.slice(0, MAX_BODY - suffix.length) + suffix : text;
  try {
    const base = `/repos/${target.repository}/issues`;
    let existing: number | undefined;
    for (let page = 1; existing === undefined; page++) {
      const list = await github(target, "GET", `${base}/${target.issueNumber}/comments?per_page=100&page=${page}`);
      if (list.status !== 200 || !Array.isArray(list.json)) return { ok: false, status: list.status, message: `listing comments: ${JSON.stringify(list.json)}` };
      const found = (list.json as Array<{ id?: unknown; body?: unknown }>).find((c) => typeof c.body === "string" && c.body.includes(COMMENT_MARKER));
      if (found && typeof found.id === "number") existing = found.id;
      if (list.json.length < 100) break;
    }
    const answer = existing !== undefined ? await github(target, "PATCH", `${base}/comments/${existing}`, { body }) : await github(target, "POST", `${base}/${target.issueNumber}/comments`, { body });
    const id = (answer.json as { id?: unknown } | undefined)?.id;
    if ((answer.status === 200 || answer.status === 201) && typeof id === "number") return { ok: true, action: existing !== undefined ? "updated" : "created", id };
    return { ok: false, status: answer.status, message: JSON.stringify(answer.json) };
  } catch (e) {
    return { ok: false, status: 0, message: e instanceof Error ? e.message : String(e) };
  }
}

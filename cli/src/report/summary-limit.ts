/**
 * GitHub's limit on one step's job summary: "supports content up to a size of 1024k" (the runner refuses a
 * larger `GITHUB_STEP_SUMMARY` file and shows nothing of it; "Workflow commands for GitHub Actions", "Adding a
 * job summary": "Step isolation and limits" — 1 MiB per step).
 */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

/**
 * `markdown` cut to at most `maxBytes` UTF-8 bytes, at a line boundary, with `note` (a Markdown paragraph)
 * appended to say so; unchanged when it fits. The note's own bytes count, so the result always fits (an empty
 * string when even the note does not).
 */
export function limitMarkdown(markdown: string, maxBytes: number, note: string): { readonly markdown: string; readonly truncated: boolean } {
  if (Buffer.byteLength(markdown, "utf8") <= maxBytes) return { markdown, truncated: false };
  const tail = `\n> ${note}\n`;
  const budget = maxBytes - Buffer.byteLength(tail, "utf8");
  if (budget <= 0) return { markdown: "", truncated: true };
  const lines = markdown.split("\n");
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, "utf8") + 1;
    if (used + size > budget) break;
    kept.push(line);
    used += size;
  }
  // A table cut short still renders; the blank line ends it before the note.
  return { markdown: kept.join("\n") + (kept.length > 0 ? "\n" : "") + tail, truncated: true };
}

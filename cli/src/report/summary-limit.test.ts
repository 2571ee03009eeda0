import { describe, expect, it } from "vitest";
import { limitMarkdown, STEP_SUMMARY_LIMIT } from "./summary-limit.js";

describe("limitMarkdown", () => {
  it("keeps what fits; cuts at a line boundary with the note, never over the limit", () => {
    expect(limitMarkdown("a\nb\n", 10, "cut")).toEqual({ markdown: "a\nb\n", truncated: false });
    const table = ["| rule | message |", "|---|---|", ...Array.from({ length: 50_000 }, (_, i) => `| \`R\` | finding ${i} — ü |`)].join("\n") + "\n";
    expect(Buffer.byteLength(table)).toBeGreaterThan(STEP_SUMMARY_LIMIT);
    const cut = limitMarkdown(table, STEP_SUMMARY_LIMIT, "The summary is cut here.");
    expect(cut.truncated).toBe(true);
    expect(Buffer.byteLength(cut.markdown)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(Buffer.byteLength(cut.markdown)).toBeGreaterThan(STEP_SUMMARY_LIMIT - 200);
    expect(cut.markdown.endsWith("|\n\n> The summary is cut here.\n")).toBe(true);
    expect(table.startsWith(cut.markdown.slice(0, cut.markdown.indexOf("\n\n> The summary")))).toBe(true);
    expect(limitMarkdown(table, 5, "a note longer than five bytes")).toEqual({ markdown: "", truncated: true });
  });
});

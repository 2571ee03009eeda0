import { describe, expect, it } from "vitest";
import { headLineOf, parseHunks } from "./removed-lines.js";

describe("headLineOf: a base line's place in the head file", () => {
  const hunks = parseHunks(["diff --git a/f b/f", "@@ -0,0 +1,3 @@", "+a", "+b", "+c", "@@ -10,4 +12,0 @@", "-x", "@@ -20 +18 @@", "-y", "+z", "@@ -30,2 +27,5 @@"].join("\n"));

  it("reads -U0 hunk headers, a missing count meaning 1", () => {
    expect(hunks).toEqual([
      { oldStart: 0, oldCount: 0, newStart: 1, newCount: 3 },
      { oldStart: 10, oldCount: 4, newStart: 12, newCount: 0 },
      { oldStart: 20, oldCount: 1, newStart: 18, newCount: 1 },
      { oldStart: 30, oldCount: 2, newStart: 27, newCount: 5 },
    ]);
  });

  it("moves unchanged lines by what changed above; a removed line lands on the first line after the removal; a replaced one on its replacement", () => {
    expect(headLineOf(hunks, 5, 100)).toBe(8); // three lines inserted at the top
    expect(headLineOf(hunks, 10, 100)).toBe(13); // lines 10–13 removed: line 12 of the head is the last one before the gap
    expect(headLineOf(hunks, 13, 100)).toBe(13);
    expect(headLineOf(hunks, 15, 100)).toBe(14); // +3 −4
    expect(headLineOf(hunks, 20, 100)).toBe(18);
    expect(headLineOf(hunks, 31, 100)).toBe(28);
    expect(headLineOf(hunks, 40, 100)).toBe(42); // +3 −4 ±0 +3
    expect(headLineOf(hunks, 40, 30)).toBe(30); // clamped to the head's length
    expect(headLineOf([], 7, 100)).toBe(7);
  });
});

import { describe, expect, it } from "vitest";
import { compileSafeRegExp, MAX_FALLBACK_INPUT, RegexInputTooLongError, safeRegExpEngine } from "./safe-regex.js";

function compiled(pattern: string, unicode = true) {
  const r = compileSafeRegExp(pattern, { unicode });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("compileSafeRegExp", () => {
  it("agrees with ECMAScript on ordinary patterns (RE2 with ECMAScript's . and \\s)", () => {
    const cases: Array<[string, string[]]> = [
      ["^[a-z]+$", ["abc", "ABC", "", "a1"]],
      ["^\\d{3}-\\d{4}$", ["555-1234", "5551234"]],
      ["^\\S+@\\S+\\.\\S+$", ["a@b.c", "a @b.c"]],
      ["a.c", ["abc", "a\nc", "a\rc", "a\u2028c"]],
      ["^\\s+$", [" \t", "\u000b", "\u00a0", "\u3000", "x"]],
      ["\\u0041(?<name>b)", ["Ab", "ab"]],
      ["^[\\w-]+$", ["a-b_c", "a b"]],
      ["^(?:ab)*c?$", ["ababc", "abb"]],
      ["[^]", ["x", ""]],
      ["^\\p{L}+$", ["éa", "1"]],
    ];
    for (const [pattern, inputs] of cases) {
      const safe = compiled(pattern);
      for (const input of inputs) expect(safe.test(input), `${pattern} on ${JSON.stringify(input)}`).toBe(new RegExp(pattern, "u").test(input));
    }
  });

  it("runs catastrophic patterns in linear time", () => {
    const started = Date.now();
    for (const pattern of ["^(a+)+$", "^(a|aa)*$", "^a*a*a*a*a*a*a*a*$", "^(a|a?)+$", "(.*a){12}"]) {
      expect(compiled(pattern).test("a".repeat(5000) + "!"), pattern).toBe(pattern === "(.*a){12}");
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("runs lookaround and backreferences on V8 only when they cannot backtrack badly, on bounded inputs", () => {
    const lookahead = compiled("^(?!x-)[a-z-]+$");
    expect(lookahead.test("abc")).toBe(true);
    expect(lookahead.test("x-abc")).toBe(false);
    expect(() => lookahead.test("a".repeat(MAX_FALLBACK_INPUT + 1))).toThrow(RegexInputTooLongError);
    expect(compiled("^(a)\\1$").test("aa")).toBe(true);
    for (const unsafe of ["^(?=(a+)+$)", "(a+)+\\1", "(?=a*a*a*)a"]) {
      const r = compileSafeRegExp(unsafe);
      expect(r.ok, unsafe).toBe(false);
      expect(r.ok ? "" : r.error.message).toMatch(/backtracking/);
    }
  });

  it("refuses what is not an ECMAScript regex, too long, or nested too deep", () => {
    for (const bad of ["[", "(", "a{2,1}", "\\", "*a"]) expect(compileSafeRegExp(bad).ok, bad).toBe(false);
    expect(compileSafeRegExp("\\-").ok).toBe(false);
    expect(compileSafeRegExp("\\-", { unicode: false }).ok).toBe(true);
    expect(compileSafeRegExp("a".repeat(5000)).ok).toBe(false);
    expect(compileSafeRegExp("a".repeat(5000), { maxPatternLength: 6000 }).ok).toBe(true);
    expect(compileSafeRegExp("(".repeat(100) + ")".repeat(100)).ok).toBe(false);
  });

  it("gives ajv an engine whose patterns have distinct keys", () => {
    const engine = safeRegExpEngine();
    expect(String(engine("a", "u"))).not.toBe(String(engine("b", "u")));
    expect(() => engine("[", "u")).toThrow(/Invalid regular expression/);
  });
});

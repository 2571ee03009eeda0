import { RE2JS } from "re2js";
import { fail, ok, type Result } from "./errors.js";
import { DEFAULT_LIMITS } from "./limits.js";

/**
 * Regular expressions from schemas (JSON Schema `pattern` and `patternProperties`, which are ECMA-262 regexes)
 * run here and nowhere else, so no schema author can make V8's backtracking engine run for seconds or years
 * (ReDoS: `^(a+)+$`, `^a*a*a*a*a*a*a*a*$`). Every pattern is checked as an ECMAScript regex (the schema's own
 * dialect), then:
 * - run by RE2 (re2js: linear time in the input, whatever the pattern) when it uses only what RE2 has — which
 *   is everything but lookaround and backreferences. `.` and `\s` keep their ECMAScript meaning (`.` stops at
 *   `\r`, `\u2028`, `\u2029` too; `\s` includes `\v` and the Unicode spaces);
 * - else (lookaround, backreferences) by V8, only when the pattern cannot backtrack badly — no quantified group
 *   that holds a quantifier or an alternation, at most {@link MAX_FALLBACK_QUANTIFIERS} unbounded quantifiers —
 *   and only on inputs up to {@link MAX_FALLBACK_INPUT} characters (longer: {@link RegexInputTooLongError});
 * - else refused (`SCHEMA_INVALID`): the pattern needs a backtracking engine and could take exponential time.
 */
export interface SafeRegExp {
  /** The pattern as written. */
  readonly source: string;
  /** Whether the pattern matches somewhere in `input` (ECMAScript `RegExp.prototype.test`, no flags but `u`). */
  test(input: string): boolean;
  /** `/source/flags`, unique per pattern and flags (ajv keys compiled patterns by it). */
  toString(): string;
}

/** Options for {@link compileSafeRegExp}. */
export interface SafeRegExpOptions {
  /** Check the pattern with ECMAScript's `u` flag (ajv's default for JSON Schema). Default true. */
  readonly unicode?: boolean;
  /** Longest pattern accepted, in UTF-16 code units. Default {@link DEFAULT_LIMITS}`.maxPatternLength` (4096). */
  readonly maxPatternLength?: number;
}

/** Longest input a backtracking (fallback) pattern is run on. */
export const MAX_FALLBACK_INPUT = 1000;
/** Most unbounded quantifiers (`*`, `+`, `{n,}`, `{n,m}` with m > 16) a backtracking pattern may hold. */
export const MAX_FALLBACK_QUANTIFIERS = 2;
/** Deepest group nesting accepted in a pattern. */
export const MAX_GROUP_DEPTH = 64;

/** Thrown by {@link SafeRegExp.test} of a backtracking pattern given an input over {@link MAX_FALLBACK_INPUT}. */
export class RegexInputTooLongError extends Error {
  constructor(readonly pattern: string, readonly length: number) {
    super(`pattern ${pattern} needs a backtracking engine and is not run on a value of ${length} characters (limit ${MAX_FALLBACK_INPUT})`);
  }
}

/** What a single pass over an ECMAScript pattern learns about it. */
interface PatternShape {
  readonly groupDepth: number;
  /** A quantified group holds a quantifier or an alternation (`(a+)+`, `(a|aa)*`): exponential backtracking. */
  readonly nestedQuantifier: boolean;
  readonly unboundedQuantifiers: number;
  /** Lookahead, lookbehind or a backreference: RE2 has none of them. */
  readonly needsBacktracking: boolean;
}

/** `{n}`, `{n,}`, `{n,m}` at `i`: its text and whether it is unbounded (or large), else undefined. */
function braceQuantifier(pattern: string, i: number): { length: number; unbounded: boolean } | undefined {
  const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
  if (m === null) return undefined;
  const unbounded = m[2] !== undefined && (m[3] === "" || Number(m[3]) > 16);
  return { length: m[0].length, unbounded };
}

function shapeOf(pattern: string): PatternShape {
  const groups: boolean[] = []; // per open group: holds a quantifier or `|`
  let groupDepth = 0;
  let nestedQuantifier = false;
  let unboundedQuantifiers = 0;
  let needsBacktracking = false;
  let afterAtom = false; // a quantifier here applies to an atom (not `(` or `|` or start)
  const markOpen = () => {
    if (groups.length > 0) groups[groups.length - 1] = true;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const e = pattern[i + 1] ?? "";
      if ((e >= "1" && e <= "9") || e === "k") needsBacktracking = true;
      i++;
      afterAtom = true;
      continue;
    }
    if (c === "[") {
      for (i++; i < pattern.length && pattern[i] !== "]"; i++) if (pattern[i] === "\\") i++;
      afterAtom = true;
      continue;
    }
    if (c === "(") {
      if (pattern.startsWith("(?=", i) || pattern.startsWith("(?!", i) || pattern.startsWith("(?<=", i) || pattern.startsWith("(?<!", i)) {
        needsBacktracking = true;
      }
      groups.push(false);
      groupDepth = Math.max(groupDepth, groups.length);
      afterAtom = false;
      continue;
    }
    if (c === ")") {
      const risky = groups.pop() ?? false;
      const next = pattern[i + 1];
      const quantified = next === "*" || next === "+" || next === "?" || (next === "{" && braceQuantifier(pattern, i + 1) !== undefined);
      if (risky && quantified) nestedQuantifier = true;
      if (risky) markOpen(); // an unquantified group still holds what it held
      afterAtom = true;
      continue;
    }
    if (c === "|") {
      markOpen();
      afterAtom = false;
      continue;
    }
    const brace = c === "{" ? braceQuantifier(pattern, i) : undefined;
    if ((c === "*" || c === "+" || c === "?" || brace !== undefined) && afterAtom) {
      if (c === "*" || c === "+" || brace?.unbounded === true) unboundedQuantifiers++;
      markOpen();
      if (brace !== undefined) i += brace.length - 1;
      if (pattern[i + 1] === "?") i++; // lazy
      afterAtom = false;
      continue;
    }
    afterAtom = true;
  }
  return { groupDepth, nestedQuantifier, unboundedQuantifiers, needsBacktracking };
}

/** ECMAScript `\s`: white space and line terminators (ECMA-262 WhiteSpace, LineTerminator). */
const JS_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

/** Rewrites `.`, `\s` and `\S` so RE2 gives them their ECMAScript meaning. */
function withEcmaClasses(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const e = pattern[i + 1] ?? "";
      if (e === "s") out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (e === "S" && !inClass) out += `[^${JS_SPACE}]`;
      else out += c + e;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      // `[]` and `[^]` are complete classes in ECMAScript; a `]` right after `[` or `[^` closes them.
      if (pattern[i + 1] === "^") out += pattern[++i];
      if (pattern[i + 1] === "]") {
        out += pattern[++i];
        inClass = false;
      }
      continue;
    }
    out += c === "." ? "[^\\n\\r\\u2028\\u2029]" : c;
  }
  return out;
}

/**
 * Compiles an ECMA-262 pattern into a {@link SafeRegExp} (see the module comment for the engines and rules).
 * Errors: `SCHEMA_INVALID` for a pattern longer than `maxPatternLength`, nesting groups deeper than
 * {@link MAX_GROUP_DEPTH}, that is not a valid ECMAScript regex ("Invalid regular expression: …"), or that
 * needs a backtracking engine and could backtrack catastrophically.
 */
export function compileSafeRegExp(pattern: string, options: SafeRegExpOptions = {}): Result<SafeRegExp> {
  const unicode = options.unicode ?? true;
  const flags = unicode ? "u" : "";
  const maxLength = options.maxPatternLength ?? DEFAULT_LIMITS.maxPatternLength;
  if (pattern.length > maxLength) {
    return fail("SCHEMA_INVALID", `pattern is ${pattern.length} characters long, over the limit of ${maxLength}`);
  }
  const shape = shapeOf(pattern);
  if (shape.groupDepth > MAX_GROUP_DEPTH) {
    return fail("SCHEMA_INVALID", `pattern nests groups ${shape.groupDepth} deep, over the limit of ${MAX_GROUP_DEPTH}`);
  }
  let native: RegExp;
  try {
    // Only parsed here (V8 compiles lazily, on the first match): checks the schema's own regex dialect.
    native = new RegExp(pattern, flags);
  } catch (e) {
    return fail("SCHEMA_INVALID", e instanceof Error ? e.message : `Invalid regular expression: /${pattern}/${flags}`);
  }
  const text = `/${pattern}/${flags}`;
  if (!shape.needsBacktracking) {
    try {
      const re2 = RE2JS.compile(RE2JS.translateRegExp(withEcmaClasses(pattern)));
      return ok({ source: pattern, test: (input) => re2.test(input), toString: () => text });
    } catch {
      // Syntax RE2 lacks (rare escapes): judged as a backtracking pattern below.
    }
  }
  if (shape.nestedQuantifier || shape.unboundedQuantifiers > MAX_FALLBACK_QUANTIFIERS) {
    return fail(
      "SCHEMA_INVALID",
      `pattern ${pattern} needs a backtracking regex engine (lookaround or backreferences) and has nested or repeated quantifiers, so it could take exponential time: not accepted`,
    );
  }
  return ok({
    source: pattern,
    test: (input) => {
      if (input.length > MAX_FALLBACK_INPUT) throw new RegexInputTooLongError(pattern, input.length);
      native.lastIndex = 0;
      return native.test(input);
    },
    toString: () => text,
  });
}

/**
 * {@link compileSafeRegExp} in the shape ajv's `code.regExp` option takes: throws the error message instead of
 * returning it (ajv reports it as a schema that does not compile).
 */
export function safeRegExpEngine(options: Omit<SafeRegExpOptions, "unicode"> = {}): ((pattern: string, flags: string) => SafeRegExp) & { code: string } {
  const engine = (pattern: string, flags: string): SafeRegExp => {
    const compiled = compileSafeRegExp(pattern, { ...options, unicode: flags.includes("u") });
    if (!compiled.ok) throw new SyntaxError(compiled.error.message);
    return compiled.value;
  };
  // ajv's standalone code would name the engine by this; Charter never generates standalone validators.
  return Object.assign(engine, { code: "charterSafeRegExp" });
}

/** One place where an actual value differs from the expected partial value. */
export interface Difference {
  /** JSON Pointer into the compared value, e.g. `/value/items/0/qty`. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/** Deep equality of leaves (vitest's `this.equals`, or a fallback). */
export type Equals = (a: unknown, b: unknown) => boolean;

interface AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean;
}

function isAsymmetric(v: unknown): v is AsymmetricMatcher {
  return typeof v === "object" && v !== null && typeof (v as Partial<AsymmetricMatcher>).asymmetricMatch === "function";
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v) || Buffer.isBuffer(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function escape(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The differences between `actual` and a partial `expected` with `toMatchObject` semantics: objects match when
 * every expected key matches (extra actual keys are fine), arrays need the same length with each element
 * matching, asymmetric matchers (`expect.any(String)` …) decide for themselves, other leaves use `equals`.
 * Empty = match.
 */
export function partialDifferences(actual: unknown, expected: unknown, equals: Equals, path = ""): Difference[] {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual) ? [] : [{ path: path || "/", expected, actual }];
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [{ path: path || "/", expected, actual }];
    return Object.entries(expected).flatMap(([k, v]) =>
      k in actual ? partialDifferences(actual[k], v, equals, `${path}/${escape(k)}`) : [{ path: `${path}/${escape(k)}`, expected: v, actual: undefined }],
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path: path || "/", expected, actual }];
    return expected.flatMap((v, i) => partialDifferences(actual[i], v, equals, `${path}/${i}`));
  }
  return equals(actual, expected) ? [] : [{ path: path || "/", expected, actual }];
}

/** `  /value/total: expected 5, received 4` lines. */
export function formatDifferences(differences: readonly Difference[], stringify: (v: unknown) => string): string {
  return differences.map((d) => `  ${d.path}: expected ${stringify(d.expected)}, received ${stringify(d.actual)}`).join("\n");
}

/**
 * What one piece of user input may cost: the one place that decides it. Every format engine bounds its work
 * with these limits (depth and node count before any recursive walk, regular expressions through
 * `safe-regex.ts`), and the registry applies the same values to request bodies and runs each parse and each
 * compatibility check under {@link InputLimits.budgetMs} in a worker it terminates when the budget runs out.
 */

/** Limits on user input. All are positive integers. */
export interface InputLimits {
  /** Largest schema text, in UTF-8 bytes. Default 1 MiB (Confluent's request size default). Registry: 42209. */
  readonly maxSchemaBytes: number;
  /**
   * Deepest nesting of a document: JSON/YAML arrays and objects (the top-level value is depth 1), nested types,
   * request bodies. Default 256. Engines: `SCHEMA_TOO_DEEP`.
   */
  readonly maxDepth: number;
  /** Most values (objects, arrays, scalars) in one JSON/YAML document. Default 500,000. Engines: `SCHEMA_TOO_DEEP`. */
  readonly maxNodes: number;
  /**
   * Longest regular expression a schema may hold (`pattern`, `patternProperties` keys), in UTF-16 code units.
   * Default 4096. Longer: `SCHEMA_INVALID`.
   */
  readonly maxPatternLength: number;
  /**
   * Wall-clock budget of one parse and of one compatibility check, in milliseconds. Default 10,000. The registry
   * answers 422 / 42201 when it runs out (the worker doing the work is terminated).
   */
  readonly budgetMs: number;
}

/** The defaults of {@link InputLimits}. */
export const DEFAULT_LIMITS: InputLimits = Object.freeze({
  maxSchemaBytes: 1024 * 1024,
  maxDepth: 256,
  maxNodes: 500_000,
  maxPatternLength: 4096,
  budgetMs: 10_000,
});

/** The names of the {@link InputLimits} fields. */
export const LIMIT_NAMES: readonly (keyof InputLimits)[] = ["maxSchemaBytes", "maxDepth", "maxNodes", "maxPatternLength", "budgetMs"];

/**
 * {@link DEFAULT_LIMITS} with `overrides` applied (undefined fields keep their default).
 * @throws RangeError naming the field when a value is not a positive safe integer (a configuration error).
 */
export function resolveLimits(overrides: Partial<InputLimits> = {}): InputLimits {
  const out: Record<keyof InputLimits, number> = { ...DEFAULT_LIMITS };
  for (const name of LIMIT_NAMES) {
    const value = overrides[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
    out[name] = value;
  }
  return Object.freeze(out);
}

import type { AvroNamed, AvroType } from "./model.js";

/** Depths already measured (models are immutable), so a chain of n references costs O(n), not O(n²). */
const measured = new WeakMap<AvroNamed, number>();

/** True for the `RangeError` V8 throws when the call stack is exhausted (not for other range errors). */
export function isStackOverflow(e: unknown): e is RangeError {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/**
 * How deeply `root`'s types nest when named types are followed into their definitions (through references
 * too): records, arrays, maps and unions count one level each, enums and fixed one, primitives none. A record
 * met again on its own path (recursion) ends that path. Every walk over the model (canonical form, PCF,
 * compatibility, the codec) recurses at most this deep, so refusing schemas past the limit bounds them all.
 * Stops counting once past `limit`; returns `Infinity` if the graph is too deep to measure.
 */
export function typeDepth(root: AvroType, limit: number): number {
  const memo = new Map<AvroNamed, number>();
  const onPath = new Set<AvroNamed>();
  const deepest = (types: readonly AvroType[]): number => {
    let max = 0;
    for (const t of types) {
      max = Math.max(max, depth(t));
      if (max > limit) break;
    }
    return max;
  };
  const depth = (type: AvroType): number => {
    switch (type.kind) {
      case "primitive":
        return 0;
      case "enum":
      case "fixed":
        return 1;
      case "array":
        return 1 + depth(type.items);
      case "map":
        return 1 + depth(type.values);
      case "union":
        return 1 + deepest(type.branches);
      case "record": {
        const known = memo.get(type) ?? measured.get(type);
        if (known !== undefined) return known;
        if (onPath.has(type)) return 0;
        onPath.add(type);
        const d = 1 + deepest(type.fields.map((f) => f.type));
        onPath.delete(type);
        memo.set(type, d);
        // Only complete measurements are reused by later calls (past the limit, counting stopped early).
        if (d <= limit && onPath.size === 0) measured.set(type, d);
        return d;
      }
    }
  };
  try {
    return depth(root);
  } catch (e) {
    if (isStackOverflow(e)) return Number.POSITIVE_INFINITY;
    throw e;
  }
}

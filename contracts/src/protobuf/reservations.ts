import type { ProtoReserved } from "./ast.js";

/** Sorts inclusive ranges and merges overlapping and adjacent ones (`1 to 3, 4` → `1 to 4`). */
export function mergeRanges(list: Iterable<readonly [number, number]>): Array<[number, number]> {
  const all = [...list].map(([lo, hi]) => [lo, hi] as [number, number]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of all) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push(r);
  }
  return merged;
}

/**
 * Reserved (or extension) numbers and names of one message or enum, merged for O(log n) number lookups and O(1)
 * name lookups (a `reserved` list may be as long as the 1 MB text allows).
 */
export class Reservations {
  private readonly merged: ReadonlyArray<readonly [number, number]>;
  readonly names: ReadonlySet<string>;

  constructor(list: readonly ProtoReserved[]) {
    this.merged = mergeRanges(list.flatMap((r) => r.ranges));
    this.names = new Set(list.flatMap((r) => r.names));
  }

  /** The merged range holding `n`, if any. */
  private find(n: number): readonly [number, number] | undefined {
    let a = 0;
    let b = this.merged.length - 1;
    while (a <= b) {
      const mid = (a + b) >> 1;
      const r = this.merged[mid]!;
      if (n < r[0]) b = mid - 1;
      else if (n > r[1]) a = mid + 1;
      else return r;
    }
    return undefined;
  }

  hasNumber(n: number): boolean {
    return this.find(n) !== undefined;
  }

  /** Whether every number of `lo..hi` is reserved. */
  coversRange(lo: number, hi: number): boolean {
    const r = this.find(lo);
    return r !== undefined && hi <= r[1];
  }

  hasName(name: string): boolean {
    return this.names.has(name);
  }
}

const CACHE = new WeakMap<readonly ProtoReserved[], Reservations>();

/** {@link Reservations} of a list, built once per list. */
export function reservationsOf(list: readonly ProtoReserved[]): Reservations {
  let r = CACHE.get(list);
  if (!r) CACHE.set(list, (r = new Reservations(list)));
  return r;
}

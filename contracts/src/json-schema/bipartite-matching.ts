/**
 * Size of a maximum matching in a bipartite graph (Kuhn's augmenting paths; fine for the handful of
 * subschemas a combinator holds). `edges[i]` lists the right-hand vertices left vertex `i` may pair with.
 * Used to pair reader and writer `allOf`/`anyOf`/`oneOf` branches one-to-one, ignoring their order, as
 * Karapace's `count_uniquely_compatible_schemas` does.
 */
export function maximumMatching(edges: readonly (readonly number[])[]): number {
  const matchOfRight = new Map<number, number>();
  const tryAugment = (left: number, seen: Set<number>): boolean => {
    for (const right of edges[left] ?? []) {
      if (seen.has(right)) continue;
      seen.add(right);
      const current = matchOfRight.get(right);
      if (current === undefined || tryAugment(current, seen)) {
        matchOfRight.set(right, left);
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let left = 0; left < edges.length; left++) if (tryAugment(left, new Set())) size++;
  return size;
}

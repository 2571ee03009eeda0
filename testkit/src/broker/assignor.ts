import type { TopicPartition } from "./types.js";

/** A group member as the assignor sees it: its id and subscribed topics. Members come in join order. */
export interface AssignorMember {
  readonly id: string;
  readonly topics: ReadonlySet<string>;
}

/**
 * Kafka's `RangeAssignor`: per topic, the members subscribed to it (in join order) each take a contiguous
 * range of `⌊P/C⌋` partitions, the first `P mod C` members one more. Deterministic, so a test can predict
 * who owns what. Returns member id → assigned partitions (every member present, possibly empty).
 */
export function rangeAssign(members: readonly AssignorMember[], partitionCounts: ReadonlyMap<string, number>): Map<string, TopicPartition[]> {
  const out = new Map<string, TopicPartition[]>(members.map((m) => [m.id, []]));
  const topics = [...new Set(members.flatMap((m) => [...m.topics]))].sort();
  for (const topic of topics) {
    const count = partitionCounts.get(topic) ?? 0;
    const subscribers = members.filter((m) => m.topics.has(topic));
    if (subscribers.length === 0 || count === 0) continue;
    const per = Math.floor(count / subscribers.length);
    const extra = count % subscribers.length;
    let next = 0;
    subscribers.forEach((m, i) => {
      const take = per + (i < extra ? 1 : 0);
      for (let p = next; p < next + take; p++) out.get(m.id)!.push({ topic, partition: p });
      next += take;
    });
  }
  return out;
}

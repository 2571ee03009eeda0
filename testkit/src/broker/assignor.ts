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

/**
 * kafkajs's default `RoundRobinAssigner` (`src/consumer/assigners/roundRobinAssigner/index.js`): member ids
 * sorted (JavaScript's default string sort), then every partition of `topics` — in the given topic order, each
 * topic's partitions ascending, as the metadata lists them — dealt out in turn: partition i goes to member
 * `i mod members`. Member subscriptions are not consulted (kafkajs passes the leader's subscribed topics and
 * deals them to everyone). Returns member id → partitions, only for members that got some, in the order the
 * kafkajs assigner encodes them.
 */
export function roundRobinAssign(memberIds: readonly string[], topics: readonly string[], partitionCounts: ReadonlyMap<string, number>): Map<string, TopicPartition[]> {
  const sorted = [...memberIds].sort();
  const out = new Map<string, TopicPartition[]>();
  if (sorted.length === 0) return out;
  let i = 0;
  for (const topic of topics) {
    const count = partitionCounts.get(topic) ?? 0;
    for (let partition = 0; partition < count; partition++) {
      const assignee = sorted[i++ % sorted.length]!;
      let list = out.get(assignee);
      if (!list) out.set(assignee, (list = []));
      list.push({ topic, partition });
    }
  }
  return out;
}

import { rangeAssign } from "./assignor.js";
import type { TopicPartition } from "./types.js";

/** A member as an assignment strategy sees it: id, subscription and its metadata for the chosen protocol. */
export interface ProtocolMember {
  readonly id: string;
  /** Subscribed topics, in subscription order. */
  readonly topics: ReadonlySet<string>;
  /** What the member sent with the chosen protocol in its JoinGroup (kafkajs: `MemberMetadata`-encoded). */
  readonly metadata: Buffer | undefined;
}

/** What the group leader's strategy assigns from (Kafka hands the leader every member's subscription). */
export interface AssignmentRequest {
  /** Members in join order; the first is the leader. */
  readonly members: readonly ProtocolMember[];
  /** The leader's own subscribed topics, in subscription order (what a kafkajs leader passes its assigner). */
  readonly leaderTopics: readonly string[];
  /** Partition count of every topic any member subscribes to. */
  readonly partitionCounts: ReadonlyMap<string, number>;
}

/**
 * Member id → partitions. Members left out get nothing; a topic a member does not subscribe to is dropped
 * from its assignment (as kafkajs's `ConsumerGroup#sync` does) and reported to it.
 */
export type GroupAssignment = ReadonlyMap<string, readonly TopicPartition[]>;

/**
 * One partition assignment strategy a member supports: a protocol of Kafka's JoinGroup request (name +
 * metadata), and the assignment it computes when this member leads the group. A promise makes the
 * rebalance asynchronous: members keep their partitions until it settles (a newer rebalance discards it).
 */
export interface GroupProtocol {
  readonly name: string;
  readonly metadata?: Buffer;
  assign(request: AssignmentRequest): GroupAssignment | Promise<GroupAssignment>;
}

/** The broker API's default strategy: Kafka's range assignor (protocol name `range`, as the Java client's). */
export const RANGE_PROTOCOL: GroupProtocol = {
  name: "range",
  assign: (request) => rangeAssign(request.members, request.partitionCounts),
};

/**
 * Kafka's group protocol selection (`GroupMetadata.selectProtocol`): of the protocols every member supports,
 * each member votes for the first in its own preference order and the most votes win; a tie goes to the
 * leader's (first member's) preference. `undefined` when the members share no protocol
 * (Kafka refuses such a join with `INCONSISTENT_GROUP_PROTOCOL`).
 */
export function selectProtocol(members: ReadonlyArray<{ readonly protocols: readonly GroupProtocol[] }>): string | undefined {
  const [leader] = members;
  if (!leader) return undefined;
  const candidates = leader.protocols.map((p) => p.name).filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
  if (candidates.length === 0) return undefined;
  const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
  for (const m of members) {
    const vote = m.protocols.find((p) => votes.has(p.name))!.name;
    votes.set(vote, votes.get(vote)! + 1);
  }
  // Map iteration follows the leader's preference, so the first maximum is the tie-break.
  let best = candidates[0]!;
  for (const [name, n] of votes) if (n > votes.get(best)!) best = name;
  return best;
}

import type { Assigner, GroupMemberAssignment, Logger, PartitionAssigner } from "kafkajs";
import { roundRobinAssign } from "../broker/assignor.js";
import type { AssignmentRequest, GroupAssignment, GroupProtocol } from "../broker/group-protocol.js";
import type { TopicPartition } from "../broker/types.js";
import { AssignerProtocol, KafkaJSNonRetriableError, PartitionAssigners } from "./kafkajs-runtime.js";

/** A consumer's assigner, with the factory it came from (kafkajs's own round-robin is recognised by it). */
export interface ConsumerAssigner {
  readonly factory: PartitionAssigner;
  readonly assigner: Assigner;
}

/**
 * kafkajs `src/consumer/index.js`: `partitionAssigners` (default `[PartitionAssigners.roundRobin]`) each
 * called once with `{ cluster, groupId, logger }` when the consumer is created.
 */
export function createAssigners(
  factories: readonly PartitionAssigner[] | undefined,
  context: Parameters<PartitionAssigner>[0],
): ConsumerAssigner[] {
  return (factories ?? [PartitionAssigners.roundRobin]).map((factory) => ({ factory, assigner: factory(context) }));
}

/**
 * The group protocols a kafkajs consumer joins with (kafkajs `ConsumerGroup#[JOIN]`): each assigner's
 * `protocol({ topics })` — name and `MemberMetadata` — in `partitionAssigners` order. When the member leads,
 * the protocol's assignment is kafkajs `ConsumerGroup#[SYNC]`'s: the assigner whose `name` is the chosen
 * protocol gets `assign({ members, topics })` — every member's `{ memberId, memberMetadata }` and the
 * leader's subscribed topics — and its `MemberAssignment`-encoded answer is decoded. kafkajs's own
 * round-robin runs as the synchronous {@link roundRobinAssign} (same result, no rebalance in between).
 */
export function groupProtocols(assigners: readonly ConsumerAssigner[], topics: readonly string[], logger: Logger): GroupProtocol[] {
  return assigners.map(({ assigner }) => {
    const { name, metadata } = assigner.protocol({ topics: [...topics] });
    return { name, metadata, assign: (request) => leaderAssign(assigners, name, request, logger) };
  });
}

function leaderAssign(assigners: readonly ConsumerAssigner[], protocol: string, request: AssignmentRequest, logger: Logger): GroupAssignment | Promise<GroupAssignment> {
  const found = assigners.find(({ assigner }) => assigner.name === protocol);
  if (!found) throw new KafkaJSNonRetriableError(`Unsupported partition assigner "${protocol}", the assigner wasn't found in the assigners list`);
  if (found.factory === PartitionAssigners.roundRobin) {
    return roundRobinAssign(request.members.map((m) => m.id), request.leaderTopics, request.partitionCounts);
  }
  const members = request.members.map((m) => ({
    memberId: m.id,
    memberMetadata: m.metadata ?? AssignerProtocol.MemberMetadata.encode({ version: 0, topics: [...m.topics], userData: Buffer.alloc(0) }),
  }));
  return (async () => {
    const answer = await found.assigner.assign({ members, topics: [...request.leaderTopics] });
    logger.debug("Group assignment", { groupProtocol: protocol, assignment: answer, topics: request.leaderTopics });
    return decodeAssignment(answer);
  })();
}

/**
 * A kafkajs assigner's answer (`GroupMemberAssignment[]`, each `memberAssignment` encoded with
 * `AssignerProtocol.MemberAssignment.encode`) as member id → partitions, topics in encoded order. An empty
 * or undecodable assignment gives the member nothing, as `MemberAssignment.decode` returning null does.
 */
export function decodeAssignment(answer: readonly GroupMemberAssignment[]): GroupAssignment {
  if (!Array.isArray(answer)) throw new KafkaJSNonRetriableError(`Invalid group assignment ${String(answer)}: expected an array of { memberId, memberAssignment }`);
  const out = new Map<string, TopicPartition[]>();
  for (const { memberId, memberAssignment } of answer) {
    const decoded = Buffer.isBuffer(memberAssignment) ? AssignerProtocol.MemberAssignment.decode(memberAssignment) : null;
    const list = out.get(memberId) ?? [];
    out.set(memberId, list);
    if (!decoded) continue;
    for (const topic of Object.keys(decoded.assignment)) {
      for (const partition of decoded.assignment[topic] ?? []) list.push({ topic, partition });
    }
  }
  return out;
}

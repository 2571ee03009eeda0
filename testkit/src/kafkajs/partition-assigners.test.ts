// kafkajs 2.x's partition assignment through the facade: the default PartitionAssigners.roundRobin, custom
// assigners (kafka.js.org "Custom partition assigner"; src/consumer/consumerGroup.js JOIN/SYNC), the group
// protocol every member supports, and what a member does with topics it does not subscribe to.
import {
  AssignerProtocol,
  KafkaJSProtocolError,
  logLevel,
  PartitionAssigners,
  type Consumer,
  type GroupMember,
  type Kafka,
  type PartitionAssigner,
} from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createBroker } from "../test-broker.js";

const running: Consumer[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.disconnect();
});

interface Joined {
  groupProtocol: string;
  memberAssignment: Record<string, number[]>;
}

async function member(kafka: Kafka, topics: string[], partitionAssigners?: PartitionAssigner[]) {
  const c = kafka.consumer({ groupId: "g", ...(partitionAssigners ? { partitionAssigners } : {}) });
  running.push(c);
  const joins: Joined[] = [];
  const seen: string[] = [];
  c.on(c.events.GROUP_JOIN, (e) => void joins.push({ groupProtocol: e.payload.groupProtocol, memberAssignment: e.payload.memberAssignment }));
  await c.subscribe({ topics, fromBeginning: true });
  await c.run({ eachMessage: async ({ topic, partition }) => void seen.push(`${topic}/${partition}`) });
  return { c, joins, seen };
}

/**
 * The docs' example shape: an async assigner whose `protocol()` carries user data and whose `assign()` gives
 * every partition of `topics` to the member with the largest user data (a "capacity").
 */
function capacityAssigner(capacity: number, calls: Array<{ members: Array<{ memberId: string; topics: string[]; capacity: number }>; topics: string[] }>): PartitionAssigner {
  return ({ cluster }) => ({
    name: "CapacityAssigner",
    version: 1,
    async assign({ members, topics }: { members: GroupMember[]; topics: string[] }) {
      const decoded = members.map((m) => {
        const meta = AssignerProtocol.MemberMetadata.decode(m.memberMetadata)!;
        return { memberId: m.memberId, topics: meta.topics, capacity: meta.userData.readInt32BE(0) };
      });
      calls.push({ members: decoded, topics });
      const biggest = [...decoded].sort((a, b) => b.capacity - a.capacity)[0]!;
      const assignment = Object.fromEntries(topics.map((t) => [t, cluster.findTopicPartitionMetadata(t).map((p) => p.partitionId)]));
      return decoded.map((m) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: m === biggest ? assignment : {}, userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }: { topics: string[] }) {
      const userData = Buffer.alloc(4);
      userData.writeInt32BE(capacity);
      return { name: "CapacityAssigner", metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData }) };
    },
  });
}

describe("default assigner: kafkajs's PartitionAssigners.roundRobin", () => {
  it("deals partitions over the sorted member ids and reports RoundRobinAssigner in GROUP_JOIN and describeGroups", async () => {
    const broker = createBroker();
    const kafka = broker.kafka({ clientId: "svc", logLevel: logLevel.NOTHING });
    await kafka.admin().createTopics({ topics: [{ topic: "a", numPartitions: 3 }, { topic: "b", numPartitions: 2 }] });
    const first = await member(kafka, ["a", "b"]);
    const second = await member(kafka, ["a", "b"]);
    // svc-1, svc-2 sorted; a/0 a/1 a/2 b/0 b/1 dealt in turn.
    expect(first.joins.at(-1)).toEqual({ groupProtocol: "RoundRobinAssigner", memberAssignment: { a: [0, 2], b: [1] } });
    expect(second.joins.at(-1)).toEqual({ groupProtocol: "RoundRobinAssigner", memberAssignment: { a: [1], b: [0] } });
    const { groups } = await kafka.admin().describeGroups(["g"]);
    expect(groups[0]!.protocol).toBe("RoundRobinAssigner");
    expect(groups[0]!.members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment)).toEqual([{ a: [0, 2], b: [1] }, { a: [1], b: [0] }]);
  });

  it("deals the leader's topics to every member: a member given a topic it does not subscribe to drops it (RECEIVED_UNSUBSCRIBED_TOPICS)", async () => {
    const broker = createBroker({ defaultPartitions: 2 });
    const kafka = broker.kafka({ clientId: "svc", logLevel: logLevel.NOTHING });
    const leader = await member(kafka, ["orders"]);
    const other = kafka.consumer({ groupId: "g" });
    running.push(other);
    const dropped: unknown[] = [];
    other.on(other.events.RECEIVED_UNSUBSCRIBED_TOPICS, (e) => void dropped.push(e.payload));
    const joins: Array<Record<string, number[]>> = [];
    other.on(other.events.GROUP_JOIN, (e) => void joins.push(e.payload.memberAssignment));
    await other.subscribe({ topic: "payments", fromBeginning: true });
    await other.run({ eachMessage: async () => {} });
    expect(leader.joins.at(-1)!.memberAssignment).toEqual({ orders: [0] });
    expect(joins.at(-1)).toEqual({});
    expect(dropped).toEqual([
      { groupId: "g", generationId: 2, memberId: "svc-2", assignedTopics: ["orders"], topicsSubscribed: ["payments"], topicsNotSubscribed: ["orders"] },
    ]);
    // As with kafkajs, nobody consumes "payments" and orders/1 is lost to the group.
    expect(broker.groupMembers("g").map((m) => m.assignment)).toEqual([[{ topic: "orders", partition: 0 }], []]);
  });
});

describe("custom partition assigners (kafka.js.org: Custom partition assigner)", () => {
  it("calls the leader's assign with every member's metadata and the subscribed topics, and uses its decoded answer", async () => {
    const broker = createBroker({ defaultPartitions: 3 });
    const kafka = broker.kafka({ clientId: "svc", logLevel: logLevel.NOTHING });
    const calls: Parameters<typeof capacityAssigner>[1] = [];
    const small = await member(kafka, ["jobs"], [capacityAssigner(1, calls)]);
    const big = await member(kafka, ["jobs"], [capacityAssigner(8, calls)]);
    // The leader (svc-1) assigned; it saw both members' user data.
    expect(calls.at(-1)).toEqual({
      members: [
        { memberId: "svc-1", topics: ["jobs"], capacity: 1 },
        { memberId: "svc-2", topics: ["jobs"], capacity: 8 },
      ],
      topics: ["jobs"],
    });
    expect(small.joins.at(-1)).toEqual({ groupProtocol: "CapacityAssigner", memberAssignment: {} });
    expect(big.joins.at(-1)).toEqual({ groupProtocol: "CapacityAssigner", memberAssignment: { jobs: [0, 1, 2] } });

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "jobs", messages: [0, 1, 2].map((partition) => ({ value: "x", partition })) });
    await broker.waitForIdle();
    expect(small.seen).toEqual([]);
    expect(big.seen.sort()).toEqual(["jobs/0", "jobs/1", "jobs/2"]);

    const { groups } = await kafka.admin().describeGroups(["g"]);
    expect(groups[0]!.protocol).toBe("CapacityAssigner");
    // memberMetadata is what each member's protocol() sent.
    expect(groups[0]!.members.map((m) => AssignerProtocol.MemberMetadata.decode(m.memberMetadata)!.userData.readInt32BE(0))).toEqual([1, 8]);
  });

  it("uses the first protocol every member supports; a member sharing none crashes with INCONSISTENT_GROUP_PROTOCOL", async () => {
    const broker = createBroker({ defaultPartitions: 2 });
    const kafka = broker.kafka({ clientId: "svc", logLevel: logLevel.NOTHING });
    const calls: Parameters<typeof capacityAssigner>[1] = [];
    const both = await member(kafka, ["t"], [capacityAssigner(1, calls), PartitionAssigners.roundRobin]);
    expect(both.joins.at(-1)!.groupProtocol).toBe("CapacityAssigner");
    const rr = await member(kafka, ["t"], [PartitionAssigners.roundRobin]);
    expect(both.joins.at(-1)).toEqual({ groupProtocol: "RoundRobinAssigner", memberAssignment: { t: [0] } });
    expect(rr.joins.at(-1)).toEqual({ groupProtocol: "RoundRobinAssigner", memberAssignment: { t: [1] } });

    const odd = kafka.consumer({ groupId: "g", partitionAssigners: [capacityAssigner(2, calls)] });
    running.push(odd);
    const crashes: Array<{ error: Error; restart: boolean }> = [];
    odd.on(odd.events.CRASH, (e) => void crashes.push(e.payload));
    await odd.subscribe({ topic: "t" });
    await odd.run({ eachMessage: async () => {} });
    expect(crashes).toHaveLength(1);
    expect(crashes[0]!.error).toBeInstanceOf(KafkaJSProtocolError);
    expect(crashes[0]).toMatchObject({ restart: false, error: { type: "INCONSISTENT_GROUP_PROTOCOL", code: 23 } });
    expect(broker.groupMembers("g")).toHaveLength(2);
  });

  it("crashes the leader whose assign throws; the next member leads and assigns", async () => {
    const broker = createBroker({ defaultPartitions: 2 });
    const kafka = broker.kafka({ clientId: "svc", logLevel: logLevel.NOTHING });
    const failing: PartitionAssigner = (config) => ({
      ...PartitionAssigners.roundRobin(config),
      assign: async () => {
        throw new TypeError("assigner bug");
      },
    });
    const crashes: Error[] = [];
    const leader = kafka.consumer({ groupId: "g", partitionAssigners: [failing] });
    running.push(leader);
    leader.on(leader.events.CRASH, (e) => void crashes.push(e.payload.error));
    await leader.subscribe({ topic: "t" });
    await leader.run({ eachMessage: async () => {} });
    expect(crashes.map((e) => e.message)).toEqual(["assigner bug"]);
    expect(broker.groupMembers("g")).toEqual([]);
    const next = await member(kafka, ["t"]);
    expect(next.joins.at(-1)).toEqual({ groupProtocol: "RoundRobinAssigner", memberAssignment: { t: [0, 1] } });
  });
});

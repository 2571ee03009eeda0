// The broker's assignors against kafkajs 2.x's own RoundRobinAssigner (src/consumer/assigners/roundRobinAssigner)
// and Kafka's group protocol selection (GroupMetadata.selectProtocol).
import { AssignerProtocol, type Cluster, PartitionAssigners } from "kafkajs";
import { describe, expect, it } from "vitest";
import { roundRobinAssign } from "./assignor.js";
import { type GroupProtocol, selectProtocol } from "./group-protocol.js";

/** kafkajs's round-robin assigner run for real, its answer decoded to member → "topic/partition" lists. */
async function kafkajsRoundRobin(memberIds: string[], topics: string[], counts: Map<string, number>): Promise<Record<string, string[]>> {
  const cluster = {
    findTopicPartitionMetadata: (topic: string) => Array.from({ length: counts.get(topic) ?? 0 }, (_, partitionId) => ({ partitionId })),
  } as unknown as Cluster;
  const assigner = PartitionAssigners.roundRobin({ cluster, groupId: "g", logger: undefined as never });
  const members = memberIds.map((memberId) => ({ memberId, memberMetadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) }));
  const out: Record<string, string[]> = {};
  for (const { memberId, memberAssignment } of await assigner.assign({ members, topics })) {
    const decoded = AssignerProtocol.MemberAssignment.decode(memberAssignment)!;
    out[memberId] = Object.entries(decoded.assignment).flatMap(([t, ps]) => ps.map((p) => `${t}/${p}`));
  }
  return out;
}

function asLists(assignment: Map<string, Array<{ topic: string; partition: number }>>): Record<string, string[]> {
  return Object.fromEntries([...assignment].map(([id, tps]) => [id, tps.map((tp) => `${tp.topic}/${tp.partition}`)]));
}

describe("roundRobinAssign", () => {
  const cases: Array<{ name: string; members: string[]; topics: string[]; counts: Array<[string, number]> }> = [
    { name: "one topic, two members", members: ["b-2", "a-1"], topics: ["t"], counts: [["t", 4]] },
    { name: "topics in subscription order, uneven partitions", members: ["c-3", "a-1", "b-2"], topics: ["zeta", "alpha"], counts: [["zeta", 5], ["alpha", 2]] },
    // String sort, as kafkajs's Array#sort: "app-10" comes before "app-2".
    { name: "ids sorted as strings", members: ["app-2", "app-10", "app-1"], topics: ["t"], counts: [["t", 7]] },
    { name: "more members than partitions", members: ["x-1", "y-2", "z-3"], topics: ["t"], counts: [["t", 2]] },
    { name: "a topic without partitions", members: ["x-1", "y-2"], topics: ["gone", "t"], counts: [["t", 3]] },
  ];
  for (const c of cases) {
    it(`deals partitions as kafkajs's RoundRobinAssigner does: ${c.name}`, async () => {
      const counts = new Map(c.counts);
      expect(asLists(roundRobinAssign(c.members, c.topics, counts))).toEqual(await kafkajsRoundRobin(c.members, c.topics, counts));
    });
  }

  it("gives partition i to the i-th member (mod members) of the sorted ids", () => {
    expect(asLists(roundRobinAssign(["app-2", "app-10", "app-1"], ["t"], new Map([["t", 4]])))).toEqual({
      "app-1": ["t/0", "t/3"],
      "app-10": ["t/1"],
      "app-2": ["t/2"],
    });
  });
});

describe("selectProtocol (Kafka's group protocol selection)", () => {
  const p = (name: string): GroupProtocol => ({ name, assign: () => new Map() });
  it("picks the protocol every member supports that most members prefer", () => {
    expect(selectProtocol([{ protocols: [p("sticky"), p("rr")] }, { protocols: [p("rr")] }])).toBe("rr");
    expect(selectProtocol([{ protocols: [p("rr"), p("sticky")] }, { protocols: [p("sticky"), p("rr")] }, { protocols: [p("sticky"), p("rr")] }])).toBe("sticky");
  });
  it("breaks a tie with the leader's preference, and finds nothing without a common protocol", () => {
    expect(selectProtocol([{ protocols: [p("a"), p("b")] }, { protocols: [p("b"), p("a")] }])).toBe("a");
    expect(selectProtocol([{ protocols: [p("a")] }, { protocols: [p("b")] }])).toBeUndefined();
    expect(selectProtocol([])).toBeUndefined();
  });
});

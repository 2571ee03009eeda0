/**
 * An in-process transport for component tests: no broker, messages delivered to every consumer group
 * subscribed to a matching address (one member per group, round-robin), in order. What was sent and what was
 * rejected stay inspectable. For Kafka semantics (partitions, offsets, retries) use `@charter/testkit`'s broker
 * with `kafkaTransport(broker.kafka())`.
 */
import type { IncomingMessage, OutgoingMessage, SubscribeRequest, Transport, Verdict } from "../transport.js";

/** A message a handler rejected, with the reason. */
export interface RejectedMessage {
  readonly message: IncomingMessage;
  readonly reason: string;
}

/** The in-memory transport, with what it saw. */
export interface MemoryTransport extends Transport {
  /** Every message sent, in order. */
  readonly sent: readonly OutgoingMessage[];
  /** Every message a subscriber rejected (invalid payload, unknown schema …). */
  readonly rejected: readonly RejectedMessage[];
  /** Resolves when every message sent so far has been settled by every subscribed group. */
  idle(): Promise<void>;
}

interface Member {
  readonly request: SubscribeRequest;
  readonly deliver: (message: IncomingMessage) => Promise<Verdict>;
}

/** Options of {@link memoryTransport}. */
export interface MemoryTransportOptions {
  /** Deliveries of a message whose handler keeps throwing, before it is rejected. Default 3. */
  readonly maxAttempts?: number;
}

/** A new {@link MemoryTransport}. */
export function memoryTransport(options: MemoryTransportOptions = {}): MemoryTransport {
  const sent: OutgoingMessage[] = [];
  const rejected: RejectedMessage[] = [];
  const groups = new Map<string, { members: Member[]; next: number; queue: Promise<void> }>();
  const maxAttempts = options.maxAttempts ?? 3;
  let pending = Promise.resolve();

  const deliverTo = async (member: Member, incoming: IncomingMessage): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const verdict = await member.deliver(incoming);
        if (verdict.kind === "reject") rejected.push({ message: incoming, reason: verdict.reason });
        return;
      } catch (e) {
        if (attempt >= maxAttempts) {
          rejected.push({ message: incoming, reason: e instanceof Error ? e.message : String(e) });
          return;
        }
      }
    }
  };

  return {
    protocol: "memory",
    sent,
    rejected,
    async send(message) {
      sent.push(message);
      const incoming: IncomingMessage = { address: message.address, value: message.value, headers: { ...message.headers }, ...(message.key ? { key: message.key } : {}) };
      const deliveries: Promise<void>[] = [];
      for (const group of groups.values()) {
        const matching = group.members.filter((m) => (m.request.address ?? undefined) === message.address || m.request.pattern.test(message.address));
        if (matching.length === 0) continue;
        const member = matching[group.next++ % matching.length]!;
        // One group settles its messages in order.
        group.queue = group.queue.then(() => deliverTo(member, incoming));
        deliveries.push(group.queue);
      }
      pending = Promise.all([pending, ...deliveries]).then(() => undefined);
    },
    async subscribe(request, deliver) {
      const key = request.ephemeral ? `${request.groupId}\u0000${Math.random()}` : request.groupId;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { members: [], next: 0, queue: Promise.resolve() }));
      const member: Member = { request, deliver };
      group.members.push(member);
      return async () => {
        const g = groups.get(key);
        if (!g) return;
        g.members = g.members.filter((m) => m !== member);
        await g.queue;
        if (g.members.length === 0) groups.delete(key);
      };
    },
    idle: async () => {
      let before: Promise<void>;
      do {
        before = pending;
        await before;
      } while (before !== pending);
    },
    async close() {
      await pending;
    },
  };
}

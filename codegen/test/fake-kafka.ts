/**
 * A small in-test stand-in for a kafkajs `Kafka` (producer, consumer groups with one member served per group,
 * `GROUP_JOIN` events, RegExp subscriptions), shaped after kafkajs's types, for the Kafka transport's tests when
 * `@charter/testkit` is not at hand. Topics keep every message, so dead-letter topics can be read back.
 */
import type { EachMessagePayload, IHeaders } from "kafkajs";

interface StoredMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
  readonly offset: string;
}

interface Member {
  readonly groupId: string;
  readonly topics: Array<string | RegExp>;
  handler?: (payload: EachMessagePayload) => Promise<void>;
  queue: Promise<void>;
}

/** The fake and what it stored. */
export interface FakeKafka {
  /** Messages of a topic, in order. */
  messages(topic: string): readonly StoredMessage[];
  producer(): { connect(): Promise<void>; disconnect(): Promise<void>; send(record: { topic: string; messages: Array<{ key?: Buffer | string | null; value: Buffer | string | null; headers?: IHeaders }> }): Promise<void> };
  consumer(config: { groupId: string }): unknown;
}

/** A new {@link FakeKafka}. */
export function fakeKafka(): FakeKafka {
  const topics = new Map<string, StoredMessage[]>();
  const members: Member[] = [];
  const toBuffer = (v: Buffer | string | null | undefined): Buffer | null => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v));
  const matches = (m: Member, topic: string) => m.topics.some((t) => (typeof t === "string" ? t === topic : t.test(topic)));

  const deliver = (topic: string, message: StoredMessage): void => {
    const groups = new Set(members.filter((m) => m.handler && matches(m, topic)).map((m) => m.groupId));
    for (const group of groups) {
      const member = members.find((m) => m.groupId === group && m.handler && matches(m, topic))!;
      member.queue = member.queue.then(async () => {
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            const delivered = { ...message, timestamp: String(Date.now()), attributes: 0, size: 0 } as unknown as EachMessagePayload["message"];
            await member.handler!({ topic, partition: 0, message: delivered, heartbeat: async () => {}, pause: () => () => {} });
            return;
          } catch {
            // kafkajs retries a failed eachMessage
          }
        }
      });
    }
  };

  return {
    messages: (topic) => topics.get(topic) ?? [],
    producer: () => ({
      connect: async () => {},
      disconnect: async () => {},
      send: async ({ topic, messages }) => {
        const log = topics.get(topic) ?? [];
        topics.set(topic, log);
        for (const m of messages) {
          const stored = { key: toBuffer(m.key), value: toBuffer(m.value), headers: m.headers ?? {}, offset: String(log.length) };
          log.push(stored);
          deliver(topic, stored);
        }
      },
    }),
    consumer: ({ groupId }) => {
      const member: Member = { groupId, topics: [], queue: Promise.resolve() };
      const listeners: Array<() => void> = [];
      return {
        events: { GROUP_JOIN: "consumer.group_join" },
        on: (_event: string, listener: () => void) => {
          listeners.push(listener);
          return () => listeners.splice(listeners.indexOf(listener), 1);
        },
        connect: async () => {},
        subscribe: async ({ topics: wanted }: { topics: Array<string | RegExp> }) => {
          member.topics.push(...wanted);
        },
        run: async ({ eachMessage }: { eachMessage: (p: EachMessagePayload) => Promise<void> }) => {
          member.handler = eachMessage;
          members.push(member);
          setTimeout(() => listeners.forEach((l) => l()), 1);
        },
        disconnect: async () => {
          members.splice(members.indexOf(member), 1);
          await member.queue;
        },
      };
    },
  };
}

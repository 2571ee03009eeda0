// Pause/resume as kafkajs's "Pause & Resume" docs write it (pause the topic, resume after retryAfter, rethrow),
// with a RegExp subscription and instrumentation events.
import type { Consumer, Kafka } from "kafkajs";

export class TooManyRequestsError extends Error {
  constructor(readonly retryAfter: number) {
    super("too many requests");
  }
}

export interface Dependency {
  send(payload: string): Promise<void>;
}

export async function startForwarder(kafka: Kafka, dependency: Dependency, log: string[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: "forwarder" });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => log.push(`joined ${payload.groupId} as leader=${payload.isLeader}`));
  await consumer.connect();
  await consumer.subscribe({ topics: [/^jobs\./], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      try {
        await dependency.send(`${topic}:${message.value!.toString()}`);
      } catch (e) {
        if (e instanceof TooManyRequestsError) {
          consumer.pause([{ topic }]);
          log.push(`paused ${topic}: ${JSON.stringify(consumer.paused())}`);
          setTimeout(() => consumer.resume([{ topic }]), e.retryAfter);
        }
        throw e;
      }
    },
  });
  return consumer;
}

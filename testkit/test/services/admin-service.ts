// Admin usage from kafkajs's Admin docs.
import type { Kafka } from "kafkajs";

export async function provision(kafka: Kafka) {
  const admin = kafka.admin();
  await admin.connect();
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: "events", numPartitions: 3, replicationFactor: 1, configEntries: [{ name: "cleanup.policy", value: "compact" }] }],
  });
  const again = await admin.createTopics({ topics: [{ topic: "events", numPartitions: 3 }] });
  const topics = await admin.listTopics();
  const metadata = await admin.fetchTopicMetadata({ topics: ["events"] });
  await admin.disconnect();
  return { created, again, topics, metadata };
}

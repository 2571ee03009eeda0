import type { AsyncApiModel, AsyncApiSchema, OperationAction, ParsedSchema, SchemaType } from "@charter/contracts/core";

/** What the document's application does with a message: from its operations (replies flow the other way). */
export type MessageAction = "send" | "receive" | "both" | "none";

/** Which part of a Kafka record a derived subject describes: the value (payload) or the key (Kafka binding key). */
export type PayloadRole = "value" | "key";

/** The schema types a payload can be registered as on its own (they have Kafka serializers). */
const DERIVABLE: readonly SchemaType[] = ["AVRO", "JSON", "PROTOBUF"];

/**
 * One message schema of a registered AsyncAPI document and the derived subject it is registered under.
 * `subject`/`schemaType`/`parsed` are absent (and `reason` says why) when the schema cannot stand alone: no
 * engine for its `schemaFormat` (RAML, OpenAPI …) or the engine refused it.
 */
export interface MessagePayload {
  readonly messageId: string;
  /** Channel id (v3 key in `channels`; v2 the channel's address). */
  readonly channel: string;
  /** The channel's effective address (Kafka `bindings.kafka.topic`, else `address`); null when unknown. */
  readonly address: string | null;
  readonly action: MessageAction;
  readonly role: PayloadRole;
  /** JSON Pointer of the schema in the document. */
  readonly path: string;
  readonly subject?: string;
  readonly schemaType?: SchemaType;
  /** The payload as its own engine parsed it: `text` is the standalone schema that gets registered. */
  readonly parsed?: ParsedSchema;
  readonly reason?: string;
}

/** The action of each message key across the model's operations (an unused message is `none`). */
function actions(model: AsyncApiModel): Map<string, Set<OperationAction>> {
  const roles = new Map<string, Set<OperationAction>>();
  const add = (key: string, action: OperationAction) => roles.set(key, (roles.get(key) ?? new Set<OperationAction>()).add(action));
  for (const op of model.operations) {
    for (const key of op.messageKeys) add(key, op.action);
    for (const key of op.reply?.messageKeys ?? []) add(key, op.action === "send" ? "receive" : "send");
  }
  return roles;
}

function actionOf(set: ReadonlySet<OperationAction> | undefined): MessageAction {
  if (set === undefined || set.size === 0) return "none";
  return set.size === 2 ? "both" : set.has("send") ? "send" : "receive";
}

/** A schema's identity for naming: type and fingerprint when an engine parsed it, else its place. */
const identity = (s: AsyncApiSchema | undefined): string => (s === undefined ? "-" : s.parsed ? `${s.parsed.type}:${s.parsed.fingerprint}` : `?${s.path}`);

/**
 * Every message schema of `model` (payloads, and Kafka binding keys) with the derived subject that holds it
 * when `model` is registered under `subject`, in document order, one entry per message as each channel
 * carries it. Naming (stable for a given document):
 * - `<subject>.<messageId>-value` for the payload and `<subject>.<messageId>-key` for the Kafka key, when every
 *   message with that id has the same payload and key (the usual case: ids are unique, or one message is reused
 *   on several channels, which then share the subject);
 * - else `<subject>.<channel>.<messageId>-value|key` (AsyncAPI 2.x documents often name every message `message`);
 * - else, for one id with different schemas on one channel, `<subject>.<channel>.<messageId>.<n>-value|key`,
 *   `n` counting the distinct schemas from 1 in document order.
 * The derived subject's schema type is the payload's (AVRO for Avro payloads, JSON for AsyncAPI Schema / JSON
 * Schema payloads, PROTOBUF for Protobuf payloads); its text is the payload as the engine parsed it on its own:
 * `$ref`s already resolved by the AsyncAPI parser (local `#/components/…` and referenced files alike), recursive
 * schemas as local `$ref`s into the payload itself, so it is a valid standalone schema.
 */
export function messagePayloads(subject: string, model: AsyncApiModel): MessagePayload[] {
  const roles = actions(model);
  const channels = new Map(model.channels.map((c) => [c.id, c]));
  const pairIdentity = new Map(model.messages.map((m) => [m.key, `${identity(m.payload)}|${identity(m.kafkaKey)}`]));
  const byId = new Map<string, string[]>();
  const byChannelId = new Map<string, string[]>();
  for (const m of model.messages) {
    const id = pairIdentity.get(m.key)!;
    const a = byId.get(m.id) ?? [];
    if (!a.includes(id)) a.push(id);
    byId.set(m.id, a);
    const c = byChannelId.get(`${m.channelId}\u0000${m.id}`) ?? [];
    if (!c.includes(id)) c.push(id);
    byChannelId.set(`${m.channelId}\u0000${m.id}`, c);
  }
  const out: MessagePayload[] = [];
  for (const m of model.messages) {
    const id = pairIdentity.get(m.key)!;
    const inChannel = byChannelId.get(`${m.channelId}\u0000${m.id}`)!;
    const base =
      byId.get(m.id)!.length === 1
        ? `${subject}.${m.id}`
        : inChannel.length === 1
          ? `${subject}.${m.channelId}.${m.id}`
          : `${subject}.${m.channelId}.${m.id}.${inChannel.indexOf(id) + 1}`;
    const channel = channels.get(m.channelId);
    const common = {
      messageId: m.id,
      channel: m.channelId,
      address: channel ? (channel.kafkaTopic ?? channel.address) : null,
      action: actionOf(roles.get(m.key)),
    };
    for (const [role, schema] of [["value", m.payload], ["key", m.kafkaKey]] as const) {
      if (schema === undefined) continue;
      const parsed = schema.parsed;
      if (parsed !== undefined && DERIVABLE.includes(parsed.type)) {
        out.push({ ...common, role, path: schema.path, subject: `${base}-${role}`, schemaType: parsed.type, parsed });
      } else {
        const reason = schema.error
          ? `its ${schema.format} schema was refused: ${schema.error.message}`
          : `no engine reads ${schema.format} schemas (${schema.schemaFormat})`;
        out.push({ ...common, role, path: schema.path, reason });
      }
    }
  }
  return out;
}

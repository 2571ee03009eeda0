/**
 * The codegen model: the AsyncAPI model (`@charter/contracts`) turned into what the emitters print — messages
 * with their TypeScript types and serde sources (and older versions from the contract's history), channels with
 * typed parameters, operations with method names, replies and default consumer groups — every name decided here,
 * once, through one {@link NameTable}.
 */
import type { AsyncApiChannel, AsyncApiMessage, AsyncApiModel, AsyncApiOperation, JsonValue } from "@charter/contracts";
import { camelCase, kebabCase, NameTable, pascalCase } from "../naming.js";
import type { ResolvedOptions } from "../options.js";
import { jsonSchemaType } from "./json-schema-types.js";
import { buildSchemaPart, headerEncodings, type SchemaPart } from "./schema-part.js";
import { STRING, TypeSet, union, type TypeNode } from "./type-ir.js";

/** One version of a message's payload. */
export interface PayloadVersionModel {
  readonly version: number;
  readonly payload: SchemaPart;
  /** Which contract version it was first seen in (`orders@2`, `v1.yaml`). */
  readonly source: string;
  /** The contract's example payloads for this version. */
  readonly examples: readonly JsonValue[];
}

/** A message of the contract. */
export interface MessageModel {
  /** The AsyncAPI model key (`channel::message`). */
  readonly key: string;
  readonly id: string;
  /** The TypeScript name of the message (payload type name): `OrderCreated`. */
  readonly name: string;
  /** camelCase name for its definition constant: `orderCreated`. */
  readonly constName: string;
  readonly contentType?: string;
  readonly channelId: string;
  readonly payload: SchemaPart;
  readonly key_?: SchemaPart;
  readonly headers?: SchemaPart;
  readonly headerEncodings: Readonly<Record<string, "string" | "json">>;
  /** Every payload version, oldest first; the last is `payload` (version `versions.length`). */
  readonly versions: readonly PayloadVersionModel[];
  readonly subjects?: { readonly value?: string; readonly key?: string };
  readonly correlationId?: string;
  readonly examples: readonly JsonValue[];
}

/** A channel parameter. */
export interface ParameterModel {
  readonly name: string;
  readonly type: TypeNode;
  readonly doc?: string;
}

/** A channel. */
export interface ChannelModel {
  readonly id: string;
  /** camelCase constant name: `orderEventsChannel`. */
  readonly constName: string;
  readonly address: string;
  readonly parameters: readonly ParameterModel[];
  /** The `…Parameters` interface name, when the channel has parameters. */
  readonly parametersType?: string;
  readonly bindings: Readonly<Record<string, JsonValue>>;
  readonly messages: readonly MessageModel[];
  readonly doc?: string;
}

/** The reply of a request/reply operation. */
export interface ReplyModel {
  readonly channel?: ChannelModel;
  /** Runtime expression of the reply address (`$message.header#/replyTo`). */
  readonly addressExpression?: string;
  readonly messages: readonly MessageModel[];
}

/** An operation. */
export interface OperationModel {
  readonly id: string;
  /** The client method name: the operationId in camelCase. */
  readonly method: string;
  readonly action: "send" | "receive";
  readonly channel: ChannelModel;
  readonly messages: readonly MessageModel[];
  /** Channel bindings overlaid with the operation's, per protocol. */
  readonly bindings: Readonly<Record<string, JsonValue>>;
  readonly groupId: string;
  readonly reply?: ReplyModel;
  readonly doc?: string;
}

/** A server of the contract. */
export interface ServerModel {
  readonly name: string;
  readonly protocol: string;
  readonly host: string;
}

/** Everything the emitters print. */
export interface CodegenModel {
  readonly title: string;
  readonly description?: string;
  readonly contractVersion: string;
  readonly asyncapiVersion: string;
  readonly options: ResolvedOptions;
  readonly servers: readonly ServerModel[];
  /** The protocol the README's example uses: the first Kafka/NATS/AMQP server's, else `kafka`. */
  readonly defaultProtocol: "kafka" | "nats" | "amqp";
  readonly channels: readonly ChannelModel[];
  readonly operations: readonly OperationModel[];
  readonly messages: readonly MessageModel[];
  readonly types: TypeSet;
  readonly names: NameTable;
  /** Things the generator could not type precisely (shown in the README and returned to the caller). */
  readonly warnings: readonly string[];
}

/** Runtime names generated files import next to the contract's types: no contract type may take them. */
export const RUNTIME_NAMES: readonly string[] = [
  "ChannelDefinition",
  "ClientOptions",
  "MessageContext",
  "MessageDefinition",
  "MessageHandler",
  "MessagingClient",
  "MessagingError",
  "OperationDefinition",
  "PayloadValidationError",
  "ReceiveOptions",
  "ReplyHandler",
  "RequestOptions",
  "SendOptions",
  "Transport",
  "Unsubscribe",
  "UpcasterNotImplementedError",
];

/** Values the package index exports next to the contract's constants. */
const RUNTIME_VALUES: readonly string[] = [
  "amqpTransport",
  "createClient",
  "createMirrorClient",
  "createRegistryClient",
  "defaultProtocol",
  "kafkaTransport",
  "memoryTransport",
  "natsTransport",
  "servers",
  "topicNameStrategy",
  "CORRELATION_HEADER",
  "REPLY_TO_HEADER",
  "VERSION_HEADER",
];

function str(v: JsonValue | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function obj(v: JsonValue | undefined): { readonly [k: string]: JsonValue } {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : {};
}

function mergeBindings(...all: ReadonlyArray<{ readonly [protocol: string]: JsonValue }>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const b of all) for (const [protocol, v] of Object.entries(b)) out[protocol] = { ...obj(out[protocol]), ...obj(v) };
  return out;
}

/** A Kafka binding `groupId` written as a schema: its `const`, single `enum` value or `default`. */
function fixedString(schema: JsonValue | undefined): string | undefined {
  const s = obj(schema);
  if (typeof schema === "string") return schema;
  if (typeof s["const"] === "string") return s["const"];
  if (Array.isArray(s["enum"]) && typeof s["enum"][0] === "string") return s["enum"][0];
  return str(s["default"]);
}

/** The message's preferred TypeScript name: its `name`, else its id; v2 anonymous messages by operation. */
function messageBaseName(m: AsyncApiMessage, operation: AsyncApiOperation | undefined): string {
  const fromContract = m.name ?? m.identity ?? (m.id.startsWith("#") || m.id === "message" ? undefined : m.id);
  if (fromContract !== undefined) return pascalCase(fromContract);
  const op = operation ? (operation.operationId ?? `${operation.action} ${operation.channelId}`) : m.channelId;
  return pascalCase(op) + (m.oneOfIndex !== undefined ? `Message${m.oneOfIndex + 1}` : "Message");
}

/** The same message across contract versions: same key, else same channel and id, else same name. */
function findMessage(model: AsyncApiModel, m: AsyncApiMessage): AsyncApiMessage | undefined {
  return (
    model.messages.find((x) => x.key === m.key) ??
    model.messages.find((x) => x.channelId === m.channelId && x.id === m.id) ??
    (m.name !== undefined ? model.messages.find((x) => x.name === m.name) : undefined)
  );
}

function fingerprintOf(m: AsyncApiMessage | undefined): string | undefined {
  const p = m?.payload;
  return p ? (p.parsed?.fingerprint ?? p.text) : undefined;
}

function examplePayloads(m: AsyncApiMessage): JsonValue[] {
  return m.examples.map((e) => obj(e)["payload"]).filter((p): p is JsonValue => p !== undefined);
}

function serverModels(servers: JsonValue): ServerModel[] {
  return Object.entries(obj(servers)).map(([name, s]) => {
    const o = obj(s);
    return { name, protocol: (str(o["protocol"]) ?? "").toLowerCase(), host: str(o["host"]) ?? str(o["url"]) ?? "" };
  });
}

function defaultProtocol(servers: readonly ServerModel[], channels: readonly AsyncApiChannel[]): "kafka" | "nats" | "amqp" {
  for (const s of servers) {
    if (s.protocol.startsWith("kafka")) return "kafka";
    if (s.protocol === "nats") return "nats";
    if (s.protocol.startsWith("amqp")) return "amqp";
  }
  for (const c of channels) {
    if (c.bindings["nats"] !== undefined) return "nats";
    if (c.bindings["amqp"] !== undefined) return "amqp";
  }
  return "kafka";
}

function parameterType(set: TypeSet, definition: JsonValue, rootId: string, hint: string): TypeNode {
  const d = obj(definition);
  // AsyncAPI 3: `enum`/`default` on the parameter itself (always a string); 2.x: a `schema`.
  if (Array.isArray(d["enum"])) return union(d["enum"].filter((v): v is string => typeof v === "string").map((v) => ({ kind: "literal", value: v })));
  if (d["schema"] !== undefined) {
    const type = jsonSchemaType({ set, root: d["schema"], names: {}, suffix: "", rootId }, hint);
    const named = type.kind === "ref" ? set.get(type.name)?.type : type;
    return named ?? STRING;
  }
  return STRING;
}

/**
 * Builds the {@link CodegenModel} of `model` (the latest contract) with `history` (older versions, oldest first).
 */
export function buildCodegenModel(model: AsyncApiModel, history: ReadonlyArray<{ readonly model: AsyncApiModel; readonly label: string }>, options: ResolvedOptions, latestLabel: string): CodegenModel {
  const names = new NameTable(RUNTIME_NAMES);
  const types = new TypeSet(names);
  const warnings: string[] = [];
  const info = obj(model.info);
  const opOfMessage = new Map<string, AsyncApiOperation>();
  for (const op of model.operations) for (const k of op.messageKeys) if (!opOfMessage.has(k)) opOfMessage.set(k, op);

  // Messages: one TypeScript name per distinct payload; the same payload under one name shares it.
  const messages = new Map<string, MessageModel>();
  const byIdentity = new Map<string, MessageModel>();
  // Value exports share one namespace: message constants, channel constants and the runtime's values.
  const constNames = new NameTable(RUNTIME_VALUES);
  const partCtx = { set: types, options: { longs: options.longs, timestamps: options.timestamps }, suffix: "" };
  for (const m of model.messages) {
    const base = messageBaseName(m, opOfMessage.get(m.key));
    const identity = `${base}|${fingerprintOf(m) ?? m.key}|${m.kafkaKey?.text ?? ""}|${m.headers?.text ?? ""}`;
    const existing = byIdentity.get(identity);
    if (existing) {
      messages.set(m.key, { ...existing, key: m.key, channelId: m.channelId });
      continue;
    }
    // The latest payload first, so types unchanged since older versions keep their plain names.
    let payload = buildSchemaPart(partCtx, m.payload, base, `latest#${m.key}`);
    if (payload.typeName === undefined) {
      const alias = types.declare(base, `none|${m.key}`, () => ({ type: payload.type }));
      payload = { ...payload, type: { kind: "ref", name: alias }, typeName: alias };
    }
    const name = payload.typeName!;
    if (payload.note) warnings.push(`${name}: payload typed unknown (${payload.note})`);

    // Older payloads, oldest first, consecutive duplicates folded: version numbers count distinct payloads.
    const older: Array<{ label: string; message: AsyncApiMessage }> = [];
    let last: string | undefined;
    for (const h of history) {
      const old = findMessage(h.model, m);
      if (!old || !old.payload) continue;
      const fp = fingerprintOf(old);
      if (fp === last) continue;
      last = fp;
      older.push({ label: h.label, message: old });
    }
    if (older.length > 0 && fingerprintOf(older[older.length - 1]!.message) === fingerprintOf(m)) older.pop();
    const versions: PayloadVersionModel[] = older.map((o, i) => ({
      version: i + 1,
      payload: buildSchemaPart({ ...partCtx, suffix: `V${i + 1}` }, o.message.payload, name, `${o.label}#${o.message.key}`),
      source: o.label,
      examples: examplePayloads(o.message),
    }));
    versions.push({ version: versions.length + 1, payload, source: latestLabel, examples: examplePayloads(m) });

    const key = m.kafkaKey ? buildSchemaPart(partCtx, m.kafkaKey, `${name}Key`, `latest#${m.key}#key`) : undefined;
    const headers = m.headers ? buildSchemaPart(partCtx, m.headers, `${name}Headers`, `latest#${m.key}#headers`) : undefined;
    const subjects = options.messageSubjects.find((s) => s.channel === m.channelId && s.messageId === m.id);
    const message: MessageModel = {
      key: m.key,
      id: m.id,
      name,
      constName: constNames.claim(camelCase(name), name),
      ...(m.contentType !== undefined ? { contentType: m.contentType } : {}),
      channelId: m.channelId,
      payload,
      ...(key ? { key_: key } : {}),
      ...(headers ? { headers } : {}),
      headerEncodings: headerEncodings(m.headers),
      versions,
      ...(subjects ? { subjects: { ...(subjects.value ? { value: subjects.value } : {}), ...(subjects.key ? { key: subjects.key } : {}) } } : {}),
      ...(m.correlationId !== undefined ? { correlationId: m.correlationId } : {}),
      examples: examplePayloads(m),
    };
    byIdentity.set(identity, message);
    messages.set(m.key, message);
  }

  const channels = new Map<string, ChannelModel>();
  for (const c of model.channels) {
    const address = c.kafkaTopic === undefined ? (c.address ?? c.id) : (c.address ?? c.kafkaTopic);
    const parametersType = c.parameters.length > 0 ? names.claim(`${pascalCase(c.id)}Parameters`, `params|${c.id}`) : undefined;
    const parameters = c.parameters.map((p) => {
      const description = str(obj(p.definition)["description"]);
      return { name: p.name, type: parameterType(types, p.definition, `param#${c.id}#${p.name}`, `${pascalCase(c.id)}${pascalCase(p.name)}`), ...(description !== undefined ? { doc: description } : {}) };
    });
    // A v3 `address: null` channel is addressed by its id.
    channels.set(c.id, {
      id: c.id,
      constName: constNames.claim(`${camelCase(c.id)}Channel`, `channel|${c.id}`),
      address,
      parameters,
      ...(parametersType !== undefined ? { parametersType } : {}),
      bindings: c.bindings,
      messages: c.messageKeys.map((k) => messages.get(k)).filter((x): x is MessageModel => x !== undefined),
    });
  }

  const methods = new NameTable(["close"]);
  const packageBase = options.packageName.replace(/^@[^/]+\//, "");
  const operations: OperationModel[] = [];
  for (const op of model.operations) {
    const channel = channels.get(op.channelId);
    if (!channel) {
      warnings.push(`operation ${op.id}: channel ${op.channelId} not found; skipped`);
      continue;
    }
    const raw = model.major === 3 ? op.id : (op.operationId ?? `${op.action} ${op.channelId}`);
    const method = methods.claim(camelCase(raw), op.id);
    const bindings = mergeBindings(channel.bindings, op.bindings);
    // The contract's own consumer group: Kafka `groupId`, else the NATS `queue`; else one per operation.
    const groupId = fixedString(obj(bindings["kafka"])["groupId"]) ?? str(obj(bindings["nats"])["queue"]) ?? `${packageBase}.${method}`;
    let reply: ReplyModel | undefined;
    if (op.reply) {
      const replyChannel = op.reply.channelId !== undefined ? channels.get(op.reply.channelId) : undefined;
      const expression = op.reply.address !== undefined && op.reply.address.startsWith("$") ? op.reply.address : undefined;
      reply = {
        ...(replyChannel ? { channel: replyChannel } : {}),
        ...(expression !== undefined ? { addressExpression: expression } : {}),
        messages: op.reply.messageKeys.map((k) => messages.get(k)).filter((x): x is MessageModel => x !== undefined),
      };
    }
    operations.push({
      id: op.id,
      method,
      action: op.action,
      channel,
      messages: op.messageKeys.map((k) => messages.get(k)).filter((x): x is MessageModel => x !== undefined),
      bindings,
      groupId,
      ...(reply ? { reply } : {}),
    });
  }

  const servers = serverModels(model.servers);
  const distinct = [...new Map([...messages.values()].map((m) => [m.name, m])).values()];
  return {
    title: str(info["title"]) ?? "AsyncAPI",
    ...(str(info["description"]) !== undefined ? { description: str(info["description"])! } : {}),
    contractVersion: str(info["version"]) ?? "0.0.0",
    asyncapiVersion: model.version,
    options,
    servers,
    defaultProtocol: defaultProtocol(servers, model.channels),
    channels: [...channels.values()],
    operations,
    messages: distinct,
    types,
    names,
    warnings,
  };
}

/** The default package name for a contract title: `Orders API` → `orders-api-client`. */
export function defaultPackageName(title: string): string {
  return `${kebabCase(title) || "asyncapi"}-client`;
}

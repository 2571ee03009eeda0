import { fail, ok, type Result } from "../errors.js";
import { pointer, sortedJson, type JsonValue } from "../json-text.js";
import type {
  AsyncApiChannel,
  AsyncApiMessage,
  AsyncApiModel,
  AsyncApiOperation,
  AsyncApiParameter,
  AsyncApiReply,
  AsyncApiSchema,
  OperationAction,
} from "./model.js";
import {
  defaultSchemaFormat,
  jsonSchemaDialect,
  ORIGINAL_KAFKA_KEY,
  ORIGINAL_PAYLOAD,
  payloadFormatOf,
  plainSchema,
  SchemaTooLarge,
} from "./payload-schema.js";

/** The parser's id of a v3 channel/operation/message: its key in the map that defines it (parser-js `applyUniqueIds`). */
const UNIQUE_ID = "x-parser-unique-object-id";
/** The parser's name for a v2 message defined under `components.messages` (parser-js `anonymous-naming`). */
const MESSAGE_NAME = "x-parser-message-name";

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function entries(v: unknown): Array<[string, unknown]> {
  return isObject(v) ? Object.entries(v) : [];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** A JSON copy without the keys that only document (`description`, `summary`, `examples`, `title`). */
function withoutDocs(v: unknown): JsonValue {
  const plain = plainSchema(v);
  if (!isObject(plain)) return plain;
  const out: { [k: string]: JsonValue } = {};
  for (const [k, child] of Object.entries(plain as { [k: string]: JsonValue })) {
    if (k === "description" || k === "summary" || k === "examples" || k === "title") continue;
    out[k] = k === "schema" ? withoutDocs(child) : child;
  }
  return out;
}

function bindingsOf(v: unknown): { [protocol: string]: JsonValue } {
  const plain = isObject(v) ? plainSchema(v) : {};
  return isObject(plain) ? (plain as { [protocol: string]: JsonValue }) : {};
}

/** `bindings.kafka.topic` when it is a string. */
function kafkaTopicOf(bindings: unknown): string | undefined {
  const kafka = isObject(bindings) ? bindings["kafka"] : undefined;
  return isObject(kafka) ? str(kafka["topic"]) : undefined;
}

interface Context {
  readonly version: string;
  readonly major: 2 | 3;
  readonly defaultContentType?: string;
}

/**
 * A schema as the engine of its format wants it. `raw` is the schema as written (the parser's original for a
 * payload a schema parser converted).
 */
function schemaOf(raw: unknown, schemaFormat: string, path: string): AsyncApiSchema {
  const format = payloadFormatOf(schemaFormat);
  if (format === "protobuf" && typeof raw === "string") return { format, schemaFormat, schema: raw, text: raw, path };
  const names = new Map<string, string>();
  let schema = plainSchema(raw, format === "json" ? names : undefined);
  if (format === "json") {
    const dialect = jsonSchemaDialect(schemaFormat);
    if (dialect && isObject(schema) && !("$schema" in schema)) schema = { $schema: dialect, ...(schema as { [k: string]: JsonValue }) };
  }
  const text = format === "other" ? sortedJson(schema) : JSON.stringify(schema);
  return { format, schemaFormat, schema, text, path, ...(names.size > 0 ? { names: Object.fromEntries(names) } : {}) };
}

/**
 * A v3 place that holds a Schema Object or a Multi Format Schema Object (`{schemaFormat, schema}`, AsyncAPI
 * 3.0 §Multi Format Schema Object); the parser keeps a converted schema's original under
 * `x-parser-original-payload` of that object.
 */
function v3Schema(value: unknown, path: string, ctx: Context): AsyncApiSchema | undefined {
  if (value === undefined) return undefined;
  if (isObject(value) && typeof value["schemaFormat"] === "string" && "schema" in value) {
    const raw = ORIGINAL_PAYLOAD in value ? value[ORIGINAL_PAYLOAD] : value["schema"];
    return schemaOf(raw, value["schemaFormat"], pointer(path, "schema"));
  }
  return schemaOf(value, defaultSchemaFormat(ctx.version), path);
}

const AVRO_PRIMITIVES = new Set(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);

/** An Avro primitive name, or a named Avro type (`record`/`enum`/`fixed` with a `name`). */
function looksLikeAvro(v: unknown): boolean {
  if (typeof v === "string") return AVRO_PRIMITIVES.has(v);
  return isObject(v) && typeof v["name"] === "string" && (v["type"] === "record" || v["type"] === "enum" || v["type"] === "fixed");
}

function buildMessage(m: Obj, key: string, id: string, path: string, channelId: string, ctx: Context): AsyncApiMessage {
  const bindings = isObject(m["bindings"]) ? m["bindings"] : {};
  const kafka = isObject(bindings["kafka"]) ? bindings["kafka"] : {};
  let payload: AsyncApiSchema | undefined;
  let headers: AsyncApiSchema | undefined;
  let kafkaKey: AsyncApiSchema | undefined;
  if (ctx.major === 2) {
    const schemaFormat = str(m["schemaFormat"]) ?? defaultSchemaFormat(ctx.version);
    const raw = ORIGINAL_PAYLOAD in m ? m[ORIGINAL_PAYLOAD] : m["payload"];
    if (raw !== undefined) payload = schemaOf(raw, schemaFormat, pointer(path, "payload"));
    if (m["headers"] !== undefined) headers = schemaOf(m["headers"], defaultSchemaFormat(ctx.version), pointer(path, "headers"));
    // The Avro schema parser converts an Avro key in place and keeps the original: the key is Avro then.
    if (ORIGINAL_KAFKA_KEY in m) kafkaKey = schemaOf(m[ORIGINAL_KAFKA_KEY], schemaFormat, pointer(path, "bindings", "kafka", "key"));
    else if (kafka["key"] !== undefined) kafkaKey = schemaOf(kafka["key"], defaultSchemaFormat(ctx.version), pointer(path, "bindings", "kafka", "key"));
  } else {
    payload = v3Schema(m["payload"], pointer(path, "payload"), ctx);
    headers = v3Schema(m["headers"], pointer(path, "headers"), ctx);
    const keyPath = pointer(path, "bindings", "kafka", "key");
    // A plain key beside an Avro payload that reads as an Avro schema is Avro (as the Avro parser assumes in 2.x).
    kafkaKey =
      payload?.format === "avro" && looksLikeAvro(kafka["key"]) ? schemaOf(kafka["key"], payload.schemaFormat, keyPath) : v3Schema(kafka["key"], keyPath, ctx);
  }
  const correlation = isObject(m["correlationId"]) ? str(m["correlationId"]["location"]) : undefined;
  const name = str(m["name"]);
  const contentType = str(m["contentType"]) ?? ctx.defaultContentType;
  return {
    key,
    id,
    ...(name !== undefined ? { name } : {}),
    path,
    channelId,
    ...(contentType !== undefined ? { contentType } : {}),
    ...(payload ? { payload } : {}),
    ...(headers ? { headers } : {}),
    ...(kafkaKey ? { kafkaKey } : {}),
    ...(correlation !== undefined ? { correlationId: correlation } : {}),
    examples: Array.isArray(m["examples"]) ? m["examples"].map((e) => plainSchema(e)) : [],
    bindings: bindingsOf(m["bindings"]),
  };
}

function parametersOf(v: unknown, channelPath: string): AsyncApiParameter[] {
  return entries(v).map(([name, p]) => ({ name, path: pointer(channelPath, "parameters", name), definition: withoutDocs(p) }));
}

/** AsyncAPI 2.x: channels keyed by address, each with `publish` (app receives) / `subscribe` (app sends). */
function buildV2(doc: Obj, ctx: Context): AsyncApiModel {
  const channels: AsyncApiChannel[] = [];
  const operations: AsyncApiOperation[] = [];
  const messages: AsyncApiMessage[] = [];
  for (const [channelId, ch] of entries(doc["channels"])) {
    if (!isObject(ch)) continue;
    const path = pointer("/channels", channelId);
    const channelMessages: string[] = [];
    for (const verb of ["publish", "subscribe"] as const) {
      const op = ch[verb];
      if (!isObject(op)) continue;
      const action: OperationAction = verb === "subscribe" ? "send" : "receive";
      const opId = str(op["operationId"]) ?? `${channelId}#${verb}`;
      const opPath = pointer(path, verb);
      const message = op["message"];
      const oneOf = isObject(message) && Array.isArray(message["oneOf"]) ? message["oneOf"] : undefined;
      const list = oneOf ?? (isObject(message) ? [message] : []);
      const keys: string[] = [];
      list.forEach((m, i) => {
        if (!isObject(m)) return;
        const named = str(m[MESSAGE_NAME]);
        const identity = str(m["messageId"]) ?? str(m["name"]) ?? (named && !named.startsWith("<anonymous") ? named : undefined);
        let id = identity ?? (oneOf ? `#${i}` : "message");
        if (keys.includes(`${opId}::${id}`)) id = `${id}#${i}`;
        const key = `${opId}::${id}`;
        const mPath = oneOf ? pointer(opPath, "message", "oneOf", i) : pointer(opPath, "message");
        messages.push({
          ...buildMessage(m, key, id, mPath, channelId, ctx),
          ...(identity !== undefined ? { identity } : {}),
          ...(oneOf ? { oneOfIndex: i } : {}),
        });
        keys.push(key);
      });
      channelMessages.push(...keys);
      const operationId = str(op["operationId"]);
      operations.push({
        id: opId,
        ...(operationId !== undefined ? { operationId } : {}),
        path: opPath,
        action,
        channelId,
        messageKeys: keys,
        bindings: bindingsOf(op["bindings"]),
      });
    }
    const topic = kafkaTopicOf(ch["bindings"]);
    channels.push({
      id: channelId,
      path,
      address: channelId,
      ...(topic !== undefined ? { kafkaTopic: topic } : {}),
      parameters: parametersOf(ch["parameters"], path),
      bindings: bindingsOf(ch["bindings"]),
      messageKeys: channelMessages,
    });
  }
  return finish(doc, ctx, channels, operations, messages);
}

/** AsyncAPI 3.x: channels own messages; operations point at a channel and a subset of its messages. */
function buildV3(doc: Obj, ctx: Context): AsyncApiModel {
  const channels: AsyncApiChannel[] = [];
  const messages: AsyncApiMessage[] = [];
  const channelObjects = new Map<unknown, string>();
  const messageObjects = new Map<string, Map<unknown, string>>();
  for (const [channelId, ch] of entries(doc["channels"])) {
    if (!isObject(ch)) continue;
    channelObjects.set(ch, channelId);
    const path = pointer("/channels", channelId);
    const keys: string[] = [];
    const byObject = new Map<unknown, string>();
    for (const [messageId, m] of entries(ch["messages"])) {
      if (!isObject(m)) continue;
      const key = `${channelId}::${messageId}`;
      messages.push(buildMessage(m, key, messageId, pointer(path, "messages", messageId), channelId, ctx));
      keys.push(key);
      byObject.set(m, key);
    }
    messageObjects.set(channelId, byObject);
    const address = ch["address"];
    const topic = kafkaTopicOf(ch["bindings"]);
    channels.push({
      id: channelId,
      path,
      address: typeof address === "string" ? address : null,
      ...(topic !== undefined ? { kafkaTopic: topic } : {}),
      parameters: parametersOf(ch["parameters"], path),
      bindings: bindingsOf(ch["bindings"]),
      messageKeys: keys,
    });
  }
  const channelIdOf = (c: unknown): string | undefined =>
    channelObjects.get(c) ?? (isObject(c) ? str(c[UNIQUE_ID]) : undefined);
  // An operation's message is one of its channel's: matched by object identity, else by the parser's id.
  const messageKeysOf = (list: unknown, channelId: string | undefined): string[] => {
    if (channelId === undefined) return [];
    const channel = channels.find((c) => c.id === channelId);
    if (!Array.isArray(list)) return channel ? [...channel.messageKeys] : [];
    const byObject = messageObjects.get(channelId);
    return list.map((m, i) => byObject?.get(m) ?? `${channelId}::${(isObject(m) ? str(m[UNIQUE_ID]) : undefined) ?? `#${i}`}`);
  };
  const operations: AsyncApiOperation[] = [];
  for (const [opId, op] of entries(doc["operations"])) {
    if (!isObject(op)) continue;
    const channelId = channelIdOf(op["channel"]);
    const path = pointer("/operations", opId);
    let reply: AsyncApiReply | undefined;
    if (isObject(op["reply"])) {
      const r = op["reply"];
      const replyChannel = channelIdOf(r["channel"]);
      const location = isObject(r["address"]) ? str(r["address"]["location"]) : undefined;
      const replyAddress = location ?? channels.find((c) => c.id === replyChannel)?.address ?? undefined;
      reply = {
        path: pointer(path, "reply"),
        ...(replyChannel !== undefined ? { channelId: replyChannel } : {}),
        ...(replyAddress !== undefined ? { address: replyAddress } : {}),
        messageKeys: messageKeysOf(r["messages"], replyChannel),
      };
    }
    operations.push({
      id: opId,
      path,
      action: op["action"] === "send" ? "send" : "receive",
      channelId: channelId ?? "",
      messageKeys: messageKeysOf(op["messages"], channelId),
      ...(reply ? { reply } : {}),
      bindings: bindingsOf(op["bindings"]),
    });
  }
  return finish(doc, ctx, channels, operations, messages);
}

function finish(
  doc: Obj,
  ctx: Context,
  channels: AsyncApiChannel[],
  operations: AsyncApiOperation[],
  messages: AsyncApiMessage[],
): AsyncApiModel {
  return {
    version: ctx.version,
    major: ctx.major,
    info: plainSchema(doc["info"] ?? {}),
    ...(ctx.defaultContentType !== undefined ? { defaultContentType: ctx.defaultContentType } : {}),
    servers: plainSchema(doc["servers"] ?? {}),
    channels,
    operations,
    messages,
  };
}

/**
 * Builds the {@link AsyncApiModel} of a document: the parser's resolved document (`AsyncAPIDocument.json()`,
 * `$ref`s followed, traits applied) or — leniently — any JSON value shaped like one (missing parts are empty).
 * The major version comes from the `asyncapi` field (3.x → 3, anything else → 2). Payload schemas are left
 * unparsed here ({@link AsyncApiSchema.parsed} is filled by `parseAsyncApi`). Errors: `SCHEMA_INVALID` when
 * the value is not an object or a schema expands past 200 000 nodes.
 */
export function buildAsyncApiModel(document: unknown): Result<AsyncApiModel> {
  if (!isObject(document)) return fail("SCHEMA_INVALID", "An AsyncAPI document must be an object", { path: "" });
  const version = str(document["asyncapi"]) ?? "";
  const defaultContentType = str(document["defaultContentType"]);
  const ctx: Context = { version, major: version.startsWith("3") ? 3 : 2, ...(defaultContentType !== undefined ? { defaultContentType } : {}) };
  try {
    return ok(ctx.major === 3 ? buildV3(document, ctx) : buildV2(document, ctx));
  } catch (e) {
    if (e instanceof SchemaTooLarge) return fail("SCHEMA_INVALID", e.message);
    throw e;
  }
}

import type { ContractError } from "../errors.js";
import type { ParsedSchema } from "../format.js";
import type { JsonValue } from "../json-text.js";

/**
 * The payload languages Charter can check: `json` (AsyncAPI Schema, a JSON Schema draft-07 superset, and
 * `application/schema+json|yaml`) → the JSON engine; `avro` → the Avro engine; `protobuf` → the Protobuf
 * engine; `other` (RAML, OpenAPI …) → compared by canonical text only.
 */
export type PayloadFormat = "json" | "avro" | "protobuf" | "other";

/**
 * A schema carried by a message (its payload, headers or Kafka key), with what is needed to hand it to the
 * engine of its format.
 */
export interface AsyncApiSchema {
  readonly format: PayloadFormat;
  /** The `schemaFormat` mime type in force (the AsyncAPI default when the document names none). */
  readonly schemaFormat: string;
  /**
   * The schema as written, before the AsyncAPI schema parsers converted it: a JSON value (JSON Schema, Avro)
   * or a string (Protobuf `.proto` text). JSON schemas have `x-parser-*` keys removed and cycles turned
   * into local `$ref`s.
   */
  readonly schema: JsonValue;
  /** The text handed to the format engine (`JSON.stringify` of `schema`, or the proto text). */
  readonly text: string;
  /** JSON Pointer of the schema in the document (logical: through `$ref`s, see {@link SourceMap}). */
  readonly path: string;
  /**
   * JSON schemas only: the `components.schemas` name of each schema inside `schema` that was written as a
   * `$ref` to a named component (or is one), keyed by its JSON Pointer in `schema` (`""` for the root). Code
   * generators name types after them; absent when there are none.
   */
  readonly names?: Readonly<Record<string, string>>;
  /** The engine's parse of `text`; absent when no engine is available or it refused (see `error`). */
  readonly parsed?: ParsedSchema;
  /** Why `parsed` is absent, when an engine refused the schema. */
  readonly error?: ContractError;
}

/** A channel parameter (`{name}` in the address). `definition` excludes descriptions and examples. */
export interface AsyncApiParameter {
  readonly name: string;
  readonly path: string;
  readonly definition: JsonValue;
}

/** A channel: v3 `channels.<id>`; v2 `channels.<address>` (the key is both id and address). */
export interface AsyncApiChannel {
  readonly id: string;
  readonly path: string;
  /** The address (topic, routing key, URL path); `null` when unknown or dynamic (v3 `address: null`). */
  readonly address: string | null;
  /** Kafka binding topic (`bindings.kafka.topic`), which overrides the address on Kafka when present. */
  readonly kafkaTopic?: string;
  readonly parameters: readonly AsyncApiParameter[];
  readonly bindings: { readonly [protocol: string]: JsonValue };
  /** Keys (see {@link AsyncApiMessage.key}) of the messages this channel carries. */
  readonly messageKeys: readonly string[];
}

/**
 * What the application does with an operation's messages. AsyncAPI 2.x names operations from the client's
 * point of view: `subscribe` means the application SENDS, `publish` means it RECEIVES (spec 2.6 §Channel Item
 * Object); 3.x says `send` / `receive` directly.
 */
export type OperationAction = "send" | "receive";

/** A request/reply pair's reply (AsyncAPI 3 `operation.reply`): its messages flow the other way. */
export interface AsyncApiReply {
  readonly path: string;
  readonly channelId?: string;
  /** Reply address (`reply.address.location`, a runtime expression) or the reply channel's address. */
  readonly address?: string;
  readonly messageKeys: readonly string[];
}

/**
 * An operation. v2 ids: `operationId`, else `<channel>#publish|subscribe` — but a v2 `operationId` only
 * documents: the compatibility check identifies a v2 operation by its channel and verb (see `operationId`).
 */
export interface AsyncApiOperation {
  readonly id: string;
  /** v2: the `operationId` as written, when there is one (a name, not an identity). */
  readonly operationId?: string;
  readonly path: string;
  readonly action: OperationAction;
  readonly channelId: string;
  readonly messageKeys: readonly string[];
  readonly reply?: AsyncApiReply;
  readonly bindings: { readonly [protocol: string]: JsonValue };
}

/** A message as one channel (v3) or one operation (v2) carries it. */
export interface AsyncApiMessage {
  /** Unique in the document: v3 `<channelId>::<messageId>`, v2 `<operationId>::<messageId>`. */
  readonly key: string;
  /** v3: key in `channel.messages`; v2: `messageId`, else `name`, else the components name, else `#<i>`. */
  readonly id: string;
  readonly name?: string;
  /**
   * v2: the name the message goes by when it has one — `messageId`, else `name`, else its
   * `components.messages` name. It only documents; the check pairs `oneOf` entries by it.
   */
  readonly identity?: string;
  /** v2: the message's index in its operation's `message.oneOf`; absent for a single message. */
  readonly oneOfIndex?: number;
  readonly path: string;
  readonly channelId: string;
  /** Effective content type: the message's, else the document's `defaultContentType`. */
  readonly contentType?: string;
  readonly payload?: AsyncApiSchema;
  readonly headers?: AsyncApiSchema;
  /** Kafka record key schema (`bindings.kafka.key`). */
  readonly kafkaKey?: AsyncApiSchema;
  /** Correlation id location (a runtime expression such as `$message.header#/correlationId`). */
  readonly correlationId?: string;
  readonly examples: readonly JsonValue[];
  readonly bindings: { readonly [protocol: string]: JsonValue };
}

/**
 * Charter's typed view of an AsyncAPI 2.x/3.x document, shared by the gate, codegen and testkit. Built from
 * the parser's resolved document: `$ref`s followed, traits applied, Avro/Protobuf payloads kept as written.
 */
export interface AsyncApiModel {
  /** The document's `asyncapi` field, e.g. `2.6.0`, `3.0.0`. */
  readonly version: string;
  readonly major: 2 | 3;
  readonly info: JsonValue;
  readonly defaultContentType?: string;
  readonly servers: JsonValue;
  readonly channels: readonly AsyncApiChannel[];
  readonly operations: readonly AsyncApiOperation[];
  readonly messages: readonly AsyncApiMessage[];
}

/** What {@link ParsedSchema.model} holds for an ASYNCAPI schema. */
export interface AsyncApiParsedModel {
  readonly kind: "asyncapi";
  readonly model: AsyncApiModel;
}

/** Narrows an opaque {@link ParsedSchema.model} to the AsyncAPI engine's. */
export function asAsyncApiModel(model: unknown): AsyncApiModel | undefined {
  if (typeof model !== "object" || model === null) return undefined;
  const m = model as Partial<AsyncApiParsedModel>;
  return m.kind === "asyncapi" && m.model ? m.model : undefined;
}

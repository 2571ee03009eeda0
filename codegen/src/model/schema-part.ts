/**
 * One schema of a message (payload, Kafka key or headers) as the emitters need it: its TypeScript type, what the
 * runtime serde is built from (JSON Schema for a standalone validator, Avro schema JSON, protobufjs root JSON),
 * and the text the schema registry holds for it.
 */
import protobuf from "protobufjs";
import { asAvroModel, detectDraft, messageIndexesOf, protobufModel, writeSchema, type AsyncApiSchema, type JsonSchemaDraft, type JsonValue, type ParsedSchema } from "@charter/contracts";
import type { RequiredFields } from "../runtime/serde-protobuf.js";
import { avroPayloadType, type AvroTypeOptions } from "./avro-types.js";
import { jsonSchemaType } from "./json-schema-types.js";
import { protobufType, requiredFields, rootMessage } from "./protobuf-types.js";
import { UNKNOWN, type TypeNode, type TypeSet } from "./type-ir.js";

/** A schema part of a message version. `format: "none"` when the contract gives no schema the generator can read. */
export interface SchemaPart {
  readonly format: "json" | "avro" | "protobuf" | "none";
  /** The TypeScript type (a reference to a declared type, or a primitive). */
  readonly type: TypeNode;
  /** The name the type is declared under (`OrderCreated`), when it is declared. */
  readonly typeName?: string;
  /** JSON: the schema compiled into a standalone validator, its draft, and the validator's export name. */
  readonly json?: { readonly schema: JsonValue; readonly draft: JsonSchemaDraft; readonly validator: string };
  readonly avro?: { readonly schema: JsonValue };
  readonly protobuf?: { readonly root: JsonValue; readonly typeName: string; readonly required: RequiredFields; readonly messageIndexes: readonly number[] };
  /** What the registry holds for this schema (Confluent wire format lookups). */
  readonly registry?: { readonly type: "JSON" | "AVRO" | "PROTOBUF"; readonly text: string };
  /** The engine's parse, for compatibility checks between versions. */
  readonly parsed?: ParsedSchema;
  /** Why the part is `none` although the contract has a schema. */
  readonly note?: string;
}

/** What building schema parts shares. */
export interface SchemaPartContext {
  readonly set: TypeSet;
  readonly options: AvroTypeOptions;
  /** `V1` … for older versions, "" for the latest. */
  readonly suffix: string;
}

function withoutRootId(schema: JsonValue): JsonValue {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema;
  // Several versions of one schema share its `$id`: ajv would refuse the second as a duplicate.
  const { $id: _id, id: _legacyId, ...rest } = schema;
  return rest;
}

function none(note?: string): SchemaPart {
  return { format: "none", type: UNKNOWN, ...(note !== undefined ? { note } : {}) };
}

function refName(type: TypeNode): string | undefined {
  return type.kind === "ref" ? type.name : undefined;
}

/**
 * The {@link SchemaPart} of `schema` typed as `name` (+ the context's suffix). `rootId` tells payloads apart in
 * type identities (see `jsonSchemaType`).
 */
export function buildSchemaPart(ctx: SchemaPartContext, schema: AsyncApiSchema | undefined, name: string, rootId: string): SchemaPart {
  if (!schema) return none();
  if (schema.error) return none(`its ${schema.format} schema was refused: ${schema.error.message}`);
  const parsed = schema.parsed;
  switch (schema.format) {
    case "json": {
      const type = jsonSchemaType({ set: ctx.set, root: schema.schema, names: schema.names ?? {}, suffix: ctx.suffix, rootId }, name);
      const draft = detectDraft(schema.schema);
      const typeName = refName(type) ?? name + ctx.suffix;
      return {
        format: "json",
        type,
        typeName,
        json: { schema: withoutRootId(schema.schema), draft: draft.ok ? draft.value : "draft-07", validator: `validate${typeName}` },
        registry: { type: "JSON", text: schema.text },
        ...(parsed ? { parsed } : {}),
      };
    }
    case "avro": {
      const model = parsed ? asAvroModel(parsed.model) : undefined;
      if (!parsed || !model) return none("no Avro engine parse");
      const type = avroPayloadType({ set: ctx.set, options: ctx.options, suffix: ctx.suffix }, model.root, name);
      return {
        format: "avro",
        type,
        ...(refName(type) !== undefined ? { typeName: refName(type)! } : {}),
        avro: { schema: JSON.parse(writeSchema(model.root, { form: "canonical" })) as JsonValue },
        registry: { type: "AVRO", text: parsed.text },
        parsed,
      };
    }
    case "protobuf": {
      const pm = parsed ? protobufModel(parsed) : undefined;
      const built = pm?.root();
      if (!parsed || !pm || !built?.ok) return none("no Protobuf engine parse");
      const root = built.value;
      const topLevel = pm.linked.file.messages.map((m) => m.fullName);
      const message = rootMessage(root, topLevel);
      if (!message) return none("the .proto declares no message");
      const implicitPresence = (t: protobuf.Type): boolean => {
        const entry = pm.linked.types.get(t.fullName.replace(/^\./, ""));
        const file = entry ? pm.linked.files.get(entry.file) : undefined;
        return (file ?? pm.linked.file).syntax === "proto3";
      };
      const inner = protobufType({ set: ctx.set, longs: ctx.options.longs, suffix: ctx.suffix, implicitPresence }, message);
      const fullName = message.fullName.replace(/^\./, "");
      const type =
        refName(inner) === name + ctx.suffix ? inner : { kind: "ref" as const, name: ctx.set.declare(name + ctx.suffix, `alias|${name}|${JSON.stringify(inner)}`, () => ({ type: inner })) };
      return {
        format: "protobuf",
        type,
        typeName: refName(type)!,
        protobuf: { root: root.toJSON() as JsonValue, typeName: fullName, required: requiredFields(message, implicitPresence), messageIndexes: messageIndexesOf(pm.linked.file, fullName) ?? [0] },
        registry: { type: "PROTOBUF", text: parsed.text },
        parsed,
      };
    }
    case "other":
      return none(`no engine reads ${schema.schemaFormat} schemas`);
  }
}

/** How each property of a headers schema travels: strings as they are, anything else as JSON text. */
export function headerEncodings(schema: AsyncApiSchema | undefined): Record<string, "string" | "json"> {
  const out: Record<string, "string" | "json"> = {};
  const root = schema?.format === "json" ? schema.schema : undefined;
  if (root === null || typeof root !== "object" || Array.isArray(root)) return out;
  const props = root["properties"];
  if (props === null || typeof props !== "object" || Array.isArray(props)) return out;
  for (const [name, sub] of Object.entries(props)) {
    const s = sub !== null && typeof sub === "object" && !Array.isArray(sub) ? sub : {};
    const enumAllStrings = Array.isArray(s["enum"]) && s["enum"].every((v) => typeof v === "string");
    out[name] = s["type"] === "string" || enumAllStrings || typeof s["const"] === "string" ? "string" : "json";
  }
  return out;
}

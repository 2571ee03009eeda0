/** An operation of an AsyncAPI document: what the application does on a channel. */
export interface OperationRow {
  readonly id: string;
  /** `send` / `receive` (AsyncAPI 3); for 2.x, `subscribe` → send and `publish` → receive (the spec's reading). */
  readonly action: "send" | "receive";
  readonly channel: string;
  readonly messages: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const refName = (v: unknown): string | undefined => (isObj(v) && typeof v.$ref === "string" ? decodeURIComponent(v.$ref.split("/").pop()!.replace(/~1/g, "/").replace(/~0/g, "~")) : undefined);

function messageNames(message: unknown): string[] {
  if (!isObj(message)) return [];
  if (Array.isArray(message.oneOf)) return message.oneOf.flatMap(messageNames);
  const name = refName(message) ?? (typeof message.name === "string" ? message.name : typeof message.messageId === "string" ? message.messageId : undefined);
  return name !== undefined ? [name] : ["(inline)"];
}

/**
 * The operations of a parsed AsyncAPI document (2.x or 3.x), in document order; `[]` for anything else.
 * AsyncAPI 2.x: a channel's `subscribe` is what the application sends, `publish` what it receives.
 */
export function operationsOf(doc: unknown): OperationRow[] {
  if (!isObj(doc)) return [];
  const rows: OperationRow[] = [];
  if (isObj(doc.operations)) {
    for (const [id, op] of Object.entries(doc.operations)) {
      if (!isObj(op) || (op.action !== "send" && op.action !== "receive")) continue;
      const channel = refName(op.channel) ?? "?";
      const messages = Array.isArray(op.messages) ? op.messages.map((m) => refName(m) ?? "(inline)") : [];
      rows.push({ id, action: op.action, channel, messages });
    }
    return rows;
  }
  if (isObj(doc.channels) && typeof doc.asyncapi === "string" && doc.asyncapi.startsWith("2.")) {
    for (const [channel, item] of Object.entries(doc.channels)) {
      if (!isObj(item)) continue;
      for (const [verb, action] of [["subscribe", "send"], ["publish", "receive"]] as const) {
        const op = item[verb];
        if (!isObj(op)) continue;
        rows.push({ id: typeof op.operationId === "string" ? op.operationId : `${verb} ${channel}`, action, channel, messages: messageNames(op.message) });
      }
    }
  }
  return rows;
}

/** A row of a payload table: a top-level field of the payload. */
export interface PayloadRow {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly description?: string;
}

function typeOf(schema: unknown): string {
  if (typeof schema === "string") return schema;
  if (Array.isArray(schema)) return schema.map(typeOf).join(" | ");
  if (!isObj(schema)) return "any";
  if (typeof schema.$ref === "string") return refName(schema) ?? schema.$ref;
  if (Array.isArray(schema.type)) return schema.type.map(String).join(" | ");
  if (schema.type === "array") return `array of ${typeOf(schema.items)}`;
  if (typeof schema.type === "string") {
    if (schema.type === "record" || schema.type === "enum" || schema.type === "fixed") return `${schema.type} ${String(schema.name ?? "")}`.trim();
    if (schema.type === "map") return `map of ${typeOf(schema.values)}`;
    return typeof schema.format === "string" ? `${schema.type} (${schema.format})` : schema.type;
  }
  for (const k of ["oneOf", "anyOf", "allOf"]) if (Array.isArray(schema[k])) return `${k}: ${(schema[k] as unknown[]).map(typeOf).join(", ")}`;
  if (Array.isArray(schema.enum)) return `enum ${schema.enum.map((e) => JSON.stringify(e)).join(" | ")}`;
  if ("const" in schema) return `const ${JSON.stringify(schema.const)}`;
  return "any";
}

/**
 * The top-level fields of a payload schema: a JSON Schema's `properties` (with `required`), an Avro record's
 * `fields` (required unless the field has a default). `[]` when the schema has no fields to list (Protobuf text,
 * a scalar, unparsable text) — the page then shows the text itself.
 */
export function payloadRows(text: string, schemaType: string): PayloadRow[] {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObj(schema)) return [];
  if (schemaType === "AVRO" && Array.isArray(schema.fields)) {
    return schema.fields.filter(isObj).map((f) => ({
      name: String(f.name),
      type: typeOf(f.type),
      required: !("default" in f),
      ...(typeof f.doc === "string" ? { description: f.doc } : {}),
    }));
  }
  if (isObj(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    return Object.entries(schema.properties).map(([name, p]) => ({
      name,
      type: typeOf(p),
      required: required.has(name),
      ...(isObj(p) && typeof p.description === "string" ? { description: p.description } : {}),
    }));
  }
  return [];
}

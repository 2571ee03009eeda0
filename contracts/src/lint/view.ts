import { asAsyncApiModel, type AsyncApiSchema } from "../asyncapi/model.js";
import { SourceMap, pointerTokens } from "../asyncapi/source-map.js";
import { asAvroModel, type AvroModel, type AvroType } from "../avro/model.js";
import type { ParsedSchema, SchemaType } from "../format.js";
import { asJsonSchemaModel } from "../json-schema/model.js";
import { pointer, type JsonValue } from "../json-text.js";
import { allMessages, findOption, type ProtoField, type ProtoFile, type ProtoMessage } from "../protobuf/ast.js";
import type { LinkedSchema } from "../protobuf/link.js";
import { protobufModel } from "../protobuf/index.js";
import { readYamlOrJson } from "../yaml-text.js";
import { protoComment } from "./proto-comments.js";

/**
 * Format-neutral views of a contract for the lint rules: records (Avro records, Protobuf messages, JSON Schema
 * object schemas) with their fields, the events among them, and for AsyncAPI the messages with their payload
 * and header views. Every place carries its path (JSON Pointer; Protobuf `/Message/field`) and 1-based line.
 */

/** One field of a record. */
export interface FieldView {
  readonly name: string;
  readonly path: string;
  readonly line?: number;
  /** Avro `doc`, JSON Schema `description`, the Protobuf comment before or after the declaration. */
  readonly doc?: string;
  /** Avro `"deprecated": true` or a doc saying "deprecated", JSON Schema `deprecated: true`, Protobuf `[deprecated = true]`. */
  readonly deprecated: boolean;
  /** Avro `default`, JSON Schema `default`, Protobuf `[default = …]` (proto2). */
  readonly hasDefault: boolean;
  /** Avro field aliases (names the field had before a rename). */
  readonly aliases: readonly string[];
  /** Protobuf: the declaration. */
  readonly proto?: ProtoField;
}

/** A record-like type: Avro record, Protobuf message, JSON Schema object schema (one with `properties`). */
export interface RecordView {
  /** What pairs it with the same record in another version: Avro/Protobuf full name, JSON Schema pointer. */
  readonly key: string;
  /** Type name (Avro simple name, Protobuf message name, JSON Schema `title`). */
  readonly name?: string;
  readonly path: string;
  readonly line?: number;
  readonly doc?: string;
  readonly fields: readonly FieldView[];
  /** Protobuf: the declaration. */
  readonly proto?: ProtoMessage;
}

/** The engine data a view was built from, for format-specific rules (payload size, Protobuf syntax). */
export type ViewSource =
  | { readonly kind: "avro"; readonly model: AvroModel; readonly prefix: string }
  | { readonly kind: "json"; readonly root: JsonValue; readonly prefix: string }
  | { readonly kind: "protobuf"; readonly linked: LinkedSchema; readonly prefix: string; readonly lineOffset: number };

/** One schema (a standalone contract, or an AsyncAPI message payload). */
export interface SchemaView {
  readonly source: ViewSource;
  readonly records: readonly RecordView[];
  /** The records that are the events themselves (not parts of them). */
  readonly roots: readonly RecordView[];
  /** Line of a path in the linted text. */
  lineOf(path: string): number | undefined;
}

/** An event: an AsyncAPI message, or a standalone contract's event record. */
export interface EventView {
  /** Pairs it with the same event in another version (AsyncAPI message key, else the record key). */
  readonly key: string;
  readonly kind: "record" | "message";
  readonly name?: string;
  readonly path: string;
  readonly line?: number;
  readonly doc?: string;
  /** Top-level payload fields; absent when the payload cannot be inspected (other formats, not a record). */
  readonly fields?: readonly FieldView[];
  /** AsyncAPI: the header fields. */
  readonly headers?: readonly FieldView[];
  /** AsyncAPI: the payload's schema view. */
  readonly payload?: SchemaView;
  readonly contentType?: string;
}

/** An AsyncAPI channel and the events it carries. */
export interface ChannelView {
  readonly id: string;
  readonly path: string;
  readonly line?: number;
  readonly address: string | null;
  readonly events: readonly EventView[];
}

/** The view of one contract. `schemas`: key → schema view (`""` for a standalone schema; message keys for AsyncAPI). */
export interface ContractView {
  readonly type: SchemaType;
  readonly events: readonly EventView[];
  readonly schemas: ReadonlyMap<string, SchemaView>;
  readonly channels: readonly ChannelView[];
  lineOf(path: string): number | undefined;
}

type Locate = (path: string) => number | undefined;

const isObject = (v: unknown): v is Record<string, JsonValue> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** Avro field deprecation: a `deprecated` property set to true, or a doc that says so (Avro has no keyword). */
function avroDeprecated(doc: string | undefined, props: Readonly<Record<string, JsonValue>>): boolean {
  const flag = props["deprecated"];
  return flag === true || flag === "true" || (typeof flag === "string" && flag !== "false" && flag !== "") || /\bdeprecated\b/i.test(doc ?? "");
}

/** The view of an Avro model; paths follow the schema's JSON (`/fields/2/type/1`), under `prefix`. */
export function avroView(model: AvroModel, prefix: string, locate: Locate): SchemaView {
  const records: RecordView[] = [];
  const seen = new Set<string>();
  const walk = (type: AvroType, path: string): void => {
    switch (type.kind) {
      case "record": {
        if (seen.has(type.name) || model.referenced.has(type.name)) return;
        seen.add(type.name);
        const fields = type.fields.map((f, i): FieldView => {
          const fp = pointer(path, "fields", i);
          const line = locate(fp);
          return {
            name: f.name,
            path: fp,
            ...(line !== undefined ? { line } : {}),
            ...(text(f.doc) ? { doc: f.doc } : {}),
            deprecated: avroDeprecated(f.doc, f.props),
            hasDefault: f.default !== undefined,
            aliases: f.aliases,
          };
        });
        const line = locate(path);
        records.push({ key: type.name, name: type.simpleName, path, ...(line !== undefined ? { line } : {}), ...(text(type.doc) ? { doc: type.doc } : {}), fields });
        type.fields.forEach((f, i) => walk(f.type, pointer(path, "fields", i, "type")));
        return;
      }
      case "enum":
      case "fixed":
        seen.add(type.name);
        return;
      case "array":
        return walk(type.items, pointer(path, "items"));
      case "map":
        return walk(type.values, pointer(path, "values"));
      case "union":
        type.branches.forEach((b, i) => walk(b, pointer(path, i)));
        return;
      case "primitive":
        return;
    }
  };
  walk(model.root, prefix);
  const rootNames = model.root.kind === "record" ? [model.root.name] : model.root.kind === "union" ? model.root.branches.filter((b) => b.kind === "record").map((b) => (b as { name: string }).name) : [];
  const roots = records.filter((r) => rootNames.includes(r.key));
  return { source: { kind: "avro", model, prefix }, records, roots, lineOf: locate };
}

/** The target of a local `$ref` (`#/…`) in `root`, if any. */
export function resolveLocalRef(root: JsonValue, node: JsonValue): JsonValue | undefined {
  if (!isObject(node) || typeof node["$ref"] !== "string" || !node["$ref"].startsWith("#")) return undefined;
  let at: JsonValue | undefined = root;
  for (const token of pointerTokens(node["$ref"])) {
    if (isObject(at)) at = at[token];
    else if (Array.isArray(at) && /^\d+$/.test(token)) at = at[Number(token)];
    else return undefined;
  }
  return at;
}

/** Keywords holding one subschema / a list or map of subschemas (JSON Schema 2020-12 and earlier drafts). */
const ONE = ["additionalProperties", "items", "additionalItems", "contains", "not", "if", "then", "else", "propertyNames", "unevaluatedProperties", "unevaluatedItems"];
const LIST = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
const MAP = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/** The view of a JSON Schema value; paths are JSON Pointers under `prefix`. */
export function jsonView(root: JsonValue, prefix: string, locate: Locate): SchemaView {
  const records: RecordView[] = [];
  const seen = new Set<object>();
  const field = (name: string, schema: JsonValue, path: string): FieldView => {
    const target = resolveLocalRef(root, schema);
    const doc = (isObject(schema) ? text(schema["description"]) : undefined) ?? (isObject(target) ? text(target["description"]) : undefined);
    const line = locate(path);
    return {
      name,
      path,
      ...(line !== undefined ? { line } : {}),
      ...(doc !== undefined ? { doc } : {}),
      deprecated: isObject(schema) && schema["deprecated"] === true,
      hasDefault: isObject(schema) && "default" in schema,
      aliases: [],
    };
  };
  const walk = (node: JsonValue, path: string, depth: number): void => {
    if (!isObject(node) || seen.has(node) || depth > 256) return;
    seen.add(node);
    const props = node["properties"];
    if (isObject(props)) {
      const line = locate(path);
      const name = text(node["title"]);
      records.push({
        key: path.slice(prefix.length),
        ...(name !== undefined ? { name } : {}),
        path,
        ...(line !== undefined ? { line } : {}),
        ...(text(node["description"]) ? { doc: node["description"] as string } : {}),
        fields: Object.entries(props).map(([k, v]) => field(k, v, pointer(path, "properties", k))),
      });
    }
    for (const k of ONE) if (isObject(node[k])) walk(node[k], pointer(path, k), depth + 1);
    for (const k of LIST) {
      const list = node[k];
      if (Array.isArray(list)) list.forEach((s, i) => walk(s, pointer(path, k, i), depth + 1));
    }
    for (const k of MAP) {
      const map = node[k];
      if (isObject(map)) for (const [name, s] of Object.entries(map)) walk(s, pointer(path, k, name), depth + 1);
    }
  };
  walk(root, prefix, 0);
  // The event is the root schema: its own properties and those of its `allOf` members / local `$ref` targets.
  const rootKeys = new Set<string>([""]);
  const refKey = (ref: unknown): string | undefined => (typeof ref === "string" && ref.startsWith("#") ? pointer("", ...pointerTokens(ref)) : undefined);
  if (isObject(root)) {
    const own = refKey(root["$ref"]);
    if (own !== undefined) rootKeys.add(own);
    const members = Array.isArray(root["allOf"]) ? root["allOf"] : [];
    members.forEach((m, i) => {
      rootKeys.add(`/allOf/${i}`);
      const target = isObject(m) ? refKey(m["$ref"]) : undefined;
      if (target !== undefined) rootKeys.add(target);
    });
  }
  const roots = records.filter((r) => rootKeys.has(r.key));
  // Several parts describe one event: one record with all their fields, named by the first part with a title.
  const name = roots.find((r) => r.name !== undefined)?.name;
  const merged: RecordView[] = roots.length <= 1 ? roots : [{ ...roots[0]!, ...(name !== undefined ? { name } : {}), fields: roots.flatMap((r) => r.fields) }];
  return { source: { kind: "json", root, prefix }, records, roots: merged, lineOf: locate };
}

/** `/Outer/Inner` for a message full name in package `pkg`. */
function protoPath(prefix: string, file: ProtoFile, fullName: string): string {
  const relative = file.package !== "" && fullName.startsWith(file.package + ".") ? fullName.slice(file.package.length + 1) : fullName;
  return prefix + relative.split(".").map((s) => "/" + s).join("");
}

/**
 * The view of a linked Protobuf schema (its own file only). Events are the top-level messages no message of the
 * file uses as a field or option type (those are parts of events) and no service takes or returns (RPC
 * messages); when every one is used, the first. `lineOffset` is
 * added to lines (a `.proto` text embedded in an AsyncAPI document).
 */
export function protoView(linked: LinkedSchema, text: string, prefix: string, lineOffset: number): SchemaView {
  const file = linked.file;
  const lines = text.split("\n");
  const records: RecordView[] = [];
  for (const m of allMessages(file)) {
    const path = protoPath(prefix, file, m.fullName);
    const doc = protoComment(lines, m.pos.line);
    records.push({
      key: m.fullName,
      name: m.name,
      path,
      line: m.pos.line + lineOffset,
      ...(doc !== undefined ? { doc } : {}),
      proto: m,
      fields: m.fields.map((f): FieldView => {
        const fdoc = protoComment(lines, f.pos.line);
        const deprecated = findOption(f.options, "deprecated");
        return {
          name: f.name,
          path: `${path}/${f.name}`,
          line: f.pos.line + lineOffset,
          ...(fdoc !== undefined ? { doc: fdoc } : {}),
          deprecated: deprecated?.kind === "ident" && deprecated.text === "true",
          hasDefault: findOption(f.options, "default") !== undefined,
          aliases: [],
          proto: f,
        };
      }),
    });
  }
  const used = new Set<string>();
  for (const m of allMessages(file)) for (const f of m.fields) if (f.resolved?.kind === "message") used.add(f.resolved.fullName);
  for (const m of allMessages(file)) for (const f of m.fields) if (f.resolvedMapValue?.kind === "message") used.add(f.resolvedMapValue.fullName);
  // Extension fields (custom options) use messages too: those are option types, not events.
  for (const e of [...file.extends, ...allMessages(file).flatMap((m) => m.extends)]) for (const f of e.fields) if (f.resolved?.kind === "message") used.add(f.resolved.fullName);
  // RPC requests and responses are not events either.
  for (const svc of file.services) for (const m of svc.methods) for (const t of [m.resolvedInput, m.resolvedOutput]) if (t !== undefined) used.add(t);
  const top = file.messages.filter((m) => !m.isGroup);
  const events = top.filter((m) => !used.has(m.fullName));
  const chosen = new Set((events.length > 0 ? events : top.slice(0, 1)).map((m) => m.fullName));
  const byLine = (path: string): number | undefined => records.find((r) => r.path === path)?.line ?? records.flatMap((r) => r.fields).find((f) => f.path === path)?.line;
  return { source: { kind: "protobuf", linked, prefix, lineOffset }, records, roots: records.filter((r) => chosen.has(r.key)), lineOf: byLine };
}

/** A view of a standalone schema's events: its root records. */
function recordEvents(view: SchemaView): EventView[] {
  return view.roots.map((r) => ({
    key: r.key,
    kind: "record" as const,
    ...(r.name !== undefined ? { name: r.name } : {}),
    path: r.path,
    ...(r.line !== undefined ? { line: r.line } : {}),
    ...(r.doc !== undefined ? { doc: r.doc } : {}),
    fields: r.fields,
    payload: view,
  }));
}

/** The last path segment of a JSON Schema `$id`, without `.json`/`.schema.json`, as an event name. */
function nameFromId(root: JsonValue): string | undefined {
  if (!isObject(root) || typeof root["$id"] !== "string") return undefined;
  const segment = root["$id"].replace(/[#?].*$/, "").replace(/\/+$/, "").split("/").pop() ?? "";
  const name = segment.replace(/(\.schema)?\.json$/i, "");
  return name === "" ? undefined : name;
}

/** The view of one schema embedded in an AsyncAPI document (payload or headers), by its format. */
function embeddedView(schema: AsyncApiSchema | undefined, map: SourceMap): SchemaView | undefined {
  if (!schema) return undefined;
  const locate: Locate = (path) => map.locate(path)?.line;
  switch (schema.format) {
    case "json":
      return jsonView(schema.schema, schema.path, locate);
    case "avro": {
      const model = asAvroModel(schema.parsed?.model);
      return model ? avroView(model, schema.path, locate) : undefined;
    }
    case "protobuf": {
      const model = schema.parsed ? protobufModel(schema.parsed) : undefined;
      // A block scalar's text starts on the line after its key.
      return model ? protoView(model.linked, schema.text, schema.path, locate(schema.path) ?? 0) : undefined;
    }
    case "other":
      return undefined;
  }
}

/** The value at literal pointer `path` of `root`. */
function valueAt(root: JsonValue | undefined, path: string): JsonValue | undefined {
  let at: JsonValue | undefined = root;
  for (const token of pointerTokens(path)) {
    if (isObject(at)) at = at[token];
    else if (Array.isArray(at) && /^\d+$/.test(token)) at = at[Number(token)];
    else return undefined;
  }
  return at;
}

/**
 * Builds the {@link ContractView} of a parsed schema of any engine. Never throws for a schema its engine
 * parsed; a schema type without a view (none today) has no events.
 */
export function contractView(schema: ParsedSchema): ContractView {
  switch (schema.type) {
    case "AVRO": {
      const map = new SourceMap(schema.text);
      const locate: Locate = (path) => map.locate(path)?.line;
      const model = asAvroModel(schema.model);
      const view = model ? avroView(model, "", locate) : undefined;
      return { type: schema.type, events: view ? recordEvents(view) : [], schemas: new Map(view ? [["", view]] : []), channels: [], lineOf: locate };
    }
    case "JSON": {
      const map = new SourceMap(schema.text);
      const locate: Locate = (path) => map.locate(path)?.line;
      const model = asJsonSchemaModel(schema.model);
      const view = model ? jsonView(model.main.root, "", locate) : undefined;
      const events = view ? recordEvents(view) : [];
      const fallback = model ? nameFromId(model.main.root) : undefined;
      return {
        type: schema.type,
        events: events.map((e) => (e.name === undefined && fallback !== undefined ? { ...e, name: fallback } : e)),
        schemas: new Map(view ? [["", view]] : []),
        channels: [],
        lineOf: locate,
      };
    }
    case "PROTOBUF": {
      const model = protobufModel(schema);
      const view = model ? protoView(model.linked, schema.text, "", 0) : undefined;
      return { type: schema.type, events: view ? recordEvents(view) : [], schemas: new Map(view ? [["", view]] : []), channels: [], lineOf: (p) => view?.lineOf(p) };
    }
    case "ASYNCAPI": {
      const model = asAsyncApiModel(schema.model);
      const map = new SourceMap(schema.text);
      const locate: Locate = (path) => map.locate(path)?.line;
      if (!model) return { type: schema.type, events: [], schemas: new Map(), channels: [], lineOf: locate };
      const raw = readYamlOrJson(schema.text);
      const document = raw.ok ? raw.value : undefined;
      const schemas = new Map<string, SchemaView>();
      const events = new Map<string, EventView>();
      for (const m of model.messages) {
        const written = map.locate(m.path);
        let rawMessage = written ? valueAt(document, written.path) : undefined;
        // The located place may itself be a `$ref` (a channel's message pointing at components).
        for (let hops = 0; hops < 32 && document !== undefined && rawMessage !== undefined; hops++) {
          const target = resolveLocalRef(document, rawMessage);
          if (target === undefined) break;
          rawMessage = target;
        }
        const doc = isObject(rawMessage) ? (text(rawMessage["description"]) ?? text(rawMessage["summary"])) : undefined;
        const payload = embeddedView(m.payload, map);
        const headers = embeddedView(m.headers, map);
        if (payload) schemas.set(m.key, payload);
        const name = m.name ?? m.id;
        events.set(m.key, {
          key: m.key,
          kind: "message",
          name,
          path: m.path,
          ...(written ? { line: written.line } : {}),
          ...(doc !== undefined ? { doc } : {}),
          ...(payload && payload.roots.length > 0 ? { fields: payload.roots.flatMap((r) => r.fields) } : {}),
          ...(headers && headers.roots.length > 0 ? { headers: headers.roots.flatMap((r) => r.fields) } : {}),
          ...(payload ? { payload } : {}),
          ...(m.contentType !== undefined ? { contentType: m.contentType } : {}),
        });
      }
      const channels = model.channels.map((c): ChannelView => {
        const line = locate(c.path);
        return { id: c.id, path: c.path, ...(line !== undefined ? { line } : {}), address: c.address, events: c.messageKeys.map((k) => events.get(k)).filter((e): e is EventView => e !== undefined) };
      });
      // Places inside an embedded .proto text have their lines from the Protobuf view, not the YAML.
      const protoViews = [...schemas.values()].filter((v) => v.source.kind === "protobuf");
      const lineOf = (path: string): number | undefined => {
        for (const v of protoViews) if (path.startsWith(v.source.prefix + "/")) return v.lineOf(path) ?? locate(path);
        return locate(path);
      };
      return { type: schema.type, events: [...events.values()], schemas, channels, lineOf };
    }
  }
}

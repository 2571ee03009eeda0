import {
  readYamlOrJson,
  sha256Hex,
  sortedJson,
  type Format,
  type ParsedSchema,
  type Result,
  type ShapeLimits,
  type Violation,
} from "@charter/contracts/core";

/** What {@link ParsedSchema.model} holds for a registered AsyncAPI fragment. */
export interface AsyncApiFragmentModel {
  readonly kind: "asyncapi-fragment";
}

/** True when a parsed ASYNCAPI schema is a fragment (see {@link withAsyncApiFragments}), not a document. */
export function isAsyncApiFragment(parsed: ParsedSchema): boolean {
  const model = parsed.model as Partial<AsyncApiFragmentModel> | null;
  return parsed.type === "ASYNCAPI" && typeof model === "object" && model !== null && model.kind === "asyncapi-fragment";
}

/**
 * Top-level keys only a whole AsyncAPI document has: a mapping with one of them but without `asyncapi` is a
 * broken document (the engine's "not an AsyncAPI document" error), not a fragment.
 */
const DOCUMENT_KEYS = ["asyncapi", "info", "channels", "operations"];


/**
 * Parses `text` as an AsyncAPI fragment: a non-empty YAML/JSON mapping that has none of the top-level keys of a
 * document ({@link DOCUMENT_KEYS}). `undefined` when the text is not one (the document engine then answers).
 */
function parseFragment(text: string, references: ParsedSchema["references"], limits: ShapeLimits): Result<ParsedSchema> | undefined {
  const read = readYamlOrJson(text, limits);
  // Too deep or too large: the engine answers the same (its reader applies the same limits).
  if (!read.ok) return undefined;
  const value = read.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0 || keys.some((k) => DOCUMENT_KEYS.includes(k))) return undefined;
  const canonical = sortedJson(value);
  const model: AsyncApiFragmentModel = { kind: "asyncapi-fragment" };
  return { ok: true, value: { type: "ASYNCAPI", text, canonical, fingerprint: sha256Hex(canonical), references, model } };
}

const KIND_CHANGED = (from: string, to: string): Violation => ({
  rule: "ASYNCAPI_KIND_CHANGED",
  path: "",
  message: `an AsyncAPI ${from} cannot be replaced by an AsyncAPI ${to}`,
});

/**
 * The ASYNCAPI engine as the registry uses it: also accepts **fragments**, the files multi-file documents
 * `$ref` (`../common/messages.yaml`: message, schema, parameter or server objects keyed by name, or a trait).
 * A fragment is a non-empty YAML/JSON mapping without any of the top-level keys that make a document
 * (`asyncapi`, `info`, `channels`, `operations`; `components` is allowed); its identity is its keys-sorted JSON, its
 * text is kept byte for byte. It is validated only as YAML/JSON and for depth: what it means depends on the
 * document that references it, and is validated when that document registers (an invalid message in a fragment
 * makes the referencing document fail with 42201).
 *
 * Compatibility: fragment vs fragment is always compatible — a fragment has no direction of its own (the same
 * message may be sent by one service and received by another); a document registering against a new fragment
 * version is checked, direction-aware, in its own subject. A fragment replacing a document or the reverse is
 * incompatible (`ASYNCAPI_KIND_CHANGED`). Everything else is the wrapped engine's.
 */
export function withAsyncApiFragments(engine: Format): Format {
  return {
    ...engine,
    parse: async (text, options) => {
      const fragment = parseFragment(text, options?.references ?? [], { maxDepth: options?.maxDepth, maxNodes: options?.maxNodes });
      return fragment ?? engine.parse(text, options);
    },
    compatibility: (reader, writer, options) => {
      const r = isAsyncApiFragment(reader);
      const w = isAsyncApiFragment(writer);
      if (r && w) return [];
      if (r !== w) return [KIND_CHANGED(w ? "fragment" : "document", r ? "fragment" : "document")];
      return engine.compatibility(reader, writer, options);
    },
    validate: (schema, value, options) =>
      isAsyncApiFragment(schema)
        ? [{ rule: "NOT_ASYNCAPI", path: "", message: "an AsyncAPI fragment has no messages of its own to validate against" }]
        : engine.validate(schema, value, options),
  };
}

/** Wraps an engine lookup so that ASYNCAPI resolves to {@link withAsyncApiFragments} of its engine. */
export function withAsyncApiFragmentLookup(lookup: (type: string) => Format | undefined): (type: string) => Format | undefined {
  const cache = new Map<Format, Format>();
  return (type) => {
    const engine = lookup(type);
    if (engine === undefined || engine.type !== "ASYNCAPI") return engine;
    let wrapped = cache.get(engine);
    if (wrapped === undefined) {
      wrapped = withAsyncApiFragments(engine);
      cache.set(engine, wrapped);
    }
    return wrapped;
  };
}

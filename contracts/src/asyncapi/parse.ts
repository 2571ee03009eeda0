// First: makes Spectral compile its validators when used, not when loaded (spectral-fast-start.ts).
import "./spectral-fast-start.js";
import { posix } from "node:path";
import { Parser, type Diagnostic, type ParseOptions as ParserParseOptions } from "@asyncapi/parser";
import { fail, ok, type ContractError, type Result } from "../errors.js";
import type { ParsedSchema, ParseOptions, SchemaType } from "../format.js";
import { pointer, sha256Hex, sortedJson, type JsonValue } from "../json-text.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { readYamlOrJson } from "../yaml-text.js";
import { findInvalidPattern } from "../json-schema/patterns.js";
import { buildAsyncApiModel } from "./build-model.js";
import { defaultEngines, type EngineLookup } from "./engines.js";
import type { AsyncApiMessage, AsyncApiModel, AsyncApiParsedModel, AsyncApiSchema, PayloadFormat } from "./model.js";
import { cachedValidationRuleset, type ParserRuleset } from "./parser-ruleset.js";
import { usePrecompiledPayloadValidators } from "./precompiled-schema-parser.js";
import { SPEC_VALIDATORS_DIR } from "./spec-validators.js";
import { referenceResolvers, VIRTUAL_SOURCE } from "./reference-resolver.js";
import { checkResolvedShape, findRefLoop } from "./ref-graph.js";
import { lazyAvroSchemaParser, lazyProtobufSchemaParser } from "./lazy-schema-parsers.js";
import { safeExampleRuleset } from "./safe-rules.js";
import { SourceMap } from "./source-map.js";

/** Options for {@link parseAsyncApi}. */
export interface AsyncApiParseOptions extends ParseOptions {
  /**
   * Engines for payload schemas. Default: the build's engines (`getFormat`), loaded lazily because
   * `formats.ts` itself imports this engine.
   */
  readonly engines?: EngineLookup;
}

/** The engine type that reads each payload format; `other` has none. */
export const ENGINE_OF: Readonly<Record<PayloadFormat, SchemaType | undefined>> = {
  json: "JSON",
  avro: "AVRO",
  protobuf: "PROTOBUF",
  other: undefined,
};

let sharedParser: { parser: Parser; ruleset: ParserRuleset } | undefined;

/**
 * One parser for the process, with the Avro and Protobuf schema parsers registered (loaded on first use) so those
 * payloads parse, and the specification schema compiled once for the process instead of once per parse
 * (`parser-ruleset.ts`), and the rules that check examples and defaults running their regexes safely
 * (`safe-rules.ts`): `ruleset` is what every parse passes (a parse with custom resolvers builds its own Spectral
 * instance from the parse options).
 */
function asyncApiParser(): { parser: Parser; ruleset: ParserRuleset } {
  if (!sharedParser) {
    const parser = new Parser({ ruleset: cachedValidationRuleset() });
    parser.registerSchemaParser(lazyAvroSchemaParser());
    parser.registerSchemaParser(lazyProtobufSchemaParser());
    usePrecompiledPayloadValidators(parser, SPEC_VALIDATORS_DIR);
    const rules = { ...(cachedValidationRuleset() as { rules: object }).rules, ...safeExampleRuleset(parser).rules };
    sharedParser = { parser, ruleset: { rules } as unknown as ParserRuleset };
  }
  return sharedParser;
}

/** `["channels", "a/b", 0]` → `/channels/a~1b/0`. */
function toPointer(path: ReadonlyArray<string | number>): string {
  return path.map((t) => "/" + String(t).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/** A parser diagnostic as a {@link ContractError}: 1-based line/column (the parser's `range` is 0-based). */
function diagnosticError(d: Diagnostic, code: ContractError["code"], extra = ""): ContractError {
  const inMain = d.source === undefined || d.source === VIRTUAL_SOURCE;
  const where = inMain ? "" : ` (in ${String(d.source)})`;
  return {
    code,
    // The parser puts the stack of an exception it caught into the message: internals, never for the client.
    message: `${d.message.replace(/,? stack: [\s\S]*$/, "")}${where}${extra}`,
    path: toPointer(d.path),
    ...(inMain ? { line: d.range.start.line + 1, column: d.range.start.character + 1 } : {}),
  };
}

/**
 * The pointer of the first `$ref` in `doc` naming one of `targets` (an absolute URL, or a path relative to
 * the document as `referenceResolvers` reports it), fragment ignored; `undefined` when none does.
 */
function findRef(doc: JsonValue, targets: readonly string[]): string | undefined {
  const stack: Array<[JsonValue, string]> = [[doc, ""]];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (!Array.isArray(v) && typeof v["$ref"] === "string") {
      const target = v["$ref"].split("#")[0]!;
      const relative = posix.normalize(target);
      if (target !== "" && targets.some((t) => t === target || t === relative)) return pointer(at, "$ref");
    }
    const children: Array<[string | number, JsonValue]> = Array.isArray(v) ? v.map((c, i) => [i, c]) : Object.entries(v);
    for (const [k, c] of children.reverse()) stack.push([c, pointer(at, k)]);
  }
  return undefined;
}

/** Parses one payload/headers/key schema with the engine of its format; records why when it cannot. */
async function withEngine(schema: AsyncApiSchema | undefined, engines: EngineLookup): Promise<AsyncApiSchema | undefined> {
  if (!schema) return undefined;
  const type = ENGINE_OF[schema.format];
  const engine = type ? engines(type) : undefined;
  if (!engine) return schema;
  try {
    const parsed = await engine.parse(schema.text);
    return parsed.ok ? { ...schema, parsed: parsed.value } : { ...schema, error: parsed.error };
  } catch (e) {
    return { ...schema, error: { code: "SCHEMA_INVALID", message: `engine ${type} failed: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

/** The engines the message schemas of `model` need, each once. */
function payloadEngineTypes(model: AsyncApiModel): SchemaType[] {
  const types = new Set<SchemaType>();
  for (const m of model.messages) {
    for (const schema of [m.payload, m.headers, m.kafkaKey]) {
      const type = schema !== undefined ? ENGINE_OF[schema.format] : undefined;
      if (type !== undefined) types.add(type);
    }
  }
  return [...types];
}

/** The model with every message schema parsed by its engine, where one is available. */
export async function attachEngines(model: AsyncApiModel, engines: EngineLookup): Promise<AsyncApiModel> {
  const messages: AsyncApiMessage[] = [];
  for (const m of model.messages) {
    const [payload, headers, kafkaKey] = await Promise.all([withEngine(m.payload, engines), withEngine(m.headers, engines), withEngine(m.kafkaKey, engines)]);
    messages.push({ ...m, ...(payload ? { payload } : {}), ...(headers ? { headers } : {}), ...(kafkaKey ? { kafkaKey } : {}) });
  }
  return { ...model, messages };
}

/**
 * The first JSON Schema regex (`pattern`, `patternProperties` key) in a message schema of `model` that is not a
 * valid ECMA-262 regex or cannot run safely, as `SCHEMA_INVALID` at its pointer in the document: such a schema
 * is invalid, even where the payload engine would only record it as refused.
 */
function invalidPayloadPattern(model: AsyncApiModel, maxPatternLength: number | undefined): ContractError | undefined {
  for (const m of model.messages) {
    for (const schema of [m.payload, m.headers, m.kafkaKey]) {
      if (schema?.format !== "json") continue;
      const error = findInvalidPattern(schema.schema, maxPatternLength);
      if (error !== undefined) return { ...error, path: schema.path + (error.path ?? "") };
    }
  }
  return undefined;
}

/**
 * Parses an AsyncAPI 2.x or 3.x document (YAML or JSON) with @asyncapi/parser (Avro and Protobuf schema
 * parsers registered) and returns it as an ASYNCAPI {@link ParsedSchema}:
 * - `canonical`: the document as written, as JSON with keys sorted at every level (so the YAML and JSON
 *   spellings of one document share it); `fingerprint`: its SHA-256. References are not inlined (as with
 *   Confluent, they are separate subjects).
 * - `model`: {@link AsyncApiParsedModel} — the {@link AsyncApiModel} with payloads parsed by their engines.
 * Relative and absolute `$ref`s to other files are answered only from `options.references` (see
 * `referenceResolvers`); nothing is read from disk or network.
 * Errors: `SCHEMA_SYNTAX` (not YAML/JSON), `SCHEMA_TOO_DEEP` (nesting past `maxDepth`, default 256),
 * `SCHEMA_INVALID` (not an AsyncAPI document, or the parser's first error diagnostic, with JSON Pointer, line
 * and column), `REFERENCE_UNRESOLVED` (a `$ref` no reference provides; remote ones are never fetched).
 */
export async function parseAsyncApi(text: string, options: AsyncApiParseOptions = {}): Promise<Result<ParsedSchema>> {
  const shape = { maxDepth: options.maxDepth, maxNodes: options.maxNodes };
  const raw = readYamlOrJson(text, shape);
  if (!raw.ok) return raw;
  const doc = raw.value;
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || typeof doc["asyncapi"] !== "string") {
    return fail("SCHEMA_INVALID", "Not an AsyncAPI document: the `asyncapi` version field is missing", { path: "/asyncapi" });
  }
  const loop = findRefLoop(doc);
  if (loop !== undefined) {
    const location = new SourceMap(text).locate(loop.path ?? "");
    return { ok: false, error: { ...loop, ...(location ? { path: location.path, line: location.line } : {}) } };
  }
  const resolvedTooLarge = checkResolvedShape(doc, options.maxDepth ?? DEFAULT_LIMITS.maxDepth, options.maxNodes ?? DEFAULT_LIMITS.maxNodes);
  if (resolvedTooLarge !== undefined) return { ok: false, error: resolvedTooLarge };
  const references = options.references ?? [];
  for (const r of references) {
    const read = readYamlOrJson(r.schema, shape);
    if (!read.ok) return fail(read.error.code, `Reference ${r.name}: ${read.error.message}`, { ...(read.error.line ? { line: read.error.line } : {}) });
    const refLoop = findRefLoop(read.value);
    if (refLoop !== undefined) return fail(refLoop.code, `Reference ${r.name}: ${refLoop.message} (at ${refLoop.path ?? ""})`);
  }
  const { resolvers, unresolved } = referenceResolvers(references);
  let output;
  try {
    const { parser, ruleset } = asyncApiParser();
    output = await parser.parse(text, {
      source: VIRTUAL_SOURCE,
      // The resolver makes the parser build a Spectral instance per parse from these options: give it the ruleset too.
      validateOptions: { ruleset } as NonNullable<ParserParseOptions["validateOptions"]>,
      __unstable: { resolver: { resolvers: [...resolvers] } },
    });
  } catch (e) {
    return fail("SCHEMA_INVALID", `AsyncAPI parser failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const errors = output.diagnostics.filter((d) => d.severity === 0);
  if (unresolved.length > 0) {
    const at = errors.find((d) => d.code === "invalid-ref") ?? errors[0];
    const names = [...new Set(unresolved)];
    const remote = names.filter((n) => /^https?:/i.test(n));
    const message =
      `$ref target(s) not provided: ${names.join(", ")}` +
      (remote.length > 0 ? " (remote references are never fetched; pass them as references)" : "");
    const written = findRef(doc, names);
    const location = written ? new SourceMap(text).locate(written) : undefined;
    if (location) return fail("REFERENCE_UNRESOLVED", message, { path: location.path, line: location.line });
    return { ok: false, error: at ? { ...diagnosticError(at, "REFERENCE_UNRESOLVED"), message } : { code: "REFERENCE_UNRESOLVED", message } };
  }
  const refErrors = errors.filter((d) => d.code === "invalid-ref");
  if (refErrors.length > 0) {
    // Every unresolved `$ref` at once, each with its line, so one run shows all that needs fixing.
    const each = refErrors.map((d) => diagnosticError(d, "REFERENCE_UNRESOLVED"));
    const listed = [...new Set(each.map((e) => `${e.message}${e.line !== undefined ? ` (line ${e.line})` : ` (at ${e.path ?? ""})`}`))];
    const others = errors.length - refErrors.length;
    const rest = others > 0 ? ` (and ${others} other problem${others > 1 ? "s" : ""})` : "";
    const message = listed.length > 1 ? `${listed.length} $refs cannot be resolved: ${listed.join("; ")}${rest}` : `${each[0]!.message}${rest}`;
    return { ok: false, error: { ...each[0]!, message } };
  }
  if (!output.document || errors.length > 0) {
    const first = errors[0];
    if (!first) return fail("SCHEMA_INVALID", "AsyncAPI parser returned no document");
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    return { ok: false, error: diagnosticError(first, first.code === "invalid-ref" ? "REFERENCE_UNRESOLVED" : "SCHEMA_INVALID", more) };
  }
  const built = buildAsyncApiModel(output.document.json());
  if (!built.ok) return built;
  const badPattern = invalidPayloadPattern(built.value, options.maxPatternLength);
  if (badPattern !== undefined) {
    const location = new SourceMap(text).locate(badPattern.path ?? "");
    return { ok: false, error: { ...badPattern, ...(location ? { path: location.path, line: location.line } : {}) } };
  }
  const model = await attachEngines(built.value, options.engines ?? (await defaultEngines(payloadEngineTypes(built.value))));
  const canonical = sortedJson(doc);
  const parsed: AsyncApiParsedModel = { kind: "asyncapi", model };
  return ok({ type: "ASYNCAPI", text, canonical, fingerprint: sha256Hex(canonical), references, model: parsed });
}

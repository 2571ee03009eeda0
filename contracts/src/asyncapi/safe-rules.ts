/**
 * @asyncapi/parser checks AsyncAPI 2.x examples and defaults against their schemas with Spectral's own ajv, which
 * runs a document's `pattern` regexes on V8's backtracking engine: one `pattern: ^(a+)+$` and an example
 * `aaaa…!` stall the parse for seconds to years. These rules replace the functions of the four rules that do so
 * (same names, `given` paths, messages and severities; only `then.function` changes) with the same checks on an
 * ajv whose regexes run through `safe-regex.ts`.
 */
// Before the parser's modules: spectral-fast-start.ts.
import "./spectral-fast-start.js";
import type { Parser } from "@asyncapi/parser";
import { getDefaultSchemaFormat, getSchemaFormat, parseSchema } from "@asyncapi/parser/cjs/schema-parser/index.js";
import { v2CoreRuleset, v2RecommendedRuleset, v2SchemasRuleset } from "@asyncapi/parser/cjs/ruleset/v2/ruleset.js";
import { createDetailedAsyncAPI } from "@asyncapi/parser/cjs/utils.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import { createCompiler, type SchemaCompiler } from "../json-schema/ajv-factory.js";

type PathSegment = string | number;
/** The parser as the CommonJS build (which Node loads for `@asyncapi/parser`) types it. */
type CjsParser = Parameters<typeof parseSchema>[0];

/** A Spectral rule function's result. */
interface RuleResult {
  message: string;
  path: PathSegment[];
}

/** The part of Spectral's rule-function context these functions use. */
interface RuleContext {
  readonly path: PathSegment[];
  readonly document: { readonly data: unknown; readonly source?: string | null; readonly __parserInput?: unknown };
  readonly documentInventory: object;
}

type RuleFunction = (target: unknown, options: unknown, context: RuleContext) => RuleResult[] | void | Promise<RuleResult[] | void>;

// One ajv per document (Spectral's own scheme): compiled schemas die with the document.
const compilers = new WeakMap<object, { ajv: SchemaCompiler; compiled: WeakMap<object, ValidateFunction> }>();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pointerSegments(instancePath: string): PathSegment[] {
  return instancePath === "" ? [] : instancePath.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function describe(e: ErrorObject): string {
  const at = e.instancePath === "" ? "" : `"${pointerSegments(e.instancePath).at(-1)}" property `;
  const detail = e.keyword === "pattern" || e.keyword === "enum" || e.keyword === "const" ? ` ${JSON.stringify(e.params).slice(0, 200)}` : "";
  return `${at}${e.message ?? e.keyword}${detail}`;
}

/**
 * Spectral's `schema` function (validate `value` against `schema`, one result per ajv error, at `path` plus
 * the error's instance path), on a draft-07 ajv with safe regexes, non-Unicode regexes (as Spectral's), and all
 * errors. A schema that does not compile is one result carrying ajv's message.
 */
function validateSafely(value: unknown, schema: unknown, path: PathSegment[], context: RuleContext): RuleResult[] {
  if (!isObject(schema) && typeof schema !== "boolean") return [];
  let entry = compilers.get(context.documentInventory);
  if (entry === undefined) {
    entry = { ajv: createCompiler("draft-07", { unicodeRegExp: false, validateSchema: false }), compiled: new WeakMap() };
    compilers.set(context.documentInventory, entry);
  }
  try {
    // A boolean schema: Spectral reads `true` as `{}` and `false` as `{not: {}}`.
    const key = isObject(schema) ? schema : schema ? {} : { not: {} };
    let validate = entry.compiled.get(key);
    if (validate === undefined) {
      validate = entry.ajv.compile(key);
      entry.compiled.set(key, validate);
    }
    if (validate(value) !== false) return [];
    return (validate.errors ?? []).map((e) => ({ message: describe(e), path: [...path, ...pointerSegments(e.instancePath)] }));
  } catch (e) {
    return [{ message: e instanceof Error ? e.message : String(e), path }];
  }
}

/** The schema Spectral checks a message example against: `true`/absent mean anything (headers: an object). */
function exampleSchema(schema: unknown, type: "payload" | "headers"): unknown {
  if (schema === undefined || schema === null) return type === "headers" ? { type: "object" } : {};
  return schema;
}

function examplesOf(message: Record<string, unknown>): Array<{ path: PathSegment[]; value: Record<string, unknown> }> {
  const examples = message["examples"];
  if (!Array.isArray(examples)) return [];
  return examples.flatMap((value, index) => (isObject(value) ? [{ path: ["examples", index], value }] : []));
}

/** `asyncapi2-message-examples`: message examples against the message's payload and headers schemas. */
const messageExamples: RuleFunction = (target, _options, context) => {
  if (!isObject(target)) return [];
  const results: RuleResult[] = [];
  for (const { path, value } of examplesOf(target)) {
    if (value["payload"] !== undefined) {
      results.push(...validateSafely(value["payload"], exampleSchema(target["payload"], "payload"), [...context.path, ...path, "payload"], context));
    }
    if (value["headers"] !== undefined) {
      results.push(...validateSafely(value["headers"], exampleSchema(target["headers"], "headers"), [...context.path, ...path, "headers"], context));
    }
  }
  return results;
};

/**
 * `asyncapi2-message-examples-custom-format`: the same for messages with a `schemaFormat` (Avro, Protobuf …),
 * their payload first converted by the parser's schema parser as the original rule does.
 */
function messageExamplesCustomFormat(parser: Parser): RuleFunction {
  return async (target, _options, context) => {
    if (!isObject(target) || target["examples"] === undefined || target["payload"] === undefined) return [];
    const data = context.document.data as { asyncapi: string };
    const payloadPath = [...context.path, "payload"];
    let payload: unknown;
    try {
      payload = await parseSchema(parser as unknown as CjsParser, {
        asyncapi: createDetailedAsyncAPI(data as never, context.document.__parserInput as never, context.document.source ?? undefined),
        data: target["payload"],
        meta: {},
        path: payloadPath,
        schemaFormat: getSchemaFormat(target["schemaFormat"] as string | undefined, data.asyncapi),
        defaultSchemaFormat: getDefaultSchemaFormat(data.asyncapi),
      });
    } catch (e) {
      return [{ message: `Error thrown during schema validation. Name: ${e instanceof Error ? e.name : "Error"}, message: ${e instanceof Error ? e.message : String(e)}`, path: payloadPath }];
    }
    const results: RuleResult[] = [];
    for (const { path, value } of examplesOf(target)) {
      if (value["payload"] !== undefined) results.push(...validateSafely(value["payload"], payload, [...context.path, ...path, "payload"], context));
    }
    return results;
  };
}

/** `asyncapi2-schema-default` / `asyncapi2-schema-examples`: a schema's `default` / `examples` against the schema itself. */
function schemaValues(type: "default" | "examples"): RuleFunction {
  return (target, _options, context) => {
    if (!isObject(target)) return [];
    const items: Array<{ path: PathSegment[]; value: unknown }> =
      type === "default"
        ? [{ path: ["default"], value: target["default"] }]
        : Array.isArray(target["examples"])
          ? target["examples"].map((value, i) => ({ path: ["examples", i], value }))
          : [];
    return items.flatMap(({ path, value }) => validateSafely(value, target, [...context.path, ...path], context));
  };
}

/** The rules replaced, with their safe functions. */
const REPLACED: ReadonlyArray<[name: string, function: (parser: Parser) => RuleFunction]> = [
  ["asyncapi2-message-examples", () => messageExamples],
  ["asyncapi2-message-examples-custom-format", messageExamplesCustomFormat],
  ["asyncapi2-schema-default", () => schemaValues("default")],
  ["asyncapi2-schema-examples", () => schemaValues("examples")],
];

/**
 * The ruleset option for `new Parser({ ruleset })`: the parser's own rulesets (core and recommended, still
 * extended by the parser) with the four example/default rules redefined from the parser's own definitions
 * (`given`, message, severity, formats) with only `then.function` replaced by a safe one.
 */
export function safeExampleRuleset(parser: Parser): { rules: Record<string, object> } {
  const own: Record<string, { then: object }> = { ...v2CoreRuleset.rules, ...v2RecommendedRuleset.rules, ...v2SchemasRuleset(parser as unknown as CjsParser).rules } as never;
  const rules: Record<string, object> = {};
  for (const [name, safe] of REPLACED) {
    const rule = own[name];
    if (rule === undefined) throw new Error(`@asyncapi/parser has no rule ${name} any more: review safe-rules.ts`);
    rules[name] = { ...rule, then: { function: safe(parser) } };
  }
  return { rules };
}

import { Composer, LineCounter, Parser, type CST } from "yaml";
import { fail, ok, type ContractError, type Result } from "./errors.js";
import { checkJsonShape, type JsonValue, type ShapeLimits } from "./json-text.js";
import { DEFAULT_LIMITS } from "./limits.js";

/**
 * `SCHEMA_TOO_DEEP` when the YAML syntax tree of one document nests collections deeper than `maxDepth` or
 * holds more than `maxNodes` nodes. Walks yaml's concrete syntax tree (which yaml's own parser builds without
 * recursion) without recursing either, so it runs before anything that recurses per level (yaml's composer,
 * @asyncapi/parser's YAML reader): a deep document never gets near the end of the stack, where V8 may abort the
 * whole process — workers included — when it compiles a regular expression instead of throwing.
 */
function checkSyntaxTree(document: CST.Document, limits: ShapeLimits): ContractError | undefined {
  const maxDepth = limits.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const maxNodes = limits.maxNodes ?? DEFAULT_LIMITS.maxNodes;
  let nodes = 0;
  const stack: Array<[CST.Token, number]> = document.value === undefined ? [] : [[document.value, 1]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (++nodes > maxNodes) return { code: "SCHEMA_TOO_DEEP", message: `YAML/JSON document holds more than the maximum of ${maxNodes} values` };
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    if (depth > maxDepth) return { code: "SCHEMA_TOO_DEEP", message: `YAML/JSON nesting exceeds the maximum depth of ${maxDepth}` };
    for (const item of token.items) {
      if ("key" in item && item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Reads YAML or JSON text (one document) into a JSON value: `SCHEMA_SYNTAX` with the position of the first
 * error; `SCHEMA_TOO_DEEP` when it nests deeper than `limits.maxDepth` (default 256) or holds more than
 * `limits.maxNodes` values (default 500,000), checked on the syntax tree before any recursive step and again on
 * the value (aliases can deepen it; at most 100 alias expansions are allowed, against "billion laughs").
 */
export function readYamlOrJson(text: string, limits: ShapeLimits = {}): Result<JsonValue> {
  const lines = new LineCounter();
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  for (const token of tokens) {
    if (token.type !== "document") continue;
    const tooLarge = checkSyntaxTree(token, limits);
    if (tooLarge !== undefined) return { ok: false, error: tooLarge };
  }
  const documents = Array.from(new Composer({ prettyErrors: false }).compose(tokens, true, text.length));
  const doc = documents[0];
  if (doc === undefined) return ok(null);
  if (documents.length > 1) return fail("SCHEMA_SYNTAX", "Invalid YAML/JSON: the text holds more than one document", lineOf(lines, documents[1]!.range[0]));
  const first = doc.errors[0];
  if (first) return fail("SCHEMA_SYNTAX", `Invalid YAML/JSON: ${first.message.split("\n")[0]}`, lineOf(lines, first.pos[0]));
  try {
    const value = doc.toJS({ maxAliasCount: 100 }) as JsonValue | undefined;
    const tooLarge = checkJsonShape(value ?? null, limits, "YAML/JSON document");
    if (tooLarge !== undefined) return { ok: false, error: tooLarge };
    // Round trip through JSON: YAML-only values (non-string keys, Infinity) become their JSON spelling.
    return ok(JSON.parse(JSON.stringify(value ?? null)) as JsonValue);
  } catch (e) {
    return fail("SCHEMA_SYNTAX", `Invalid YAML/JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function lineOf(lines: LineCounter, offset: number): { line: number; column: number } {
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

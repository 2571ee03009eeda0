import { createHash } from "node:crypto";
import { fail, ok, type ContractError, type Result } from "./errors.js";
import { DEFAULT_LIMITS } from "./limits.js";

/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Default for {@link ParseJsonOptions.maxDepth}: {@link DEFAULT_LIMITS}`.maxDepth` (256). */
export const DEFAULT_MAX_DEPTH = DEFAULT_LIMITS.maxDepth;

/** How large a document may be: nesting depth and number of values (see `limits.ts`). */
export interface ShapeLimits {
  /** Deepest array/object nesting accepted; the top-level value is depth 1. Default 256. */
  readonly maxDepth?: number | undefined;
  /** Most values (arrays, objects, scalars) accepted. Default 500,000. */
  readonly maxNodes?: number | undefined;
}

/** Options for {@link parseJson}. */
export type ParseJsonOptions = ShapeLimits;

/**
 * `SCHEMA_TOO_DEEP` when `value` nests deeper than `limits.maxDepth` or holds more than `limits.maxNodes`
 * values, else undefined. Walks without recursion and stops at the first limit passed, so hostile input costs
 * at most one bounded walk. `what` names the document in the message.
 */
export function checkJsonShape(value: JsonValue, limits: ShapeLimits = {}, what = "JSON"): ContractError | undefined {
  const maxDepth = limits.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const maxNodes = limits.maxNodes ?? DEFAULT_LIMITS.maxNodes;
  let nodes = 0;
  const stack: Array<[JsonValue, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (++nodes > maxNodes) return { code: "SCHEMA_TOO_DEEP", message: `${what} holds more than the maximum of ${maxNodes} values` };
    if (v === null || typeof v !== "object") continue;
    if (d > maxDepth) return { code: "SCHEMA_TOO_DEEP", message: `${what} nesting exceeds the maximum depth of ${maxDepth}` };
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return undefined;
}

/**
 * Parses JSON text, returning `SCHEMA_SYNTAX` with a 1-based line and column when V8 reports the position,
 * and `SCHEMA_TOO_DEEP` when arrays/objects nest deeper than `maxDepth` or hold more than `maxNodes` values.
 * (V8's `JSON.parse` does not recurse, so any depth parses before the check.)
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): Result<JsonValue> {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset = position !== undefined ? Number(position) : /Unexpected end/.test(message) ? text.length : syntaxErrorOffset(text);
    return fail("SCHEMA_SYNTAX", `Invalid JSON: ${message}`, offset === undefined ? {} : lineColumn(text, offset));
  }
  const tooLarge = checkJsonShape(value, options);
  return tooLarge === undefined ? ok(value) : { ok: false, error: tooLarge };
}

/**
 * Depth of a JSON value (scalars 0, `[]`/`{}` 1, …), computed without recursion; stops counting once past
 * `limit` so hostile input costs at most one walk.
 */
export function jsonDepth(value: JsonValue, limit = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: Array<[JsonValue, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === "object") stack.push([child, d + 1]);
    }
  }
  return max;
}

/** 1-based line and column of a 0-based character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Lowercase hex SHA-256 of a UTF-8 string: the fingerprint of a canonical form. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** JSON Pointer escaping of one reference token (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The reference tokens of a URI fragment holding a JSON Pointer (`#/a/b~1c` → `["a", "b/c"]`; `#` → `[]`),
 * percent-decoded and unescaped (RFC 6901 §6), or undefined when its percent-encoding is malformed.
 */
export function fragmentTokens(fragment: string): string[] | undefined {
  const body = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (body === "") return [];
  const tokens: string[] = [];
  for (const raw of body.slice(1).split("/")) {
    try {
      tokens.push(decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~"));
    } catch {
      return undefined;
    }
  }
  return tokens;
}

/** Joins a JSON Pointer and more tokens: `pointer("/a", "b/c", 0)` → `/a/b~1c/0`. */
export function pointer(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((t) => "/" + pointerToken(t)).join("");
}

/** Deepest nesting {@link syntaxErrorOffset} scans. */
const SCAN_DEPTH = 1024;
const TOO_DEEP = Symbol("too deep");

/**
 * 0-based offset of the first JSON syntax error in `text` (RFC 8259), for the V8 messages that give none
 * (`Unexpected token '}', "…" is not valid JSON`); `undefined` when the scanner finds no error or the text
 * nests deeper than {@link SCAN_DEPTH} (the scanner recurses; it never runs near the stack's end, where V8 can
 * abort the process compiling a regular expression instead of throwing).
 */
export function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  let depth = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i++] !== ch) return void (i--, fail());
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 0x20) fail();
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === "u") {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) return void ((i += k), fail());
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
    fail();
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === "" || m[0] === "-") fail();
    i += m![0].length;
  };
  const value = (): void => {
    if (++depth > SCAN_DEPTH) throw TOO_DEEP;
    oneValue();
    depth--;
  };
  const oneValue = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (e) {
    return typeof e === "number" ? e : undefined; // too deep to scan: no position
  }
}

/**
 * Compact JSON with object keys sorted by UTF-16 code units at every level (arrays keep their order), so equal
 * values have equal text whatever their key order: the building block of the engines' canonical forms.
 */
export function sortedJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k] as JsonValue)}`).join(",")}}`;
}

import type { ContractError } from "../errors.js";
import { fragmentTokens, pointer, type JsonValue } from "../json-text.js";

/** Longest chain of `$ref`s to `$ref`s followed before calling it a loop. */
const MAX_CHAIN = 256;

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a local `$ref` (`#/a/b~1c`), without following `$ref`s on the way; undefined when absent. */
function at(doc: JsonValue, ref: string): JsonValue | undefined {
  let node: JsonValue | undefined = doc;
  for (const token of fragmentTokens(ref) ?? [undefined]) {
    if (token === undefined) return undefined;
    if (Array.isArray(node)) node = /^(0|[1-9]\d*)$/.test(token) ? node[Number(token)] : undefined;
    else if (isObject(node)) node = Object.hasOwn(node, token) ? node[token] : undefined;
    else return undefined;
  }
  return node;
}

/** The local `$ref` of a reference object (`{"$ref": "#/…"}`), else undefined. */
function localRef(value: JsonValue | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const ref = value["$ref"];
  return typeof ref === "string" && ref.startsWith("#") ? ref : undefined;
}

/**
 * A chain of local `$ref`s that only ever points at other `$ref`s and comes back to itself (`a` → `b` → `a`, or
 * `a` → `a`), as `SCHEMA_INVALID` at the first `$ref` of the loop; undefined when there is none. Such a chain
 * resolves to nothing (recursive schemas, whose `$ref` sits inside a real schema, are not loops), and
 * @asyncapi/parser never returns on one when given a `source`. Walks the document once without recursion.
 */
export function findRefLoop(doc: JsonValue): ContractError | undefined {
  const stack: Array<[JsonValue, string]> = [[doc, ""]];
  const settled = new Set<string>(); // refs known to end somewhere
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (Array.isArray(node)) {
      node.forEach((child, i) => stack.push([child, pointer(path, i)]));
      continue;
    }
    if (!isObject(node)) continue;
    const start = localRef(node);
    if (start !== undefined && !settled.has(start)) {
      const chain: string[] = [];
      let ref: string | undefined = start;
      while (ref !== undefined && !settled.has(ref)) {
        if (chain.includes(ref) || chain.length >= MAX_CHAIN) {
          const loop = chain.slice(Math.max(0, chain.indexOf(ref)));
          return {
            code: "SCHEMA_INVALID",
            message: `$ref loop: ${[...loop, ref].join(" → ")} never reaches a value`,
            path: pointer(path, "$ref"),
          };
        }
        chain.push(ref);
        ref = localRef(at(doc, ref));
      }
      for (const r of chain) settled.add(r);
    }
    for (const [key, child] of Object.entries(node)) stack.push([child, pointer(path, key)]);
  }
  return undefined;
}

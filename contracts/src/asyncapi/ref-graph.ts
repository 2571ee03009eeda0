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

/** What a container resolves to: its nesting depth and number of values with every local `$ref` inlined. */
interface Resolved {
  readonly depth: number;
  readonly size: number;
}

/** The value a child stands for once its local `$ref` chain is followed (a missing target: itself). */
function resolvedChild(doc: JsonValue, child: JsonValue): JsonValue {
  let node = child;
  for (let hops = 0; hops < MAX_CHAIN; hops++) {
    const ref = localRef(node);
    if (ref === undefined) return node;
    const target = at(doc, ref);
    if (target === undefined) return node;
    node = target;
  }
  return node;
}

/**
 * `SCHEMA_TOO_DEEP` when the document, with every local `$ref` inlined as the parser resolves them, nests deeper
 * than `maxDepth` or holds more than `maxNodes` values; undefined otherwise. A chain of schemas each referring
 * to the next (`s0.properties.a → s1 …`) is shallow as written yet thousands deep once resolved, and refs that
 * fan out (`a` and `b` both → the next level) grow it exponentially: either would exhaust the parser's stack or
 * time. Recursion (a `$ref` back to an enclosing schema) stays a reference, as the parser keeps it, and counts
 * once. Walks depth-first without recursion, each container once (memoized), stopping at the first limit passed.
 */
export function checkResolvedShape(doc: JsonValue, maxDepth: number, maxNodes: number): ContractError | undefined {
  const memo = new Map<object, Resolved>();
  const onPath = new Set<object>();
  type Frame = { readonly node: object; readonly children: JsonValue[]; next: number; depth: number; size: number };
  const frame = (node: object): Frame => {
    onPath.add(node);
    const values = Array.isArray(node) ? node : Object.values(node as { [key: string]: JsonValue });
    return { node, children: values.map((c) => resolvedChild(doc, c)), next: 0, depth: 1, size: 1 };
  };
  const tooDeep = (): ContractError => ({ code: "SCHEMA_TOO_DEEP", message: `the document nests deeper than ${maxDepth} once its $refs are resolved` });
  const tooLarge = (): ContractError => ({ code: "SCHEMA_TOO_DEEP", message: `the document holds more than ${maxNodes} values once its $refs are resolved` });
  if (doc === null || typeof doc !== "object") return undefined;
  const stack: Frame[] = [frame(doc)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++]!;
      if (child === null || typeof child !== "object" || onPath.has(child)) {
        top.size++;
        continue;
      }
      const known = memo.get(child);
      if (known === undefined) {
        if (stack.length >= maxDepth) return tooDeep();
        stack.push(frame(child));
        continue;
      }
      if (stack.length + known.depth > maxDepth) return tooDeep();
      top.depth = Math.max(top.depth, known.depth + 1);
      top.size += known.size;
      if (top.size > maxNodes) return tooLarge();
      continue;
    }
    stack.pop();
    onPath.delete(top.node);
    memo.set(top.node, { depth: top.depth, size: top.size });
    const parent = stack[stack.length - 1];
    if (parent !== undefined) {
      parent.depth = Math.max(parent.depth, top.depth + 1);
      parent.size += top.size;
      if (parent.size > maxNodes) return tooLarge();
    }
  }
  return undefined;
}

/**
 * Edits of a YAML/JSON document by JSON-Patch-like operations (RFC 6902 `add`, `remove`, `replace`, `move`),
 * applied to the YAML syntax tree so the result keeps its layout (and lines stay meaningful). Used to derive
 * the `asyncapi-own` conformance pairs from corpus documents at run time (without copying them), and by tests.
 */
import { isMap, isSeq, parseDocument, type Document } from "yaml";
import { pointerTokens } from "./source-map.js";

/** One edit. `path`/`from` are JSON Pointers; `add` with last token `-` appends to a sequence. */
export type EditOp =
  | { readonly op: "remove"; readonly path: string }
  | { readonly op: "replace"; readonly path: string; readonly value: unknown }
  | { readonly op: "add"; readonly path: string; readonly value: unknown }
  | { readonly op: "move"; readonly from: string; readonly path: string };

/** Tokens for yaml's `getIn`/`setIn`: digit tokens index sequences as numbers. */
function keys(doc: Document, path: string): Array<string | number> {
  const out: Array<string | number> = [];
  let node: unknown = doc.contents;
  for (const token of pointerTokens(path)) {
    const key = isSeq(node) && /^\d+$/.test(token) ? Number(token) : token;
    out.push(key);
    node = isMap(node) || isSeq(node) ? node.get(key, true) : undefined;
  }
  return out;
}

/**
 * Applies `edits` in order to `text` and returns the edited YAML text. Errors (a path that does not exist
 * for `remove`/`replace`/`move`) come back as `{error}` naming the edit, never thrown.
 */
export function applyEdits(text: string, edits: readonly EditOp[]): { text: string } | { error: string } {
  const doc = parseDocument(text);
  for (const [i, e] of edits.entries()) {
    const where = `edit ${i} (${e.op} ${e.path})`;
    if (e.op === "move") {
      const from = keys(doc, e.from);
      if (!doc.hasIn(from)) return { error: `${where}: ${e.from} does not exist` };
      const value: unknown = doc.getIn(from, true);
      doc.deleteIn(from);
      doc.setIn(keys(doc, e.path), value);
      continue;
    }
    const path = keys(doc, e.path);
    if (e.op === "remove" || e.op === "replace") {
      if (!doc.hasIn(path)) return { error: `${where}: path does not exist` };
      if (e.op === "remove") doc.deleteIn(path);
      else doc.setIn(path, doc.createNode(e.value));
      continue;
    }
    const last = path[path.length - 1];
    const parent: unknown = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    if (isSeq(parent) && (last === "-" || typeof last === "number")) {
      const index = last === "-" ? parent.items.length : last;
      parent.items.splice(index, 0, doc.createNode(e.value));
    } else {
      doc.setIn(path, doc.createNode(e.value));
    }
  }
  return { text: String(doc) };
}

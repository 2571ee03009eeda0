import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { pointer as joinPointer } from "../json-text.js";

/** Where a JSON Pointer lands in a document's text. */
export interface SourceLocation {
  /** The pointer as written in the text: local `$ref`s on the way were followed, so it names a real place. */
  readonly path: string;
  /** 1-based line of that place (of its key when it is a mapping entry). */
  readonly line: number;
}

/** Splits a JSON Pointer (RFC 6901) into unescaped tokens: `/a~1b/0` → `["a/b", "0"]`. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "" || pointer === "#") return [];
  const body = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  return body
    .split("/")
    .slice(1)
    .map((t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Maps JSON Pointers to lines of one YAML or JSON text (JSON is read as YAML 1.2, so both work). A pointer
 * through a local `$ref` (`#/components/...`) continues at the referenced place, so a logical pointer such as
 * `/channels/c/messages/m/payload` finds the line where the payload is written under `components`. A pointer
 * that leaves the text (external `$ref`, trait-merged content, a place only another version has) keeps its
 * remaining tokens and takes the line of the deepest place found.
 */
export class SourceMap {
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: false });
  }

  /** The location of `pointer`, or `undefined` when not even the document root has a position. */
  locate(pointer: string): SourceLocation | undefined {
    const root = this.doc.contents;
    if (!root) return undefined;
    let node: unknown = root;
    let path = "";
    let line = this.lineOf(root);
    const tokens = pointerTokens(pointer);
    // Bounded: every token is consumed once; `$ref` hops are capped so a ref cycle cannot loop.
    let hops = 0;
    let i = 0;
    for (; i < tokens.length; i++) {
      const ref = isMap(node) ? node.get("$ref") : undefined;
      if (typeof ref === "string" && ref.startsWith("#") && hops < 32) {
        const target = this.nodeAt(pointerTokens(ref));
        if (target) {
          hops++;
          node = target.node;
          path = target.path;
          i--;
          continue;
        }
      }
      const token = tokens[i]!;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === token);
        if (!pair) break;
        path = joinPointer(path, token);
        line = this.lineOf(pair.key as Node) ?? line;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(token) && Number(token) < node.items.length) {
        path = joinPointer(path, token);
        node = node.items[Number(token)];
        line = this.lineOf(node as Node) ?? line;
      } else {
        break;
      }
    }
    // Tokens the text does not have (a field only the other document has) stay in the path; the line is the
    // deepest place found.
    for (; i < tokens.length; i++) path = joinPointer(path, tokens[i]!);
    return line === undefined ? undefined : { path, line };
  }

  /** The node at literal pointer tokens (no `$ref` following), for `$ref` targets. */
  private nodeAt(tokens: readonly string[]): { node: unknown; path: string } | undefined {
    let node: unknown = this.doc.contents;
    let path = "";
    for (const token of tokens) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === token);
        if (!pair) return undefined;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(token)) {
        node = node.items[Number(token)];
      } else {
        return undefined;
      }
      path = joinPointer(path, token);
    }
    return node === undefined ? undefined : { node, path };
  }

  private lineOf(node: Node | null | undefined): number | undefined {
    const offset = node && "range" in node && node.range ? node.range[0] : undefined;
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }
}

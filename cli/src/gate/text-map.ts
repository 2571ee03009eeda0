import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from "yaml";
import { pointerTokens } from "@charter/contracts/core";

/** A 1-based position in a text. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** Where a JSON Pointer lands in a text: `exact` when every token was found, else the deepest place found. */
export interface PointerLocation extends TextPosition {
  readonly exact: boolean;
}

/** What identifies an array element across versions: its `name` (Avro fields, AsyncAPI traits) or its scalar value (enum symbols). */
function identityOf(node: unknown): string | undefined {
  if (isScalar(node)) return `=${String(node.value)}`;
  if (isMap(node)) {
    const name = node.get("name");
    if (typeof name === "string") return `name:${name}`;
  }
  return undefined;
}

/**
 * Maps JSON Pointers to positions in a YAML or JSON text (JSON is read as YAML 1.2, so one reader serves
 * Avro, JSON Schema, AsyncAPI and any other JSON/YAML contract). A mapping entry's position is its key's; an
 * array element's is the element's. Text that is not YAML (a `.proto` file) has no positions: every lookup
 * answers `undefined`. Local `$ref`s on the way (`#/components/…`) are followed, so logical pointers of
 * AsyncAPI documents land where the thing is written.
 */
export class TextMap {
  private readonly doc: Document | undefined;
  private readonly lines = new LineCounter();

  constructor(text: string) {
    const doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: false, strict: false });
    this.doc = doc.errors.length === 0 && doc.contents !== null && (isMap(doc.contents) || isSeq(doc.contents)) ? doc : undefined;
  }

  /** Whether the text is a YAML/JSON collection this map can answer for. */
  get usable(): boolean {
    return this.doc !== undefined;
  }

  /** The position of `pointer`, or `undefined` when the text has none. */
  locate(pointer: string): PointerLocation | undefined {
    const walk = this.walk(pointerTokens(pointer));
    return walk && { ...walk.position, exact: walk.exact };
  }

  /**
   * The same place in `other` (another version of the document): array elements are matched by identity
   * (their `name`, or their value for scalars) rather than by index, so `/fields/3` in the old text finds the
   * field of the same name wherever it sits in the new one. `undefined` when `other` has no such place.
   */
  translate(pointer: string, other: TextMap): PointerLocation | undefined {
    const tokens = pointerTokens(pointer);
    const own = this.walk(tokens);
    if (!own?.exact || !other.doc) return undefined;
    let node: unknown = other.doc.contents;
    let position: TextPosition | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const step = other.step(node, tokens[i]!, own.nodes[i]);
      if (!step) return undefined;
      node = step.node;
      position = step.position ?? position;
    }
    return position && { ...position, exact: true };
  }

  private walk(tokens: readonly string[]): { position: TextPosition; exact: boolean; nodes: unknown[] } | undefined {
    if (!this.doc) return undefined;
    let node: unknown = this.doc.contents;
    let position = this.positionOf(node) ?? { line: 1, column: 1 };
    const nodes: unknown[] = [];
    let hops = 0;
    for (let i = 0; i < tokens.length; i++) {
      const ref = isMap(node) ? node.get("$ref") : undefined;
      if (typeof ref === "string" && ref.startsWith("#") && hops < 32) {
        const target = this.literal(pointerTokens(ref));
        if (target !== undefined) {
          hops++;
          node = target;
          i--;
          continue;
        }
      }
      const step = this.step(node, tokens[i]!);
      if (!step) return { position, exact: false, nodes };
      nodes.push(step.node);
      node = step.node;
      position = step.position ?? position;
    }
    return { position, exact: true, nodes };
  }

  /** One pointer token from `node`: by key, by index, or (with `identity` from another version) by element identity. */
  private step(node: unknown, token: string, identity?: unknown): { node: unknown; position: TextPosition | undefined } | undefined {
    if (isMap(node)) {
      const pair = node.items.find((p: Pair) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === token);
      return pair ? { node: pair.value, position: this.positionOf(pair.key) } : undefined;
    }
    if (isSeq(node)) {
      const wanted = identity !== undefined ? identityOf(identity) : undefined;
      const index = wanted !== undefined ? node.items.findIndex((item) => identityOf(item) === wanted) : /^(0|[1-9]\d*)$/.test(token) ? Number(token) : -1;
      if (index < 0 || index >= node.items.length) return undefined;
      const item = node.items[index];
      return { node: item, position: this.positionOf(item) };
    }
    return undefined;
  }

  private literal(tokens: readonly string[]): unknown {
    let node: unknown = this.doc?.contents;
    for (const token of tokens) {
      const step = this.step(node, token);
      if (!step) return undefined;
      node = step.node;
    }
    return node;
  }

  private positionOf(node: unknown): TextPosition | undefined {
    const range = node !== null && typeof node === "object" && "range" in node ? (node as Node).range : undefined;
    if (!range) return undefined;
    const pos = this.lines.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  }
}

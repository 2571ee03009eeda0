import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/**
 * One compatibility violation as the registry reports it in `messages` (`verbose=true`) and in a 409: Charter
 * sends each as a JSON object string `{errorType, rule?, description, path, line?, causes?, oldSchemaVersion,
 * direction, hint?}` and ends the list with `{"compatibility": "<level>"}` (docs/registry.md, "Semantics").
 */
export interface ReportedViolation {
  readonly errorType: string;
  readonly rule?: string;
  readonly description: string;
  /** JSON Pointer into the new schema. */
  readonly path: string;
  /** 1-based line in the new text, when the engine knows it. */
  readonly line?: number;
  readonly causes?: readonly ReportedViolation[];
  readonly oldSchemaVersion?: number;
  /** `backward`: the new schema cannot read old data; `forward`: old readers cannot read new data. */
  readonly direction?: "backward" | "forward";
  readonly hint?: string;
}

/** The parsed `messages` of a compatibility answer: its violations and the level it was judged under. */
export interface ParsedMessages {
  readonly violations: ReportedViolation[];
  readonly level?: string;
  /** Messages that are not Charter's JSON objects (another registry's plain strings), kept as text. */
  readonly other: string[];
}

/** Parses a compatibility answer's `messages`; never throws (unknown shapes land in `other`). */
export function parseMessages(messages: readonly string[] | undefined): ParsedMessages {
  const violations: ReportedViolation[] = [];
  const other: string[] = [];
  let level: string | undefined;
  for (const m of messages ?? []) {
    let value: unknown;
    try {
      value = JSON.parse(m);
    } catch {
      other.push(m);
      continue;
    }
    if (typeof value !== "object" || value === null) {
      other.push(m);
      continue;
    }
    const o = value as Record<string, unknown>;
    if (typeof o.compatibility === "string" && o.errorType === undefined) level = o.compatibility;
    else if (typeof o.errorType === "string") violations.push(o as unknown as ReportedViolation);
    else other.push(m);
  }
  return { violations, ...(level !== undefined ? { level } : {}), other };
}

/** Unescapes one JSON Pointer segment (RFC 6901: `~1` is `/`, `~0` is `~`). */
function segment(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * The 1-based line of the node a JSON Pointer names in a JSON or YAML text (JSON is YAML), or of its nearest
 * ancestor that exists — a pointer into the new schema may name something the old text lacks, and the change
 * then shows at its parent. For a map entry, the line of its key. `undefined` when the text does not parse.
 */
export function pointerLine(text: string, pointer: string): number | undefined {
  const counter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, strict: false });
  } catch {
    return undefined;
  }
  if (doc.contents === null) return undefined;
  const segments = pointer === "" || pointer === "/" ? [] : pointer.replace(/^\//, "").split("/").map(segment);
  let node: Node = doc.contents as Node;
  let offset = node.range?.[0] ?? 0;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === seg);
      if (pair === undefined) break;
      if (isScalar(pair.key) && pair.key.range !== undefined && pair.key.range !== null) offset = pair.key.range[0];
      if (pair.value === null || typeof pair.value !== "object") break;
      node = pair.value as Node;
      if (!isScalar(pair.key) && node.range) offset = node.range[0];
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined || item === null || typeof item !== "object") break;
      node = item as Node;
      if (node.range) offset = node.range[0];
    } else break;
  }
  return counter.linePos(offset).line;
}

/** Where a violation shows in a text: its line, the label for the gutter and the full message. */
export interface PinnedViolation {
  readonly line: number;
  readonly violation: ReportedViolation;
}

/**
 * Pins violations to lines of `text`: the engine's `line` when pinning to the new text (`side` "new"), else the
 * line of the violation's `path` in `text` (the old text has other line numbers). Violations that cannot be
 * placed (Protobuf paths are not pointers into the text) are pinned to line 1 so they are never hidden.
 */
export function pinViolations(text: string, violations: readonly ReportedViolation[], side: "new" | "old"): PinnedViolation[] {
  return violations.map((violation) => {
    const known = side === "new" ? violation.line : undefined;
    const line = known ?? (violation.path.startsWith("/") ? pointerLine(text, violation.path) : undefined) ?? 1;
    return { line, violation };
  });
}

/** "BACKWARD" etc. in words: what the level promises, for people. */
export function levelInWords(level: string): string {
  switch (level.toUpperCase()) {
    case "NONE":
      return "no compatibility check";
    case "BACKWARD":
      return "the new version must read data written with the latest one";
    case "BACKWARD_TRANSITIVE":
      return "the new version must read data written with every earlier one";
    case "FORWARD":
      return "readers of the latest version must read data written with the new one";
    case "FORWARD_TRANSITIVE":
      return "readers of every earlier version must read data written with the new one";
    case "FULL":
      return "backward and forward against the latest version";
    case "FULL_TRANSITIVE":
      return "backward and forward against every earlier version";
    default:
      return level;
  }
}

/**
 * An AsyncAPI violation in words, from the registry's description (`message M on channel C (sent|received): …`)
 * and direction: a sent message that changed breaks the document's consumers, a received one breaks the
 * application reading what producers already send. Other violations are returned as their description.
 */
export function explainAsyncApi(v: ReportedViolation): string {
  const m = /^message (\S+) on channel (\S+) \((sent|received)\): (.*)$/s.exec(v.description);
  if (m === null) return v.description;
  const [, message, channel, action, detail] = m;
  const cause = v.causes?.[0]?.description ?? detail;
  return action === "sent"
    ? `Consumers of \`${channel}\` can no longer read \`${message}\` as this version sends it: ${cause}`
    : `This application can no longer read \`${message}\` on \`${channel}\` as producers already send it: ${cause}`;
}

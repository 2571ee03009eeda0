import type { Violation } from "./format.js";
import { pointer } from "./json-text.js";

interface Container {
  readonly path: string;
  readonly array: boolean;
  index: number;
}

/**
 * The 1-based line of every value in a JSON text, keyed by its JSON Pointer (`""` for the root). An object
 * member's line is the line of its key, so a violation at `/properties/a` points at `"a": …`. Meant for text
 * that already parsed; on malformed text it returns what it read so far. Iterative, so deep documents
 * cannot overflow the stack.
 */
export function pointerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: Container[] = [];
  let i = 0;
  let line = 1;
  const skipWs = (): void => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
    }
  };
  const readString = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  /** Positions at the next member of the innermost container and returns its pointer. */
  const member = (top: Container): string => {
    skipWs();
    if (top.array) return pointer(top.path, top.index);
    const keyLine = line;
    const path = pointer(top.path, readString());
    lines.set(path, keyLine);
    skipWs();
    i++; // ':'
    return path;
  };
  let path = "";
  try {
    for (;;) {
      skipWs();
      if (!lines.has(path)) lines.set(path, line);
      const c = text[i];
      if (c === "{" || c === "[") {
        i++;
        const container: Container = { path, array: c === "[", index: 0 };
        skipWs();
        if (text[i] !== "}" && text[i] !== "]") {
          stack.push(container);
          path = member(container);
          continue;
        }
        i++; // empty container
      } else if (c === '"') readString();
      else while (i < text.length && !",]} \t\r\n".includes(text[i] as string)) i++;
      // After a value: move to the next member, closing finished containers.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) return lines;
        skipWs();
        if (i >= text.length) return lines;
        if (text[i++] === ",") {
          top.index++;
          path = member(top);
          break;
        }
        stack.pop();
      }
    }
  } catch {
    return lines;
  }
}

/**
 * The line for a violation path: the path's own line, else its nearest ancestor's (a path that went through
 * a `$ref` names places the text does not have).
 */
export function lineOf(lines: ReadonlyMap<string, number>, path: string): number | undefined {
  for (let p = path; ; p = p.slice(0, p.lastIndexOf("/"))) {
    const line = lines.get(p);
    if (line !== undefined || p === "") return line;
  }
}

/**
 * `violations` with the `line` of each path (and of their causes' paths) in `text`, the JSON text of the schema
 * the paths point into (the reader's: the new schema for a BACKWARD check, the old one for FORWARD), looked up
 * with {@link lineOf}. A violation that already has a line keeps it. Used by the JSON engines (Avro, JSON Schema).
 */
export function withLines(text: string, violations: readonly Violation[]): Violation[] {
  if (violations.length === 0) return [];
  const lines = pointerLines(text);
  const withLine = (v: Violation): Violation => {
    const line = v.line ?? lineOf(lines, v.path);
    return { ...v, ...(line === undefined ? {} : { line }), ...(v.causes ? { causes: v.causes.map(withLine) } : {}) };
  };
  return violations.map(withLine);
}

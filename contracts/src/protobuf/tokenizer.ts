import { ContractFailure } from "../errors.js";

/** One token of `.proto` text with its 1-based start position. Strings hold their decoded value in `value`. */
export interface Token {
  readonly kind: "ident" | "number" | "string" | "symbol";
  /** The text as written (for strings: including quotes). */
  readonly text: string;
  /** Strings: the unescaped value read as UTF-8 (see {@link Token.bytes}). */
  readonly value?: string;
  /** Strings: the bytes the literal denotes (byte escapes raw, `\u`/`\U` escapes and literal characters UTF-8). */
  readonly bytes?: Uint8Array;
  readonly line: number;
  readonly column: number;
  /** 1-based line and column of the token's last character. */
  readonly endLine: number;
  readonly endColumn: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/y;

/**
 * Splits `.proto` text into tokens, skipping whitespace and `//` / `/* *\/` comments (protobuf language spec,
 * "Lexical elements"). Throws {@link ContractFailure} `SCHEMA_SYNTAX` with line/column for an unterminated
 * string or comment — callers catch it at the public entry point.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const fail = (message: string, l: number, c: number): never => {
    throw new ContractFailure({ code: "SCHEMA_SYNTAX", message, line: l, column: c });
  };
  while (i < n) {
    const ch = text[i]!;
    if (ch === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\f" || ch === "\v") {
      i++;
      continue;
    }
    const column = i - lineStart + 1;
    if (ch === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (ch === "/" && text[i + 1] === "*") {
      const startLine = line;
      i += 2;
      while (i < n && !(text[i] === "*" && text[i + 1] === "/")) {
        if (text[i] === "\n") {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= n) fail("unterminated block comment", startLine, column);
      i += 2;
      continue;
    }
    if (IDENT_START.test(ch)) {
      const start = i;
      while (i < n && IDENT_PART.test(text[i]!)) i++;
      tokens.push({ kind: "ident", text: text.slice(start, i), line, column, endLine: line, endColumn: i - lineStart });
      continue;
    }
    if ((ch >= "0" && ch <= "9") || (ch === "." && text[i + 1] !== undefined && text[i + 1]! >= "0" && text[i + 1]! <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      const len = m ? m[0].length : 1;
      // Protobuf allows a float suffix-less literal only; an identifier glued to a number is a syntax error.
      if (i + len < n && IDENT_PART.test(text[i + len]!)) fail(`invalid number '${text.slice(i, i + len + 1)}'`, line, column);
      tokens.push({ kind: "number", text: text.slice(i, i + len), line, column, endLine: line, endColumn: column + len - 1 });
      i += len;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const start = i;
      const bytes: number[] = [];
      i++;
      for (;;) {
        if (i >= n || text[i] === "\n") fail("unterminated string literal", line, column);
        const c = text[i]!;
        if (c === ch) {
          i++;
          break;
        }
        if (c === "\\") {
          i += 1 + unescape(text, i + 1, bytes);
          continue;
        }
        const cp = text.codePointAt(i)!;
        pushUtf8(bytes, cp);
        i += cp > 0xffff ? 2 : 1;
      }
      const raw = Uint8Array.from(bytes);
      tokens.push({ kind: "string", text: text.slice(start, i), value: utf8Text(raw), bytes: raw, line, column, endLine: line, endColumn: i - lineStart });
      continue;
    }
    tokens.push({ kind: "symbol", text: ch, line, column, endLine: line, endColumn: column });
    i++;
  }
  return tokens;
}

/** Appends the UTF-8 encoding of code point `cp` (a lone surrogate as U+FFFD). */
function pushUtf8(out: number[], cp: number): void {
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

const UTF8 = new TextDecoder("utf-8");
const UTF8_FATAL = new TextDecoder("utf-8", { fatal: true });

/** Bytes read as UTF-8, invalid sequences as U+FFFD. */
export function utf8Text(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

/**
 * The canonical `.proto` literal of a string's bytes: valid UTF-8 as JSON-style quoted text (the same
 * spelling as before bytes were tracked), anything else C-escaped (protoc `CEscape`: printable ASCII as is,
 * other bytes octal), so `"\xff"` and `"ÿ"` (bytes C3 BF) print differently while `"\303\277"` prints as `"ÿ"`.
 */
export function canonicalStringLiteral(bytes: Uint8Array): string {
  let text: string;
  try {
    text = UTF8_FATAL.decode(bytes);
  } catch {
    let out = '"';
    for (const b of bytes) {
      if (b === 0x5c) out += "\\\\";
      else if (b === 0x22) out += '\\"';
      else if (b === 0x0a) out += "\\n";
      else if (b === 0x0d) out += "\\r";
      else if (b === 0x09) out += "\\t";
      else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
      else out += "\\" + b.toString(8).padStart(3, "0");
    }
    return out + '"';
  }
  return JSON.stringify(text);
}

const SIMPLE_ESCAPES = new Map([
  ["n", 0x0a],
  ["t", 0x09],
  ["r", 0x0d],
  ["a", 0x07],
  ["b", 0x08],
  ["f", 0x0c],
  ["v", 0x0b],
]);

/** Decodes one escape after a backslash at `at` into `out`; returns how many characters it used. */
function unescape(text: string, at: number, out: number[]): number {
  const c = text[at];
  const simple = c === undefined ? undefined : SIMPLE_ESCAPES.get(c);
  if (simple !== undefined) {
    out.push(simple);
    return 1;
  }
  switch (c) {
    case "x":
    case "X": {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(at + 1, at + 3));
      if (!m) {
        out.push(c.charCodeAt(0));
        return 1;
      }
      out.push(parseInt(m[0], 16));
      return 1 + m[0].length;
    }
    case "u":
    case "U": {
      const len = c === "u" ? 4 : 8;
      const m = new RegExp(`^[0-9a-fA-F]{${len}}`).exec(text.slice(at + 1, at + 1 + len));
      const cp = m ? parseInt(m[0], 16) : NaN;
      if (!m || cp > 0x10ffff) {
        out.push(c.charCodeAt(0));
        return 1;
      }
      // A \u high surrogate followed by a \u low surrogate is one code point (protoc does the same).
      if (c === "u" && cp >= 0xd800 && cp <= 0xdbff) {
        const low = /^\\u(d[c-f][0-9a-f]{2})/i.exec(text.slice(at + 5, at + 11));
        if (low) {
          pushUtf8(out, 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00));
          return 11;
        }
      }
      pushUtf8(out, cp);
      return 1 + len;
    }
    default: {
      const m = /^[0-7]{1,3}/.exec(text.slice(at, at + 3));
      if (m) {
        out.push(parseInt(m[0], 8) & 0xff);
        return m[0].length;
      }
      if (c === undefined) return 0;
      const cp = text.codePointAt(at)!;
      pushUtf8(out, cp);
      return cp > 0xffff ? 2 : 1;
    }
  }
}

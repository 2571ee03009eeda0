import { ContractFailure } from "../errors.js";

/** One token of `.proto` text with its 1-based start position. Strings hold their decoded value in `value`. */
export interface Token {
  readonly kind: "ident" | "number" | "string" | "symbol";
  /** The text as written (for strings: including quotes). */
  readonly text: string;
  /** Strings: the unescaped value. */
  readonly value?: string;
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
      let value = "";
      i++;
      for (;;) {
        if (i >= n || text[i] === "\n") fail("unterminated string literal", line, column);
        const c = text[i]!;
        if (c === ch) {
          i++;
          break;
        }
        if (c === "\\") {
          const [decoded, used] = unescape(text, i + 1);
          value += decoded;
          i += 1 + used;
          continue;
        }
        value += c;
        i++;
      }
      tokens.push({ kind: "string", text: text.slice(start, i), value, line, column, endLine: line, endColumn: i - lineStart });
      continue;
    }
    tokens.push({ kind: "symbol", text: ch, line, column, endLine: line, endColumn: column });
    i++;
  }
  return tokens;
}

/** Decodes one escape after a backslash at `at`; returns the text and how many characters it used. */
function unescape(text: string, at: number): [string, number] {
  const c = text[at];
  switch (c) {
    case "n":
      return ["\n", 1];
    case "t":
      return ["\t", 1];
    case "r":
      return ["\r", 1];
    case "a":
      return ["\x07", 1];
    case "b":
      return ["\b", 1];
    case "f":
      return ["\f", 1];
    case "v":
      return ["\v", 1];
    case "x":
    case "X": {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(at + 1, at + 3));
      return m ? [String.fromCharCode(parseInt(m[0], 16)), 1 + m[0].length] : ["x", 1];
    }
    case "u": {
      const m = /^[0-9a-fA-F]{4}/.exec(text.slice(at + 1, at + 5));
      return m ? [String.fromCharCode(parseInt(m[0], 16)), 5] : ["u", 1];
    }
    default: {
      const m = /^[0-7]{1,3}/.exec(text.slice(at, at + 3));
      if (m) return [String.fromCharCode(parseInt(m[0], 8)), m[0].length];
      return [c ?? "", 1];
    }
  }
}

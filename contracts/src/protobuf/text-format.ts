/**
 * The text format of an aggregate option value (`[(buf.validate.field).duration = { in: [{ seconds: 1 }] }]`):
 * the grammar of protobuf.dev/reference/protobuf/textformat-spec, read from the `.proto` tokenizer's tokens.
 * Messages in `{ }` or `< >`, lists in `[ ]` (empty lists too), an optional `:` before a message or a message
 * list, `,` or `;` after a field, extension (`[pkg.ext]`) and `Any` (`[type.googleapis.com/pkg.T]`) field names,
 * adjacent string literals concatenated, signed numbers and `-inf`.
 */
import { ContractFailure } from "../errors.js";
import type { Pos, ResolvedOptionField } from "./ast.js";
import { canonicalStringLiteral, type Token } from "./tokenizer.js";

/** A scalar as written: an identifier (`true`, `ENUM_VALUE`, `inf`), a number (sign included) or a string. */
export type TextScalar =
  | { readonly kind: "ident"; readonly text: string; readonly pos: Pos }
  | { readonly kind: "number"; readonly text: string; readonly pos: Pos }
  | { readonly kind: "string"; readonly value: string; readonly bytes: Uint8Array; readonly pos: Pos };

/** A value: a scalar, a message, or a list of either (`[]` included). */
export type TextValue = TextScalar | TextMessage | { readonly kind: "list"; readonly items: readonly TextValue[]; readonly pos: Pos };

/** A message literal: its fields in order as written (a repeated field may appear many times). */
export interface TextMessage {
  readonly kind: "message";
  readonly fields: readonly TextField[];
  readonly pos: Pos;
}

/**
 * One `name: value` entry. `extension` is set for `[pkg.ext]` names (`name` = `pkg.ext`, no brackets); `anyType`
 * for `[domain/pkg.T]` names (`name` = the full text inside the brackets).
 */
export interface TextField {
  readonly name: string;
  readonly extension: boolean;
  readonly anyType: boolean;
  readonly value: TextValue;
  readonly pos: Pos;
  /** The field this entry names, filled in by option checking (`option-check.ts`); absent for `Any` names. */
  resolvedField?: ResolvedOptionField;
}

/** The result of {@link parseTextAggregate}: the message and the index of the token after its closing brace. */
export interface TextAggregate {
  readonly message: TextMessage;
  readonly next: number;
}

/** Deepest nesting of messages and lists in one literal (a bound for hostile input). */
const MAX_TEXT_DEPTH = 100;

/**
 * Parses the message literal that starts at `tokens[start]` (which must be `{`).
 * @throws ContractFailure `SCHEMA_SYNTAX` with the line and column of the offending token.
 */
export function parseTextAggregate(tokens: readonly Token[], start: number): TextAggregate {
  const p = new TextParser(tokens, start);
  const message = p.messageValue(0);
  return { message, next: p.i };
}

/**
 * The canonical text of a literal: protoc's spelling of an `aggregate_value` (tokens joined by single spaces,
 * strings re-quoted canonically), which is also what Charter's canonical form and descriptors keep.
 */
export function aggregateText(tokens: readonly Token[], start: number, end: number): string {
  const parts: string[] = [];
  for (let k = start; k < end; k++) {
    const t = tokens[k]!;
    parts.push(t.kind === "string" ? canonicalStringLiteral(t.bytes ?? new Uint8Array()) : t.text);
  }
  return parts.join(" ");
}

class TextParser {
  constructor(
    private readonly tokens: readonly Token[],
    public i: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private fail(message: string, t: Token | undefined = this.peek() ?? this.tokens[this.tokens.length - 1]): never {
    throw new ContractFailure({ code: "SCHEMA_SYNTAX", message: `option value: ${message}`, ...(t ? { line: t.line, column: t.column } : {}) });
  }

  private isSymbol(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === "symbol" && t.text === text;
  }

  private accept(text: string): boolean {
    if (!this.isSymbol(text)) return false;
    this.i++;
    return true;
  }

  private expect(text: string): Token {
    const t = this.peek();
    if (!this.isSymbol(text)) this.fail(t ? `'${text}' expected, found '${t.text}'` : `'${text}' expected`);
    this.i++;
    return t!;
  }

  private pos(t: Token): Pos {
    return { line: t.line, column: t.column };
  }

  /** `{ fields }` or `< fields >`. */
  messageValue(depth: number): TextMessage {
    if (depth > MAX_TEXT_DEPTH) this.fail(`literal nests deeper than ${MAX_TEXT_DEPTH} levels`);
    const open = this.peek();
    if (!open || open.kind !== "symbol" || (open.text !== "{" && open.text !== "<")) this.fail(open ? `'{' expected, found '${open.text}'` : "'{' expected");
    this.i++;
    const close = open.text === "{" ? "}" : ">";
    const fields: TextField[] = [];
    while (!this.accept(close)) {
      if (!this.peek()) this.fail(`'${close}' expected`);
      fields.push(this.field(depth));
      if (!this.accept(",")) this.accept(";");
    }
    return { kind: "message", fields, pos: this.pos(open) };
  }

  private field(depth: number): TextField {
    const start = this.peek()!;
    let name: string;
    let extension = false;
    let anyType = false;
    if (this.accept("[")) {
      // `[pkg.ext]` or `[domain.com/pkg.T]`: identifiers, dots and slashes up to `]`.
      name = "";
      while (!this.isSymbol("]")) {
        const t = this.peek();
        if (!t) this.fail("']' expected");
        if (t.kind === "ident" || (t.kind === "symbol" && (t.text === "." || t.text === "/"))) name += t.text;
        else this.fail(`extension name expected, found '${t.text}'`);
        this.i++;
      }
      this.i++;
      if (name === "" || name.startsWith("/") || name.endsWith("/") || name.endsWith(".")) this.fail(`invalid extension name [${name}]`, start);
      anyType = name.includes("/");
      extension = !anyType;
    } else {
      const t = this.peek()!;
      if (t.kind !== "ident") this.fail(`field name expected, found '${t.text}'`);
      this.i++;
      name = t.text;
    }
    const colon = this.accept(":");
    const value = this.fieldValue(colon, depth);
    return { name, extension, anyType, value, pos: this.pos(start) };
  }

  /** After the field name: a message (colon optional), a list (colon needed for a scalar list), a scalar (colon needed). */
  private fieldValue(colon: boolean, depth: number): TextValue {
    if (this.isSymbol("{") || this.isSymbol("<")) return this.messageValue(depth + 1);
    if (this.isSymbol("[")) {
      const open = this.expect("[");
      const items: TextValue[] = [];
      if (!this.accept("]")) {
        do {
          if (this.isSymbol("{") || this.isSymbol("<")) items.push(this.messageValue(depth + 1));
          else {
            if (!colon) this.fail("':' expected before a list of scalars");
            items.push(this.scalar());
          }
        } while (this.accept(","));
        this.expect("]");
      }
      return { kind: "list", items, pos: this.pos(open) };
    }
    if (!colon) this.fail(`':' expected, found '${this.peek()?.text ?? "end of file"}'`);
    return this.scalar();
  }

  private scalar(): TextScalar {
    const t = this.peek();
    if (!t) this.fail("value expected");
    const pos = this.pos(t);
    if (t.kind === "string") {
      const parts: number[] = [];
      let value = "";
      while (this.peek()?.kind === "string") {
        const s = this.tokens[this.i++]!;
        parts.push(...(s.bytes ?? new Uint8Array()));
        value += s.value ?? "";
      }
      return { kind: "string", value, bytes: Uint8Array.from(parts), pos };
    }
    if (t.kind === "symbol" && t.text === "-") {
      this.i++;
      const v = this.peek();
      if (v?.kind === "number") {
        this.i++;
        return { kind: "number", text: "-" + v.text, pos };
      }
      if (v?.kind === "ident" && /^(inf|infinity|nan)$/i.test(v.text)) {
        this.i++;
        return { kind: "ident", text: "-" + v.text, pos };
      }
      this.fail(`number expected after '-', found '${v?.text ?? "end of file"}'`);
    }
    if (t.kind === "number") {
      this.i++;
      return { kind: "number", text: t.text, pos };
    }
    if (t.kind === "ident") {
      this.i++;
      return { kind: "ident", text: t.text, pos };
    }
    this.fail(`value expected, found '${t.text}'`);
  }
}

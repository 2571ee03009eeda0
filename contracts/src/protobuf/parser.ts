import { ContractFailure, type ContractErrorCode } from "../errors.js";
import {
  emptyMessage,
  findOption,
  INT32_MAX,
  INT32_MIN,
  MAX_FIELD_NUMBER,
  type Label,
  type OptionValue,
  type Pos,
  type ProtoEnum,
  type ProtoEnumValue,
  type ProtoExtend,
  type ProtoField,
  type ProtoFile,
  type ProtoImport,
  type ProtoMessage,
  type ProtoMethod,
  type ProtoOneof,
  type ProtoOption,
  type ProtoReserved,
  type ProtoService,
} from "./ast.js";
import { Reservations } from "./reservations.js";
import { aggregateText, parseTextAggregate, type TextMessage } from "./text-format.js";
import { tokenize, utf8Text, type Token } from "./tokenizer.js";

/** Options for {@link parseProtoFile}. */
export interface ParseProtoFileOptions {
  /** Deepest message nesting accepted (default 256); deeper is `SCHEMA_TOO_DEEP`. */
  readonly maxDepth?: number;
}

/**
 * Parses `.proto` text (proto2, proto3, editions) into a {@link ProtoFile} with positions. Grammar: the Protobuf
 * language specifications for proto2/proto3/editions (protobuf.dev/reference/protobuf/*-spec). Checks done here
 * are the local ones: syntax, duplicate field numbers/names within a message, field number range, overlap with
 * reserved ranges. Type references are resolved later (`link.ts`).
 * @throws ContractFailure (`SCHEMA_SYNTAX`, `SCHEMA_INVALID`, `SCHEMA_TOO_DEEP`) — internal; callers convert to values.
 */
export function parseProtoFile(text: string, options: ParseProtoFileOptions = {}): ProtoFile {
  return new Parser(tokenize(text), options.maxDepth ?? 256).file();
}

class Parser {
  private i = 0;
  private syntax: ProtoFile["syntax"] = "proto2";
  private pkg = "";

  constructor(
    private readonly tokens: readonly Token[],
    private readonly maxDepth: number,
  ) {}

  // ---- token helpers ----

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private fail(message: string, at?: Token | Pos, code: ContractErrorCode = "SCHEMA_SYNTAX"): never {
    const t = at ?? this.peek() ?? this.tokens[this.tokens.length - 1];
    throw new ContractFailure({ code, message, ...(t ? { line: t.line, column: t.column } : {}) });
  }

  private next(what = "token"): Token {
    const t = this.tokens[this.i];
    if (!t) this.fail(`unexpected end of file, ${what} expected`);
    this.i++;
    return t;
  }

  private is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind !== "string" && t.text === text;
  }

  private accept(text: string): Token | undefined {
    if (this.is(text)) return this.next();
    return undefined;
  }

  private expect(text: string): Token {
    const t = this.peek();
    if (!t || t.kind === "string" || t.text !== text) this.fail(t ? `'${text}' expected, found '${t.text}'` : `'${text}' expected`);
    return this.next();
  }

  private ident(what = "identifier"): Token {
    const t = this.peek();
    if (!t || t.kind !== "ident") this.fail(t ? `${what} expected, found '${t.text}'` : `${what} expected`);
    return this.next();
  }

  /** `[.]ident(.ident)*` — a type reference or package name, spelled as written. */
  private fullIdent(allowLeadingDot: boolean, what = "type name"): string {
    let s = "";
    if (allowLeadingDot && this.accept(".")) s = ".";
    s += this.ident(what).text;
    while (this.is(".") && this.peek(1)?.kind === "ident") {
      this.next();
      s += "." + this.next().text;
    }
    return s;
  }

  private int(what: string): { value: number; token: Token } {
    const neg = this.accept("-");
    const t = this.peek();
    if (!t || t.kind !== "number" || !/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(t.text)) this.fail(`${what} expected${t ? `, found '${t.text}'` : ""}`);
    this.next();
    const v = /^0[xX]/.test(t.text) ? parseInt(t.text, 16) : /^0[0-7]+$/.test(t.text) ? parseInt(t.text, 8) : Number(t.text);
    return { value: neg ? -v : v, token: t };
  }

  private pos(t: Token): Pos {
    return { line: t.line, column: t.column };
  }

  private endPos(t: Token): Pos {
    return { line: t.endLine, column: t.endColumn };
  }

  private scoped(scope: string, name: string): string {
    return scope ? `${scope}.${name}` : name;
  }

  // ---- file ----

  file(): ProtoFile {
    const imports: ProtoImport[] = [];
    const options: ProtoOption[] = [];
    const messages: ProtoMessage[] = [];
    const enums: ProtoEnum[] = [];
    const services: ProtoService[] = [];
    const extendsList: ProtoExtend[] = [];
    let edition: string | undefined;
    let syntaxPos: Pos | undefined;
    let packagePos: Pos | undefined;
    let first = true;
    while (this.peek()) {
      const t = this.peek()!;
      if (t.kind === "symbol" && t.text === ";") {
        this.next();
        continue;
      }
      if (t.kind !== "ident") this.fail(`unexpected '${t.text}'`);
      switch (t.text) {
        case "syntax":
        case "edition": {
          if (!first) this.fail(`'${t.text}' must be the first statement`);
          this.next();
          this.expect("=");
          const v = this.next("string");
          if (v.kind !== "string") this.fail("string expected", v);
          if (t.text === "syntax") {
            if (v.value !== "proto2" && v.value !== "proto3") this.fail(`unknown syntax '${v.value}'`, v, "SCHEMA_INVALID");
            this.syntax = v.value;
          } else {
            this.syntax = "editions";
            edition = v.value;
          }
          syntaxPos = this.pos(t);
          this.expect(";");
          break;
        }
        case "package": {
          if (packagePos) this.fail("multiple package statements");
          this.next();
          this.pkg = this.fullIdent(false, "package name");
          packagePos = this.pos(t);
          this.expect(";");
          break;
        }
        case "import": {
          this.next();
          let modifier: ProtoImport["modifier"] = "";
          if (this.is("public") || this.is("weak")) modifier = this.next().text as "public" | "weak";
          const p = this.next("string");
          if (p.kind !== "string") this.fail("import path string expected", p);
          imports.push({ path: p.value ?? "", modifier, pos: this.pos(t) });
          this.expect(";");
          break;
        }
        case "option":
          options.push(this.optionStatement());
          break;
        case "message":
          messages.push(this.message(this.pkg, 1));
          break;
        case "enum":
          enums.push(this.enumDecl(this.pkg));
          break;
        case "service":
          services.push(this.service());
          break;
        case "extend":
          extendsList.push(this.extend(this.pkg, 1, messages));
          break;
        default:
          this.fail(`unexpected '${t.text}'`);
      }
      first = false;
    }
    return {
      syntax: this.syntax,
      ...(edition !== undefined ? { edition } : {}),
      ...(syntaxPos ? { syntaxPos } : {}),
      package: this.pkg,
      ...(packagePos ? { packagePos } : {}),
      imports,
      options,
      messages,
      enums,
      services,
      extends: extendsList,
    };
  }

  // ---- options ----

  /** Option name: `ident` or `(full.ident)`, then `.ident` / `.(full.ident)` parts. */
  private optionName(): string {
    let name = "";
    for (;;) {
      if (this.accept("(")) {
        name += "(" + this.fullIdent(true, "extension name") + ")";
        this.expect(")");
      } else {
        name += this.ident("option name").text;
      }
      if (!this.accept(".")) return name;
      name += ".";
    }
  }

  private constant(): OptionValue {
    const t = this.peek();
    if (!t) this.fail("constant expected");
    if (t.kind === "string") {
      const parts: Uint8Array[] = [];
      while (this.peek()?.kind === "string") parts.push(this.next().bytes ?? new Uint8Array());
      const bytes = parts.length === 1 ? parts[0]! : Uint8Array.from(parts.flatMap((b) => [...b]));
      return { kind: "string", value: utf8Text(bytes), bytes };
    }
    if (t.text === "{" && t.kind === "symbol") return { kind: "aggregate", ...this.aggregate() };
    if (t.text === "-" || t.text === "+") {
      this.next();
      const v = this.next("number");
      if (v.kind !== "number" && !(v.kind === "ident" && (v.text === "inf" || v.text === "nan"))) this.fail("number expected", v);
      return { kind: "number", text: (t.text === "-" ? "-" : "") + v.text };
    }
    if (t.kind === "number") return { kind: "number", text: this.next().text };
    if (t.kind === "ident") return { kind: "ident", text: this.fullIdent(false, "constant") };
    this.fail(`constant expected, found '${t.text}'`);
  }

  /**
   * A text-format aggregate `{ … }` (see `text-format.ts`): parsed for its structure, kept as normalized token
   * text (single spaces), which is protoc's `aggregate_value` spelling.
   */
  private aggregate(): { text: string; message: TextMessage } {
    const start = this.i;
    const { message, next } = parseTextAggregate(this.tokens, start);
    this.i = next;
    return { text: aggregateText(this.tokens, start, next), message };
  }

  private optionStatement(): ProtoOption {
    const t = this.expect("option");
    const name = this.optionName();
    this.expect("=");
    const value = this.constant();
    this.expect(";");
    return { name, value, pos: this.pos(t) };
  }

  /** `[a = 1, (b).c = "x"]` — returns [] when there is no bracket. */
  private compactOptions(): ProtoOption[] {
    const out: ProtoOption[] = [];
    if (!this.accept("[")) return out;
    do {
      const start = this.peek();
      if (!start) this.fail("option expected");
      const name = this.optionName();
      this.expect("=");
      out.push({ name, value: this.constant(), pos: this.pos(start) });
    } while (this.accept(","));
    this.expect("]");
    return out;
  }

  // ---- messages ----

  private message(scope: string, depth: number): ProtoMessage {
    const t = this.expect("message");
    const name = this.ident("message name").text;
    return this.messageBody(name, this.scoped(scope, name), this.pos(t), depth, false);
  }

  private messageBody(name: string, fullName: string, pos: Pos, depth: number, isGroup: boolean): ProtoMessage {
    if (depth > this.maxDepth) this.fail(`messages nest deeper than the maximum depth of ${this.maxDepth}`, pos, "SCHEMA_TOO_DEEP");
    const m = emptyMessage(name, fullName, pos, isGroup);
    this.expect("{");
    while (!this.is("}")) {
      const t = this.peek();
      if (!t) this.fail(`'}' expected to close message ${name}`);
      if (t.kind === "symbol" && t.text === ";") {
        this.next();
        continue;
      }
      if (t.kind === "ident") {
        // Statement keywords, as protoc treats them at the start of a message-body statement.
        switch (t.text) {
          case "message":
            m.messages.push(this.message(fullName, depth + 1));
            continue;
          case "enum":
            m.enums.push(this.enumDecl(fullName));
            continue;
          case "extend":
            m.extends.push(this.extend(fullName, depth + 1, m.messages));
            continue;
          case "option":
            m.options.push(this.optionStatement());
            continue;
          case "oneof":
            this.oneof(m, depth);
            continue;
          case "reserved":
            m.reserved.push(this.reservedStatement(true));
            continue;
          case "extensions": {
            const r = this.reservedStatement(false);
            this.compactOptions();
            this.expect(";");
            m.extensionRanges.push(r);
            continue;
          }
          default:
            break;
        }
        this.field(m, undefined, depth);
        continue;
      }
      if (t.kind === "symbol" && t.text === ".") {
        this.field(m, undefined, depth);
        continue;
      }
      this.fail(`unexpected '${t.text}' in message ${name}`);
    }
    m.end = this.endPos(this.next());
    this.checkMessage(m);
    return m;
  }

  private oneof(m: ProtoMessage, depth: number): void {
    const t = this.expect("oneof");
    const name = this.ident("oneof name").text;
    const options: ProtoOption[] = [];
    this.expect("{");
    while (!this.accept("}")) {
      if (this.accept(";")) continue;
      if (this.is("option")) {
        options.push(this.optionStatement());
        continue;
      }
      if (!this.peek()) this.fail(`'}' expected to close oneof ${name}`);
      if (this.peek()!.kind === "symbol" && this.peek()!.text !== ".") this.fail(`unexpected '${this.peek()!.text}' in oneof ${name}`);
      this.field(m, name, depth);
    }
    const oneof: ProtoOneof = { name, options, pos: this.pos(t) };
    m.oneofs.push(oneof);
  }

  private field(m: ProtoMessage, oneof: string | undefined, depth: number): void {
    const start = this.peek()!;
    let label: Label | undefined;
    const after = this.peek(1);
    // `repeated int32 x = 1;` / `optional .a.B b = 2;` — but `optional = 1` would be a field named after the keyword.
    if ((this.is("optional") || this.is("required") || this.is("repeated")) && after !== undefined && (after.kind === "ident" || after.text === ".") && !(after.kind === "ident" && this.peek(2)?.text === "=")) {
      label = this.next().text as Label;
      if (oneof !== undefined) this.fail(`fields in oneof ${oneof} cannot have a label`, start);
    }
    if (this.is("group") && this.peek(1)?.kind === "ident" && this.peek(2)?.text === "=") {
      const typeTok = this.next();
      const groupName = this.ident("group name");
      this.expect("=");
      const { value: number } = this.int("field number");
      const options = this.compactOptions();
      const groupMsg = this.messageBody(groupName.text, this.scoped(m.fullName, groupName.text), this.pos(start), depth + 1, true);
      m.messages.push(groupMsg);
      m.fields.push({
        name: groupName.text.toLowerCase(),
        number,
        label,
        type: groupName.text,
        ...(oneof !== undefined ? { oneof } : {}),
        group: groupMsg,
        options,
        pos: this.pos(start),
        typePos: this.pos(typeTok),
        end: groupMsg.end,
      });
      return;
    }
    const typeTok = this.peek();
    if (!typeTok) this.fail("field type expected");
    let type: string;
    let mapKey: string | undefined;
    if (this.is("map") && this.peek(1)?.text === "<") {
      this.next();
      this.next();
      mapKey = this.ident("map key type").text;
      this.expect(",");
      type = this.fullIdent(true);
      this.expect(">");
      if (label !== undefined) this.fail("map fields cannot have a label", start);
    } else {
      type = this.fullIdent(true, "field type");
    }
    const nameTok = this.ident("field name");
    this.expect("=");
    const { value: number, token: numTok } = this.int("field number");
    const options = this.compactOptions();
    const end = this.expect(";");
    if (number < 1 || number > MAX_FIELD_NUMBER) this.fail(`field number ${number} of ${nameTok.text} is out of range 1..${MAX_FIELD_NUMBER}`, numTok, "SCHEMA_INVALID");
    if (number >= 19000 && number <= 19999) this.fail(`field number ${number} of ${nameTok.text} is reserved for the Protobuf implementation`, numTok, "SCHEMA_INVALID");
    m.fields.push({
      name: nameTok.text,
      number,
      label,
      type,
      ...(mapKey !== undefined ? { mapKey } : {}),
      ...(oneof !== undefined ? { oneof } : {}),
      options,
      pos: this.pos(start),
      typePos: this.pos(typeTok),
      end: this.endPos(end),
    });
  }

  /** `reserved 1, 2 to 5, 9 to max;` / `reserved "a", "b";` (editions: `reserved a, b;`). */
  private reservedStatement(consumeSemicolon: boolean): ProtoReserved {
    const t = this.next();
    const ranges: Array<[number, number]> = [];
    const names: string[] = [];
    do {
      const p = this.peek();
      if (p?.kind === "string") names.push(this.next().value ?? "");
      else if (p?.kind === "ident" && this.syntax === "editions") names.push(this.next().text);
      else {
        const { value: lo } = this.int("number range");
        let hi = lo;
        if (this.accept("to")) {
          if (this.accept("max")) hi = MAX_FIELD_NUMBER;
          else hi = this.int("range end").value;
        }
        if (hi < lo) this.fail(`range ${lo} to ${hi} is empty`, t, "SCHEMA_INVALID");
        ranges.push([lo, hi]);
      }
    } while (this.accept(","));
    if (consumeSemicolon) this.expect(";");
    return { ranges, names, pos: this.pos(t) };
  }

  private checkMessage(m: ProtoMessage): void {
    // protoc (DescriptorBuilder): extension numbers are 1 … 2^29 − 1, or int32 in a MessageSet.
    const messageSet = findOption(m.options, "message_set_wire_format");
    const isMessageSet = messageSet?.kind === "ident" && messageSet.text === "true";
    const maxExtension = isMessageSet ? INT32_MAX : MAX_FIELD_NUMBER;
    for (const r of m.extensionRanges) {
      for (const [lo, hi] of r.ranges) {
        if (lo < 1) this.fail(`extension numbers of ${m.fullName} must be positive integers, got ${lo}`, r.pos, "SCHEMA_INVALID");
        if (hi > maxExtension) this.fail(`extension numbers of ${m.fullName} cannot be greater than ${maxExtension}, got ${hi}`, r.pos, "SCHEMA_INVALID");
      }
    }
    const byNumber = new Map<number, ProtoField>();
    const byName = new Map<string, ProtoField>();
    const reserved = new Reservations(m.reserved);
    for (const f of m.fields) {
      const dup = byNumber.get(f.number);
      if (dup) this.fail(`field number ${f.number} is used by both ${dup.name} and ${f.name} in ${m.fullName}`, f.pos, "SCHEMA_INVALID");
      byNumber.set(f.number, f);
      if (byName.has(f.name)) this.fail(`field name ${f.name} is used twice in ${m.fullName}`, f.pos, "SCHEMA_INVALID");
      byName.set(f.name, f);
      if (reserved.hasNumber(f.number)) this.fail(`field ${f.name} uses reserved number ${f.number} in ${m.fullName}`, f.pos, "SCHEMA_INVALID");
      if (reserved.hasName(f.name)) this.fail(`field ${f.name} uses a reserved name in ${m.fullName}`, f.pos, "SCHEMA_INVALID");
    }
    const nested = new Set<string>();
    for (const n of [...m.messages, ...m.enums]) {
      if (nested.has(n.name)) this.fail(`${n.name} is declared twice in ${m.fullName}`, n.pos, "SCHEMA_INVALID");
      nested.add(n.name);
    }
  }

  // ---- enums ----

  private enumDecl(scope: string): ProtoEnum {
    const t = this.expect("enum");
    const name = this.ident("enum name").text;
    const e: ProtoEnum = { kind: "enum", name, fullName: this.scoped(scope, name), values: [], reserved: [], options: [], pos: this.pos(t), end: this.pos(t) };
    this.expect("{");
    const valueNames = new Set<string>();
    while (!this.is("}")) {
      const v = this.peek();
      if (!v) this.fail(`'}' expected to close enum ${name}`);
      if (this.accept(";")) continue;
      if (v.text === "option") {
        e.options.push(this.optionStatement());
        continue;
      }
      if (v.text === "reserved") {
        e.reserved.push(this.reservedStatement(true));
        continue;
      }
      const nameTok = this.ident("enum value name");
      this.expect("=");
      const { value: number, token: numTok } = this.int("enum value number");
      // protoc: enum values are int32 ("Integer out of range").
      if (number < INT32_MIN || number > INT32_MAX) this.fail(`enum value ${nameTok.text} = ${number} is out of the int32 range`, numTok, "SCHEMA_INVALID");
      const options = this.compactOptions();
      const end = this.expect(";");
      const value: ProtoEnumValue = { name: nameTok.text, number, options, pos: this.pos(nameTok), end: this.endPos(end) };
      if (valueNames.has(value.name)) this.fail(`enum value ${value.name} is declared twice in ${e.fullName}`, nameTok, "SCHEMA_INVALID");
      valueNames.add(value.name);
      e.values.push(value);
    }
    e.end = this.endPos(this.next());
    if (e.values.length === 0) this.fail(`enum ${e.fullName} must have at least one value`, t, "SCHEMA_INVALID");
    if (this.syntax === "proto3" && e.values[0]!.number !== 0) {
      this.fail(`the first value of proto3 enum ${e.fullName} must be zero`, e.values[0]!.pos, "SCHEMA_INVALID");
    }
    return e;
  }

  // ---- services and extends ----

  private service(): ProtoService {
    const t = this.expect("service");
    const name = this.ident("service name").text;
    const s: ProtoService = { name, fullName: this.scoped(this.pkg, name), methods: [], options: [], pos: this.pos(t), end: this.pos(t) };
    this.expect("{");
    while (!this.is("}")) {
      if (!this.peek()) this.fail(`'}' expected to close service ${name}`);
      if (this.accept(";")) continue;
      if (this.is("option")) {
        s.options.push(this.optionStatement());
        continue;
      }
      const r = this.expect("rpc");
      const methodName = this.ident("rpc name").text;
      this.expect("(");
      const clientStreaming = this.is("stream") && this.peek(1)?.text !== ")" ? (this.next(), true) : false;
      const inputType = this.fullIdent(true);
      this.expect(")");
      this.expect("returns");
      this.expect("(");
      const serverStreaming = this.is("stream") && this.peek(1)?.text !== ")" ? (this.next(), true) : false;
      const outputType = this.fullIdent(true);
      this.expect(")");
      const options: ProtoOption[] = [];
      let end: Token;
      if (this.accept("{")) {
        while (!this.is("}")) {
          if (!this.peek()) this.fail(`'}' expected to close rpc ${methodName}`);
          if (this.accept(";")) continue;
          options.push(this.optionStatement());
        }
        end = this.next();
        this.accept(";");
      } else {
        end = this.expect(";");
      }
      const method: ProtoMethod = { name: methodName, inputType, outputType, clientStreaming, serverStreaming, options, pos: this.pos(r), end: this.endPos(end) };
      s.methods.push(method);
    }
    s.end = this.endPos(this.next());
    return s;
  }

  private extend(scope: string, depth: number, groupSink: ProtoMessage[]): ProtoExtend {
    const t = this.expect("extend");
    const extendee = this.fullIdent(true, "extended type");
    // Fields of an extend block are parsed into a throw-away message so the field grammar is shared.
    const holder = this.messageBodyForExtend(scope, depth);
    groupSink.push(...holder.messages);
    return { extendee, scope, fields: holder.fields, pos: this.pos(t) };
  }

  private messageBodyForExtend(scope: string, depth: number): ProtoMessage {
    // A nameless stand-in whose body collects the extension fields of an `extend` block.
    const holder = emptyMessage("", scope, { line: 0, column: 0 }, false);
    this.expect("{");
    while (!this.accept("}")) {
      if (!this.peek()) this.fail("'}' expected to close extend");
      if (this.accept(";")) continue;
      this.field(holder, undefined, depth);
    }
    return holder;
  }
}


/**
 * The parsed sets of files that the buf-style breaking checker compares (buf's "images"), the element contexts its
 * rules walk, and the feature resolution they share. Semantics follow buf's `bufprotosource` (element maps by full
 * name, nested name and path) and protobuf's editions feature inheritance.
 */
import { ContractFailure, type ContractError, type Result } from "../errors.js";
import { pointerToken } from "../json-text.js";
import {
  allEnums,
  allMessages,
  findOption,
  SCALAR_TYPES,
  type Pos,
  type ProtoEnum,
  type ProtoField,
  type ProtoFile,
  type ProtoMessage,
  type ProtoMethod,
  type ProtoOption,
  type ProtoService,
} from "./ast.js";
import { mapEntryMessage } from "./map-entries.js";
import { mapEntryName } from "./names.js";
import { Resolver, type TypeEntry } from "./link.js";
import { parseProtoFile } from "./parser.js";
import { WELL_KNOWN_FILES } from "./well-known.js";


/** One `.proto` file of a directory: `path` relative to the root (`a/b.proto`), `text` its content. */
export interface BufFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Where a finding goes, as buf's annotation locations: `file`/`pos` in the current set (both absent when buf has no
 * current location, e.g. a deleted file), `against` the previous file the element came from (ignore filters look
 * at both).
 */
export interface Where {
  readonly file?: string;
  readonly pos?: Pos;
  readonly against?: string;
  /**
   * The element the finding is about, as a JSON Pointer of names below the package (`/Outer/Inner/field`, `""` for
   * the file itself): where a schema registry places the finding (buf itself reports only file positions).
   */
  readonly element?: string;
}

/** Reports one finding of `rule` (dropped when the rule is not selected or the location is ignored). */
export type Emit = (rule: string, where: Where, message: string) => void;

/** A parsed set of files with a shared symbol table (buf's "image"); `files` are only the set's own files. */
export interface Image {
  readonly files: ReadonlyMap<string, ProtoFile>;
  readonly types: ReadonlyMap<string, TypeEntry>;
  readonly resolver: Resolver;
}

/**
 * Parses a set of files and resolves field, extendee and RPC types across it (imports outside the set come from
 * the built-in well-known files). Unknown types stay unresolved, where buf would refuse to build the image.
 * Errors: `SCHEMA_SYNTAX`/`SCHEMA_INVALID` of the first file that does not parse, with its `file`.
 */
export function buildImage(files: readonly BufFile[]): Result<Image, ContractError & { file: string }> {
  const parsed = new Map<string, ProtoFile>();
  const extra = new Map<string, ProtoFile>();
  for (const { path, text } of files) {
    try {
      parsed.set(path, parseProtoFile(text));
    } catch (e) {
      if (e instanceof ContractFailure) return { ok: false, error: { ...e.error, file: path } };
      throw e;
    }
  }
  const queue = [...parsed.values()].flatMap((f) => f.imports.map((i) => i.path));
  while (queue.length > 0) {
    const p = queue.pop()!;
    if (parsed.has(p) || extra.has(p)) continue;
    const text = WELL_KNOWN_FILES.get(p);
    if (text === undefined) continue;
    const f = parseProtoFile(text);
    extra.set(p, f);
    queue.push(...f.imports.map((i) => i.path));
  }
  const types = new Map<string, TypeEntry>();
  const packages = new Set<string>();
  for (const [path, file] of [...extra, ...parsed]) {
    const parts = file.package ? file.package.split(".") : [];
    for (let i = 1; i <= parts.length; i++) packages.add(parts.slice(0, i).join("."));
    for (const m of allMessages(file)) types.set(m.fullName, { kind: "message", node: m, file: path, package: file.package });
    for (const e of allEnums(file)) types.set(e.fullName, { kind: "enum", node: e, file: path, package: file.package });
  }
  const resolver = new Resolver(types, packages);
  for (const file of parsed.values()) {
    const fields: Array<[ProtoField, string]> = [];
    for (const m of allMessages(file)) {
      for (const f of m.fields) fields.push([f, m.fullName]);
      for (const x of m.extends) {
        x.resolvedExtendee = resolver.resolve(x.extendee, x.scope);
        for (const f of x.fields) fields.push([f, x.scope]);
      }
    }
    for (const x of file.extends) {
      x.resolvedExtendee = resolver.resolve(x.extendee, x.scope);
      for (const f of x.fields) fields.push([f, x.scope]);
    }
    for (const [f, scope] of fields) {
      if (SCALAR_TYPES.has(f.type)) f.resolved = { kind: "scalar", name: f.type };
      else {
        const full = resolver.resolve(f.type, scope);
        const entry = full === undefined ? undefined : types.get(full);
        if (full !== undefined && entry) f.resolved = entry.kind === "message" ? { kind: "message", fullName: full } : { kind: "enum", fullName: full };
      }
      if (f.mapKey !== undefined && f.resolved) f.resolvedMapValue = f.resolved;
    }
    for (const s of file.services) {
      for (const m of s.methods) {
        const i = resolver.resolve(m.inputType, file.package);
        const o = resolver.resolve(m.outputType, file.package);
        if (i !== undefined) m.resolvedInput = i;
        if (o !== undefined) m.resolvedOutput = o;
      }
    }
  }
  return { ok: true, value: { files: parsed, types, resolver } };
}

/** Something that carries options (file, message, enum, field …). */
export interface HasOptions {
  readonly options: readonly ProtoOption[];
}

/**
 * A message with its file: `chain` runs from the outermost enclosing message down to the message itself. For the
 * entry message protoc synthesizes for a map field, `mapField` is that field (whose features its fields take).
 */
export interface MessageCtx {
  readonly file: ProtoFile;
  readonly path: string;
  readonly message: ProtoMessage;
  readonly chain: readonly ProtoMessage[];
  readonly mapField?: ProtoField;
}

/** An enum with its file: `chain` runs from the outermost enclosing message down to the enum itself. */
export interface EnumCtx {
  readonly file: ProtoFile;
  readonly path: string;
  readonly node: ProtoEnum;
  readonly chain: readonly HasOptions[];
}

/**
 * Every message of an image by full name: nested and group messages, and the entry message of each map field
 * (buf's images hold those too, so buf pairs and checks them like declared messages).
 */
export function collectMessages(image: Image): Map<string, MessageCtx> {
  const out = new Map<string, MessageCtx>();
  for (const [path, file] of image.files) {
    const visit = (m: ProtoMessage, chain: readonly ProtoMessage[]): void => {
      const next = [...chain, m];
      out.set(m.fullName, { file, path, message: m, chain: next });
      for (const f of m.fields) {
        if (f.mapKey === undefined) continue;
        const entry = mapEntryMessage(m.fullName, f);
        out.set(entry.fullName, { file, path, message: entry, chain: [...next, entry], mapField: f });
      }
      for (const n of m.messages) visit(n, next);
    };
    for (const m of file.messages) visit(m, []);
  }
  return out;
}

/** Every enum of an image by full name. */
export function collectEnums(image: Image): Map<string, EnumCtx> {
  const out = new Map<string, EnumCtx>();
  for (const [path, file] of image.files) {
    for (const e of file.enums) out.set(e.fullName, { file, path, node: e, chain: [e] });
    const visit = (m: ProtoMessage, chain: readonly HasOptions[]): void => {
      const next = [...chain, m];
      for (const e of m.enums) out.set(e.fullName, { file, path, node: e, chain: [...next, e] });
      for (const n of m.messages) visit(n, next);
    };
    for (const m of file.messages) visit(m, []);
  }
  return out;
}

/** Every service of an image by full name. */
export function collectServices(image: Image): Map<string, { path: string; file: ProtoFile; service: ProtoService }> {
  const out = new Map<string, { path: string; file: ProtoFile; service: ProtoService }>();
  for (const [path, file] of image.files) for (const s of file.services) out.set(s.fullName, { path, file, service: s });
  return out;
}

/** Every RPC of an image, keyed `service.full.Name.Method`. */
export function collectMethods(image: Image): Map<string, { path: string; service: ProtoService; method: ProtoMethod }> {
  const out = new Map<string, { path: string; service: ProtoService; method: ProtoMethod }>();
  for (const [path, file] of image.files) for (const s of file.services) for (const m of s.methods) out.set(`${s.fullName}.${m.name}`, { path, service: s, method: m });
  return out;
}

/** An extension field with its context: `ctx.message` stands for the extend block (`fullName` = its scope). */
export interface ExtensionCtx {
  readonly ctx: MessageCtx;
  readonly field: ProtoField;
  /** buf's nested name: the scope's path below the package plus the field name (`Outer.ext`, or `ext`). */
  readonly nestedName: string;
  readonly package: string;
}

/** Every extension of an image keyed `extendee#number` (buf pairs extensions by extendee and number). */
export function collectExtensions(image: Image): Map<string, ExtensionCtx> {
  const out = new Map<string, ExtensionCtx>();
  const messages = collectMessages(image);
  for (const [path, file] of image.files) {
    const blocks = [...file.extends, ...allMessages(file).flatMap((m) => m.extends)];
    for (const x of blocks) {
      const holder: ProtoMessage = { kind: "message", name: x.extendee, fullName: x.scope, fields: x.fields, oneofs: [], messages: [], enums: [], extends: [], reserved: [], extensionRanges: [], options: [], pos: x.pos, end: x.pos, isGroup: false };
      // Features of an extension inherit from the message its extend block sits in.
      const chain = messages.get(x.scope)?.chain ?? [];
      const scopeNested = nestedName(file.package, x.scope);
      for (const f of x.fields) {
        out.set(`${x.resolvedExtendee ?? x.extendee}#${f.number}`, {
          ctx: { file, path, message: holder, chain },
          field: f,
          nestedName: scopeNested ? `${scopeNested}.${f.name}` : f.name,
          package: file.package,
        });
      }
    }
  }
  return out;
}

/** A full name without its package prefix (buf's "nested name"): `a.b.Outer.Inner` in `a.b` → `Outer.Inner`. */
export function nestedName(pkg: string, fullName: string): string {
  if (pkg === "") return fullName;
  return fullName === pkg ? "" : fullName.startsWith(`${pkg}.`) ? fullName.slice(pkg.length + 1) : fullName;
}

/** JSON Pointer of a nested name with members appended: `Outer.Inner` + `field` → `/Outer/Inner/field`. */
export function nestedPointer(nested: string, ...members: readonly string[]): string {
  return [...(nested === "" ? [] : nested.split(".")), ...members].map((n) => `/${pointerToken(n)}`).join("");
}

/**
 * JSON Pointer of a message (or of the scope of an extend block) below its package. The entry message of a map
 * field has no declaration of its own, so it stands for the map field (`/M/counts`).
 */
export function messagePointer(ctx: MessageCtx): string {
  const nested = nestedName(ctx.file.package, ctx.message.fullName);
  if (!ctx.mapField) return nestedPointer(nested);
  return nestedPointer(nested.slice(0, Math.max(0, nested.lastIndexOf("."))), ctx.mapField.name);
}

/** JSON Pointer of a field of a message: a map entry's `key`/`value` stand for the map field. */
export function fieldPointer(ctx: MessageCtx, name: string): string {
  return ctx.mapField ? messagePointer(ctx) : `${messagePointer(ctx)}/${pointerToken(name)}`;
}

/** Option name in a comparable spelling: no blanks, no leading dot inside parentheses (`(.pb.cpp)` → `(pb.cpp)`). */
function normalName(name: string): string {
  return name.replace(/\s+/g, "").replace(/\(\./g, "(");
}

/** The last option named `name` (e.g. `features.(pb.java).utf8_validation`) among `options`, if any. */
export function optionNamed(options: readonly ProtoOption[], name: string): ProtoOption | undefined {
  let found: ProtoOption | undefined;
  for (const o of options) if (o.name === name || normalName(o.name) === name) found = o;
  return found;
}

/** Identifier value of `features.<name>` among options (`name` may be `(pb.cpp).string_type`). */
export function feature(options: readonly ProtoOption[], name: string): string | undefined {
  const v = optionNamed(options, `features.${name}`)?.value ?? findOption(options, `features.${name}`);
  return v?.kind === "ident" ? v.text : undefined;
}

/**
 * Resolved value of feature `name` for an element: the first of `chain` (innermost first: the element, its
 * enclosing messages, then the file) that sets it, else `fallback` (the edition default).
 */
export function resolveFeature(chain: readonly HasOptions[], name: string, fallback: string): string {
  for (const el of chain) {
    const v = feature(el.options, name);
    if (v !== undefined) return v;
  }
  return fallback;
}

/**
 * protoreflect Kind of a field: a scalar name, `enum`, `message` or `group` (delimited encoding, including
 * editions' `message_encoding = DELIMITED`). A map field is a message (its entry); unresolved types count as
 * messages.
 */
export function kindOf(ctx: MessageCtx, f: ProtoField): string {
  if (f.group) return "group";
  if (f.mapKey !== undefined) return "message";
  const r = f.resolved;
  if (!r) return "message";
  if (r.kind === "scalar") return r.name;
  if (r.kind === "enum") return "enum";
  // Map values are always length-prefixed, whatever encoding the map field inherits.
  if (ctx.mapField === undefined && ctx.file.syntax === "editions") {
    const enc = resolveFeature([f, ...[...ctx.chain].reverse(), ctx.file], "message_encoding", "LENGTH_PREFIXED");
    if (enc === "DELIMITED") return "group";
  }
  return "message";
}

/**
 * Whether a package is unstable in buf's sense (`protoversion`): at least two components, the last one
 * `v<N>test…`, `v<N>(alpha|beta)[<M>]` or `v<N>p<P>(alpha|beta)[<M>]` (numbers from 1).
 */
export function isUnstablePackage(pkg: string): boolean {
  return /\.v[1-9]\d*(?:test.*|(?:p[1-9]\d*)?(?:alpha|beta)(?:[1-9]\d*)?)$/.test(pkg);
}

/** A declared element as buf's deletion rules see it: its nested name, file, package and declaration position. */
export interface DeclaredElement {
  readonly nested: string;
  readonly path: string;
  readonly package: string;
  /** Absent for elements without source (the synthetic entry message of a map field). */
  readonly pos?: Pos;
}

/** The messages, enums, extensions and services an image declares, each keyed by nested name per file. */
export interface ElementIndex {
  readonly messages: readonly DeclaredElement[];
  readonly enums: readonly DeclaredElement[];
  readonly extensions: readonly DeclaredElement[];
  readonly services: readonly DeclaredElement[];
}

/**
 * Indexes an image's declarations as buf's `NestedNameTo*` maps do: messages include groups and the entry
 * message protoc synthesizes for each map field (`FooEntry`, see {@link mapEntryName}); extensions are
 * named after their scope (`Outer.ext`).
 */
export function indexElements(image: Image): ElementIndex {
  const messages: DeclaredElement[] = [];
  const enums: DeclaredElement[] = [];
  const extensions: DeclaredElement[] = [];
  const services: DeclaredElement[] = [];
  for (const [path, file] of image.files) {
    const pkg = file.package;
    const el = (fullName: string, pos: Pos | undefined): DeclaredElement => ({ nested: nestedName(pkg, fullName), path, package: pkg, ...(pos ? { pos } : {}) });
    for (const e of file.enums) enums.push(el(e.fullName, e.pos));
    for (const x of file.extends) for (const f of x.fields) extensions.push(el(`${x.scope ? `${x.scope}.` : ""}${f.name}`, f.pos));
    for (const m of allMessages(file)) {
      messages.push(el(m.fullName, m.pos));
      for (const f of m.fields) if (f.mapKey !== undefined) messages.push(el(`${m.fullName}.${mapEntryName(f.name)}`, undefined));
      for (const e of m.enums) enums.push(el(e.fullName, e.pos));
      for (const x of m.extends) for (const f of x.fields) extensions.push(el(`${x.scope}.${f.name}`, f.pos));
    }
    for (const s of file.services) services.push(el(s.fullName, s.pos));
  }
  return { messages, enums, extensions, services };
}

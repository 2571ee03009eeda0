import { ContractFailure } from "../errors.js";
import type { ResolvedReference } from "../format.js";
import {
  allEnums,
  allMessages,
  SCALAR_TYPES,
  type Pos,
  type ProtoEnum,
  type ProtoField,
  type ProtoFile,
  type ProtoMessage,
  type ResolvedType,
} from "./ast.js";
import { checkOptions } from "./option-check.js";
import { parseProtoFile } from "./parser.js";
import { WELL_KNOWN_FILES } from "./well-known.js";

/** A named type visible to a schema: where it is declared. */
export interface TypeEntry {
  readonly kind: "message" | "enum";
  readonly node: ProtoMessage | ProtoEnum;
  /** Import path of the declaring file; `""` for the schema itself. */
  readonly file: string;
  readonly package: string;
}

/**
 * A parsed file with its imports loaded and every type reference resolved to a full name (no leading dot).
 * `files` holds every file loaded (import path → file), in dependency order, dependencies first; the schema
 * itself is `""`.
 */
export interface LinkedSchema {
  readonly file: ProtoFile;
  readonly files: ReadonlyMap<string, ProtoFile>;
  /** Import path → source text, same order as `files` (for building a protobufjs root). */
  readonly texts: ReadonlyMap<string, string>;
  readonly types: ReadonlyMap<string, TypeEntry>;
}

/** Options for {@link linkSchema}. */
export interface LinkOptions {
  readonly references?: readonly ResolvedReference[];
  readonly maxDepth?: number;
}

/**
 * Parses `text` and its imports (from `references`, then the built-in files of `well-known.ts`) and resolves
 * type names with protoc's scoping rules (innermost scope outwards; a leading dot is absolute).
 * @throws ContractFailure — `REFERENCE_UNRESOLVED` (unknown import or type, with the line in the file that
 * names it), `SCHEMA_INVALID` (import cycle, a name declared twice, a scalar-only place given a message, an option
 * that does not resolve or whose value does not fit its definition — see `option-check.ts` …), and
 * any parse error; errors inside a referenced file say which file in the message.
 */
export function linkSchema(text: string, options: LinkOptions = {}): LinkedSchema {
  const refs = new Map<string, string>();
  for (const r of options.references ?? []) refs.set(r.name, r.schema);
  const files = new Map<string, ProtoFile>();
  const texts = new Map<string, string>();
  const parseOpts = options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {};

  const maxImportDepth = options.maxDepth ?? 256;

  const parse = (path: string, source: string): ProtoFile => {
    try {
      return parseProtoFile(source, parseOpts);
    } catch (e) {
      if (e instanceof ContractFailure && path !== "") {
        throw new ContractFailure({ ...e.error, message: `in ${path}: ${e.error.message}` });
      }
      throw e;
    }
  };
  // Depth-first over the imports with an explicit stack (an import chain may be thousands of files long):
  // a file is added to `files` once all its imports are, so dependencies come first.
  interface Frame {
    readonly path: string;
    readonly source: string;
    readonly file: ProtoFile;
    next: number;
  }
  const stack: Frame[] = [{ path: "", source: text, file: parse("", text), next: 0 }];
  const ancestors = new Set<string>([""]);
  for (let top = stack[0]; top; top = stack[stack.length - 1]) {
    const imp = top.file.imports[top.next++];
    if (!imp) {
      stack.pop();
      ancestors.delete(top.path);
      files.set(top.path, top.file);
      texts.set(top.path, top.source);
      continue;
    }
    const path = top.path;
    if (ancestors.has(imp.path)) {
      throw new ContractFailure({
        code: "SCHEMA_INVALID",
        message: `import cycle: ${[...stack.map((f) => f.path), imp.path].filter((c) => c !== "").join(" -> ")}`,
        line: imp.pos.line,
        column: imp.pos.column,
      });
    }
    if (files.has(imp.path)) continue;
    const dep = refs.get(imp.path) ?? WELL_KNOWN_FILES.get(imp.path);
    if (dep === undefined) {
      throw new ContractFailure({
        code: "REFERENCE_UNRESOLVED",
        message: `${path ? `in ${path}: ` : ""}import "${imp.path}" is not among the references`,
        ...(path === "" ? { line: imp.pos.line, column: imp.pos.column } : {}),
      });
    }
    if (stack.length > maxImportDepth) {
      throw new ContractFailure({
        code: "SCHEMA_TOO_DEEP",
        message: `imports nest deeper than the maximum depth of ${maxImportDepth} (at "${imp.path}"${path ? ` imported by ${path}` : ""})`,
        ...(path === "" ? { line: imp.pos.line, column: imp.pos.column } : {}),
      });
    }
    stack.push({ path: imp.path, source: dep, file: parse(imp.path, dep), next: 0 });
    ancestors.add(imp.path);
  }
  const main = files.get("")!;

  const types = new Map<string, TypeEntry>();
  const packages = new Set<string>();
  for (const [path, file] of files) {
    const parts = file.package ? file.package.split(".") : [];
    for (let i = 1; i <= parts.length; i++) packages.add(parts.slice(0, i).join("."));
    const declare = (entry: TypeEntry): void => {
      const name = entry.node.fullName;
      const prior = types.get(name);
      if (prior && prior.file !== path) {
        throw new ContractFailure({
          code: "SCHEMA_INVALID",
          message: `${name} is declared in both ${prior.file || "the schema"} and ${path || "the schema"}`,
          ...(path === "" ? { line: entry.node.pos.line, column: entry.node.pos.column } : {}),
        });
      }
      types.set(name, entry);
    };
    for (const m of allMessages(file)) declare({ kind: "message", node: m, file: path, package: file.package });
    for (const e of allEnums(file)) declare({ kind: "enum", node: e, file: path, package: file.package });
    checkTopLevelClash(file, path);
  }

  const resolver = new Resolver(types, packages);
  for (const [path, file] of files) resolveFile(resolver, file, path);
  checkOptions({ files, type: (name) => types.get(name)?.node ?? descriptorTypes().get(name)?.node });
  return { file: main, files, texts, types };
}

let descriptorCache: ReadonlyMap<string, TypeEntry> | undefined;

/** The types of the built-in `google/protobuf/descriptor.proto` (option messages), linked once per process. */
function descriptorTypes(): ReadonlyMap<string, TypeEntry> {
  descriptorCache ??= linkSchema(WELL_KNOWN_FILES.get("google/protobuf/descriptor.proto")!).types;
  return descriptorCache;
}

/** The first top-level message whose name another top-level message or enum also uses (counted once, by name). */
function checkTopLevelClash(file: ProtoFile, path: string): void {
  const count = new Map<string, number>();
  for (const n of [...file.messages, ...file.enums]) count.set(n.name, (count.get(n.name) ?? 0) + 1);
  for (const m of file.messages) {
    if ((count.get(m.name) ?? 0) > 1) {
      throw new ContractFailure({
        code: "SCHEMA_INVALID",
        message: `${m.name} is declared twice${path ? ` in ${path}` : ""}`,
        ...(path === "" ? { line: m.pos.line, column: m.pos.column } : {}),
      });
    }
  }
}

/** protoc-style name lookup over the visible types and package names. */
export class Resolver {
  constructor(
    private readonly types: ReadonlyMap<string, TypeEntry>,
    private readonly packages: ReadonlySet<string>,
  ) {}

  /** Full name (no leading dot) of `name` seen from `scope`, or undefined. */
  resolve(name: string, scope: string): string | undefined {
    if (name.startsWith(".")) return this.types.has(name.slice(1)) ? name.slice(1) : undefined;
    const first = name.split(".")[0]!;
    let s = scope;
    for (;;) {
      const candidate = s ? `${s}.${first}` : first;
      if (this.types.has(candidate) || this.packages.has(candidate)) {
        const full = s ? `${s}.${name}` : name;
        if (this.types.has(full)) return full;
      }
      if (s === "") return undefined;
      const dot = s.lastIndexOf(".");
      s = dot < 0 ? "" : s.slice(0, dot);
    }
  }

  entry(fullName: string): TypeEntry | undefined {
    return this.types.get(fullName);
  }
}

const MAP_KEY_TYPES = new Set(["int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string"]);

function resolveFile(resolver: Resolver, file: ProtoFile, path: string): void {
  const fail = (code: "REFERENCE_UNRESOLVED" | "SCHEMA_INVALID", message: string, pos: Pos): never => {
    throw new ContractFailure({ code, message: path ? `in ${path}: ${message}` : message, ...(path === "" ? { line: pos.line, column: pos.column } : {}) });
  };
  const resolveType = (type: string, scope: string, pos: Pos, what: string): ResolvedType => {
    if (SCALAR_TYPES.has(type)) return { kind: "scalar", name: type };
    const full = resolver.resolve(type, scope);
    if (full === undefined) return fail("REFERENCE_UNRESOLVED", `unknown type ${type} of ${what}`, pos);
    const entry = resolver.entry(full)!;
    return entry.kind === "message" ? { kind: "message", fullName: full } : { kind: "enum", fullName: full };
  };
  const resolveField = (f: ProtoField, scope: string, owner: string): void => {
    f.resolved = resolveType(f.type, scope, f.typePos, `${owner}.${f.name}`);
    if (f.mapKey !== undefined) {
      if (!MAP_KEY_TYPES.has(f.mapKey)) fail("SCHEMA_INVALID", `map key type ${f.mapKey} of ${owner}.${f.name} must be an integral or string scalar`, f.typePos);
      f.resolvedMapValue = f.resolved;
    }
    if (file.syntax === "proto3" && f.label === "required") fail("SCHEMA_INVALID", `required fields are not allowed in proto3 (${owner}.${f.name})`, f.pos);
    if (file.syntax === "editions" && (f.label === "required" || f.label === "optional")) {
      fail("SCHEMA_INVALID", `label ${f.label} is not allowed in editions (${owner}.${f.name}); use features.field_presence`, f.pos);
    }
  };
  for (const m of allMessages(file)) {
    for (const f of m.fields) resolveField(f, m.fullName, m.fullName);
    for (const x of m.extends) {
      const ext = resolver.resolve(x.extendee, x.scope) ?? fail("REFERENCE_UNRESOLVED", `unknown extended type ${x.extendee}`, x.pos);
      x.resolvedExtendee = ext;
      for (const f of x.fields) resolveField(f, x.scope, ext);
    }
  }
  for (const x of file.extends) {
    const ext = resolver.resolve(x.extendee, x.scope) ?? fail("REFERENCE_UNRESOLVED", `unknown extended type ${x.extendee}`, x.pos);
    x.resolvedExtendee = ext;
    for (const f of x.fields) resolveField(f, x.scope, ext);
  }
  for (const s of file.services) {
    for (const m of s.methods) {
      for (const [type, set] of [
        [m.inputType, (v: string) => (m.resolvedInput = v)],
        [m.outputType, (v: string) => (m.resolvedOutput = v)],
      ] as const) {
        const r = resolveType(type, file.package, m.pos, `${s.fullName}.${m.name}`);
        if (r.kind !== "message") return fail("SCHEMA_INVALID", `rpc ${s.fullName}.${m.name} must take and return messages, not ${type}`, m.pos);
        set(r.fullName);
      }
    }
  }
}

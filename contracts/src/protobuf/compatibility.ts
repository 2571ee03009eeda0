import type { CompatibilityOptions, Violation } from "../format.js";
import { pointerToken } from "../json-text.js";
import type { ProtoEnum, ProtoField, ProtoMessage, ResolvedType } from "./ast.js";
import { bufPolicyCompatibility } from "./buf-policy.js";
import type { LinkedSchema } from "./link.js";
import { jsonName } from "./names.js";
import { reservationsOf, type Reservations } from "./reservations.js";

/**
 * Where Confluent, Karapace, buf and Apicurio disagree, the answer is a policy. `policy.compatibilityPolicy`
 * (Confluent's subject config field; case-insensitive) picks a whole peer: `CONFLUENT` (default), `BUF`
 * (`buf breaking` WIRE_JSON, see `engine`), `APICURIO` (Apicurio's `ProtobufCompatibilityChecker`) or `KARAPACE`;
 * the single keys below refine it. Defaults are Confluent's answers (`SchemaDiff.COMPATIBLE_CHANGES`).
 * - `engine`: `diff` (default): Charter's Confluent-style diff, refined by the other keys; `buf` (the BUF preset):
 *   buf's own WIRE_JSON rules over the schema and its references as one buf module (`buf-policy.ts`), the other
 *   keys ignored. The `buf` values of the other keys borrow single buf rules into the diff.
 * - `fieldNumber`: a field keeps its name but changes number. `confluent` (default; `lenient` is an alias):
 *   Confluent compares fields by number only, so it is FIELD_REMOVED + FIELD_ADDED, both compatible;
 *   `karapace`: breaking (Karapace, Apicurio `checkNoChangingFieldIDs`); `buf`: breaking unless the old number
 *   is reserved in the reader (buf FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED).
 * - `package`: `confluent` (default): a changed package is PACKAGE_CHANGED, breaking; `karapace`: ignored.
 * - `fieldName`: `confluent` (default): a renamed field (same number) is compatible on the wire;
 *   `buf-json`: breaking when the JSON name changes (buf WIRE_JSON FIELD_SAME_JSON_NAME); `apicurio`: any
 *   rename is breaking (Apicurio `checkNoChangingFieldNames`).
 * - `enumValue`: `confluent` (default): enum value additions, removals and renames are compatible;
 *   `buf`: a removed number is ENUM_VALUE_NO_DELETE, a renamed number ENUM_VALUE_SAME_NAME.
 * - `reserved`: `confluent` (default): not checked; `buf`: a reader that uses a number/name the writer reserved
 *   is RESERVED_MESSAGE_NO_DELETE / RESERVED_ENUM_NO_DELETE.
 * - `syntax`: `confluent` (default): not checked; `buf`: a changed syntax is FILE_SAME_SYNTAX.
 * - `label`: `confluent` (default): a numeric field whose label is written on both sides and differs
 *   (optional/required/repeated) is FIELD_NUMERIC_LABEL_CHANGED (buf rule MESSAGE_SAME_REQUIRED_FIELDS when
 *   `required` is involved, else FIELD_WIRE_COMPATIBLE_CARDINALITY); for string/bytes it is
 *   FIELD_STRING_OR_BYTES_LABEL_CHANGED, which Confluent counts compatible (a length-delimited value reads as a
 *   one-element list and the reverse keeps the last); a missing label is never compared. `buf`: a numeric field
 *   that switches between repeated and singular is FIELD_WIRE_COMPATIBLE_CARDINALITY whatever was written.
 * - `fieldDelete`: `confluent` (default): removing an optional field is compatible; `buf`: breaking unless its
 *   number is reserved (buf FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED); `apicurio`: breaking unless its number or
 *   name is reserved (Apicurio `checkNoRemovingFieldsWithoutReserve`).
 * - `fieldType`: `wire` (default): types are compared by wire group; `exact`: any change of a field's
 *   declared type is breaking (Apicurio `checkNoChangingFieldTypes`).
 * - `rpc`: `confluent` (default): services are not compared; `apicurio`: a removed RPC (RPC_NO_DELETE) or a
 *   changed request/response type (RPC_SAME_REQUEST_TYPE / RPC_SAME_RESPONSE_TYPE) is breaking (Apicurio
 *   `checkNoRemovingServiceRPCs`, `checkNoChangingRPCSignature`).
 */
export interface ProtobufPolicy {
  readonly engine: "diff" | "buf";
  readonly fieldNumber: "confluent" | "buf" | "karapace";
  readonly package: "confluent" | "karapace";
  readonly fieldName: "confluent" | "buf-json" | "apicurio";
  readonly enumValue: "confluent" | "buf";
  readonly reserved: "confluent" | "buf";
  readonly syntax: "confluent" | "buf";
  readonly label: "confluent" | "buf";
  readonly fieldDelete: "confluent" | "buf" | "apicurio";
  readonly fieldType: "wire" | "exact";
  readonly rpc: "confluent" | "apicurio";
}

/** Confluent's defaults for every {@link ProtobufPolicy} key. */
export const DEFAULT_PROTOBUF_POLICY: ProtobufPolicy = {
  engine: "diff",
  fieldNumber: "confluent",
  package: "confluent",
  fieldName: "confluent",
  enumValue: "confluent",
  reserved: "confluent",
  syntax: "confluent",
  label: "confluent",
  fieldDelete: "confluent",
  fieldType: "wire",
  rpc: "confluent",
};

/** The named peer policies (`policy.compatibilityPolicy`), as {@link ProtobufPolicy} presets. */
export const PROTOBUF_POLICIES: Readonly<Record<"CONFLUENT" | "BUF" | "APICURIO" | "KARAPACE", ProtobufPolicy>> = {
  CONFLUENT: DEFAULT_PROTOBUF_POLICY,
  BUF: { ...DEFAULT_PROTOBUF_POLICY, engine: "buf" },
  APICURIO: { ...DEFAULT_PROTOBUF_POLICY, fieldNumber: "karapace", fieldName: "apicurio", reserved: "buf", fieldDelete: "apicurio", fieldType: "exact", rpc: "apicurio" },
  KARAPACE: { ...DEFAULT_PROTOBUF_POLICY, fieldNumber: "karapace", package: "karapace" },
};

/**
 * Reads a {@link ProtobufPolicy} from `CompatibilityOptions.policy`: the preset named by `compatibilityPolicy`
 * (unknown names, such as JSON Schema's STRICT/LENIENT, mean CONFLUENT), then single keys; unknown keys and
 * values fall back to the preset.
 */
export function protobufPolicy(options?: CompatibilityOptions): ProtobufPolicy {
  const p = options?.policy ?? {};
  const named = typeof p["compatibilityPolicy"] === "string" ? p["compatibilityPolicy"].toUpperCase() : "CONFLUENT";
  const base = (PROTOBUF_POLICIES as Record<string, ProtobufPolicy>)[named] ?? DEFAULT_PROTOBUF_POLICY;
  const pick = <K extends keyof ProtobufPolicy>(key: K, allowed: ReadonlyArray<ProtobufPolicy[K]>): ProtobufPolicy[K] => {
    const v = key === "fieldNumber" && p[key] === "lenient" ? "confluent" : p[key];
    return typeof v === "string" && (allowed as readonly string[]).includes(v) ? (v as ProtobufPolicy[K]) : base[key];
  };
  return {
    engine: pick("engine", ["diff", "buf"]),
    fieldNumber: pick("fieldNumber", ["confluent", "buf", "karapace"]),
    package: pick("package", ["confluent", "karapace"]),
    fieldName: pick("fieldName", ["confluent", "buf-json", "apicurio"]),
    enumValue: pick("enumValue", ["confluent", "buf"]),
    reserved: pick("reserved", ["confluent", "buf"]),
    syntax: pick("syntax", ["confluent", "buf"]),
    label: pick("label", ["confluent", "buf"]),
    fieldDelete: pick("fieldDelete", ["confluent", "buf", "apicurio"]),
    fieldType: pick("fieldType", ["wire", "exact"]),
    rpc: pick("rpc", ["confluent", "apicurio"]),
  };
}

/** A Protobuf violation: `rule` is the buf rule id, `confluent` the Confluent `Difference.Type`. */
export interface ProtobufViolation extends Violation {
  readonly confluent?: string;
}

/**
 * The violations that stop `reader` from reading data written with `writer`, for every message of the file
 * (nested ones and those reached through field types, dependencies included). Follows Confluent's
 * `SchemaDiff.compare(original = writer, update = reader)` (`MessageSchemaDiff`, `FieldSchemaDiff`,
 * `OneOfDiff`): incompatible differences are those outside `SchemaDiff.COMPATIBLE_CHANGES`; enum changes,
 * field additions/removals/renames, oneof additions/removals and moved messages are compatible. Scalar types
 * are compared by wire group (int32/int64/uint32/uint64/bool/enum; sint32/sint64; string/bytes;
 * fixed32/sfixed32; fixed64/sfixed64; float; double). See {@link ProtobufPolicy} for the disputed cases.
 * `path` is `/Message/Nested/field` (names without package); `line` is in the reader's text when the element
 * lives there. With `policy.engine` `buf` (the BUF policy) the judgement is buf's instead: `buf breaking` WIRE_JSON
 * over the schema and its references (`bufPolicyCompatibility`).
 */
export function protobufCompatibility(reader: LinkedSchema, writer: LinkedSchema, policy: ProtobufPolicy = DEFAULT_PROTOBUF_POLICY): ProtobufViolation[] {
  if (policy.engine === "buf") return bufPolicyCompatibility(reader, writer);
  const ctx = new Ctx(reader, writer, policy);
  if (reader.file.package !== writer.file.package && policy.package === "confluent") {
    ctx.add("PACKAGE_CHANGED", "FILE_SAME_PACKAGE", "", `package changed from '${writer.file.package}' to '${reader.file.package}'`, reader.file.packagePos?.line);
  }
  if (reader.file.syntax !== writer.file.syntax && policy.syntax === "buf") {
    ctx.add(undefined, "FILE_SAME_SYNTAX", "", `syntax changed from ${writer.file.syntax} to ${reader.file.syntax}`, reader.file.syntaxPos?.line);
  }
  ctx.compareTypes(writer.file.messages, writer.file.enums, reader.file.messages, reader.file.enums, "", true);
  if (policy.rpc === "apicurio") compareServices(ctx, reader, writer);
  ctx.run();
  return ctx.out;
}

/**
 * Apicurio `checkNoRemovingServiceRPCs` / `checkNoChangingRPCSignature`: every RPC of the writer's services
 * stays, with the same request and response types (and streaming), by service and method name.
 */
function compareServices(ctx: Ctx, reader: LinkedSchema, writer: LinkedSchema): void {
  const rServices = new Map(reader.file.services.map((s) => [s.name, s]));
  for (const ws of writer.file.services) {
    const rs = rServices.get(ws.name);
    const rMethods = new Map((rs?.methods ?? []).map((m) => [m.name, m]));
    for (const wm of ws.methods) {
      const path = `/${pointerToken(ws.name)}/${pointerToken(wm.name)}`;
      const rm = rMethods.get(wm.name);
      if (!rm) {
        ctx.add(undefined, rs ? "RPC_NO_DELETE" : "SERVICE_NO_DELETE", path, `rpc ${ws.fullName}.${wm.name} was removed`, rs ? rs.pos.line : undefined);
        continue;
      }
      if (wm.resolvedInput !== rm.resolvedInput || wm.clientStreaming !== rm.clientStreaming) {
        ctx.add(undefined, "RPC_SAME_REQUEST_TYPE", path, `rpc ${ws.fullName}.${wm.name} changed its request from ${wm.resolvedInput ?? wm.inputType} to ${rm.resolvedInput ?? rm.inputType}`, rm.pos.line);
      }
      if (wm.resolvedOutput !== rm.resolvedOutput || wm.serverStreaming !== rm.serverStreaming) {
        ctx.add(undefined, "RPC_SAME_RESPONSE_TYPE", path, `rpc ${ws.fullName}.${wm.name} changed its response from ${wm.resolvedOutput ?? wm.outputType} to ${rm.resolvedOutput ?? rm.outputType}`, rm.pos.line);
      }
    }
  }
}

type Kind = "SCALAR" | "MESSAGE" | "MAP";

const SCALAR_GROUP: Readonly<Record<string, string>> = {
  int32: "GENERAL_NUMBER",
  int64: "GENERAL_NUMBER",
  uint32: "GENERAL_NUMBER",
  uint64: "GENERAL_NUMBER",
  bool: "GENERAL_NUMBER",
  sint32: "SIGNED_NUMBER",
  sint64: "SIGNED_NUMBER",
  string: "STRING_OR_BYTES",
  bytes: "STRING_OR_BYTES",
  fixed32: "FIXED32",
  sfixed32: "FIXED32",
  fixed64: "FIXED64",
  sfixed64: "FIXED64",
  float: "FLOAT",
  double: "DOUBLE",
};

/** Wire group of a scalar or enum type (Confluent `FieldSchemaDiff.scalarKind`). */
export function scalarGroup(t: ResolvedType): string {
  return t.kind === "enum" ? "GENERAL_NUMBER" : t.kind === "scalar" ? (SCALAR_GROUP[t.name] ?? t.name) : "MESSAGE";
}

export { jsonName } from "./names.js";

/** A field whose message type is compared as a pair; it is FIELD_NAMED_TYPE_CHANGED when that pair breaks. */
interface PairEdge {
  readonly target: string;
  readonly field?: { readonly path: string; readonly line: number | undefined; readonly number: number; readonly typeName: string };
}

/** One (writer message, reader message) comparison: done once per run whatever the number of references. */
interface PairState {
  own: number;
  readonly edges: PairEdge[];
}

interface PairWork {
  readonly key: string;
  readonly w: ProtoMessage;
  readonly r: ProtoMessage;
  readonly path: string;
}

class Ctx {
  readonly out: ProtobufViolation[] = [];
  private readonly seen = new Set<string>();
  /** Every message pair met in this run, by `writer full name NUL reader full name` (memo and graph node). */
  private readonly pairs = new Map<string, PairState>();
  private readonly work: PairWork[] = [];
  private current: PairState | undefined;

  constructor(
    private readonly reader: LinkedSchema,
    private readonly writer: LinkedSchema,
    private readonly policy: ProtobufPolicy,
  ) {}

  add(confluent: string | undefined, rule: string, path: string, message: string, line?: number): void {
    if (this.current) this.current.own++;
    const key = `${rule}|${confluent ?? ""}|${path}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push({ rule, path, message, ...(confluent ? { confluent } : {}), ...(line !== undefined ? { line } : {}) });
  }

  /**
   * Compares every queued message pair once (explicit work list: no recursion, whatever the depth of the type
   * graph), then marks as broken every pair that has a violation of its own or reaches a broken pair (through a
   * field type or a nested message), and reports FIELD_NAMED_TYPE_CHANGED on each field whose type pair broke.
   * Violation paths are the writer message's own path, so a pair's findings do not depend on who reached it.
   * A message referring to itself is not flagged again through that field (Confluent's `enterSchema` skips a
   * message already being compared).
   */
  run(): void {
    for (let item = this.work.pop(); item; item = this.work.pop()) {
      this.current = this.pairs.get(item.key)!;
      this.compareMessageBody(item.w, item.r, item.path);
      this.compareTypes(item.w.messages, item.w.enums, item.r.messages, item.r.enums, item.path, false);
    }
    this.current = undefined;
    const referrers = new Map<string, string[]>();
    for (const [key, st] of this.pairs) {
      for (const e of st.edges) {
        if (e.target === key) continue;
        const list = referrers.get(e.target);
        if (list) list.push(key);
        else referrers.set(e.target, [key]);
      }
    }
    const broken = new Set<string>();
    const queue: string[] = [];
    const mark = (key: string): void => {
      if (broken.has(key)) return;
      broken.add(key);
      queue.push(key);
    };
    for (const [key, st] of this.pairs) if (st.own > 0) mark(key);
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) for (const from of referrers.get(key) ?? []) mark(from);
    for (const [key, st] of this.pairs) {
      for (const e of st.edges) {
        if (e.field && e.target !== key && broken.has(e.target)) {
          this.add("FIELD_NAMED_TYPE_CHANGED", "FIELD_SAME_TYPE", e.field.path, `field ${e.field.number} of type ${e.field.typeName} changed incompatibly`, e.field.line);
        }
      }
    }
  }

  /** Queues the pair (w, r) unless already met, and records it as a dependency of the pair being compared. */
  private pair(w: ProtoMessage, r: ProtoMessage, path: string, field?: PairEdge["field"]): void {
    const key = `${w.fullName}\u0000${r.fullName}`;
    if (!this.pairs.has(key)) {
      this.pairs.set(key, { own: 0, edges: [] });
      this.work.push({ key, w, r, path });
    }
    this.current?.edges.push({ target: key, ...(field ? { field } : {}) });
  }

  private reserved(node: ProtoMessage | ProtoEnum): Reservations {
    return reservationsOf(node.reserved);
  }

  /** Line of a reader element when it is declared in the reader's own text. */
  private lineOf(fullName: string, line: number): number | undefined {
    return this.reader.types.get(fullName)?.file === "" ? line : undefined;
  }

  compareTypes(
    wMessages: readonly ProtoMessage[],
    wEnums: readonly ProtoEnum[],
    rMessages: readonly ProtoMessage[],
    rEnums: readonly ProtoEnum[],
    path: string,
    _ownedByReader: boolean,
  ): void {
    const rByName = new Map(rMessages.filter((m) => !m.isGroup).map((m) => [m.name, m]));
    for (const w of wMessages) {
      if (w.isGroup) continue;
      const r = rByName.get(w.name);
      const p = `${path}/${pointerToken(w.name)}`;
      if (!r) this.add("MESSAGE_REMOVED", "MESSAGE_NO_DELETE", p, `message ${w.fullName} was removed`);
      else this.pair(w, r, p);
    }
    const rEnumByName = new Map(rEnums.map((e) => [e.name, e]));
    for (const w of wEnums) {
      const r = rEnumByName.get(w.name);
      const p = `${path}/${pointerToken(w.name)}`;
      if (!r) {
        if (this.policy.enumValue === "buf") this.add("ENUM_REMOVED", "ENUM_NO_DELETE", p, `enum ${w.fullName} was removed`);
      } else this.compareEnum(w, r, p);
    }
  }

  private compareEnum(w: ProtoEnum, r: ProtoEnum, path: string): void {
    if (this.policy.enumValue === "buf") {
      const rByNumber = new Map<number, ProtoEnum["values"][number][]>();
      for (const v of r.values) {
        const list = rByNumber.get(v.number);
        if (list) list.push(v);
        else rByNumber.set(v.number, [v]);
      }
      for (const wv of w.values) {
        const same = rByNumber.get(wv.number) ?? [];
        if (same.length === 0) {
          this.add("ENUM_CONST_REMOVED", "ENUM_VALUE_NO_DELETE", `${path}/${pointerToken(wv.name)}`, `enum value ${wv.name} (${wv.number}) of ${w.fullName} was removed`, this.lineOf(r.fullName, r.pos.line));
        } else if (!same.some((v) => v.name === wv.name)) {
          this.add("ENUM_CONST_CHANGED", "ENUM_VALUE_SAME_NAME", `${path}/${pointerToken(wv.name)}`, `enum value ${wv.number} of ${w.fullName} was renamed from ${wv.name} to ${same[0]!.name}`, this.lineOf(r.fullName, same[0]!.pos.line));
        }
      }
    }
    if (this.policy.reserved === "buf") {
      const res = this.reserved(w);
      for (const rv of r.values) {
        if (res.hasNumber(rv.number) || res.hasName(rv.name)) {
          this.add(undefined, "RESERVED_ENUM_NO_DELETE", `${path}/${pointerToken(rv.name)}`, `enum value ${rv.name} (${rv.number}) reuses a reservation of ${w.fullName}`, this.lineOf(r.fullName, rv.pos.line));
        }
      }
    }
  }

  private compareMessageBody(w: ProtoMessage, r: ProtoMessage, path: string): void {
    const rLine = (line: number): number | undefined => this.lineOf(r.fullName, line);
    const fieldPath = (f: ProtoField): string => `${path}/${pointerToken(f.name)}`;
    const wTop = new Map(w.fields.filter((f) => f.oneof === undefined).map((f) => [f.number, f]));
    const rTop = new Map(r.fields.filter((f) => f.oneof === undefined).map((f) => [f.number, f]));
    const wAll = new Map(w.fields.map((f) => [f.number, f]));
    const rAll = new Map(r.fields.map((f) => [f.number, f]));
    const wOneofTags = new Set(w.fields.filter((f) => f.oneof !== undefined).map((f) => f.number));
    const byOneof = (fields: readonly ProtoField[]): Map<string, ProtoField[]> => {
      const m = new Map<string, ProtoField[]>();
      for (const f of fields) {
        if (f.oneof === undefined) continue;
        const list = m.get(f.oneof);
        if (list) list.push(f);
        else m.set(f.oneof, [f]);
      }
      return m;
    };
    const rByOneof = byOneof(r.fields);
    const wByOneof = byOneof(w.fields);

    for (const o of r.oneofs) {
      let moved = 0;
      let existing = 0;
      for (const f of rByOneof.get(o.name) ?? []) {
        if (wTop.delete(f.number)) moved++;
        else if (wOneofTags.has(f.number)) existing++;
      }
      const p = `${path}/${pointerToken(o.name)}`;
      if (moved > 1) this.add("MULTIPLE_FIELDS_MOVED_TO_ONEOF", "FIELD_SAME_ONEOF", p, `${moved} existing fields were moved into oneof ${o.name} of ${r.fullName}`, rLine(o.pos.line));
      else if (moved === 1 && existing > 0) this.add("FIELD_MOVED_TO_EXISTING_ONEOF", "FIELD_SAME_ONEOF", p, `a field was moved into the existing oneof ${o.name} of ${r.fullName}`, rLine(o.pos.line));
    }
    const rOneofs = new Set(r.oneofs.map((o) => o.name));
    for (const o of w.oneofs) {
      if (!rOneofs.has(o.name)) continue; // ONEOF_REMOVED: compatible
      for (const wf of wByOneof.get(o.name) ?? []) {
        const same = rAll.get(wf.number);
        const rf = same?.oneof === o.name ? same : undefined;
        if (!rf) {
          const still = rAll.get(wf.number);
          this.add(
            "ONEOF_FIELD_REMOVED",
            still ? "FIELD_SAME_ONEOF" : "FIELD_NO_DELETE",
            `${path}/${pointerToken(o.name)}/${pointerToken(wf.name)}`,
            still ? `field ${wf.name} (${wf.number}) left oneof ${o.name} of ${r.fullName}` : `field ${wf.name} (${wf.number}) was removed from oneof ${o.name} of ${r.fullName}`,
            still ? rLine(still.pos.line) : rLine(r.pos.line),
          );
        } else this.compareField(wf, rf, fieldPath(rf), rLine(rf.pos.line));
      }
    }
    for (const [n, wf] of wTop) {
      const rf = rTop.get(n);
      if (!rf) {
        if (wf.label === "required") this.add("REQUIRED_FIELD_REMOVED", "MESSAGE_SAME_REQUIRED_FIELDS", fieldPath(wf), `required field ${wf.name} (${n}) was removed from ${r.fullName}`, rLine(r.pos.line));
        else if (
          this.policy.fieldDelete !== "confluent" &&
          !rAll.has(n) &&
          !this.reserved(r).hasNumber(n) &&
          // buf: a renumbered field is reported once, by the fieldNumber rule below.
          (this.policy.fieldDelete === "buf" ? this.policy.fieldNumber !== "buf" || !r.fields.some((f) => f.name === wf.name) : !this.reserved(r).hasName(wf.name))
        ) {
          this.add("FIELD_REMOVED", "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", fieldPath(wf), `field ${wf.name} (${n}) was removed from ${r.fullName} without reserving its number or name`, rLine(r.pos.line));
        }
      } else this.compareField(wf, rf, fieldPath(rf), rLine(rf.pos.line));
    }
    for (const [n, rf] of rTop) {
      if (!wTop.has(n) && !wAll.has(n) && rf.label === "required") {
        this.add("REQUIRED_FIELD_ADDED", "MESSAGE_SAME_REQUIRED_FIELDS", fieldPath(rf), `required field ${rf.name} (${n}) was added to ${r.fullName}`, rLine(rf.pos.line));
      }
    }
    // Fields whose oneof membership changed are compared by number across the whole message.
    for (const [n, wf] of [...wAll].sort((a, b) => a[0] - b[0])) {
      const rf = rAll.get(n);
      if (!rf) continue;
      if ((wf.oneof === undefined && rf.oneof === undefined) || (wf.oneof !== undefined && wf.oneof === rf.oneof)) continue;
      this.compareField(wf, rf, fieldPath(rf), rLine(rf.pos.line));
    }
    // Disputed cases (see ProtobufPolicy).
    if (this.policy.fieldNumber !== "confluent") {
      const rByName = new Map<string, ProtoField>();
      for (const f of r.fields) if (!rByName.has(f.name)) rByName.set(f.name, f);
      for (const wf of w.fields) {
        const rf = rByName.get(wf.name);
        if (!rf || rf.number === wf.number || rAll.has(wf.number)) continue;
        if (this.policy.fieldNumber === "buf" && this.reserved(r).hasNumber(wf.number)) continue;
        this.add(
          undefined,
          this.policy.fieldNumber === "buf" ? "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED" : "FIELD_NO_DELETE",
          fieldPath(rf),
          `field ${wf.name} of ${r.fullName} changed number from ${wf.number} to ${rf.number}`,
          rLine(rf.pos.line),
        );
      }
    }
    if (this.policy.reserved === "buf") {
      const res = this.reserved(w);
      for (const rf of r.fields) {
        if (res.hasNumber(rf.number) || res.hasName(rf.name)) {
          this.add(undefined, "RESERVED_MESSAGE_NO_DELETE", fieldPath(rf), `field ${rf.name} (${rf.number}) reuses a reservation of ${w.fullName}`, rLine(rf.pos.line));
        }
      }
    }
  }

  private kind(t: ResolvedType, map: boolean): Kind {
    if (map) return "MAP";
    return t.kind === "message" ? "MESSAGE" : "SCALAR";
  }

  private compareField(wf: ProtoField, rf: ProtoField, path: string, line: number | undefined): void {
    if (wf.name !== rf.name && this.policy.fieldName === "apicurio") {
      this.add("FIELD_NAME_CHANGED", "FIELD_SAME_NAME", path, `field ${rf.number} was renamed from ${wf.name} to ${rf.name}`, line);
    }
    if (wf.name !== rf.name && this.policy.fieldName === "buf-json" && jsonName(wf) !== jsonName(rf)) {
      this.add("FIELD_NAME_CHANGED", "FIELD_SAME_JSON_NAME", path, `field ${rf.number} changed JSON name from ${jsonName(wf)} to ${jsonName(rf)}`, line);
    }
    const wt = wf.resolved;
    const rt = rf.resolved;
    if (!wt || !rt) return;
    this.compareResolved(wt, wf.mapKey, rt, rf.mapKey, path, line, rf.number);
    if (wf.mapKey !== undefined || rf.mapKey !== undefined) return;
    if (this.kind(wt, false) !== "SCALAR" || this.kind(rt, false) !== "SCALAR") return;
    const group = scalarGroup(rt);
    if (scalarGroup(wt) !== group) return;
    if (this.policy.label === "confluent") {
      // Confluent FieldSchemaDiff.compareScalarTypes: both labels written and different.
      if (wf.label === undefined || rf.label === undefined || wf.label === rf.label) return;
      // FIELD_STRING_OR_BYTES_LABEL_CHANGED is in Confluent's COMPATIBLE_CHANGES.
      if (group === "STRING_OR_BYTES") return;
      const required = wf.label === "required" || rf.label === "required";
      const rule = required ? "MESSAGE_SAME_REQUIRED_FIELDS" : "FIELD_WIRE_COMPATIBLE_CARDINALITY";
      const what = `${group === "STRING_OR_BYTES" ? "string/bytes" : "numeric"} field ${rf.name} (${rf.number}) changed label from ${wf.label} to ${rf.label}`;
      this.add(group === "STRING_OR_BYTES" ? "FIELD_STRING_OR_BYTES_LABEL_CHANGED" : "FIELD_NUMERIC_LABEL_CHANGED", rule, path, what, line);
      return;
    }
    const wRepeated = wf.label === "repeated";
    const rRepeated = rf.label === "repeated";
    if (wRepeated !== rRepeated && group !== "STRING_OR_BYTES") {
      this.add("FIELD_NUMERIC_LABEL_CHANGED", "FIELD_WIRE_COMPATIBLE_CARDINALITY", path, `numeric field ${rf.name} (${rf.number}) changed between repeated and singular`, line);
    }
  }

  private compareResolved(wt: ResolvedType, wKey: string | undefined, rt: ResolvedType, rKey: string | undefined, path: string, line: number | undefined, number: number): void {
    const wk = this.kind(wt, wKey !== undefined);
    const rk = this.kind(rt, rKey !== undefined);
    if (wk !== rk) {
      this.add("FIELD_KIND_CHANGED", "FIELD_SAME_TYPE", path, `field ${number} changed kind from ${wk.toLowerCase()} to ${rk.toLowerCase()}`, line);
      return;
    }
    if (wk === "MAP") {
      this.compareResolved({ kind: "scalar", name: wKey! }, undefined, { kind: "scalar", name: rKey! }, undefined, path, line, number);
      this.compareResolved(wt, undefined, rt, undefined, path, line, number);
      return;
    }
    if (wk === "SCALAR") {
      if (this.policy.fieldType === "exact" && typeLabel(wt) !== typeLabel(rt) && scalarGroup(wt) === scalarGroup(rt)) {
        this.add("FIELD_SCALAR_KIND_CHANGED", "FIELD_SAME_TYPE", path, `field ${number} changed type from ${typeLabel(wt)} to ${typeLabel(rt)}`, line);
      }
      if (scalarGroup(wt) !== scalarGroup(rt)) {
        this.add("FIELD_SCALAR_KIND_CHANGED", "FIELD_WIRE_COMPATIBLE_TYPE", path, `field ${number} changed type from ${typeLabel(wt)} to ${typeLabel(rt)}, which are not wire-compatible`, line);
      }
      return;
    }
    if (wt.kind !== "message" || rt.kind !== "message") return;
    const wEntry = this.writer.types.get(wt.fullName);
    const rEntry = this.reader.types.get(rt.fullName);
    const local = (full: string, pkg: string | undefined): string => (pkg && full.startsWith(pkg + ".") ? full.slice(pkg.length + 1) : full);
    const wLocal = local(wt.fullName, wEntry?.package);
    const rLocal = local(rt.fullName, rEntry?.package);
    if (wLocal !== rLocal || !wEntry || !rEntry) {
      this.add("FIELD_NAMED_TYPE_CHANGED", "FIELD_SAME_TYPE", path, `field ${number} changed type from ${wt.fullName} to ${rt.fullName}`, line);
      return;
    }
    this.pair(wEntry.node as ProtoMessage, rEntry.node as ProtoMessage, "/" + wLocal.split(".").map(pointerToken).join("/"), { path, line, number, typeName: rt.fullName });
  }
}

function typeLabel(t: ResolvedType): string {
  return t.kind === "scalar" ? t.name : t.fullName;
}
